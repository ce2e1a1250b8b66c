"""columns.bin: the corpus as columns, so that opening a library maps a file
instead of parsing corpus.json and building every Paper.

A **derived** file, never a source of truth: it is stamped with the corpus it was
made from (corpus.json's generation, size, modification time and inode), and a
reader uses it only when corpus.json is exactly that file; a missing, stale or
damaged one is ignored (corpus.json is read as before) and a writable library
writes it anew. It is written after each import and whenever a writable library
had to read corpus.json itself.

Layout: a fixed header (magic, version, marshal's version, the corpus stamp, the
paper count), a table of (offset, length) per section, and the sections: keys,
sort dates and import records (marshalled lists), the byte offsets of the titles,
abstracts and per-paper rows (int64 arrays), the search engine's default order (the
positions newest first, then by folded title, int64: sorting 100,000 titles for it
was a third of a `paperdeck list`), the ``added`` and ``updated`` fields coded (see
below), the rows (each paper's other fields as one marshalled tuple), then the
titles and abstracts as UTF-8 end to end, and last the import's dedup digests of
every paper (library/merge.py; empty when unknown).

``added`` and ``updated`` take a few distinct values (an import's time each), and
``is:new``, which the app's Tags pane counts at every start, reads them for every
paper: from the rows that meant decoding them all, 3.1 s at a million papers. So
they are also kept as a marshalled (distinct values, int32 codes, int32 codes).
A CRC covers the header and every section but the two text blobs and the digests:
checking 100 MB of text costs 30 ms, most of what opening takes, and a flipped byte
there shows a wrong letter, as it would in corpus.json; the offsets that find the
text are checked. The digests carry a CRC of their own, checked by the import that
reads them (nothing else does).
"""

from __future__ import annotations

import contextlib
import functools
import marshal
import mmap
import os
import struct
import sys
import zlib
from array import array
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from ..mapped_files import PositionalReader, let_go, positional_reader
from ..models import Paper
from ..models.column_papers import ColumnPapers, RowColumn, TextColumn
from ..search.by_id import default_order
from .merge import FINGERPRINT_SCHEME, FINGERPRINT_SIZE
from .records import ImportRecord
from .storage import StorageError, write_atomically

COLUMNS_FILE = "columns.bin"
MAGIC = b"PDCOLS\x00\x01"
VERSION = 4
# magic, version, marshal version, generation, corpus size, mtime_ns, inode, n.
_HEADER = struct.Struct("<8sIIqqqqq")
_SECTION = struct.Struct("<qq")
_CRC = struct.Struct("<I")
_SECTIONS = 12
# Before the digests: the scheme they were made with, and their CRC.
_DIGESTS_HEAD = struct.Struct("<II")
_CHECKED_SECTIONS = 9  # all but the two text blobs (see the module docstring)
# The fields also kept coded (see the module docstring), in their section's order.
_CODED_FIELDS = ("added", "updated")
# The fields of a row: all of Paper's but key, title and abstract, in order.
_ROW_FIELDS = (
    "arxiv_id",
    "published",
    "authors",
    "org",
    "upvotes",
    "title_derived",
    "sources",
    "date_hint",
    "added",
    "updated",
    "author_names",
    "categories",
)


class CorpusStamp(NamedTuple):
    """Which corpus.json a column file was made from."""

    generation: int
    size: int
    modified_ns: int
    inode: int


class ColumnCorpus(NamedTuple):
    """What a column file holds: the papers and import records of one corpus."""

    papers: ColumnPapers
    imports: list[ImportRecord]
    generation: int


def columns_path(home: Path) -> Path:
    return home / COLUMNS_FILE


def encode_columns(
    papers: Sequence[Paper],
    imports: list[ImportRecord],
    stamp: CorpusStamp,
    digests: Sequence[bytes] | None = None,
) -> list[memoryview]:
    """The column file's bytes, in parts (see the module docstring); ``digests``,
    one per paper when the import that made them gives them."""
    keys = [paper.key for paper in papers]
    sort_dates = [paper.sort_date for paper in papers]
    titles, title_offsets = _joined(paper.title.encode() for paper in papers)
    abstracts, abstract_offsets = _joined(paper.abstract.encode() for paper in papers)
    rows, row_offsets = _joined(
        marshal.dumps(tuple(getattr(paper, name) for name in _ROW_FIELDS)) for paper in papers
    )
    order = array("q", default_order([paper.title for paper in papers], sort_dates))
    sections: list[bytes | bytearray] = [
        marshal.dumps(keys),
        marshal.dumps(sort_dates),
        marshal.dumps(list(imports)),
        _int64s(title_offsets),
        _int64s(abstract_offsets),
        _int64s(row_offsets),
        _int64s(order),
        _coded_section(papers),
        rows,
        titles,
        abstracts,
        _digests_section(digests, len(keys)),
    ]
    header = _HEADER.pack(MAGIC, VERSION, marshal.version, *stamp, len(keys))
    start = len(header) + _SECTION.size * _SECTIONS + _CRC.size
    table = []
    for section in sections:
        table.append(_SECTION.pack(start, len(section)))
        start += len(section)
    head = header + b"".join(table)
    crc = zlib.crc32(head)
    for section in sections[:_CHECKED_SECTIONS]:
        crc = zlib.crc32(section, crc)
    return [memoryview(part) for part in (head, _CRC.pack(crc), *sections)]


def write_columns(
    home: Path,
    papers: Sequence[Paper],
    imports: list[ImportRecord],
    stamp: CorpusStamp,
    digests: Sequence[bytes] | None = None,
) -> bool:
    """Write the column file atomically; False when it could not be (it is derived:
    the next writable open tries again), never an error."""
    try:
        payload = encode_columns(papers, imports, stamp, digests)
        write_atomically(columns_path(home), payload, keep_backup=False)
    except (StorageError, OSError):
        return False
    return True


def read_columns(home: Path, stamp: CorpusStamp) -> ColumnCorpus | None:
    """The corpus from the column file, when it was made from the corpus ``stamp``
    names and is whole; None otherwise (missing, stale, damaged, another version)."""
    try:
        with open(columns_path(home), "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size < _HEADER.size:
                return None
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
            reader = positional_reader(file.fileno())
    except (OSError, ValueError):
        return None
    try:
        return _decode(mapped, size, stamp, reader)
    except (ValueError, EOFError, TypeError, struct.error, IndexError, OverflowError):
        with contextlib.suppress(BufferError):
            mapped.close()
        return None


def _decode(
    mapped: mmap.mmap, size: int, stamp: CorpusStamp, reader: PositionalReader | None
) -> ColumnCorpus | None:
    magic, version, marshal_version, *stamped, count = _HEADER.unpack_from(mapped, 0)
    if (magic, version, marshal_version) != (MAGIC, VERSION, marshal.version):
        return None
    if CorpusStamp(*stamped) != stamp:
        return None
    table_end = _HEADER.size + _SECTION.size * _SECTIONS
    spans = [
        _SECTION.unpack_from(mapped, _HEADER.size + _SECTION.size * i) for i in range(_SECTIONS)
    ]
    if any(start < table_end or length < 0 or start + length > size for start, length in spans):
        raise ValueError("a section outside the file")
    if spans[-1][0] + spans[-1][1] != size:
        raise ValueError("a column file of another length than its sections")
    (crc,) = _CRC.unpack_from(mapped, table_end)
    check = zlib.crc32(mapped[:table_end])
    for start, length in spans[:_CHECKED_SECTIONS]:
        check = zlib.crc32(memoryview(mapped)[start : start + length], check)
    if check != crc:
        raise ValueError("the column file's checksum does not match")
    sections = [mapped[start : start + length] for start, length in spans[:_CHECKED_SECTIONS]]
    keys, sort_dates, imports = (marshal.loads(section) for section in sections[:3])
    title_offsets, abstract_offsets, row_offsets = (
        _offsets(section, count + 1) for section in sections[3:6]
    )
    order = _offsets(sections[6], count)
    coded = _read_coded(sections[7], count)
    if count and (min(order) < 0 or max(order) >= count):
        raise ValueError("an order with positions outside the papers")
    if not (isinstance(keys, list) and isinstance(sort_dates, list) and isinstance(imports, list)):
        raise ValueError("a column that is not a list")
    if len(keys) != count or len(sort_dates) != count:
        raise ValueError("columns of other lengths than the paper count")
    rows_span, (titles_start, titles_length), (abstracts_start, abstracts_length) = spans[8:11]
    rows_length = rows_span[1]
    _check_offsets(row_offsets, rows_length)
    _check_offsets(title_offsets, titles_length)
    _check_offsets(abstract_offsets, abstracts_length)
    # The checked sections are copied out: the pages their checksum touched can go.
    let_go(mapped)
    read = None if reader is None else reader.read
    release = functools.partial(let_go, mapped)
    papers = ColumnPapers(
        keys,
        TextColumn(mapped, title_offsets, titles_start, read=read, let_go=release),
        TextColumn(mapped, abstract_offsets, abstracts_start, read=read, let_go=release),
        RowColumn(sections[8], row_offsets),
        sort_dates,
        release=release,
        order=order,
        coded=coded,
    )
    start, length = spans[11]
    papers.stored_digests = lambda: _read_digests(mapped, start, length, count)
    return ColumnCorpus(papers, imports, stamp.generation)


def _coded_section(papers: Sequence[Paper]) -> bytes:
    values: dict[object, int] = {}
    codes = []
    for name in _CODED_FIELDS:
        column = array("i", (values.setdefault(getattr(p, name), len(values)) for p in papers))
        if sys.byteorder == "big":
            column.byteswap()
        codes.append(column.tobytes())
    return marshal.dumps((list(values), *codes))


def _read_coded(section: bytes, count: int) -> dict[str, tuple[list[object], array[int]]]:
    values, *raw = marshal.loads(section)
    if not isinstance(values, list) or len(raw) != len(_CODED_FIELDS):
        raise ValueError("a coded section of another shape")
    coded = {}
    for name, data in zip(_CODED_FIELDS, raw, strict=True):
        codes = array("i")
        codes.frombytes(data)
        if sys.byteorder == "big":
            codes.byteswap()
        if len(codes) != count or (count and (min(codes) < 0 or max(codes) >= len(values))):
            raise ValueError("codes of another length than the paper count, or out of range")
        coded[name] = (values, codes)
    return coded


def _digests_section(digests: Sequence[bytes] | None, count: int) -> bytes:
    if digests is None or len(digests) != count:
        return b""
    joined = b"".join(digests)
    if len(joined) != count * FINGERPRINT_SIZE:
        return b""
    return _DIGESTS_HEAD.pack(FINGERPRINT_SCHEME, zlib.crc32(joined)) + joined


def _read_digests(mapped: mmap.mmap, start: int, length: int, count: int) -> list[bytes] | None:
    """The papers' dedup digests, None when the file has none, of another scheme
    or damaged (the import then makes them again)."""
    head = _DIGESTS_HEAD.size
    if length != head + count * FINGERPRINT_SIZE:
        return None
    try:
        section = mapped[start : start + length]
    except ValueError:  # the mapping was closed
        return None
    scheme, crc = _DIGESTS_HEAD.unpack_from(section, 0)
    if scheme != FINGERPRINT_SCHEME or zlib.crc32(memoryview(section)[head:]) != crc:
        return None
    size = FINGERPRINT_SIZE
    return [section[i : i + size] for i in range(head, length, size)]


def _joined(parts: Iterable[bytes]) -> tuple[bytearray, array[int]]:
    """The parts end to end and their n + 1 offsets, grown a part at a time: a list
    of the parts and then their join held the text twice (an import of a million
    papers peaked 2 GB higher for it)."""
    joined = bytearray()
    offsets = array("q", [0])
    for part in parts:
        joined += part
        offsets.append(len(joined))
    return joined, offsets


def _int64s(values: array[int]) -> bytes:
    numbers = array("q", values)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers.tobytes()


def _offsets(section: bytes, count: int) -> array[int]:
    numbers = array("q")
    numbers.frombytes(section)
    if sys.byteorder == "big":
        numbers.byteswap()
    if len(numbers) != count:
        raise ValueError("an offsets column of another length than the paper count")
    return numbers


def _check_offsets(offsets: array[int], length: int) -> None:
    """Offsets start at 0 and end at the blob's length (the CRC covers the rest)."""
    if offsets[0] != 0 or offsets[-1] != length:
        raise ValueError("offsets that do not span their blob")
