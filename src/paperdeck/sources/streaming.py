"""Reading a Kaggle arXiv snapshot file as a stream, one line at a time.

The full snapshot is about 4 GB: it is never held in memory. Memory grows only with
the papers kept, and those are bounded: the bytes of the lines kept may not pass
``max_size`` (the same limit a file read whole has), so ``--category`` can select a
part of a snapshot of any size, and a selection too large for the library is refused
with a reason rather than filling the memory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from paperdeck.models import ParseResult
from paperdeck.sources.base import BOM, ProgressCallback, ResultBuilder, SourceError
from paperdeck.sources.kaggle import CategoryFilter, add_line
from paperdeck.sources.reading import opened_for_import

# A record longer than this is refused, unread. The longest real ones (thousands of
# authors with their affiliations) are some hundreds of kilobytes.
LINE_MAX_BYTES = 4_000_000
_SKIP_CHUNK = 1 << 20
# A file with more bad lines than this is no snapshot, whatever its first line says;
# its problems would otherwise fill the memory one line at a time.
MAX_PROBLEMS = 10_000

# Report progress once in this many lines: some thousands of times over the full
# snapshot, a cost lost beside decoding the lines.
_PROGRESS_EVERY = 1024


def load_snapshot(
    path: str | os.PathLike[str],
    *,
    wanted: CategoryFilter | None = None,
    progress: ProgressCallback | None = None,
    max_size: int | None = None,
) -> ParseResult:
    """Read the snapshot at ``path``, keeping the records in the ``wanted`` categories
    (all without a filter).

    Entries and problems name the file by its base name; a SourceError names it by the
    path as given. A line that is not UTF-8 or holds a NUL byte is a Problem like any
    other bad line. Raises SourceError when the file cannot be read, or when the lines
    kept pass ``max_size`` bytes (None: no limit) — without a filter, at once when the
    file itself is larger.
    """
    source = os.fspath(path)
    builder = ResultBuilder(Path(path).name)
    with opened_for_import(path) as (file, size):
        if wanted is None and max_size is not None and size > max_size:
            raise SourceError(source, _over_limit(f"is {size:,} bytes", max_size))
        kept = 0
        done = 0
        for number, (raw, length) in enumerate(_lines(file), start=1):
            done += length
            if progress is not None and number % _PROGRESS_EVERY == 0 and size:
                progress(min(done / size, 1.0))
            if length > LINE_MAX_BYTES:
                builder.problem(number, f"is {length:,} bytes long, over {LINE_MAX_BYTES:,}")
            else:
                line = _decoded(builder, number, raw)
                if line is not None and add_line(builder, number, line, wanted):
                    kept += len(raw)
                    if max_size is not None and kept > max_size:
                        raise SourceError(
                            source,
                            _over_limit(f"has over {kept:,} bytes of papers to import", max_size),
                        )
            if len(builder.result.problems) > MAX_PROBLEMS:
                last = builder.result.problems[-1]
                raise SourceError(
                    source,
                    f"has over {MAX_PROBLEMS:,} lines that are not snapshot records "
                    f"(line {last.line}: {last.reason})",
                )
    if progress is not None:
        progress(1.0)
    return builder.result


def _lines(file: BinaryIO) -> Iterator[tuple[bytes, int]]:
    """Each line of ``file`` with its length in bytes. A line over LINE_MAX_BYTES is
    given as its length alone (and empty bytes), its rest skipped in chunks, so one
    endless line costs no more memory than a short one."""
    while True:
        raw = file.readline(LINE_MAX_BYTES + 1)
        if not raw:
            return
        if len(raw) <= LINE_MAX_BYTES or raw.endswith(b"\n"):
            yield raw, len(raw)
            continue
        length = len(raw)
        while not raw.endswith(b"\n"):
            raw = file.readline(_SKIP_CHUNK)
            if not raw:
                break
            length += len(raw)
        yield b"", length


def _over_limit(what: str, max_size: int) -> str:
    return (
        f"{what}, over the limit of {max_size:,} (--category imports a part of a snapshot, "
        "--max-size allows more)"
    )


def _decoded(builder: ResultBuilder, number: int, raw: bytes) -> str | None:
    """One line of the file as text, or None (and a Problem) when it is not UTF-8 text."""
    if b"\x00" in raw:
        builder.problem(number, "holds a NUL byte")
        return None
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        builder.problem(number, f"is not UTF-8 text (byte 0x{raw[error.start]:02X})")
        return None
    if number == 1:
        line = line.removeprefix(BOM)
    return line.rstrip("\r\n")
