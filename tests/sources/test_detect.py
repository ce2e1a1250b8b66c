"""detect_format: sniffing the format from the beginning of a text."""

from __future__ import annotations

import pytest

from factories import SOURCE_FIXTURES
from paperdeck.sources import detect_format, read_text
from paperdeck.sources.detect import HEAD_CHARS


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("abstracts_basic.txt", "abstracts"),
        ("abstracts_bad.txt", "abstracts"),
        ("abstracts_bom_crlf.txt", "abstracts"),
        ("viewer_basic.txt", "viewer"),
        ("viewer_truncated.txt", "viewer"),
        ("daily_page.txt", "daily"),
        ("daily_truncated.txt", "daily"),
        ("daily_bad_dates.txt", "daily"),
        ("daily_no_year.txt", "daily"),
        ("papers.jsonl", "jsonl"),
        ("papers.json", "json"),
        ("wrapped.json", "json"),
        ("broken.json", "json"),
        ("refs.bib", "bibtex"),
        ("prose.txt", None),
        ("table.csv", None),
    ],
)
def test_fixtures(name: str, expected: str | None) -> None:
    assert detect_format(read_text(SOURCE_FIXTURES / name)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("   \n\n", None),
        ("\ufeffAbstract:x", "abstracts"),
        ("\n\n  abstract : lower case and spaces\n", "abstracts"),
        ('{"title": "a"}\n{"title": "b"}\n', "jsonl"),
        ('{"title": "one line only"}', "jsonl"),
        ('{"papers": [{"title": "a"}]}', "json"),
        ('{\n  "papers": []\n}\n', "json"),
        ("  [\n]", "json"),
        # A JSON Lines file whose first record is broken is still JSON Lines.
        ('{"title": "broken\n{"title": "fine"}\n', "jsonl"),
        ("@article{key,\n title={x}}", "bibtex"),
        ("% comment\n%another\n\n@misc (key, title = {x})", "bibtex"),
        ("Some text\n@misc{key, title={x}}", None),
        ("arxiv_id\nstringlengths\n9\n12\n", "viewer"),
        ("arxiv_id\n2401.00001\nAn abstract.\n", "viewer"),
        ("2401.00001\nAn abstract.\n2401.00002v3\nAnother.\n", "viewer"),
        ("arxiv_id,title\n2401.00001,x\n", None),
        ("Daily Papers\n\nbyAK and the research community\n", "daily"),
        ("T\n\nA\n\n  • 2 authors\n·\nJun 26 1\n", "daily"),
        ("T\n\nA\n\nnvidia NVIDIA\n·\nSep 26, 2024\n", "daily"),
        ("T\n\nA\n\n  • 2 authors\n·\nsoon\n", None),
        ("new\n\nSubscribe\n", None),
        ("It was a bright cold day in April.\n", None),
        ("Abstracts are great.\nAbstract:x\n", None),
    ],
)
def test_snippets(text: str, expected: str | None) -> None:
    assert detect_format(text) == expected


def test_daily_pattern_far_down_is_not_searched() -> None:
    entry = "T\n\nA\n\n  • 2 authors\n·\nJun 26 1\n"
    assert detect_format("filler\n" * 150 + entry) == "daily"
    assert detect_format("filler\n" * 250 + entry) is None


def test_detection_reads_only_the_head() -> None:
    # A huge tail that is not even text of the format does not change the answer.
    head = "Abstract:An abstract.\n"
    assert detect_format(head + "x" * (HEAD_CHARS * 2)) == "abstracts"


def test_crlf_text() -> None:
    assert detect_format("T\r\n\r\nA\r\n\r\n  • 2 authors\r\n·\r\nJun 26 1\r\n") == "daily"
