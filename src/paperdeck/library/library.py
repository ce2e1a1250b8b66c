"""The library: the only code that touches the data folder, and the facade the app
and the CLI call.

Two TinyDB files live there (docs/ARCHITECTURE.md, Data): ``corpus.json``
(corpus_file), large and written only by an import, and ``state.json``
(state_file), small and written on every triage action, so starring a paper never
rewrites the corpus. Both are replaced atomically (storage) and recovered from their
backup when damaged (recovery).

A library opened for writing holds the writer lock until it is closed. An import
writes the corpus document whole; every triage action opens a fresh TinyDB over a
write cache and flushes it once, so one action is one atomic file replacement and no
TinyDB cache can go stale between writes.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from .. import paths
from ..models import Entry, Paper, PaperState, Problem, normalise_arxiv_id, split_tags
from ..textsafety import (
    TITLE_MAX_CHARS,
    TextLimitError,
    check_length,
    check_note,
    check_tags,
    sanitise_line,
    sanitise_text,
)
from .corpus_file import corpus_document, read_corpus
from .lock import WriterLock
from .merge import merge_entries
from .records import ImportRecord, ImportReport, LibraryStats, now_stamp
from .recovery import load_file, remove_stale_temp_files
from .saved_filters import (
    FilterNameError,
    Filters,
    SavedFilter,
    filter_name,
    stored_name,
    with_filter,
    without_filter,
)
from .state_file import read_state_file, write_state_changes
from .storage import StorageError, write_atomically
from .undo import Action, Journal, Step, redone, step_for, undone

if TYPE_CHECKING:
    from .tinystore import StateTables

# Also importable from here, where the app and older code look for them.
__all__ = [
    "DEFAULT_WAIT_SECONDS",
    "FilterNameError",
    "ImportReport",
    "Library",
    "PaperNotFoundError",
    "ReadOnlyError",
    "filter_name",
]

# The shortest key prefix the CLI accepts in place of a whole key.
MIN_PREFIX = 4
# How long a CLI writer waits for another one to finish before giving up.
DEFAULT_WAIT_SECONDS = 3.0


class PaperNotFoundError(LookupError):
    """No paper, or more than one, answers to an id the user gave."""


class FieldLimitError(StorageError, TextLimitError):
    """A note, tag or title over its limit, so nothing was saved. A TextLimitError
    (the CLI's exit 2) and a StorageError too, so that a front end reporting failed
    saves reports this one ("Not saved: note is … over the limit …")."""


@contextlib.contextmanager
def _within_limits() -> Iterator[None]:
    try:
        yield
    except TextLimitError as error:
        raise FieldLimitError(str(error)) from None


class ReadOnlyError(RuntimeError):
    """A write was asked of a library opened for reading only."""


class Library:
    """The papers and the person's state for them, loaded once into memory.

    ``papers`` keeps import order; ``states`` maps a key to its PaperState and holds
    only papers with some state (a missing key means the default state). Both are
    live: the search engine reads them, and every action updates them after the
    write to disk succeeded.
    """

    def __init__(self, home: Path, *, writable: bool, wait: float = DEFAULT_WAIT_SECONDS) -> None:
        self.home = home
        self.corpus_path = home / paths.CORPUS_FILE
        self.state_path = home / paths.STATE_FILE
        self.writable = writable
        # Things the person should be told once (recovered files, say).
        self.warnings: list[str] = []
        self._lock = WriterLock(home / paths.LOCK_FILE)
        if writable:
            try:
                home.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StorageError(f"cannot create {home}: {error.strerror}") from error
            try:
                self._lock.acquire(wait=wait)
            except OSError as error:
                raise StorageError(
                    f"cannot lock {self._lock.path}: {error.strerror or error}"
                ) from error
        try:
            if writable:
                remove_stale_temp_files(home)
            self.papers: list[Paper]
            self.imports: list[ImportRecord]
            self.papers, self.imports = load_file(
                self.corpus_path, read_corpus, writable=writable, warnings=self.warnings
            )
            saved = load_file(
                self.state_path, read_state_file, writable=writable, warnings=self.warnings
            )
        except BaseException:
            self._lock.release()
            raise
        self.states: dict[str, PaperState] = saved.states
        self.journal: Journal = saved.journal
        # Saved filters by name, in the order they were first saved (see filters).
        self.saved_filters: Filters = saved.filters
        # state.json's content as this library last wrote it (see _state_tables).
        self._state_document: dict[str, Any] | None = None
        self._by_key: dict[str, int] = {paper.key: i for i, paper in enumerate(self.papers)}

    # -- opening and closing ---------------------------------------------------------

    @classmethod
    def open(
        cls, home: Path | None = None, *, writable: bool = False, wait: float = DEFAULT_WAIT_SECONDS
    ) -> Library:
        """Open the library in ``home`` (default: the data folder).

        A writable library takes the writer lock (waiting up to ``wait`` seconds) and
        raises LibraryBusyError when another process keeps it.
        """
        return cls(home or paths.data_dir(), writable=writable, wait=wait)

    def close(self) -> None:
        """Release the writer lock. Every action is already on disk."""
        self._lock.release()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _state_tables(self) -> Iterator[StateTables]:
        """The tables of a fresh TinyDB over state.json and a write cache, flushed as
        one atomic write on success and dropped on error, so the file and the
        in-memory library stay as they were."""
        if not self.writable:
            raise ReadOnlyError("the library was opened read-only")
        # Only writers need TinyDB; reading commands start faster without it.
        from .tinystore import keyed_tables

        # What was last written is state.json's content (this library is its only
        # writer); starting from it spares parsing the file again on every action.
        # TinyDB edits it in place, so it is only kept again once the write succeeded.
        document, self._state_document = self._state_document, None
        with keyed_tables(self.state_path, document) as tables:
            yield tables
        self._state_document = tables.document

    # -- reading ------------------------------------------------------------------

    @property
    def latest_import(self) -> str | None:
        """The time of the latest import, which marks papers as new or updated."""
        return self.imports[-1]["time"] if self.imports else None

    def state(self, key: str) -> PaperState:
        """The state of a paper (the default one when it has none)."""
        return self.states.get(key) or PaperState(key=key)

    def get(self, key: str) -> Paper | None:
        """The paper with this exact key."""
        position = self._by_key.get(key)
        return None if position is None else self.papers[position]

    def resolve(self, ident: str) -> Paper:
        """The paper a person means by ``ident``: a key, an arXiv id (with or without
        version, or its URL), or a unique key prefix of at least four characters."""
        text = ident.strip()
        paper = self.get(text)
        if paper:
            return paper
        arxiv = normalise_arxiv_id(text)
        if arxiv:
            paper = self.get(arxiv) or next((p for p in self.papers if p.arxiv_id == arxiv), None)
            if paper:
                return paper
        if len(text) >= MIN_PREFIX:
            matches = [p for p in self.papers if p.key.startswith(text)]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise PaperNotFoundError(
                    f"id '{ident}' is ambiguous: it starts {len(matches)} papers' ids"
                )
        raise PaperNotFoundError(f"no paper with id '{ident}'")

    def tag_counts(self) -> dict[str, int]:
        """Every tag in use with how many papers carry it, most used first. Tags
        ignore case: spellings count together, under the first one seen."""
        counts: Counter[str] = Counter()
        spelling: dict[str, str] = {}
        for key, state in self.states.items():
            if key in self._by_key:
                folded = [tag.casefold() for tag in state.tags]
                for tag, fold in zip(state.tags, folded, strict=True):
                    spelling.setdefault(fold, tag)
                counts.update(set(folded))
        merged = {spelling[fold]: count for fold, count in counts.items()}
        return dict(sorted(merged.items(), key=lambda item: (-item[1], item[0].casefold())))

    def stats(self) -> dict[str, Any]:
        """The counts of ``counts()`` as a plain dict (what the app's Tags pane takes)."""
        return dict(self.counts())

    def counts(self) -> LibraryStats:
        """Counts for ``paperdeck stats``: papers, starred, read, and tags in use."""
        present = [s for k, s in self.states.items() if k in self._by_key]
        return {
            "papers": len(self.papers),
            "starred": sum(s.starred for s in present),
            "read": sum(s.read for s in present),
            "tags": self.tag_counts(),
        }

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
        stamp = now_stamp()
        outcome = merge_entries(self.papers, entries, stamp)
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
        # State first: should the corpus write then fail, an orphan state is harmless
        # and the next import of the file re-applies it.
        if carried:
            self._save_states(list(carried.values()))
        imports = [*self.imports, report.to_dict()]
        self._write_corpus(outcome.papers, imports)
        self.papers = outcome.papers
        self._by_key = {paper.key: i for i, paper in enumerate(self.papers)}
        self.imports = imports
        return report

    def _write_corpus(self, papers: list[Paper], imports: list[ImportRecord]) -> None:
        """Replace corpus.json whole, as one TinyDB document in one atomic write.

        An import replaces every table of the corpus, so it writes the document
        directly: going through TinyDB tables would first re-read and re-parse the
        whole file (about 150 MB at 100,000 papers) only to discard it.
        """
        if not self.writable:
            raise ReadOnlyError("the library was opened read-only")
        write_atomically(self.corpus_path, orjson.dumps(corpus_document(papers, imports)))

    # -- triage -----------------------------------------------------------------------

    def _save_states(
        self,
        changed: list[PaperState],
        journal: Journal | None = None,
        filters: Filters | None = None,
    ) -> None:
        """Write changed states (and a new journal or set of saved filters) as one
        atomic replacement of state.json, then adopt them in memory. Default states
        are removed to keep the file small."""
        with self._state_tables() as tables:
            write_state_changes(tables, changed, journal, filters)
        for state in changed:
            if state.is_default:
                self.states.pop(state.key, None)
            else:
                self.states[state.key] = state
        if journal is not None:
            self.journal = journal
        if filters is not None:
            self.saved_filters = filters

    def _do(self, keys: Iterable[str], action: Action) -> list[PaperState]:
        """Apply an action to papers and record it as one undoable step; returns
        the states that changed (an action that changes nothing is not recorded)."""
        stamp = now_stamp()
        before: list[PaperState] = []
        changed: list[PaperState] = []
        for key in dict.fromkeys(keys):
            if key not in self._by_key:
                raise PaperNotFoundError(f"no paper with id '{key}'")
            old = self.state(key)
            new = action.apply(old, stamp)
            if new != old:
                before.append(old)
                changed.append(new.with_changes(updated_at=stamp))
        if changed:
            step = step_for(action, stamp, before)
            self._save_states(changed, journal=self.journal.recorded(step))
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
        with _within_limits():
            check_tags(clean)
            for key in keys:
                have = {tag.casefold() for tag in self.state(key).tags}
                check_tags(list(have | {tag.casefold() for tag in clean}))
        return self._do(keys, Action("tag", tags=clean))

    def remove_tags(self, keys: Iterable[str], tags: Iterable[str]) -> list[PaperState]:
        """Remove tags from papers (case-insensitively)."""
        return self._do(keys, Action("untag", tags=split_tags(tags)))

    def set_note(self, key: str, note: str) -> list[PaperState]:
        """Replace a paper's note (an empty note removes it). The note is sanitised
        like imported text; over 1 MB it raises FieldLimitError and changes nothing."""
        clean = sanitise_text(note).strip("\n")
        with _within_limits():
            check_note(clean)
        return self._do([key], Action("note", note=clean))

    def set_title(self, key: str, title: str | None) -> list[PaperState]:
        """Give a paper a title of the person's own (whitespace collapsed), or take it
        away with None or an empty title; the paper's imported title, given again,
        is no title of one's own. It is kept in state.json, so no import undoes it."""
        clean = " ".join(sanitise_line(title or "").split()) or None
        with _within_limits():
            check_length("title", clean or "", TITLE_MAX_CHARS)
        paper = self.get(key)
        if paper is not None and not paper.title_derived and clean == paper.title:
            clean = None
        return self._do([key], Action("title", title=clean))

    def title_of(self, key: str) -> str | None:
        """The title in force: the person's own when they gave one, else the paper's."""
        state = self.states.get(key)
        if state is not None and state.title:
            return state.title
        paper = self.get(key)
        return paper.title if paper is not None else None

    # -- undo and redo ----------------------------------------------------------------

    def undo(self) -> Step | None:
        """Take back the latest step still done, restoring the states (or the saved
        filter) it replaced exactly; returns it, or None when there is nothing to undo."""
        step = self.journal.to_undo
        if step is not None:
            states, filters = undone(step, self.saved_filters)
            self._save_states(states, journal=self.journal.moved(-1), filters=filters)
        return step

    def redo(self) -> Step | None:
        """Do again the step undone last, as it was first done (same time, same
        states); returns it, or None when there is nothing to redo."""
        step = self.journal.to_redo
        if step is not None:
            states, filters = redone(step, self.state, self.saved_filters)
            self._save_states(states, journal=self.journal.moved(1), filters=filters)
        return step

    def describe(self, step: Step) -> str:
        """A step in words, with the title of the paper it changed."""
        return step.describe(self.title_of)

    # -- saved filters ----------------------------------------------------------------

    @property
    def filters(self) -> dict[str, str]:
        """Saved filters, name → query, in the order they were first saved."""
        return {name: saved.query for name, saved in self.saved_filters.items()}

    def save_filter(
        self, name: str, query: str, *, sort: str | None = None, reverse: bool = False
    ) -> bool:
        """Keep ``query`` under ``name`` (replacing a filter of that name, matched
        case-insensitively), with the sort it is shown in (a paperdeck.sorting name;
        None: the list's sort stands); True when it replaced one. The caller checks
        that the query parses and the sort is one."""
        saved = SavedFilter(name, query, sort, reverse if sort is not None else False)
        filters, replaced = with_filter(self.saved_filters, saved)
        self._save_states([], filters=filters)
        return replaced

    def delete_filter(self, name: str) -> str:
        """Forget a saved filter, as an undoable step; returns its query."""
        filters, removed, position = without_filter(self.saved_filters, name)
        step = step_for(Action("delete_filter", saved=removed, position=position), now_stamp(), [])
        self._save_states([], journal=self.journal.recorded(step), filters=filters)
        return removed.query

    def filter_named(self, name: str) -> str | None:
        """The saved filter's name as stored, for a name matched case-insensitively."""
        return stored_name(self.saved_filters, name)

    def filter_sort(self, name: str) -> tuple[str, bool] | None:
        """The sort and direction a saved filter was saved with, or None."""
        stored = stored_name(self.saved_filters, name)
        saved = self.saved_filters.get(stored) if stored is not None else None
        if saved is None or saved.sort is None:
            return None
        return saved.sort, saved.reverse
