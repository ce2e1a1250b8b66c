"""The validators each fetched feed gave last (ETag, Last-Modified), so the next
fetch of it asks "anything since?" and an unchanged feed costs one small answer.

A small JSON file in the data folder, ``feed-validators.json``: URL → the validators
and when they were kept, at most ``MAX_FEEDS`` of them (the oldest go first). It is
written atomically, and only after the papers a fetch brought were saved: a
validator kept for papers then lost would hide them from every later fetch. A file
that cannot be read is as good as none (each feed is asked unconditionally once).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from .. import paths
from ..fetch.conditional import Validators
from .records import now_stamp
from .storage import write_atomically

MAX_FEEDS = 200
_FIELDS = ("etag", "last_modified")


class FeedValidators:
    """The validators file of the data folder ``home``."""

    def __init__(self, home: Path) -> None:
        self.path = home / paths.FEED_VALIDATORS_FILE
        self._known: dict[str, dict[str, Any]] | None = None

    def _load(self) -> dict[str, dict[str, Any]]:
        if self._known is None:
            try:
                data = orjson.loads(self.path.read_bytes())
            except (OSError, orjson.JSONDecodeError):
                data = {}
            self._known = {
                url: entry
                for url, entry in (data.items() if isinstance(data, dict) else ())
                if isinstance(url, str) and isinstance(entry, dict)
            }
        return self._known

    def validators(self, url: str) -> Validators | None:
        """What ``url`` gave last time, or None."""
        entry = self._load().get(url)
        if entry is None:
            return None
        found: Validators = {}
        if isinstance(entry.get("etag"), str):
            found["etag"] = entry["etag"]
        if isinstance(entry.get("last_modified"), str):
            found["last_modified"] = entry["last_modified"]
        return found or None

    def keep(self, fresh: dict[str, Validators]) -> None:
        """Remember ``fresh`` (URL → validators) and write the file; raises
        StorageError when it cannot be written."""
        if not fresh:
            return
        known = dict(self._load())
        stamp = now_stamp()
        for url, validators in fresh.items():
            known.pop(url, None)  # re-inserted last: the newest
            known[url] = {name: validators[name] for name in _FIELDS if name in validators}  # type: ignore[literal-required]
            known[url]["kept"] = stamp
        while len(known) > MAX_FEEDS:
            known.pop(next(iter(known)))
        write_atomically(
            self.path, orjson.dumps(known, option=orjson.OPT_INDENT_2), keep_backup=False
        )
        self._known = known
