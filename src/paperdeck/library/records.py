"""The library's small typed records: what an import did, and the counts of ``stats``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NotRequired, TypedDict

from ..models import Problem


def now_stamp() -> str:
    """The current time as an ISO string in UTC, to the microsecond (import batches
    use it as their id, so two imports in one second still differ)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


class ImportRecord(TypedDict):
    """One import as corpus.json keeps it and ``paperdeck imports --json`` prints it.

    Only ``time`` is sure to be there: a record written by an older paperdeck may lack
    the counts, which then read as 0.
    """

    time: str
    files: NotRequired[list[str]]
    entries: NotRequired[int]
    added: NotRequired[int]
    updated: NotRequired[int]
    unchanged: NotRequired[int]
    skipped: NotRequired[int]


class LibraryStats(TypedDict):
    """The counts of ``paperdeck stats`` (and of the app's Tags pane)."""

    papers: int
    starred: int
    read: int
    # Every tag in use with how many papers carry it, most used first.
    tags: dict[str, int]


@dataclass(slots=True)
class ImportReport:
    """What one import did."""

    files: list[str]
    entries: int
    added: int
    updated: int
    unchanged: int
    stamp: str
    problems: list[Problem] = field(default_factory=list)

    def to_dict(self) -> ImportRecord:
        """The record kept in corpus.json and printed by ``import --json``."""
        return {
            "files": self.files,
            "time": self.stamp,
            "entries": self.entries,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": len(self.problems),
        }
