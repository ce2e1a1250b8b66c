"""The library: the only code that touches the data folder, and the facade the app
and the CLI call.

Two TinyDB files live there (docs/ARCHITECTURE.md, Data): ``corpus.json``
(corpus_file), large and written only by an import, and ``state.json``
(state_file), small and written on every triage action, so starring a paper never
rewrites the corpus. Both are replaced atomically (storage) and recovered from their
backup when damaged (recovery).

Writers lock per write, not per process (files, lock): every write method takes
the writer lock, re-reads what another process changed on disk since this one last
looked (one ``stat`` per file when nothing did), applies its change to that fresh
state, writes atomically and unlocks. So two processes changing different papers
both land, the later of two changes to one field wins, and both processes' undo
steps stay in one journal, in order. ``refresh()`` picks up outside changes
without writing, and reports them, with those a write re-read, as a LibraryChange.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable
from pathlib import Path

from .. import paths
from ..models import Entry, PaperState, Problem, split_tags
from ..search import SearchIndex
from ..search.index_file import INDEX_FILE, IndexFile
from ..textsafety import (
    TITLE_MAX_CHARS,
    check_length,
    check_note,
    check_tags,
    sanitise_line,
    sanitise_text,
)
from .change import NO_CHANGE, LibraryChange, adopt_states
from .corpus_file import corpus_chunks, corpus_size
from .field_limits import FieldLimitError, within_limits
from .files import LibraryFiles, ReadOnlyError
from .following import FollowingFiles
from .merge import merge_entries
from .records import ImportReport, now_stamp
from .saved_filters import (
    FilterNameError,
    Filters,
    SavedFilter,
    filter_name,
    with_filter,
    without_filter,
)
from .state_file import StateEncoder
from .state_log import FOLD_BYTES, LARGE_RECORD, JournalChange, LogRecord, StateLog
from .storage import StorageError, write_atomically
from .undo import Action, Step, redone, step_for, undone
from .view import PaperNotFoundError

# Also importable from here, where the app and older code look for them.
__all__ = [
    "DEFAULT_WAIT_SECONDS",
    "FieldLimitError",
    "FilterNameError",
    "ImportReport",
    "Library",
    "LibraryChange",
    "PaperNotFoundError",
    "ReadOnlyError",
    "filter_name",
]

# How long a write waits for another process's write to finish before giving up
# (writes take milliseconds; an import of 100,000 papers a few seconds).
DEFAULT_WAIT_SECONDS = 10.0


class Library(FollowingFiles):
    """A data folder's library, loaded once into memory (the questions it answers
    are LibraryView's), its writes, and following what other processes write."""

    # state.log is folded into state.json past this size (state_log.FOLD_BYTES).
    fold_bytes = FOLD_BYTES

    def __init__(self, home: Path, *, writable: bool, wait: float = DEFAULT_WAIT_SECONDS) -> None:
        self.home = home
        self._files = LibraryFiles(home, writable=writable, wait=wait)
        self.corpus_path = self._files.corpus.path
        self.state_path = self._files.state.path
        # Why this library cannot be written (a read-only folder or filesystem, or
        # opened for reading), or None. Another process is never a reason.
        self.read_only_reason: str | None = self._files.read_only_reason
        self.writable = self.read_only_reason is None
        # Things the person should be told once (recovered files, say).
        self.warnings: list[str] = []
        self._adopt_corpus(*self._load_corpus(recover=self.writable))
        saved = self._load_state(recover=self.writable)
        self.states = saved.states
        self.journal = saved.journal
        self.saved_filters = saved.filters
        self._encoder = StateEncoder(self.states) if self.writable else None
        # Outside changes picked up by writes, for the next refresh() to report.
        self._pending: LibraryChange = NO_CHANGE
        # The log's records after state.json (a damaged log is repaired by the first
        # write, under the lock).
        self._log = StateLog(home)
        self._log_seq = saved.log_seq
        self._log_damage_told = False
        self._follow_log(recover=False, any_first=True)

    # -- opening and closing ---------------------------------------------------------

    @classmethod
    def open(
        cls, home: Path | None = None, *, writable: bool = False, wait: float = DEFAULT_WAIT_SECONDS
    ) -> Library:
        """Open the library in ``home`` (default: the data folder).

        A writable library holds no lock between writes: each write waits up to
        ``wait`` seconds for another process's write and raises LibraryBusyError
        when that one keeps the lock longer. One that cannot be written opens
        anyway, read-only, with ``read_only_reason`` saying why.
        """
        return cls(home or paths.data_dir(), writable=writable, wait=wait)

    def close(self) -> None:
        """Fold state.log into state.json (a writable library), and let go of the
        files' versions held open (see files.TrackedFile); no lock is held between
        writes, and every write is on disk, so a fold that cannot be made (another
        writer holds the lock too long, a full disk) is left to the next close. A
        closed library can still be used: its next look at the files reads them again."""
        if self.writable and self._log.present:
            with contextlib.suppress(StorageError, ReadOnlyError):
                self.fold_log()
        self._files.corpus.close()
        self._files.state.close()
        self._log.forget()

    def fold_log(self) -> None:
        """Write state.json whole with every record of state.log, then remove the
        log (only once that state.json is durable)."""
        with self._writing():
            if self._log.present:
                self._write_state_file()
                self._log.remove()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def search_index(self) -> SearchIndex:
        """A search index over this library's papers, read from (and, writable, kept
        in) its search.idx when warmed."""
        return SearchIndex(
            self.papers,
            self.states,
            latest_import=self.latest_import,
            index_file=self.search_index_file(),
        )

    def search_index_file(self) -> IndexFile:
        """Where the search index of this library is kept (a derived file, see
        search/index_file.py), stamped with the corpus it must describe: an import's
        new generation makes the old file stale."""
        path = self.home / INDEX_FILE
        stamp = (self.generation, corpus_size(self.home / paths.CORPUS_FILE))
        if not self.writable:
            return IndexFile(path, stamp, None)
        return IndexFile(path, stamp, functools.partial(write_atomically, path, keep_backup=False))

    # -- importing ------------------------------------------------------------------

    def import_entries(
        self,
        files: list[str],
        entries: Iterable[Entry],
        problems: list[Problem] | None = None,
    ) -> ImportReport:
        """Fold parsed entries into the corpus and save it as one atomic write.

        Papers new to the library get any state their file carried; papers the
        library already had keep their state exactly as it was. An import that
        brings nothing new writes nothing and is not recorded, so re-importing a
        file leaves the library, and what ``is:new`` shows, exactly as they were.
        """
        entries = list(entries)
        # Merged under the lock, into the corpus as it is on disk: another process
        # may have imported since this one read it.
        with self._writing(corpus=True):
            stamp = now_stamp()
            stored = getattr(self.papers, "stored_digests", lambda: None)()  # columns.bin's
            outcome = merge_entries(list(self.papers), entries, stamp, stored)
            report = ImportReport(
                files=files,
                entries=len(entries),
                added=outcome.added,
                updated=outcome.updated,
                unchanged=outcome.unchanged,
                stamp=stamp,
                problems=list(problems or []),
            )
            if not outcome.changed:
                return report
            carried = {k: s for k, s in outcome.new_states.items() if k not in self.states}
            # State first: should the corpus write then fail, an orphan state is
            # harmless and the next import of the file re-applies it.
            if carried:
                self._save_states(list(carried.values()))
            imports = [*self.imports, report.to_dict()]
            # An import replaces every table of the corpus: the document is written
            # directly, whole, in one atomic write, encoded a piece at a time.
            generation = self.generation + 1
            self._files.corpus.write(corpus_chunks(outcome.papers, imports, generation))
            self._write_columns(outcome.papers, imports, generation, outcome.digests)
            self._adopt_corpus(outcome.papers, imports, generation)
        return report

    # -- triage -----------------------------------------------------------------------

    def _save_states(
        self,
        changed: list[PaperState],
        journal: JournalChange | None = None,
        filters: Filters | None = None,
    ) -> None:
        """Save changed states (and a journal change or a new set of saved filters)
        as one record appended to state.log and fsynced — or, for a large record or
        a full log, one atomic replacement of state.json that folds the log in —
        and keep them in memory; on failure the library stays as it was. Default
        states are removed to keep the file small. The caller holds the writer lock
        (``_writing``), so the log was just read to its end."""
        encoder = self._encoder
        if encoder is None:
            raise ReadOnlyError(self.read_only_reason or "the library is read-only")
        record = LogRecord(
            seq=self._log_seq + 1,
            states={s.key: None if s.is_default else s for s in changed},
            journal=journal,
            filters=filters,
        )
        line = record.encoded()
        if len(line) <= LARGE_RECORD and self._log.offset + len(line) <= self.fold_bytes:
            self._log.append(line, record.seq)
            self._apply_record(record)
            return
        keys = list(record.states)
        before = (self.states.copy(), self.journal, self.saved_filters, self._log_seq)
        self._apply_record(record)
        try:
            self._write_state_file()
        except BaseException:
            states, self.journal, self.saved_filters, self._log_seq = before
            adopt_states(self.states, states)
            encoder.update(self.states, keys)
            raise
        # state.json is durable and holds every record: the log can go.
        self._log.remove()

    def _do(
        self,
        keys: Iterable[str],
        action: Action,
        *,
        check: Callable[[], None] | None = None,
        session: str | None = None,
    ) -> list[PaperState]:
        """Apply an action to papers, as they are on disk, and record it as one
        undoable step; returns the states that changed (an action that changes
        nothing is not recorded). ``check`` runs under the lock, on the fresh
        states, before anything changes."""
        keys = list(dict.fromkeys(keys))
        with self._writing():
            if check is not None:
                check()
            stamp = now_stamp()
            before: list[PaperState] = []
            changed: list[PaperState] = []
            for key in keys:
                if key not in self._by_key:
                    raise PaperNotFoundError(f"no paper with id '{key}'")
                old = self.state(key)
                new = action.apply(old, stamp)
                if new != old:
                    before.append(old)
                    changed.append(new.with_changes(updated_at=stamp))
            if changed:
                step = step_for(action, stamp, before, session=session)
                kind = "record" if session is None else "note"
                self._save_states(changed, journal=JournalChange(kind, step))
        return changed

    def set_starred(self, keys: Iterable[str], starred: bool) -> list[PaperState]:
        """Star or unstar papers; returns the states that changed."""
        return self._do(keys, Action("star" if starred else "unstar"))

    def set_read(self, keys: Iterable[str], read: bool) -> list[PaperState]:
        """Mark papers read or unread; returns the states that changed."""
        return self._do(keys, Action("read" if read else "unread"))

    def add_tags(self, keys: Iterable[str], tags: Iterable[str]) -> list[PaperState]:
        """Add tags (comma-separated values split, normalised, duplicates ignored).
        Raises FieldLimitError for a tag over 100 characters or a paper that would
        carry more than 100 tags, and changes nothing then."""
        clean = split_tags(sanitise_line(tag) for tag in tags)
        keys = list(keys)
        with within_limits():
            check_tags(clean)

        def tags_within_limits() -> None:
            with within_limits():
                for key in keys:
                    have = {tag.casefold() for tag in self.state(key).tags}
                    check_tags(list(have | {tag.casefold() for tag in clean}))

        return self._do(keys, Action("tag", tags=clean), check=tags_within_limits)

    def remove_tags(self, keys: Iterable[str], tags: Iterable[str]) -> list[PaperState]:
        """Remove tags from papers (case-insensitively)."""
        return self._do(keys, Action("untag", tags=split_tags(tags)))

    def set_note(self, key: str, note: str, *, edit_session: str | None = None) -> list[PaperState]:
        """Replace a paper's note (an empty note removes it). The note is sanitised
        like imported text; over 1 MB it raises FieldLimitError and changes nothing.

        Writes with the same ``edit_session`` (any string unique to one editing of
        one note, e.g. the app's autosaves while typing) are one undo step while
        that step is the newest in the journal: undo goes back to the note as it
        was before the session."""
        clean = sanitise_text(note).strip("\n")
        with within_limits():
            check_note(clean)
        return self._do([key], Action("note", note=clean), session=edit_session)

    def set_title(self, key: str, title: str | None) -> list[PaperState]:
        """Give a paper a title of the person's own (whitespace collapsed), or take it
        away with None or an empty title; the paper's imported title, given again,
        is no title of one's own. It is kept in state.json, so no import undoes it."""
        clean = " ".join(sanitise_line(title or "").split()) or None
        with within_limits():
            check_length("title", clean or "", TITLE_MAX_CHARS)
        paper = self.get(key)
        if paper is not None and not paper.title_derived and clean == paper.title:
            clean = None
        return self._do([key], Action("title", title=clean))

    # -- undo and redo ----------------------------------------------------------------

    def undo(self) -> Step | None:
        """Take back the latest step still done, restoring the states (or the saved
        filter) it replaced exactly; returns it, or None when there is nothing to undo."""
        with self._writing():
            # The journal as it is on disk: the step may be another process's.
            step = self.journal.to_undo
            if step is not None:
                states, filters = undone(step, self.saved_filters)
                self._save_states(states, journal=JournalChange("move", by=-1), filters=filters)
        return step

    def redo(self) -> Step | None:
        """Do again the step undone last, as it was first done (same time, same
        states); returns it, or None when there is nothing to redo."""
        with self._writing():
            step = self.journal.to_redo
            if step is not None:
                states, filters = redone(step, self.state, self.saved_filters)
                self._save_states(states, journal=JournalChange("move", by=1), filters=filters)
        return step

    # -- saved filters ----------------------------------------------------------------

    def save_filter(
        self, name: str, query: str, *, sort: str | None = None, reverse: bool = False
    ) -> bool:
        """Keep ``query`` under ``name`` (replacing a filter of that name, matched
        case-insensitively), with the sort it is shown in (a paperdeck.sorting name;
        None: the list's sort stands); True when it replaced one. The caller checks
        that the query parses and the sort is one."""
        saved = SavedFilter(name, query, sort, reverse if sort is not None else False)
        with self._writing():
            filters, replaced = with_filter(self.saved_filters, saved)
            self._save_states([], filters=filters)
        return replaced

    def delete_filter(self, name: str) -> str:
        """Forget a saved filter, as an undoable step; returns its query."""
        with self._writing():
            filters, removed, position = without_filter(self.saved_filters, name)
            action = Action("delete_filter", saved=removed, position=position)
            step = step_for(action, now_stamp(), [])
            self._save_states([], journal=JournalChange("record", step), filters=filters)
        return removed.query
