"""A light stemmer: the morphological variants of a word (``quantization``,
``quantized``, ``quantisation``; ``cache``, ``caches``, ``caching``).

Deliberately conservative: it strips inflections and the -ize/-ise/-ation family
only, and never leaves fewer than three letters, so ``general`` and ``generate``
stay apart. Two words are variants when their stems are equal. Every word with a
given stem starts with :func:`stem_prefix` of it, which lets the index look the
variants up as a range of its sorted vocabulary.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["MIN_STEM_TERM", "stem", "stem_prefix"]

# Shorter terms are left alone: "ed", "sing" and "use" have too many false variants.
MIN_STEM_TERM = 4
_MIN_STEM = 3
# Longest first; each suffix is tried once, then a final "e" and a doubled
# consonant are dropped ("cache" -> "cach", "fitted" -> "fitt" -> "fit").
_SUFFIXES = (
    "izations", "isations", "ization", "isation", "ations", "izing", "ising",
    "izers", "isers", "ation", "izer", "iser", "ized", "ised", "izes", "ises",
    "ings", "ize", "ise", "ing", "ies", "ied", "ers", "ed", "er", "es", "s",
)  # fmt: skip
# A plural "s" is not stripped after these ("loss", "analysis", "focus").
_KEEP_S = ("ss", "is", "us")
_DOUBLE_KEPT = frozenset("lsz")


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """The stem of a folded word (a word of fewer than MIN_STEM_TERM letters is its own)."""
    if len(word) < MIN_STEM_TERM or not word.isalpha():
        return word
    base = word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            if suffix == "s" and word.endswith(_KEEP_S):
                continue
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                base += "y"
            break
    if base.endswith("e") and len(base) > _MIN_STEM:
        base = base[:-1]
    if (
        base != word
        and len(base) > _MIN_STEM
        and base[-1] == base[-2]
        and base[-1] not in _DOUBLE_KEPT
        and base[-1] not in "aeiou"
    ):
        base = base[:-1]
    return base


def stem_prefix(stemmed: str) -> str:
    """The text every word with this stem starts with ("study" <- "studies")."""
    return stemmed[:-1] if stemmed.endswith("y") else stemmed
