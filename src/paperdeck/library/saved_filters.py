"""Saved filters: a name for a query, kept in state.json, shown in the Tags pane.

These functions work on the name → query mapping and return a new one; the library
writes it. Names are matched case-insensitively and keep their place when replaced.
"""

from __future__ import annotations

# The longest name a saved filter may have: it is shown in the Tags pane.
MAX_FILTER_NAME = 40


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


def stored_name(filters: dict[str, str], name: str) -> str | None:
    """The saved filter's name as stored, for a name matched case-insensitively."""
    wanted = name.strip().casefold()
    return next((known for known in filters if known.casefold() == wanted), None)


def with_filter(filters: dict[str, str], name: str, query: str) -> tuple[dict[str, str], bool]:
    """``filters`` with ``query`` kept under ``name``, and whether it replaced one."""
    clean = filter_name(name)
    existing = stored_name(filters, clean)
    if existing is None:
        return {**filters, clean: query.strip()}, False
    # Replaced in place: the filter keeps its place in the Tags pane.
    renamed = {(clean if key == existing else key): q for key, q in filters.items()}
    renamed[clean] = query.strip()
    return renamed, True


def without_filter(filters: dict[str, str], name: str) -> tuple[dict[str, str], str]:
    """``filters`` without the one named, and its query."""
    existing = stored_name(filters, name)
    if existing is None:
        raise FilterNameError(f"no saved filter named '{name.strip()}'")
    remaining = dict(filters)
    query = remaining.pop(existing)
    return remaining, query
