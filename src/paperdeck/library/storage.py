"""Atomic writes and checked reads of the library's TinyDB files.

TinyDB's stock JSONStorage rewrites its file in place, so a crash or a full disk in
the middle of a write loses the library. paperdeck's storage (AtomicJSONStorage, in
``tinystore``) writes the new contents to a
temporary file in the same folder, fsyncs it, keeps the previous file as
``NAME.bak`` and moves the new one over the old with ``os.replace`` (atomic on
POSIX), then fsyncs the folder so the rename itself is durable.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

# Temporary files are named ".paperdeck-NAME.PID.tmp": a writer that died
# leaves only those, and only those are ever removed (another program's ".x.tmp" in
# the same folder is none of paperdeck's business).
TEMP_PREFIX = ".paperdeck-"
TEMP_SUFFIX = ".tmp"
BACKUP_SUFFIX = ".bak"
# Library files hold a person's notes: readable by them alone.
PRIVATE_MODE = 0o600

# What a file is written from: bytes, or parts written one after the other (an
# iterable may be a generator, so a large file is never all in memory at once).
Payload = bytes | Iterable[bytes | memoryview]


class StorageError(Exception):
    """A library file could not be read or written; the message names the file."""


class CorruptFileError(StorageError):
    """A library file exists but does not hold a TinyDB document."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def backup_path(path: Path) -> Path:
    """Where the previous version of ``path`` is kept."""
    return path.with_name(path.name + BACKUP_SUFFIX)


def load_document(path: Path, content: bytes | None = None) -> dict[str, dict[str, Any]] | None:
    """Read and check one library file (``content``: its bytes, when the caller
    read them already); None when it does not exist.

    Raises CorruptFileError when the file does not parse or is not shaped like a
    TinyDB document (an object of tables, each an object of documents).
    """
    try:
        raw = path.read_bytes() if content is None else content
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StorageError(f"{path}: cannot read ({error.strerror})") from error
    if not raw.strip():
        raise CorruptFileError(path, "is empty")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise CorruptFileError(path, f"is not valid JSON ({error})") from error
    if not isinstance(data, dict) or not all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in data.values()
    ):
        raise CorruptFileError(path, "does not hold paperdeck tables")
    return data


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable. Some filesystems refuse; that is not fatal."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def temp_path(path: Path) -> Path:
    """The temporary name beside ``path`` for this process (one writer holds the lock
    at a time, and a pid names one living process). One left by a dead process of
    the same pid is paperdeck's own and is removed."""
    temp = path.with_name(f"{TEMP_PREFIX}{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    return temp


def write_atomically(
    path: Path, payload: Payload, *, keep_backup: bool = True, mode: int | None = PRIVATE_MODE
) -> None:
    """Replace ``path`` with ``payload`` so that a reader or a crash sees either the old
    file or the new one, never a mix. The old file becomes ``NAME.bak`` when
    ``keep_backup``.

    ``mode`` is the new file's permissions: private by default (the library), or None
    for a person's own file (an export), which goes through ``write_output``.

    Raises StorageError (naming the file) on any OS error; the old file is untouched.
    """
    if mode is None:
        write_output(path, payload if isinstance(payload, bytes) else b"".join(payload))
        return
    _replace(path, payload, keep_backup=keep_backup, mode=mode, keep_mode=None)


def write_output(path: Path, payload: bytes) -> None:
    """Write a file the person named (an export), as ``cp`` would, but atomically.

    A symlink is followed: the file it points to is replaced (in that file's
    folder), the link stays. A FIFO, a terminal or another device is written to
    directly, never replaced (a FIFO nobody reads is refused rather than waited
    on). A folder, or a file without write permission, is refused. An existing
    file keeps its permissions; a new one gets the usual ones less the umask.
    Raises StorageError naming the file and why.
    """
    # A link to a device or a FIFO (/dev/stdout) is written through the link: its
    # resolved name may be no path at all ("pipe:[1234]").
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        info = path.stat()
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise StorageError(f"could not save {path}: {error.strerror or error}") from error
    if info is None:
        _replace(target, payload, keep_backup=False, mode=0o666, keep_mode=None)
        return
    if stat.S_ISDIR(info.st_mode):
        raise StorageError(f"could not save {path}: it is a folder")
    if not stat.S_ISREG(info.st_mode):
        _write_in_place(path, path, payload)
        return
    # Root may write anything: a file without its owner's write bit is still refused.
    if not os.access(target, os.W_OK) or not info.st_mode & stat.S_IWUSR:
        raise StorageError(f"could not save {path}: it is read-only (permission denied)")
    _replace(target, payload, keep_backup=False, mode=0o666, keep_mode=stat.S_IMODE(info.st_mode))


def _write_in_place(path: Path, target: Path, payload: bytes) -> None:
    try:
        # Non-blocking open: a FIFO with no reader fails at once (ENXIO) instead of hanging.
        fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as error:
        reason = "it is a FIFO that nothing reads" if error.errno == errno.ENXIO else error.strerror
        raise StorageError(f"could not save {path}: {reason or error}") from error
    try:
        os.set_blocking(fd, True)
        _write_all(fd, payload)
    except OSError as error:
        raise StorageError(f"could not save {path}: {error.strerror or error}") from error
    finally:
        os.close(fd)


def _write_all(fd: int, payload: Payload) -> None:
    for part in [payload] if isinstance(payload, bytes) else payload:
        view = memoryview(part)
        while view:
            written = os.write(fd, view)
            view = view[written:]


def _replace(
    path: Path, payload: Payload, *, keep_backup: bool, mode: int, keep_mode: int | None
) -> None:
    temp = temp_path(path)
    try:
        # os.open applies the umask to this mode, as any program creating a file does.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            if keep_mode is not None:
                os.fchmod(fd, keep_mode)
            _write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        if keep_backup and path.exists():
            _keep_backup(path)
        os.replace(temp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        reason = error.strerror or str(error)
        raise StorageError(f"could not save {path}: {reason}") from error
    fsync_folder(path.parent)


def _keep_backup(path: Path) -> None:
    # A hard link makes the backup without copying a large corpus; the rename over the
    # old backup is atomic, so there is always one complete backup.
    backup = backup_path(path)
    staged = temp_path(backup)
    try:
        try:
            os.link(path, staged)
        except OSError:
            import shutil  # here: only a copy needs it, and every list would load it

            shutil.copy2(path, staged)
        os.replace(staged, backup)
    except OSError:
        with contextlib.suppress(OSError):
            staged.unlink()
        raise
