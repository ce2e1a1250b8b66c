#!/usr/bin/env python3
"""Measure search quality on the seed corpora: known items, typos and topics.

Imports every seed corpus (``../shared/seeds`` of the repository) into a temporary
library, runs each case of a cases file (default ``../shared/eval/search_queries.json``)
through the same code as ``paperdeck list`` and prints, per case and in total:

- known: the rank of the paper the person has in mind (1 = first, "-" = not listed)
  and how many papers were listed; totals: the share ranked first, the median listed;
- typo: the same for misspelt queries; total: the share with the paper in the top 3;
- topic: precision and recall against the relevant set (every paper whose title or
  abstract matches the case's regex, case-insensitive) and top-10 precision (the
  share of relevant papers among the first ten listed, or among all listed when
  fewer); totals: their means.

A tool, not a test::

    .venv/bin/python bench/search_quality.py
    .venv/bin/python bench/search_quality.py --cases my_cases.json --json
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from paperdeck.cli import run_query  # noqa: E402
from paperdeck.library import Library  # noqa: E402
from paperdeck.sources import load_file  # noqa: E402

SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CASES = SHARED / "eval" / "search_queries.json"


def open_seed_library(home: Path) -> Library:
    """A writable library in home holding every seed corpus."""
    library = Library.open(home, writable=True)
    for path in sorted(SEEDS.glob("*.txt")):
        parsed = load_file(path)
        library.import_entries([path.name], parsed.entries, parsed.problems)
    return library


def rank_of(keys: list[str], key: str) -> int | None:
    """1-based rank of key in keys, None when absent."""
    return keys.index(key) + 1 if key in keys else None


def evaluate(library: Library, cases: dict[str, Any]) -> dict[str, Any]:
    """Per-case figures and totals for every kind of case in the file."""
    report: dict[str, Any] = {}
    for kind in ("known", "typo"):
        rows = []
        for case in cases.get(kind, []):
            keys = [paper.key for paper in run_query(library, [case["q"]])]
            rows.append({"q": case["q"], "rank": rank_of(keys, case["id"]), "listed": len(keys)})
        report[kind] = rows
    topics = []
    for case in cases.get("topic", []):
        pattern = re.compile(case["relevant"], re.IGNORECASE)
        relevant = {
            paper.key
            for paper in library.papers
            if pattern.search(paper.title) or pattern.search(paper.abstract)
        }
        keys = [paper.key for paper in run_query(library, [case["q"]])]
        hits = len(relevant.intersection(keys))
        top = keys[:10]
        topics.append(
            {
                "q": case["q"],
                "listed": len(keys),
                "relevant": len(relevant),
                "precision": hits / len(keys) if keys else 0.0,
                "recall": hits / len(relevant) if relevant else 1.0,
                "top10": len(relevant.intersection(top)) / len(top) if top else 0.0,
            }
        )
    report["topic"] = topics
    report["totals"] = totals(report)
    return report


def totals(report: dict[str, Any]) -> dict[str, float | None]:
    known, typo, topic = report["known"], report["typo"], report["topic"]

    def mean(values: list[float]) -> float | None:
        return statistics.fmean(values) if values else None

    return {
        "known_first": mean([row["rank"] == 1 for row in known]),
        "known_median_listed": statistics.median(r["listed"] for r in known) if known else None,
        "typo_top3": mean([row["rank"] is not None and row["rank"] <= 3 for row in typo]),
        "topic_precision": mean([row["precision"] for row in topic]),
        "topic_recall": mean([row["recall"] for row in topic]),
        "topic_top10": mean([row["top10"] for row in topic]),
    }


def show(report: dict[str, Any]) -> None:
    for kind in ("known", "typo"):
        print(f"{kind}:")
        for row in report[kind]:
            rank = "-" if row["rank"] is None else row["rank"]
            print(f"  {row['q']!r:28} rank {rank!s:>4}  listed {row['listed']:>4}")
    print("topic:")
    for row in report["topic"]:
        print(
            f"  {row['q']!r:28} listed {row['listed']:>4}  relevant {row['relevant']:>4}  "
            f"precision {row['precision']:.2f}  recall {row['recall']:.2f}  "
            f"top-10 {row['top10']:.2f}"
        )
    print("totals:")
    for name, value in report["totals"].items():
        print(f"  {name:22} {'-' if value is None else format(value, '.2f')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=Path, default=CASES, help="cases file (JSON)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if not SEEDS.is_dir():
        sys.exit(f"search_quality: no seed corpora in {SEEDS}")
    try:
        cases = json.loads(args.cases.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        sys.exit(f"search_quality: cannot read the cases file {args.cases}: {error}")
    with tempfile.TemporaryDirectory() as home:
        library = open_seed_library(Path(home))
        try:
            report = evaluate(library, cases)
        finally:
            library.close()
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        show(report)


if __name__ == "__main__":
    main()
