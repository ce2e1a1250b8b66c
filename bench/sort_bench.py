#!/usr/bin/env python3
"""Measure paperdeck.sorting: each sort, both ways, over every paper of a corpus.

The corpus is the shared make_corpus.py tool's (JSON Lines, made once into the temp
folder); a few hundred papers get a title the person gave, as a library would have.
Prints the median of --repeat runs per sort and direction, for sort_positions and
for SortRanks (its first use per sort, which makes the ranks, then ordering every
paper and a tenth of them with ranks made). A tool, not a test:

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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from search_bench import corpus, load  # noqa: E402

from paperdeck.models import PaperState  # noqa: E402
from paperdeck.sorting import SORTS, SortRanks, sort_positions  # noqa: E402


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
    print("  sort                 sort_positions   SortRanks: first, then all, then 1/10")
    for sort in SORTS:
        for reverse in (False, True):
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                sort_positions(positions, papers, states, sort, reverse=reverse)
                times.append(time.perf_counter() - start)
            label = f"{sort}{' reversed' if reverse else ''}"
            ranked = _ranked_times(papers, states, positions, sort, reverse, args.repeat)
            print(
                f"  {label:<20} {statistics.median(times) * 1000:7.1f} ms   ranks: first "
                + "   ".join(f"{t * 1000:6.1f} ms" for t in ranked)
            )


def _ranked_times(
    papers: list[Any], states: dict[str, Any], positions: list[int], sort: str, reverse: bool,
    repeat: int,
) -> tuple[float, float, float]:  # fmt: skip
    """Medians: SortRanks' first order (making the ranks), then all, then a tenth."""
    first, every, tenth = [], [], []
    some = positions[::10]
    for _ in range(repeat):
        ranks = SortRanks(papers, states)
        start = time.perf_counter()
        ranks.order(positions, sort, reverse=reverse)
        first.append(time.perf_counter() - start)
        start = time.perf_counter()
        ranks.order(positions, sort, reverse=reverse)
        every.append(time.perf_counter() - start)
        start = time.perf_counter()
        ranks.order(some, sort, reverse=reverse)
        tenth.append(time.perf_counter() - start)
    return statistics.median(first), statistics.median(every), statistics.median(tenth)


if __name__ == "__main__":
    main()
