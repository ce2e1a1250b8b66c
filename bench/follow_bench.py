"""What following the library costs the app: ``Library.refresh()`` as the app's
0.5 s timer calls it (tui/screens/following.py).

On a library of N papers where every paper has a state (built as
``star_bench.py`` builds it, from the shared ``make_corpus.py``):

- ``refresh_idle_us``: refresh() when nothing changed on disk (the app's every
  tick, nearly always): one stat per file;
- ``refresh_after_star_ms``: refresh() just after another writer starred a paper
  (a second Library on the same folder, as another process would): state.json
  is re-read and the changed states found.

Run: ``python bench/follow_bench.py [--papers 10000] [--work DIR]``; prints JSON
(medians, p95). Not a test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from star_bench import build

from paperdeck.library import Library


def _p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1] if len(values) >= 20 else max(values)


def measure(home: Path, idle_calls: int, outside_stars: int) -> dict[str, float | int]:
    app = Library.open(home, writable=True)
    other = Library.open(home, writable=True)
    app.refresh()
    idle = []
    for _ in range(idle_calls):
        started = time.perf_counter()
        change = app.refresh()
        idle.append((time.perf_counter() - started) * 1e6)
        assert change.empty
    after = []
    keys = [paper.key for paper in other.papers[:outside_stars]]
    for key in keys:
        other.set_starred([key], not other.state(key).starred)
        started = time.perf_counter()
        change = app.refresh()
        after.append((time.perf_counter() - started) * 1e3)
        assert key in change.state_keys
    return {
        "papers": len(app.papers),
        "states": len(app.states),
        "refresh_idle_us": round(statistics.median(idle), 1),
        "refresh_idle_p95_us": round(_p95(idle), 1),
        "refresh_after_star_ms": round(statistics.median(after), 1),
        "refresh_after_star_p95_ms": round(_p95(after), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--idle", type=int, default=2000, help="idle refresh() calls")
    parser.add_argument("--stars", type=int, default=20, help="outside stars")
    parser.add_argument("--work", type=Path, help="keep the corpora and libraries here")
    args = parser.parse_args()
    if args.work is not None:
        args.work.mkdir(parents=True, exist_ok=True)
        home = build(args.papers, args.work)
        print(json.dumps(measure(home, args.idle, args.stars)))
        return
    with tempfile.TemporaryDirectory() as work:
        home = build(args.papers, Path(work))
        print(json.dumps(measure(home, args.idle, args.stars)))


if __name__ == "__main__":
    main()
