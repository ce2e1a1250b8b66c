"""The data folder as one process sees it: its two files, which version of each it
last read or wrote, whether it may write at all, and the per-write lock.

A file's version is its identity — device, inode, size, modification and change
times to the nanosecond — so telling whether another process wrote since is one
``stat``, and a file nobody changed is never parsed again. Every write replaces a
file by rename (storage), which gives it a new inode: two versions cannot look
alike. The identity is taken before a file is read, so a change landing during the
read is seen (again) at the next look, never missed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import threading
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .. import paths
from .lock import LibraryBusyError, WriterLock
from .recovery import load_file, remove_stale_temp_files
from .storage import TEMP_PREFIX, TEMP_SUFFIX, Payload, StorageError, write_atomically

Loaded = TypeVar("Loaded")


@dataclass(frozen=True, slots=True)
class FileIdentity:
    """Which version of a file is at a path (see the module docstring)."""

    device: int
    inode: int
    size: int
    modified_ns: int
    changed_ns: int


def identity_of(path: Path) -> FileIdentity | None:
    """The identity of the file at ``path`` now; None when there is none."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StorageError(f"{path}: cannot read ({error.strerror})") from error
    return FileIdentity(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


class ReadOnlyError(RuntimeError):
    """A write was asked of a library that cannot be written (the reason says why)."""


class TrackedFile:
    """One library file and the identity of the version this process holds.

    The version last read or written is kept open: while it is, no new file can
    get its inode number, so a replacement always has another identity (with
    timestamps of a coarse clock and a size that happens to match, a freed and
    reused inode could otherwise look like the old version). Its identity is taken
    from the open descriptor the content is read from, so the two always agree.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        # UNREAD until read; None for a file that did not exist (read as empty:
        # its absence is a version too).
        self.seen: FileIdentity | _Unread | None = UNREAD
        self._held: int | None = None
        # Closes the held descriptor when the library goes, closed or not.
        self._finalizer = weakref.finalize(self, _close_held, [None])

    def changed_on_disk(self) -> bool:
        """Whether the file is not the version last read or written here."""
        return self.seen != identity_of(self.path)

    def load(
        self, read: Callable[[dict[str, Any]], Loaded], *, recover: bool, warnings: list[str]
    ) -> Loaded:
        """Read the file (recovering a damaged one when ``recover``), noting its version."""
        content = self._hold_current()
        told = len(warnings)
        loaded = load_file(self.path, read, writable=recover, warnings=warnings, content=content)
        if recover and len(warnings) > told:
            # Recovery replaced the file (the writer lock is held): hold what is there.
            self._hold_current(read_it=False)
        return loaded

    def write(self, payload: Payload) -> None:
        """Replace the file atomically (the writer lock is held) and note the version."""
        write_atomically(self.path, payload)
        self._hold_current(read_it=False)

    def hold_head(self, size: int) -> bytes | None:
        """Hold the version now at the path as the one seen, reading only its first
        ``size`` bytes (None: there is no file). For a file whose head says whether
        this process has its content already (state.json's log_seq)."""
        return self._hold_current(read_it=False, head=size)

    def close(self) -> None:
        """Let the version held go; the next look reads the file again."""
        self._finalizer()
        self.seen = UNREAD

    def _hold_current(self, *, read_it: bool = True, head: int = 0) -> bytes | None:
        """Open the file now at the path, keep it as the version seen; its bytes."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            fd = None
        except OSError as error:
            raise StorageError(f"{self.path}: cannot read ({error.strerror})") from error
        self._finalizer()  # the version held before
        self.seen = None
        if fd is None:
            return None
        self._finalizer = weakref.finalize(self, _close_held, [fd])
        try:
            info = os.fstat(fd)
            self.seen = FileIdentity(
                info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns
            )
            if head:
                return os.pread(fd, head, 0)
            return _read_all(fd, info.st_size) if read_it else None
        except OSError as error:
            self.seen = UNREAD
            raise StorageError(f"{self.path}: cannot read ({error.strerror})") from error


def _close_held(held: list[int | None]) -> None:
    fd = held[0]
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)


def _read_all(fd: int, size: int) -> bytes:
    parts = []
    while chunk := os.read(fd, max(size, 1 << 16)):
        parts.append(chunk)
    return b"".join(parts)


class _Unread:
    """The identity of a file not read yet: unequal to any identity and to None."""


UNREAD = _Unread()


class LibraryFiles:
    """The data folder ``home``: the corpus and state files, and writing them."""

    def __init__(self, home: Path, *, writable: bool, wait: float) -> None:
        self.home = home
        self.corpus = TrackedFile(home / paths.CORPUS_FILE)
        self.state = TrackedFile(home / paths.STATE_FILE)
        self.wait = wait
        self.lock = WriterLock(home)
        # Why this process cannot write the library, or None when it can.
        self.read_only_reason: str | None = (
            writable_reason(home) if writable else "the library was opened read-only"
        )
        # One write at a time within this process too (the app writes from a worker
        # thread while its screen writes): the flock excludes other processes.
        self.in_process = threading.RLock()
        self._cleaned = False
        if self.read_only_reason is None:
            self._sweep_if_free()

    def _sweep_if_free(self) -> None:
        """Remove temporary files dead writers left, if no write is running now
        (otherwise the first write does, under the lock)."""
        with contextlib.suppress(LibraryBusyError), self.lock.held(0):
            remove_stale_temp_files(self.home)
            self._cleaned = True

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the writer lock (and this process's own) for one write."""
        if self.read_only_reason is not None:
            raise ReadOnlyError(self.read_only_reason)
        with self.in_process, self.lock.held(self.wait):
            if not self._cleaned:
                # Only a lock holder may: no other writer is mid-write now.
                remove_stale_temp_files(self.home)
                self._cleaned = True
            yield


def writable_reason(home: Path) -> str | None:
    """Why this process cannot write the data folder ``home``, or None when it can.

    Both the permission bits and a real write are asked: root passes every access
    check, so a folder without its owner's write bit counts as read-only for root
    too (as a read-only file does for an export), and a read-only filesystem only
    shows when something is written.
    """
    try:
        home.mkdir(parents=True, exist_ok=True)
        info = home.stat()
    except OSError as error:
        return f"cannot create or open {home}: {error.strerror or error}"
    if not stat.S_ISDIR(info.st_mode):
        return f"{home} is not a folder"
    if not os.access(home, os.W_OK) or not info.st_mode & stat.S_IWUSR:
        return f"{home} is read-only (no write permission)"
    probe = home / f"{TEMP_PREFIX}probe.{os.getpid()}{TEMP_SUFFIX}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        os.close(fd)
        # A writer sweeping dead writers' temp files may have removed it already.
        probe.unlink(missing_ok=True)
    except OSError as error:
        if error.errno == errno.EROFS:
            return f"{home} is on a read-only filesystem"
        return f"{home} cannot be written ({error.strerror or error})"
    return None
