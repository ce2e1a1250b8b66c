"""Reading a file for import: refuse what is not UTF-8 text with a reason a person can act on."""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from paperdeck.sources.base import BOM, SourceError, normalise_text

# Leading bytes of common binary files people pick by mistake (a screenshot, the PDF of
# the paper itself, a zipped export). Naming the kind beats "is not UTF-8".
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"(\xb5/\xfd", "a zstd archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
)


def _binary_kind(data: bytes) -> str | None:
    """Name the kind of binary file ``data`` starts like, or None."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            # "BZh" also starts ordinary words; a real bzip2 stream has a block size
            # digit and the block magic right after it.
            if magic == b"BZh" and data[4:10] != b"1AY&SY":
                continue
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "a WebP image"
    return None


# Files larger than this are refused unless the caller allows more (``import
# --max-size``): the largest real corpus seen is 150 MB, and a file is read whole
# (a Kaggle snapshot is streamed instead: the limit is on the papers it selects).
MAX_IMPORT_BYTES = 200_000_000
# How much of a file is looked at before the rest is read.
HEAD_BYTES = 65_536
# A file larger than this is read a line at a time (``LineReader``) by the parsers
# that can: holding its bytes, its text and its list of lines at once costs about
# four times its size (a million papers: 1.2 GB of file, 5 GB of memory).
STREAM_BYTES = 50_000_000
# How much of a file a LineReader decodes at a time.
_CHUNK_BYTES = 1 << 20


def read_text(path: str | os.PathLike[str], *, max_size: int | None = MAX_IMPORT_BYTES) -> str:
    """Read a file for import and return its text with LF line ends and no BOM.

    Raises SourceError, with ``source`` the path as given, when the file is missing,
    is a folder or not a regular file, cannot be read, is binary (an image, a PDF, an
    archive, or anything with NUL bytes), is not UTF-8, is larger than ``max_size``
    bytes (None: no limit), or is empty or only whitespace. The first bytes are
    looked at before the rest is read: an 8 GB video is refused as quickly as a small one.
    """
    source = os.fspath(path)
    with opened_for_import(path) as (file, size):
        head = file.read(HEAD_BYTES)
        refuse_binary(head, source)
        if max_size is not None and size > max_size:
            raise SourceError(
                source,
                f"is {size:,} bytes, over the limit of {max_size:,} (--max-size allows more)",
            )
        data = head + file.read()
    return decode_text(data, source)


def read_head(path: str | os.PathLike[str]) -> str:
    """The first HEAD_BYTES of a file for import, decoded (a character cut at the end
    is dropped), for sniffing its format before deciding how to read it. Raises
    SourceError as read_text does for a file that cannot be read or is binary."""
    source = os.fspath(path)
    with opened_for_import(path) as (file, _size):
        head = file.read(HEAD_BYTES)
    refuse_binary(head, source)
    return normalise_text(head.decode("utf-8", errors="ignore"))


@contextmanager
def opened_for_import(path: str | os.PathLike[str]) -> Iterator[tuple[BinaryIO, int]]:
    """Open a regular file for reading as bytes, yielding it and its size; every
    reason it cannot be opened or read is a SourceError naming the path as given."""
    source = os.fspath(path)
    try:
        # Non-blocking, so that opening a FIFO with no writer returns at once; it is
        # refused just after.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        os.set_blocking(fd, True)
        with open(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                # A FIFO or a device would block or never end.
                raise SourceError(source, "is not a regular file")
            yield file, info.st_size
    except FileNotFoundError:
        raise SourceError(source, "no such file") from None
    except NotADirectoryError:
        # A parent in the path is a file ("notes.txt/papers.txt").
        raise SourceError(source, "no such file (a parent folder is a file)") from None
    except IsADirectoryError:
        raise SourceError(source, "is a folder, not a file") from None
    except PermissionError:
        raise SourceError(source, "cannot be read (permission denied)") from None
    except OSError as error:
        raise SourceError(source, f"cannot be read ({error.strerror or error})") from None


def refuse_binary(data: bytes, source: str) -> None:
    """Raise SourceError when ``data`` (a file's first bytes, or all of them) is a
    binary file, UTF-16 text or holds a NUL byte."""
    kind = _binary_kind(data)
    if kind:
        raise SourceError(source, f"is {kind}, not a text file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(source, "is UTF-16 text; save it as UTF-8 to import it")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise SourceError(source, f"is a binary file (NUL byte at offset {nul}), not a text file")


def decode_text(data: bytes, source: str) -> str:
    """Decode the bytes of a file for import; see read_text for what is refused."""
    refuse_binary(data, source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = data[error.start]
        raise SourceError(
            source, f"is not UTF-8 text (byte 0x{bad:02X} at offset {error.start})"
        ) from None
    text = normalise_text(text)
    if not text or text.isspace():
        raise SourceError(source, "is empty")
    return text


class LineReader:
    """The lines of a file for import, one at a time: what ``read_text(...).split("\n")``
    gives, without holding the file.

    Line ends are LF (CRLF and a lone CR count as one), a leading BOM is dropped, no
    line keeps its end, and the last line is whatever follows the last line end (""
    when the file ends with one). It refuses what read_text refuses, with the same
    reasons: the checks on the first bytes (missing, binary, too large) when it is
    made, the rest (a NUL byte, bytes that are not UTF-8, an empty file) when reading
    reaches them. ``fraction`` is how much of the file has been read so far.
    """

    def __init__(
        self, path: str | os.PathLike[str], *, max_size: int | None = MAX_IMPORT_BYTES
    ) -> None:
        self.source = os.fspath(path)
        self.path = path
        self.fraction = 0.0
        with opened_for_import(path) as (file, size):
            refuse_binary(file.read(HEAD_BYTES), self.source)
        if max_size is not None and size > max_size:
            raise SourceError(
                self.source,
                f"is {size:,} bytes, over the limit of {max_size:,} (--max-size allows more)",
            )
        self.size = size

    def __iter__(self) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder("utf-8")()
        offset = 0  # bytes of the file decoded before the current chunk
        tail = ""  # the text after the last line end seen
        started = False
        filled = False  # whether a character other than whitespace was seen
        with opened_for_import(self.path) as (file, _size):
            while True:
                chunk = file.read(_CHUNK_BYTES)
                last = not chunk
                if chunk:
                    self._refuse_nul(chunk, offset)
                text = tail + self._decode(decoder, chunk, offset, final=last)
                offset += len(chunk)
                self.fraction = offset / self.size if self.size else 1.0
                if not started and text:
                    started = True
                    text = text.removeprefix(BOM)
                if text.endswith("\r") and not last:
                    # A CR at the end of a chunk may be half of a CRLF.
                    text, held = text[:-1], "\r"
                else:
                    held = ""
                if "\r" in text:
                    text = text.replace("\r\n", "\n").replace("\r", "\n")
                if not filled and text and not text.isspace():
                    filled = True
                lines = text.split("\n")
                tail = lines.pop() + held
                yield from lines
                if last:
                    break
        if not filled:
            raise SourceError(self.source, "is empty")
        yield tail

    def _refuse_nul(self, chunk: bytes, offset: int) -> None:
        nul = chunk.find(b"\x00")
        if nul >= 0:
            where = offset + nul
            raise SourceError(
                self.source, f"is a binary file (NUL byte at offset {where}), not a text file"
            )

    def _decode(
        self, decoder: codecs.IncrementalDecoder, chunk: bytes, offset: int, *, final: bool
    ) -> str:
        # The decoder holds back the bytes of a character cut by the last chunk; an
        # error's position counts from the first of them.
        held = len(decoder.getstate()[0])
        try:
            return decoder.decode(chunk, final=final)
        except UnicodeDecodeError as error:
            bad = error.object[error.start]
            raise SourceError(
                self.source,
                f"is not UTF-8 text (byte 0x{bad:02X} at offset {offset - held + error.start})",
            ) from None
