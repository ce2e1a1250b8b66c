"""Where ``export -o`` writes: stdout for '-', a symlink's target, a FIFO or device in
place; a folder or a read-only file is refused."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest
from cli_helpers import run

from paperdeck.cli import EXIT_BAD_INPUT, EXIT_OK


@pytest.fixture(autouse=True)
def starred(capsys: pytest.CaptureFixture[str], imported: Path) -> None:
    run(capsys, "star", run(capsys, "list", "--json")[1].split('"id": "')[1].split('"')[0])


def test_dash_is_stdout(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    os.chdir(tmp_path)
    code, out, _ = run(capsys, "export", "-o", "-")
    assert code == EXIT_OK and out.startswith("# Starred papers")
    assert not (tmp_path / "-").exists()


def test_a_symlink_writes_its_target(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "list.md"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    code, _, err = run(capsys, "export", "-o", str(link))
    assert code == EXIT_OK, err
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text().startswith("# Starred papers")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["list.md"]


def test_a_fifo_is_written_not_replaced(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        # A blocking open: it waits for the writer, and counts as a reader meanwhile.
        with fifo.open("rb") as pipe:
            received.append(pipe.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    # Until the thread's open has begun, the FIFO has no reader and is refused.
    for _attempt in range(100):
        code, _, err = run(capsys, "export", "-o", str(fifo))
        if code == EXIT_OK:
            break
        time.sleep(0.05)
    thread.join(5)
    assert code == EXIT_OK, err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received[0].startswith(b"# Starred papers")


def test_a_fifo_nobody_reads_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "export", "-o", str(fifo))
    assert code == EXIT_BAD_INPUT and "a FIFO that nothing reads" in err
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def _device(folder: Path, name: str, minor: int) -> Path:
    """A private copy of /dev/null (minor 3) or /dev/full (minor 7): a regression must
    not replace the machine's own device nodes."""
    path = folder / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (PermissionError, AttributeError, OSError):
        pytest.skip("making a device node needs root (CAP_MKNOD)")
    return path


def test_a_device_is_written_in_place(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    full, null = _device(tmp_path, "full", 7), _device(tmp_path, "null", 3)
    code, _, err = run(capsys, "export", "-o", str(full))
    assert code == EXIT_BAD_INPUT and "No space left on device" in err
    assert stat.S_ISCHR(full.stat().st_mode)
    assert run(capsys, "export", "-o", str(null))[0] == EXIT_OK
    assert stat.S_ISCHR(null.stat().st_mode)
    # Through a link, as /dev/stdout is one: the link and the device both stay.
    link = tmp_path / "stdout"
    link.symlink_to(null)
    assert run(capsys, "export", "-o", str(link))[0] == EXIT_OK
    assert link.is_symlink() and stat.S_ISCHR(null.stat().st_mode)


def test_a_read_only_file_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "list.md"
    target.write_text("keep me")
    target.chmod(0o444)
    code, _, err = run(capsys, "export", "-o", str(target))
    assert code == EXIT_BAD_INPUT and "read-only" in err
    assert target.read_text() == "keep me"


def test_a_folder_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "export", "-o", str(tmp_path))
    assert code == EXIT_BAD_INPUT and "it is a folder" in err


def test_other_programs_temp_files_are_left_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    theirs = tmp_path / ".list.md.1.tmp"
    theirs.write_text("theirs")
    assert run(capsys, "export", "-o", str(tmp_path / "list.md"))[0] == EXIT_OK
    assert theirs.read_text() == "theirs"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [
        ".list.md.1.tmp"
    ]
