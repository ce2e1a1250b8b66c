"""Number filters: ``year:2024``, ``year:>=2023``, ``upvotes:>10``, ``authors:<5``.

A paper whose value is unknown never matches (its negation does).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from paperdeck.search.query import NumberTerm

__all__ = ["UNKNOWN", "number_column", "numbers_match"]

# Stands for an unknown number: below every bound a query can hold.
UNKNOWN = -(2**62)


def number_column(values: Callable[..., list[list[Any]]], name: str) -> list[int]:
    """One field's value per paper, UNKNOWN where it is missing; ``values(name)``
    gives the field's values (see fields.Values)."""
    (raw,) = values(name)
    return [UNKNOWN if value is None else value for value in raw]


def numbers_match(term: NumberTerm, values: list[int], ids: Iterable[int]) -> Iterable[bool]:
    """Whether each id's value is in the term's range (ignoring negation)."""
    low = UNKNOWN + 1 if term.low is None else term.low
    high = -UNKNOWN if term.high is None else term.high
    return map(range(low, high + 1).__contains__, map(values.__getitem__, ids))
