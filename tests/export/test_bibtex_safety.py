"""The BibTeX export is BibTeX that BibTeX reads: balanced braces in every field,
specials escaped, no field that ends its entry early. One entry per paper."""

from __future__ import annotations

import pytest

from factories import SEEDS
from output_checks import bibtexparser_fields, pybtex_keys
from paperdeck.export import render_bibtex
from paperdeck.models import Paper, PaperState
from paperdeck.sources import load_file, parse_text

HOSTILE_TITLES = [
    "A lone { brace",
    "A lone } brace",
    '} } @misc(pwned, url = "https://evil.example")',
    "}}}}} ,, @article{x, title={y}}",
    r"Back\slash \{ \} \\ % & # _ $ ~ ^ @ \" \end{document}",
    '"Quoted" and {{balanced}} and }{ reversed',
]


def _items(titles: list[str]) -> list[tuple[Paper, PaperState]]:
    items = []
    for number, title in enumerate(titles):
        paper = Paper.create(
            title=title,
            abstract=f"Abstract {number} with {{ and }} and %.",
            arxiv_id=f"2401.{number:05d}",
            published="2024-01-02",
        )
        state = PaperState(key=paper.key, tags=("a}b", "{c"), note="note } with { braces")
        items.append((paper, state))
    return items


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_a_hostile_title_gives_one_readable_entry(title: str) -> None:
    text = render_bibtex(_items([title]))
    assert len(pybtex_keys(text)) == 1
    (fields,) = bibtexparser_fields(text)
    assert "url" in fields and "pwned" not in fields.get("url", "")


def test_hostile_titles_read_back_exactly_through_paperdeck() -> None:
    items = _items(HOSTILE_TITLES)
    text = render_bibtex(items)
    assert len(pybtex_keys(text)) == len(items)
    back = parse_text(text, "back.bib")
    assert [entry.paper.title for entry in back.entries] == [paper.title for paper, _ in items]
    assert [entry.paper.abstract for entry in back.entries] == [
        paper.abstract for paper, _ in items
    ]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed corpora are absent")
def test_every_seed_paper_is_one_strict_entry() -> None:
    items = [
        (entry.paper, PaperState(key=entry.paper.key))
        for path in sorted(SEEDS.glob("*.txt"))
        for entry in load_file(path).entries
    ]
    text = render_bibtex(items)
    assert len(pybtex_keys(text)) == len(items) > 200
    assert len(bibtexparser_fields(text)) == len(items)
