"""The list orders: relevance, date, upvotes, title and date added, each reversible."""

from __future__ import annotations

import pytest

from paperdeck.models import Paper, PaperState
from paperdeck.sorting import (
    SORTS,
    SortError,
    check_sort,
    describe_sort,
    effective_sort,
    next_sort,
    sort_papers,
    sort_positions,
)


def paper(
    key: str, title: str, *, date: str | None, upvotes: int | None = None, added: str | None = None
) -> Paper:
    return Paper(key=key, title=title, abstract="", published=date, upvotes=upvotes, added=added)


PAPERS = [
    paper("a", "beta", date="2024-01-01", upvotes=5, added="2025-01-03T00:00:00"),
    paper("b", "Alpha", date="2025-06-01", upvotes=None, added="2025-01-01T00:00:00"),
    paper("c", "gamma", date="2023-03-01", upvotes=5, added="2025-01-02T00:00:00"),
    paper("d", "delta", date=None, upvotes=9, added=None),
]
NO_STATES: dict[str, PaperState] = {}


def keys(order: list[int]) -> list[str]:
    return [PAPERS[position].key for position in order]


def test_relevance_keeps_the_given_order_and_reverses_it() -> None:
    given = [2, 0, 3, 1]
    assert sort_positions(given, PAPERS, NO_STATES, "relevance") == given
    assert sort_positions(given, PAPERS, NO_STATES, "relevance", reverse=True) == [1, 3, 0, 2]


def test_date_is_newest_first_and_undated_papers_come_last_both_ways() -> None:
    every = [0, 1, 2, 3]
    assert keys(sort_positions(every, PAPERS, NO_STATES, "date")) == ["b", "a", "c", "d"]
    assert keys(sort_positions(every, PAPERS, NO_STATES, "date", reverse=True)) == [
        "c",
        "a",
        "b",
        "d",
    ]


def test_upvotes_ties_go_newest_first_in_either_direction() -> None:
    every = [0, 1, 2, 3]
    # a and c both have 5: a (2024) before c (2023) whichever way; b has none: last.
    assert keys(sort_positions(every, PAPERS, NO_STATES, "upvotes")) == ["d", "a", "c", "b"]
    assert keys(sort_positions(every, PAPERS, NO_STATES, "upvotes", reverse=True)) == [
        "a",
        "c",
        "d",
        "b",
    ]


def test_title_ignores_case_and_uses_the_title_the_person_gave() -> None:
    every = [0, 1, 2, 3]
    assert keys(sort_positions(every, PAPERS, NO_STATES, "title")) == ["b", "a", "d", "c"]
    states = {"c": PaperState(key="c", title="Aardvark")}
    assert keys(sort_positions(every, PAPERS, states, "title")) == ["c", "b", "a", "d"]
    assert keys(sort_positions(every, PAPERS, states, "title", reverse=True)) == [
        "d",
        "a",
        "b",
        "c",
    ]


def test_equal_titles_go_newest_first() -> None:
    twins = [paper("x", "Same", date="2020-01-01"), paper("y", "same", date="2022-01-01")]
    assert [p.key for p in sort_papers(twins, NO_STATES, "title")] == ["y", "x"]


def test_added_is_latest_first_and_papers_never_added_come_last() -> None:
    every = [3, 2, 1, 0]
    assert keys(sort_positions(every, PAPERS, NO_STATES, "added")) == ["a", "c", "b", "d"]
    assert keys(sort_positions(every, PAPERS, NO_STATES, "added", reverse=True)) == [
        "b",
        "c",
        "a",
        "d",
    ]


def test_a_subset_of_positions_is_sorted_and_the_input_left_alone() -> None:
    given = [3, 1]
    assert sort_positions(given, PAPERS, NO_STATES, "upvotes") == [3, 1]
    assert sort_positions(given, PAPERS, NO_STATES, "date") == [1, 3]
    assert given == [3, 1]


def test_sort_papers_returns_the_papers() -> None:
    assert [p.key for p in sort_papers(PAPERS, NO_STATES, "date")] == ["b", "a", "c", "d"]


def test_unknown_sorts_are_refused_with_the_choices() -> None:
    with pytest.raises(SortError, match=r"unknown sort 'stars'.*relevance, date"):
        sort_positions([0], PAPERS, NO_STATES, "stars")
    with pytest.raises(SortError):
        check_sort("Date")
    assert check_sort("title") == "title"


def test_relevance_without_a_query_is_date() -> None:
    assert effective_sort("relevance", has_query=False) == "date"
    assert effective_sort("relevance", has_query=True) == "relevance"
    assert effective_sort("title", has_query=False) == "title"


def test_the_cycle_visits_every_sort_then_every_sort_reversed() -> None:
    seen = []
    state = ("relevance", False)
    cycle = [*SORTS, "for-you"]
    for _ in range(2 * len(cycle)):
        seen.append(state)
        state = next_sort(*state, has_query=True)
    assert seen == [(s, False) for s in cycle] + [(s, True) for s in cycle]
    assert state == ("relevance", False)
    # for-you follows added; without a query relevance is skipped.
    assert next_sort("added", False, has_query=False) == ("for-you", False)
    assert next_sort("for-you", False, has_query=False) == ("date", True)
    assert next_sort("relevance", False, has_query=False) == ("date", False)


def test_descriptions_name_the_direction() -> None:
    assert describe_sort("date") == "date, newest first"
    assert describe_sort("date", reverse=True) == "date, oldest first"
    assert describe_sort("title", reverse=True) == "title, Z–A"


def test_sort_ranks_give_exactly_the_order_of_sort_positions() -> None:
    import random

    from paperdeck.sorting import SortRanks

    chance = random.Random(11)
    # Few distinct values, so that ties on every field and on the date are common.
    papers = [
        Paper(
            key=f"k{n}",
            title=chance.choice(["Alpha", "alpha", "Beta", "gamma"]),
            abstract="",
            published=chance.choice([None, "2024-01-01", "2024-01-01", "2025-02-03"]),
            upvotes=chance.choice([None, 1, 1, 7]),
            added=chance.choice([None, "2025-01-01T00:00:00", "2025-02-01T00:00:00"]),
        )
        for n in range(300)
    ]
    states = {"k3": PaperState(key="k3", title="Aardvark")}
    ranks = SortRanks(papers, states)
    for _ in range(20):
        subset = chance.sample(range(len(papers)), chance.randint(0, len(papers)))
        for sort in SORTS:
            for reverse in (False, True):
                expected = sort_positions(subset, papers, states, sort, reverse=reverse)
                assert ranks.order(subset, sort, reverse=reverse) == expected, (sort, reverse)


def test_sort_ranks_forget_titles_after_one_changes() -> None:
    from paperdeck.sorting import SortRanks

    states: dict[str, PaperState] = {}
    ranks = SortRanks(PAPERS, states)
    assert keys(ranks.order([0, 1, 2, 3], "title")) == ["b", "a", "d", "c"]
    states["c"] = PaperState(key="c", title="Aardvark")
    ranks.forget_titles()
    assert keys(ranks.order([0, 1, 2, 3], "title")) == ["c", "b", "a", "d"]
