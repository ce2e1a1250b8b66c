"""The normalised abstracts of a column-backed library, built only where a scan looks.

A library opened from its column file holds every abstract as UTF-8 in one mapped
blob. Normalising all of them (what :class:`~paperdeck.search.corpus.TextIndex`
scans) costs most of a single query at 100,000 papers, and most papers cannot
match it anyway. Here:

- :class:`RawAbstracts` finds the papers whose abstract *may* hold a word with
  ``bytes.find`` over the blob, lowercased once: for an ASCII abstract, the folded
  and normalised text keeps every letter and digit where it was (lowercased) and
  makes every other character a space, so a needle of ASCII letters and digits that
  occurs in the normalised text occurs in the lowercased bytes at the same place.
  Abstracts with any other character (whose lowercase may be ASCII: 'K', the Kelvin
  sign, is 'k') are always candidates. The answer is a superset; the scan that
  follows on the normalised text of the candidates decides, as before.
- :class:`LazyDocs` holds the normalised docs by id and builds the missing ones
  in batches, with the function a whole build uses (``docs.build_docs``), so a
  doc is the same string either way.
"""

from __future__ import annotations

import operator
import threading
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import compress, repeat
from typing import Protocol

from paperdeck.search.docs import build_docs

__all__ = ["LazyAbstracts", "LazyDocs", "RawAbstracts", "ascii_core", "ids_in_order"]

# A walk in id order (ids_in_order): ids a batch, and the batches read before it
# looks only at the papers that may hold the word.
_FIRST_STEP = 1024
_FIRST_BATCHES = 4
# Bytes lowercased at a time: the blob is lowercased into one buffer piece by piece,
# so that its lowercased copy is the only one held.
_LOWER_STEP = 1 << 24


class TextBlob(Protocol):
    """A column of strings stored end to end (models.column_papers.TextColumn)."""

    def raw(self) -> tuple[bytes | memoryview, array[int]]: ...
    def at(self, positions: Sequence[int]) -> list[str]: ...
    def __len__(self) -> int: ...


def ascii_core(needle: str) -> str | None:
    """The needle without its spaces when what is left is ASCII letters and digits
    (what RawAbstracts can look for), else None."""
    core = needle.strip(" ")
    if core and core.isascii() and core.isalnum():
        return core
    return None


class RawAbstracts:
    """The abstracts of a column, by internal id (``order`` maps an id to a position)."""

    def __init__(self, column: TextBlob, order: Sequence[int]) -> None:
        self._column = column
        self._order = order
        self._lock = threading.Lock()
        self._lowered: bytearray | None = None
        self._offsets: array[int] | None = None
        self._id_of: list[int] | None = None  # position -> id
        self._always: list[int] = []  # positions of abstracts that are not all ASCII

    def __len__(self) -> int:
        return len(self._order)

    def at(self, ids: Sequence[int]) -> list[str]:
        """The abstracts of these ids, as written."""
        order = self._order
        return self._column.at([order[i] for i in ids])

    def written(self) -> LazyAbstracts:
        """The abstracts as written, by id, as a sequence decoded when read."""
        return LazyAbstracts(self)

    def candidates(self, core: str) -> set[int]:
        """The ids whose abstract may hold ``core`` (ASCII letters and digits, see
        ascii_core), after normalising; a superset (see the module notes)."""
        lowered, offsets, id_of, always = self._prepared()
        needle = core.lower().encode("ascii")
        found = set(always)
        last = len(offsets) - 2
        at = lowered.find(needle)
        while at >= 0:
            position = bisect_right(offsets, at) - 1
            found.add(position)
            if position >= last:
                break
            # One hit is enough for a paper: go on from the next one's start.
            at = lowered.find(needle, offsets[position + 1])
        return {id_of[position] for position in found}

    def release(self) -> None:
        """Forget the lowercased copy (the word index answers from now on)."""
        with self._lock:
            self._lowered = None

    def _prepared(self) -> tuple[bytearray, array[int], list[int], list[int]]:
        with self._lock:
            if self._lowered is None or self._offsets is None or self._id_of is None:
                blob, offsets = self._column.raw()
                lowered = bytearray(len(blob))
                for start in range(0, len(blob), _LOWER_STEP):
                    piece = bytes(blob[start : start + _LOWER_STEP])
                    lowered[start : start + len(piece)] = piece.lower()
                id_of = [0] * len(self._order)
                for i, position in enumerate(self._order):
                    id_of[position] = i
                always: list[int] = []
                if not lowered.isascii():
                    view = memoryview(lowered)
                    always = [
                        p
                        for p in range(len(offsets) - 1)
                        if not view[offsets[p] : offsets[p + 1]].tobytes().isascii()
                    ]
                self._lowered, self._offsets, self._id_of = lowered, offsets, id_of
                self._always = always
            return self._lowered, self._offsets, self._id_of, self._always


# Up to this many docs are built from titles read one by one (a few, for an
# initialism's definitions or a page of results); more load the whole list.
_TITLES_READ_ALONE = 256


class WrittenTitles:
    """The titles as written (and as searched), by id, made by ``load`` when first
    read: a query a mapped search.idx answers never reads them, and making them
    (decoding the column, putting it in id order) is ~50 ms at 100,000 papers."""

    def __init__(
        self,
        load: Callable[[], list[str]],
        given: dict[int, str] | None = None,
        one: Callable[[int], str] | None = None,
    ) -> None:
        self._load: Callable[[], list[str]] | None = load
        self._given = given or {}  # id -> a title of the person's own, put in place
        self._one = one  # reads one imported title by id, without loading them all
        self._titles: list[str] = []
        self._lock = threading.Lock()

    def title(self, i: int) -> str:
        """Title i as searched; read alone while the list is not loaded (an
        initialism's expansions read a few titles: loading a million cost 1.3 s)."""
        if self._one is not None and self._load is not None:
            given = self._given.get(i)
            return given if given is not None else self._one(i)
        return self.get()[i]

    def get(self) -> list[str]:
        if self._load is not None:
            with self._lock:
                if self._load is not None:
                    titles = self._load()
                    for i, title in self._given.items():
                        titles[i] = title
                    self._titles, self._load = titles, None
        return self._titles


class LazyDocs(Sequence[str]):
    """Normalised docs by id, built from ``titles`` (as searched, by id: the list
    is read when a doc is built) and the abstracts when first read."""

    def __init__(self, titles: WrittenTitles, abstracts: RawAbstracts) -> None:
        self._titles = titles
        self._abstracts = abstracts
        self._docs: list[str | None] = [None] * len(abstracts)
        self._missing = len(abstracts)
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return len(self._docs)

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        doc = self._docs[i]
        if doc is None:
            self.fill((i,))
            doc = self._docs[i]
            assert doc is not None
        return doc

    def __setitem__(self, i: int, doc: str) -> None:
        with self._lock:
            if self._docs[i] is None:
                self._missing -= 1
            self._docs[i] = doc

    def take(self, ids: Iterable[int]) -> list[str]:
        """The docs of these ids, the missing ones built in one batch."""
        ids = list(ids)
        self.fill(ids)
        docs = self._docs
        return [doc for doc in map(docs.__getitem__, ids) if doc is not None]

    def every(self) -> list[str]:
        """Every doc (the word index is built over them all)."""
        if self._missing:
            self.fill(range(len(self._docs)))
        return [doc for doc in self._docs if doc is not None]

    def fill(self, ids: Iterable[int]) -> None:
        """Build the docs of these ids that are missing."""
        docs = self._docs
        if not self._missing:
            return
        with self._lock:
            missing = [i for i in ids if docs[i] is None]
            if not missing:
                return
            written = self._titles
            if len(missing) <= _TITLES_READ_ALONE:
                titles = list(map(written.title, missing))
            else:
                titles = list(map(written.get().__getitem__, missing))
            built, _ = build_docs(titles, self._abstracts.at(missing))
            for i, doc in zip(missing, built, strict=True):
                docs[i] = doc
            self._missing -= len(missing)


class LazyAbstracts(Sequence[str]):
    """The abstracts as written, by id, decoded when read."""

    def __init__(self, abstracts: RawAbstracts) -> None:
        self._abstracts = abstracts

    def __len__(self) -> int:
        return len(self._abstracts)

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        return self._abstracts.at((i,))[0]


def ids_in_order(docs: LazyDocs, raw: RawAbstracts, titles: list[str], text: str) -> Iterator[int]:
    """Every id in order, for a walk over the docs that may stop early (the first
    papers using a word): the docs are built a batch at a time, and after a few
    batches only the papers whose title (normalised, ``titles``) or raw abstract
    may hold ``text`` are read."""
    step = _FIRST_STEP
    core = ascii_core(text)
    ids = range(len(titles))
    for start in range(0, len(titles), step):
        if core is not None and start >= _FIRST_BATCHES * step:
            in_titles = compress(ids, map(operator.contains, titles, repeat(core)))
            rest = [i for i in sorted(raw.candidates(core).union(in_titles)) if i >= start]
            docs.fill(rest)
            yield from rest
            return
        batch = ids[start : start + step]
        docs.fill(batch)
        yield from batch
