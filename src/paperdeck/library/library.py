"""The library: the only code that touches the data folder.

Two TinyDB files live there (DESIGN.md, Data): ``corpus.json``, large and written
only by an import, and ``state.json``, small and written on every triage action, so
starring a paper never rewrites the corpus. Both are replaced atomically (storage.py).

A library opened for writing holds the writer lock until it is closed. An import
writes the corpus document whole; every triage action opens a fresh TinyDB over a
write cache and flushes it once, so one action is one atomic file replacement and no
TinyDB cache can go stale between writes.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import orjson

from .. import paths
from ..models import (
    PAPER_FIELDS,
    Entry,
    Paper,
    PaperState,
    Problem,
    normalise_arxiv_id,
    papers_from_rows,
    split_tags,
)
from .lock import WriterLock
from .merge import merge_entries
from .storage import (
    TEMP_SUFFIX,
    CorruptFileError,
    StorageError,
    backup_path,
    load_document,
    write_atomically,
)
from .undo import Action, Journal, Step, step_for

_Loaded = TypeVar("_Loaded")

PAPERS_TABLE = "papers"
IMPORTS_TABLE = "imports"
STATES_TABLE = "states"
# state.json's other tables: the undo journal (one document) and the saved filters
# (one document per name).
JOURNAL_TABLE = "journal"
JOURNAL_DOC_ID = "1"
FILTERS_TABLE = "filters"
# The longest name a saved filter may have: it is shown in the Tags pane.
MAX_FILTER_NAME = 40

# corpus.json layouts. Layout 1 (no marker) keeps one document per paper in the papers
# table, keyed by paper key, each a dict of fields. Layout 2 keeps one document,
# {"layout": 2, "fields": [names], "rows": [[values in that order], ...]}: without a
# dict per paper the file is 9% smaller, and it loads about twice as fast with its
# papers (0.45 s against 0.9 s at 100,000 papers, measured) in 100 MB less memory.
# Both are read; imports write layout 2.
CORPUS_LAYOUT = 2
LAYOUT_DOC_ID = "1"
_SOURCES_FIELD = PAPER_FIELDS.index("sources")
_TITLE_DERIVED_FIELD = PAPER_FIELDS.index("title_derived")
_paper_row = attrgetter(*PAPER_FIELDS)

# The shortest key prefix the CLI accepts in place of a whole key.
MIN_PREFIX = 4
# How long a CLI writer waits for another one to finish before giving up.
DEFAULT_WAIT_SECONDS = 3.0


class PaperNotFoundError(LookupError):
    """No paper, or more than one, answers to an id the user gave."""


class ReadOnlyError(RuntimeError):
    """A write was asked of a library opened for reading only."""


class FilterNameError(ValueError):
    """A saved filter's name that cannot be used (empty, too long, or unknown)."""


@dataclass(slots=True)
class StateFile:
    """What state.json holds: the papers' states, the undo journal, saved filters."""

    states: dict[str, PaperState] = field(default_factory=dict)
    journal: Journal = field(default_factory=Journal)
    filters: dict[str, str] = field(default_factory=dict)


if TYPE_CHECKING:
    from .tinystore import StateTables


def now_stamp() -> str:
    """The current time as an ISO string in UTC, to the microsecond (import batches
    use it as their id, so two imports in one second still differ)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


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

    def to_dict(self) -> dict[str, Any]:
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
                self._remove_stale_temp_files()
            self.papers: list[Paper]
            self.imports: list[dict[str, Any]]
            self.papers, self.imports = self._load(self.corpus_path, _read_corpus)
            saved = self._load(self.state_path, _read_state_file)
        except BaseException:
            self._lock.release()
            raise
        self.states: dict[str, PaperState] = saved.states
        self.journal: Journal = saved.journal
        # Saved filters, name → query, in the order they were first saved.
        self.filters: dict[str, str] = saved.filters
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

    def _load(self, path: Path, read: Callable[[dict[str, Any]], _Loaded]) -> _Loaded:
        """Read one library file, recovering from its backup when it is damaged."""
        with _collector_paused():
            try:
                return _read_records(path, load_document(path) or {}, read)
            except CorruptFileError as damage:
                return self._recover(path, damage, read)

    def _recover(
        self, path: Path, damage: CorruptFileError, read: Callable[[dict[str, Any]], _Loaded]
    ) -> _Loaded:
        backup = backup_path(path)
        restored: _Loaded | None = None
        try:
            document = load_document(backup)
            if document is not None:
                restored = _read_records(backup, document, read)
        except CorruptFileError:
            pass
        if not self.writable:
            # A reader must not move files about under a writer; it reads the backup.
            if restored is None:
                raise StorageError(
                    f"{path} is damaged ({damage.reason}) and has no usable backup; "
                    "open paperdeck once to set it aside"
                ) from damage
            self.warnings.append(f"{path.name} is damaged ({damage.reason}); showing its backup")
            return restored
        # The damaged file is kept under a new name first (a link: no moment without
        # either file), then replaced atomically by its backup, or removed.
        try:
            aside = _set_aside(path)
            if restored is not None:
                write_atomically(path, backup.read_bytes(), keep_backup=False)
            else:
                path.unlink()
        except OSError as error:
            raise StorageError(
                f"{path} is damaged ({damage.reason}) and could not be set aside: "
                f"{error.strerror or error}"
            ) from error
        if restored is not None:
            self.warnings.append(
                f"{path.name} was damaged ({damage.reason}); restored the previous version "
                f"from {backup.name} and kept the damaged file as {aside.name}"
            )
            return restored
        lost = "its backup is damaged too" if backup.exists() else "it had no backup"
        self.warnings.append(
            f"{path.name} was damaged ({damage.reason}) and {lost}; it was moved to "
            f"{aside.name} and paperdeck starts without it"
        )
        return read({})

    def _remove_stale_temp_files(self) -> None:
        # Left by a writer that died mid-write; the writer lock says none is running now.
        for stale in self.home.glob(f".*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                stale.unlink()

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
        """Every tag in use with how many papers carry it, most used first."""
        counts: Counter[str] = Counter()
        for key, state in self.states.items():
            if key in self._by_key:
                counts.update(state.tags)
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold())))

    def stats(self) -> dict[str, Any]:
        """Counts for ``paperdeck stats``."""
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

    def _write_corpus(self, papers: list[Paper], imports: list[dict[str, Any]]) -> None:
        """Replace corpus.json whole, as one TinyDB document in one atomic write.

        An import replaces every table of the corpus, so it writes the document
        directly: going through TinyDB tables would first re-read and re-parse the
        whole file (about 150 MB at 100,000 papers) only to discard it.
        """
        if not self.writable:
            raise ReadOnlyError("the library was opened read-only")
        rows = list(map(_paper_row, papers))
        layout = {"layout": CORPUS_LAYOUT, "fields": PAPER_FIELDS, "rows": rows}
        document = {
            PAPERS_TABLE: {LAYOUT_DOC_ID: layout},
            IMPORTS_TABLE: {str(number): record for number, record in enumerate(imports, 1)},
        }
        write_atomically(self.corpus_path, orjson.dumps(document))

    # -- triage -----------------------------------------------------------------------

    def _save_states(
        self,
        changed: list[PaperState],
        journal: Journal | None = None,
        filters: dict[str, str] | None = None,
    ) -> None:
        """Write changed states (and a new journal or set of saved filters) as one
        atomic replacement of state.json, then adopt them in memory. Default states
        are removed to keep the file small."""
        with self._state_tables() as table:
            if changed:
                table(STATES_TABLE).replace_documents(
                    {state.key: state.to_dict() for state in changed if not state.is_default},
                    (state.key for state in changed if state.is_default),
                )
            if journal is not None:
                table(JOURNAL_TABLE).replace_documents({JOURNAL_DOC_ID: journal.to_dict()}, ())
            if filters is not None:
                saved = table(FILTERS_TABLE)
                saved.truncate()
                saved.replace_documents(
                    {name: {"name": name, "query": query} for name, query in filters.items()}, ()
                )
        for state in changed:
            if state.is_default:
                self.states.pop(state.key, None)
            else:
                self.states[state.key] = state
        if journal is not None:
            self.journal = journal
        if filters is not None:
            self.filters = filters

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
        """Add tags (comma-separated values split, normalised, duplicates ignored)."""
        return self._do(keys, Action("tag", tags=split_tags(tags)))

    def remove_tags(self, keys: Iterable[str], tags: Iterable[str]) -> list[PaperState]:
        """Remove tags from papers (case-insensitively)."""
        return self._do(keys, Action("untag", tags=split_tags(tags)))

    def set_note(self, key: str, note: str) -> list[PaperState]:
        """Replace a paper's note (an empty note removes it)."""
        return self._do([key], Action("note", note=note.strip("\n")))

    # -- undo and redo ----------------------------------------------------------------

    def undo(self) -> Step | None:
        """Take back the latest step still done, restoring the states it replaced
        exactly; returns it, or None when there is nothing to undo."""
        step = self.journal.to_undo
        if step is None:
            return None
        restored = [step.state_before(key) for key in step.keys]
        self._save_states(restored, journal=self.journal.moved(-1))
        return step

    def redo(self) -> Step | None:
        """Do again the step undone last, as it was first done (same time, same
        states); returns it, or None when there is nothing to redo."""
        step = self.journal.to_redo
        if step is None:
            return None
        again = []
        for key in step.keys:
            old = self.state(key)
            new = step.action.apply(old, step.time)
            again.append(new if new == old else new.with_changes(updated_at=step.time))
        self._save_states(again, journal=self.journal.moved(1))
        return step

    def describe(self, step: Step) -> str:
        """A step in words, with the title of the paper it changed."""
        return step.describe(lambda key: paper.title if (paper := self.get(key)) else None)

    # -- saved filters ----------------------------------------------------------------

    def save_filter(self, name: str, query: str) -> bool:
        """Keep ``query`` under ``name`` (replacing a filter of that name, matched
        case-insensitively); True when it replaced one. The caller checks that the
        query parses."""
        clean = filter_name(name)
        filters = dict(self.filters)
        existing = self.filter_named(clean)
        if existing is not None:
            # Replaced in place: the filter keeps its place in the Tags pane.
            filters = {(clean if key == existing else key): q for key, q in filters.items()}
        filters[clean] = query.strip()
        self._save_states([], filters=filters)
        return existing is not None

    def delete_filter(self, name: str) -> str:
        """Forget a saved filter; returns its query."""
        existing = self.filter_named(name)
        if existing is None:
            raise FilterNameError(f"no saved filter named '{name.strip()}'")
        filters = dict(self.filters)
        query = filters.pop(existing)
        self._save_states([], filters=filters)
        return query

    def filter_named(self, name: str) -> str | None:
        """The saved filter's name as stored, for a name matched case-insensitively."""
        wanted = name.strip().casefold()
        return next((known for known in self.filters if known.casefold() == wanted), None)


# -- reading the files -------------------------------------------------------------------


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file is loaded.

    Loading allocates hundreds of thousands of containers and nothing to collect;
    the collections they trigger took a third of opening a 100,000-paper corpus.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_corpus(document: dict[str, Any]) -> tuple[list[Paper], list[dict[str, Any]]]:
    papers: list[Paper] = []
    for doc in document.get(PAPERS_TABLE, {}).values():
        if "layout" in doc:
            papers.extend(_read_layout(doc))
        else:
            papers.append(Paper.from_dict(doc))
    imports = list(document.get(IMPORTS_TABLE, {}).values())
    if not all(isinstance(p.key, str) and isinstance(p.title, str) for p in papers):
        raise ValueError("a paper without a key or a title")
    if not all(isinstance(record.get("time"), str) for record in imports):
        raise ValueError("an import record without a time")
    return papers, imports


def _read_layout(doc: dict[str, Any]) -> list[Paper]:
    """The papers of a layout-2 document (see CORPUS_LAYOUT)."""
    if doc["layout"] != CORPUS_LAYOUT:
        # Also what a file from a newer paperdeck looks like: set aside, never lost.
        raise ValueError(f"unknown corpus layout {doc['layout']!r}")
    names = doc["fields"]
    rows = doc["rows"]
    if not isinstance(names, list) or not isinstance(rows, list):
        raise ValueError("a layout without fields or rows")
    if tuple(names) != PAPER_FIELDS:
        # Written with other fields (say, by another version): map them by name.
        rows = _rows_in_field_order(names, rows)
    width = len(PAPER_FIELDS)
    for row in rows:
        if len(row) != width:
            raise ValueError(f"a paper row with {len(row)} values for {width} fields")
        # The only values not stored as Paper holds them: JSON has no tuples.
        row[_SOURCES_FIELD] = tuple(row[_SOURCES_FIELD])
        row[_TITLE_DERIVED_FIELD] = bool(row[_TITLE_DERIVED_FIELD])
    return papers_from_rows(rows)


def _rows_in_field_order(names: list[Any], rows: list[Any]) -> list[list[Any]]:
    """Rows of ``names`` rearranged into PAPER_FIELDS order; a field the file lacks
    gets its default, one Paper lacks is dropped, and key and title are required."""
    if len(set(names)) != len(names) or "key" not in names or "title" not in names:
        raise ValueError(f"corpus fields {names!r} lack key or title, or repeat one")
    defaults = Paper(key="", title="", abstract="")
    where = {name: position for position, name in enumerate(names)}
    picks = [(where.get(name), getattr(defaults, name)) for name in PAPER_FIELDS]
    width = len(names)
    reordered = []
    for row in rows:
        if len(row) != width:
            raise ValueError(f"a paper row with {len(row)} values for {width} fields")
        reordered.append([default if at is None else row[at] for at, default in picks])
    return reordered


def filter_name(name: str) -> str:
    """A saved filter's name, trimmed, or FilterNameError saying why it cannot be one."""
    clean = " ".join(name.split())
    if not clean:
        raise FilterNameError("a saved filter needs a name")
    if len(clean) > MAX_FILTER_NAME:
        raise FilterNameError(
            f"the filter name '{clean[:20]}…' is too long ({len(clean)} characters; "
            f"at most {MAX_FILTER_NAME})"
        )
    return clean


def _read_state_file(document: dict[str, Any]) -> StateFile:
    states = {key: PaperState.from_dict(doc) for key, doc in document.get(STATES_TABLE, {}).items()}
    if not all(isinstance(state.key, str) for state in states.values()):
        raise ValueError("a state without a key")
    journal_doc = document.get(JOURNAL_TABLE, {}).get(JOURNAL_DOC_ID)
    journal = Journal.from_dict(journal_doc) if journal_doc is not None else Journal()
    filters = {
        str(doc["name"]): str(doc["query"]) for doc in document.get(FILTERS_TABLE, {}).values()
    }
    return StateFile(states, journal, filters)


def _read_records(
    path: Path, document: dict[str, Any], read: Callable[[dict[str, Any]], _Loaded]
) -> _Loaded:
    """Turn a document into records; a record that cannot be read (a damaged field
    name, say) makes the file damaged, like JSON that does not parse."""
    try:
        return read(document)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise CorruptFileError(
            path, f"has a damaged record ({type(error).__name__}: {error})"
        ) from error


def _set_aside(path: Path) -> Path:
    """Keep a damaged file as ``NAME.corrupt-<time>`` (``-2``, ``-3``… when that name is
    taken: a file damaged twice in one second keeps both) and return that name."""
    stamp = f"{path.name}.corrupt-{datetime.now():%Y%m%d-%H%M%S}"
    number = 1
    while True:
        aside = path.with_name(stamp if number == 1 else f"{stamp}-{number}")
        try:
            try:
                os.link(path, aside)
            except FileExistsError:
                raise
            except OSError:
                # No hard links on this filesystem: copy, never over an earlier one.
                with aside.open("xb") as copy:
                    try:
                        copy.write(path.read_bytes())
                    except OSError:
                        aside.unlink()
                        raise
            return aside
        except FileExistsError:
            number += 1
