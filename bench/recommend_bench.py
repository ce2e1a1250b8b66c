#!/usr/bin/env python3
"""Measure the recommender at scale: vectors, a for-you sort and like:ID.

The corpus is the shared make_corpus.py tool's (JSON Lines, made once into the temp
folder). In memory, over the papers: the time to build the vectors (the slow part,
done at import and kept in vectors.npz), to read them back from that file (what a
command or the app pays instead), then the median of --repeat runs of
``sort_papers(..., "for-you")`` over every paper with 20 starred and 50 read (the
model fitted and every paper ordered), ``similar`` (top 10) and a search for
``like:ID is:unread`` through the engine, vectors in memory: the app's figures.

``--cli`` also imports the corpus into a temporary library with ``paperdeck
import`` (which builds and keeps the vectors), stars 20 papers, and times cold
``paperdeck`` processes (median of --repeat): ``list --sort for-you --limit 10``,
``list like:ID is:unread --limit 10`` and ``similar ID``. A tool, not a test::

    .venv/bin/python bench/recommend_bench.py                 # 100k papers
    .venv/bin/python bench/recommend_bench.py --cli --repeat 3
    .venv/bin/python bench/recommend_bench.py --size 10000 --repeat 9
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from search_bench import corpus, load  # noqa: E402

from paperdeck import paths  # noqa: E402
from paperdeck.models import Paper, PaperState  # noqa: E402
from paperdeck.recommend import Recommender  # noqa: E402
from paperdeck.recommend.location import keep_vectors_in  # noqa: E402
from paperdeck.search import SearchIndex  # noqa: E402
from paperdeck.sorting import sort_papers  # noqa: E402


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def once(action: Callable[[], object]) -> float:
    return median_seconds(action, 1)


def in_memory(papers: list[Paper], folder: Path, repeat: int) -> None:
    states = {p.key: PaperState(p.key, starred=True) for p in papers[:2000:100]}
    states.update({p.key: PaperState(p.key, read=True) for p in papers[5000:5050]})
    target = folder / paths.VECTORS_FILE
    target.unlink(missing_ok=True)
    built = once(lambda: Recommender(papers, target).build())
    size = target.stat().st_size
    read = median_seconds(lambda: Recommender(papers, target).build(), repeat)
    vocabulary = len(Recommender(papers, target).build().vocabulary)
    print(f"{len(papers):,} papers, {vocabulary:,} terms, vectors.npz {size / 1e6:.0f} MB")
    print(f"  build vectors and save (import)  {built:8.2f} s")
    print(f"  read vectors.npz (stamp checked) {read:8.2f} s (median of {repeat})")
    keep_vectors_in(folder)
    sort_papers(papers, states, "for-you")  # the kept recommender's vectors read once
    sort = median_seconds(lambda: sort_papers(papers, states, "for-you"), repeat)
    print(f"  for-you sort, every paper        {sort * 1000:8.0f} ms")
    from paperdeck.recommend import recommender_for

    key = papers[len(papers) // 2].key
    similar = median_seconds(lambda: recommender_for(papers).similar(key, 10), repeat)
    print(f"  similar ID (top 10)              {similar * 1000:8.0f} ms")
    index = SearchIndex(papers, states)
    # A new query text each run, so that the engine's result cache does not answer.
    queries = iter(f"like:{p.key} is:unread" for p in papers[1000:])
    like = median_seconds(lambda: index.search(next(queries)), repeat)
    print(f"  like:ID is:unread (search)       {like * 1000:8.0f} ms")


def cold_cli(source: Path, papers: list[Paper], folder: Path, repeat: int) -> None:
    env = dict(os.environ, PAPERDECK_HOME=str(folder / "home"))
    env.pop("FORCE_COLOR", None)

    def paperdeck(*words: str) -> None:
        command = [sys.executable, "-m", "paperdeck", *words]
        subprocess.run(
            command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    imported = once(lambda: paperdeck("import", str(source)))
    print(f"  cold CLI: import (vectors built and kept)   {imported:8.1f} s")
    paperdeck("star", *[p.arxiv_id or p.key for p in papers[:2000:100]])
    key = papers[len(papers) // 2].arxiv_id or papers[len(papers) // 2].key
    for label, words in [
        ("list --sort for-you --limit 10", ["list", "--sort", "for-you", "--limit", "10"]),
        (
            "list like:ID is:unread --limit 10",
            ["list", f"like:{key}", "is:unread", "--limit", "10"],
        ),
        ("similar ID", ["similar", key]),
        ("list --limit 10 (no recommender)", ["list", "--limit", "10"]),
    ]:
        took = median_seconds(lambda words=words: paperdeck(*words), repeat)
        print(f"  cold CLI: {label:<34} {took:8.2f} s (median of {repeat})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cli", action="store_true", help="time cold paperdeck commands too")
    args = parser.parse_args()
    source = corpus(args.size, Path(tempfile.gettempdir()))
    papers = load(source)
    with tempfile.TemporaryDirectory() as folder:
        in_memory(papers, Path(folder), args.repeat)
        if args.cli:
            cold_cli(source, papers, Path(folder), args.repeat)


if __name__ == "__main__":
    main()
