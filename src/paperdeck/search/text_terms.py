"""Plain text terms: a folded word of letters and digits, scored by tiers.

This is the term a person types most, the filter-as-you-type case. For each paper
the term reaches the best tier it can (see :mod:`paperdeck.search.tiers`), in the
title first, then in the abstract:

- ``word`` (fuzzy, the default): the exact word, a word starting with the term,
  the term's learnt expansions as initials (``moe`` -> mixture of experts, see
  :mod:`paperdeck.search.initials`), a morphological variant (a stem match, see
  :mod:`paperdeck.search.stemming`). Only when none of these matches any paper do
  the weaker tiers run: strict initials in titles, a typo of a title word (see
  :mod:`paperdeck.search.typos`), and last a compact subsequence of a title (at
  most two characters in each gap). That gate is the quality bar: a weak tier
  never floods a result a strong one found, and the count on the border is the
  number of papers that really match.
- ``title:word``, ``abstract:word`` and ``!word``: the exact word or a word prefix.
- ``'word``: the exact word, a word prefix, or any substring.

The result, :class:`TermMatch`, is a score column over every paper plus what the
highlighter needs to mark the same words.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from paperdeck.search import tiers
from paperdeck.search.corpus import Field, TextIndex
from paperdeck.search.initials import (
    expansion_pattern,
    is_initialism,
    learn_expansions,
    strict_initials_pattern,
    written_as_acronym,
)
from paperdeck.search.matching import fold, is_plain
from paperdeck.search.query import MatchKind, TextField, TextTerm
from paperdeck.search.stemming import MIN_STEM_TERM, stem, stem_prefix
from paperdeck.search.typos import typo_words
from paperdeck.search.wordindex import mask_from_ids

__all__ = ["MIN_SUBSEQUENCE", "PlainKey", "TermMatch", "is_plain_term", "match_plain", "plain_key"]

MIN_SUBSEQUENCE = 3
# Papers using an initialism examined for its definitions (the newest first).
_EXAMINE = 120
_GIVE_UP = 30  # ...and given up on when none of the first ones writes it as one
# A plain term as the cache knows it: folded text, kind, field.
PlainKey = tuple[str, MatchKind, TextField]


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A plain term's scores over every paper (one byte each, 0: no match), the
    papers it matches, and the words behind its tiers (for highlighting)."""

    scores: int
    present: int
    text: str
    stem: str | None = None
    expansions: tuple[tuple[str, ...], ...] = ()
    strict_initials: bool = False
    typos: tuple[str, ...] = ()
    subsequence: bool = False
    substring: bool = False


def match_plain(index: TextIndex, key: PlainKey, within: int | None = None) -> TermMatch:
    """Score one plain term over every paper (see the module notes).

    With ``within`` (a mask) a scan reads only those papers, and the match is
    exact only among them: the CLI's single query scores its second word only
    where the first matched. When nothing matches there, the quality gate needs
    every paper, so the term is scored over all of them instead.
    """
    if index.postings is not None:
        within = None  # the postings answer for every paper at once
    text, kind, where = key
    fields = [f for f in (Field.TITLE, Field.ABSTRACT) if _searches(where, f)]
    found: dict[tuple[Field, int], int] = {}  # (field, tier) -> mask

    def add(field: Field, tier_of: dict[Field, int], mask: int) -> None:
        if mask:
            slot = (field, tier_of[field])
            found[slot] = found.get(slot, 0) | mask

    plurals = 0  # the papers using the term or its plural as a word (see _expansions)
    for field in fields:
        wanted = kind is MatchKind.FUZZY and is_initialism(text) and within is None
        exact, plural, prefix = index.word_family(field, text, wanted, within)
        add(field, _EXACT, exact)
        add(field, _PREFIX, prefix)
        plurals |= exact | plural
    stemmed: str | None = None
    expansions: tuple[tuple[str, ...], ...] = ()
    strict = substring = subsequence = False
    typos: tuple[str, ...] = ()
    if kind is MatchKind.EXACT:
        substring = True
        for field in fields:
            add(field, _SUBSTRING, index.substring_mask(field, text))
    elif kind is MatchKind.FUZZY:
        if is_initialism(text):
            if within is None:
                users = _ids(plurals.to_bytes(index.n, "little"), _EXAMINE)
            else:
                users = index.first_users(text, _EXAMINE)
            expansions = _expansions(index, text, users)
            for field in fields:
                for expansion in expansions:
                    required = [stem_prefix(word) for word in expansion]
                    pattern = expansion_pattern((expansion,))
                    mask = index.pattern_mask(field, pattern, required, within)
                    add(field, _INITIALS, mask)
        stemmed = stem(text) if len(text) >= MIN_STEM_TERM and text.isalpha() else None
        # When the stem is the term itself every variant starts with it: prefixes.
        if stemmed is not None and stem_prefix(stemmed) != text:
            for field in fields:
                # A paper whose field has a word starting with the term scores higher
                # there already: the variants are looked for in the others only.
                prefixed = found.get((field, _PREFIX[field]), 0)
                test = _same_stem(stemmed)
                skip = prefixed if within is None else prefixed | (index.ones ^ within)
                mask = index.variant_mask(field, stem_prefix(stemmed), test, skip)
                add(field, _STEM, mask & ~prefixed)
        if not found and within is not None:
            return match_plain(index, key)  # the gate below looks at every paper
        if not found:  # the quality gate: the weaker tiers only when nothing matched
            if is_initialism(text) and Field.TITLE in fields:
                strict = True
                add(Field.TITLE, _INITIALS, _strict_initials(index, text))
            typos = tuple(typo_words(text, index.title_vocabulary()))
            for field in fields:
                add(field, _TYPO, index.words_mask(field, typos))
            if not found and len(text) >= MIN_SUBSEQUENCE and Field.TITLE in fields:
                subsequence = True
                add(Field.TITLE, _SUBSEQUENCE, _compact_titles(index, text))
    scores = covered = 0
    for slot in sorted(found, key=lambda s: -s[1]):
        mask = found[slot] & ~covered
        scores += slot[1] * mask
        covered |= mask
    return TermMatch(
        scores,
        covered,
        text,
        stemmed,
        expansions,
        strict,
        typos,
        subsequence,
        substring,
    )


def is_plain_term(term: TextTerm) -> bool:
    """A case-insensitive word of letters and digits, matched by tiers (text_terms)."""
    return (
        not term.case_sensitive
        and term.kind in (MatchKind.FUZZY, MatchKind.WORD, MatchKind.EXACT)
        and not term.phrase
        and is_plain(fold(term.text))
    )


def plain_key(term: TextTerm) -> PlainKey:
    return (fold(term.text), term.kind, term.field)


def _searches(where: TextField, field: Field) -> bool:
    if where is TextField.ANY:
        return True
    return (where is TextField.TITLE) == (field is Field.TITLE)


_EXACT = {Field.TITLE: tiers.TITLE_EXACT, Field.ABSTRACT: tiers.ABSTRACT_EXACT}
_PREFIX = {Field.TITLE: tiers.TITLE_PREFIX, Field.ABSTRACT: tiers.ABSTRACT_PREFIX}
_INITIALS = {Field.TITLE: tiers.TITLE_INITIALS, Field.ABSTRACT: tiers.ABSTRACT_INITIALS}
_STEM = {Field.TITLE: tiers.TITLE_STEM, Field.ABSTRACT: tiers.ABSTRACT_STEM}
_TYPO = {Field.TITLE: tiers.TITLE_TYPO, Field.ABSTRACT: tiers.ABSTRACT_TYPO}
_SUBSTRING = {Field.TITLE: tiers.TITLE_SUBSTRING, Field.ABSTRACT: tiers.ABSTRACT_SUBSTRING}
_SUBSEQUENCE = {Field.TITLE: tiers.TITLE_SUBSEQUENCE}


@lru_cache(maxsize=1024)
def _same_stem(stemmed: str) -> _StemTest:
    return _StemTest(stemmed)


class _StemTest:
    """accept() for variant_mask: a word with the same stem (a class so it caches)."""

    __slots__ = ("stemmed",)

    def __init__(self, stemmed: str) -> None:
        self.stemmed = stemmed

    def __call__(self, word: str) -> bool:
        return stem(word) == self.stemmed


def _expansions(index: TextIndex, text: str, ids: list[int]) -> tuple[tuple[str, ...], ...]:
    """The expansions of an initialism defined in the papers that use it: ids,
    the first of them (newest first)."""
    # Definitions are learnt from the papers that write the term as an acronym
    # ("MoE", "RL"): that skips the ordinary words a short term also is ("model").
    title, abstracts = index.original_title, index.original_abstracts
    written = []
    for read, i in enumerate(ids):
        if written_as_acronym(text, title(i), abstracts[i]):
            written.append(i)
        elif read >= _GIVE_UP and not written:
            break  # an ordinary word, not an acronym anybody defines
    return tuple(learn_expansions(text, map(index.docs.__getitem__, written)))


def _ids(chosen: bytes, limit: int) -> list[int]:
    """The first ids (up to limit) whose byte is 1."""
    found: list[int] = []
    at = chosen.find(1)
    while at >= 0 and len(found) < limit:
        found.append(at)
        at = chosen.find(1, at + 1)
    return found


def _strict_initials(index: TextIndex, text: str) -> int:
    return _joined_title_mask(index, strict_initials_pattern(text))


def _compact_titles(index: TextIndex, text: str) -> int:
    return _joined_title_mask(index, _compact_joined(text))


@lru_cache(maxsize=64)
def _compact_joined(text: str) -> re.Pattern[str]:
    """A compact subsequence (gaps of at most 2 characters) inside one title of the
    titles joined by newlines; the match runs to the title's end so each title
    matches once."""
    gap = "[^\n]{0,2}?"
    return re.compile(gap.join(map(re.escape, text)) + "[^\n]*")


def _joined_title_mask(index: TextIndex, pattern: re.Pattern[str]) -> int:
    """Papers whose title the pattern matches, by one regex pass over the titles
    joined by newlines (2-3 times faster than a search per title)."""
    titles = index.titles
    joined = "\n".join(titles)
    starts = list(accumulate(map(len, titles), lambda a, b: a + b + 1, initial=0))
    hits = (bisect.bisect_right(starts, m.start()) - 1 for m in pattern.finditer(joined))
    return mask_from_ids(hits, index.n) if titles else 0
