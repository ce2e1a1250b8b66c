"""The plain record every parser of this package returns, and its way into the library.

A ``FetchedPaper`` holds what a service said about one paper, as it said it (text
not yet sanitised). ``entries_of`` turns records into import entries through
``sources.base.ResultBuilder``, the door every imported file's text comes through:
the same sanitiser, the same limits, the same Problems for a record over one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..models import Entry, Problem
from ..sources.base import ResultBuilder


@dataclass(frozen=True, slots=True)
class FetchedPaper:
    """One paper as a service described it. ``arxiv_id`` has no version;
    ``published`` is a YYYY-MM-DD day or None; names in order, categories primary
    first."""

    arxiv_id: str
    title: str
    abstract: str
    published: str | None = None
    author_names: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    upvotes: int | None = None
    org: str | None = None


def entries_of(records: Iterable[FetchedPaper], source: str) -> tuple[list[Entry], list[Problem]]:
    """Import entries for ``records``, named as coming from ``source`` (``arxiv``,
    ``arxiv:cs.LG``, ``hf:2026-11-10``…); the records skipped, as Problems whose
    line is the record's place in the answer (1-based)."""
    builder = ResultBuilder(source)
    for number, record in enumerate(records, 1):
        builder.add(
            number,
            title=record.title,
            abstract=record.abstract,
            arxiv_id=record.arxiv_id,
            published=record.published,
            authors=len(record.author_names) or None,
            org=record.org,
            upvotes=record.upvotes,
            author_names=record.author_names,
            categories=record.categories,
        )
    return builder.result.entries, builder.result.problems
