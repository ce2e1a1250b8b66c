#!/usr/bin/env python3
"""Measure the search engine: index build, then keystroke latency while typing a query.

For each corpus size this builds a SearchIndex over a synthetic corpus (the shared
make_corpus.py tool, JSON Lines), warms it as the TUI would, then types QUERY one
character at a time and deletes it again, timing every search. The sequence runs
--repeat times on a fresh index each time; the script prints the median and p95 of
each keystroke and of groups of them, the build and warm times, the cold time of a
first query on a fresh index (the CLI case) and the index's memory. A tool, not a
test:

    .venv/bin/python bench/search_bench.py                 # 1k, 10k, 100k
    .venv/bin/python bench/search_bench.py --sizes 10000 --repeat 9 --query "gpt model"
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from paperdeck.models import Paper, PaperState  # noqa: E402
from paperdeck.search import QueryError, SearchIndex, parse_query  # noqa: E402

MAKE_CORPUS = ROOT.parent / "shared" / "tools" / "make_corpus.py"


def corpus(size: int, folder: Path) -> Path:
    """The JSON Lines corpus of a size, generated once into folder."""
    path = folder / f"paperdeck-corpus-{size}.jsonl"
    if not path.exists():
        with path.open("w") as out:
            cmd = [sys.executable, str(MAKE_CORPUS), str(size), "--format", "jsonl"]
            subprocess.run(cmd, stdout=out, check=True)
    return path


def load(path: Path) -> list[Paper]:
    papers = []
    with path.open() as lines:
        for line in lines:
            row = json.loads(line)
            papers.append(
                Paper.create(
                    title=row["title"],
                    abstract=row["abstract"],
                    arxiv_id=row["arxiv_id"],
                    published=row["published"],
                    authors=row["authors"],
                    upvotes=row["upvotes"],
                    sources=(path.name,),
                )
            )
    return papers


def keystrokes(query: str) -> list[tuple[str, str]]:
    """(label, text) for typing query, then deleting it back to an empty box."""
    typed = [query[:i] for i in range(1, len(query) + 1)]
    deleted = [*typed[-2::-1], ""]
    return [("type", t) for t in typed] + [("delete", t) for t in deleted]


def is_query(text: str) -> bool:
    """True when the text parses as a query (the app searches only then)."""
    try:
        parse_query(text)
    except QueryError:
        return False
    return True


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def some_states(papers: list[Paper]) -> dict[str, PaperState]:
    """A few starred and tagged papers, as a person's library would have."""
    return {
        p.key: PaperState(p.key, starred=i % 7 == 0, tags=("todo",) if i % 11 == 0 else ())
        for i, p in enumerate(papers[:: max(1, len(papers) // 500)])
    }


def bench(size: int, folder: Path, query: str, repeat: int) -> None:
    papers = load(corpus(size, folder))
    states = some_states(papers)
    print(f"\n== {size:,} papers, query {query!r}, {repeat} runs")
    ms = 1000.0
    # Cold: a fresh index answering its first query pays for the lazy parts (what
    # `paperdeck list QUERY` does).
    cold: list[float] = []
    first = query.split()[0] if is_query(query.split()[0]) else query
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        SearchIndex(papers, states).search(first)
        cold.append(time.perf_counter() - start)
    builds: list[float] = []
    warms: list[float] = []
    steps = keystrokes(query)
    # A prefix that is no query yet ('"diffusion' before its closing quote) costs no
    # search: the app shows the error and keeps the last result. It is skipped here.
    searched = [is_query(text) for _, text in steps]
    times: list[list[float]] = [[] for _ in steps]
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        index = SearchIndex(papers, states)
        builds.append(time.perf_counter() - start)
        start = time.perf_counter()
        index.warm()  # as the TUI does in a worker at start
        warms.append(time.perf_counter() - start)
        for n, (_, text) in enumerate(steps):
            if not searched[n]:
                continue
            start = time.perf_counter()
            index.search(text)
            times[n].append(time.perf_counter() - start)
        del index
    print(f"index build: median {statistics.median(builds) * ms:.1f} ms")
    print(f"warm (normalised text and word index): median {statistics.median(warms) * ms:.1f} ms")
    print(f"cold: build + first query {first!r}: median {statistics.median(cold) * ms:.1f} ms")
    print(f"{'':8}{'query':<20}{'median ms':>10}{'p95 ms':>10}")
    for (label, text), took in zip(steps, times, strict=True):
        if not took:
            print(f"{label:8}{text!r:<20}{'not a query yet':>20}")
            continue
        median, p95 = statistics.median(took) * ms, percentile(took, 0.95) * ms
        print(f"{label:8}{text!r:<20}{median:10.2f}{p95:10.2f}")
    groups = {
        "typing, first key": times[:1],
        "typing, later keys": times[1 : len(query)],
        "deleting": times[len(query) :],
        "all keys": times,
    }
    for name, group in groups.items():
        flat = [t for took in group for t in took]
        if not flat:
            print(f"{name}: no searches")
            continue
        print(
            f"{name}: median {statistics.median(flat) * ms:.2f} ms, "
            f"p95 {percentile(flat, 0.95) * ms:.2f} ms, max {max(flat) * ms:.2f} ms"
        )
    # The process's peak so far: corpus, papers and the indexes of the runs above
    # (one size per process gives a clean figure; the peak only grows).
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    print(f"process peak RSS after the timed runs: {peak_rss:.0f} MB")
    # Memory of the index alone (tracemalloc slows everything, so a separate run).
    gc.collect()
    tracemalloc.start()
    index = SearchIndex(papers, states)
    index.warm()  # the word index is part of what a TUI session holds
    for (_, text), wanted in zip(steps, searched, strict=True):
        if wanted:
            index.search(text)
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"index memory after the run: {current / 2**20:.0f} MB (peak {peak / 2**20:.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--query", default="diffusion model")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--corpus-dir", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    for size in args.sizes:
        bench(size, args.corpus_dir, args.query, args.repeat)


if __name__ == "__main__":
    main()
