"""The papers in the engine's id order, read column by column where the library can.

Internal ids number the papers newest first, then by folded title (see the engine).
:class:`PapersById` works that order out and gives the engine what it reads by id:
keys, titles and abstracts as whole lists, one paper's fields, and the Paper itself.

A library opened from its column file holds a :class:`~paperdeck.models.ColumnPapers`
(papers built only when indexed; bulk ``keys``, ``titles``, ``abstracts``,
``sort_dates``): the order and the text then come from the columns, and no Paper is
built until something asks for one (a number or field filter, ``is:new``... go
through every paper, as they always did). A plain list of Papers gives the same
order and the same lists.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Protocol, cast, overload, runtime_checkable

from paperdeck.models import Paper
from paperdeck.models.paper import PAPER_FIELDS
from paperdeck.search.lazy_text import RawAbstracts, TextBlob
from paperdeck.search.matching import fold

__all__ = ["PapersById", "default_order"]

# What ColumnPapers.values reads from the rows: every field but the three columns.
_ROW_FIELDS = frozenset(PAPER_FIELDS) - {"key", "title", "abstract"}
_READABLE = _ROW_FIELDS | {"key", "sort_date", "year"}


@runtime_checkable
class BulkPapers(Protocol):
    """What a column-backed sequence of papers offers besides indexing."""

    def keys(self) -> Sequence[str]: ...
    def titles(self) -> Sequence[str]: ...
    def abstracts(self) -> Sequence[str]: ...
    def sort_dates(self) -> Sequence[str]: ...
    def values(self, names: Sequence[str]) -> list[list[Any]]: ...


def _bulk(papers: Sequence[Paper]) -> BulkPapers | None:
    return cast(BulkPapers, papers) if isinstance(papers, BulkPapers) else None


def default_order(titles: Sequence[str], dates: Sequence[str]) -> list[int]:
    """Positions newest first, then by folded title, then in library order."""
    folded = list(map(fold, titles))
    # Two stable sorts: by title, then by date descending; ties keep title order,
    # then library order. The dates (a few thousand distinct at 100,000 papers)
    # are sorted as their ranks: small ints sort in half the time of strings.
    order = sorted(range(len(folded)), key=folded.__getitem__)
    rank = {date: i for i, date in enumerate(sorted(set(dates), reverse=True))}
    ranks = list(map(rank.__getitem__, dates))
    order.sort(key=ranks.__getitem__)
    return order


class PapersById(Sequence[Paper]):
    """``papers`` by internal id; ``order`` maps an id to its position in ``papers``."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self.papers = papers
        self._columns = _bulk(papers)
        self._list: list[Paper] | None = None
        self._titles: list[str] | None = None  # by position
        if self._columns is None:
            # A list of Papers: read every field from them, once.
            self._list = listed = list(papers)
            order = default_order([p.title for p in listed], [p.sort_date for p in listed])
            self._list = [listed[p] for p in order]
        else:
            stored = getattr(self._columns, "stored_order", None)
            if stored is not None and len(stored) == len(papers):
                # Worked out when the column file was written (library/columns_file).
                order = list(stored)
            else:
                order = default_order(self._titles_by_position(), self._columns.sort_dates())
        self.order = order
        self._keys: list[str] | None = None

    def _titles_by_position(self) -> list[str]:
        if self._titles is None:
            column = cast(BulkPapers, self._columns).titles()
            as_list = getattr(column, "as_list", None)
            self._titles = as_list() if as_list is not None else list(column)
        return self._titles

    def __len__(self) -> int:
        return len(self.order)

    @overload
    def __getitem__(self, i: int) -> Paper: ...
    @overload
    def __getitem__(self, i: slice) -> list[Paper]: ...
    def __getitem__(self, i: int | slice) -> Paper | list[Paper]:
        if self._list is not None:
            return self._list[i]
        if isinstance(i, slice):
            return [self.papers[p] for p in self.order[i]]
        return self.papers[self.order[i]]

    def __iter__(self) -> Iterator[Paper]:
        if self._list is None:
            # Everything at once (ColumnPapers builds them all in one pass, then keeps
            # them): what a filter over every paper needs.
            every = list(self.papers)
            self._list = [every[p] for p in self.order]
        return iter(self._list)

    # -- by id, without building papers where the columns allow ---------------------

    def position_keys(self) -> Sequence[str]:
        """Every paper's key in the order of ``papers`` (not by id)."""
        if self._columns is not None:
            return self._columns.keys()
        return [paper.key for paper in self.papers]

    def keys(self) -> list[str]:
        """Every paper's key, by id."""
        if self._keys is None:
            if self._columns is not None:
                keys = self._columns.keys()
                self._keys = [keys[p] for p in self.order]
            else:
                self._keys = [paper.key for paper in self]
        return self._keys

    def titles(self) -> list[str]:
        """Every paper's imported title, by id (a new list)."""
        if self._columns is not None:
            titles = self._titles_by_position()
            return [titles[p] for p in self.order]
        return [paper.title for paper in self]

    def abstracts(self) -> list[str]:
        """Every paper's abstract, by id."""
        if self._columns is not None and self._list is None:
            abstracts = self._columns.abstracts()
            as_list = getattr(abstracts, "as_list", None)
            every = as_list() if as_list is not None else list(abstracts)
            return [every[p] for p in self.order]
        return [paper.abstract for paper in self]

    def raw_abstracts(self) -> RawAbstracts | None:
        """The abstracts' column for lazy scans (see lazy_text), when the library
        has one with its text end to end."""
        if self._columns is None or self._list is not None:
            return None
        column = self._columns.abstracts()
        if not (hasattr(column, "raw") and hasattr(column, "at")):
            return None
        return RawAbstracts(cast(TextBlob, column), self.order)

    def values(self, *names: str) -> list[list[Any]]:
        """Per field (or ``sort_date``, ``year``) named, every paper's value by id;
        a column-backed library reads its columns and rows, no Paper built."""
        if self._columns is None or self._list is not None or not set(names) <= _READABLE:
            return [[getattr(paper, name) for paper in self] for name in names]
        order = self.order
        rows = [name for name in names if name in _ROW_FIELDS]
        found = dict(zip(rows, self._columns.values(rows), strict=True))
        if {"sort_date", "year"} & set(names):
            dates = self._columns.sort_dates()
            found["sort_date"] = list(dates)
            found["year"] = [int(date[:4]) if date else None for date in dates]
        return [self.keys() if name == "key" else [found[name][p] for p in order] for name in names]

    def key(self, i: int) -> str:
        return self.keys()[i]

    def title(self, i: int) -> str:
        """Paper i's imported title."""
        if self._columns is not None:
            if self._titles is None:  # one title read from the column, not all of them
                return self._columns.titles()[self.order[i]]
            return self._titles[self.order[i]]
        return self[i].title

    def abstract(self, i: int) -> str:
        if self._columns is not None and self._list is None:
            return self._columns.abstracts()[self.order[i]]
        return self[i].abstract
