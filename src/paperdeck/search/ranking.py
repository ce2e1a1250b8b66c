"""Ranking: from every paper's total score to positions, best first, then newest.

Totals are a column with one byte a paper (a query of up to
:data:`~paperdeck.search.tiers.TERMS_PER_BYTE` scored terms) or two (more terms),
little-endian, in internal-id order; ids are numbered newest first, so taking the
papers of each total in id order is the tie-break for free. For one-byte totals,
each distinct total is one ``bytes.translate`` and one ``compress`` (or, for a few
papers, a run of ``find``) at C speed.

The ranking of one-byte totals is made as it is read (:class:`RankedPositions`):
a screen shows fifty rows, and a pass of ``compress`` over a million papers costs
7.5 ms for each distinct total whatever it keeps, 40-70 ms a key at a million
papers. The first rows come from runs of ``find`` from the highest total down; the
count is known at once; reading past what is made (scrolling far, iterating,
``index``) makes the rest, by the same passes as before.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Iterator, Sequence
from itertools import compress
from typing import overload

__all__ = ["RankedPositions", "rank"]

_VALUE_BYTES = [bytes([value]) for value in range(256)]

_ONLY: dict[int, bytes] = {}


def _only(value: int) -> bytes:
    """A bytes.translate table that maps value to 1 and every other byte to 0."""
    table = _ONLY.get(value)
    if table is None:
        table = _ONLY[value] = bytes(b == value for b in range(256))
    return table


def rank(totals: int, present: int, width: int, order: Sequence[int]) -> Sequence[int]:
    """Positions (order maps id -> position) of the present papers by total, descending.

    ``present`` is a mask (one byte a paper); a present paper with total 0 (a query
    of filters only) still ranks, after every scored one.
    """
    n = len(order)
    if width == 1:
        # Present papers get 1 added so that a total of 0 is told from absence.
        column = (totals & present * 0xFF) + present
        return RankedPositions(column.to_bytes(n, "little"), order)
    positions = array("i")
    values = array("H", totals.to_bytes(2 * n, "little"))
    flags = present.to_bytes(n, "little")
    ids = sorted(compress(range(n), flags), key=lambda i: -values[i])  # stable: id order
    positions.fromlist([order[i] for i in ids])
    return positions


class RankedPositions(Sequence[int]):
    """The positions of the papers whose byte in ``data`` is not 0, highest byte
    first, then by id; made as they are read (see the module notes). Safe to read
    from two threads."""

    __slots__ = ("_at", "_count", "_data", "_lock", "_made", "_order", "_value")

    def __init__(self, data: bytes, order: Sequence[int]) -> None:
        self._data = data
        self._order = order
        self._count = len(data) - data.count(0)
        self._made = array("i")
        self._value = 256  # the total whose papers are being listed (none yet)
        self._at = -1  # where in data the next of them is looked for (-1: none left)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> array[int]: ...
    def __getitem__(self, index: int | slice) -> int | array[int]:
        if isinstance(index, slice):
            _start, stop, step = index.indices(self._count)
            self._make(stop if step > 0 else self._count)
            return self._made[index]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("ranked position out of range")
        if index >= len(self._made):
            self._make(index + 1)
        return self._made[index]

    def __iter__(self) -> Iterator[int]:
        self._make(self._count)
        return iter(self._made)

    def __contains__(self, position: object) -> bool:
        self._make(self._count)
        return position in self._made

    def index(self, position: int, start: int = 0, stop: int | None = None) -> int:
        self._make(self._count)
        return self._made.index(position, start, self._count if stop is None else stop)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def _make(self, wanted: int) -> None:
        """Make the first ``wanted`` positions (all there are, at most)."""
        wanted = min(wanted, self._count)
        if len(self._made) >= wanted:
            return
        with self._lock:
            data, order, made = self._data, self._order, self._made
            every = wanted == self._count
            while len(made) < wanted:
                if self._at < 0:
                    self._next_value()
                mark = _VALUE_BYTES[self._value]
                at = self._at
                if every and data.count(mark, at) >= len(data) >> 5:
                    # The rest of this total in one pass; for a few papers, finds.
                    chosen = data[at:].translate(_only(self._value))
                    made.fromlist(list(compress(order[at:], chosen)))
                    self._at = -1
                    continue
                found: list[int] = []
                room = wanted - len(made)
                while at >= 0 and len(found) < room:
                    found.append(order[at])
                    at = data.find(mark, at + 1)
                made.fromlist(found)
                self._at = at

    def _next_value(self) -> None:
        """Move on to the next lower total that some paper has (one is left)."""
        data = self._data
        value = self._value - 1
        at = data.find(_VALUE_BYTES[value])
        while at < 0:
            value -= 1
            at = data.find(_VALUE_BYTES[value])
        self._value, self._at = value, at
