"""Initials: a short all-letter term standing for the words it abbreviates.

``moe`` is Mixture-of-Experts, ``lora`` LOw-Rank Adaptation, ``vlm`` vision-language
model. A term *spells* a run of words when it splits into one piece per word, each
piece starting its word (``lo|r|a``): at least two words, the first and last
pieces nonempty, and only a short function word between them may give none
(``rlhf``: Reinforcement Learning from Human Feedback).

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
    "written_as_acronym",
]

MIN_INITIALS = 2
MAX_INITIALS = 5
# Occurrences of a term read to learn its expansions: enough to see the usual ones.
_SAMPLE = 400
# An expansion is kept when seen in at least 1/_KEEP_SHARE as many papers as the
# most common one: a chance fit of the letters is seen once.
_KEEP_SHARE = 4
_WORD = "[^ \x1f]*"  # the rest of a word in normalised text
# A definition runs over at most this many words a letter of the term.
_MAX_RUN = 2


def is_initialism(term: str) -> bool:
    """Whether a folded term may stand for initials: 2 to 5 ASCII letters."""
    return MIN_INITIALS <= len(term) <= MAX_INITIALS and term.isascii() and term.isalpha()


# Words an acronym may skip ("from" in RLHF), when inside the run.
_SKIPPABLE = frozenset(
    {"a", "an", "and", "by", "for", "from", "in", "of", "on", "the", "to", "with"}
)


def spells(term: str, words: list[str]) -> bool:
    """Whether term splits into prefixes of the words, in order (see above)."""
    if len(words) < MIN_INITIALS or len(words) > _MAX_RUN * len(term):
        return False
    return _spells(term, tuple(words), True)


@lru_cache(maxsize=4096)
def _spells(term: str, words: tuple[str, ...], first_word: bool) -> bool:
    if not words:
        return not term
    first, rest = words[0], words[1:]
    least = 0 if not first_word and rest and first in _SKIPPABLE else 1
    return any(
        term[:k] == first[:k] and _spells(term[k:], rest, False)
        for k in range(min(len(first), len(term)), least - 1, -1)
    )


@lru_cache(maxsize=256)
def _as_word(term: str) -> re.Pattern[str]:
    return re.compile(f"(?<![^\\W_]){re.escape(term)}s?(?![^\\W_])", re.IGNORECASE)


def written_as_acronym(term: str, title: str, abstract: str) -> bool:
    """Whether the original text has the term (or its plural) as a word with at
    least two capitals in it ("MoE", "RL", "LoRAs"), as acronyms are written."""
    for text in (title, abstract):
        for match in _as_word(term).finditer(text):
            if sum(map(str.isupper, match.group()[: len(term)])) >= MIN_INITIALS:
                return True
    return False


@lru_cache(maxsize=256)
def _occurrence(term: str) -> re.Pattern[str]:
    # The term or its plural ("VLMs") as a word, with the words before it.
    before = f"(?:[^ \x1f]+ +){{1,{_MAX_RUN * len(term)}}}"
    return re.compile(f"(?<= )({before}){re.escape(term)}s? ")


def learn_expansions(term: str, texts: Iterable[str]) -> list[tuple[str, ...]]:
    """The expansions of term defined in texts, as tuples of stems, most common first."""
    seen: Counter[tuple[str, ...]] = Counter()
    pattern = _occurrence(term)
    for text in islice(texts, _SAMPLE):
        found: set[tuple[str, ...]] = set()  # a paper counts once per expansion
        for match in pattern.finditer(text):
            words = match.group(1).split()
            for size in range(min(len(words), _MAX_RUN * len(term)), MIN_INITIALS - 1, -1):
                window = words[-size:]
                if spells(term, window):
                    found.add(tuple(map(stem, window)))
                    break
        seen.update(found)
    if not seen:
        return []
    best = max(seen.values())
    return [e for e, count in seen.most_common() if count * _KEEP_SHARE >= best]


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
