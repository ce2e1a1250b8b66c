"""Reading the derived files without holding their pages (paperdeck.mapped_files)."""

from __future__ import annotations

import gc
import mmap
import os
from array import array
from pathlib import Path

import pytest

from paperdeck.mapped_files import let_go, positional_reader
from paperdeck.models.column_papers import TextColumn

STRINGS = ["alpha", "", "béta gamma", "δ" * 300, "last one"]


def _column_file(tmp_path: Path, prefix: bytes = b"HEAD") -> tuple[Path, array[int]]:
    encoded = [s.encode() for s in STRINGS]
    offsets = array("q", [0])
    for data in encoded:
        offsets.append(offsets[-1] + len(data))
    path = tmp_path / "column.bin"
    path.write_bytes(prefix + b"".join(encoded))
    return path, offsets


@pytest.mark.skipif(not hasattr(os, "pread"), reason="no pread on this system")
def test_reader_reads_the_ranges_asked_for_and_closes_its_descriptor(tmp_path: Path) -> None:
    path, _ = _column_file(tmp_path)
    with open(path, "rb") as file:
        reader = positional_reader(file.fileno())
    assert reader is not None
    # Its own descriptor: the file it was made from is closed already.
    assert reader.read(0, 4) == b"HEAD"
    assert reader.read(4, 9) == b"alpha"
    fd = reader._fd
    del reader
    gc.collect()
    with pytest.raises(OSError):
        os.fstat(fd)


def test_a_column_read_by_pread_gives_what_the_map_gives(tmp_path: Path) -> None:
    path, offsets = _column_file(tmp_path)
    released: list[bool] = []
    with open(path, "rb") as file:
        mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        reader = positional_reader(file.fileno())
    read = None if reader is None else reader.read
    mapped_only = TextColumn(mapped, offsets, 4)
    by_pread = TextColumn(mapped, offsets, 4, read=read, let_go=lambda: released.append(True))
    positions = [4, 0, 2, 2, 1, 3]
    assert by_pread.at(positions) == mapped_only.at(positions) == [STRINGS[p] for p in positions]
    assert [by_pread[i] for i in range(len(STRINGS))] == STRINGS
    assert by_pread[-1] == STRINGS[-1]
    with pytest.raises(IndexError):
        by_pread[len(STRINGS)]
    # A whole pass copies the column, then lets the mapped pages go.
    assert by_pread.as_list() == STRINGS
    assert released == [True]
    assert mapped_only.as_list() == STRINGS


def test_let_go_keeps_the_mapping_readable(tmp_path: Path) -> None:
    path, _ = _column_file(tmp_path)
    with open(path, "rb") as file:
        mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    assert mapped[4:9] == b"alpha"
    let_go(mapped)
    # Unmapped pages of a read-only file map again from the file on the next touch.
    assert mapped[4:9] == b"alpha"
    mapped.close()
    let_go(mapped)  # a closed map: nothing to let go, and no error
