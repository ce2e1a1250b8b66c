"""The terms a parsed query is made of (query.py parses them; engine.py evaluates them).

Frozen dataclasses that compare and hash without their position in the text.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum

__all__ = [
    "AuthorTerm",
    "CategoryTerm",
    "Clause",
    "IdTerm",
    "LikeTerm",
    "MatchKind",
    "NumberTerm",
    "Query",
    "SourceTerm",
    "StateTerm",
    "TagTerm",
    "Term",
    "TextField",
    "TextTerm",
]


class MatchKind(Enum):
    """How a text term matches its field."""

    FUZZY = "fuzzy"  # every tier of text_terms (a bare word)
    WORD = "word"  # the exact word or a word prefix (title:, abstract:, negation)
    EXACT = "exact"  # substring ('word, "phrase"; see TextTerm.phrase)
    START = "start"  # the field starts with the text (^word)
    END = "end"  # the field ends with the text (word$)
    WHOLE = "whole"  # the field is the text (^word$)


class TextField(Enum):
    """Where a text term looks."""

    ANY = "any"  # title or abstract
    TITLE = "title"
    ABSTRACT = "abstract"


@dataclass(frozen=True, slots=True)
class TextTerm:
    """A term matched against paper text.

    ``text`` is as typed, without operators (phrases have their whitespace
    collapsed to single spaces). ``case_sensitive`` follows smart case.

    ``phrase`` is true for a quoted phrase of two or more words (not one opened
    with ``'``): each space in ``text`` then matches any run of one or more
    characters that are not letters or digits (``str.isalnum``), so ``"mixture of
    experts"`` matches "mixture-of-experts" and "mixture /of  experts". The words
    themselves, and the ends of the phrase, match as an exact substring would.
    """

    text: str
    kind: MatchKind = MatchKind.FUZZY
    field: TextField = TextField.ANY
    case_sensitive: bool = False
    negated: bool = False
    phrase: bool = False
    span: tuple[int, int] = dataclasses.field(default=(0, 0), compare=False)


@dataclass(frozen=True, slots=True)
class TagTerm:
    """``tag:NAME``: the paper carries the tag (case-insensitive); ``name`` is lowercased."""

    name: str
    negated: bool = False
    span: tuple[int, int] = dataclasses.field(default=(0, 0), compare=False)


@dataclass(frozen=True, slots=True)
class StateTerm:
    """``is:STATE``, one of :data:`STATES`."""

    state: str
    negated: bool = False
    span: tuple[int, int] = dataclasses.field(default=(0, 0), compare=False)


@dataclass(frozen=True, slots=True)
class NumberTerm:
    """A numeric comparison on ``year``, ``upvotes`` or ``authors``.

    The comparison is kept as the inclusive range ``low..high`` (None: unbounded),
    so ``year:>=2023`` is ``low=2023, high=None`` and ``upvotes:>10`` is
    ``low=11``. A paper whose value is unknown never matches (its negation does).
    """

    field: str
    low: int | None
    high: int | None
    negated: bool = False
    span: tuple[int, int] = dataclasses.field(default=(0, 0), compare=False)

    def contains(self, value: int | None) -> bool:
        """Whether a value satisfies the comparison (ignoring ``negated``)."""
        if value is None:
            return False
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)


@dataclass(frozen=True, slots=True)
class IdTerm:
    """``id:PREFIX``: the key or arXiv id starts with ``prefix`` (lowercase, no version)."""

    prefix: str
    negated: bool = False
    span: tuple[int, int] = dataclasses.field(default=(0, 0), compare=False)


@dataclass(frozen=True, slots=True)
class SourceTerm:
    """``source:FILE``: one of the paper's source names contains ``text`` (lowercase)."""

    text: str
    negated: bool = False
    span: tuple[int, int] = dataclasses.field(default=(0, 0), compare=False)


@dataclass(frozen=True, slots=True)
class LikeTerm:
    """``like:ID``: rank by similarity to the paper whose key or arXiv id is ``key``
    (lowercase, no version). Keeps every paper but that one; the engine checks the
    paper exists."""

    key: str
    negated: bool = False
    span: tuple[int, int] = dataclasses.field(default=(0, 0), compare=False)


@dataclass(frozen=True, slots=True)
class AuthorTerm:
    """``author:NAME``: one of the paper's author names has ``text``'s words in order,
    whole but for the last, a word prefix (``schmid`` finds "Jürgen Schmidhuber",
    ``"yann lec"`` finds "Yann LeCun", ``"yan lecun"`` does not). ``text`` is folded
    as the names are (see fields.fold_name): accents and case ignored."""

    text: str
    negated: bool = False
    span: tuple[int, int] = dataclasses.field(default=(0, 0), compare=False)


@dataclass(frozen=True, slots=True)
class CategoryTerm:
    """``cat:CATEGORY``: the paper is in that arXiv category (``cs.LG``), or in any
    category of that archive (``cs`` finds every ``cs.*``, ``hep`` every ``hep-*``).
    ``name`` is lowercased: arXiv spells a category one way, so case never matters."""

    name: str
    negated: bool = False
    span: tuple[int, int] = dataclasses.field(default=(0, 0), compare=False)


Term = (
    TextTerm
    | TagTerm
    | StateTerm
    | NumberTerm
    | IdTerm
    | SourceTerm
    | AuthorTerm
    | CategoryTerm
    | LikeTerm
)
Clause = tuple[Term, ...]  # alternatives, ORed


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: ``clauses`` are ANDed; the terms of one clause are ORed.

    Equality and hashing ignore the source text and term positions.
    """

    clauses: tuple[Clause, ...]
    text: str = dataclasses.field(default="", compare=False)

    @property
    def is_empty(self) -> bool:
        """True for a blank query, which matches every paper."""
        return not self.clauses

    @property
    def uses_state(self) -> bool:
        """True when the result depends on user state or the latest import."""
        return any(isinstance(t, TagTerm | StateTerm) for c in self.clauses for t in c)

    def like_terms(self) -> list[LikeTerm]:
        """The ``like:`` terms, whose similarity orders the result."""
        return [t for c in self.clauses for t in c if isinstance(t, LikeTerm)]

    def highlight_terms(self) -> list[TextTerm]:
        """The positive text terms, the ones whose matches are highlighted."""
        return [t for c in self.clauses for t in c if isinstance(t, TextTerm) and not t.negated]
