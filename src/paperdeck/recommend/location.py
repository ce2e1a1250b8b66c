"""Where the recommender keeps its vectors: the library's data folder, once told.

numpy-free, so that opening a library (``paperdeck list``, the app's start) can name
the folder without loading the recommender. The CLI and the app call
:func:`keep_vectors_in` with the library's folder when they open it; until then
(a bench, a test over a plain list of papers) vectors live in memory only.
"""

from __future__ import annotations

from pathlib import Path

from .. import paths

_folder: list[Path] = []


def keep_vectors_in(folder: Path | None) -> None:
    """Keep vectors in ``folder`` from now on (None: in memory only)."""
    _folder[:] = [] if folder is None else [folder]


def vector_file() -> Path | None:
    """The vectors file to use, None when no folder was named."""
    return _folder[0] / paths.VECTORS_FILE if _folder else None
