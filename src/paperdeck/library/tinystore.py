"""TinyDB over the library's files: the atomic Storage class, and a table whose
document ids are paper keys.

paperdeck writes its two files directly (corpus_file, state_file): one import or
one triage action is one atomic replacement of one file, and going through TinyDB's
tables would re-read and copy the whole document first. The files stay TinyDB
documents, and this is how TinyDB itself opens them safely, for a script or a
tool: ``TinyDB(path, storage=AtomicJSONStorage)`` and ``KeyedTable(db.storage,
"states")``. Reading commands never import this module, nor TinyDB.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage
from tinydb.table import Table

from .storage import load_document, write_atomically


class AtomicJSONStorage(Storage):
    """TinyDB storage over one JSON file, written atomically (see storage).

    ``indent`` makes a file readable by people; paperdeck's own writers lay their
    files out themselves.
    """

    def __init__(self, path: str | os.PathLike[str], *, indent: bool = False) -> None:
        self.path = Path(path)
        self._options = orjson.OPT_INDENT_2 if indent else 0

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The whole document, or None for a file that does not exist yet."""
        return load_document(self.path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Serialise and replace the file atomically."""
        write_atomically(self.path, orjson.dumps(data, option=self._options))

    def close(self) -> None:
        """Nothing stays open between writes."""


class KeyedTable(Table):
    """A TinyDB table whose document ids are strings (paper keys, filter names)."""

    document_id_class = str  # type: ignore[assignment]
