"""Lines in the layout of the Kaggle arXiv metadata snapshot, for the tests.

The layout (key order, nulls, wrapped titles, hard-wrapped abstracts starting with two
spaces, RFC 2822 version dates, ``authors_parsed`` with affiliations) copies the
shared sample ``formats/kaggle_snapshot.jsonl``; the values are made up.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

CATEGORY_CYCLE = (
    "cs.LG stat.ML",
    "cs.CL cs.LG",
    "hep-th",
    "math.CO cs.CG",
    "astro-ph.GA",
    "physics.flu-dyn cs.LG",
    "q-bio.NC",
)
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def snapshot_record(index: int, **changes: Any) -> dict[str, Any]:
    """Record ``index`` of a made-up snapshot: a distinct id, title and abstract."""
    month = index % 12 + 1
    abstract = (
        f"We study problem number {index} and show that method {index} solves it. "
        f"Our bound $O(n^{{{index % 7}}})$ improves on earlier work by a factor of {index + 2}."
    )
    record: dict[str, Any] = {
        "id": f"21{month:02d}.{index:05d}",
        "submitter": f"Ada Person{index}",
        "authors": f"Ada Person{index} (Somewhere Univ.), Bo Li and C. D\\'iaz",
        "title": f"Study {index} of Things\n  in Several Parts",
        "comments": None if index % 2 else "10 pages",
        "journal-ref": None,
        "doi": None if index % 3 else f"10.1000/xyz.{index}",
        "report-no": None,
        "categories": CATEGORY_CYCLE[index % len(CATEGORY_CYCLE)],
        "license": None,
        "abstract": "  " + "\n".join(textwrap.wrap(abstract, 78)) + "\n",
        "versions": [
            {
                "version": "v1",
                "created": f"{DAYS[index % 7]}, {index % 28 + 1} Mar 2021 10:00:00 GMT",
            },
            {"version": "v2", "created": "Fri, 1 Oct 2021 09:15:40 GMT"},
        ],
        "update_date": "2021-10-02",
        "authors_parsed": [
            [f"Person{index}", "Ada", "", "Somewhere\n  Univ."],
            ["Li", "Bo", ""],
            ["D\u00edaz", "C.", ""],
        ],
    }
    record.update(changes)
    return record


def snapshot_line(record: dict[str, Any]) -> str:
    # The snapshot escapes non-ASCII as \uXXXX, as json.dumps does by default.
    return json.dumps(record, separators=(",", ":"))


def write_snapshot(path: Path, count: int, *extra_lines: str) -> Path:
    """A snapshot of ``count`` made-up records, then ``extra_lines`` as they are."""
    with path.open("w", encoding="utf-8") as out:
        for index in range(count):
            out.write(snapshot_line(snapshot_record(index)) + "\n")
        for line in extra_lines:
            out.write(line + "\n")
    return path
