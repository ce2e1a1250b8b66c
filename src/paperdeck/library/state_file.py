"""state.json: the papers' states, the undo journal and the saved filters.

A TinyDB document (tables of documents: ``states`` keyed by paper key, ``journal``
with one document, ``filters`` keyed by name), written on every triage action.
It is written one record a line — readable, and about a third smaller than fully
indented JSON — by a StateEncoder that keeps each state's and each journal step's
JSON from the previous write: a star in a library of 100,000 states serialises one
state, not 100,000 (bench/star_bench.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from ..models import PaperState
from .saved_filters import Filters, SavedFilter
from .undo import Journal

STATES_TABLE = "states"
# The undo journal (one document) and the saved filters (one document per name).
JOURNAL_TABLE = "journal"
JOURNAL_DOC_ID = "1"
FILTERS_TABLE = "filters"
# First in the file: the number of the last state.log record it holds (state_log).
META_TABLE = "meta"

# Between the records of a table, and what a state's record starts with (see
# StateEncoder._chunk: each chunk carries the separator before it).
_STATE_SEPARATOR = b",\n    "
_STEP_SEPARATOR = b",\n    "


@dataclass(slots=True)
class StateFile:
    """What state.json holds: the papers' states, the undo journal, saved filters."""

    states: dict[str, PaperState] = field(default_factory=dict)
    journal: Journal = field(default_factory=Journal)
    # Saved filters by name, in the order they were first saved.
    filters: Filters = field(default_factory=dict)
    # The last state.log record folded into the file (0: none, or an older paperdeck
    # wrote it).
    log_seq: int = 0


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
    log_seq = document.get(META_TABLE, {}).get("1", {}).get("log_seq", 0)
    if not isinstance(log_seq, int) or isinstance(log_seq, bool) or log_seq < 0:
        raise ValueError(f"a log_seq {log_seq!r:.20}")
    return StateFile(states, journal, filters, log_seq)


class StateEncoder:
    """state.json's bytes for the library's states, journal and filters.

    It keeps the JSON of every state from the last write, one chunk per key, and is
    told which keys changed (``update``) or that all may have (``reset``); a key
    removed leaves an empty chunk, and the chunks are packed when holes abound.
    Nothing but the library's own adoption of states calls update, so a state can
    never be written from a stale chunk (tests/library/test_state_encoder.py
    checks the bytes against the states after every kind of change).
    """

    def __init__(self, states: Mapping[str, PaperState] | None = None) -> None:
        self._chunks: list[bytes] = []
        self._where: dict[str, int] = {}
        self._holes = 0
        if states:
            self.reset(states)

    def reset(self, states: Mapping[str, PaperState]) -> None:
        """Forget every chunk and make them anew from ``states``."""
        self._chunks = [_chunk(state) for state in states.values()]
        self._where = {key: at for at, key in enumerate(states)}
        self._holes = 0

    def update(self, states: Mapping[str, PaperState], keys: Iterable[str]) -> None:
        """Re-make the chunks of ``keys`` from ``states`` (a key missing there is
        removed from the file)."""
        for key in keys:
            state = states.get(key)
            at = self._where.get(key)
            if state is None:
                if at is not None:
                    self._chunks[at] = b""
                    del self._where[key]
                    self._holes += 1
            elif at is None:
                self._where[key] = len(self._chunks)
                self._chunks.append(_chunk(state))
            else:
                self._chunks[at] = _chunk(state)
        if self._holes > 1000 and self._holes > len(self._where):
            self._pack()

    def _pack(self) -> None:
        order = sorted(self._where.items(), key=lambda item: item[1])
        self._chunks = [self._chunks[at] for _, at in order]
        self._where = {key: at for at, (key, _) in enumerate(order)}
        self._holes = 0

    def encode(
        self, journal: Journal, filters: Filters, log_seq: int = 0
    ) -> list[bytes | memoryview]:
        """The file's content, as parts to write one after the other (joining them
        would copy tens of MB once more); ``log_seq`` first, readable from the first
        bytes (state_log.read_log_seq)."""
        states = memoryview(b"".join(self._chunks))
        # Each chunk starts with its separator; the first one's is not wanted.
        states = states[len(_STATE_SEPARATOR) :] if states else states
        steps = _STEP_SEPARATOR.join(step.encoded for step in journal.steps)
        saved = {name: entry.to_dict() for name, entry in filters.items()}
        parts: list[bytes | memoryview] = [
            b'{"meta": {"1": {"log_seq": %d}},\n  "states": {' % log_seq
        ]
        if states:
            parts += [b"\n    ", states, b"\n  "]
        parts.append(b'},\n  "journal": {"1": {"position": %d, "steps": [' % journal.position)
        if steps:
            parts += [b"\n    ", steps, b"\n  "]
        parts += [b']}},\n  "filters": ', orjson.dumps(saved), b"\n}\n"]
        return parts


def _chunk(state: PaperState) -> bytes:
    return _STATE_SEPARATOR + orjson.dumps(state.key) + b": " + orjson.dumps(state.to_dict())
