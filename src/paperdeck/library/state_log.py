"""state.log: the write-ahead log of triage actions beside state.json.

Rewriting state.json on every star costs what the library holds (23 MB at 100,000
states). Instead each triage action appends one record to ``state.log`` and fsyncs
it, under the writer lock: the states it changed, its journal change and, when they
changed, the saved filters. state.json is written whole only now and then — when the
log passes ``FOLD_BYTES``, for a record over ``LARGE_RECORD`` (marking 100,000 papers
read), and at a writer's close — with the number of the last record it holds
(``meta.log_seq``, first in the file); the log is removed only after that
state.json is durable, and a record whose number state.json already holds is never
applied twice.

The file: the line ``paperdeck-state-log 1``, then one record a line,
``<crc32 of the JSON, 8 hex digits> <JSON>``. Records are numbered one after the
other. An incomplete last line is a record a writer was still writing (or that
died half-written: never acknowledged, since its fsync had not returned); a
complete line that does not check is damage, and the records before it stand.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from ..models import PaperState
from .saved_filters import Filters, SavedFilter
from .storage import StorageError, write_atomically
from .undo import Journal, Step

LOG_NAME = "state.log"
MAGIC = b"paperdeck-state-log 1\n"
# The log is folded into state.json once it is this large (a star is ~0.5 kB), and
# a record this large goes straight into state.json.
FOLD_BYTES = 1 << 20
LARGE_RECORD = 256 << 10


@dataclass(frozen=True, slots=True)
class JournalChange:
    """How one action changed the undo journal: a step recorded (``record``), a note
    step recorded or folded into the newest (``note``), or undo/redo (``move``)."""

    kind: str
    step: Step | None = None
    by: int = 0

    def applied(self, journal: Journal) -> Journal:
        """The journal after this change (a pure function of the journal before)."""
        if self.kind == "move":
            return journal.moved(self.by)
        if self.step is None:
            raise ValueError(f"a journal change {self.kind!r} without its step")
        if self.kind == "note":
            return journal.with_note_step(self.step)
        return journal.recorded(self.step)

    def to_dict(self) -> dict[str, Any]:
        if self.kind == "move":
            return {"kind": "move", "by": self.by}
        assert self.step is not None
        return {"kind": self.kind, "step": self.step.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> JournalChange:
        kind = data["kind"]
        if kind == "move":
            by = data["by"]
            if by not in (-1, 1):
                raise ValueError(f"a journal move by {by!r}")
            return cls("move", by=by)
        if kind not in ("record", "note"):
            raise ValueError(f"a journal change {kind!r}")
        return cls(kind, step=Step.from_dict(data["step"]))


@dataclass(frozen=True, slots=True)
class LogRecord:
    """One action as the log keeps it. ``states``: the new state of each key it
    changed (None: back to the default state)."""

    seq: int
    states: dict[str, PaperState | None] = field(default_factory=dict)
    journal: JournalChange | None = None
    filters: Filters | None = None

    def encoded(self) -> bytes:
        """The record's line, checksum first."""
        body: dict[str, Any] = {
            "seq": self.seq,
            "states": {k: None if s is None else s.to_dict() for k, s in self.states.items()},
        }
        if self.journal is not None:
            body["journal"] = self.journal.to_dict()
        if self.filters is not None:
            body["filters"] = [entry.to_dict() for entry in self.filters.values()]
        data = orjson.dumps(body)
        return b"%08x %s\n" % (zlib.crc32(data), data)

    @classmethod
    def decoded(cls, line: bytes) -> LogRecord:
        """The record of one line (without its newline); ValueError when it does not
        check or does not read."""
        if len(line) < 10 or line[8:9] != b" ":
            raise ValueError("a record without its checksum")
        data = line[9:]
        if int(line[:8], 16) != zlib.crc32(data):
            raise ValueError("a record whose checksum does not match")
        body = orjson.loads(data)
        seq = body["seq"]
        if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
            raise ValueError(f"a record numbered {seq!r:.20}")
        states = {
            key: None if doc is None else PaperState.from_dict(doc)
            for key, doc in body["states"].items()
        }
        if any(state is not None and state.key != key for key, state in states.items()):
            raise ValueError("a record whose state is filed under another key")
        journal = body.get("journal")
        filters = body.get("filters")
        saved = None
        if filters is not None:
            entries = [SavedFilter.from_dict(doc) for doc in filters]
            saved = {entry.name: entry for entry in entries}
        return cls(
            seq=seq,
            states=states,
            journal=JournalChange.from_dict(journal) if journal is not None else None,
            filters=saved,
        )


@dataclass(slots=True)
class LogRead:
    """What reading the log from an offset found."""

    records: list[LogRecord] = field(default_factory=list)
    # Why a complete record (or the file's first line) is bad; the records before it
    # stand, nothing after it is read.
    damage: str | None = None
    # Bytes after the last good record that are not a whole record yet.
    torn: bool = False


def parse_records(data: bytes, start: int, read: LogRead) -> int:
    """Append the records in ``data`` (the file's bytes from offset ``start``) to
    ``read``; returns the offset after the last good one."""
    at = 0
    if start == 0:
        if len(data) < len(MAGIC):
            read.torn = bool(data) and MAGIC.startswith(data)
            if data and not read.torn:
                read.damage = "does not start like a paperdeck state log"
            return 0
        if not data.startswith(MAGIC):
            read.damage = "does not start like a paperdeck state log"
            return 0
        at = len(MAGIC)
    while at < len(data):
        end = data.find(b"\n", at)
        if end < 0:
            read.torn = True
            break
        try:
            record = LogRecord.decoded(data[at:end])
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            read.damage = f"a damaged record at byte {start + at} ({error})"
            break
        if read.records and record.seq != read.records[-1].seq + 1:
            read.damage = f"record {record.seq} follows record {read.records[-1].seq}"
            break
        read.records.append(record)
        at = end + 1
    return start + at


class StateLog:
    """This process's view of state.log: the file it follows (held open, so that
    records appended before a fold removed it can still be read) and how far."""

    def __init__(self, home: Path) -> None:
        self.path = home / LOG_NAME
        self._fd: int | None = None
        self._identity: tuple[int, int] | None = None
        # The offset after the last good record read (or written) here, and its
        # number (0: none).
        self.offset = 0
        self.last_seq = 0

    @property
    def present(self) -> bool:
        return self.path.exists()

    def read_new(self) -> LogRead:
        """The records appended since the last read: first what remains of the file
        held, then, if another file is at the path now (a fold, a new log), that one
        from its start. Records already read are not read again."""
        read = LogRead()
        if self._fd is not None:
            self._read_held(read)
        if read.damage is not None:
            return read
        current = _identity_at(self.path)
        if current is not None and current != self._identity:
            self._hold_path()
            if self._fd is not None:
                read.torn = False
                self._read_held(read)
        elif current is None and self._fd is not None:
            read.torn = False
        return read

    def _read_held(self, read: LogRead) -> None:
        assert self._fd is not None
        try:
            size = os.fstat(self._fd).st_size
            data = os.pread(self._fd, max(0, size - self.offset), self.offset)
        except OSError as error:
            raise StorageError(f"{self.path}: cannot read ({error.strerror})") from error
        count = len(read.records)
        self.offset = parse_records(data, self.offset, read)
        if len(read.records) > count:
            self.last_seq = read.records[-1].seq

    def _hold_path(self) -> None:
        self.forget()
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
        except FileNotFoundError:
            return
        except OSError as error:
            raise StorageError(f"{self.path}: cannot read ({error.strerror})") from error
        info = os.fstat(fd)
        self._fd, self._identity = fd, (info.st_dev, info.st_ino)

    def forget(self) -> None:
        """Let go of the file held: the next read starts at whatever file is there."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
        self._fd, self._identity, self.offset, self.last_seq = None, None, 0, 0

    def append(self, line: bytes, seq: int) -> None:
        """Add record ``seq`` and fsync it (the writer lock is held and the log was
        just read to its end). A log not there yet is made whole: header and record
        in one atomic write; so is one whose last record is not ``seq - 1`` (a fold
        died before removing it: its records are all in state.json)."""
        if self.last_seq != seq - 1:
            self.remove()
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CLOEXEC | os.O_NOFOLLOW)
        except FileNotFoundError:
            write_atomically(self.path, MAGIC + line, keep_backup=False)
            self._hold_path()
            self.offset, self.last_seq = len(MAGIC) + len(line), seq
            return
        except OSError as error:
            raise StorageError(f"could not save {self.path}: {error.strerror}") from error
        try:
            info = os.fstat(fd)
            if (info.st_dev, info.st_ino) != self._identity or info.st_size != self.offset:
                raise StorageError(f"could not save {self.path}: it changed during the write")
            view = memoryview(line)
            while view:
                view = view[os.write(fd, view) :]
            os.fdatasync(fd)
        except OSError as error:
            # What was written of a record that failed is cut off again: the next
            # record must follow the last good one.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, self.offset)
            raise StorageError(f"could not save {self.path}: {error.strerror}") from error
        finally:
            os.close(fd)
        self.offset += len(line)
        self.last_seq = seq

    def cut_torn_tail(self) -> None:
        """Remove the bytes of a record that died half-written (the writer lock is
        held, so no one is writing it now)."""
        with contextlib.suppress(FileNotFoundError):
            if _identity_at(self.path) == self._identity and self.offset:
                os.truncate(self.path, self.offset)

    def remove(self) -> None:
        """Delete the log (its records are in a durable state.json now)."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        self.forget()


def _identity_at(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StorageError(f"{path}: cannot read ({error.strerror})") from error
    return info.st_dev, info.st_ino


def read_log_seq(head: bytes | None) -> int:
    """The ``meta.log_seq`` at the start of state.json's bytes (0 when absent)."""
    prefix = b'{"meta": {"1": {"log_seq": '
    if not head or not head.startswith(prefix):
        return 0
    digits = head[len(prefix) : len(prefix) + 20].split(b"}", 1)[0]
    return int(digits) if digits.isdigit() else 0
