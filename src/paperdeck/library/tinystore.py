"""The TinyDB side of the library: the atomic Storage class and the states table that
every triage action writes through.

Only writers import this module: reading commands load files with
``storage.load_document`` and never pay for importing TinyDB.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import Storage
from tinydb.table import Table

from .storage import load_document, write_atomically


class AtomicJSONStorage(Storage):
    """TinyDB storage over one JSON file, written atomically (see storage).

    ``indent`` makes the small state file readable by people; the large corpus file
    is written compact.
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
    """A TinyDB table whose document ids are paper keys, so a lookup is a dict access."""

    document_id_class = str  # type: ignore[assignment]

    def replace_documents(self, put: Mapping[str, dict[str, Any]], drop: Iterable[str]) -> None:
        """Set the documents ``put`` (by id) and remove the ids ``drop``, in one pass.

        Each of TinyDB's own upsert and remove calls copies the whole table (twice,
        converting ids), so a bulk action on 100,000 papers took minutes through
        them, and one star in a library of 100,000 states 70 ms more. Ids here are
        strings already, so the table is changed where it is, through the storage.
        """
        tables = self._storage.read() or {}
        table = tables.setdefault(self.name, {})
        for doc_id in drop:
            table.pop(doc_id, None)
        table.update(put)
        self._storage.write(tables)
        self.clear_cache()


class _WriteCache(CachingMiddleware):
    # Never flush on its own: the library flushes once at the end of each action.
    WRITE_CACHE_SIZE = 1 << 62


class StateTables:
    """The tables, by name, of a fresh TinyDB over a write cache on ``path``.

    ``document`` is the file's content when the caller already has it (the library
    keeps what it last wrote: it is the only writer while it holds the lock), which
    spares re-reading a state file that can reach tens of MB. TinyDB changes that
    document in place, so after a failed write the caller must drop it.
    """

    def __init__(self, path: Path, document: dict[str, Any] | None = None) -> None:
        self._cache = _WriteCache(AtomicJSONStorage)
        self._db = TinyDB(path, storage=self._cache, indent=True)
        if document is not None:
            self._cache.cache = document

    def __call__(self, name: str) -> KeyedTable:
        return KeyedTable(self._db.storage, name)

    def flush(self) -> None:
        """Write every change as one atomic replacement of the file."""
        self._cache.flush()

    @property
    def document(self) -> dict[str, Any] | None:
        """The whole content as written (None if nothing was read or written)."""
        cached: dict[str, Any] | None = self._cache.cache
        return cached


@contextmanager
def keyed_tables(path: Path, document: dict[str, Any] | None = None) -> Iterator[StateTables]:
    """A StateTables whose changes are flushed as one atomic write of the file on
    success and dropped on error, so the file stays as it was."""
    tables = StateTables(path, document)
    yield tables
    tables.flush()
