"""ColumnPapers: the corpus's papers as a lazy sequence over columns of bytes.

A library opened from its column file (library/columns_file.py) holds the text
as UTF-8 in a mapped file instead of 100,000 Paper objects built up front: a Paper
is made only when one is indexed (a few are kept), and the bulk readers (``keys``,
``titles``, ``abstracts``, ``sort_dates``) give whole columns to code that would
otherwise build every Paper to read one field. Code that does go through every
paper (the app's search index) gets them all built in one pass, kept from then on:
building them one by one, again for each pass, costs several times more.
"""

from __future__ import annotations

import gc
import marshal
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import pairwise
from typing import Any, overload

from .paper import PAPER_FIELDS, Paper, papers_from_rows

# Papers kept once built: enough for a screen and the rows around it.
_KEPT = 4096
# The most text as_list decodes at once (ASCII only): titles, not abstracts.
_WHOLE_DECODE = 1 << 26
# Papers built at a time by every(), the mapped pages let go after each batch.
_CHUNK = 16384
# The most strings ``at`` reads with ``read``: more come from the map, whose pages a
# batch of that size (a scan's) mostly touches anyway, at half the cost once mapped
# (1,024 abstracts: 0.96 ms sliced, 1.9 ms by pread).
_READ_AT_MOST = 256


class TextColumn(Sequence[str]):
    """Strings stored end to end as UTF-8, with n + 1 byte offsets."""

    __slots__ = ("_base", "_blob", "_let_go", "_offsets", "_read")

    def __init__(
        self,
        blob: Any,
        offsets: array[int],
        base: int = 0,
        *,
        read: Callable[[int, int], bytes] | None = None,
        let_go: Callable[[], None] | None = None,
    ) -> None:
        # bytes or an mmap: anything whose slices are bytes; the strings start at
        # ``base`` in it, and the offsets count from there. ``read`` (start, stop),
        # where given, reads a few strings without touching the map (a touch maps a
        # whole page-cache folio, up to 2 MB: see paperdeck.mapped_files), and
        # ``let_go`` unmaps what a pass over the whole column touched.
        self._blob = blob
        self._offsets = offsets
        self._base = base
        self._read = read
        self._let_go = let_go

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("text column index out of range")
        offsets = self._offsets
        base = self._base
        start, stop = base + offsets[index], base + offsets[index + 1]
        if self._read is not None:
            return self._read(start, stop).decode()
        return self._blob[start:stop].decode()

    def __iter__(self) -> Iterator[str]:
        blob = self._blob
        offsets = self._offsets
        base = self._base
        start = base + offsets[0]
        for position in range(1, len(offsets)):
            end = base + offsets[position]
            yield blob[start:end].decode()
            start = end

    def strings(self, start: int, stop: int) -> list[str]:
        """The strings from ``start`` to ``stop`` (0 <= start <= stop <= len), decoded."""
        blob = self._blob
        base = self._base
        ends = self._offsets[start : stop + 1]
        return [blob[base + begin : base + end].decode() for begin, end in pairwise(ends)]

    def at(self, positions: Sequence[int]) -> list[str]:
        """The strings at these positions, decoded."""
        base = self._base
        offsets = self._offsets
        read = self._read
        if read is not None and len(positions) <= _READ_AT_MOST:
            return [read(base + offsets[p], base + offsets[p + 1]).decode() for p in positions]
        blob = self._blob
        return [blob[base + offsets[p] : base + offsets[p + 1]].decode() for p in positions]

    def raw(self) -> tuple[memoryview, array[int]]:
        """Every string's UTF-8 end to end (not copied) and the n + 1 offsets into it."""
        base = self._base
        offsets = self._offsets
        return memoryview(self._blob)[base + offsets[0] : base + offsets[-1]], offsets

    def as_list(self) -> list[str]:
        """Every string, decoded (a search index building over the whole column)."""
        blob, offsets = self.raw()
        if blob.nbytes < _WHOLE_DECODE:
            data = bytes(blob)
            if self._let_go is not None:
                self._let_go()  # copied: the mapped pages are not needed
            if data.isascii():
                # One decode and a slice a string: byte offsets are character offsets.
                text = data.decode("ascii")
                return [text[begin:end] for begin, end in pairwise(offsets)]
        return list(self)


class ColumnPapers(Sequence[Paper]):
    """The papers of a corpus, in import order, over its columns.

    ``rows`` holds, per paper, its fields other than key, title and abstract as
    one marshalled tuple (in PAPER_FIELDS order without those three), decoded when
    the paper is built.
    """

    def __init__(
        self,
        keys: list[str],
        titles: TextColumn,
        abstracts: TextColumn,
        rows: RowColumn,
        sort_dates: list[str],
        release: Callable[[], None] | None = None,
        order: Sequence[int] | None = None,
        coded: Mapping[str, tuple[Sequence[Any], Sequence[int]]] | None = None,
    ) -> None:
        self._keys = keys
        # Fields also kept as (distinct values, a code per paper): read for every
        # paper without decoding the rows (see library/columns_file).
        self._coded = coded or {}
        # The search engine's default order of these papers, when the file holds it.
        self.stored_order = order
        self._titles = titles
        self._abstracts = abstracts
        self._rows = rows
        self._sort_dates = sort_dates
        self._kept: dict[int, Paper] = {}
        # Lets the mapped pages read so far go (they are read again if needed): once
        # the papers are built, holding the text twice would double the memory.
        self._release = release
        # Every paper, once something has gone through them all (see the docstring).
        self._every: list[Paper] | None = None
        # The import's dedup digests of these papers, when the file keeps them.
        self.stored_digests: Callable[[], list[bytes] | None] = lambda: None

    def __len__(self) -> int:
        return len(self._keys)

    @overload
    def __getitem__(self, index: int) -> Paper: ...
    @overload
    def __getitem__(self, index: slice) -> list[Paper]: ...
    def __getitem__(self, index: int | slice) -> Paper | list[Paper]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if self._every is not None:
            return self._every[index]
        if index < 0:
            index += len(self._keys)
        kept = self._kept.get(index)
        if kept is not None:
            return kept
        if not 0 <= index < len(self._keys):
            raise IndexError("paper index out of range")
        if len(self._kept) >= _KEPT:
            # Indexed paper after paper (a sort of them all): build them at once.
            return self.every()[index]
        paper = self._build(index)
        self._kept[index] = paper
        return paper

    def __iter__(self) -> Iterator[Paper]:
        return iter(self.every())

    def every(self) -> list[Paper]:
        """Every paper, built in one pass the first time and kept."""
        if self._every is None:
            # Half a million objects that all stay: collections while making them
            # would walk them again and again for nothing (0.9 -> 0.6 s at 100k).
            collecting = gc.isenabled()
            gc.disable()
            try:
                every: list[Paper] = []
                for start in range(0, len(self._keys), _CHUNK):
                    every.extend(self._built(start, min(start + _CHUNK, len(self._keys))))
                    if self._release is not None:
                        self._release()
                self._every = every
            finally:
                if collecting:
                    gc.enable()
            self._kept = {}
        return self._every

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ColumnPapers({len(self)} papers)"

    def _built(self, start: int, stop: int) -> list[Paper]:
        """The papers from ``start`` to ``stop``, built column by column."""
        loads = marshal.loads
        rows = [loads(row) for row in self._rows.records(start, stop)]
        columns = zip(
            self._keys[start:stop],
            self._titles.strings(start, stop),
            self._abstracts.strings(start, stop),
            rows,
            strict=True,
        )
        return papers_from_rows(
            (key, title, abstract, *rest) for key, title, abstract, rest in columns
        )

    def at(self, positions: Sequence[int]) -> list[Paper]:
        """The papers at these positions (each 0 <= p < len), built in one pass
        and not kept: what a query's answer shows, without building the rest."""
        if self._every is not None:
            every = self._every
            return [every[p] for p in positions]
        loads = marshal.loads
        keys = self._keys
        columns = zip(
            [keys[p] for p in positions],
            self._titles.at(positions),
            self._abstracts.at(positions),
            map(loads, self._rows.at(positions)),
            strict=True,
        )
        return papers_from_rows(
            (key, title, abstract, *rest) for key, title, abstract, rest in columns
        )

    def _build(self, index: int) -> Paper:
        rest = marshal.loads(self._rows.raw(index))
        (paper,) = papers_from_rows(
            [(self._keys[index], self._titles[index], self._abstracts[index], *rest)]
        )
        return paper

    # -- bulk readers: whole columns without building papers ---------------------------

    def keys(self) -> list[str]:
        """Every paper's key, in order."""
        return self._keys

    def titles(self) -> TextColumn:
        """Every paper's title, in order."""
        return self._titles

    def abstracts(self) -> TextColumn:
        """Every paper's abstract, in order."""
        return self._abstracts

    def sort_dates(self) -> list[str]:
        """Every paper's ``sort_date``, in order."""
        return self._sort_dates

    def values_at(self, positions: Sequence[int], names: Sequence[str]) -> list[list[Any]]:
        """Per field named (any but key, title and abstract), the values of the
        papers at these positions: only their rows decoded."""
        if self._every is not None:
            every = self._every
            return [[getattr(every[p], name) for p in positions] for name in names]
        coded = self._coded
        if all(name in coded for name in names):
            return [_decoded(*coded[name], positions) for name in names]
        places = _row_places(names)
        rows = list(map(marshal.loads, self._rows.at(positions)))
        return [[row[place] for row in rows] for place in places]

    def values(self, names: Sequence[str]) -> list[list[Any]]:
        """Per field named (any but key, title and abstract), every paper's value
        in order: the rows decoded in one pass, no Paper built."""
        if self._every is not None:
            every = self._every
            return [[getattr(paper, name) for paper in every] for name in names]
        coded = self._coded
        if all(name in coded for name in names):
            return [list(map(coded[name][0].__getitem__, coded[name][1])) for name in names]
        places = _row_places(names)
        loads = marshal.loads
        rows = [loads(row) for row in self._rows.records(0, len(self._keys))]
        return [[row[place] for row in rows] for place in places]


def _decoded(values: Sequence[Any], codes: Sequence[int], positions: Sequence[int]) -> list[Any]:
    return [values[codes[p]] for p in positions]


def _row_places(names: Sequence[str]) -> list[int]:
    """Where each named field sits in a row (rows hold all but the three columns)."""
    places = [PAPER_FIELDS.index(name) - 3 for name in names]
    if min(places, default=0) < 0:
        raise ValueError("key, title and abstract are columns of their own")
    return places


class RowColumn:
    """Per-paper byte records stored end to end, with n + 1 offsets."""

    __slots__ = ("_blob", "_offsets")

    def __init__(self, blob: Any, offsets: array[int]) -> None:
        self._blob = blob
        self._offsets = offsets

    def records(self, start: int, stop: int) -> list[bytes]:
        """The records from ``start`` to ``stop``."""
        blob = self._blob
        ends = self._offsets[start : stop + 1]
        return [blob[begin:end] for begin, end in pairwise(ends)]

    def at(self, positions: Sequence[int]) -> list[bytes]:
        """The records at these positions."""
        blob = self._blob
        offsets = self._offsets
        return [blob[offsets[p] : offsets[p + 1]] for p in positions]

    def raw(self, index: int) -> bytes:
        offsets = self._offsets
        return self._blob[offsets[index] : offsets[index + 1]]
