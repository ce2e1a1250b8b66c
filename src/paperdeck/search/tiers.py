"""The score tiers of a text term, defined once (docs/ARCHITECTURE.md, Query language).

A term scores the best tier it reaches in a paper; a query scores the sum over its
terms (an OR group: its best alternative) and ranks by that total, then newest
first. Scores are small integers so that a column of them, one byte a paper, can
be added for up to :data:`TERMS_PER_BYTE` terms without overflowing (see
:mod:`paperdeck.search.columns`).

Title tiers are all above abstract tiers ("title over abstract"). Within a field,
best first: the exact word, a word starting with the term, the initials of a short
term (``moe`` for Mixture-of-Experts), a morphological variant (``quantized`` for
``quantization``), a word one or two edits away (a typo), an exact substring inside
a word (``'term`` only) and, for titles, a compact subsequence. The typo and
subsequence tiers are quality-gated in :mod:`paperdeck.search.text_terms`: they are
tried only when the stronger tiers found nothing, so they never flood a good result.
"""

from __future__ import annotations

__all__ = [
    "ABSTRACT_EXACT",
    "ABSTRACT_INITIALS",
    "ABSTRACT_PREFIX",
    "ABSTRACT_STEM",
    "ABSTRACT_SUBSTRING",
    "ABSTRACT_TYPO",
    "MAX_TIER",
    "TERMS_PER_BYTE",
    "TITLE_EXACT",
    "TITLE_INITIALS",
    "TITLE_PREFIX",
    "TITLE_STEM",
    "TITLE_SUBSEQUENCE",
    "TITLE_SUBSTRING",
    "TITLE_TYPO",
]

TITLE_EXACT = 32
TITLE_PREFIX = 30
TITLE_INITIALS = 28
TITLE_STEM = 26
TITLE_TYPO = 24
TITLE_SUBSTRING = 22
TITLE_SUBSEQUENCE = 20
ABSTRACT_EXACT = 10
ABSTRACT_PREFIX = 9
ABSTRACT_INITIALS = 8
ABSTRACT_STEM = 7
ABSTRACT_TYPO = 6
ABSTRACT_SUBSTRING = 5

MAX_TIER = TITLE_EXACT
# Terms whose scores fit one byte a paper: 7 * 32 = 224 < 256.
TERMS_PER_BYTE = 255 // MAX_TIER
