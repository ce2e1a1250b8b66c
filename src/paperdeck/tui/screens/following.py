"""The main screen follows the library: what other processes write (imports,
triage, undo) shows up within about a second, without a key press; and the app's
own import (``i``), which changes the papers the same way.

Why polling and not watchfiles (inotify): ``Library.refresh()`` is one ``stat`` of
each of the two files when nothing changed (a few microseconds; see
bench/follow_bench.py), so polling every half second costs nothing measurable,
needs no thread, no new dependency and no inotify watch (which network and some
container filesystems do not deliver), and sees every atomic replace, which is a
rename (a file watcher would have to watch the folder and filter its events).

The refresh runs on the UI thread, as the library asks (it updates ``states`` in
place, which the screen reads). After an import elsewhere the papers are a new
list; a new search index over it is built in a thread, and until it is swapped in
the screen keeps using the list its positions point into (``PaperList.papers``).

A mixin of :class:`~.main.MainScreen`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import work

from ...library import ImportReport, LibraryChange, StorageError
from ...models import Paper
from ...search import SearchIndex
from .import_dialog import ImportScreen
from .parts import MainScreenParts
from .reader import ReaderScreen

# How often the library's files are looked at.
FOLLOW_SECONDS = 0.5
# Above this many changed states, the index re-reads every state's title at once.
_KEYS_ONE_BY_ONE = 64


class FollowActions(MainScreenParts):
    """Picks up outside changes and redraws what they touched."""

    _follow_failed = False
    # The view to show once a new index is in (after the app's own import).
    _view_after_index: str | None = None

    def follow_library(self) -> None:
        """Start looking at the library's files every FOLLOW_SECONDS."""
        self.set_interval(FOLLOW_SECONDS, self.check_library, name="follow library")

    def check_library(self) -> None:
        """One look: redraw what another process changed, if anything."""
        library = self.library
        if library is None or self._importing():
            return
        try:
            change = library.refresh()
        except StorageError as error:
            # Said once, not every half second; the last good library stays shown.
            if not self._follow_failed:
                self._follow_failed = True
                self.notify(
                    f"Cannot follow outside changes: {error}",
                    title="Library",
                    severity="warning",
                    timeout=15,
                )
            return
        self._follow_failed = False
        if not change.empty:
            self.show_outside_change(change)

    def _importing(self) -> bool:
        """True while the app's own import runs: it holds the library (the lock of
        this process too) for as long as it writes, and a refresh now would stall
        the screen until it is done. Its outcome is shown when it ends."""
        return any(
            worker.group == "import" and not worker.is_finished for worker in self.app.workers
        )

    def show_outside_change(self, change: LibraryChange) -> None:
        """Redraw after ``change`` (from refresh, or picked up by a write)."""
        library = self.library
        if library is None:
            return
        if change.corpus and library.papers is not self.paper_list.papers:
            self.reindex(library.papers, library.latest_import)
        index = self.index
        if index is not None and change.state_keys:
            if len(change.state_keys) <= _KEYS_ONE_BY_ONE:
                for key in change.state_keys:
                    index.state_changed(key)
            else:
                index.state_changed()
        self._state_changed(outside=True)

    def action_import_files(self) -> None:
        """i: the import dialog; after an import, the New view."""
        library = self.library
        if library is None or not self._writable():
            return

        def imported(report: ImportReport | None) -> None:
            if report is None:
                return
            if library.papers is self.paper_list.papers:
                self.tags_pane.select("new")  # nothing new to index
            else:
                # New is counted over the new index: chosen once it is swapped in.
                self._view_after_index = "new"
                self.show_outside_change(LibraryChange(corpus=True))

        self.app.push_screen(ImportScreen(library), imported)

    @work(thread=True, group="reindex", exit_on_error=False)
    def reindex(self, papers: Sequence[Paper], latest_import: str | None) -> None:
        """Build the search index over a new papers list (an import) in a thread,
        then swap it in on the UI thread."""
        library = self.library
        if library is None:
            return
        # The stamp describes the library's papers: only an index over them may be kept.
        stored = library.search_index_file() if papers is library.papers else None
        index = SearchIndex(papers, library.states, latest_import=latest_import, index_file=stored)
        self.app.call_from_thread(self.swap_index, index)
        index.warm()

    def swap_index(self, index: SearchIndex) -> None:
        """Show the papers of ``index`` (built over the library's current papers):
        every position the screen holds is moved to the same paper in the new list."""
        library = self.library
        if library is None or index.papers is not library.papers:
            return  # a newer import came meanwhile; its index follows
        papers = self.paper_list
        moved = position_map(papers.papers, index.papers)
        highlighted = papers.highlighted
        marked = {new for old in papers.marked if (new := moved(old)) is not None}
        papers.set_papers(index.papers)
        papers.marked = marked
        self._advance_to = moved(highlighted) if highlighted is not None else None
        for screen in self.app.screen_stack:
            if isinstance(screen, ReaderScreen):
                new = moved(screen.position)
                if new is not None:
                    screen.position = new
        self.app.index = index
        self.forget_import_counts()
        welcome_shown = not index.papers
        self.welcome.display = welcome_shown
        papers.display = self.filter_bar.display = not welcome_shown
        self._state_changed()
        if self._view_after_index is not None:
            self.tags_pane.select(self._view_after_index)
            self._view_after_index = None


def position_map(old: Sequence[Paper], new: Sequence[Paper]) -> Callable[[int], int | None]:
    """Where each paper of ``old`` (by position) is in ``new``: an import appends,
    so usually the same position; else found by key (None: gone)."""
    if len(new) >= len(old) and all(a.key == b.key for a, b in zip(old, new, strict=False)):
        return lambda position: position
    where = {paper.key: position for position, paper in enumerate(new)}
    return lambda position: where.get(old[position].key)
