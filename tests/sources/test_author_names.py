"""Author names (ordered) and categories from every import format that has them."""

from __future__ import annotations

import json

import pytest

from factories import SOURCE_FIXTURES
from paperdeck.models import Paper
from paperdeck.sources import bibtex, jsonl, load_file
from paperdeck.sources.bibtex_names import bibtex_names, display_name


def bib_paper(author: str) -> Paper:
    (entry,) = bibtex.parse(f"@misc{{k, title = {{T}}, author = {{{author}}}}}", "r.bib").entries
    return entry.paper


def json_paper(record: dict[str, object]) -> Paper:
    result = jsonl.parse(json.dumps({"title": "T", **record}) + "\n", "p.jsonl")
    assert result.problems == []
    (entry,) = result.entries
    return entry.paper


@pytest.mark.parametrize(
    ("author", "names", "count"),
    [
        ("Knuth, Donald E.", ("Donald E. Knuth",), 1),
        ("Donald E. Knuth and Leslie Lamport", ("Donald E. Knuth", "Leslie Lamport"), 2),
        (
            'M{\\"u}ller, J{\\"u}rgen and Schmidhuber, J\\"urgen',
            ("Jürgen Müller", "Jürgen Schmidhuber"),
            2,
        ),
        ("Jos\\'{e} Garc{\\'\\i}a", ("José García",), 1),
        ("{Google DeepMind} and Smith, Ann", ("Google DeepMind", "Ann Smith"), 2),
        ("{Barnes and Noble} and Smith", ("Barnes and Noble", "Smith"), 2),
        ("A and B and C and others", ("A", "B", "C"), 4),
        ("King, Jr, Martin Luther", ("Martin Luther King Jr",), 1),
        ("van Beethoven, Ludwig and D.~E. Knuth", ("Ludwig van Beethoven", "D. E. Knuth"), 2),
        ("Ca{\\~n}ete, Ana and {\\O}stergaard, Jan", ("Ana Cañete", "Jan Østergaard"), 2),
        ("Anderson,\n   Sandy  and\n Bloggs, Joe", ("Sandy Anderson", "Joe Bloggs"), 2),
    ],
)
def test_bibtex_author_fields_give_names_in_order(
    author: str, names: tuple[str, ...], count: int
) -> None:
    paper = bib_paper(author)
    assert paper.author_names == names
    assert paper.authors == count
    assert bibtex_names(author) == (names, count)


def test_display_name_keeps_a_braced_comma_inside_the_name() -> None:
    assert display_name("{Acme, Inc.}") == "Acme, Inc."
    assert display_name("Doe, {Jane, Mary}") == "Jane, Mary Doe"


def test_the_bibtex_fixture_keeps_its_names() -> None:
    result = load_file(SOURCE_FIXTURES / "refs.bib")
    attention = next(e.paper for e in result.entries if e.paper.arxiv_id == "1706.03762")
    assert len(attention.author_names) == attention.authors == 4
    assert all(name and "{" not in name and "\\" not in name for name in attention.author_names)


@pytest.mark.parametrize(
    ("authors", "names"),
    [
        (["Ada Lovelace", "Alan Turing"], ("Ada Lovelace", "Alan Turing")),
        (["Lovelace, Ada", "Acme, Inc.", "King, Jr."], ("Ada Lovelace", "Acme, Inc.", "King, Jr.")),
        (
            [{"name": "Yann LeCun", "_id": "x"}, {"name": "Léon Bottou"}],
            ("Yann LeCun", "Léon Bottou"),
        ),
        ([{"given": "Ada", "family": "Lovelace"}], ("Ada Lovelace",)),
        ("A, B and C", ("A", "B", "C")),
        ("A; B & C", ("A", "B", "C")),
        ("Doe, Jane and Roe, Richard", ("Jane Doe", "Richard Roe")),
        ("Ada Lovelace", ("Ada Lovelace",)),
        ("12 authors", ()),
        (7, ()),
        ([], ()),
    ],
)
def test_json_authors_give_names(authors: object, names: tuple[str, ...]) -> None:
    assert json_paper({"authors": authors}).author_names == names


def test_json_author_names_win_over_authors_and_keep_the_count() -> None:
    paper = json_paper({"authors": 5, "author_names": ["A B", "C D"]})
    assert (paper.authors, paper.author_names) == (5, ("A B", "C D"))
    # Names alone give their count.
    assert json_paper({"author_names": ["A B", "C D"]}).authors == 2


@pytest.mark.parametrize(
    ("record", "categories"),
    [
        ({"categories": "cs.LG stat.ML"}, ("cs.LG", "stat.ML")),
        ({"categories": ["hep-th", "gr-qc"]}, ("hep-th", "gr-qc")),
        ({"categories": "stat.ML cs.LG", "primary_category": "cs.LG"}, ("cs.LG", "stat.ML")),
        ({}, ()),
    ],
)
def test_json_categories(record: dict[str, object], categories: tuple[str, ...]) -> None:
    assert json_paper(record).categories == categories


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"author_names": "A B"}, 'author_names must be a list of names, not "A B"'),
        ({"author_names": [1]}, "author_names must be a list of names, not a list"),
        (
            {"categories": 5},
            "categories must be a list or a space-separated string, not the number 5",
        ),
    ],
)
def test_json_names_and_categories_of_the_wrong_type_are_problems(
    record: dict[str, object], reason: str
) -> None:
    result = jsonl.parse(json.dumps({"title": "T", **record}) + "\n", "p.jsonl")
    assert result.entries == []
    assert [problem.reason for problem in result.problems] == [reason]


def test_a_json_document_keeps_names_too() -> None:
    text = json.dumps(
        {"papers": [{"title": "T", "authors": ["Ada Lovelace"], "categories": "cs.AI"}]}
    )
    (entry,) = jsonl.parse(text, "p.json").entries
    assert entry.paper.author_names == ("Ada Lovelace",) and entry.paper.categories == ("cs.AI",)


def test_the_daily_page_keeps_its_count_and_organisation_and_has_no_names() -> None:
    result = load_file(SOURCE_FIXTURES / "daily_page.txt")
    assert result.entries
    assert all(entry.paper.author_names == () for entry in result.entries)
    assert any(entry.paper.authors for entry in result.entries)
    assert any(entry.paper.org for entry in result.entries)
