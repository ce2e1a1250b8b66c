#!/usr/bin/env python3
"""Measure paperdeck.sorting: each sort, both ways, over every paper of a corpus.

The corpus is the shared make_corpus.py tool's (JSON Lines, made once into the temp
folder); a few hundred papers get a title the person gave, as a library would have.
Prints the median of --repeat runs per sort and direction. A tool, not a test:

    .venv/bin/python bench/sort_bench.py                 # 100k papers
    .venv/bin/python bench/sort_bench.py --size 10000 --repeat 9
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from search_bench import corpus, load  # noqa: E402

from paperdeck.models import PaperState  # noqa: E402
from paperdeck.sorting import SORTS, sort_positions  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    loaded = load(corpus(args.size, Path(tempfile.gettempdir())))
    # Five imports added the papers, as in a library built over a few weeks.
    papers = [
        p.with_changes(added=f"2025-01-0{1 + i * 5 // len(loaded)}T00:00:00+00:00")
        for i, p in enumerate(loaded)
    ]
    # A title the person gave to one paper in 200 (the title sort reads the states).
    states = {p.key: PaperState(p.key, title=f"My title {i}") for i, p in enumerate(papers[::200])}
    positions = list(range(len(papers)))
    print(f"{len(papers):,} papers, median of {args.repeat} runs")
    for sort in SORTS:
        for reverse in (False, True):
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                sort_positions(positions, papers, states, sort, reverse=reverse)
                times.append(time.perf_counter() - start)
            label = f"{sort}{' reversed' if reverse else ''}"
            print(f"  {label:<20} {statistics.median(times) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
