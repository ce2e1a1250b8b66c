"""paperdeck's benchmark: the numbers behind "fast", measured, not asserted.

For each corpus size it builds a library from a synthetic corpus (the shared
``make_corpus.py``, daily-page format) in a temporary data folder and measures:

- ``import_s`` / ``import_rss_mb``: ``paperdeck import`` of the whole file, as a
  process: median wall time of the runs, largest resident size of that process;
- ``list_s``: ``paperdeck list QUERY`` as a whole process, cold start included;
- ``star_ms``: one star toggle through the library (key → on disk), median and p95;
- ``open_s``: opening the library (loading the corpus into memory);
- ``tui_*``: the app itself, from ``tui_probe.py`` (its docstring says how): start-up
  to the first painted list, index ready, keystroke to updated list over every key of
  typing and deleting "diffusion model" (p50/p95; ``tui_paced_key_ms`` the same keys at a
  typist's pace, p50/p95), and ``s`` to the painted star;
  each the median over --repeat runs of the probe, each run a fresh process;
- ``app_rss_mb``: the largest resident size of the app process alone;
- ``cobib_ratio``: with ``--cobib`` (or ``cobib`` on PATH), how many times faster
  ``paperdeck list`` is than ``cobib search`` on the same papers (``cobib_compare.py``);
  it is run for sizes up to 10,000 only (coBib's import of more takes too long).

Then a table of issue 18's targets (``targets.py``): each target, the figure, met or not.

Run: ``python bench/bench.py [--sizes 1000 10000 100000] [--million] [--repeat 3]
[--cobib PATH] [--json FILE] [--work DIR]``. ``--million`` adds 1,000,000 papers (it
takes many minutes and a 1 GB corpus). Not a test: shared machines are noisy, so
compare medians and ratios, not single runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from targets import MILLION, TARGETS, TEN_THOUSAND, THOUSAND

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
MAKE_CORPUS = ROOT.parent / "shared" / "tools" / "make_corpus.py"
LIST_QUERY = ["diffusion", "model"]
COBIB_LARGEST = TEN_THOUSAND
# The import refuses files over 200 MB unless told; a million papers is about 1.2 GB.
IMPORT_FLAGS = ["--max-size", "10G"]


def run_measured(args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Run a command; return (wall seconds, peak RSS in MB of that process, its stdout).

    ``wait4`` gives the resource use of that one child, so each figure is the process's
    own peak, not the largest of every process run so far.
    """
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(args, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if child.returncode:
            message = (err.read().decode(errors="replace").strip().splitlines() or ["?"])[-1]
            raise SystemExit(f"bench: {' '.join(args[1:4])} failed: {message}")
        return elapsed, usage.ru_maxrss // 1024, out.read().decode()


def make_corpus(size: int, folder: Path) -> Path:
    """The synthetic corpus of ``size`` papers, made once and kept in ``folder``."""
    path = folder / f"corpus-{size}.txt"
    if not path.exists():
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as out:
            subprocess.run([sys.executable, str(MAKE_CORPUS), str(size)], stdout=out, check=True)
        partial.replace(path)
    return path


def bench_app(home: Path, env: dict[str, str], repeat: int) -> dict[str, Any]:
    """The app's figures: the median of ``repeat`` fresh probe processes."""
    probe = [sys.executable, str(HERE / "tui_probe.py"), str(home)]
    runs = []
    for _ in range(repeat):
        _, rss, out = run_measured(probe, env)
        runs.append(json.loads(out) | {"rss_mb": rss})
    tui = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
    return {
        "tui_start_s": tui["startup_s"],
        "tui_warm_s": tui["warm_s"],
        "tui_key_ms_p50": tui["key_ms_p50"],
        "tui_key_ms_p95": tui["key_ms_p95"],
        "tui_paced_key_ms": f"{tui['paced_key_ms_p50']}/{tui['paced_key_ms_p95']}",
        "tui_type_ms": f"{tui['type_ms_p50']}/{tui['type_ms_p95']}",
        "tui_delete_ms": f"{tui['delete_ms_p50']}/{tui['delete_ms_p95']}",
        "tui_star_ms": f"{tui['star_ms_p50']}/{tui['star_ms_p95']}",
        "app_rss_mb": max(run["rss_mb"] for run in runs),
    }


def bench_size(size: int, repeat: int, work: Path, cobib: str | None) -> dict[str, Any]:
    """All measurements for one corpus size."""
    corpus = make_corpus(size, work)
    paperdeck = [sys.executable, "-m", "paperdeck"]
    imports, import_rss = [], 0
    # One import of a million is minutes; its median of one is honest, and said so.
    for _ in range(1 if size >= MILLION else repeat):
        home = Path(tempfile.mkdtemp(dir=work))
        env = {**os.environ, "PAPERDECK_HOME": str(home)}
        seconds, rss, _ = run_measured([*paperdeck, "import", *IMPORT_FLAGS, str(corpus)], env)
        imports.append(seconds)
        import_rss = max(import_rss, rss)
    lists, list_rss = [], 0
    for _ in range(repeat):
        seconds, rss, _ = run_measured([*paperdeck, "list", *LIST_QUERY], env)
        lists.append(seconds)
        list_rss = max(list_rss, rss)
    library_probe = [sys.executable, str(HERE / "library_probe.py"), str(home)]
    _, open_rss, out = run_measured(library_probe, env)
    figures = json.loads(out)
    row: dict[str, Any] = {
        "papers": size,
        "import_s": round(statistics.median(imports), 3),
        "import_rss_mb": import_rss,
        "list_s": round(statistics.median(lists), 3),
        "list_rss_mb": list_rss,
        "open_s": figures["open_s"],
        "open_rss_mb": open_rss,
        "star_ms_p50": figures["star_ms_p50"],
        "star_ms_p95": figures["star_ms_p95"],
    }
    row |= bench_app(home, env, repeat)
    if cobib and size <= COBIB_LARGEST:
        compare = [sys.executable, str(HERE / "cobib_compare.py"), str(home), cobib]
        _, _, out = run_measured([*compare, "--work", str(work / f"cobib-{size}")], env)
        row |= json.loads(out)
    return row


def derived(rows: list[dict[str, Any]]) -> None:
    """Figures computed across sizes: keystroke p95 against the 1k figure."""
    smallest = next((row for row in rows if row["papers"] == THOUSAND), None)
    if smallest is None or not smallest["tui_key_ms_p95"]:
        return
    for row in rows:
        row["key_p95_vs_1k"] = round(row["tui_key_ms_p95"] / smallest["tui_key_ms_p95"], 2)


def targets_table(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per target: what it asks, what was measured, whether it is met."""
    by_size = {row["papers"]: row for row in rows}
    table = []
    for target in TARGETS:
        measured = by_size.get(target.size, {}).get(target.figure)
        if measured is None:
            verdict = "not measured"
        else:
            verdict = "met" if target.met(measured) else "NOT met"
        table.append(
            {
                "target": f"{target.size:,}: {target.label}",
                "bound": target.describe(),
                "measured": measured,
                "verdict": verdict,
            }
        )
    return table


def print_tables(machine: str, rows: list[dict[str, Any]], table: list[dict[str, Any]]) -> None:
    print(f"machine: {machine}")
    # One line per figure, one column per size: rows stay readable as figures grow.
    names = list(dict.fromkeys(name for row in rows for name in row if name != "papers"))
    width = max(map(len, names))
    print(f"{'papers':<{width}} | " + " | ".join(f"{row['papers']:>12,}" for row in rows))
    for name in names:
        print(f"{name:<{width}} | " + " | ".join(f"{row.get(name, '-')!s:>12}" for row in rows))
    print()
    width = max(len(line["target"]) for line in table)
    print(f"{'target':<{width}} | {'bound':>8} | {'measured':>9} | verdict")
    for line in table:
        measured = "-" if line["measured"] is None else f"{line['measured']:g}"
        print(f"{line['target']:<{width}} | {line['bound']:>8} | {measured:>9} | {line['verdict']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--million", action="store_true", help="add 1,000,000 papers (slow)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cobib", help="coBib's executable (default: `cobib` on PATH, if any)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--work", type=Path, help="keep corpora and libraries here")
    args = parser.parse_args()
    if not MAKE_CORPUS.exists():
        sys.exit(f"bench: {MAKE_CORPUS} not found (the shared folder sits beside the repo)")
    if args.repeat < 1:
        sys.exit("bench: --repeat must be at least 1")
    cobib = args.cobib or shutil.which("cobib")
    if args.cobib and not shutil.which(args.cobib):
        sys.exit(f"bench: coBib not found at {args.cobib}")
    work = args.work or Path(tempfile.mkdtemp(prefix="paperdeck-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    sizes = sorted(set(args.sizes) | ({MILLION} if args.million else set()))
    rows = [bench_size(size, args.repeat, work, cobib) for size in sizes]
    derived(rows)
    table = targets_table(rows)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print_tables(machine, rows, table)
    if args.json:
        result = {"machine": machine, "results": rows, "targets": table}
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
