"""What changed in the library on disk since a process last looked: what
``Library.refresh()`` reports, so a front end redraws only what it must."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..models import PaperState


@dataclass(frozen=True, slots=True)
class LibraryChange:
    """Changes another process made, picked up by this one.

    ``corpus``: the papers were re-read (an import; ``Library.papers`` is a new
    list). ``state_keys``: the keys whose state changed (set, changed or cleared).
    ``filters``: the saved filters changed. ``journal``: the undo journal changed
    (a step recorded, undone or redone elsewhere).
    """

    corpus: bool = False
    state_keys: frozenset[str] = frozenset()
    filters: bool = False
    journal: bool = False

    @property
    def empty(self) -> bool:
        """Nothing changed."""
        return not (self.corpus or self.state_keys or self.filters or self.journal)

    def __or__(self, other: LibraryChange) -> LibraryChange:
        """Both changes, as one."""
        return LibraryChange(
            corpus=self.corpus or other.corpus,
            state_keys=self.state_keys | other.state_keys,
            filters=self.filters or other.filters,
            journal=self.journal or other.journal,
        )


NO_CHANGE = LibraryChange()


def changed_keys(old: Mapping[str, PaperState], new: Mapping[str, PaperState]) -> frozenset[str]:
    """The keys whose state differs between two state maps (a missing key is the
    default state, so a key present in one only counts when it is not default)."""
    keys = {key for key, state in new.items() if old.get(key) != state}
    keys.update(key for key in old if key not in new)
    return frozenset(keys)


def adopt_states(live: dict[str, PaperState], new: Mapping[str, PaperState]) -> frozenset[str]:
    """Make ``live`` equal to ``new`` in place (the search engine reads it live);
    returns the keys that changed."""
    keys = changed_keys(live, new)
    for key in keys:
        state = new.get(key)
        if state is None:
            live.pop(key, None)
        else:
            live[key] = state
    return keys
