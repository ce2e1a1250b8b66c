"""Limits on imported fields: the record over one is a problem naming file, line,
field and limit; the rest of the file is imported."""

from __future__ import annotations

import json

import pytest

from paperdeck.sources import parse_text


def _jsonl(*records: dict[str, object]) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


GOOD = {"title": "A good paper", "abstract": "Fine."}


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"title": "t" * 2_001}, "title is 2,001 characters, over the limit of 2,000"),
        (
            {"title": "x", "abstract": "a" * 100_001},
            "abstract is 100,001 characters, over the limit of 100,000",
        ),
        ({"title": "x", "note": "n" * 1_000_001}, "note is 1,000,001 bytes, over the limit"),
        ({"title": "x", "tags": ["t" * 101]}, "a tag is 101 characters, over the limit of 100"),
        (
            {"title": "x", "tags": [f"t{i}" for i in range(101)]},
            "101 tags, over the limit of 100 tags a paper",
        ),
    ],
)
def test_a_field_over_its_limit_skips_that_record_only(
    record: dict[str, object], reason: str
) -> None:
    result = parse_text(_jsonl(GOOD, record, {"title": "Another good one"}), "p.jsonl")
    assert [entry.paper.title for entry in result.entries] == ["A good paper", "Another good one"]
    (problem,) = result.problems
    assert str(problem).startswith(f"p.jsonl:2: {reason}")


def test_fields_at_their_limits_are_imported() -> None:
    record = {
        "title": "t" * 2_000,
        "abstract": "a" * 100_000,
        "note": "é" * 500_000,  # 1,000,000 bytes
        "tags": [f"{i:03d}" + "t" * 97 for i in range(100)],
    }
    result = parse_text(_jsonl(record), "p.jsonl")
    assert result.problems == []
    (entry,) = result.entries
    assert entry.state is not None and len(entry.state.tags) == 100


def test_bibtex_title_limit_names_the_line() -> None:
    text = "@misc{a, title={ok}}\n\n@misc{b, title={" + "t" * 3_000 + "}}\n"
    result = parse_text(text, "p.bib")
    assert [entry.paper.title for entry in result.entries] == ["ok"]
    assert str(result.problems[0]).startswith("p.bib:3: title is 3,000 characters")
