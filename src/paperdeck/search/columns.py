"""Score columns: one small integer a paper, as lanes of one big ``int``.

Lane ``i`` (``width`` bytes, little-endian) holds paper ``i``'s score. Adding two
columns adds lane by lane (no lane overflows: see tiers.TERMS_PER_BYTE), and
``mask * score`` turns a set of papers into a column, all at C speed.
"""

from __future__ import annotations

from array import array

__all__ = ["lane_max", "wide_max", "widen"]


def lane_max(a: int, b: int, n: int) -> int:
    """Lane by lane the larger of two one-byte columns whose values are below 128."""
    high = int.from_bytes(b"\x80" * n, "little")
    # Per lane, (a | 0x80) - b keeps its high bit exactly when a >= b (no borrow
    # crosses lanes as a | 0x80 >= 0x80 > b).
    a_wins = (((a | high) - b) & high) >> 7
    pick_a = a_wins * 0xFF
    return (a & pick_a) | (b & ~pick_a & int.from_bytes(b"\xff" * n, "little"))


def widen(column: int, n: int) -> int:
    """A one-byte column as a two-byte one."""
    data = column.to_bytes(n, "little")
    wide = bytearray(2 * n)
    wide[0::2] = data
    return int.from_bytes(wide, "little")


def wide_max(a: int, b: int, n: int) -> int:
    """Lane by lane the larger of two two-byte columns."""
    first = array("H", a.to_bytes(2 * n, "little"))
    second = array("H", b.to_bytes(2 * n, "little"))
    return int.from_bytes(array("H", map(max, first, second)).tobytes(), "little")
