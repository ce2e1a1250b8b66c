"""The orders a list of papers can be shown in (DESIGN.md, Sort).

``relevance`` keeps the order it is given (the search engine's ranking, or newest
first for the whole library); the others order by a field of the paper, or of the
person's state (a title they gave the paper). Each can be reversed. Papers that tie,
or that lack the field (no upvotes, no date), go newest first; those that lack it
come last in either direction, so a reversed sort by upvotes starts with the least
voted paper, not with a hundred unvoted ones.

Every sort is made of key lists and stable sorts, no comparison function: ordering
100,000 papers takes 0.1–0.2 s (``bench/sort_bench.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .models import Paper, PaperState

RELEVANCE = "relevance"
DATE = "date"
UPVOTES = "upvotes"
TITLE = "title"
ADDED = "added"
# In the order ``S`` cycles through them; the names are those of ``--sort``.
SORTS: tuple[str, ...] = (RELEVANCE, DATE, UPVOTES, TITLE, ADDED)
DEFAULT_SORT = DATE

# Each sort's natural direction in words, and the reversed one.
_DIRECTIONS: dict[str, tuple[str, str]] = {
    RELEVANCE: ("best first", "worst first"),
    DATE: ("newest first", "oldest first"),
    UPVOTES: ("most first", "fewest first"),
    TITLE: ("A–Z", "Z–A"),
    ADDED: ("latest added first", "earliest added first"),
}


class SortError(ValueError):
    """A sort name that is not one of SORTS."""


def check_sort(name: str) -> str:
    """``name`` when it is a sort, else SortError saying which ones there are."""
    if name not in SORTS:
        raise SortError(f"unknown sort '{name}' (choose from {', '.join(SORTS)})")
    return name


def effective_sort(name: str, has_query: bool) -> str:
    """The sort really applied: relevance means nothing without a query, so it is date."""
    return DATE if name == RELEVANCE and not has_query else name


def describe_sort(name: str, reverse: bool = False) -> str:
    """The sort in words, for a border or a listing: ``date, oldest first``."""
    natural, reversed_ = _DIRECTIONS[check_sort(name)]
    return f"{name}, {reversed_ if reverse else natural}"


def next_sort(name: str, reverse: bool, has_query: bool) -> tuple[str, bool]:
    """The sort after ``(name, reverse)`` in the cycle: each sort in SORTS order
    (relevance only while there is a query), then all of them again reversed."""
    cycle = [s for s in SORTS if has_query or s != RELEVANCE]
    if name not in cycle:
        return cycle[0], reverse
    at = cycle.index(name) + 1
    if at == len(cycle):
        return cycle[0], not reverse
    return cycle[at], reverse


def _keys(sort: str, chosen: list[Paper], states: Mapping[str, PaperState]) -> list[Any]:
    """The key of each paper for a field sort; None or "" where the paper has none."""
    if sort == DATE:
        return [paper.sort_date for paper in chosen]
    if sort == UPVOTES:
        return [paper.upvotes for paper in chosen]
    if sort == ADDED:
        return [paper.added for paper in chosen]
    # Titles the person gave are few: one lookup table, not a state lookup per paper.
    given = {key: state.title for key, state in states.items() if state.title}
    if given:
        titles = [given.get(paper.key, paper.title) for paper in chosen]
    else:
        titles = [paper.title for paper in chosen]
    return list(map(str.casefold, titles))


# Whether a larger key comes first in a sort's natural direction.
_LARGER_FIRST = {DATE: True, UPVOTES: True, TITLE: False, ADDED: True}


def sort_positions(
    positions: Sequence[int],
    papers: Sequence[Paper],
    states: Mapping[str, PaperState],
    sort: str = DEFAULT_SORT,
    *,
    reverse: bool = False,
) -> list[int]:
    """``positions`` (indexes into ``papers``) in the order of ``sort``.

    ``states`` maps a paper key to its state (a missing key: the default state); it is
    read only for titles the person gave. The input is not changed.
    """
    check_sort(sort)
    if sort == RELEVANCE:
        return list(reversed(positions)) if reverse else list(positions)
    chosen = [papers[position] for position in positions]
    keys = _keys(sort, chosen, states)
    # Index into the given sequence: every sort below is of small ints by a key list.
    order = list(range(len(positions)))
    if sort != DATE:
        # Ties newest first: sorted by date before the stable sort by the field.
        dates = [paper.sort_date for paper in chosen]
        order.sort(key=dates.__getitem__, reverse=True)
    # A missing key is None or "" (no date): those papers keep their order, after the rest.
    present = [i for i in order if keys[i] is not None and keys[i] != ""]
    if len(present) == len(order):
        missing: list[int] = []
    else:
        missing = [i for i in order if keys[i] is None or keys[i] == ""]
    # reverse=True keeps equal keys in their order, so ties stay newest first both ways.
    present.sort(key=keys.__getitem__, reverse=_LARGER_FIRST[sort] != reverse)
    return [positions[i] for i in present + missing]


def sort_papers(
    papers: Sequence[Paper],
    states: Mapping[str, PaperState],
    sort: str = DEFAULT_SORT,
    *,
    reverse: bool = False,
) -> list[Paper]:
    """``papers`` themselves in the order of ``sort`` (see sort_positions)."""
    order = sort_positions(range(len(papers)), papers, states, sort, reverse=reverse)
    return [papers[position] for position in order]
