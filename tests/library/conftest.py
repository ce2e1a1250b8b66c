"""Fixtures of the library tests."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from factories import OpenLibrary, entries
from paperdeck.library import Library
from paperdeck.models import Paper


@pytest.fixture
def open_library(home: Path) -> Iterator[OpenLibrary]:
    """``open_library(papers, source="a.jsonl")``: a writable library at ``home`` that
    holds ``papers``, imported from ``source``; closed after the test."""
    opened: list[Library] = []

    def open_with(papers: Sequence[Paper], source: str = "a.jsonl") -> Library:
        library = Library.open(home, writable=True)
        opened.append(library)
        library.import_entries([source], entries(papers))
        return library

    yield open_with
    for library in opened:
        library.close()
