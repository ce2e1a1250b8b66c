"""search.idx: the word index (:mod:`paperdeck.search.wordindex`) kept on disk.

Building the word index splits every paper's text, about 6 s at 100,000 papers,
while reading it back from a file costs a few tens of milliseconds: the file is
mapped, the two vocabularies are split once, and each word's postings are decoded
only when a lookup asks for them.

The file is derived, never a source of truth. It is used only when its header
matches the library as it is now: the corpus generation and corpus size it was
built from, the number of papers, and a hash of the papers' keys in the engine's
internal id order (an order that changed means every id is wrong). A file that is
missing, stale, short or damaged (its body's CRC does not match) is ignored and the
engine builds the index in memory, then writes a new file when the library is
writable.

Layout, all little-endian::

    header   magic, format version, generation, corpus size, n, key hash,
             body length, body CRC-32
    body     per field (titles, then abstracts):
             word count, vocabulary length, postings length (3 x u64)
             vocabulary: the sorted words, "\\n"-joined UTF-8, padded to 8 bytes
             starts: i64 per word, the offset of its postings in the postings area
             counts: i32 per word, its number of ids; -1 for a bitset of n bits
             (padded to 8 bytes)
             postings: i32 ids, or a bitset of n bits (bit i = id i) in a whole
             number of i32s, so that every word's ids stay 4-byte aligned
             prefixes: count, names length (2 x u64); the short prefixes that
             start many words, "\n"-joined UTF-8, padded to 8 bytes; then per
             prefix the bitset of the papers with such a word (see wordindex)
"""

from __future__ import annotations

import mmap
import struct
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from paperdeck.mapped_files import let_go

__all__ = [
    "INDEX_FILE",
    "IndexFile",
    "MappedField",
    "MappedPostings",
    "encode_index",
    "key_order_hash",
    "open_index",
]

INDEX_FILE = "search.idx"
_MAGIC = b"PDSRCHIX"
_VERSION = 4
# magic, version, generation, corpus size, n, key hash, body length, body CRC
_HEADER = struct.Struct("<8sIqqq16sqI")
_FIELD_HEADER = struct.Struct("<QQQ")
_PREFIXES_HEADER = struct.Struct("<QQ")
_DENSE = -1


@dataclass(frozen=True, slots=True)
class IndexFile:
    """Where the library keeps its search index, and what a fresh one must carry.

    ``stamp`` is (corpus generation, corpus size); ``save`` replaces the file
    atomically with the given chunks, and is None for a read-only library (which
    must never write).
    """

    path: Path
    stamp: tuple[int, int]
    save: Callable[[list[bytes]], None] | None


def key_order_hash(keys: Iterable[str], order: bytes = b"") -> bytes:
    """A checksum of the paper keys in library order and of ``order``, the internal
    id order's positions as bytes (16 bytes): CRC-32 and Adler-32 of the keys, each
    followed by a newline, then of the order, and their length. Together they say
    which key each internal id is (the key of id i is keys[order[i]]), without
    putting a million keys in id order first (0.37 s). It guards against a file
    written for other papers or another order, not against anyone; zlib is loaded
    already, where hashlib would cost a piped `paperdeck list` its loading."""
    crc, adler, length = 0, 1, 0
    for key in keys:
        data = key.encode() + b"\n"
        crc = zlib.crc32(data, crc)
        adler = zlib.adler32(data, adler)
        length += len(data)
    if order:
        crc, adler = zlib.crc32(order, crc), zlib.adler32(order, adler)
        length += len(order)
    return struct.pack("<IIQ", crc, adler, length)


def _pad(length: int) -> bytes:
    return b"\0" * (-length % 8)


def _bitset_bytes(n: int) -> int:
    """A bitset's size in the file: n bits in whole int32s."""
    return (n + 31) // 32 * 4


def _encode_field(
    words: Sequence[str], postings: Sequence[object], prefixes: Mapping[str, int], n: int
) -> list[bytes] | None:
    if any("\n" in word for word in words):
        return None  # cannot happen for normalised text; then no file at all
    names = "\n".join(prefixes).encode()
    vocabulary = "\n".join(words).encode()
    bitset_bytes = _bitset_bytes(n)
    starts: list[int] = []
    counts: list[int] = []
    chunks: list[bytes] = []
    offset = 0
    for entry in postings:
        starts.append(offset)
        if isinstance(entry, int):
            data = entry.to_bytes(bitset_bytes, "little")
            counts.append(_DENSE)
        else:
            data = memoryview(entry).cast("B").tobytes()  # type: ignore[arg-type]
            counts.append(len(data) // 4)
        chunks.append(data)
        offset += len(data)
    starts_bytes = struct.pack(f"<{len(starts)}q", *starts)
    counts_bytes = struct.pack(f"<{len(counts)}i", *counts)
    return [
        _FIELD_HEADER.pack(len(words), len(vocabulary), offset),
        vocabulary,
        _pad(len(vocabulary)),
        starts_bytes,
        counts_bytes,
        _pad(len(counts_bytes)),
        *chunks,
        _pad(offset),
        _PREFIXES_HEADER.pack(len(prefixes), len(names)),
        names,
        _pad(len(names)),
        *(bits.to_bytes(bitset_bytes, "little") for bits in prefixes.values()),
        _pad(bitset_bytes * len(prefixes)),
    ]


def encode_index(
    stamp: tuple[int, int],
    key_hash: bytes,
    n: int,
    fields: Sequence[tuple[Sequence[str], Sequence[object], Mapping[str, int]]],
) -> list[bytes] | None:
    """The file's content as chunks, for (words, postings, prefix bitsets) of each
    field; None when a word cannot be stored (the index then simply is not persisted)."""
    body: list[bytes] = []
    for words, postings, prefixes in fields:
        encoded = _encode_field(words, postings, prefixes, n)
        if encoded is None:
            return None
        body.extend(encoded)
    crc = 0
    length = 0
    for chunk in body:
        crc = zlib.crc32(chunk, crc)
        length += len(chunk)
    generation, size = stamp
    header = _HEADER.pack(_MAGIC, _VERSION, generation, size, n, key_hash, length, crc)
    return [header, *body]


class MappedPostings(Sequence[object]):
    """Each word's postings, decoded from the map when a lookup asks for them:
    an ``int`` bitset, or a read-only ``memoryview`` of int32 ids (a slice of one
    view of the whole area: casting each word's slice would cost 4 us a word)."""

    __slots__ = ("_bitset_bytes", "_bytes", "_counts", "_ids", "_starts")

    def __init__(self, area: memoryview, starts: memoryview, counts: memoryview, n: int) -> None:
        self._bytes = area
        self._ids = area.cast("i")
        self._starts = starts
        self._counts = counts
        self._bitset_bytes = _bitset_bytes(n)

    def __len__(self) -> int:
        return len(self._counts)

    def __getitem__(self, k: int) -> object:  # type: ignore[override]
        start = self._starts[k]
        count = self._counts[k]
        if count == _DENSE:
            return int.from_bytes(self._bytes[start : start + self._bitset_bytes], "little")
        first = start >> 2
        return self._ids[first : first + count]


@dataclass(frozen=True, slots=True)
class MappedField:
    """One field read from the file: its sorted words, their postings, and the
    bitsets of its frequent short prefixes (where each starts in ``prefix_area``)."""

    words: list[str]
    postings: MappedPostings
    prefix_starts: dict[str, int]
    prefix_area: memoryview
    bitset_bytes: int

    def prefix_bits(self, prefix: str) -> int | None:
        """The bitset of the papers with a word starting with ``prefix``, when the
        file keeps it."""
        start = self.prefix_starts.get(prefix)
        if start is None:
            return None
        return int.from_bytes(self.prefix_area[start : start + self.bitset_bytes], "little")


def _read_field(data: memoryview, at: int, n: int) -> tuple[MappedField, int]:
    count, vocabulary_length, postings_length = _FIELD_HEADER.unpack_from(data, at)
    at += _FIELD_HEADER.size
    vocabulary = bytes(data[at : at + vocabulary_length]).decode()
    words = vocabulary.split("\n") if count else []
    if len(words) != count:
        raise ValueError("vocabulary does not hold its word count")
    at += vocabulary_length + (-vocabulary_length % 8)
    starts = data[at : at + 8 * count].cast("q")
    at += 8 * count
    counts = data[at : at + 4 * count].cast("i")
    at += 4 * count + (-4 * count % 8)
    if postings_length % 4:
        raise ValueError("postings are not whole int32s")
    postings = MappedPostings(data[at : at + postings_length], starts, counts, n)
    at += postings_length + (-postings_length % 8)
    prefix_count, names_length = _PREFIXES_HEADER.unpack_from(data, at)
    at += _PREFIXES_HEADER.size
    names = bytes(data[at : at + names_length]).decode().split("\n") if prefix_count else []
    if len(names) != prefix_count:
        raise ValueError("prefix names do not hold their count")
    at += names_length + (-names_length % 8)
    size = _bitset_bytes(n)
    area = data[at : at + size * prefix_count]
    if len(area) != size * prefix_count:
        raise ValueError("prefix bitsets cut short")
    at += len(area) + (-len(area) % 8)
    starts_of = {name: k * size for k, name in enumerate(names)}
    return MappedField(words, postings, starts_of, area, size), at


def open_index(
    path: Path, stamp: tuple[int, int], key_hash: bytes, n: int
) -> tuple[MappedField, MappedField] | None:
    """The title and abstract fields of the file at path, or None when it is
    missing, stale (another stamp, size or key order) or damaged. Never raises."""
    try:
        with open(path, "rb") as file:
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # missing, unreadable, or empty (cannot map 0 bytes)
        return None
    try:
        data = memoryview(mapped)
        if len(data) < _HEADER.size:
            return None
        magic, version, generation, size, count, file_hash, length, crc = _HEADER.unpack_from(
            data, 0
        )
        if (
            magic != _MAGIC
            or version != _VERSION
            or (generation, size) != stamp
            or count != n
            or file_hash != key_hash
            or length != len(data) - _HEADER.size
        ):
            return None
        body = data[_HEADER.size :]
        if zlib.crc32(body) != crc:
            return None
        titles, at = _read_field(data, _HEADER.size, n)
        abstracts, at = _read_field(data, at, n)
        if at != len(data):
            return None
        # The checksum touched every page; a lookup maps again the few it reads.
        let_go(mapped)
        return titles, abstracts
    except (ValueError, TypeError, struct.error, UnicodeDecodeError):
        return None
