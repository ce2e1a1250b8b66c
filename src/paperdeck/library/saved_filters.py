"""Saved filters: a name for a query (and the sort it is shown in), kept in
state.json, shown in the Tags pane.

These functions work on the name → SavedFilter mapping and return a new one; the
library writes it. Names are matched case-insensitively and keep their place when
replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The longest name a saved filter may have: it is shown in the Tags pane.
MAX_FILTER_NAME = 40


@dataclass(frozen=True, slots=True)
class SavedFilter:
    """A saved query; ``sort`` (a paperdeck.sorting name) is None when it was saved
    without one, and the list's sort then stands."""

    name: str
    query: str
    sort: str | None = None
    reverse: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The document kept in state.json (no sort fields for a filter without one)."""
        record: dict[str, Any] = {"name": self.name, "query": self.query}
        if self.sort is not None:
            record["sort"] = self.sort
            record["reverse"] = self.reverse
        return record

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SavedFilter:
        sort = data.get("sort")
        return cls(
            name=str(data["name"]),
            query=str(data["query"]),
            sort=None if sort is None else str(sort),
            reverse=bool(data.get("reverse", False)),
        )


Filters = dict[str, SavedFilter]


class FilterNameError(ValueError):
    """A saved filter's name that cannot be used (empty, too long, or unknown)."""


def filter_name(name: str) -> str:
    """A saved filter's name, trimmed, or FilterNameError saying why it cannot be one."""
    clean = " ".join(name.split())
    if not clean:
        raise FilterNameError("a saved filter needs a name")
    if len(clean) > MAX_FILTER_NAME:
        raise FilterNameError(
            f"the filter name '{clean[:20]}…' is too long ({len(clean)} characters; "
            f"at most {MAX_FILTER_NAME})"
        )
    return clean


def stored_name(filters: Filters, name: str) -> str | None:
    """The saved filter's name as stored, for a name matched case-insensitively."""
    wanted = name.strip().casefold()
    return next((known for known in filters if known.casefold() == wanted), None)


def with_filter(filters: Filters, saved: SavedFilter) -> tuple[Filters, bool]:
    """``filters`` with ``saved`` kept under its name (trimmed; replacing a filter of
    that name in its place), and whether it replaced one."""
    clean = filter_name(saved.name)
    saved = SavedFilter(clean, saved.query.strip(), saved.sort, saved.reverse)
    existing = stored_name(filters, clean)
    if existing is None:
        return {**filters, clean: saved}, False
    # Replaced in place: the filter keeps its place in the Tags pane.
    replaced = {
        (clean if key == existing else key): (saved if key == existing else entry)
        for key, entry in filters.items()
    }
    return replaced, True


def without_filter(filters: Filters, name: str) -> tuple[Filters, SavedFilter, int]:
    """``filters`` without the one named, the one removed and where it was."""
    existing = stored_name(filters, name)
    if existing is None:
        raise FilterNameError(f"no saved filter named '{name.strip()}'")
    remaining = dict(filters)
    removed = remaining.pop(existing)
    return remaining, removed, list(filters).index(existing)


def with_filter_at(filters: Filters, saved: SavedFilter, position: int) -> Filters:
    """``filters`` with ``saved`` put back at ``position`` (replacing one of its name)."""
    others = [f for name, f in filters.items() if name.casefold() != saved.name.casefold()]
    others.insert(min(position, len(others)), saved)
    return {f.name: f for f in others}
