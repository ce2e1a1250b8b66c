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
import os
import shutil
import stat
from pathlib import Path
from typing import Any

import orjson

TEMP_SUFFIX = ".tmp"
BACKUP_SUFFIX = ".bak"
# Library files hold a person's notes: readable by them alone.
PRIVATE_MODE = 0o600


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


def load_document(path: Path) -> dict[str, dict[str, Any]] | None:
    """Read and check one library file; None when it does not exist.

    Raises CorruptFileError when the file does not parse or is not shaped like a
    TinyDB document (an object of tables, each an object of documents).
    """
    try:
        raw = path.read_bytes()
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


def write_atomically(
    path: Path, payload: bytes, *, keep_backup: bool = True, mode: int | None = PRIVATE_MODE
) -> None:
    """Replace ``path`` with ``payload`` so that a reader or a crash sees either the old
    file or the new one, never a mix. The old file becomes ``NAME.bak`` when
    ``keep_backup``.

    ``mode`` is the new file's permissions: private by default (the library), or None
    for a person's own file (an export), which keeps an existing file's mode and
    otherwise gets the usual permissions less the umask.

    Raises StorageError (naming the file) on any OS error; the old file is untouched.
    """
    temp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    try:
        keep_mode = None
        if mode is None:
            with contextlib.suppress(FileNotFoundError):
                keep_mode = stat.S_IMODE(path.stat().st_mode)
        # os.open applies the umask to this mode, as any program creating a file does.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666 if mode is None else mode)
        try:
            if keep_mode is not None:
                os.fchmod(fd, keep_mode)
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
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
    staged = backup.with_name(f".{backup.name}.{os.getpid()}{TEMP_SUFFIX}")
    with contextlib.suppress(FileNotFoundError):
        staged.unlink()
    try:
        try:
            os.link(path, staged)
        except OSError:
            shutil.copy2(path, staged)
        os.replace(staged, backup)
    except OSError:
        with contextlib.suppress(OSError):
            staged.unlink()
        raise
