"""A person's state for one paper (PaperState) and how tags are spelled."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any


def normalise_tag(tag: str) -> str:
    """Tags are single words without spaces or commas; case is kept."""
    return "-".join(tag.replace(",", " ").split())


def split_tags(values: Iterable[str]) -> tuple[str, ...]:
    """Tags as a person types them: each value may hold several, comma-separated
    (``"safety, to read"`` -> ``safety``, ``to-read``). Empty ones are dropped and
    repeats removed, first kept; tags ignore case, so ``Vision`` repeats ``vision``."""
    tags = (normalise_tag(part) for value in values for part in value.split(","))
    first: dict[str, str] = {}
    for tag in tags:
        if tag:
            first.setdefault(tag.casefold(), tag)
    return tuple(first.values())


@dataclass(frozen=True, slots=True)
class PaperState:
    """A person's state for one paper: star, read, tags, note and when they changed.

    Timestamps are ISO strings in UTC. A paper with no state has the default one.
    ``title`` is a title the person gave the paper (None: the imported one stands); it
    lives here, not in the corpus, so that no re-import can undo it.
    """

    key: str
    starred: bool = False
    read: bool = False
    tags: tuple[str, ...] = ()
    note: str = ""
    starred_at: str | None = None
    read_at: str | None = None
    updated_at: str | None = None
    title: str | None = None

    @property
    def is_default(self) -> bool:
        """True when the state holds nothing a person set."""
        return not (self.starred or self.read or self.tags or self.note or self.title)

    def to_dict(self) -> dict[str, Any]:
        """The record as stored in state.json."""
        return {
            "key": self.key,
            "starred": self.starred,
            "read": self.read,
            "tags": list(self.tags),
            "note": self.note,
            "starred_at": self.starred_at,
            "read_at": self.read_at,
            "updated_at": self.updated_at,
            "title": self.title,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PaperState:
        """Inverse of to_dict. Raises ValueError for a record of the wrong shape (a
        hand-edited ``"starred": "no"``, ``"note": 42``): read as it stands, "no"
        would be a star and 42 would crash every export, so the library treats the
        file as damaged instead (library/recovery.py)."""
        key = data["key"]
        tags = data.get("tags", [])
        if not isinstance(key, str) or not key:
            raise ValueError(f"a state's key must be a string, not {key!r:.40}")
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            raise ValueError(f"the state of {key!r:.40} has tags that are not strings")
        return cls(
            key=key,
            starred=_stored(data, "starred", bool, False),
            read=_stored(data, "read", bool, False),
            tags=tuple(tags),
            note=_stored(data, "note", str, ""),
            starred_at=_stored(data, "starred_at", str, None),
            read_at=_stored(data, "read_at", str, None),
            updated_at=_stored(data, "updated_at", str, None),
            title=_stored(data, "title", str, None),
        )

    def with_changes(self, **changes: Any) -> PaperState:
        """A copy with some fields replaced."""
        return replace(self, **changes)


def _stored(data: dict[str, Any], name: str, kind: type, default: Any) -> Any:
    """Field ``name`` of a stored record, which must be a ``kind`` (or null, or absent,
    for ``default``); ValueError otherwise."""
    value = data.get(name)
    if value is None:
        return default
    if type(value) is kind:
        return value
    raise ValueError(
        f"the state of {data.get('key')!r:.40} has {name} = {value!r:.40}, "
        f"not {kind.__name__ if kind is not bool else 'true/false'}"
    )
