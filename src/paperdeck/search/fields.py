"""Field filters on what identifies a paper: ``id:PREFIX``, ``source:FILE``,
``author:NAME`` and ``cat:CATEGORY``.

(``title:x`` and ``abstract:x`` are text terms: see text_terms and phrases.)

Each field has one string a paper, built once for the whole library (FIELD_STRINGS),
so that a term is a few substring tests a paper: every id, name or category sits
between newlines, and every word of a folded name after a space.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from itertools import repeat

from paperdeck.models import Paper
from paperdeck.search.terms import AuthorTerm, CategoryTerm, IdTerm, SourceTerm

__all__ = [
    "FIELD_STRINGS",
    "FieldTerm",
    "field_match",
    "field_name",
    "fold_name",
]

FieldTerm = IdTerm | SourceTerm | AuthorTerm | CategoryTerm

# Letters NFKD does not take apart, spelled as people type them without the accent.
_LETTERS = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
)
# Apostrophes join ("O'Brien" is found by obrien); any other non-word character splits.
_APOSTROPHES = re.compile(r"['’ʼ`]")
_NOT_WORD = re.compile(r"[\W_]+")


def fold_name(text: str) -> str:
    """A name as ``author:`` compares it: no accents, case folded, words of letters and
    digits separated by single spaces (``Jürgen Schmidhuber`` -> ``jurgen schmidhuber``)."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        text = text.translate(_LETTERS)
    return " ".join(_NOT_WORD.sub(" ", _APOSTROPHES.sub("", text.lower())).split())


def id_strings(papers: Sequence[Paper]) -> list[str]:
    """Per paper "\\nkey\\narxiv_id", lowercased: a prefix test is one substring test."""
    return [f"\n{paper.key}\n{paper.arxiv_id or ''}".lower() for paper in papers]


def source_strings(papers: Sequence[Paper]) -> list[str]:
    return ["\n".join(paper.sources).lower() for paper in papers]


def author_strings(papers: Sequence[Paper]) -> list[str]:
    """Per paper "\\n name one\\n name two": a space before every word, so a word
    prefix is " prefix", and a newline between names, so no match spans two."""
    return ["".join(f"\n {fold_name(name)}" for name in paper.author_names) for paper in papers]


def category_strings(papers: Sequence[Paper]) -> list[str]:
    """Per paper "\\ncs.lg\\nstat.ml\\n", lowercased."""
    return ["\n" + "".join(f"{c.lower()}\n" for c in paper.categories) for paper in papers]


FIELD_STRINGS: dict[str, Callable[[Sequence[Paper]], list[str]]] = {
    "id": id_strings,
    "source": source_strings,
    "author": author_strings,
    "cat": category_strings,
}


def field_name(term: FieldTerm) -> str:
    """The FIELD_STRINGS entry a term searches."""
    if isinstance(term, IdTerm):
        return "id"
    if isinstance(term, SourceTerm):
        return "source"
    return "author" if isinstance(term, AuthorTerm) else "cat"


def _needles(term: FieldTerm) -> tuple[str, ...]:
    if isinstance(term, IdTerm):
        return ("\n" + term.prefix,)
    if isinstance(term, SourceTerm):
        return (term.text,)
    if isinstance(term, AuthorTerm):
        return (" " + term.text,)
    name = term.name
    if name.endswith((".", "-")):
        return ("\n" + name,)
    # The category itself, or any of its archive: cs -> cs.LG, hep -> hep-th.
    return (f"\n{name}\n", f"\n{name}.", f"\n{name}-")


def field_match(term: FieldTerm, strings: list[str], ids: Iterable[int]) -> Iterable[bool]:
    """Whether each id matches (ignoring negation); strings from FIELD_STRINGS."""
    needles = _needles(term)
    if len(needles) == 1:
        # map over C functions: about twice the speed of a generator at 100,000 papers.
        return map(operator.contains, map(strings.__getitem__, ids), repeat(needles[0]))
    return (any(needle in strings[i] for needle in needles) for i in ids)
