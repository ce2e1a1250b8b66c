"""The orders a list of papers can be shown in (docs/ARCHITECTURE.md, Sort).

``relevance`` keeps the order it is given (the search engine's ranking, or newest
first for the whole library); the others order by a field of the paper, or of the
person's state (a title they gave the paper). Each can be reversed. Papers that tie,
or that lack the field (no upvotes, no date), go newest first; those that lack it
come last in either direction, so a reversed sort by upvotes starts with the least
voted paper, not with a hundred unvoted ones.

Every sort is made of key lists and stable sorts, no comparison function: ordering
100,000 papers takes 0.1–0.2 s (``bench/sort_bench.py``).

``for-you`` (and ``for-you:TAG``) orders by predicted interest, learnt from the
person's stars (or that tag) and reads over the whole corpus (``paperdeck.recommend``,
imported only then). With fewer than ``MIN_POSITIVES`` marked papers it is the date
sort; ``for_you_notice`` gives the line to tell the person so.
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
FOR_YOU = "for-you"
# for-you sorts are not in the cycle of SORTS: they are names check_sort accepts.
FOR_YOU_TAG_PREFIX = FOR_YOU + ":"
# In the order ``S`` cycles through them; the names are those of ``--sort``.
SORTS: tuple[str, ...] = (RELEVANCE, DATE, UPVOTES, TITLE, ADDED)
# What the app's S steps through: the sorts, then for-you.
CYCLE: tuple[str, ...] = (*SORTS, FOR_YOU)
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
    if name in SORTS or is_for_you(name):
        return name
    if name == FOR_YOU_TAG_PREFIX:
        raise SortError(f"sort '{name}' needs a tag after it, e.g. for-you:reading")
    names = ", ".join((*SORTS, FOR_YOU, FOR_YOU_TAG_PREFIX + "TAG"))
    raise SortError(f"unknown sort '{name}' (choose from {names})")


def is_for_you(name: str) -> bool:
    """True for ``for-you`` and ``for-you:TAG`` (a tag that is not blank)."""
    return name == FOR_YOU or (
        name.startswith(FOR_YOU_TAG_PREFIX) and bool(name[len(FOR_YOU_TAG_PREFIX) :].strip())
    )


def for_you_tag(name: str) -> str | None:
    """The tag of ``for-you:TAG``, None for plain ``for-you``."""
    return name[len(FOR_YOU_TAG_PREFIX) :].strip() if name.startswith(FOR_YOU_TAG_PREFIX) else None


def for_you_notice(name: str, states: Mapping[str, PaperState]) -> str | None:
    """The line to show when a for-you sort falls back to date (too few marks)."""
    if not is_for_you(name):
        return None
    from .recommend.marks import MIN_POSITIVES, marks_from_states

    tag = for_you_tag(name)
    liked = len(marks_from_states(states, tag).positive)
    if liked >= MIN_POSITIVES:
        return None
    what = f"papers tagged '{tag}'" if tag else "starred papers"
    return (
        f"for-you needs at least {MIN_POSITIVES} {what} to learn from ({liked} so far): "
        "sorted by date"
    )


def effective_sort(name: str, has_query: bool) -> str:
    """The sort really applied: relevance means nothing without a query, so it is date."""
    return DATE if name == RELEVANCE and not has_query else name


def describe_sort(name: str, reverse: bool = False) -> str:
    """The sort in words, for a border or a listing: ``date, oldest first``."""
    if is_for_you(check_sort(name)):
        return f"{name}, {'worst first' if reverse else 'best first'}"
    natural, reversed_ = _DIRECTIONS[name]
    return f"{name}, {reversed_ if reverse else natural}"


def next_sort(name: str, reverse: bool, has_query: bool) -> tuple[str, bool]:
    """The sort after ``(name, reverse)`` in the cycle: each sort in CYCLE order
    (relevance only while there is a query), then all of them again reversed."""
    cycle = [s for s in CYCLE if has_query or s != RELEVANCE]
    if name not in cycle:
        return cycle[0], reverse
    at = cycle.index(name) + 1
    if at == len(cycle):
        return cycle[0], not reverse
    return cycle[at], reverse


def _field(papers: Sequence[Paper], positions: Sequence[int], name: str) -> list[Any]:
    """One field of the papers at these positions. A column-backed library
    (models.column_papers) reads its columns: sorting builds no Paper."""
    if name == "sort_date" and hasattr(papers, "sort_dates"):
        dates = papers.sort_dates()
        return [dates[p] for p in positions]
    if name == "key" and hasattr(papers, "keys"):
        keys = papers.keys()
        return [keys[p] for p in positions]
    if name == "title" and hasattr(papers, "titles"):
        titles = papers.titles()
        return titles.at(positions) if hasattr(titles, "at") else [titles[p] for p in positions]
    if hasattr(papers, "values") and hasattr(papers, "at"):
        if len(positions) * 8 < len(papers):  # a few: build them, not every row
            return [getattr(paper, name) for paper in papers.at(positions)]
        (values,) = papers.values([name])
        return [values[p] for p in positions]
    return [getattr(papers[p], name) for p in positions]


def _keys(
    sort: str, papers: Sequence[Paper], positions: Sequence[int], states: Mapping[str, PaperState]
) -> list[Any]:
    """The key of each paper for a field sort; None or "" where the paper has none."""
    if sort == DATE:
        return _field(papers, positions, "sort_date")
    if sort == UPVOTES:
        return _field(papers, positions, "upvotes")
    if sort == ADDED:
        return _field(papers, positions, "added")
    # Titles the person gave are few: one lookup table, not a state lookup per paper.
    given = {key: state.title for key, state in states.items() if state.title}
    titles = _field(papers, positions, "title")
    if given:
        keys = _field(papers, positions, "key")
        titles = [given.get(key, title) for key, title in zip(keys, titles, strict=True)]
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
    corpus: Sequence[Paper] | None = None,
) -> list[int]:
    """``positions`` (indexes into ``papers``) in the order of ``sort``.

    ``states`` maps a paper key to its state (a missing key: the default state); it is
    read for titles the person gave and, by a for-you sort, for the marks it learns
    from. A for-you sort learns over ``corpus`` (the whole library; default
    ``papers``). The input is not changed.
    """
    check_sort(sort)
    if is_for_you(sort):
        if for_you_notice(sort, states) is not None:
            sort = DATE
        else:
            return _for_you_positions(positions, papers, states, sort, reverse, corpus)
    if sort == RELEVANCE:
        return list(reversed(positions)) if reverse else list(positions)
    keys = _keys(sort, papers, positions, states)
    # Index into the given sequence: every sort below is of small ints by a key list.
    order = list(range(len(positions)))
    if sort != DATE:
        # Ties newest first: sorted by date before the stable sort by the field.
        dates = _field(papers, positions, "sort_date")
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


def _for_you_positions(
    positions: Sequence[int],
    papers: Sequence[Paper],
    states: Mapping[str, PaperState],
    sort: str,
    reverse: bool,
    corpus: Sequence[Paper] | None,
) -> list[int]:
    """By predicted interest, best first; the papers learnt from as liked go last
    (the person knows them), then newest first among equals."""
    import numpy as np  # only here: the recommender has loaded it already

    from .recommend import for_you_scores

    scores = for_you_scores(corpus if corpus is not None else papers, states, for_you_tag(sort))
    liked = scores.liked
    order = np.asarray(sort_positions(positions, papers, states, DATE), dtype=np.int64)
    if scores.corpus is papers:  # the usual case: scores by position, no key lookups
        values = np.asarray(scores.scores, dtype=np.float64)[order]
    else:
        score_of = scores.by_key
        keys = (score_of.get(papers[p].key, 0.0) for p in order.tolist())
        values = np.fromiter(keys, dtype=np.float64, count=len(order))
    known = np.fromiter((papers[p].key in liked for p in order.tolist()), bool, len(order))
    fresh = order[~known]
    # A stable sort on the date order: equal scores stay newest first.
    best = np.argsort(values[~known] if reverse else -values[~known], kind="stable")
    return [*fresh[best].tolist(), *order[known].tolist()]


def sort_papers(
    papers: Sequence[Paper],
    states: Mapping[str, PaperState],
    sort: str = DEFAULT_SORT,
    *,
    reverse: bool = False,
    corpus: Sequence[Paper] | None = None,
) -> list[Paper]:
    """``papers`` themselves in the order of ``sort`` (see sort_positions)."""
    order = sort_positions(range(len(papers)), papers, states, sort, reverse=reverse, corpus=corpus)
    return [papers[position] for position in order]


class SortRanks:
    """Each paper's place in a sort, worked out once, so that ordering any subset
    of the papers (a query's results, key after key) is one sort by an int.

    Gives exactly sort_positions' order. Ordering 100,000 papers then takes a
    fraction of sort_positions' time (``bench/sort_bench.py``); each sort's ranks are
    made on its first use. The ranks read ``papers`` and ``states`` as they were
    then: build a new SortRanks after an import, and after a title changes (only the
    title sort reads states; ``forget_titles`` drops just its ranks).
    """

    def __init__(self, papers: Sequence[Paper], states: Mapping[str, PaperState]) -> None:
        self._papers = papers
        self._states = states
        self._ranks: dict[tuple[str, bool], list[int]] = {}

    def ranks(self, sort: str, reverse: bool = False) -> list[int]:
        """The place of every paper (by position) in ``sort``."""
        check_sort(sort)
        found = self._ranks.get((sort, reverse))
        if found is None:
            found = self._ranked(sort, reverse)
            self._ranks[(sort, reverse)] = found
        return found

    def _ranked(self, sort: str, reverse: bool) -> list[int]:
        papers = self._papers
        order = sort_positions(range(len(papers)), papers, self._states, sort, reverse=reverse)
        if is_for_you(sort):
            ranks = [0] * len(order)
            for rank, position in enumerate(order):
                ranks[position] = rank
            return ranks
        every = range(len(papers))
        keys = _keys(sort, papers, every, self._states)
        dates = _field(papers, every, "sort_date")
        # Papers that tie on key and date share a rank, so that sorting a subset by
        # rank (a stable sort) keeps their given order, as sort_positions does.
        ranks = [0] * len(order)
        rank = -1
        previous: tuple[Any, str] | None = None
        for position in order:
            key = keys[position]
            tie = (None if key is None or key == "" else key, dates[position])
            if tie != previous:
                rank += 1
                previous = tie
            ranks[position] = rank
        return ranks

    def order(self, positions: Sequence[int], sort: str, *, reverse: bool = False) -> list[int]:
        """``positions`` in the order of ``sort``, as sort_positions gives it."""
        if sort == RELEVANCE:
            return sort_positions(positions, self._papers, self._states, sort, reverse=reverse)
        return sorted(positions, key=self.ranks(sort, reverse).__getitem__)

    def forget_titles(self) -> None:
        """Drop the title sort's ranks (a person's title changed)."""
        self._ranks = {key: ranks for key, ranks in self._ranks.items() if key[0] != TITLE}
