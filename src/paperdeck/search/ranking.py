"""Ranking: from every paper's total score to positions, best first, then newest.

Totals are a column with one byte a paper (a query of up to
:data:`~paperdeck.search.tiers.TERMS_PER_BYTE` scored terms) or two (more terms),
little-endian, in internal-id order; ids are numbered newest first, so taking the
papers of each total in id order is the tie-break for free. For one-byte totals,
each distinct total is one ``bytes.translate`` and one ``compress`` (or, for a few
papers, a run of ``find``) at C speed.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from itertools import compress

__all__ = ["rank"]

_ONLY: dict[int, bytes] = {}


def _only(value: int) -> bytes:
    """A bytes.translate table that maps value to 1 and every other byte to 0."""
    table = _ONLY.get(value)
    if table is None:
        table = _ONLY[value] = bytes(b == value for b in range(256))
    return table


def _offsets(data: bytes, mark: bytes) -> list[int]:
    found = []
    at = data.find(mark)
    while at >= 0:
        found.append(at)
        at = data.find(mark, at + 1)
    return found


def rank(totals: int, present: int, width: int, order: Sequence[int]) -> array:
    """Positions (order maps id -> position) of the present papers by total, descending.

    ``present`` is a mask (one byte a paper); a present paper with total 0 (a query
    of filters only) still ranks, after every scored one.
    """
    n = len(order)
    positions = array("i")
    if width == 1:
        # Present papers get 1 added so that a total of 0 is told from absence.
        column = (totals & present * 0xFF) + present
        data = column.to_bytes(n, "little")
        for value in sorted(set(data) - {0}, reverse=True):
            chosen = data.translate(_only(value))
            if int.from_bytes(chosen, "little").bit_count() < n >> 5:
                # A pass of compress reads every paper: for a few, find them instead.
                run: Iterable[int] = map(order.__getitem__, _offsets(chosen, b"\x01"))
            else:
                run = compress(order, chosen)
            positions.fromlist(list(run))
        return positions
    values = array("H", totals.to_bytes(2 * n, "little"))
    flags = present.to_bytes(n, "little")
    ids = sorted(compress(range(n), flags), key=lambda i: -values[i])  # stable: id order
    positions.fromlist([order[i] for i in ids])
    return positions
