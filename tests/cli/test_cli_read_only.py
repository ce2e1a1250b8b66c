"""A data folder that cannot be written: the CLI reads it, and every command that
would change it stops with one line and exit status 3, changing nothing.

The folder is made read-only with chmod, which root ignores for its writes; paperdeck
counts a folder without its owner's write bit as read-only for root too, so these
tests run (and mean the same) as root. A read-only filesystem (EROFS, seen by the
write probe in library/files.py) cannot be made without mounting one, which a test
cannot do here; that path is not tested.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import devil_id, listed, run

from paperdeck.cli import EXIT_LIBRARY, EXIT_OK
from paperdeck.library import Library, ReadOnlyError


@pytest.fixture
def read_only(imported: Path, home: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[str]:
    """The imported library's folder made read-only; yields a paper's id."""
    key = devil_id(capsys)
    run(capsys, "star", key)
    home.chmod(0o555)
    try:
        yield key
    finally:
        home.chmod(0o755)


def files(home: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(home.iterdir())}


def test_reading_commands_work(read_only: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert [paper["id"] for paper in listed(capsys, "is:starred")] == [read_only]
    code, out, _ = run(capsys, "stats")
    assert code == EXIT_OK and "1" in out


@pytest.mark.parametrize(
    "command",
    [
        ["star", "{key}"],
        ["unstar", "{key}"],
        ["tag", "{key}", "x"],
        ["note", "{key}", "a note"],
        ["undo"],
        ["redo"],
        ["filters", "--save", "mine", "is:starred"],
        ["edit", "{key}", "--title", "Mine"],
    ],
)
def test_writing_commands_exit_3_with_one_line(
    read_only: str, home: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    before = files(home)
    code, _, err = run(capsys, *(word.format(key=read_only) for word in command))
    assert code == EXIT_LIBRARY, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "cannot change the library" in err and "read-only" in err and str(home) in err
    assert files(home) == before


def test_an_import_into_a_read_only_folder_exits_3(
    read_only: str, home: Path, page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.jsonl"
    other.write_text('{"title": "New paper", "abstract": "Something new."}\n')
    before = files(home)
    code, _, err = run(capsys, "import", str(other))
    assert code == EXIT_LIBRARY and len(err.strip().splitlines()) == 1, err
    assert files(home) == before


def test_the_library_says_why_and_refuses_writes(read_only: str, home: Path) -> None:
    library = Library.open(home, writable=True)
    assert library.read_only_reason is not None and "read-only" in library.read_only_reason
    assert not library.writable
    with pytest.raises(ReadOnlyError):
        library.set_starred([read_only], False)
    assert library.state(read_only).starred


@pytest.mark.skipif(os.geteuid() != 0, reason="only root writes past the permission bits")
def test_root_is_still_told_the_folder_is_read_only(read_only: str, home: Path) -> None:
    # As root, os.access says yes: the owner's write bit is what counts.
    assert os.access(home, os.W_OK)
    assert Library.open(home, writable=True).read_only_reason is not None
