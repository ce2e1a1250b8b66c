"""Highlighting: where a query's positive text terms match one paper's text.

A plain term marks what its tiers matched (see text_terms.TermMatch): the typed
prefix of words that start with it, whole variant and typo words, the runs of
words its initials stand for, and, for a subsequence match, its characters.
Other text terms mark what their definitions in matching match. Offsets refer to
the original strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from paperdeck.search.initials import expansion_pattern, strict_initials_pattern
from paperdeck.search.matching import (
    fold,
    fold_offsets,
    fuzzy_positions,
    map_span,
    normalise,
    occurrences,
    phrase_pattern,
    word_starts,
)
from paperdeck.search.phrases import phrase_anchor
from paperdeck.search.query import MatchKind, TextTerm
from paperdeck.search.stemming import stem
from paperdeck.search.text_terms import TermMatch

__all__ = ["plain_spans", "term_spans"]

Span = tuple[int, int]
_WORDS = re.compile(r"[^\W_]+")


def plain_spans(match: TermMatch, text: str, *, in_title: bool) -> list[Span]:
    """Where a plain term's tiers match one field of one paper (original offsets)."""
    folded = fold(text)
    mapping = fold_offsets(text)
    needle = match.text
    spans: list[Span] = []
    for word in _WORDS.finditer(folded):
        value, start = word.group(), word.start()
        if value.startswith(needle):
            spans.append((start, start + len(needle)))
        elif (match.stem is not None and stem(value) == match.stem) or value in match.typos:
            spans.append(word.span())
    if match.substring:
        spans.extend((p, p + len(needle)) for p in occurrences(needle, folded))
    patterns: list[re.Pattern[str]] = []
    if match.expansions:
        patterns.append(expansion_pattern(match.expansions))
    if match.strict_initials and in_title:
        patterns.append(strict_initials_pattern(needle))
    if patterns:
        # Normalising keeps offsets; the patterns want a space before each word.
        spaced = " " + normalise(folded) + " "
        for pattern in patterns:
            spans.extend((m.start() - 1, m.end() - 1) for m in pattern.finditer(spaced))
    if not spans and match.subsequence and in_title:
        spans.extend((p, p + 1) for p in fuzzy_positions(needle, folded) or [])
    return [map_span(mapping, start, end) for start, end in spans if end > start]


def term_spans(term: TextTerm, text: str, *, in_title: bool) -> list[Span]:
    """Where any other positive text term matches one field of one paper."""
    sensitive = term.case_sensitive
    needle = term.text if sensitive else fold(term.text)
    haystack = text if sensitive else fold(text)
    mapping = None if sensitive else fold_offsets(text)
    size = len(needle)
    kind = term.kind
    spans: list[Span] = []
    anchored: Callable[[str], re.Match[str] | None]
    if term.phrase:
        # The whole run, gaps included: the first word's start to the last word's end.
        if kind is MatchKind.EXACT or kind is MatchKind.FUZZY or kind is MatchKind.WORD:
            spans.extend(match.span() for match in phrase_pattern(needle).finditer(haystack))
        else:
            anchored = phrase_anchor(kind, needle)
            found = anchored(haystack)
            if found is not None:
                spans.append(found.span())
    elif kind is MatchKind.START:
        if haystack.startswith(needle):
            spans.append((0, size))
    elif kind is MatchKind.END:
        if haystack.endswith(needle):
            spans.append((len(haystack) - size, len(haystack)))
    elif kind is MatchKind.WHOLE:
        if haystack == needle:
            spans.append((0, size))
    elif kind is MatchKind.EXACT:
        spans.extend((p, p + size) for p in occurrences(needle, haystack))
    else:
        starts = word_starts(needle, haystack)
        if in_title and kind is MatchKind.FUZZY and not starts:
            starts = occurrences(needle, haystack)
            if not starts:
                chars = fuzzy_positions(needle, haystack) or []
                spans.extend((p, p + 1) for p in chars)
        spans.extend((p, p + size) for p in starts)
    return [map_span(mapping, start, end) for start, end in spans if end > start]
