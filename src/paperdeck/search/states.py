"""State filters: ``tag:NAME`` and ``is:starred|read|unread|noted|new|updated|untitled``.

They read the person's state live (a snapshot per search), so results that use
them are dropped whenever the state changes (see the engine's state_changed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from paperdeck.models import PaperState
from paperdeck.search.query import StateTerm, TagTerm

__all__ = ["import_ids", "state_ids"]


def state_ids(
    term: TagTerm | StateTerm,
    states: Mapping[str, PaperState],
    key_ids: Mapping[str, int],
    n: int,
    values: Callable[..., list[list[Any]]],
) -> frozenset[int]:
    """The ids (see key_ids, of n papers) whose state satisfies the term, ignoring
    negation; ``values(name)`` gives a field's values by id (see fields.Values).

    ``is:new`` and ``is:updated`` are not state: see import_ids.
    """
    # A snapshot: the UI thread may change the mapping while a worker searches.
    items = list(states.items())
    if isinstance(term, StateTerm) and term.state in ("unread", "untitled"):
        if term.state == "unread":
            read = {key_ids[k] for k, s in items if k in key_ids and s.read}
            return frozenset(i for i in range(n) if i not in read)
        named = {key_ids[k] for k, s in items if k in key_ids and s.title is not None}
        (derived,) = values("title_derived")
        return frozenset(i for i, untitled in enumerate(derived) if untitled and i not in named)
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
    values: Callable[..., list[list[Any]]], latest: str | None
) -> tuple[frozenset[int], frozenset[int]]:
    """The ids the latest import added, and those it updated (``values``: the
    fields' values by id, see fields.Values)."""
    new: set[int] = set()
    updated: set[int] = set()
    if latest is not None:
        added, changed = values("added", "updated")
        for i, (when_added, when_updated) in enumerate(zip(added, changed, strict=True)):
            if when_added == latest:
                new.add(i)
            elif when_updated == latest:
                updated.add(i)
    return frozenset(new), frozenset(updated)
