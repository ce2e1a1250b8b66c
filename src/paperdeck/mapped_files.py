"""Reading the derived files (columns.bin, search.idx) without holding their pages.

A mapped file's pages count in the process's resident size from the first touch
until they are unmapped. Linux keeps a file's page cache in large folios (up to
2 MB) when it was written or read in large pieces, as an import writes these files,
and a touch maps the whole folio: reading 31 abstracts at random from a freshly
written 130 MB column file mapped 44 MB (measured; the same 31 reads mapped 1 MB
once the page cache had been dropped). So the app's peak resident size followed the
page cache's history (247 or 331 MB at 100,000 papers, the same library and code),
not what it read. Here:

- :func:`let_go` unmaps every page of a mapping this process touched (the file is
  read-only here, so a page touched again is simply mapped again from the page
  cache): after a pass that copied what it needed (a checksum, a column copied out);
- :class:`PositionalReader` reads a byte range with ``pread``: a few strings read
  at random (a screen of rows, a paper's abstract) cost no mapped page at all.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import weakref

__all__ = ["PositionalReader", "let_go", "positional_reader"]


def let_go(mapped: mmap.mmap) -> None:
    """Unmap the pages of ``mapped`` this process touched (see the module notes)."""
    advice = getattr(mmap, "MADV_DONTNEED", None)
    if advice is not None:
        with contextlib.suppress(OSError, ValueError):
            mapped.madvise(advice)


class PositionalReader:
    """Byte ranges of one open file by ``pread``; the descriptor is its own (a
    duplicate) and is closed when the reader is collected."""

    __slots__ = ("__weakref__", "_fd")

    def __init__(self, fd: int) -> None:
        self._fd = fd
        weakref.finalize(self, os.close, fd)

    def read(self, start: int, stop: int) -> bytes:
        """The bytes from ``start`` to ``stop`` (a range inside the file)."""
        return os.pread(self._fd, stop - start, start)


def positional_reader(fileno: int) -> PositionalReader | None:
    """A reader of the file open as ``fileno`` (which the caller may close), or None
    where the system has no ``pread`` or the descriptor cannot be duplicated."""
    if not hasattr(os, "pread"):
        return None
    try:
        return PositionalReader(os.dup(fileno))
    except OSError:
        return None
