"""The records paperdeck keeps: a paper from the corpus and a person's state for it.

Plain frozen dataclasses and pure helpers; no I/O. Every layer (sources, library,
search, export, TUI) speaks in these types. ``paper.py`` holds Paper, ``state.py``
PaperState and tags, ``text.py`` keys, arXiv ids and text folding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .paper import PAPER_FIELDS, Paper, papers_from_rows
from .state import PaperState, normalise_tag, split_tags
from .text import (
    DERIVED_TITLE_MAX,
    arxiv_url,
    clean_text,
    derive_title,
    first_sentence,
    normalise_arxiv_id,
    normalise_for_match,
    paper_key,
)

__all__ = [
    "DERIVED_TITLE_MAX",
    "PAPER_FIELDS",
    "Entry",
    "Paper",
    "PaperState",
    "ParseResult",
    "Problem",
    "arxiv_url",
    "clean_text",
    "derive_title",
    "first_sentence",
    "normalise_arxiv_id",
    "normalise_for_match",
    "normalise_tag",
    "paper_key",
    "papers_from_rows",
    "split_tags",
]


@dataclass(frozen=True, slots=True)
class Entry:
    """One paper read from a source file, with the line its entry starts on.

    ``state`` carries user state that the file itself holds (tags in a JSON file,
    or paperdeck's own JSON Lines export); the library applies it only to papers
    that are new to the library, so an import never overrides a person's triage.
    """

    paper: Paper
    line: int
    state: PaperState | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """An entry that an importer skipped: where it was and why."""

    source: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.reason}"


@dataclass(slots=True)
class ParseResult:
    """What an importer read from one file: the entries it kept and the ones it skipped."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Records a filter left out (a Kaggle snapshot's --category): neither kept nor
    # skipped as problems, only counted for the summary.
    passed_over: int = 0
