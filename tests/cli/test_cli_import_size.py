"""Files are sniffed from their first bytes, and large ones refused unless --max-size."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_helpers import ABSTRACTS, run, write

from paperdeck.cli import EXIT_BAD_INPUT, EXIT_OK
from paperdeck.sources import SourceError, read_text


def test_a_file_over_max_size_is_refused_before_it_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "a.txt", ABSTRACTS)
    size = path.stat().st_size
    code, _, err = run(capsys, "import", "--max-size", str(size - 1), str(path))
    assert code == EXIT_BAD_INPUT
    assert f"is {size:,} bytes, over the limit of {size - 1:,} (--max-size allows more)" in err
    assert run(capsys, "import", "--max-size", "1K", str(path))[0] == EXIT_OK


def test_the_default_limit_is_200_mb(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as file:
        # Text where the first bytes are looked at, then a sparse hole: no 200 MB written.
        file.write(ABSTRACTS.encode() * 1_000)
        file.truncate(200_000_001)
    with pytest.raises(SourceError, match="over the limit of 200,000,000"):
        read_text(path)


def test_a_large_binary_file_is_named_from_its_first_bytes(tmp_path: Path) -> None:
    path = tmp_path / "video.txt"
    with path.open("wb") as file:
        file.write(b"\x89PNG\r\n\x1a\n")
        file.truncate(8 * 10**9)  # sparse 8 GB: reading it whole would take minutes
    with pytest.raises(SourceError, match="is a PNG image"):
        read_text(path, max_size=None)


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match="is not a regular file"):
        read_text(fifo)


@pytest.mark.parametrize("size", ["ten", "5X", "-3", "1" * 20])
def test_a_bad_max_size_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, size: str
) -> None:
    code, _, err = run(capsys, "import", f"--max-size={size}", str(tmp_path / "a.txt"))
    assert code == EXIT_BAD_INPUT and "is not a size" in err
