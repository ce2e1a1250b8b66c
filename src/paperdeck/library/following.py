"""Following the data folder: picking up what other processes wrote (``refresh``),
and holding the writer lock for a write with the library first brought up to date
(``_writing``). The base of ``Library`` (library.py), which adds the writes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from .change import NO_CHANGE, LibraryChange, adopt_states
from .corpus_file import read_corpus
from .files import LibraryFiles
from .state_file import StateEncoder, StateFile, read_state_file
from .view import LibraryView


class FollowingFiles(LibraryView):
    """A library in memory that follows its files on disk."""

    _files: LibraryFiles
    # None for a library that cannot be written.
    _encoder: StateEncoder | None
    # Outside changes picked up by writes, for the next refresh() to report.
    _pending: LibraryChange
    # Things the person should be told once (recovered files, say).
    warnings: list[str]

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
        """Adopt state.json as it is on disk, if another process changed it."""
        if not self._files.state.changed_on_disk():
            return NO_CHANGE
        saved = self._load_state(recover=recover)
        keys = adopt_states(self.states, saved.states)
        if self._encoder is not None:
            self._encoder.update(self.states, keys)
        journal = saved.journal != self.journal
        filters = saved.filters != self.saved_filters
        self.journal, self.saved_filters = saved.journal, saved.filters
        return LibraryChange(state_keys=keys, journal=journal, filters=filters)

    def _sync_corpus(self, *, recover: bool) -> LibraryChange:
        """Adopt corpus.json as it is on disk, if another process imported since."""
        if not self._files.corpus.changed_on_disk():
            return NO_CHANGE
        self.papers, self.imports, self.generation = self._files.corpus.load(
            read_corpus, recover=recover, warnings=self.warnings
        )
        self._by_key = {paper.key: i for i, paper in enumerate(self.papers)}
        return LibraryChange(corpus=True)

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
