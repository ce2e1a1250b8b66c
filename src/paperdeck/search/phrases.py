"""Text terms that are not plain words: quoted phrases, anchors (``^`` ``$``),
case-sensitive terms and terms with punctuation (``gpt-4``, ``skill-it``).

They are rarer and usually selective, so they are scored paper by paper over the
candidates the rest of the query left (see the engine's evaluation),
with the definitions in :mod:`paperdeck.search.matching`; the normalised text
prefilters. Tiers (see :mod:`paperdeck.search.tiers`): an anchored title match
(``^word``, ``^word$``) scores as the exact word, a match at a word start of the
title as a word prefix (``word$`` too), one inside a title word as a substring, a
compact subsequence of the title (fuzzy terms) as a subsequence; in the abstract
a word-start match as a word prefix, an exact term's substring as a substring.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Sequence
from itertools import compress, repeat
from typing import Protocol

from paperdeck.search import tiers
from paperdeck.search.matching import (
    compact_pattern,
    find_word_start,
    fold,
    is_plain,
    normalise,
    normalised_phrase_pattern,
    phrase_pattern,
)
from paperdeck.search.query import MatchKind, TextField, TextTerm

__all__ = ["Texts", "phrase_anchor", "score_text_term"]

_NO = -1


class Texts(Protocol):
    """The text a term is matched against, by internal id."""

    docs: Sequence[str]  # normalised (see corpus)
    title_end: list[int]

    def titles(self, sensitive: bool) -> list[str]: ...  # as they are, or folded

    def titles_normalised(self) -> list[str]: ...  # " " + normalise(title) + " ", case kept

    def abstract(self, i: int, sensitive: bool) -> str: ...


def score_text_term(term: TextTerm, texts: Texts, ids: Sequence[int]) -> list[int]:
    """Per id, the tier a (positive) non-plain text term reaches, 0 for none."""
    sensitive = term.case_sensitive
    text = term.text if sensitive else fold(term.text)
    kind = term.kind
    n = len(ids)
    if kind in (MatchKind.START, MatchKind.END, MatchKind.WHOLE):
        if term.field is TextField.ABSTRACT:
            fields = [texts.abstract(i, sensitive) for i in ids]
            hit = tiers.ABSTRACT_EXACT
        else:
            fields = list(map(texts.titles(sensitive).__getitem__, ids))
            hit = tiers.TITLE_PREFIX if kind is MatchKind.END else tiers.TITLE_EXACT
        return [hit if ok else 0 for ok in _anchored(term, text, fields)]
    scores = [0] * n
    pending = list(range(n))
    if term.field is not TextField.ABSTRACT:
        titles = list(map(texts.titles(sensitive).__getitem__, ids))
        if term.phrase:
            anywhere, found = _phrase_find(text, titles)
        else:
            found = _title_word_prefix(text, sensitive, ids, titles, texts)
        pending = _assign(scores, pending, found, tiers.TITLE_PREFIX)
        if kind is not MatchKind.WORD and pending:
            if term.phrase:
                found = list(map(anywhere.__getitem__, pending))
            else:
                found = list(map(str.find, map(titles.__getitem__, pending), repeat(text)))
            pending = _assign(scores, pending, found, tiers.TITLE_SUBSTRING)
            if kind is MatchKind.FUZZY and len(text) > 2 and pending:
                compact = compact_pattern(text).search
                found = [0 if compact(titles[k]) else _NO for k in pending]
                pending = _assign(scores, pending, found, tiers.TITLE_SUBSEQUENCE)
    if term.field is not TextField.TITLE and pending:
        chosen = list(map(ids.__getitem__, pending))
        if term.phrase:
            found = _abstract_phrase(text, sensitive, chosen, texts)
            hit = tiers.ABSTRACT_PREFIX
        else:
            word = kind is not MatchKind.EXACT
            found = _abstract_find(text, word, sensitive, chosen, texts)
            hit = tiers.ABSTRACT_PREFIX if word else tiers.ABSTRACT_SUBSTRING
        _assign(scores, pending, found, hit)
    return scores


def _assign(scores: list[int], pending: list[int], found: list[int], score: int) -> list[int]:
    """Give score to each pending index whose find hit; return those that missed."""
    hit = list(map(_NO.__lt__, found))
    for k in compress(pending, hit):
        scores[k] = score
    return list(compress(pending, map(operator.not_, hit)))


def _title_word_prefix(
    text: str, sensitive: bool, ids: Sequence[int], titles: list[str], texts: Texts
) -> list[int]:
    """Per id: where text starts a word in the title, or -1."""
    if sensitive and is_plain(text):
        normalised = map(texts.titles_normalised().__getitem__, ids)
        return list(map(str.find, normalised, repeat(" " + text)))
    found = list(map(str.find, titles, repeat(text)))
    for k in compress(range(len(found)), map(_NO.__lt__, found)):
        found[k] = find_word_start(text, titles[k], found[k])
    return found


def _abstract_find(
    text: str, word: bool, sensitive: bool, ids: list[int], texts: Texts
) -> list[int]:
    """Per id: >= 0 when the abstract holds text (at a word start when ``word``)."""
    needle = normalise(fold(text) if sensitive else text)
    if word and text[0].isalnum():
        needle = " " + needle
    docs, ends = texts.docs, texts.title_end
    found = list(
        map(str.find, map(docs.__getitem__, ids), repeat(needle), map(ends.__getitem__, ids))
    )
    # The normalised text only prefilters here: check the survivors on the text.
    for k in compress(range(len(found)), map(_NO.__lt__, found)):
        abstract = texts.abstract(ids[k], sensitive)
        found[k] = find_word_start(text, abstract) if word else abstract.find(text)
    return found


def _abstract_phrase(text: str, sensitive: bool, ids: list[int], texts: Texts) -> list[int]:
    """Per id: >= 0 when the abstract holds the phrase text."""
    folded = fold(text) if sensitive else text
    starts = list(map(texts.title_end.__getitem__, ids))
    docs = list(map(texts.docs.__getitem__, ids))
    # Every word of a match is in the normalised text: the longest is the rarest.
    words = list(map(normalise, folded.split(" ")))
    key = max(words, key=len)
    found = list(map(str.find, docs, repeat(key), starts))
    hit = list(map(_NO.__lt__, found))
    begin = found if len(words[0]) == len(key) else starts
    search = normalised_phrase_pattern(folded).search
    for k, match in zip(
        compress(range(len(ids)), hit),
        map(search, compress(docs, hit), compress(begin, hit)),
        strict=True,
    ):
        found[k] = _NO if match is None else match.start()
    if sensitive or not is_plain(text.replace(" ", "")):
        # Normalising hid the case or the punctuation: check on the text itself.
        verify = phrase_pattern(text).search
        for k in compress(range(len(found)), map(_NO.__lt__, found)):
            found[k] = _NO if verify(texts.abstract(ids[k], sensitive)) is None else 0
    return found


def _phrase_find(text: str, fields: list[str]) -> tuple[list[int], list[int]]:
    """Per field: where the phrase first matches, and where it first matches at a
    word start; -1 for none. Fields are as folded as text is."""
    words = text.split(" ")
    key = max(words, key=len)
    found = list(map(str.find, fields, repeat(key)))
    lead = len(words[0]) == len(key)
    search = phrase_pattern(text).search
    word_search = phrase_pattern(text, word_start=True).search
    bounded = text[0].isalnum()
    anywhere = [_NO] * len(fields)
    at_word = [_NO] * len(fields)
    for k in compress(range(len(fields)), map(_NO.__lt__, found)):
        field = fields[k]
        match = search(field, found[k] if lead else 0)
        if match is None:
            continue
        anywhere[k] = at = match.start()
        if bounded and at and field[at - 1].isalnum():
            match = word_search(field, at + 1)
            at = _NO if match is None else match.start()
        at_word[k] = at
    return anywhere, at_word


_ANCHORS: dict[MatchKind, Callable[[str, str], bool]] = {
    MatchKind.START: str.startswith,
    MatchKind.END: str.endswith,
    MatchKind.WHOLE: str.__eq__,
}


def phrase_anchor(kind: MatchKind, text: str) -> Callable[[str], re.Match[str] | None]:
    """The match of phrase text at the start, at the end or as the whole of a field."""
    if kind is MatchKind.START:
        return phrase_pattern(text).match
    if kind is MatchKind.END:
        return phrase_pattern(text, at_end=True).search
    return phrase_pattern(text).fullmatch


def _anchored(term: TextTerm, text: str, fields: list[str]) -> Iterable[bool]:
    if term.phrase:
        return map(operator.is_not, map(phrase_anchor(term.kind, text), fields), repeat(None))
    return map(_ANCHORS[term.kind], fields, repeat(text))
