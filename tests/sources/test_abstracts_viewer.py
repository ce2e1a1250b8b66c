"""The abstracts and dataset-viewer importers."""

from __future__ import annotations

from factories import SOURCE_FIXTURES
from paperdeck.models import Paper, Problem
from paperdeck.sources import abstracts, load_file, viewer


def fixture(name: str) -> str:
    return (SOURCE_FIXTURES / name).read_text(encoding="utf-8")


# --- abstracts -------------------------------------------------------------------------


def test_abstracts_basic() -> None:
    result = abstracts.parse(fixture("abstracts_basic.txt"), "a.txt")
    assert result.problems == []
    assert [entry.line for entry in result.entries] == [1, 3, 4]
    first, second, last = (entry.paper for entry in result.entries)
    assert first.abstract == "We study sparse attention for long documents. It is fast."
    assert first.title == "We study sparse attention for long documents"
    assert first.title_derived
    assert first.arxiv_id is None
    assert first.sources == ("a.txt",)
    # The space after "Abstract:" is not part of the abstract.
    assert second.abstract.startswith("A space after the colon")
    # The last line has no newline after it.
    assert last.abstract.endswith("Routing is learned.")


def test_abstracts_entry_matches_paper_create() -> None:
    result = abstracts.parse("Abstract:  Some  text. More.\n", "a.txt")
    assert result.entries[0].paper == Paper.create(abstract="Some text. More.", sources=("a.txt",))
    assert result.entries[0].state is None


def test_abstracts_bad_lines_are_problems() -> None:
    result = abstracts.parse(fixture("abstracts_bad.txt"), "bad.txt")
    assert [entry.line for entry in result.entries] == [1, 5]
    assert result.problems == [
        Problem(
            "bad.txt",
            2,
            'line does not start with "Abstract:": "This line lost its prefix and is skipped."',
        ),
        Problem("bad.txt", 3, "the abstract is empty"),
        Problem("bad.txt", 4, "the abstract is empty"),
    ]


def test_abstracts_bom_and_crlf() -> None:
    result = load_file(SOURCE_FIXTURES / "abstracts_bom_crlf.txt")
    assert result.problems == []
    assert [entry.line for entry in result.entries] == [1, 3, 4, 5]
    assert result.entries[0].paper.abstract == ("A BOM starts this file. Lines end in CRLF.")
    # parse() gets the same answer from the raw text, BOM and CR included.
    raw = (SOURCE_FIXTURES / "abstracts_bom_crlf.txt").read_bytes().decode("utf-8")
    assert [entry.line for entry in abstracts.parse(raw, "x").entries] == [1, 3, 4, 5]


def test_abstracts_prefix_is_case_insensitive_and_may_be_indented() -> None:
    result = abstracts.parse("  ABSTRACT :Shouting. Still fine.\n", "a.txt")
    assert result.entries[0].paper.abstract == "Shouting. Still fine."


# --- viewer ----------------------------------------------------------------------------


def test_viewer_basic() -> None:
    result = viewer.parse(fixture("viewer_basic.txt"), "v.txt")
    assert result.problems == []
    assert [(entry.line, entry.paper.key) for entry in result.entries] == [
        (9, "2406.09415"),
        (11, "2406.07522"),
        (13, "hep-th/9901001"),
    ]
    paper = result.entries[1].paper
    assert paper.arxiv_id == "2406.07522"  # "v1" dropped
    assert paper.abstract == "Efficiently modeling sequences with infinite context length."
    assert paper.title_derived
    assert paper.sources == ("v.txt",)


def test_viewer_truncated_dump() -> None:
    result = viewer.parse(fixture("viewer_truncated.txt"), "v.txt")
    assert [(entry.line, entry.paper.key) for entry in result.entries] == [
        (9, "2401.00001"),
        (12, "2401.00003"),
        (14, "2401.00004"),
    ]
    assert result.problems == [
        Problem("v.txt", 11, "arXiv id 2401.00002 has no abstract after it"),
        Problem("v.txt", 16, "arXiv id 2401.00005 has no abstract after it (the file ends here)"),
    ]


def test_viewer_tolerates_other_header_numbers_and_blank_lines() -> None:
    text = "arxiv_id\nstringlengths\n10\n16\n\nabstract\nstringlengths\n1.2k\n2.5M\n\n"
    text += "2401.00001\n\nAn abstract.\n"
    result = viewer.parse(text, "v.txt")
    assert result.problems == []
    assert [(entry.line, entry.paper.abstract) for entry in result.entries] == [
        (11, "An abstract.")
    ]


def test_viewer_resynchronises_on_the_next_id() -> None:
    text = "arxiv_id\n2401.00001\nFirst abstract.\nA second line of the abstract.\n"
    text += "Another stray line.\n2401.00002\nSecond abstract.\n"
    result = viewer.parse(text, "v.txt")
    assert [entry.paper.key for entry in result.entries] == ["2401.00001", "2401.00002"]
    assert [problem.line for problem in result.problems] == [4, 5]
    assert result.problems[0].reason == (
        'expected an arXiv id, found "A second line of the abstract."'
    )


def test_viewer_without_header() -> None:
    result = viewer.parse("2401.00001\nOne.\n2401.00002v2\nTwo.\n", "v.txt")
    assert [(entry.line, entry.paper.key) for entry in result.entries] == [
        (1, "2401.00001"),
        (3, "2401.00002"),
    ]
