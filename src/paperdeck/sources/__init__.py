"""Importers: pure functions from the text of a file to papers plus problems.

``load_file`` reads a file and parses it; ``parse_text`` parses text already read;
``detect_format`` sniffs the format. Input that cannot be imported at all raises
``SourceError`` (the only exception these functions raise on bad input); input that is
only partly malformed gives the good entries and a Problem for each skipped one.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import cast

from paperdeck.models import ParseResult
from paperdeck.sources.base import Parser, ProgressCallback, SourceError, normalise_text
from paperdeck.sources.reading import (
    MAX_IMPORT_BYTES,
    STREAM_BYTES,
    LineReader,
    read_head,
    read_text,
)

__all__ = [
    "FORMATS",
    "MAX_IMPORT_BYTES",
    "SourceError",
    "detect_format",
    "load_file",
    "parse_text",
    "read_text",
]

FORMATS: tuple[str, ...] = ("abstracts", "viewer", "daily", "jsonl", "json", "bibtex", "kaggle")


# The module that reads each format. Each is imported when a file of its format is
# parsed: bibtexparser alone is the slowest import of the package, and a command that
# reads no file (list, star, ...) then loads none of them.
_PARSER_MODULES: dict[str, str] = {
    "abstracts": "abstracts",
    "viewer": "viewer",
    "daily": "daily",
    # One reader handles both JSON Lines and JSON documents, whichever the name says.
    "jsonl": "jsonl",
    "json": "jsonl",
    "bibtex": "bibtex",
    # The Kaggle arXiv metadata snapshot; a file of it is streamed (load_file).
    "kaggle": "kaggle",
}


def _parser(name: str) -> Parser:
    module = importlib.import_module(f"{__name__}.{_PARSER_MODULES[name]}")
    return cast(Parser, module.parse)


def detect_format(text: str) -> str | None:
    """The name of the format ``text`` is in (one of FORMATS), or None; see
    ``paperdeck.sources.detect``, imported on first use since it needs every parser."""
    from paperdeck.sources.detect import detect_format as detect

    return detect(text)


def parse_text(
    text: str,
    source: str,
    *,
    format: str | None = None,
    year: int | None = None,
    progress: ProgressCallback | None = None,
) -> ParseResult:
    """Parse the text of one file named ``source``.

    ``format`` is one of FORMATS, or None to detect it. ``year`` is the page year for
    daily-papers dates written without one. Raises SourceError when the text is empty,
    when no format fits, or when the format (forced or detected) finds no entry at all
    (the error then carries the first problem's line and reason); otherwise returns the
    entries read and a Problem for each entry skipped.
    """
    if format is not None and format not in _PARSER_MODULES:
        raise SourceError(source, f"unknown format {format!r} (expected one of {_names()})")
    text = normalise_text(text)
    if not text or text.isspace():
        raise SourceError(source, "is empty")
    name = format or detect_format(text)
    if name is None:
        raise SourceError(source, f"is not in a known format (expected one of {_names()})")
    result = _parser(name)(text, source, year=year, progress=progress)
    _require_entries(result, source, name, forced=format is not None)
    return result


def _require_entries(result: ParseResult, source: str, name: str, *, forced: bool) -> None:
    """Raise SourceError when a parse found no entry at all (see parse_text)."""
    if not result.entries:
        first = result.problems[0] if result.problems else None
        why = first.reason if first else "no entry found"
        if not forced:
            reason = f"has no paper that could be imported (read as {name}: {why})"
        else:
            reason = f"is not in a known format (expected {name}: {why})"
        raise SourceError(source, reason, first.line if first else None)


def load_file(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    year: int | None = None,
    progress: ProgressCallback | None = None,
    max_size: int | None = MAX_IMPORT_BYTES,
    categories: Iterable[str] = (),
) -> ParseResult:
    """Read and parse one file (see read_text and parse_text).

    A Kaggle arXiv snapshot (detected, or ``format="kaggle"``) is streamed rather than
    read whole (``paperdeck.sources.streaming``); ``categories`` are the prefixes of
    the categories to keep from it, and a file that is no snapshot cannot have them.
    Entries and problems name the file by its base name. A SourceError names it by the
    path as given, so the message points at the file the person typed.
    """
    source = os.fspath(path)
    if format is not None and format not in _PARSER_MODULES:
        raise SourceError(source, f"unknown format {format!r} (expected one of {_names()})")
    prefixes = tuple(categories)
    name = format or detect_format(read_head(path))
    if name == "kaggle":
        return _load_snapshot(path, prefixes, progress, max_size, forced=format is not None)
    if prefixes:
        found = f"it reads as {name}" if name else "its format is not known"
        raise SourceError(
            source,
            f"is not a Kaggle arXiv snapshot ({found}); --category applies only to snapshots",
        )
    if name == "daily" and _size_of(path) > STREAM_BYTES:
        return _load_daily_lines(path, source, year, progress, max_size, forced=format is not None)
    text = read_text(path, max_size=max_size)
    try:
        return parse_text(text, Path(path).name, format=format, year=year, progress=progress)
    except SourceError as error:
        raise SourceError(os.fspath(path), error.reason, error.line) from None


def _size_of(path: str | os.PathLike[str]) -> int:
    """The file's size, or 0 when it cannot be known (read_text then says why)."""
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _load_daily_lines(
    path: str | os.PathLike[str],
    source: str,
    year: int | None,
    progress: ProgressCallback | None,
    max_size: int | None,
    *,
    forced: bool,
) -> ParseResult:
    """A large daily page, read a line at a time (see STREAM_BYTES)."""
    from paperdeck.sources.daily import parse_lines

    reader = LineReader(path, max_size=max_size)
    result = parse_lines(
        reader, Path(path).name, year=year, progress=progress, scanned=lambda _: reader.fraction
    )
    _require_entries(result, source, "daily", forced=forced)
    return result


def _load_snapshot(
    path: str | os.PathLike[str],
    prefixes: tuple[str, ...],
    progress: ProgressCallback | None,
    max_size: int | None,
    *,
    forced: bool,
) -> ParseResult:
    from paperdeck.sources.kaggle import CategoryFilter
    from paperdeck.sources.streaming import load_snapshot

    source = os.fspath(path)
    try:
        wanted = CategoryFilter(prefixes) if prefixes else None
    except ValueError as error:
        raise SourceError(source, str(error)) from None
    result = load_snapshot(path, wanted=wanted, progress=progress, max_size=max_size)
    if wanted is not None and not result.entries and not result.problems:
        # Nothing in those categories is not a broken file: an empty, honest result.
        return result
    _require_entries(result, source, "kaggle", forced=forced)
    return result


def _names() -> str:
    return ", ".join(FORMATS)
