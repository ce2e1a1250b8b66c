"""Importing a Kaggle arXiv snapshot: wall time and peak memory, measured, not asserted.

The snapshot is made from the shared ``make_corpus.py`` text (JSON Lines), rewritten
into the snapshot's layout (the key order of ``arxiv-metadata-oai-snapshot.json``,
wrapped titles, hard-wrapped abstracts, RFC 2822 version dates, ``authors_parsed``
with affiliations, space-separated categories from a fixed mix: about a third of
the records are in cs.LG). Each case is ``paperdeck import`` as a process in a fresh
data folder; its peak RSS is the child's own (measured by a small parent process).

- ``all``: the whole snapshot (streamed);
- ``cs.LG``: ``--category cs.LG`` (streamed; most lines passed over undecoded);
- ``as jsonl``: ``--format jsonl``, the ordinary JSON Lines reader, which reads the
  file whole: what importing the same file cost before the snapshot had a reader.

Run: ``python bench/snapshot_bench.py [--lines 100000] [--repeat 3]``. Prints medians.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAKE_CORPUS = ROOT.parent / "shared" / "tools" / "make_corpus.py"
CATEGORIES = ("cs.LG stat.ML", "cs.CL cs.LG", "cs.LG", "hep-th", "math.CO cs.CG",
              "astro-ph.GA", "cond-mat.str-el", "q-bio.NC", "physics.flu-dyn")  # fmt: skip
FIRST = ("Ada", "Bo", "Chen", "Dana", "Elif", "Farid", "Grace", "Hiro", "Ines", "Jonas")
LAST = ("Li", "Müller", "Okafor", "Pérez", "Quinn", "Rao", "Smith", "Tanaka", "Ueda", "Vogel")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# Runs one command and prints its exit status and its own peak RSS in kB (Linux).
MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,"
    " stderr=subprocess.DEVNULL).returncode\n"
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def snapshot_record(corpus: dict[str, object], rng: random.Random) -> dict[str, object]:
    year, month, day = str(corpus["published"]).split("-")
    names = [(rng.choice(LAST), rng.choice(FIRST)) for _ in range(int(str(corpus["authors"])))]
    title = "\n  ".join(textwrap.wrap(str(corpus["title"]), 70))
    parsed = [[last, first, ""] for last, first in names]
    # An affiliation for the first author only: real lines average about 1.5 kB.
    parsed[0].append("Some\n  University")
    return {
        "id": corpus["arxiv_id"],
        "submitter": f"{names[0][1]} {names[0][0]}",
        "authors": ", ".join(f"{first} {last}" for last, first in names),
        "title": title,
        "comments": None,
        "journal-ref": None,
        "doi": None,
        "report-no": None,
        "categories": rng.choice(CATEGORIES),
        "license": None,
        "abstract": "  " + "\n".join(textwrap.wrap(str(corpus["abstract"]), 78)) + "\n",
        "versions": [
            {
                "version": "v1",
                "created": f"{rng.choice(DAYS)}, {int(day)} {MONTHS[int(month) - 1]} {year} "
                "12:00:00 GMT",
            }
        ],
        "update_date": corpus["published"],
        "authors_parsed": parsed,
    }


def make_snapshot(lines: int, folder: Path) -> Path:
    path = folder / f"arxiv-metadata-oai-snapshot-{lines}.json"
    if path.exists():
        return path
    made = subprocess.run(
        [sys.executable, str(MAKE_CORPUS), str(lines), "--format", "jsonl"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    rng = random.Random(15)
    with path.open("w", encoding="utf-8") as out:
        for line in made.stdout.splitlines():
            out.write(json.dumps(snapshot_record(json.loads(line), rng), separators=(",", ":")))
            out.write("\n")
    return path


def measure(args: list[str], work: Path) -> tuple[float, int]:
    """One import in a fresh data folder: (wall seconds, peak RSS in MB)."""
    env = {**os.environ, "PAPERDECK_HOME": tempfile.mkdtemp(dir=work)}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, sys.executable, "-m", "paperdeck", "import", *args],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    code, rss_kb = done.stdout.split()
    if code not in ("0", "1"):
        sys.exit(f"bench: paperdeck import {' '.join(args)} exited {code}")
    return elapsed, int(rss_kb) // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, help="keep the snapshot and libraries here")
    args = parser.parse_args()
    if not MAKE_CORPUS.exists():
        sys.exit(f"bench: {MAKE_CORPUS} not found (the shared folder sits beside the repo)")
    work = args.work or Path(tempfile.mkdtemp(prefix="paperdeck-snapshot-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    snapshot = make_snapshot(args.lines, work)
    size_mb = snapshot.stat().st_size / 1e6
    cases = {
        # --max-size: the bench measures speed and memory, not the size limit.
        "all": ["--max-size", "2G", str(snapshot)],
        "cs.LG": ["--category", "cs.LG", str(snapshot)],
        "as jsonl": ["--format", "jsonl", "--max-size", "2G", str(snapshot)],
    }
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"snapshot: {args.lines:,} lines, {size_mb:.1f} MB; median of {args.repeat} runs")
    for name, case in cases.items():
        runs = [measure(case, work) for _ in range(args.repeat)]
        seconds = statistics.median(run[0] for run in runs)
        rss = statistics.median(run[1] for run in runs)
        print(
            f"{name:>9}: {seconds:6.2f} s, {args.lines / seconds:9,.0f} lines/s, "
            f"peak RSS {rss:,.0f} MB"
        )


if __name__ == "__main__":
    main()
