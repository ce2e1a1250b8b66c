"""Fuzzy (subsequence) title tests for every paper at once, with big-integer lanes.

A term is a subsequence of a title exactly when its *leftmost* match exists: the
first place of its first character, then the first place of the next character
after that, and so on. The leftmost match of a term typed one character further
extends the shorter term's, so while a person types, each keystroke needs one step:
per title, "the first place of this character after that offset".

Tested title by title (rapidfuzz, or ``str.find``) that step costs 100-250 ns a
title, 10-25 ms at 100,000 papers for the first letters of a word, where most titles
still match. Here it is a handful of big-integer operations instead, at C speed
(about 1-2 ms at 100,000 papers): the offsets of all titles are *lanes* of one
``int`` (a fixed number of bytes per paper, little-endian, paper ``i`` in lane
``i``), and for each character the index keeps the offsets of its first few places
in every title as lanes too (its *slots*). The next place after an offset is then
the first slot beyond it, chosen lane by lane with SWAR comparisons; only titles
where the character occurs more often than the slots hold, all of them before the
offset, take a ``str.find`` (a few percent of titles).

Offsets are kept "one past" the matched character, so an offset is where the next
search starts; :attr:`SubsequenceIndex.missing` (the largest lane value, past every
title's end) stands for "no match". Lanes hold values below half their range so
that a comparison's borrow stays inside its lane.

Cost, measured on the synthetic corpus at 100,000 papers (titles under 126
characters, so lanes of one byte): about 150 slots over the 36 ASCII letters and
digits, 15 MB plus 4 MB of spill masks, built in about 2 s (a ``str.find`` pass
per slot). Titles of 126 characters or more double the lanes, and the memory.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Iterable, Sequence
from itertools import compress, repeat

__all__ = ["MAX_SLOTS", "SPILL_SHARE", "SubsequenceIndex"]

# A character's places are kept in slots until at most 1/SPILL_SHARE of the titles
# have more (those take a str.find when a step passes all their slots); each slot
# costs one lane a paper. Four slots for every character left 2-25% of the live
# titles to str.find in the steps of "diffusion model" at 100,000 papers.
SPILL_SHARE = 64
MAX_SLOTS = 16
# array typecodes by lane width in bytes.
_TYPECODES = {1: "B", 2: "H", 4: "I", 8: "Q"}


class SubsequenceIndex:
    """Per character, the offsets just past its first places in each title (its
    slots), as lanes; see the module notes.

    ``titles`` are indexed by paper id; only the characters in ``characters`` are
    indexed (:meth:`knows` tells whether a text can be answered here). ``max_slots``
    caps the slots of a character (default :data:`MAX_SLOTS`).
    """

    def __init__(
        self, titles: Sequence[str], characters: str, *, max_slots: int | None = None
    ) -> None:
        n = len(titles)
        self.n = n
        self._titles = titles
        longest = max(map(len, titles), default=0)
        width = 1
        while longest + 2 >= 1 << (8 * width - 1):  # every offset + 1 below the top bit
            width *= 2
        self.width = width
        self._typecode = _TYPECODES[width]
        self._bits = bits = 8 * width
        self.missing = missing = (1 << (bits - 1)) - 1
        self._ones = int.from_bytes((1).to_bytes(width, "little") * n, "little")
        self._high = self._ones << (bits - 1)
        self._full = (1 << bits) - 1  # multiplying lane bits by this fills their lanes
        self._none = self._ones * missing  # every lane "no match"
        self._max_slots = MAX_SLOTS if max_slots is None else max_slots
        self._places: dict[str, tuple[list[int], int]] = {}
        for char in characters:
            self._places[char] = self._build(char)

    def _build(self, char: str) -> tuple[list[int], int]:
        """The slot lanes of one character, and the lane bits of titles where it
        occurs more often than the slots hold.

        A character gets slots until at most 1/64 of the titles have more places
        of it (:data:`SPILL_SHARE`): "e" needs about ten, "q" one.
        """
        n = self.n
        width = self.width
        spill = n // SPILL_SHARE
        ids: list[int] = list(range(n))
        texts: Sequence[str] = self._titles
        starts: Iterable[int] = repeat(0)
        slots: list[int] = []
        while True:
            # find + 1: 0 exactly where there is no further place, so it selects.
            after = list(map((1).__add__, map(str.find, texts, repeat(char), starts)))
            ids = list(compress(ids, after))
            if slots and (len(ids) <= spill or len(slots) == self._max_slots):
                break
            texts = list(compress(texts, after))
            after = list(compress(after, after))
            column = array(self._typecode, [self.missing]) * n
            deque(map(column.__setitem__, ids, after), maxlen=0)
            slots.append(int.from_bytes(column.tobytes(), "little"))
            starts = after
        more = bytearray(n * width)
        deque(map(more.__setitem__, map(width.__mul__, ids), repeat(1)), maxlen=0)
        return slots, int.from_bytes(more, "little")

    def knows(self, text: str) -> bool:
        """Whether every character of text is indexed."""
        return all(char in self._places for char in text)

    def first(self, char: str) -> int:
        """Lanes: just past the first place of char in each title, or missing."""
        return self._places[char][0][0]

    def step(self, after: int, char: str) -> int:
        """Lanes: just past the first place of char at or after ``after`` (lanes of
        the same kind), or missing; missing stays missing."""
        slots, more = self._places[char]
        ones, high, full, bits = self._ones, self._high, self._full, self._bits
        bound = after + ones  # a > after exactly when a - (after + 1) does not borrow
        found = self._none
        # From the last slot to the first, so the earliest slot beyond ``after`` wins.
        # A missing slot compares "beyond" too, and then leaves the lane missing.
        for slot in reversed(slots):
            beyond = (((slot | high) - bound) >> (bits - 1)) & ones
            found ^= (found ^ slot) & (beyond * full)
        # Titles with more places than slots, all slots at or before ``after``.
        lost = self._missing_bits(found) & (ones ^ self._missing_bits(after)) & more
        if lost:
            found = self._find_rest(found, after, char, lost)
        return found

    def held(self, after: int) -> bytes:
        """One byte a paper: 1 where ``after`` is a match (not missing), else 0."""
        live = self._ones ^ self._missing_bits(after)
        return live.to_bytes(self.n * self.width, "little")[:: self.width]

    def _missing_bits(self, lanes: int) -> int:
        """Lane bit 0 set where the lane is missing (the largest value)."""
        return ((lanes + self._ones) >> (self._bits - 1)) & self._ones

    def _find_rest(self, found: int, after: int, char: str, lost: int) -> int:
        """found, with the lanes in ``lost`` (lane bits) searched title by title."""
        size = self.n * self.width
        chosen = lost.to_bytes(size, "little")[:: self.width]
        ids = _offsets(chosen)
        starts = array(self._typecode)
        starts.frombytes(after.to_bytes(size, "little"))
        result = array(self._typecode)
        result.frombytes(found.to_bytes(size, "little"))
        texts = map(self._titles.__getitem__, ids)
        places = list(map(str.find, texts, repeat(char), map(starts.__getitem__, ids)))
        # -1 (none) -> missing, any other offset -> offset + 1.
        values = map({-1: self.missing}.get, places, map((1).__add__, places))
        deque(map(result.__setitem__, ids, values), maxlen=0)
        return int.from_bytes(result.tobytes(), "little")


def _offsets(data: bytes) -> list[int]:
    """Every offset of a 1 byte in data (few: a find each beats reading them all)."""
    found: list[int] = []
    at = data.find(1)
    while at >= 0:
        found.append(at)
        at = data.find(1, at + 1)
    return found
