"""The JSON Lines / JSON importer."""

from __future__ import annotations

import json

import pytest

from factories import SOURCE_FIXTURES
from paperdeck.models import PaperState, Problem
from paperdeck.sources import jsonl, load_file


def fixture(name: str) -> str:
    return (SOURCE_FIXTURES / name).read_text(encoding="utf-8")


def one(record: dict[str, object]) -> tuple[list[object], list[str]]:
    """Parse one record; return (the entry's paper and state, the problems' reasons)."""
    result = jsonl.parse(json.dumps(record) + "\n", "p.jsonl")
    entries: list[object] = [(e.paper, e.state) for e in result.entries]
    return entries, [problem.reason for problem in result.problems]


def test_json_lines_fixture_entries() -> None:
    result = load_file(SOURCE_FIXTURES / "papers.jsonl")
    by_line = {entry.line: entry for entry in result.entries}
    assert sorted(by_line) == [1, 3, 4, 5, 6, 7]

    samba = by_line[1].paper
    assert samba.key == samba.arxiv_id == "2406.07522"
    assert samba.title == "Samba: Simple Hybrid State Space Models"
    assert (samba.published, samba.authors, samba.upvotes) == ("2024-06-11", 5, 12)
    assert samba.sources == ("papers.jsonl",)
    assert by_line[1].state is None

    kv = by_line[3].paper
    assert kv.arxiv_id == "2310.01801"  # from "id"
    assert kv.abstract == "Adaptive KV cache compression. It saves memory."  # from "summary"
    assert kv.title == "Adaptive KV cache compression"
    assert kv.title_derived
    assert (kv.published, kv.authors, kv.org) == ("2023-10-03", 3, "Microsoft")

    partial = by_line[4].paper
    assert (partial.published, partial.date_hint, partial.authors) == (None, "2024-06", 2)

    year_only = by_line[5].paper
    assert (year_only.date_hint, year_only.authors, year_only.arxiv_id) == (
        "2023",
        3,
        "2301.00001",
    )

    triage = by_line[6]
    assert triage.state == PaperState(
        key=triage.paper.key,
        starred=True,
        read=False,
        tags=("todo", "deep-learning"),
        note="read later",
        starred_at="2025-01-02T03:04:05Z",
    )

    comma = by_line[7]
    assert comma.paper.arxiv_id == "2401.00002"  # "arXiv:" prefix on eprint; "id" is not arXiv
    assert comma.state is not None
    assert comma.state.tags == ("rl", "agents")
    assert comma.state.key == "2401.00002"


def test_json_lines_fixture_problems() -> None:
    result = jsonl.parse(fixture("papers.jsonl"), "p.jsonl")
    assert result.problems == [
        Problem("p.jsonl", 8, "line is not valid JSON (Expecting value at column 1)"),
        Problem("p.jsonl", 9, "expected a JSON object for a paper, found an array"),
        Problem("p.jsonl", 10, "record has neither a title nor an abstract"),
        Problem("p.jsonl", 11, 'upvotes must be a whole number, not "many"'),
        Problem(
            "p.jsonl",
            12,
            'published "yesterday" is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)',
        ),
        Problem("p.jsonl", 13, "tags must be strings, not the number 1"),
        Problem("p.jsonl", 14, 'arxiv_id "not-an-id" is not an arXiv id'),
        Problem("p.jsonl", 15, 'starred must be true or false, not "yes"'),
        Problem("p.jsonl", 16, "title must be a string, not the number 5"),
    ]


def test_json_array_lines_point_at_each_element() -> None:
    result = jsonl.parse(fixture("papers.json"), "p.json")
    assert [(e.line, e.paper.title) for e in result.entries] == [
        (2, "First"),
        (7, "Second"),
        (9, "Third has no title"),
    ]
    assert result.entries[0].paper.arxiv_id == "2402.00003"  # from the arXiv DOI
    assert result.entries[1].paper.upvotes == 3
    assert result.problems == [
        Problem("p.json", 8, "expected a JSON object for a paper, found a string")
    ]


def test_json_object_with_a_list_of_papers() -> None:
    result = jsonl.parse(fixture("wrapped.json"), "w.json")
    assert result.problems == []
    assert [(e.line, e.paper.title, e.paper.published) for e in result.entries] == [
        (4, "Wrapped One", "2024-02-29"),
        (5, "Wrapped Two", None),
    ]
    assert result.entries[1].state is not None


@pytest.mark.parametrize("key", ["papers", "items", "data"])
def test_every_wrapper_key(key: str) -> None:
    text = json.dumps({key: [{"title": "A"}, {"title": "B"}]})
    assert [e.paper.title for e in jsonl.parse(text, "w.json").entries] == ["A", "B"]


def test_single_paper_object_document() -> None:
    text = '{\n  "title": "Alone",\n  "abstract": "Just one."\n}\n'
    result = jsonl.parse(text, "one.json")
    assert [(e.line, e.paper.title) for e in result.entries] == [(1, "Alone")]


def test_broken_document_keeps_what_came_before() -> None:
    result = jsonl.parse(fixture("broken.json"), "b.json")
    assert [(e.line, e.paper.title) for e in result.entries] == [(2, "Kept")]
    assert result.problems == [
        Problem(
            "b.json", 3, "invalid JSON (Expecting ',' delimiter); the rest of the file was not read"
        )
    ]


@pytest.mark.parametrize(
    ("text", "entries", "line", "reason"),
    [
        ("[\n", 0, 2, "invalid JSON (Expecting value); the rest of the file was not read"),
        ('[{"title": "a"}] x', 1, 1, "invalid JSON (extra data after the end of the document)"),
        ('{"papers": [{"title": "a"}], 3: 4}', 1, 1, "expected a property name in double quotes"),
        ('{"papers": [{"title": "a"}] "x"}', 1, 1, "invalid JSON (expected '}', found '\"')"),
        ("[]", 0, 1, "the JSON list holds no papers"),
        ('{\n"items": [\n]}', 0, 3, "the JSON list holds no papers"),
    ],
)
def test_bad_documents(text: str, entries: int, line: int, reason: str) -> None:
    result = jsonl.parse(text, "b.json")
    assert len(result.entries) == entries
    assert len(result.problems) == 1
    assert result.problems[0].line == line
    assert reason in result.problems[0].reason


def test_crlf_and_bom() -> None:
    text = '\ufeff{"title": "A"}\r\n\r\n{"title": "B"}\r\n'
    assert [(e.line, e.paper.title) for e in jsonl.parse(text, "x").entries] == [(1, "A"), (3, "B")]


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    text = '{"title": "ok"}\n' + "[" * 100_000 + "]" * 100_000 + "\n"
    result = jsonl.parse(text, "deep.jsonl")
    assert len(result.entries) == 1
    assert [problem.line for problem in result.problems] == [2]
    deep_document = "[" * 100_000
    assert jsonl.parse(deep_document, "deep.json").problems


@pytest.mark.parametrize(
    ("record", "published", "date_hint"),
    [
        ({"published": "2024-06-11"}, "2024-06-11", None),
        ({"published": "2024-06-11T23:59:59+05:30"}, "2024-06-11", None),
        ({"published": "2024-06-11 08:00"}, "2024-06-11", None),
        ({"date": "2024-06-11T08:00:00.123Z"}, "2024-06-11", None),
        ({"date": "2024/6/1"}, "2024-06-01", None),
        ({"published": "2024-06"}, None, "2024-06"),
        ({"published": "2024"}, None, "2024"),
        ({"published": 2024}, None, "2024"),
        ({"published": "", "date": "2023-01-02"}, "2023-01-02", None),
        ({"published": None}, None, None),
        ({"date_hint": "2024-05"}, None, "2024-05"),
    ],
)
def test_dates(record: dict[str, object], published: str | None, date_hint: str | None) -> None:
    entries, problems = one({"title": "T", **record})
    assert problems == []
    paper = entries[0][0]  # type: ignore[index]
    assert (paper.published, paper.date_hint) == (published, date_hint)


@pytest.mark.parametrize("value", ["2024-13-01", "2023-02-29", "June 2024", True, [2024], 0])
def test_bad_dates(value: object) -> None:
    entries, problems = one({"title": "T", "published": value})
    assert entries == []
    assert problems[0].startswith("published ")


@pytest.mark.parametrize(
    ("value", "count"),
    [
        (7, 7),
        (["A", "B"], 2),
        ([], 0),
        ("A and B", 2),
        ("A, B", 2),
        ("A, B, and C", 3),
        ("A; B & C", 3),
        ("Doe, Jane and Roe, Richard", 2),
        ("Ada Lovelace", 1),
        ("12", 12),
        ("12 authors", 12),
        ("", None),
        (None, None),
    ],
)
def test_author_counts(value: object, count: int | None) -> None:
    entries, problems = one({"title": "T", "authors": value})
    assert problems == []
    assert entries[0][0].authors == count  # type: ignore[index]


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"authors": -1}, "authors must be a whole number, not the number -1"),
        ({"authors": {"n": 2}}, "authors must be a whole number, not an object"),
        ({"upvotes": 2.5}, "upvotes must be a whole number, not the number 2.5"),
        ({"upvotes": True}, "upvotes must be a whole number, not true/false"),
        ({"abstract": ["a"]}, "abstract must be a string, not a list"),
        ({"org": 3}, "org must be a string, not the number 3"),
        ({"note": 1}, "note must be a string, not the number 1"),
        ({"tags": 3}, "tags must be a list or a comma-separated string, not the number 3"),
        ({"read": "no"}, 'read must be true or false, not "no"'),
        ({"read_at": 5}, "read_at must be a string, not the number 5"),
        ({"eprint": "x"}, 'eprint "x" is not an arXiv id'),
        ({"arxiv_id": 2406.09415}, "arxiv_id must be a string, not the number 2406.09415"),
    ],
)
def test_wrong_field_types(record: dict[str, object], reason: str) -> None:
    entries, problems = one({"title": "T", **record})
    assert entries == []
    assert problems == [reason]


def test_numbers_as_strings_and_floats_are_accepted_for_counts() -> None:
    entries, problems = one({"title": "T", "upvotes": "42", "authors": 3.0})
    assert problems == []
    paper = entries[0][0]  # type: ignore[index]
    assert (paper.upvotes, paper.authors) == (42, 3)


@pytest.mark.parametrize(
    ("record", "arxiv_id"),
    [
        ({"arxiv_id": "2406.07522v3"}, "2406.07522"),
        ({"arxiv": "arXiv:2406.07522"}, "2406.07522"),
        ({"id": "hep-th/9901001"}, "hep-th/9901001"),
        ({"id": 12345}, None),
        ({"id": "W123"}, None),
        ({"url": "https://arxiv.org/pdf/2406.07522v2.pdf"}, "2406.07522"),
        ({"url": "https://example.org/paper"}, None),
        ({"doi": "https://doi.org/10.48550/arXiv.2406.07522"}, "2406.07522"),
        ({"doi": "10.1145/12345"}, None),
        ({"arxiv_id": "", "id": "2406.07522"}, "2406.07522"),
    ],
)
def test_arxiv_id_sources(record: dict[str, object], arxiv_id: str | None) -> None:
    entries, problems = one({"title": "T", **record})
    assert problems == []
    assert entries[0][0].arxiv_id == arxiv_id  # type: ignore[index]


def test_state_only_when_a_state_field_is_set() -> None:
    entries, _ = one({"title": "T", "starred": None, "tags": None})
    assert entries[0][1] is None  # type: ignore[index]
    entries, _ = one({"title": "T", "read": True, "read_at": "2025-01-01T00:00:00Z"})
    state = entries[0][1]  # type: ignore[index]
    assert (state.read, state.read_at, state.starred, state.tags, state.note) == (
        True,
        "2025-01-01T00:00:00Z",
        False,
        (),
        "",
    )


def test_paperdeck_export_round_trip_fields() -> None:
    record = {
        "key": "ignored",
        "title": "Exported",
        "abstract": "An exported paper.",
        "arxiv_id": "2401.00001",
        "published": "2024-01-02",
        "authors": 3,
        "org": None,
        "upvotes": 0,
        "starred": True,
        "read": True,
        "tags": ["a", "b c"],
        "note": "## Notes\nmultiline",
        "starred_at": "2025-01-01T00:00:00+00:00",
        "read_at": "2025-01-02T00:00:00+00:00",
        "updated_at": "2025-01-02T00:00:00+00:00",
    }
    entries, problems = one(record)
    assert problems == []
    paper, state = entries[0]  # type: ignore[misc]
    assert paper.key == "2401.00001"
    assert paper.upvotes == 0
    assert state == PaperState(
        key="2401.00001",
        starred=True,
        read=True,
        tags=("a", "b-c"),
        note="## Notes\nmultiline",
        starred_at="2025-01-01T00:00:00+00:00",
        read_at="2025-01-02T00:00:00+00:00",
        updated_at="2025-01-02T00:00:00+00:00",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}\n{"b": 2}', "jsonl"),
        ('{"papers": [{"title": "x"}]}', "json"),
        ('{"papers": [{"title": "x"}]}\n{"title": "y"}', "jsonl"),
        ("{\n", "json"),
        ('{"papers": [\n{"title": "x"}\n]}', "json"),
        ("  [", "json"),
        ("x", None),
    ],
)
def test_flavour(text: str, expected: str | None) -> None:
    assert jsonl.flavour(text) == expected
