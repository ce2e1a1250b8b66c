"""Initials: a short all-letter term standing for the words it abbreviates.

``moe`` is Mixture-of-Experts, ``lora`` LOw-Rank Adaptation, ``vlm`` vision-language
model. A term *spells* a run of words when it splits into one nonempty piece per
word, each piece starting its word (``lo|r|a``): at least two words, each piece a
prefix of its word.

Initials are precise only with context: ``rl`` spells "robot learning" as well as
"reinforcement learning". So the expansions are learnt from the corpus itself:
wherever the term (or its plural) occurs as a word, the words right before it that
it spells are a definition ("reinforcement learning (RL)"). Expansions seen often
enough (:func:`learn_expansions`) are then matched everywhere, each word by its
stem. A term no paper defines falls back to strict initials, one letter a word, in
titles only.

Everything here reads normalised text (see :mod:`paperdeck.search.corpus`): folded,
each character that is not a letter or digit a space, every word followed by one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice

from paperdeck.search.stemming import MIN_STEM_TERM, stem, stem_prefix

__all__ = [
    "MAX_INITIALS",
    "MIN_INITIALS",
    "expansion_pattern",
    "is_initialism",
    "learn_expansions",
    "spells",
    "strict_initials_pattern",
]

MIN_INITIALS = 2
MAX_INITIALS = 5
# Occurrences of a term read to learn its expansions: enough to see the usual ones.
_SAMPLE = 400
# An expansion is kept when seen at least this share of the most common one's count.
_KEEP_SHARE = 4
_WORD = "[^ \x1f]*"  # the rest of a word in normalised text


def is_initialism(term: str) -> bool:
    """Whether a folded term may stand for initials: 2 to 5 ASCII letters."""
    return MIN_INITIALS <= len(term) <= MAX_INITIALS and term.isascii() and term.isalpha()


def spells(term: str, words: list[str]) -> bool:
    """Whether term splits into one nonempty prefix of each word, in order."""
    if len(words) < MIN_INITIALS or len(words) > len(term):
        return False
    return _spells(term, tuple(words))


@lru_cache(maxsize=4096)
def _spells(term: str, words: tuple[str, ...]) -> bool:
    if not words:
        return not term
    first, rest = words[0], words[1:]
    # Each later word needs at least one letter of the term.
    longest = min(len(first), len(term) - len(rest))
    return any(term[:k] == first[:k] and _spells(term[k:], rest) for k in range(longest, 0, -1))


@lru_cache(maxsize=256)
def _occurrence(term: str) -> re.Pattern[str]:
    # The term or its plural ("VLMs") as a word, with the words before it.
    before = f"(?:[^ \x1f]+ +){{1,{len(term)}}}"
    return re.compile(f"(?<= )({before}){re.escape(term)}s? ")


def learn_expansions(term: str, texts: Iterable[str]) -> list[tuple[str, ...]]:
    """The expansions of term defined in texts, as tuples of stems, most common first."""
    seen: Counter[tuple[str, ...]] = Counter()
    pattern = _occurrence(term)
    for text in islice(texts, _SAMPLE):
        found: set[tuple[str, ...]] = set()  # a paper counts once per expansion
        for match in pattern.finditer(text):
            words = match.group(1).split()
            for size in range(min(len(words), len(term)), MIN_INITIALS - 1, -1):
                window = words[-size:]
                if spells(term, window):
                    found.add(tuple(map(stem, window)))
                    break
        seen.update(found)
    if not seen:
        return []
    best = max(seen.values())
    keep = max(1, best // _KEEP_SHARE)
    return [expansion for expansion, count in seen.most_common() if count >= keep]


def _stem_word(stemmed: str) -> str:
    """A regex for any word with this stem (short words: the word itself)."""
    if len(stemmed) < MIN_STEM_TERM - 1:
        return re.escape(stemmed)
    return re.escape(stem_prefix(stemmed)) + _WORD


@lru_cache(maxsize=256)
def expansion_pattern(expansions: tuple[tuple[str, ...], ...]) -> re.Pattern[str]:
    """A regex over normalised text for any of the expansions, word by word."""
    bodies = [" +".join(map(_stem_word, expansion)) for expansion in expansions]
    return re.compile("(?<= )(?:" + "|".join(bodies) + ")(?= )")


@lru_cache(maxsize=256)
def strict_initials_pattern(term: str) -> re.Pattern[str]:
    """A regex over normalised text for words whose first letters are the term's."""
    body = " +".join(re.escape(letter) + _WORD for letter in term)
    return re.compile(f"(?<= ){body}(?= )")
