"""What every importer shares: the one error type, text clean-up and entry building."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from paperdeck.models import Entry, Paper, PaperState, ParseResult, Problem, clean_text
from paperdeck.textsafety import (
    ABSTRACT_MAX_CHARS,
    AUTHOR_NAME_MAX_CHARS,
    AUTHOR_NAMES_MAX_PER_PAPER,
    CATEGORIES_MAX_PER_PAPER,
    CATEGORY_MAX_CHARS,
    TITLE_MAX_CHARS,
    TextLimitError,
    check_items,
    check_length,
    check_note,
    check_tags,
    sanitise_line,
    sanitise_text,
)

BOM = "\ufeff"

# Reasons quote pieces of the input; a whole abstract in a message helps nobody.
SNIPPET_MAX = 60


class SourceError(Exception):
    """The one error type for input that cannot be imported at all.

    ``source`` names the file, ``reason`` says what is wrong in words a person can act
    on, and ``line`` (1-based) points at the place when there is one. ``str()`` gives a
    single line: ``FILE:LINE: reason`` or ``FILE: reason``.
    """

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        self.source = source
        # The message is shown on one line in the CLI and the TUI, whatever the cause.
        self.reason = " ".join(reason.split())
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.source}:{self.line}: {self.reason}"
        return f"{self.source}: {self.reason}"

    def __reduce__(self) -> tuple[type[SourceError], tuple[str, str, int | None]]:
        # Exception pickling replays self.args, which would not match __init__; errors
        # cross process boundaries when imports run in a worker.
        return (SourceError, (self.source, self.reason, self.line))


# Called with the fraction of a file parsed so far, from 0.0 to 1.0.
ProgressCallback = Callable[[float], None]


class Parser(Protocol):
    """The signature every format module's ``parse`` has."""

    def __call__(
        self,
        text: str,
        source: str,
        *,
        year: int | None = None,
        progress: ProgressCallback | None = None,
    ) -> ParseResult: ...


def normalise_text(text: str) -> str:
    """Drop a leading UTF-8 BOM and turn CRLF and lone CR line ends into LF.

    Every parser counts lines on LF alone, so line numbers match what an editor shows
    whichever line ends the file had.
    """
    if text.startswith(BOM):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def snippet(text: str, limit: int = SNIPPET_MAX) -> str:
    """A short one-line quote of some input, for a Problem's reason."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# Report progress once in this many entries: often enough for a smooth bar, rarely
# enough to cost nothing next to building the papers.
_PROGRESS_EVERY = 2048


class ResultBuilder:
    """Collects the entries and problems of one parse, all naming the same source.

    With a ``progress`` callback and the ``text`` being parsed, it reports how far
    the parse has come by the line of each entry (parsers meet entries in line order),
    and never reports less than before.
    """

    def __init__(
        self, source: str, *, progress: ProgressCallback | None = None, text: str = ""
    ) -> None:
        # A file name may hold bytes that are not UTF-8 (surrogates once decoded),
        # which no library file or terminal can take.
        self.source = sanitise_line(source)
        self.result = ParseResult()
        self._progress = progress
        # Counting the lines of a large file costs a pass over it: only for progress.
        self._lines = text.count("\n") + 1 if progress is not None else 1
        self._reported = 0.0
        self._calls = 0
        # The share of the progress bar already spent before entries arrive (a parser
        # that scans the text first reports that scan itself).
        self._floor = 0.0

    def count_lines(self, lines: int) -> None:
        """The number of lines being parsed, for a parser reading them one at a time
        (given no ``text``): entries' lines are mapped onto the progress bar by it."""
        self._lines = max(1, lines)

    def report(self, fraction: float) -> None:
        """Tell the progress callback, if any, that ``fraction`` of the file is done."""
        if self._progress is not None and fraction > self._reported:
            self._reported = min(fraction, 1.0)
            self._progress(self._reported)

    def entries_from(self, floor: float) -> None:
        """Entries arrive from here on: map their lines onto the rest of the bar."""
        self._floor = floor
        self.report(floor)

    def _reached(self, line: int) -> None:
        self._calls += 1
        if self._progress is not None and self._calls % _PROGRESS_EVERY == 0:
            self.report(self._floor + (1.0 - self._floor) * line / self._lines)

    def problem(self, line: int, reason: str) -> None:
        """Record a skipped entry."""
        self._reached(line)
        self.result.problems.append(Problem(self.source, line, " ".join(reason.split())))

    def add(
        self,
        line: int,
        *,
        title: str | None = None,
        abstract: str | None = None,
        arxiv_id: str | None = None,
        published: str | None = None,
        authors: int | None = None,
        org: str | None = None,
        upvotes: int | None = None,
        date_hint: str | None = None,
        sources: tuple[str, ...] | None = None,
        author_names: Iterable[str] = (),
        categories: Iterable[str] = (),
        state: Callable[[Paper], PaperState | None] | None = None,
    ) -> Paper | None:
        """Build a paper with ``Paper.create`` and record it as an entry starting at ``line``.

        This is the door every importer's text comes through: title, abstract,
        organisation, author names, categories and the state's tags, note and title
        are sanitised
        (``paperdeck.textsafety``), and an entry with a field over its limit is
        skipped with a Problem naming the field and the limit. ``sources`` defaults
        to the file being read; a backup passes the files the paper first came from.
        ``state`` builds the entry's PaperState once the paper's key is known. Returns
        None (and records a Problem) when there is neither a title nor an abstract.
        """
        try:
            # Paper.create collapses the whitespace the sanitiser leaves.
            paper = Paper.create(
                title=_sanitised(title),
                abstract=_sanitised(abstract),
                arxiv_id=arxiv_id,
                published=published,
                authors=authors,
                org=sanitise_line(org) if org else org,
                upvotes=upvotes,
                sources=sources or (self.source,),
                date_hint=date_hint,
                author_names=[_sanitised(name) or "" for name in author_names],
                categories=[_sanitised(category) or "" for category in categories],
            )
        except ValueError:
            self.problem(line, "entry has neither a title nor an abstract")
            return None
        try:
            check_length("title", paper.title, TITLE_MAX_CHARS)
            check_length("abstract", paper.abstract, ABSTRACT_MAX_CHARS)
            check_items(
                "author names",
                paper.author_names,
                AUTHOR_NAMES_MAX_PER_PAPER,
                "an author name",
                AUTHOR_NAME_MAX_CHARS,
            )
            check_items(
                "categories",
                paper.categories,
                CATEGORIES_MAX_PER_PAPER,
                "a category",
                CATEGORY_MAX_CHARS,
            )
        except TextLimitError as error:
            self.problem(line, str(error))
            return None
        entry_state = state(paper) if state is not None else None
        if entry_state is not None:
            try:
                entry_state = sanitised_state(entry_state)
            except TextLimitError as error:
                self.problem(line, str(error))
                return None
        self._reached(line)
        self.result.entries.append(Entry(paper, line=line, state=entry_state))
        return paper


def _sanitised(text: str | None) -> str | None:
    # Printable ASCII has nothing to strip or normalise: most fields, at no call's cost.
    if not text or (text.isascii() and text.isprintable()):
        return text
    return sanitise_line(text)


def sanitised_state(state: PaperState) -> PaperState:
    """A state read from a file with its text sanitised; raises TextLimitError when a
    note, a tag or the number of tags is over its limit."""
    tags = tuple(tag for tag in (sanitise_line(tag) for tag in state.tags) if tag)
    note = sanitise_text(state.note)
    title = clean_text(sanitise_line(state.title)) if state.title else None
    check_tags(tags)
    check_note(note)
    check_length("title", title or "", TITLE_MAX_CHARS)
    return state.with_changes(tags=tags, note=note, title=title or None)
