"""paperdeck's benchmark: the numbers behind "fast", measured, not asserted.

For each corpus size it builds a library from a synthetic corpus (the shared
``make_corpus.py``, daily-page format) in a temporary data folder and measures:

- ``import_s``: ``paperdeck import`` of the whole file, as a process (median of runs);
- ``list_s``: ``paperdeck list QUERY`` as a whole process, cold start included;
- ``star_ms``: one star toggle through the library (state.json only), median and p95;
- ``open_s``: opening the library (loading the corpus into memory);
- ``tui_*``: the app itself, from ``tui_probe.py`` (its docstring says how): start-up
  to the first painted list, index ready, keystroke to updated list typing and
  deleting "diffusion model" (p50/p95), and ``s`` to the painted star (p50/p95);
  each the median over --repeat runs of the probe, each run a fresh process;
- ``peak_rss_mb``: the largest resident size of any of those processes.

Run: ``python bench/bench.py [--sizes 1000 10000 100000] [--repeat 3] [--json FILE]``.
It prints a table and, with --json, writes the figures. Not a test: shared machines
are noisy, so compare medians and ratios, not single runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MAKE_CORPUS = ROOT.parent / "shared" / "tools" / "make_corpus.py"
LIST_QUERY = ["diffusion", "model"]


def run_timed(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Run a command; return (wall seconds, peak RSS in MB of every child so far).

    The kernel only keeps the maximum over all waited-for children, so sizes run in
    increasing order and each size reports the peak up to and including itself.
    """
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024


def make_corpus(size: int, folder: Path) -> Path:
    """The synthetic corpus of ``size`` papers, made once and kept in ``folder``."""
    path = folder / f"corpus-{size}.txt"
    if not path.exists():
        with path.open("w", encoding="utf-8") as out:
            subprocess.run([sys.executable, str(MAKE_CORPUS), str(size)], stdout=out, check=True)
    return path


def bench_size(size: int, repeat: int, work: Path) -> dict[str, Any]:
    """All measurements for one corpus size."""
    corpus = make_corpus(size, work)
    paperdeck = [sys.executable, "-m", "paperdeck"]
    imports, rss = [], 0
    for _ in range(repeat):
        home = Path(tempfile.mkdtemp(dir=work))
        env = {**os.environ, "PAPERDECK_HOME": str(home)}
        seconds, peak = run_timed([*paperdeck, "import", str(corpus)], env)
        imports.append(seconds)
        rss = max(rss, peak)
    lists = []
    for _ in range(repeat):
        seconds, peak = run_timed([*paperdeck, "list", *LIST_QUERY], env)
        lists.append(seconds)
        rss = max(rss, peak)
    probe = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("library_probe.py")), str(home)],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    figures = json.loads(probe.stdout)
    # The app's figures are per run (15 keys make a p95); each is the median of
    # `repeat` runs, each run a fresh process.
    probe_tui = [sys.executable, str(Path(__file__).with_name("tui_probe.py")), str(home)]
    runs = [
        json.loads(subprocess.run(probe_tui, env=env, check=True, capture_output=True).stdout)
        for _ in range(repeat)
    ]
    tui = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
    tui["rss_mb"] = max(run["rss_mb"] for run in runs)
    return {
        "papers": size,
        "import_s": round(statistics.median(imports), 3),
        "list_s": round(statistics.median(lists), 3),
        "open_s": figures["open_s"],
        "star_ms_p50": figures["star_ms_p50"],
        "star_ms_p95": figures["star_ms_p95"],
        "tui_start_s": tui["startup_s"],
        "tui_warm_s": tui["warm_s"],
        "tui_type_ms": f"{tui['type_ms_p50']}/{tui['type_ms_p95']}",
        "tui_delete_ms": f"{tui['delete_ms_p50']}/{tui['delete_ms_p95']}",
        "tui_star_ms": f"{tui['star_ms_p50']}/{tui['star_ms_p95']}",
        "peak_rss_mb": max(rss, figures["rss_mb"], tui["rss_mb"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--work", type=Path, help="keep corpora and libraries here")
    args = parser.parse_args()
    if not MAKE_CORPUS.exists():
        sys.exit(f"bench: {MAKE_CORPUS} not found (the shared folder sits beside the repo)")
    work = args.work or Path(tempfile.mkdtemp(prefix="paperdeck-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = [bench_size(size, args.repeat, work) for size in sorted(args.sizes)]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    columns = list(rows[0])
    print(f"machine: {machine}")
    print(" | ".join(f"{c:>11}" for c in columns))
    for row in rows:
        print(" | ".join(f"{row[c]:>11}" for c in columns))
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "results": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
