"""Dedup and merge rules of an import, without any files."""

from __future__ import annotations

from paperdeck.library.merge import merge_entries, merge_fields
from paperdeck.models import Entry, Paper, PaperState

STAMP = "2026-01-01T00:00:00.000000+00:00"
LATER = "2026-02-01T00:00:00.000000+00:00"


def entry(line: int = 1, state: PaperState | None = None, **fields: object) -> Entry:
    return Entry(Paper.create(**fields), line, state)  # type: ignore[arg-type]


def test_duplicates_by_key_title_and_abstract_collapse() -> None:
    entries = [
        entry(title="Grammar-Aligned Decoding", abstract="A.", arxiv_id="2405.21047"),
        entry(arxiv_id="2405.21047v2", abstract="Other text."),  # same key
        entry(title="grammar aligned decoding", abstract="B."),  # same normalised title
        entry(abstract="Only the abstract. Here."),
        entry(abstract="only the ABSTRACT here"),  # same normalised abstract
    ]
    outcome = merge_entries([], entries, STAMP)
    assert len(outcome.papers) == 2
    assert (outcome.added, outcome.updated, outcome.unchanged) == (2, 0, 3)
    assert all(p.added == STAMP and p.updated is None for p in outcome.papers)


def test_reimport_is_idempotent_even_with_conflicting_duplicates() -> None:
    entries = [
        entry(title="Same", abstract="x", upvotes=1, sources=("a.txt",)),
        entry(title="Same", abstract="x", upvotes=5, sources=("a.txt",)),
    ]
    first = merge_entries([], entries, STAMP)
    second = merge_entries(first.papers, entries, LATER)
    assert second.papers == first.papers
    assert (second.added, second.updated, second.unchanged) == (0, 0, 2)


def test_newer_metadata_updates_the_record_but_never_the_key() -> None:
    old = merge_entries([], [entry(abstract="We propose X. It works.")], STAMP).papers
    newer = entry(
        title="X: A Method",
        abstract="We propose X. It works.",
        arxiv_id="2501.00001",
        published="2025-01-02",
        authors=3,
        upvotes=7,
    )
    outcome = merge_entries(old, [newer], LATER)
    (paper,) = outcome.papers
    assert paper.key == old[0].key  # keys never change
    assert paper.title == "X: A Method" and not paper.title_derived
    assert (paper.arxiv_id, paper.published, paper.authors, paper.upvotes) == (
        "2501.00001",
        "2025-01-02",
        3,
        7,
    )
    assert paper.added == STAMP and paper.updated == LATER
    assert (outcome.added, outcome.updated, outcome.unchanged) == (0, 1, 0)


def test_known_fields_are_not_overwritten_except_upvotes() -> None:
    base = Paper.create(title="T", abstract="A", published="2024-01-01", authors=4, upvotes=1)
    other = Paper.create(title="T", abstract="B", published="2023-05-05", authors=9, upvotes=2)
    merged = merge_fields(base, other)
    assert (merged.abstract, merged.published, merged.authors, merged.upvotes) == (
        "A",
        "2024-01-01",
        4,
        2,
    )
    assert merge_fields(base, base) is base


def test_a_second_source_file_is_recorded_without_counting_as_an_update() -> None:
    first = merge_entries([], [entry(title="T", abstract="A", sources=("one.txt",))], STAMP)
    again = merge_entries(
        first.papers, [entry(title="T", abstract="A", sources=("two.txt",))], LATER
    )
    assert again.papers[0].sources == ("one.txt", "two.txt")
    assert again.updated == 0 and again.papers[0].updated is None


def test_a_later_id_is_matched_through_the_arxiv_index() -> None:
    first = merge_entries([], [entry(title="Titled", abstract="A")], STAMP)
    with_id = merge_entries(
        first.papers, [entry(title="Titled", abstract="A", arxiv_id="2401.1")], LATER
    )
    # "2401.1" is no arXiv id, so nothing changes; a real one is adopted and then matches.
    assert with_id.papers[0].arxiv_id is None
    adopted = merge_entries(first.papers, [entry(title="Titled", arxiv_id="2401.00009")], LATER)
    again = merge_entries(
        adopted.papers, [entry(abstract="different", arxiv_id="2401.00009")], LATER
    )
    assert len(again.papers) == 1 and adopted.papers[0].arxiv_id == "2401.00009"


def test_state_carried_by_a_file_applies_only_to_new_papers() -> None:
    existing = merge_entries([], [entry(title="Old", abstract="A")], STAMP).papers
    carried = PaperState(key="ignored", starred=True, tags=("x",))
    outcome = merge_entries(
        existing,
        [
            entry(title="Old", abstract="A", state=carried),
            entry(title="New", abstract="B", state=carried),
            entry(title="New", abstract="B", state=PaperState(key="?", tags=("y",), note="n")),
        ],
        LATER,
    )
    new_key = outcome.papers[1].key
    assert set(outcome.new_states) == {new_key}
    state = outcome.new_states[new_key]
    assert state.key == new_key and state.starred and state.tags == ("x", "y") and state.note == "n"


def test_upvotes_keep_the_largest_count_whatever_the_file_order() -> None:
    newer = entry(title="T", abstract="A", upvotes=9)
    older = entry(title="T", abstract="A", upvotes=2)
    first = merge_entries([], [newer], STAMP)
    again = merge_entries(first.papers, [older], LATER)
    assert again.papers[0].upvotes == 9 and again.updated == 0
    assert merge_entries([], [older, newer], STAMP).papers[0].upvotes == 9
    assert merge_entries([], [newer, older], STAMP).papers[0].upvotes == 9


def test_a_partial_date_is_news_only_for_a_paper_with_no_date() -> None:
    dated_by_id = merge_entries([], [entry(title="T", arxiv_id="2406.00001")], STAMP).papers
    same_month = merge_entries(dated_by_id, [entry(title="T", date_hint="2024-06")], LATER)
    assert same_month.updated == 0 and same_month.papers[0].date_hint is None
    undated = merge_entries([], [entry(title="U", abstract="x")], STAMP).papers
    hinted = merge_entries(undated, [entry(title="U", date_hint="2021")], LATER)
    assert hinted.updated == 1 and hinted.papers[0].year == 2021
