"""One writer at a time: an advisory ``fcntl.flock`` on a lock file in the data folder.

The holder writes its pid, command and start time into the file so that a process
that cannot get the lock can say who has it. The kernel drops a flock when its
holder dies, so a crashed paperdeck never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

# How often a waiting writer retries.
_POLL_SECONDS = 0.05


class LibraryBusyError(Exception):
    """Another paperdeck process holds the writer lock."""

    def __init__(self, holder: str) -> None:
        super().__init__(
            f"the library is open for writing in another paperdeck process ({holder}); "
            "close it and try again"
        )
        self.holder = holder


class WriterLock:
    """An exclusive, non-blocking-with-timeout lock on ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self, wait: float = 0.0) -> None:
        """Take the lock, retrying for up to ``wait`` seconds.

        Raises LibraryBusyError naming the holder when it stays taken.
        """
        if self._fd is not None:
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _describe_holder(fd)
                    os.close(fd)
                    raise LibraryBusyError(holder) from None
                time.sleep(_POLL_SECONDS)
        started = datetime.now(UTC).astimezone().strftime("%Y-%m-%d %H:%M")
        command = " ".join(["paperdeck", *sys.argv[1:]])[:200]
        self._fd = fd
        # Who holds the lock is only for other processes' messages: a full disk must
        # not turn a lock already taken into an error (and a leaked descriptor).
        # An argument that is not UTF-8 (a file name) is written with "?" in its place.
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(
                fd, f"pid {os.getpid()}, `{command}`, since {started}\n".encode(errors="replace"), 0
            )

    def release(self) -> None:
        """Give the lock up (also happens when the process exits)."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None


def _describe_holder(fd: int) -> str:
    with contextlib.suppress(OSError):
        text = os.pread(fd, 512, 0).decode("utf-8", "replace").strip()
        if text:
            return text
    return "pid unknown"
