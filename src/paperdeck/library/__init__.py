"""The store: TinyDB files in the data folder, imports with dedup, triage state.

``library`` is the facade the app and the CLI call; the other modules are its parts:
``corpus_file`` and ``state_file`` (the two file formats), ``storage`` (atomic writes,
checked reads), ``recovery`` (damaged files), ``files`` (which version of each file
this process holds, whether it may write), ``lock`` (one writer per write),
``change`` (what refresh reports), ``field_limits`` (notes, tags and titles over
their limits), ``following`` and ``view`` (the facade's bases), ``tinystore``
(TinyDB's own storage for these files), ``merge`` (imports with dedup), ``undo``
(the journal), ``saved_filters`` and ``records`` (typed records: import records,
stats).
"""

from .change import LibraryChange
from .files import ReadOnlyError
from .library import (
    DEFAULT_WAIT_SECONDS,
    FieldLimitError,
    Library,
    PaperNotFoundError,
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
    "LibraryChange",
    "LibraryStats",
    "PaperNotFoundError",
    "ReadOnlyError",
    "StorageError",
]
