"""A word index over the engine's normalised text, and sets of papers as masks.

The engine's scans read every abstract (140 MB at 100,000 papers), which costs
25-110 ms per term however cheap each ``find`` is: the time goes in cache misses.
While a person types the first letters of a word nearly every paper still matches,
so narrowing cannot help either. This index answers "which papers have a title or
abstract word that starts with (or contains) this text" from a sorted vocabulary
instead: the words in range are found by bisection and their postings united.

Sets of papers are *masks*: an ``int`` holding one byte per internal id (byte ``i``,
little-endian, is 1 when id ``i`` is in the set, else 0). Python's big-integer ``&``,
``|`` and ``& ~`` then work byte by byte at C speed (about 20 microseconds for
100,000 papers), multiplying by a small number turns a set into a column of scores,
and ``to_bytes`` gives ``bytes`` that ``itertools.compress`` and ``bytes.translate``
read directly.

Postings are kept compact: a word in more than 1/32 of the papers as a bitset ``int``
(one bit a paper, smaller than its ids), any other word as an ``array('i')`` of ids.
Building takes a split of every paper's text, about 3.5 s for 100,000 papers, so
it is built by :meth:`SearchIndex.warm` in the background and searches use the scans
until it is ready.

The first letter or two of a query start a large share of the vocabulary (a
tenth of a million abstract words start with "d" at a million papers), and uniting
their postings took 0.2-0.5 s a key. So each 1-2 character prefix that starts more
than :data:`PREFIX_WORDS` words keeps the bitset of its papers: worked out when the
index is stored (search.idx keeps them), else on its first lookup.
"""

from __future__ import annotations

import operator
from array import array
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from itertools import chain, compress, repeat

from paperdeck.search.index_file import MappedField, encode_index

__all__ = ["WordIndex", "mask_from_ids", "mask_of_bytes", "ones_mask"]

# The highest code point: a word starting with the prefix sorts below prefix + this.
_LAST = "\U0010ffff"
# bytes.translate tables between the '0'/'1' digits of bin() and 0/1 bytes.
_ASCII_TO_01 = bytes(1 if b == ord("1") else 0 for b in range(256))
_01_TO_ASCII = bytes(ord("1") if b else ord("0") for b in range(256))
# A word in more papers than this share of them is stored as a bitset.
_DENSE_SHARE = 32
# Prefixes up to this long that start more than PREFIX_WORDS words keep a bitset.
SHORT_PREFIX = 2
PREFIX_WORDS = 500


def ones_mask(n: int) -> int:
    """The mask holding every id below n."""
    return int.from_bytes(b"\x01" * n, "little")


def mask_of_bytes(data: bytes | bytearray) -> int:
    """A mask from bytes of 0 and 1, one per id."""
    return int.from_bytes(data, "little")


def mask_from_ids(ids: Iterable[int], n: int) -> int:
    """The mask holding ids (each below n)."""
    data = bytearray(n)
    deque(map(data.__setitem__, ids, repeat(1)), maxlen=0)
    return int.from_bytes(data, "little")


def _bits_to_bytes(bits: int, n: int) -> bytearray:
    """One byte of 0 or 1 per id from a bitset (bit i is id i); C speed via bin()."""
    digits = bin(bits)[:1:-1]  # least significant bit first, without "0b"
    return bytearray(digits.ljust(n, "0").encode().translate(_ASCII_TO_01))


def _bytes_to_bits(data: bytes | bytearray) -> int:
    return int(bytes(data[::-1]).translate(_01_TO_ASCII), 2)


class _Field:
    """Sorted vocabulary of one field and, aligned, each word's postings."""

    __slots__ = ("_stored_prefix", "n", "postings", "prefix_bits", "words")

    # Postings: a bitset int, else the ids (an array, or a memoryview of the file's).
    postings: Sequence[object]

    def __init__(self, n: int, table: dict[str, array[int]]) -> None:
        self.n = n
        self.words: list[str] = sorted(table)
        dense = n // _DENSE_SHARE
        postings: list[object] = []
        for word in self.words:
            ids = table[word]
            if len(ids) > dense:
                data = bytearray(n)
                deque(map(data.__setitem__, ids, repeat(1)), maxlen=0)
                postings.append(_bytes_to_bits(data))
            else:
                postings.append(ids)
        self.postings = postings
        self.prefix_bits: dict[str, int] = {}  # see the module notes
        self._stored_prefix: Callable[[str], int | None] | None = None

    @classmethod
    def mapped(cls, n: int, mapped: MappedField) -> _Field:
        """A field whose postings are read from the index file on demand."""
        field = cls.__new__(cls)
        field.n = n
        field.words = mapped.words
        field.postings = mapped.postings
        field.prefix_bits = {}
        field._stored_prefix = mapped.prefix_bits
        return field

    def prefix_mask(self, text: str) -> int:
        """The mask of the papers with a word starting with text."""
        numbers = self.prefixed(text)
        if len(text) > SHORT_PREFIX or len(numbers) <= PREFIX_WORDS:
            return self.union(numbers)
        bits = self.prefix_bits.get(text)
        if bits is None and self._stored_prefix is not None:
            bits = self._stored_prefix(text)
        if bits is None:
            mask = self.union(numbers)
            # Kept (as the smaller bitset): at most a few hundred such prefixes.
            self.prefix_bits[text] = _bytes_to_bits(mask.to_bytes(self.n, "little"))
            return mask
        return int.from_bytes(_bits_to_bytes(bits, self.n), "little") if bits else 0

    def frequent_prefixes(self) -> dict[str, int]:
        """The bitset of every prefix that keeps one (see the module notes)."""
        words = self.words
        found: dict[str, int] = {}
        for length in range(SHORT_PREFIX, 0, -1):
            for prefix in sorted({word[:length] for word in words if len(word) >= length}):
                if len(self.prefixed(prefix)) > PREFIX_WORDS:
                    self.prefix_mask(prefix)
                    found[prefix] = self.prefix_bits[prefix]
        return found

    def prefixed(self, text: str) -> range:
        """The word numbers of the words starting with text."""
        words = self.words
        return range(bisect_left(words, text), bisect_left(words, text + _LAST))

    def exact(self, word: str) -> range:
        """The word number of word, if it is one (an empty range if not)."""
        words = self.words
        at = bisect_left(words, word)
        return range(at, at + 1) if at < len(words) and words[at] == word else range(0)

    def containing(self, text: str) -> Iterable[int]:
        """The word numbers of the words holding text."""
        words = self.words
        return compress(range(len(words)), map(operator.contains, words, repeat(text)))

    def union(self, numbers: Iterable[int]) -> int:
        """The mask of the papers holding any of the numbered words."""
        bits = 0
        sparse: list[Iterable[int]] = []
        postings = self.postings
        for k in numbers:
            entry = postings[k]
            if isinstance(entry, int):
                bits |= entry
            else:
                sparse.append(entry)  # type: ignore[arg-type]
        if not sparse:
            return int.from_bytes(_bits_to_bytes(bits, self.n), "little") if bits else 0
        data = _bits_to_bytes(bits, self.n) if bits else bytearray(self.n)
        deque(map(data.__setitem__, chain.from_iterable(sparse), repeat(1)), maxlen=0)
        return int.from_bytes(data, "little")


class WordIndex:
    """Which papers (internal ids) have a title or abstract word with some text.

    ``titles`` and ``docs`` are the normalised text by id (see
    :mod:`paperdeck.search.corpus`): words are the runs between spaces, so "a word
    starts with text" is what a scan's ``find(" " + text)`` tests.
    """

    def __init__(self, titles: Sequence[str], docs: Sequence[str], title_end: Sequence[int]):
        n = len(docs)
        self.n = n
        title_words: dict[str, array[int]] = {}
        abstract_words: dict[str, array[int]] = {}

        def column(table: dict[str, array[int]]) -> Callable[[str], array[int]]:
            # A new word gets an empty array; map() calls this at C speed per word.
            def get(word: str) -> array[int]:
                ids = table.get(word)
                if ids is None:
                    ids = table[word] = array("i")
                return ids

            return get

        title_get = column(title_words)
        abstract_get = column(abstract_words)
        append = array.append
        for i, (title, doc, end) in enumerate(zip(titles, docs, title_end, strict=True)):
            deque(map(append, map(title_get, set(title.split())), repeat(i)), maxlen=0)
            abstract = set(doc[end + 1 :].split())
            deque(map(append, map(abstract_get, abstract), repeat(i)), maxlen=0)
        self._titles = _Field(n, title_words)
        self._abstracts = _Field(n, abstract_words)

    @classmethod
    def from_file(cls, n: int, titles: MappedField, abstracts: MappedField) -> WordIndex:
        """The index read back from search.idx (see :mod:`paperdeck.search.index_file`)."""
        index = cls.__new__(cls)
        index.n = n
        index._titles = _Field.mapped(n, titles)
        index._abstracts = _Field.mapped(n, abstracts)
        return index

    def encode(self, stamp: tuple[int, int], key_hash: bytes) -> list[bytes] | None:
        """This index as the content of search.idx (None: it cannot be stored)."""
        fields = [
            (f.words, f.postings, f.frequent_prefixes()) for f in (self._titles, self._abstracts)
        ]
        return encode_index(stamp, key_hash, self.n, fields)

    def _field(self, title: bool) -> _Field:
        return self._titles if title else self._abstracts

    def exact(self, title: bool, word: str) -> int:
        """Papers whose title (else abstract) has this word."""
        field = self._field(title)
        return field.union(field.exact(word))

    def prefixed(self, title: bool, text: str, accept: Callable[[str], bool] | None = None) -> int:
        """Papers with a title (else abstract) word starting with text (that accept takes)."""
        field = self._field(title)
        if accept is None:
            return field.prefix_mask(text)
        words = field.words
        return field.union([k for k in field.prefixed(text) if accept(words[k])])

    def containing(self, title: bool, text: str) -> int:
        """Papers whose title (else abstract) holds text (no space: inside one word)."""
        field = self._field(title)
        return field.union(field.containing(text))

    def title_words(self) -> list[str]:
        """Every distinct title word, sorted."""
        return self._titles.words
