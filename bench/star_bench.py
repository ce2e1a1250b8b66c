"""A star in a library where every paper has a state: the cost of one triage write.

Builds (or reuses, with --work) a library of N papers from the shared
``make_corpus.py``, marks every paper read in one bulk step (so ``state.json``
holds N states and the journal a step of N keys), then times star toggles through
``Library.set_starred``, each a fresh process-local call as the app makes them:

- ``star_ms``: state.json unchanged on disk since this library last wrote it
  (the common case: nothing else wrote);
- ``star_after_outside_ms`` (``--outside``): another process starred a paper just
  before, so the write first reads what it appended to state.log under the lock;
- ``refresh_after_outside_ms`` (``--outside``): ``refresh()`` (what the app runs to
  follow other processes) just after another process starred a paper.

Each star is one record appended to state.log and fsynced before set_starred
returns (key → on disk); state.json is written whole only when the log is folded.

Run: ``python bench/star_bench.py [--papers 100000] [--stars 40] [--work DIR]``;
prints JSON (medians and p95 in ms, the size of state.json). Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from paperdeck.library import Library

ROOT = Path(__file__).resolve().parents[1]
MAKE_CORPUS = ROOT.parent / "shared" / "tools" / "make_corpus.py"


def build(papers: int, work: Path) -> Path:
    """A data folder with ``papers`` papers, all marked read (made once per size)."""
    home = work / f"home-{papers}"
    if (home / "state.json").exists():
        return home
    corpus = work / f"corpus-{papers}.txt"
    if not corpus.exists():
        with corpus.open("w", encoding="utf-8") as out:
            subprocess.run([sys.executable, str(MAKE_CORPUS), str(papers)], stdout=out, check=True)
    env = {**os.environ, "PAPERDECK_HOME": str(home)}
    command = [sys.executable, "-m", "paperdeck", "import", str(corpus)]
    subprocess.run(command, env=env, check=True, capture_output=True)
    library = Library.open(home, writable=True)
    library.set_read([paper.key for paper in library.papers], True)
    library.close()
    return home


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--stars", type=int, default=40)
    parser.add_argument("--work", type=Path, help="keep the corpus and library here")
    parser.add_argument(
        "--outside", action="store_true", help="also time stars after another process wrote"
    )
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="paperdeck-star-"))
    work.mkdir(parents=True, exist_ok=True)
    home = build(args.papers, work)
    library = Library.open(home, writable=True)
    keys = [paper.key for paper in library.papers]
    step = max(1, len(keys) // args.stars)
    chosen = keys[::step][: args.stars]
    timings: list[float] = []
    for key in chosen:
        for value in (True, False):
            start = time.perf_counter()
            library.set_starred([key], value)
            timings.append((time.perf_counter() - start) * 1000)
    figures: dict[str, float | int | str] = {
        "papers": len(keys),
        "states": len(library.states),
        "state_json_mb": round((home / "state.json").stat().st_size / 1e6, 1),
        "star_ms_p50": round(statistics.median(timings), 1),
        "star_ms_p95": round(percentile(timings, 0.95), 1),
    }
    library.close()
    if args.outside:
        figures.update(time_after_outside(home, chosen))
    print(json.dumps(figures))


def time_after_outside(home: Path, chosen: list[str]) -> dict[str, float]:
    """Stars by one library, each just after another library (standing in for another
    process: it has its own view of the files) starred a paper."""
    ours = Library.open(home, writable=True)
    theirs = Library.open(home, writable=True)
    timings: list[float] = []
    refreshes: list[float] = []
    for key in chosen[:10]:
        for value in (True, False):
            theirs.set_starred([chosen[-1]], value)
            start = time.perf_counter()
            ours.set_starred([key], value)
            timings.append((time.perf_counter() - start) * 1000)
            theirs.set_starred([chosen[-2]], value)
            start = time.perf_counter()
            ours.refresh()
            refreshes.append((time.perf_counter() - start) * 1000)
    ours.close()
    theirs.close()
    return {
        "star_after_outside_ms_p50": round(statistics.median(timings), 1),
        "star_after_outside_ms_p95": round(percentile(timings, 0.95), 1),
        "refresh_after_outside_ms_p50": round(statistics.median(refreshes), 1),
        "refresh_after_outside_ms_p95": round(percentile(refreshes, 0.95), 1),
    }


if __name__ == "__main__":
    main()
