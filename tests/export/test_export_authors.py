"""Author names and categories through every export, judged by the programs that read
them: pybtex (strict) and bibtexparser for BibTeX, markdown-it for Markdown, and
paperdeck's own importers for the round trips."""

from __future__ import annotations

import json
from pathlib import Path

import pybtex.errors
import pytest
from pybtex.database import parse_string

from output_checks import bibtexparser_fields, html_problems, pybtex_keys
from paperdeck.cli import EXIT_OK, main
from paperdeck.export import render_bibtex, render_jsonl, render_markdown
from paperdeck.export.bibtex import bibtex_name
from paperdeck.models import Paper, PaperState
from paperdeck.sources import parse_text

NAMES = (
    "Donald E. Knuth",
    "Ludwig van Beethoven",
    "Martin Luther King Jr.",
    "Jürgen Schmidhuber",
    "Juan de la Cruz",
    "OpenAI",
    "Barnes and Noble",
    "Acme, Inc.",
    "others",
    "Ann {Brace} O'Hara",
    "100% Back\\slash & _ # $ ~ ^ Team",
    "李飞飞",
)


def item(
    names: tuple[str, ...], *, authors: int | None = None, number: int = 1
) -> tuple[Paper, PaperState]:
    paper = Paper.create(
        title=f"Paper {number}",
        abstract=f"Abstract number {number}.",
        arxiv_id=f"2401.{number:05d}",
        authors=authors,
        author_names=names,
        categories=("cs.LG", "stat.ML"),
    )
    return paper, PaperState(paper.key)


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Donald E. Knuth", "Knuth, Donald E."),
        ("Ludwig van Beethoven", "van Beethoven, Ludwig"),
        ("Martin Luther King Jr.", "King, Jr., Martin Luther"),
        ("Juan de la Cruz", "de la Cruz, Juan"),
        ("OpenAI", "{OpenAI}"),
        ("Barnes and Noble", "{Barnes and Noble}"),
        ("Acme, Inc.", "{Acme, Inc.}"),
        ("others", "{others}"),
        ("50% & Co", "Co, 50\\% \\&"),
    ],
)
def test_bibtex_names_are_written_last_first(name: str, written: str) -> None:
    assert bibtex_name(name) == written


def test_bibtex_authors_are_strict_bibtex_and_read_back_exactly() -> None:
    items = [item(NAMES), item(("Ada Lovelace", "Alan Turing"), authors=14, number=2)]
    text = render_bibtex(items)
    assert len(pybtex_keys(text)) == 2
    first, second = bibtexparser_fields(text)
    assert second["author"] == "Lovelace, Ada and Turing, Alan and others"
    assert first["author"].startswith("Knuth, Donald E. and van Beethoven, Ludwig and ")
    back = parse_text(text, "back.bib")
    assert [entry.paper.author_names for entry in back.entries] == [
        NAMES,
        ("Ada Lovelace", "Alan Turing"),
    ]
    # "and others" keeps the list open: one more than the names, never fewer.
    assert back.entries[1].paper.authors == 3


def test_pybtex_reads_the_name_parts_as_bibtex_does() -> None:
    text = render_bibtex(
        [item(("Ludwig van Beethoven", "Martin Luther King Jr.", "Barnes and Noble"))]
    )
    pybtex.errors.set_strict_mode(True)
    try:
        (entry,) = parse_string(text, "bibtex").entries.values()
    finally:
        pybtex.errors.set_strict_mode(False)
    beethoven, king, shop = entry.persons["author"]
    assert (beethoven.first_names, beethoven.prelast_names, beethoven.last_names) == (
        ["Ludwig"],
        ["van"],
        ["Beethoven"],
    )
    assert (king.first_names, king.middle_names, king.last_names, king.lineage_names) == (
        ["Martin"],
        ["Luther"],
        ["King"],
        ["Jr."],
    )
    assert shop.last_names == ["{Barnes and Noble}"] and shop.first_names == []


def test_a_paper_without_names_has_no_author_field() -> None:
    paper = Paper.create(title="T", abstract="A.", authors=5)
    (fields,) = bibtexparser_fields(render_bibtex([(paper, PaperState(paper.key))]))
    assert "author" not in fields


@pytest.mark.parametrize(
    ("names", "authors", "shown"),
    [
        (("Ada Lovelace",), None, "Ada Lovelace"),
        (("A B", "C D"), None, "A B and C D"),
        (("A B", "C D", "E F"), None, "A B, C D and E F"),
        (("A B", "C D", "E F", "G H"), None, "A B, C D, E F et al."),
        (("A B", "C D"), 9, "A B, C D et al."),
    ],
)
def test_markdown_shows_the_first_names_then_et_al(
    names: tuple[str, ...], authors: int | None, shown: str
) -> None:
    text = render_markdown([item(names, authors=authors)])
    assert f"- 2024-01 · {shown}\n" in text


def test_markdown_names_are_escaped_for_a_renderer() -> None:
    hostile = ("<script>alert(1)</script> *Bold*", "[link](https://evil.example)", "# Heading")
    text = render_markdown([item(hostile)])
    assert html_problems(text) == []
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(text)
    assert (
        "<script>" not in rendered
        and "<strong>" not in rendered
        and 'evil.example"' not in rendered
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *Bold*" in rendered


def test_json_lines_round_trip_names_and_categories_through_an_empty_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    items = [item(NAMES), item(("Ada Lovelace",), authors=3, number=2), item((), number=3)]
    source = tmp_path / "papers.jsonl"
    source.write_text(render_jsonl(items), encoding="utf-8")
    assert main(["import", str(source)]) == EXIT_OK
    exported = tmp_path / "out.jsonl"
    assert main(["export", "--all", "--format", "json", "-o", str(exported)]) == EXIT_OK
    monkeypatch.setenv("PAPERDECK_HOME", str(tmp_path / "second-home"))
    assert main(["import", str(exported)]) == EXIT_OK
    capsys.readouterr()
    assert main(["list", "--json", "--sort", "title"]) == EXIT_OK
    listed = json.loads(capsys.readouterr().out)
    got = {p["id"]: (p["author_names"], p["categories"], p["authors"]) for p in listed}
    assert got == {
        paper.key: (list(paper.author_names), list(paper.categories), paper.authors)
        for paper, _ in items
    }
