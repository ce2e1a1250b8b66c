"""What a search gives: the positions of the papers a query matches, and the spans
to highlight in one of them (the engine, search/engine.py, makes both)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["SearchResult", "Spans"]


@dataclass(frozen=True, slots=True)
class Spans:
    """Character ranges to highlight in one paper, each ``(start, end)``, sorted and merged.

    Offsets refer to the paper's title as searched (the person's own title when
    they gave one, else ``Paper.title``) and to its ``abstract``.
    """

    title: tuple[tuple[int, int], ...]
    abstract: tuple[tuple[int, int], ...]


@dataclass(slots=True)
class SearchResult:
    """The answer to a query: ``positions`` index ``SearchIndex.papers``, best first."""

    query: str
    positions: Sequence[int]

    def __len__(self) -> int:
        return len(self.positions)
