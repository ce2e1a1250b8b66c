#!/usr/bin/env python3
"""Measure the recommender at scale: vectors, a for-you sort and like:ID.

The corpus is the shared make_corpus.py tool's (JSON Lines, made once into the temp
folder). Prints the time to build the vectors (once: the slow part, done in the
background by the app), then the median of --repeat runs of, with the vectors
built: ``sort_papers(..., "for-you")`` over every paper with 20 starred and 50 read
(the model fitted and every paper ordered), ``similar`` (top 10) and a search for
``like:ID is:unread`` through the engine. A tool, not a test::

    .venv/bin/python bench/recommend_bench.py                 # 100k papers
    .venv/bin/python bench/recommend_bench.py --size 10000 --repeat 9
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from search_bench import corpus, load  # noqa: E402

from paperdeck.models import PaperState  # noqa: E402
from paperdeck.recommend import recommender_for  # noqa: E402
from paperdeck.search import SearchIndex  # noqa: E402
from paperdeck.sorting import sort_papers  # noqa: E402


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    papers = load(corpus(args.size, Path(tempfile.gettempdir())))
    states = {p.key: PaperState(p.key, starred=True) for p in papers[:2000:100]}
    states.update({p.key: PaperState(p.key, read=True) for p in papers[5000:5050]})
    start = time.perf_counter()
    vectors = recommender_for(papers).build()
    built = time.perf_counter() - start
    print(f"{len(papers):,} papers, {len(vectors.vocabulary):,} terms")
    print(f"  build vectors (once)           {built:8.2f} s")
    sort = median_seconds(lambda: sort_papers(papers, states, "for-you"), args.repeat)
    print(f"  for-you sort, every paper      {sort * 1000:8.0f} ms (median of {args.repeat})")
    key = papers[len(papers) // 2].key
    similar = median_seconds(lambda: recommender_for(papers).similar(key, 10), args.repeat)
    print(f"  similar ID (top 10)            {similar * 1000:8.0f} ms")
    index = SearchIndex(papers, states)
    # A new query text each run, so that the engine's result cache does not answer.
    queries = iter(f"like:{p.key} is:unread" for p in papers[1000:])
    like = median_seconds(lambda: index.search(next(queries)), args.repeat)
    print(f"  like:ID is:unread (search)     {like * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
