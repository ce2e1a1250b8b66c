"""Following the data folder: picking up what other processes wrote (``refresh``),
and holding the writer lock for a write with the library first brought up to date
(``_writing``). The base of ``Library`` (library.py), which adds the writes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..models import Paper
from .change import NO_CHANGE, LibraryChange, adopt_states
from .columns_file import ColumnCorpus, CorpusStamp, read_columns, write_columns
from .corpus_file import Corpus, read_corpus, read_generation
from .files import FileIdentity, LibraryFiles
from .records import ImportRecord
from .recovery import set_aside
from .state_file import StateEncoder, StateFile, read_state_file
from .state_log import LogRecord, StateLog, read_log_seq
from .view import LibraryView

# Enough of state.json's first bytes to hold its log_seq.
_HEAD_BYTES = 64


class FollowingFiles(LibraryView):
    """A library in memory that follows its files on disk."""

    home: Path
    writable: bool
    _files: LibraryFiles
    # None for a library that cannot be written.
    _encoder: StateEncoder | None
    # Outside changes picked up by writes, for the next refresh() to report.
    _pending: LibraryChange
    # Things the person should be told once (recovered files, say).
    warnings: list[str]
    # state.log as this process follows it, and the number of the last record in
    # memory (state.json's log_seq, or a later record of the log).
    _log: StateLog
    _log_seq: int
    _log_damage_told: bool

    def refresh(self) -> LibraryChange:
        """Pick up what other processes changed on disk, without writing; returns
        every change picked up since the previous call, those a write of this
        process re-read under the lock included (its own changes are not).

        One ``stat`` per file when nothing changed; it never waits for a write of
        this process running in another thread (it returns no change then). Call it
        from the thread that reads the library: ``states`` is updated in place (the search engine
        reads it live) and ``papers`` becomes a new list after an import. Raises
        StorageError when a changed file cannot be read (a damaged one with a
        usable backup shows the backup, as for any reader).
        """
        # A write of this process in another thread (an import) is under way: it
        # brings the library up to date itself; the next call reports what it found.
        if not self._files.in_process.acquire(blocking=False):
            return NO_CHANGE
        try:
            change = self._pending | self._sync_corpus(recover=False)
            change |= self._sync_state(recover=False)
            self._pending = NO_CHANGE
        finally:
            self._files.in_process.release()
        return change

    def _load_state(self, *, recover: bool) -> StateFile:
        return self._files.state.load(read_state_file, recover=recover, warnings=self.warnings)

    def _sync_state(self, *, recover: bool) -> LibraryChange:
        """Adopt what another process wrote to state.json or appended to state.log.

        The log first, from the file held open: when a fold then replaced
        state.json with exactly the records read (its log_seq is the last one
        here), the new state.json is not parsed at all."""
        change, continues = self._follow_log(recover=recover)
        if continues and not self._files.state.changed_on_disk():
            return change
        if continues:
            head = self._files.state.hold_head(_HEAD_BYTES)
            seq = read_log_seq(head)
            if seq and seq == self._log_seq:
                more, continues = self._follow_log(recover=recover)
                if continues:
                    return change | more
        return change | self._reload_state(recover=recover)

    def _reload_state(self, *, recover: bool) -> LibraryChange:
        """Read state.json whole, then the log's records after it."""
        saved = self._load_state(recover=recover)
        keys = adopt_states(self.states, saved.states)
        if self._encoder is not None:
            self._encoder.update(self.states, keys)
        journal = saved.journal != self.journal
        filters = saved.filters != self.saved_filters
        self.journal, self.saved_filters = saved.journal, saved.filters
        self._log_seq = saved.log_seq
        self._log.forget()
        change = LibraryChange(state_keys=keys, journal=journal, filters=filters)
        # The first record may be any after log_seq: an older paperdeck may have
        # written state.json (log_seq 0) while the log held records.
        more, _ = self._follow_log(recover=recover, any_first=True)
        return change | more

    def _follow_log(self, *, recover: bool, any_first: bool = False) -> tuple[LibraryChange, bool]:
        """Apply the log's new records; False when they do not continue what is in
        memory (records were folded into a state.json not read yet)."""
        read = self._log.read_new()
        change = NO_CHANGE
        continues = True
        for record in read.records:
            if record.seq <= self._log_seq:
                continue
            if record.seq != self._log_seq + 1 and not any_first:
                continues = False
                break
            any_first = False
            change |= self._apply_record(record)
        if read.damage is not None:
            change |= self._log_damaged(read.damage, recover=recover)
        elif read.torn and recover:
            self._log.cut_torn_tail()
        return change, continues

    def _apply_record(self, record: LogRecord) -> LibraryChange:
        for key, state in record.states.items():
            if state is None:
                self.states.pop(key, None)
            else:
                self.states[key] = state
        if self._encoder is not None:
            self._encoder.update(self.states, record.states)
        if record.journal is not None:
            self.journal = record.journal.applied(self.journal)
        if record.filters is not None:
            self.saved_filters = record.filters
        self._log_seq = record.seq
        return LibraryChange(
            state_keys=frozenset(record.states),
            journal=record.journal is not None,
            filters=record.filters is not None,
        )

    def _log_damaged(self, reason: str, *, recover: bool) -> LibraryChange:
        """A damaged log: a reader keeps the records before the damage and says so
        once; a writer (under the lock) keeps the damaged file aside, folds those
        records into state.json and starts the log anew."""
        if not recover:
            if not self._log_damage_told:
                self._log_damage_told = True
                self.warnings.append(
                    f"{self._log.path.name} is damaged ({reason}); showing the changes before it"
                )
            return NO_CHANGE
        aside = set_aside(self._log.path)
        self._write_state_file()
        self._log.remove()
        self.warnings.append(
            f"{self._log.path.name} was damaged ({reason}); kept the changes before it "
            f"and the damaged file as {aside.name}"
        )
        return NO_CHANGE

    def _write_state_file(self) -> None:
        """Write state.json whole from memory, holding every record read so far."""
        encoder = self._encoder
        assert encoder is not None
        self._files.state.write(encoder.encode(self.journal, self.saved_filters, self._log_seq))

    def _sync_corpus(self, *, recover: bool) -> LibraryChange:
        """Adopt corpus.json as it is on disk, if another process imported since."""
        if not self._files.corpus.changed_on_disk():
            return NO_CHANGE
        self._adopt_corpus(*self._load_corpus(recover=recover))
        return LibraryChange(corpus=True)

    def _load_corpus(self, *, recover: bool) -> Corpus | ColumnCorpus:
        """The corpus on disk: from columns.bin when it was made from exactly this
        corpus.json (a few milliseconds), else parsed from corpus.json — and then,
        by a writable library, written to columns.bin for the next open."""
        corpus_file = self._files.corpus
        # The version of corpus.json held from here on is the one the stamp names:
        # should another import replace it meanwhile, the stamp matches no file.
        corpus_file.hold_head(1)
        with contextlib.suppress(OSError):
            stamp = self._corpus_stamp(read_generation(corpus_file.path))
            columns = read_columns(self.home, stamp) if stamp is not None else None
            if columns is not None:
                return columns
        corpus = corpus_file.load(read_corpus, recover=recover, warnings=self.warnings)
        self._write_columns(corpus.papers, corpus.imports, corpus.generation)
        return corpus

    def _corpus_stamp(self, generation: int) -> CorpusStamp | None:
        """The stamp of the corpus.json version held, None when there is none."""
        seen = self._files.corpus.seen
        if not isinstance(seen, FileIdentity):
            return None
        return CorpusStamp(generation, seen.size, seen.modified_ns, seen.inode)

    def _write_columns(
        self,
        papers: Sequence[Paper],
        imports: list[ImportRecord],
        generation: int,
        digests: Sequence[bytes] | None = None,
    ) -> None:
        """Write columns.bin for the corpus.json just read or written (a writable
        library with papers only; a failure is left to the next open), with the
        import's dedup ``digests`` when it made them."""
        stamp = self._corpus_stamp(generation)
        if self.writable and papers and stamp is not None:
            write_columns(self.home, papers, imports, stamp, digests)

    def _adopt_corpus(
        self, papers: Sequence[Paper], imports: list[ImportRecord], generation: int
    ) -> None:
        self.papers, self.imports, self.generation = papers, imports, generation
        self._by_key_map = None  # made from these papers when first used

    @contextlib.contextmanager
    def _writing(self, *, corpus: bool = False) -> Iterator[None]:
        """Hold the writer lock for one write, the state (and with ``corpus``, the
        papers) first brought up to date with the disk."""
        with self._files.writing():
            outside = self._sync_state(recover=True)
            if corpus:
                outside |= self._sync_corpus(recover=True)
            self._pending |= outside
            yield
