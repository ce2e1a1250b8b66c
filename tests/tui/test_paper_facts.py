"""The facts under a paper's title in the Abstract pane and the reader: names, counts,
categories."""

from __future__ import annotations

from paperdeck.models import Paper, PaperState
from paperdeck.tui.screens.reader import render_paper
from paperdeck.tui.widgets.abstract_view import paper_facts, render_details

NAMES = tuple(f"Author{n} Surname{n}" for n in range(1, 13))


def named(names: tuple[str, ...], authors: int | None = None) -> Paper:
    return Paper.create(
        title="T",
        abstract="A.",
        arxiv_id="2401.00001",
        published="2024-01-02",
        authors=authors,
        author_names=names,
        categories=("cs.LG", "stat.ML"),
        upvotes=3,
    )


def test_the_pane_shows_three_names_then_et_al_with_the_count() -> None:
    assert paper_facts(named(NAMES)) == [
        "2401.00001",
        "2024-01-02",
        "Author1 Surname1, Author2 Surname2, Author3 Surname3 et al. (12 authors)",
        "cs.LG stat.ML",
        "▲ 3",
    ]
    assert paper_facts(named(NAMES[:2]))[2] == "Author1 Surname1 and Author2 Surname2"


def test_the_reader_names_ten() -> None:
    facts = paper_facts(named(NAMES), labelled=True)
    assert facts[2] == ", ".join(NAMES[:10]) + " et al. (12 authors)"
    assert facts[-1] == "▲ 3 upvotes"
    assert ", ".join(NAMES[:10]) in render_paper(named(NAMES), PaperState("2401.00001"), None).plain


def test_a_count_without_names_stays_a_count_and_names_are_neutralised() -> None:
    paper = Paper.create(title="T", abstract="A.", authors=14)
    assert paper_facts(paper) == [paper.key, "no date", "14 authors"]
    hostile = named(("Eve \x1b[31mRed",)).with_changes(author_names=("Eve \x1b[31mRed",))
    text = render_details(hostile, PaperState(hostile.key), None).plain
    assert "\x1b" not in text and "Eve [31mRed" in text
