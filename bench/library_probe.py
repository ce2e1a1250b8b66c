"""Measured inside one process for bench.py: opening a library and starring papers.

Usage: ``python bench/library_probe.py DATA_FOLDER``; prints JSON.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path

from paperdeck.library import Library

STARS = 40


def main() -> None:
    home = Path(sys.argv[1])
    start = time.perf_counter()
    library = Library.open(home, writable=True)
    opened = time.perf_counter() - start
    timings = []
    step = max(1, len(library.papers) // STARS)
    for paper in library.papers[::step][:STARS]:
        for value in (True, False):
            start = time.perf_counter()
            library.set_starred([paper.key], value)
            timings.append((time.perf_counter() - start) * 1000)
    library.close()
    timings.sort()
    print(
        json.dumps(
            {
                "open_s": round(opened, 3),
                "star_ms_p50": round(statistics.median(timings), 2),
                "star_ms_p95": round(timings[int(len(timings) * 0.95) - 1], 2),
                "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
