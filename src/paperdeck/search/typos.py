"""Typo-tolerant word matching: vocabulary words within a few edits of a term.

The distance is optimal string alignment (rapidfuzz ``OSA``): one wrong, missing,
extra or swapped letter is one edit. The edits allowed grow with the word:
none below :data:`MIN_TYPO_TERM` letters (every short string is a typo of many
words), one up to 7 letters, two from 8.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["MIN_TYPO_TERM", "allowed_edits", "typo_words"]

MIN_TYPO_TERM = 4
_TWO_EDITS_FROM = 8


def allowed_edits(term: str) -> int:
    """How many edits a word may be from term and still match it."""
    if len(term) < MIN_TYPO_TERM:
        return 0
    return 2 if len(term) >= _TWO_EDITS_FROM else 1


def typo_words(term: str, vocabulary: Sequence[str]) -> list[str]:
    """The words of vocabulary within allowed_edits(term) of term, term itself excluded."""
    edits = allowed_edits(term)
    if not edits or not vocabulary:
        return []
    # Imported here: rapidfuzz costs milliseconds to import, and most queries have
    # no typo to look up.
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    low, high = len(term) - edits, len(term) + edits
    found = process.extract(
        term, vocabulary, scorer=OSA.distance, processor=None, score_cutoff=edits, limit=None
    )
    return [word for word, _, _ in found if word != term and low <= len(word) <= high]
