"""One writer at a time, per write: an advisory ``fcntl.flock`` held only while a
process writes the library.

What is locked is the data folder itself (its directory, opened read-only), not a
file in it: deleting or replacing ``paperdeck.lock`` by hand, the usual reflex for a
"stale lock", cannot let a second writer in, because the folder a writer locked is
the folder it writes to (checked after locking: a folder renamed away and made anew
is locked again). ``paperdeck.lock`` is still taken too, for two reasons: it names
the holder (pid and command) for a writer that waits in vain, and a paperdeck from
before per-write locks, which locks only that file for its whole session, keeps
out a new one (and the other way round). Its identity is checked after locking
(fstat of the descriptor against a fresh lstat of the path), so a file deleted or
replaced under a holder is locked again, never shared.

The lock file is opened with ``O_NOFOLLOW``: a symlink (or anything else not a
regular file) at its name is never followed, written or truncated. It is removed —
the link, never what it points to — and a regular file made in its place, under the
folder lock, so no other paperdeck races the replacement.

The kernel drops a flock when its holder dies, so a crashed paperdeck never leaves
a stale lock behind; a writer that keeps the lock longer than another one's wait
(10 s for the CLI) is named in that one's message.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from .storage import StorageError

# How often a waiting writer retries (flock has no timeout of its own).
_POLL_SECONDS = 0.01
# The lock file's name, beside the library's files.
LOCK_NAME = "paperdeck.lock"


class LibraryBusyError(StorageError):
    """Another paperdeck process kept the writer lock for longer than the wait (a
    StorageError: whoever reports failed saves reports this one too)."""

    def __init__(self, holder: str, waited: float) -> None:
        super().__init__(
            f"another paperdeck process ({holder}) kept the library locked for "
            f"{waited:g} s; nothing was changed, try again when it is done"
        )
        self.holder = holder


class WriterLock:
    """The writer lock of the data folder ``home``; ``held(wait)`` takes it."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.path = home / LOCK_NAME

    @contextlib.contextmanager
    def held(self, wait: float) -> Iterator[None]:
        """Hold the lock for the block, waiting up to ``wait`` seconds for it.

        Raises LibraryBusyError naming the holder when it stays taken, StorageError
        when the folder cannot be opened or the lock file cannot be made.
        """
        deadline = time.monotonic() + wait
        try:
            folder = self._lock_folder(deadline, wait)
        except OSError as error:
            raise _cannot_lock(self.home, error) from error
        try:
            try:
                fd = self._lock_file(deadline, wait)
            except OSError as error:
                raise _cannot_lock(self.path, error) from error
            try:
                _write_holder(fd)
                yield
            finally:
                # Who held it is only for others' messages while it is held.
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)
                os.close(fd)
        finally:
            os.close(folder)

    def _lock_folder(self, deadline: float, wait: float) -> int:
        """A descriptor of the data folder, flocked, and still the folder at ``home``."""
        while True:
            fd = os.open(self.home, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            try:
                if not _flock_until(fd, deadline):
                    raise LibraryBusyError(self.holder(), wait)
                # Followed: a data folder may well be a symlink to one elsewhere.
                if _same_file(fd, self.home, follow=True):
                    return fd
            except BaseException:
                os.close(fd)
                raise
            # The folder was renamed away while we waited: lock the one now there.
            os.close(fd)
            _check_time(deadline, self.home)

    def _lock_file(self, deadline: float, wait: float) -> int:
        """A descriptor of paperdeck.lock, flocked, and still the file at its path."""
        while True:
            fd = self._open_lock_file()
            try:
                if not _flock_until(fd, deadline):
                    raise LibraryBusyError(self.holder(), wait)
                if _same_file(fd, self.path):
                    return fd
            except BaseException:
                os.close(fd)
                raise
            # Deleted or replaced since it was opened: lock the file now at the path.
            os.close(fd)
            _check_time(deadline, self.path)

    def _open_lock_file(self) -> int:
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
        try:
            fd = os.open(self.path, flags, 0o600)
        except OSError as error:
            if error.errno not in (errno.ELOOP, errno.ENXIO, errno.EISDIR, errno.EWOULDBLOCK):
                raise
            fd = -1
        if fd >= 0 and stat.S_ISREG(os.fstat(fd).st_mode):
            return fd
        if fd >= 0:
            os.close(fd)
        # A symlink, a FIFO, a device or a folder at the lock's name. We hold the
        # folder lock, so no paperdeck races this: remove the name (a link goes, its
        # target stays as it was) and make a regular file in its place.
        if os.path.isdir(self.path) and not os.path.islink(self.path):
            raise IsADirectoryError(errno.EISDIR, "a folder is in the lock file's place", self.path)
        os.unlink(self.path)
        return os.open(self.path, flags | os.O_EXCL, 0o600)

    def holder(self) -> str:
        """Who holds the lock, as the holder wrote it ("pid unknown" if it did not)."""
        with contextlib.suppress(OSError):
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
            try:
                if stat.S_ISREG(os.fstat(fd).st_mode):
                    text = os.pread(fd, 512, 0).decode("utf-8", "replace").strip()
                    if text:
                        return text
            finally:
                os.close(fd)
        return "pid unknown"


def _check_time(deadline: float, path: Path) -> None:
    # A path that keeps changing under us (never seen in practice) must not spin.
    if time.monotonic() >= deadline + 1.0:
        raise StorageError(f"cannot lock {path}: it keeps being replaced")


def _cannot_lock(path: Path, error: OSError) -> StorageError:
    return StorageError(f"cannot lock {path}: {error.strerror or error}")


def _flock_until(fd: int, deadline: float) -> bool:
    """Take an exclusive flock on ``fd``, retrying until ``deadline``; False if not."""
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(_POLL_SECONDS)


def _same_file(fd: int, path: Path, *, follow: bool = False) -> bool:
    """Whether ``path`` (a symlink followed only with ``follow``) still names the
    file open as ``fd``."""
    try:
        named = os.stat(path) if follow else os.lstat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _write_holder(fd: int) -> None:
    started = datetime.now(UTC).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    command = " ".join(["paperdeck", *sys.argv[1:]])[:200]
    # Only for other processes' messages: a full disk must not fail a write that
    # holds the lock. An argument that is not UTF-8 (a file name) gets "?".
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        text = f"pid {os.getpid()}, `{command}`, since {started}\n"
        os.pwrite(fd, text.encode(errors="replace"), 0)
