"""Live writers (issue 13): real processes writing one library in loops for seconds
lose no acknowledged change, and the lock file cannot be defeated.

Each writer prints an acknowledgement only after its write returned; at the end
every acknowledged tag is on disk and in the one journal, in each writer's order.
Tags are used because they add up (a later tag never hides an earlier one), so
every single acknowledgement can be checked.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from safety_helpers import CHILD_TIMEOUT

from factories import entries, make_papers
from paperdeck.library import Library, LibraryBusyError

PAPERS = 40
# Long enough for hundreds of interleaved writes, short for the suite.
LOOP_SECONDS = 3.0

# A process that holds a Library for its life, as the app does, and tags papers in
# a loop, printing "KEY TAG" after each write returned.
HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from paperdeck.library import Library
    home, prefix = Path(sys.argv[1]), sys.argv[2]
    seconds, limit = float(sys.argv[3]), int(sys.argv[4])
    library = Library.open(home, writable=True)
    keys = [paper.key for paper in library.papers]
    print("ready", flush=True)
    deadline = time.monotonic() + seconds
    number = 0
    while time.monotonic() < deadline and number < limit:
        key = keys[(number * 7) % len(keys)]
        tag = f"{prefix}{number}"
        library.add_tags([key], [tag])
        print(key, tag, flush=True)
        number += 1
        if number % 5 == 0:
            library.refresh()  # as the app polls
        time.sleep(0.002)
    """
)


def build(home: Path) -> list[str]:
    with Library.open(home, writable=True) as library:
        library.import_entries(["a.txt"], entries(make_papers(PAPERS)))
        return [paper.key for paper in library.papers]


def start_holder(
    home: Path, prefix: str, seconds: float, limit: int = 400
) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(home), prefix, str(seconds), str(limit)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready", child.stderr.read() if child.stderr else ""
    return child


def holder_acks(child: subprocess.Popen[str]) -> list[tuple[str, str]]:
    out, err = child.communicate(timeout=CHILD_TIMEOUT + LOOP_SECONDS)
    assert child.returncode == 0, err
    return [(key, tag) for key, tag in (line.split() for line in out.splitlines())]


def cli_loop(home: Path, keys: list[str], prefix: str, seconds: float) -> list[tuple[str, str]]:
    """``paperdeck tag`` in a loop for ``seconds``; the (key, tag) of each that exited 0.
    Any other exit fails the test (none may be refused: writes are short)."""
    env = {**os.environ, "PAPERDECK_HOME": str(home)}
    acks: list[tuple[str, str]] = []
    deadline = time.monotonic() + seconds
    number = 0
    while time.monotonic() < deadline:
        key, tag = keys[(number * 3) % len(keys)], f"{prefix}{number}"
        result = subprocess.run(
            [sys.executable, "-m", "paperdeck", "tag", key, tag],
            env=env,
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT,
        )
        assert result.returncode == 0, result.stderr
        acks.append((key, tag))
        number += 1
    return acks


def check_all_landed(home: Path, *writers: list[tuple[str, str]]) -> None:
    stored = Library.open(home)
    assert stored.warnings == []
    for acks in writers:
        for key, tag in acks:
            assert tag in stored.state(key).tags, f"acknowledged {tag} on {key} is lost"
    # One journal, every writer's steps in it in the order that writer made them.
    journal = [(step.keys[0], step.action.tags[0]) for step in stored.journal.steps]
    assert len(journal) == sum(map(len, writers))
    for acks in writers:
        mine = set(acks)
        assert [entry for entry in journal if entry in mine] == acks


def in_thread(work: list[list[tuple[str, str]]], *args: object) -> threading.Thread:
    def run() -> None:
        work.append(cli_loop(*args))  # type: ignore[arg-type]

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_two_cli_writers_in_loops_lose_nothing(home: Path) -> None:
    keys = build(home)
    first: list[list[tuple[str, str]]] = []
    second: list[list[tuple[str, str]]] = []
    threads = [
        in_thread(first, home, keys, "a", LOOP_SECONDS),
        in_thread(second, home, keys, "b", LOOP_SECONDS),
    ]
    for thread in threads:
        thread.join(timeout=CHILD_TIMEOUT * 4)
    assert first and second, "a CLI loop failed"
    assert first[0] and second[0]
    check_all_landed(home, first[0], second[0])
    print(f"CLI + CLI: {len(first[0])} + {len(second[0])} acknowledged tags, all on disk")


def test_a_library_holding_process_and_a_cli_lose_nothing(home: Path) -> None:
    keys = build(home)
    child = start_holder(home, "app", LOOP_SECONDS)
    cli_acks = cli_loop(home, keys, "cli", LOOP_SECONDS)
    app_acks = holder_acks(child)
    assert app_acks and cli_acks
    check_all_landed(home, app_acks, cli_acks)
    print(f"app-like + CLI: {len(app_acks)} + {len(cli_acks)} acknowledged tags, all on disk")


def test_the_lock_file_deleted_replaced_or_a_symlink_between_writes_loses_nothing(
    home: Path, tmp_path: Path
) -> None:
    keys = build(home)
    target = tmp_path / "precious.txt"
    target.write_text("not paperdeck's\n")
    lock = home / "paperdeck.lock"
    child = start_holder(home, "child", LOOP_SECONDS)
    ours: list[tuple[str, str]] = []
    library = Library.open(home, writable=True)
    deadline = time.monotonic() + LOOP_SECONDS
    number = 0
    while time.monotonic() < deadline and number < 300:
        # Between writes: the file removed, replaced by another one, or a symlink.
        attack = number % 3
        try:
            if attack == 0:
                lock.unlink()
            elif attack == 1:
                (home / "other").write_text("x")
                os.replace(home / "other", lock)
            else:
                lock.unlink()
                lock.symlink_to(target)
        except (FileNotFoundError, FileExistsError):
            pass  # the child's write had just made the file anew
        key, tag = keys[(number * 11) % len(keys)], f"ours{number}"
        library.add_tags([key], [tag])
        ours.append((key, tag))
        number += 1
    theirs = holder_acks(child)
    assert target.read_text() == "not paperdeck's\n", "the symlink's target was written"
    assert not lock.is_symlink() or lock.resolve() == target
    check_all_landed(home, theirs, ours)
    print(f"lock file attacked {number} times: {len(theirs)} + {len(ours)} tags, all on disk")


# A process that holds the writer lock (as a long write does) until its stdin closes.
LOCK_HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from paperdeck.library.lock import WriterLock
    with WriterLock(Path(sys.argv[1])).held(5):
        print("held", flush=True)
        sys.stdin.read()
    """
)


@pytest.mark.parametrize("attack", ["deleted", "replaced", "symlink"])
def test_no_second_writer_gets_in_while_the_lock_is_held(
    home: Path, tmp_path: Path, attack: str
) -> None:
    keys = build(home)
    before = (home / "state.json").read_bytes() if (home / "state.json").exists() else b""
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(home)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        lock = home / "paperdeck.lock"
        lock.unlink()
        if attack == "replaced":
            lock.write_text("pid 1, `fake`\n")
        elif attack == "symlink":
            lock.symlink_to(tmp_path / "elsewhere")
        writer = Library.open(home, writable=True, wait=0.3)
        with pytest.raises(LibraryBusyError):
            writer.set_starred([keys[0]], True)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=CHILD_TIMEOUT)
    after = (home / "state.json").read_bytes() if (home / "state.json").exists() else b""
    assert after == before
    assert not (tmp_path / "elsewhere").exists(), "the symlink was followed"
    writer.set_starred([keys[0]], True)  # free again once the holder is gone
    assert Library.open(home).state(keys[0]).starred


def test_a_paperdeck_that_locks_only_the_lock_file_keeps_writers_out(home: Path) -> None:
    """A paperdeck from before per-write locks holds a flock on paperdeck.lock for its
    session: a new writer must wait for it, not write beside it."""
    import fcntl

    keys = build(home)
    fd = os.open(home / "paperdeck.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, b"pid 4242, `paperdeck` (old)\n")
        writer = Library.open(home, writable=True, wait=0.2)
        with pytest.raises(LibraryBusyError, match="pid 4242"):
            writer.set_starred([keys[0]], True)
    finally:
        os.close(fd)
    writer.set_starred([keys[0]], True)
    assert Library.open(home).state(keys[0]).starred


def test_a_symlink_at_the_lock_path_is_replaced_never_followed(home: Path, tmp_path: Path) -> None:
    keys = build(home)
    target = tmp_path / "target.txt"
    target.write_text("keep me\n")
    lock = home / "paperdeck.lock"
    lock.unlink(missing_ok=True)
    lock.symlink_to(target)
    Library.open(home, writable=True).set_starred([keys[0]], True)
    assert target.read_text() == "keep me\n"
    assert lock.exists() and not lock.is_symlink()


def test_a_data_folder_that_is_a_symlink_is_locked_and_written(tmp_path: Path) -> None:
    real = tmp_path / "real-home"
    build(real)
    linked = tmp_path / "linked-home"
    linked.symlink_to(real)
    library = Library.open(linked, writable=True, wait=2)
    key = library.papers[0].key
    library.set_starred([key], True)
    assert Library.open(real).state(key).starred
