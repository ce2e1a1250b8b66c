"""State filters: ``tag:NAME`` and ``is:starred|read|unread|noted|new|updated|untitled``.

They read the person's state live (a snapshot per search), so results that use
them are dropped whenever the state changes (see the engine's state_changed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from paperdeck.models import Paper, PaperState
from paperdeck.search.query import StateTerm, TagTerm

__all__ = ["import_ids", "state_ids"]


def state_ids(
    term: TagTerm | StateTerm,
    states: Mapping[str, PaperState],
    key_ids: Mapping[str, int],
    papers: Sequence[Paper],
) -> frozenset[int]:
    """The ids (see key_ids) whose state satisfies the term, ignoring negation.

    ``is:new`` and ``is:updated`` are not state: see import_ids. ``papers`` is by id.
    """
    # A snapshot: the UI thread may change the mapping while a worker searches.
    items = list(states.items())
    if isinstance(term, StateTerm) and term.state in ("unread", "untitled"):
        if term.state == "unread":
            read = {key_ids[k] for k, s in items if k in key_ids and s.read}
            return frozenset(i for i in range(len(papers)) if i not in read)
        named = {key_ids[k] for k, s in items if k in key_ids and s.title is not None}
        return frozenset(
            i for i, paper in enumerate(papers) if paper.title_derived and i not in named
        )
    test: Callable[[PaperState], bool]
    if isinstance(term, TagTerm):
        name = term.name
        test = lambda s: any(tag.lower() == name for tag in s.tags)  # noqa: E731
    elif term.state == "starred":
        test = lambda s: s.starred  # noqa: E731
    elif term.state == "read":
        test = lambda s: s.read  # noqa: E731
    else:  # noted
        test = lambda s: bool(s.note.strip())  # noqa: E731
    return frozenset(key_ids[k] for k, s in items if k in key_ids and test(s))


def import_ids(
    papers: Sequence[Paper], latest: str | None
) -> tuple[frozenset[int], frozenset[int]]:
    """The ids (papers by id) the latest import added, and those it updated."""
    new: set[int] = set()
    updated: set[int] = set()
    if latest is not None:
        for i, paper in enumerate(papers):
            if paper.added == latest:
                new.add(i)
            elif paper.updated == latest:
                updated.add(i)
    return frozenset(new), frozenset(updated)
