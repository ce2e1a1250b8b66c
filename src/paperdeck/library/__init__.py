"""The store: TinyDB files in the data folder, imports with dedup, triage state.

``library`` is the facade the app and the CLI call; the other modules are its parts:
``corpus_file`` and ``state_file`` (the two file formats), ``storage`` (atomic writes,
checked reads), ``recovery`` (damaged files), ``tinystore`` (TinyDB, for writers),
``lock`` (one writer), ``merge`` (imports with dedup), ``undo`` (the journal),
``saved_filters`` and ``records`` (typed records: import records, stats).
"""

from .library import (
    DEFAULT_WAIT_SECONDS,
    FieldLimitError,
    Library,
    PaperNotFoundError,
    ReadOnlyError,
)
from .lock import LibraryBusyError
from .records import ImportRecord, ImportReport, LibraryStats
from .saved_filters import FilterNameError
from .storage import CorruptFileError, StorageError

__all__ = [
    "DEFAULT_WAIT_SECONDS",
    "CorruptFileError",
    "FieldLimitError",
    "FilterNameError",
    "ImportRecord",
    "ImportReport",
    "Library",
    "LibraryBusyError",
    "LibraryStats",
    "PaperNotFoundError",
    "ReadOnlyError",
    "StorageError",
]
