"""Where the recommender keeps its vectors: the library's data folder, once told.

numpy-free, so that opening a library (``paperdeck list``, the app's start) can name
the folder without loading the recommender. The CLI and the app call
:func:`keep_vectors_in` with the library's folder when they open it; until then
(a bench, a test over a plain list of papers) vectors live in memory only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from .. import paths
from ..models import Paper


class Generational(Protocol):
    """A library as the recommender sees it: its papers and their corpus generation."""

    @property
    def papers(self) -> Sequence[Paper]: ...

    @property
    def generation(self) -> int: ...


_folder: list[Path] = []
_library: list[Generational] = []


def keep_vectors_in(folder: Path | None, library: Generational | None = None) -> None:
    """Keep vectors in ``folder`` from now on (None: in memory only); with
    ``library``, the vectors of its very papers are stamped by its generation."""
    _folder[:] = [] if folder is None else [folder]
    _library[:] = [] if folder is None or library is None else [library]


def generation_of(papers: Sequence[Paper]) -> int | None:
    """The corpus generation of ``papers`` when they are the named library's papers
    (and it has generations), else None (they are stamped by their text)."""
    if not _library:
        return None
    library = _library[0]
    # The papers first, then the generation: an import sets them in that order, so a
    # list caught between the two gets the older generation, which its keys and
    # length (in the stamp) tell apart from the older corpus all but always.
    if library.papers is not papers:
        return None
    generation = library.generation
    return generation if generation > 0 else None


def vector_file() -> Path | None:
    """The vectors file to use, None when no folder was named."""
    return _folder[0] / paths.VECTORS_FILE if _folder else None
