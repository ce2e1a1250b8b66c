"""Text matching on one string: the definitions the search engine implements in bulk.

The engine answers most terms with bulk C-level scans over pre-normalised text; the
functions here say what those scans mean, verify the cases the scans only prefilter,
and compute highlight offsets. Definitions:

- folding (case-insensitive terms): ``str.lower`` plus final sigma to sigma, so that
  folding is the same character by character (``str.lower`` alone is not, for 'Σ');
- a *word start* is an offset whose previous character is not alphanumeric
  (``str.isalnum``), or the start of the text. A term that itself starts with a
  non-alphanumeric character has no word-start condition;
- *word-prefix* match: the term occurs at a word start;
- *fuzzy* match: the term is a subsequence of the text (fzf style);
- *phrase* match (a quoted phrase of several words): the words occur in order, each
  gap between them in the text a run of one or more characters that are not
  alphanumeric (``"mixture of experts"`` in "Mixture-of-Experts", "mixture /of
  experts"); the words and the ends match as a substring would.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

__all__ = [
    "ASCII_TO_SPACE",
    "NON_ASCII_NON_WORD",
    "compact_pattern",
    "find_word_start",
    "fold",
    "fold_offsets",
    "fuzzy_positions",
    "is_plain",
    "map_span",
    "merge_spans",
    "normalise",
    "normalised_phrase_pattern",
    "occurrences",
    "phrase_pattern",
    "word_starts",
]

# Every character that is neither alphanumeric nor a space. Replacing each by one
# space keeps offsets unchanged.
_NON_WORD = re.compile(r"[^\w ]|_")
# What a space in a phrase matches: one or more characters that are not alphanumeric.
# For str patterns [^\W_] is exactly str.isalnum (both are Py_UNICODE_ISALNUM).
_PHRASE_GAP = r"[\W_]+"
_NOT_AFTER_ALNUM = r"(?<![^\W_])"
# Non-ASCII characters that are not alphanumeric (ASCII ones go through bytes.translate).
NON_ASCII_NON_WORD = re.compile(r"[^\w\x00-\x7f]")
# bytes.translate table: every ASCII character that is not alphanumeric becomes a space,
# except the separators the engine puts between papers ("\x1e") and between a title and
# its abstract ("\x1f"). Bytes of non-ASCII characters pass unchanged.
ASCII_TO_SPACE = bytes(
    b if (chr(b).isalnum() or b in (0x1E, 0x1F) or b >= 0x80) else 0x20 for b in range(256)
)


def fold(text: str) -> str:
    """Fold case for a case-insensitive match (``lower``, with 'ς' as 'σ')."""
    folded = text.lower()
    return folded if folded.isascii() else folded.replace("ς", "σ")


def normalise(text: str) -> str:
    """Replace each character that is neither alphanumeric nor a space by a space."""
    return _NON_WORD.sub(" ", text)


def is_plain(text: str) -> bool:
    """True when every character is alphanumeric: the bulk scans are exact for it."""
    return text.isalnum()


def find_word_start(needle: str, haystack: str, start: int = 0) -> int:
    """The first offset >= start where needle occurs at a word start, or -1."""
    pos = haystack.find(needle, start)
    if not needle or not needle[0].isalnum():
        return pos
    while pos > 0 and haystack[pos - 1].isalnum():
        pos = haystack.find(needle, pos + 1)
    return pos


def word_starts(needle: str, haystack: str) -> list[int]:
    """Every non-overlapping word-start occurrence of needle in haystack."""
    found: list[int] = []
    pos = find_word_start(needle, haystack)
    while pos >= 0:
        found.append(pos)
        pos = find_word_start(needle, haystack, pos + len(needle))
    return found


def occurrences(needle: str, haystack: str) -> list[int]:
    """Every non-overlapping occurrence of needle in haystack."""
    found: list[int] = []
    pos = haystack.find(needle)
    while pos >= 0:
        found.append(pos)
        pos = haystack.find(needle, pos + len(needle))
    return found


def fuzzy_positions(needle: str, haystack: str) -> list[int] | None:
    """The offsets of needle's characters in haystack when it is a subsequence, else None.

    fzf's v1 algorithm: the leftmost greedy match, then a backward pass from its end
    that pulls the start as far right as possible, which gives a tight window.
    """
    pos = -1
    for ch in needle:
        pos = haystack.find(ch, pos + 1)
        if pos < 0:
            return None
    positions: list[int] = []
    end = pos + 1
    for ch in reversed(needle):
        end = haystack.rfind(ch, 0, end)
        positions.append(end)
    positions.reverse()
    return positions


@lru_cache(maxsize=128)
def phrase_pattern(
    needle: str, *, word_start: bool = False, at_end: bool = False
) -> re.Pattern[str]:
    """A regex for needle as a phrase: each space in needle matches a run of one or
    more characters that are not alphanumeric, every other character itself.

    ``word_start``: only matches at a word start (as find_word_start: no condition
    when needle starts with a non-alphanumeric character). ``at_end``: only matches
    that end the text. ``match`` tests "starts with", ``fullmatch`` "is".
    """
    body = _PHRASE_GAP.join(map(re.escape, needle.split(" ")))
    if word_start and needle[:1].isalnum():
        body = _NOT_AFTER_ALNUM + body
    if at_end:
        body = f"(?:{body})\\Z"
    return re.compile(body)


@lru_cache(maxsize=128)
def normalised_phrase_pattern(needle: str) -> re.Pattern[str]:
    """A regex over normalised text for a folded phrase ``needle``.

    Normalising turns each gap of a phrase match into spaces and keeps offsets, so
    this matches the normalised text wherever ``phrase_pattern(needle)`` matches the
    folded text: a prefilter, and exact when every word of needle is alphanumeric.
    """
    return re.compile(" +".join(re.escape(normalise(word)) for word in needle.split(" ")))


@lru_cache(maxsize=64)
def compact_pattern(needle: str) -> re.Pattern[str]:
    """A regex matching needle as a subsequence with at most 2 characters in each gap.

    Ranks "compact" subsequences (``mdl`` in ``model``) above scattered ones.
    """
    gap = ".{0,2}?"
    return re.compile(gap.join(re.escape(ch) for ch in needle), re.DOTALL)


def fold_offsets(text: str) -> list[int] | None:
    """Map offsets in ``fold(text)`` back to ``text`` when folding changed the length.

    Returns None when the lengths agree (offsets are then the same), else a list
    where entry ``i`` is the offset in ``text`` of the character that produced the
    folded character ``i`` (plus a final entry for the end).
    """
    if len(fold(text)) == len(text):
        return None
    mapping: list[int] = []
    for i, ch in enumerate(text):
        mapping.extend([i] * len(fold(ch)))
    mapping.append(len(text))
    return mapping


def map_span(mapping: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """Map a non-empty folded span to the original text (see fold_offsets)."""
    if mapping is None:
        return start, end
    return mapping[start], mapping[end - 1] + 1


def merge_spans(spans: Iterable[tuple[int, int]], limit: int) -> tuple[tuple[int, int], ...]:
    """Sort spans, clip them to ``0..limit``, drop empty ones and merge overlapping or
    touching ones."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        start, end = max(0, start), min(limit, end)
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return tuple(merged)
