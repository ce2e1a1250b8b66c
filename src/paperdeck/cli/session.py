"""The library as commands reach it: opened with one-line errors, queried, and ids
resolved to papers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..library import (
    DEFAULT_WAIT_SECONDS,
    Library,
    LibraryBusyError,
    PaperNotFoundError,
    StorageError,
)
from ..models import Paper
from .output import EXIT_LIBRARY, UserError, fail, say

if TYPE_CHECKING:
    from ..search import Query

# How long a command that writes waits for another paperdeck's write to finish
# (the lock is held per write, so this is only ever felt behind a long import);
# nothing is said before it runs out.
WRITER_WAIT_SECONDS = DEFAULT_WAIT_SECONDS


def open_library(*, writable: bool) -> Library:
    """Open the library, turning the ways it can fail into one-line errors. A
    command that writes stops here (exit 3) when the library cannot be written;
    apps and other commands having it open are no reason."""
    try:
        library = Library.open(writable=writable, wait=WRITER_WAIT_SECONDS)
    except (LibraryBusyError, StorageError) as error:
        fail(str(error), EXIT_LIBRARY)
    if writable and library.read_only_reason is not None:
        fail(f"cannot change the library: {library.read_only_reason}", EXIT_LIBRARY)
    for warning in library.warnings:
        say(f"paperdeck: warning: {warning}", "yellow", stderr=True)
    # numpy-free: names the folder; the recommender loads only if a command asks.
    from ..recommend.location import keep_vectors_in

    keep_vectors_in(library.home, library)
    return library


def run_query(library: Library, words: Sequence[str]) -> list[Paper]:
    """Papers matching a query in the docs/ARCHITECTURE.md language, best first."""
    return papers_at(library.papers, query_positions(library, words))


def query_positions(library: Library, words: Sequence[str]) -> Sequence[int]:
    """The positions in ``library.papers`` of the papers a query matches, best first."""
    from ..search import QueryError, SearchIndex, parse_query

    index = SearchIndex(
        library.papers,
        library.states,
        latest_import=library.latest_import,
        index_file=library.search_index_file(),
    )
    # The app keeps search.idx fresh: when it is, words are looked up, not scanned.
    # Never built here (a single query scans faster than a build), nor mapped for a
    # query of filters alone (is:, year:, tag:...), which reads no word of it.
    try:
        if _has_text(parse_query(" ".join(words))):
            index.map_index_file()
        result = index.search(" ".join(words))
    except QueryError as error:
        raise UserError(f"bad query: {error}") from error
    return result.positions


def _has_text(query: Query) -> bool:
    from ..search.terms import TextTerm

    return any(isinstance(term, TextTerm) for clause in query.clauses for term in clause)


def papers_at(papers: Sequence[Paper], positions: Sequence[int]) -> list[Paper]:
    """The papers at these positions; a column-backed library builds only those."""
    at = getattr(papers, "at", None)
    if at is not None:
        chosen: list[Paper] = at(positions)
        return chosen
    return [papers[position] for position in positions]


def check_query(text: str) -> None:
    """A UserError for a query that does not parse (without searching anything)."""
    from ..search import QueryError, parse_query

    try:
        parse_query(text)
    except QueryError as error:
        raise UserError(f"bad query: {error}") from error


def resolve_all(library: Library, ids: Sequence[str]) -> list[Paper]:
    """Every paper named, or a UserError for the first unknown id (nothing changes)."""
    try:
        return [library.resolve(ident) for ident in ids]
    except PaperNotFoundError as error:
        raise UserError(str(error)) from error
