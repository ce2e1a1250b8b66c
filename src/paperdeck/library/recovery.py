"""Reading a library file whatever state a crash or a disk left it in.

A damaged file (not JSON, not TinyDB-shaped, or holding a record that cannot be read)
is recovered from its backup ``NAME.bak``. A writer sets the damaged file aside as
``NAME.corrupt-<time>`` first, so nothing is ever deleted; a reader (which must not
move files under a writer) shows the backup instead.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from .storage import (
    TEMP_PREFIX,
    TEMP_SUFFIX,
    CorruptFileError,
    StorageError,
    backup_path,
    load_document,
    write_atomically,
)

Loaded = TypeVar("Loaded")


def load_file(
    path: Path,
    read: Callable[[dict[str, Any]], Loaded],
    *,
    writable: bool,
    warnings: list[str],
    content: bytes | None = None,
) -> Loaded:
    """``read`` applied to the document in ``path`` (an empty one when there is no
    file; ``content``: the file's bytes when the caller read them), recovering from
    the backup when it is damaged; what the person should be told is appended to
    ``warnings``."""
    with collector_paused():
        try:
            return read_records(path, load_document(path, content) or {}, read)
        except CorruptFileError as damage:
            return _recover(path, damage, read, writable=writable, warnings=warnings)


def _recover(
    path: Path,
    damage: CorruptFileError,
    read: Callable[[dict[str, Any]], Loaded],
    *,
    writable: bool,
    warnings: list[str],
) -> Loaded:
    backup = backup_path(path)
    restored: Loaded | None = None
    try:
        document = load_document(backup)
        if document is not None:
            restored = read_records(backup, document, read)
    except CorruptFileError:
        pass
    if not writable:
        # A reader must not move files about under a writer; it reads the backup.
        if restored is None:
            raise StorageError(
                f"{path} is damaged ({damage.reason}) and has no usable backup; "
                "open paperdeck once to set it aside"
            ) from damage
        warnings.append(f"{path.name} is damaged ({damage.reason}); showing its backup")
        return restored
    # The damaged file is kept under a new name first (a link: no moment without
    # either file), then replaced atomically by its backup, or removed.
    try:
        aside = set_aside(path)
        if restored is not None:
            write_atomically(path, backup.read_bytes(), keep_backup=False)
        else:
            path.unlink()
    except OSError as error:
        raise StorageError(
            f"{path} is damaged ({damage.reason}) and could not be set aside: "
            f"{error.strerror or error}"
        ) from error
    if restored is not None:
        warnings.append(
            f"{path.name} was damaged ({damage.reason}); restored the previous version "
            f"from {backup.name} and kept the damaged file as {aside.name}"
        )
        return restored
    lost = "its backup is damaged too" if backup.exists() else "it had no backup"
    warnings.append(
        f"{path.name} was damaged ({damage.reason}) and {lost}; it was moved to "
        f"{aside.name} and paperdeck starts without it"
    )
    return read({})


def read_records(
    path: Path, document: dict[str, Any], read: Callable[[dict[str, Any]], Loaded]
) -> Loaded:
    """Turn a document into records; a record that cannot be read (a damaged field
    name, say) makes the file damaged, like JSON that does not parse."""
    try:
        return read(document)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise CorruptFileError(
            path, f"has a damaged record ({type(error).__name__}: {error})"
        ) from error


def set_aside(path: Path) -> Path:
    """Keep a damaged file as ``NAME.corrupt-<time>`` (``-2``, ``-3``… when that name is
    taken: a file damaged twice in one second keeps both) and return that name."""
    stamp = f"{path.name}.corrupt-{datetime.now():%Y%m%d-%H%M%S}"
    number = 1
    while True:
        aside = path.with_name(stamp if number == 1 else f"{stamp}-{number}")
        try:
            try:
                os.link(path, aside)
            except FileExistsError:
                raise
            except OSError:
                # No hard links on this filesystem: copy, never over an earlier one.
                with aside.open("xb") as copy:
                    try:
                        copy.write(path.read_bytes())
                    except OSError:
                        aside.unlink()
                        raise
            return aside
        except FileExistsError:
            number += 1


def remove_stale_temp_files(home: Path) -> None:
    """Remove the temporary files a paperdeck writer that died mid-write left (its
    own prefix only: other programs' files are left alone); call it only while
    holding the writer lock, which says no writer is running now."""
    for stale in home.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            stale.unlink()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file is loaded.

    Loading allocates hundreds of thousands of containers and nothing to collect;
    the collections they trigger took a third of opening a 100,000-paper corpus.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
