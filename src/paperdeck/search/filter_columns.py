"""What the filters read, per paper by internal id, built on a filter's first use:
one list of numbers or strings a field (numbers.py, fields.py), the papers of the
latest import (states.py), and the person's states read live."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping

from paperdeck.models import PaperState
from paperdeck.search.by_id import PapersById
from paperdeck.search.fields import FIELD_STRINGS, field_match, field_name
from paperdeck.search.numbers import number_column, numbers_match
from paperdeck.search.states import import_ids, state_ids
from paperdeck.search.terms import (
    AuthorTerm,
    CategoryTerm,
    IdTerm,
    NumberTerm,
    SourceTerm,
    StateTerm,
    TagTerm,
    Term,
)

__all__ = ["FilterColumns"]


class FilterColumns:
    """The filters' data over ``by_id`` (the papers by internal id)."""

    def __init__(self, by_id: PapersById, latest_import: str | None) -> None:
        self._by_id = by_id
        self._ids = list(range(len(by_id)))
        self._latest_import = latest_import
        self._lock = threading.Lock()
        self._numbers: dict[str, list[int]] = {}
        self._strings: dict[str, list[str]] = {}
        self._imports: tuple[frozenset[int], frozenset[int]] | None = None

    def set_latest_import(self, latest_import: str | None) -> None:
        with self._lock:
            self._latest_import = latest_import
            self._imports = None

    def matching_ids(
        self,
        term: Term,
        states: Mapping[str, PaperState],
        key_ids: Callable[[], Mapping[str, int]],
    ) -> Iterable[int]:
        """The ids a filter keeps, ignoring its negation."""
        ids = self._ids
        if isinstance(term, NumberTerm):
            hits: Iterable[bool] = numbers_match(term, self._number_list(term.field), ids)
            return (i for i, ok in zip(ids, hits, strict=True) if ok)
        if isinstance(term, IdTerm | SourceTerm | AuthorTerm | CategoryTerm):
            hits = field_match(term, self._field_strings(field_name(term)), ids)
            return (i for i, ok in zip(ids, hits, strict=True) if ok)
        if isinstance(term, StateTerm) and term.state in ("new", "updated"):
            new, updated = self.import_ids()
            return new if term.state == "new" else updated
        assert isinstance(term, TagTerm | StateTerm)
        return state_ids(term, states, key_ids(), len(self._ids), self._by_id.values)

    def _number_list(self, name: str) -> list[int]:
        with self._lock:
            values = self._numbers.get(name)
            if values is None:
                values = self._numbers[name] = number_column(self._by_id.values, name)
            return values

    def _field_strings(self, name: str) -> list[str]:
        with self._lock:
            strings = self._strings.get(name)
            if strings is None:
                strings = self._strings[name] = FIELD_STRINGS[name](self._by_id.values)
            return strings

    def import_ids(self) -> tuple[frozenset[int], frozenset[int]]:
        """The ids the latest import added, and those it updated (read once)."""
        with self._lock:
            if self._imports is None:
                self._imports = import_ids(self._by_id.values, self._latest_import)
            return self._imports
