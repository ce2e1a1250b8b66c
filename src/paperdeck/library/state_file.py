"""state.json: the papers' states, the undo journal and the saved filters.

It is small and written on every triage action, through TinyDB tables (tinystore),
so starring a paper never rewrites the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..models import PaperState
from .saved_filters import Filters, SavedFilter
from .undo import Journal

if TYPE_CHECKING:
    from .tinystore import StateTables

STATES_TABLE = "states"
# The undo journal (one document) and the saved filters (one document per name).
JOURNAL_TABLE = "journal"
JOURNAL_DOC_ID = "1"
FILTERS_TABLE = "filters"


@dataclass(slots=True)
class StateFile:
    """What state.json holds: the papers' states, the undo journal, saved filters."""

    states: dict[str, PaperState] = field(default_factory=dict)
    journal: Journal = field(default_factory=Journal)
    # Saved filters by name, in the order they were first saved.
    filters: Filters = field(default_factory=dict)


def read_state_file(document: dict[str, Any]) -> StateFile:
    """The content of a state document. Raises ValueError (or KeyError, TypeError)
    for a damaged record."""
    states = {key: PaperState.from_dict(doc) for key, doc in document.get(STATES_TABLE, {}).items()}
    if not all(isinstance(state.key, str) for state in states.values()):
        raise ValueError("a state without a key")
    journal_doc = document.get(JOURNAL_TABLE, {}).get(JOURNAL_DOC_ID)
    journal = Journal.from_dict(journal_doc) if journal_doc is not None else Journal()
    saved = (SavedFilter.from_dict(doc) for doc in document.get(FILTERS_TABLE, {}).values())
    filters = {entry.name: entry for entry in saved}
    return StateFile(states, journal, filters)


def write_state_changes(
    tables: StateTables,
    changed: list[PaperState],
    journal: Journal | None = None,
    filters: Filters | None = None,
) -> None:
    """Put changed states (and a new journal or set of saved filters) into the tables.
    Default states are removed to keep the file small."""
    if changed:
        tables(STATES_TABLE).replace_documents(
            {state.key: state.to_dict() for state in changed if not state.is_default},
            (state.key for state in changed if state.is_default),
        )
    if journal is not None:
        tables(JOURNAL_TABLE).replace_documents({JOURNAL_DOC_ID: journal.to_dict()}, ())
    if filters is not None:
        saved = tables(FILTERS_TABLE)
        saved.truncate()
        saved.replace_documents({name: entry.to_dict() for name, entry in filters.items()}, ())
