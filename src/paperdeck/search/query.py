"""The query language of the filter box and ``paperdeck list`` (ARCHITECTURE.md, Query language).

``parse_query`` turns the text a person typed into a :class:`Query`: a tuple of
clauses that are ANDed, each clause a tuple of terms that are ORed. Terms are
frozen dataclasses that compare and hash without their position in the text, so
``"diffusion "`` and ``"diffusion"`` parse to equal queries (the engine caches on
that). Every problem raises :class:`QueryError` with the offset where it is.

Syntax, term by term (terms are separated by whitespace)::

    word          by tiers: exact word, word prefix, initials, stem, then (only when
                  none matches any paper) a typo, then a title subsequence; see tiers
    'word         exact substring of title or abstract (the rest is taken literally)
    "two words"   phrase: the words in this order, each gap in the text any run of
                  characters that are not letters or digits ("mixture of experts"
                  finds "Mixture-of-Experts"); may hold | and other operators
    '"two words"  exact substring: the characters as typed, one space between words
    ^word word$   title starts / ends with (^word$: the whole title)
    !term         negation of any term; !word excludes a word-prefix, never fuzzily
    a | b         OR between neighbouring terms
    tag:NAME  is:starred|read|unread|noted|new|updated|untitled
    year:2024  year:>=2023  year:2019..2021  upvotes:>10  authors:<5
    id:2406.09415  title:x  abstract:x  source:FILE
    author:NAME   an author's name has a word starting with NAME (accents and case
                  ignored: author:schmid finds "Jürgen Schmidhuber"); author:"yann lec"
                  whole words in order within one name, the last a prefix
    cat:cs.LG     in that arXiv category (any case); cat:cs every cs.* category
    like:2406.09415  the papers ordered by similarity to that one (itself left out);
                  the other terms still choose the papers; cannot be negated or ORed

Smart case: a text term is case-insensitive unless it holds an uppercase letter.
A word whose part before ``:`` is not a known field (``RT-2:``, ``arXiv:2406``) is
a plain fuzzy word. Field names are case-insensitive.
"""

from __future__ import annotations

import re

from paperdeck.models import normalise_arxiv_id
from paperdeck.search.fields import fold_name
from paperdeck.search.terms import (
    AuthorTerm,
    CategoryTerm,
    Clause,
    IdTerm,
    LikeTerm,
    MatchKind,
    NumberTerm,
    Query,
    SourceTerm,
    StateTerm,
    TagTerm,
    Term,
    TextField,
    TextTerm,
)

__all__ = [
    "STATES",
    "AuthorTerm",
    "CategoryTerm",
    "Clause",
    "IdTerm",
    "LikeTerm",
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

STATES = ("starred", "read", "unread", "noted", "new", "updated", "untitled")
NUMBER_FIELDS = ("year", "upvotes", "authors")
_FIELDS = frozenset(
    {"tag", "is", "id", "title", "abstract", "source", "author", "cat", "like", *NUMBER_FIELDS}
)
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
# What a field needs after its colon, for the error when nothing follows.
_NEEDS = {
    "tag": "a tag name",
    "id": "an id",
    "source": "a file name",
    "like": "a paper id",
    "author": "a name",
    "cat": "a category such as cs.LG",
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
    for clause in clauses:
        if len(clause) > 1:
            for term in clause:
                if isinstance(term, LikeTerm):
                    raise QueryError("'like:' orders the results: it cannot be ORed", term.span[0])
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
        raise QueryError(f"'{name}:' needs {_NEEDS[name]} after it", at)
    if name == "tag":
        return TagTerm(plain.lower(), negated, span)
    if name == "author":
        folded = fold_name(plain)
        if not folded:
            raise QueryError(f"'author:' needs a name with letters or digits, not {plain!r}", at)
        return AuthorTerm(folded, negated, span)
    if name == "cat":
        return CategoryTerm(plain.lower(), negated, span)
    if name in ("id", "like"):
        prefix = normalise_arxiv_id(plain) or _VERSION.sub("", _ARXIV_SCHEME.sub("", plain))
        if name == "id":
            return IdTerm(prefix.lower(), negated, span)
        if negated:
            raise QueryError("'like:' orders the results: it cannot be negated", span[0])
        return LikeTerm(prefix.lower(), negated, span)
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
