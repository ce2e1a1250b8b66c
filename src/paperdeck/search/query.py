"""The query language of the filter box and ``paperdeck list`` (ARCHITECTURE.md, Query language).

``parse_query`` turns the text a person typed into a :class:`Query`: a tuple of
clauses that are ANDed, each clause a tuple of terms that are ORed. Terms are
frozen dataclasses that compare and hash without their position in the text, so
``"diffusion "`` and ``"diffusion"`` parse to equal queries (the engine caches on
that). Every problem raises :class:`QueryError` with the offset where it is.

Syntax, term by term (terms are separated by whitespace)::

    word          fuzzy: subsequence of the title, or a word-prefix in title/abstract
    'word         exact substring of title or abstract (the rest is taken literally)
    "two words"   phrase: the words in this order, each gap in the text any run of
                  characters that are not letters or digits ("mixture of experts"
                  finds "Mixture-of-Experts"); may hold | and other operators
    '"two words"  exact substring: the characters as typed, one space between words
    ^word word$   title starts / ends with (^word$: the whole title)
    !term         negation of any term; !word excludes a word-prefix, never fuzzily
    a | b         OR between neighbouring terms
    tag:NAME  is:starred|read|unread|noted|new|updated
    year:2024  year:>=2023  year:2019..2021  upvotes:>10  authors:<5
    id:2406.09415  title:x  abstract:x  source:FILE

Smart case: a text term is case-insensitive unless it holds an uppercase letter.
A word whose part before ``:`` is not a known field (``RT-2:``, ``arXiv:2406``) is
a plain fuzzy word. Field names are case-insensitive.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from enum import Enum

from paperdeck.models import normalise_arxiv_id

__all__ = [
    "STATES",
    "Clause",
    "IdTerm",
    "MatchKind",
    "NumberTerm",
    "Query",
    "QueryError",
    "SourceTerm",
    "StateTerm",
    "TagTerm",
    "Term",
    "TextField",
    "TextTerm",
    "parse_query",
]

STATES = ("starred", "read", "unread", "noted", "new", "updated")
NUMBER_FIELDS = ("year", "upvotes", "authors")
_FIELDS = frozenset({"tag", "is", "id", "title", "abstract", "source", *NUMBER_FIELDS})
_FIELD_PREFIX = re.compile(r"([A-Za-z]+):")
_NUMBER = re.compile(r"(>=|<=|>|<|=)?(\d+)")
_RANGE = re.compile(r"(\d+)\.\.(\d+)")
_VERSION = re.compile(r"(?<=\d)v\d*$")
_ARXIV_SCHEME = re.compile(r"^arxiv:", re.IGNORECASE)
# Examples that make sense for each numeric field, shown with an error about it.
_NUMBER_EXAMPLES = {
    "year": "e.g. year:2024, year:>=2023, year:2019..2021",
    "upvotes": "e.g. upvotes:>10, upvotes:>=3, upvotes:0",
    "authors": "e.g. authors:<5, authors:>=10, authors:1",
}
# A '"' opens a phrase at the start of a term or right after one of these prefixes.
_PHRASE_OPENERS = frozenset("!'^:")


class QueryError(ValueError):
    """A query that cannot be parsed.

    ``message`` is one clear line; ``position`` is the 0-based offset in the query
    text where the problem is (a UI can put a caret there). ``str(error)`` is the
    message.
    """

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.message = message
        self.position = position

    def __str__(self) -> str:
        return self.message


class MatchKind(Enum):
    """How a text term matches its field."""

    FUZZY = "fuzzy"  # title subsequence, or word-prefix in title or abstract
    WORD = "word"  # word-prefix: the text starts a word
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


Term = TextTerm | TagTerm | StateTerm | NumberTerm | IdTerm | SourceTerm
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

    def highlight_terms(self) -> list[TextTerm]:
        """The positive text terms, the ones whose matches are highlighted."""
        return [t for c in self.clauses for t in c if isinstance(t, TextTerm) and not t.negated]


def parse_query(text: str) -> Query:
    """Parse query text into a :class:`Query`; raise :class:`QueryError` when it is bad."""
    clauses: list[Clause] = []
    bar_at: int | None = None  # position of a '|' still waiting for its right side
    for raw, start in _tokenize(text):
        if raw == "|":
            if not clauses:
                raise QueryError("'|' needs a term on its left", start)
            if bar_at is not None:
                raise QueryError("'|' needs a term on its right", bar_at)
            bar_at = start
            continue
        term = _parse_term(raw, start)
        if bar_at is not None:
            clauses[-1] = (*clauses[-1], term)
            bar_at = None
        else:
            clauses.append((term,))
    if bar_at is not None:
        raise QueryError("'|' needs a term on its right", bar_at)
    return Query(tuple(clauses), text)


def _tokenize(text: str) -> list[tuple[str, int]]:
    """Split on whitespace, keeping quoted phrases whole; each token with its offset."""
    tokens: list[tuple[str, int]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        while i < n and not text[i].isspace():
            if text[i] == '"' and (i == start or text[i - 1] in _PHRASE_OPENERS):
                close = text.find('"', i + 1)
                if close < 0:
                    raise QueryError("unterminated quote: a phrase needs a closing '\"'", i)
                i = close
            i += 1
        tokens.append((text[start:i], start))
    return tokens


def _smart_case(text: str) -> bool:
    return any(ch.isupper() for ch in text)


def _parse_term(raw: str, start: int) -> Term:
    negated = raw.startswith("!")
    body, at = (raw[1:], start + 1) if negated else (raw, start)
    if negated:
        if not body:
            raise QueryError("'!' needs a term after it", start)
        if body.startswith("!"):
            raise QueryError("'!!': a term can be negated only once", at)
    span = (start, start + len(raw))
    prefix = _FIELD_PREFIX.match(body)
    if prefix and prefix.group(1).lower() in _FIELDS:
        name = prefix.group(1).lower()
        return _parse_field(name, body, body[prefix.end() :], at + prefix.end(), negated, span)
    return _parse_text(body, at, TextField.ANY, negated, span)


def _parse_text(
    body: str, at: int, where: TextField, negated: bool, span: tuple[int, int]
) -> TextTerm:
    """A text term: ``'word``, ``^word``, ``word$``, ``"a phrase"`` or a bare word."""
    exact = body.startswith("'")
    anchored_start = not exact and body.startswith("^")
    offset = 1 if exact or anchored_start else 0
    rest = body[offset:]
    anchored_end = False
    if rest.startswith('"'):
        close = rest.index('"', 1)  # the tokenizer guarantees the closing quote
        phrase = " ".join(rest[1:close].split())
        after = rest[close + 1 :]
        if after == "$" and not exact:
            anchored_end = True
        elif after:
            raise QueryError(
                f"unexpected {after!r} after the closing quote", at + offset + close + 1
            )
        if not phrase:
            raise QueryError("empty phrase", at + offset)
        text, quoted = phrase, True
    else:
        text, quoted = rest, False
        if not exact and len(text) > 1 and text.endswith("$"):
            text, anchored_end = text[:-1], True
    if not text:  # a lone ' or ^ (a lone $ is taken literally)
        raise QueryError(f"{body[0]!r} needs text after it", at)
    if anchored_start and anchored_end:
        kind = MatchKind.WHOLE
    elif anchored_start:
        kind = MatchKind.START
    elif anchored_end:
        kind = MatchKind.END
    elif exact or quoted:
        kind = MatchKind.EXACT
    elif where is not TextField.ANY or negated:
        # Negation is never fuzzy (as in fzf): a scattered subsequence of a short word
        # is in nearly every title, so '!gan' would hide almost everything.
        kind = MatchKind.WORD
    else:
        kind = MatchKind.FUZZY
    if where is TextField.ANY and kind in (MatchKind.START, MatchKind.END, MatchKind.WHOLE):
        where = TextField.TITLE  # ^ and $ anchor to the title
    spaced = quoted and not exact and " " in text  # see TextTerm.phrase
    return TextTerm(text, kind, where, _smart_case(text), negated, spaced, span)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return " ".join(value[1:-1].split())
    return value


def _parse_field(
    name: str, body: str, value: str, at: int, negated: bool, span: tuple[int, int]
) -> Term:
    if name in ("title", "abstract"):
        if not value:
            raise QueryError(f"'{name}:' needs text after it", at)
        where = TextField.TITLE if name == "title" else TextField.ABSTRACT
        return _parse_text(value, at, where, negated, span)
    if name in NUMBER_FIELDS:
        low, high = _parse_number(name, value, at)
        return NumberTerm(name, low, high, negated, span)
    plain = _unquote(value)
    if name == "is":
        state = plain.lower()
        if state not in STATES:
            expected = ", ".join(STATES)
            if not state:
                raise QueryError(f"'is:' needs a state (expected {expected})", at)
            raise QueryError(f"unknown state {body!r} (expected {expected})", at)
        return StateTerm(state, negated, span)
    if not plain:
        what = {"tag": "a tag name", "id": "an id", "source": "a file name"}[name]
        raise QueryError(f"'{name}:' needs {what} after it", at)
    if name == "tag":
        return TagTerm(plain.lower(), negated, span)
    if name == "id":
        prefix = normalise_arxiv_id(plain) or _VERSION.sub("", _ARXIV_SCHEME.sub("", plain))
        return IdTerm(prefix.lower(), negated, span)
    return SourceTerm(plain.lower(), negated, span)


def _parse_number(name: str, value: str, at: int) -> tuple[int | None, int | None]:
    """The inclusive range a numeric value means; QueryError pointing at the bad part."""
    examples = _NUMBER_EXAMPLES[name]
    if not value:
        raise QueryError(f"'{name}:' needs a number ({examples})", at)
    match = _NUMBER.fullmatch(value)
    if match:
        op, number = match.group(1) or "=", int(match.group(2))
        return {
            "=": (number, number),
            ">": (number + 1, None),
            ">=": (number, None),
            "<": (None, number - 1),
            "<=": (None, number),
        }[op]
    match = _RANGE.fullmatch(value)
    if match:
        low, high = int(match.group(1)), int(match.group(2))
        if low > high:
            raise QueryError(f"empty range '{name}:{value}': {low} is after {high}", at)
        return low, high
    op = re.match(r">=|<=|>|<|=", value)
    digits = re.match(r"\d+", value)
    if op and len(op.group()) == len(value):
        raise QueryError(f"'{name}:{value}' needs a number after {op.group()!r}", at + len(value))
    if digits and value[digits.end() :].startswith(".."):
        bad = digits.end() + 2
        raise QueryError(f"'{name}:{value}' needs a number after '..' ({examples})", at + bad)
    bad = op.end() if op else 0
    while bad < len(value) and value[bad].isdigit():
        bad += 1
    raise QueryError(f"bad number '{name}:{value}' ({examples})", at + bad)
