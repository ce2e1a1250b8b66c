"""The store: TinyDB files in the data folder, imports with dedup, triage state."""

from .library import (
    DEFAULT_WAIT_SECONDS,
    FilterNameError,
    ImportReport,
    Library,
    PaperNotFoundError,
    ReadOnlyError,
)
from .lock import LibraryBusyError
from .storage import CorruptFileError, StorageError

__all__ = [
    "DEFAULT_WAIT_SECONDS",
    "CorruptFileError",
    "FilterNameError",
    "ImportReport",
    "Library",
    "LibraryBusyError",
    "PaperNotFoundError",
    "ReadOnlyError",
    "StorageError",
]
