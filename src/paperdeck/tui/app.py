"""The paperdeck app: four panes over the library, a live filter, keyboard triage.

The library is opened in a thread at start-up so the screen paints at once; every
search runs in an exclusive thread worker, one at a time, and a result that a newer
keystroke has superseded is dropped unseen. Edits go straight to the library (which
writes ``state.json`` atomically) and only then show on screen.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input

from .. import paths
from ..export import render_markdown
from ..export.selection import starred_items
from ..library import FilterNameError, Library, LibraryBusyError, ReadOnlyError, StorageError
from ..library.library import filter_name
from ..library.storage import write_atomically
from ..library.undo import Step
from ..models import Paper, PaperState, split_tags
from ..search import QueryError, SearchIndex, SearchResult, Spans, parse_query
from .screens import ChoiceScreen, HelpScreen, PromptScreen
from .widgets import AbstractView, FilterBar, NotesPane, PaperList, TagsPane, Welcome
from .widgets.tags_pane import SAVED_PREFIX, library_views

EXIT_LIBRARY = 3  # the CLI's status for a library that cannot be opened
# How long the abstract waits after the latest search result before it is drawn.
ABSTRACT_DELAY = 0.08


class PaperdeckApp(App[None]):
    """The interactive reading list. ``home`` defaults to the CLI's data folder
    (``$PAPERDECK_HOME`` or the platform's user data folder)."""

    TITLE = "paperdeck"
    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012 (Textual declares it mutable)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "Filter", tooltip="Focus the filter and type a query"),
        Binding("s", "toggle_star", "Star", tooltip="Star or unstar the paper (or the marked)"),
        Binding("r", "toggle_read", "Read", tooltip="Mark the paper (or the marked) read/unread"),
        Binding("t", "add_tags", "Tag", tooltip="Add tags (comma-separated; to the marked too)"),
        Binding("T", "remove_tag", "Untag", tooltip="Remove a tag from the paper (or the marked)"),
        Binding("n", "edit_note", "Note", tooltip="Edit the note (esc saves and leaves)"),
        Binding("space", "toggle_mark", "Mark", tooltip="Mark the paper for a bulk action"),
        Binding(
            "V,asterisk",
            "mark_all",
            "Mark all",
            show=False,
            tooltip="Mark every paper listed (again: unmark them)",
        ),
        Binding("u", "undo", "Undo", tooltip="Undo the last star, read, tag or note change"),
        Binding("ctrl+r", "redo", "Redo", show=False, tooltip="Redo what undo took back"),
        Binding(
            "ctrl+s",
            "save_filter",
            "Save filter",
            show=False,
            tooltip="Save the query under a name (it joins the Tags pane)",
        ),
        Binding("e", "export", "Export", tooltip="Export the starred papers to Markdown"),
        Binding("o", "open_page", "Open", tooltip="Open the paper's arXiv page in the browser"),
        Binding("y", "copy_link", "Copy link", tooltip="Copy the paper's arXiv link"),
        Binding("question_mark", "help", "Help", tooltip="Show every key"),
        Binding(
            "escape",
            "go_back",
            "Back",
            show=False,
            tooltip="Clear the filter, then the marks, then show All",
        ),
        Binding("q", "quit", "Quit", tooltip="Quit (the note is saved first)"),
    ]

    def __init__(self, home: Path | None = None) -> None:
        super().__init__()
        self.home = home or paths.data_dir()
        self.library: Library | None = None
        self.index: SearchIndex | None = None
        # Why the library is read-only (another paperdeck holds it), or None.
        self.read_only_reason: str | None = None
        # The filter text whose result is on screen: the Papers title and the
        # abstract's highlights follow it, not the text still being typed.
        self.shown_query = ""
        self.shown_count = 0
        # True once the search index is fully built (searches work before, slower).
        self.index_warm = False
        self._search_lock = threading.Lock()
        self._search_generation = 0
        # Counts of is:new and is:updated: only an import changes them.
        self._import_counts: tuple[int, int] | None = None
        self._quit_unsaved = False
        self._details_pending = False
        # Runs out ABSTRACT_DELAY after the latest search result (see _show_result).
        self._details_timer: Timer | None = None

    # -- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The panes are kept as attributes: the app reaches them on every event, and
        # the last note save on unmount runs after the DOM is gone.
        self.tags_pane = TagsPane(id="tags")
        self.paper_list = PaperList([], self._state_of, id="papers")
        self.filter_bar = FilterBar(id="filter")
        self.abstract_view = AbstractView(id="abstract")
        self.notes_pane = NotesPane(id="notes")
        self.welcome = Welcome(self.home, id="welcome")
        with Horizontal(id="main"):
            yield self.tags_pane
            with Vertical(id="centre"):
                yield self.paper_list
                yield self.welcome
                yield self.filter_bar
            with Vertical(id="side"):
                yield self.abstract_view
                yield self.notes_pane
        yield Footer()

    def on_mount(self) -> None:
        self.tags_pane.border_title = "Tags"
        self.paper_list.border_title = "Papers (loading…)"
        self.paper_list.empty_text = "Loading the library…"
        self.abstract_view.border_title = "Abstract"
        self.notes_pane.border_title = "Notes"
        self.notes_pane.load_note(None, "")
        self.welcome.display = False
        self.welcome.border_title = "Papers (none yet)"
        self.paper_list.focus()
        self._open_library()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Textual's notify, with markup off by default: messages here quote tags,
        paths and error texts, whose brackets are not markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # -- loading -------------------------------------------------------------------

    # A failure to open is reported and exits below; anything else is a bug, and
    # exit_on_error shows it rather than leaving the app "loading" for ever.
    @work(thread=True, exclusive=True, group="load")
    def _open_library(self) -> None:
        reason: str | None = None
        # Loading makes a few objects per paper and frees none: collections during
        # it would walk them all again and again for nothing (about 0.3 s at 100k).
        gc.disable()
        try:
            try:
                library = Library.open(self.home, writable=True, wait=0)
            except LibraryBusyError as busy:
                reason = str(busy)
                library = Library.open(self.home, writable=False)
            index = SearchIndex(library.papers, library.states, latest_import=library.latest_import)
        except (StorageError, OSError) as error:
            self.call_from_thread(
                self.exit, return_code=EXIT_LIBRARY, message=f"paperdeck: {error}"
            )
            return
        finally:
            gc.freeze()
            gc.enable()
        self.call_from_thread(self._library_opened, library, index, reason)
        # Build the lazy parts of the index now, so the first keystroke does not.
        index.warm()
        self.call_from_thread(self._index_warmed)

    def _library_opened(self, library: Library, index: SearchIndex, reason: str | None) -> None:
        self.library = library
        self.index = index
        self.read_only_reason = reason
        papers = self.paper_list
        papers.set_papers(library.papers)
        papers.empty_text = "No paper matches. esc clears the filter."
        if reason:
            self.notify(
                f"Opened read-only: {reason}.", title="Read-only", severity="warning", timeout=12
            )
        self._show_subtitle()
        for warning in library.warnings:
            self.notify(warning, title="Library recovered", severity="warning", timeout=20)
        empty = not library.papers
        self.welcome.display = empty
        papers.display = not empty
        self.filter_bar.display = not empty
        self._refresh_views()
        self._show_result(self._search_generation, "", index.search(""))

    def _index_warmed(self) -> None:
        # The library and the index are millions of long-lived objects; a full
        # garbage collection walking them all stalls the UI for a few hundred ms at
        # 100,000 papers. Freezing them leaves the collector only what is new.
        gc.freeze()
        self.index_warm = True
        self._show_subtitle()

    def _show_subtitle(self) -> None:
        """The Papers border's foot: marks, then read-only or indexing."""
        parts = []
        if self.paper_list.marked:
            parts.append(f"{len(self.paper_list.marked):,} marked")
        if self.read_only_reason:
            parts.append("read-only: another paperdeck is open")
        elif not self.index_warm:
            parts.append("indexing…")
        self.paper_list.border_subtitle = Content(" · ".join(parts)) if parts else None

    def _state_of(self, key: str) -> PaperState:
        if self.library is None:
            return PaperState(key)
        return self.library.state(key)

    # -- searching -----------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self.filter_bar:
            event.stop()
            self._request_search()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input is self.filter_bar:
            event.stop()
            self.paper_list.focus()

    def on_filter_bar_backed_out(self, _event: FilterBar.BackedOut) -> None:
        self.paper_list.focus()

    def on_tags_pane_view_selected(self, _event: TagsPane.ViewSelected) -> None:
        self._request_search()

    def _request_search(self) -> None:
        """Search for what the filter and the Tags pane now say."""
        if self.index is None:
            return
        self._search_generation += 1
        typed = self.filter_bar.value
        view_term = self.tags_pane.selected.term
        query = f"{view_term} {typed}" if view_term else typed
        self._search(self.index, self._search_generation, query, typed)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, index: SearchIndex, generation: int, query: str, typed: str) -> None:
        # One search at a time: a queued older search sees it has been superseded
        # and returns without running, so fast typing never piles up work.
        with self._search_lock:
            if generation != self._search_generation:
                return
            try:
                result = index.search(query)
            except QueryError as error:
                self.call_from_thread(self._show_query_error, generation, error)
                return
        if generation == self._search_generation:
            self.call_from_thread(self._show_result, generation, typed, result)

    def _show_query_error(self, generation: int, error: QueryError) -> None:
        if generation == self._search_generation:
            self.filter_bar.show_error(str(error))

    def _show_result(self, generation: int, typed: str, result: SearchResult) -> None:
        if generation != self._search_generation:
            return
        self.filter_bar.show_error(None)
        self.shown_query = typed
        self.shown_count = len(result)
        papers = self.paper_list
        # While results arrive key after key, the abstract waits for a pause in
        # them: drawing it takes 10-15 ms of the event loop at 100,000 papers, which
        # the next key's list would otherwise wait for. The list is what a person
        # watches while typing.
        if self._details_timer is None:
            self._details_timer = self.set_timer(ABSTRACT_DELAY, self._details_after_typing)
        else:
            self._details_timer.reset()
        papers.show(result.positions, keep=papers.highlighted)
        papers.border_title = Content(self._papers_title())
        # The cursor may not have moved, but the highlights follow the new query.
        self._show_highlighted()

    def _papers_title(self) -> str:
        """``Papers (239 · filter: diffusion)``, with the Tags pane's view when one is
        chosen: ``Papers · Starred (12)``."""
        view = self.tags_pane.selected
        name = "Papers" if view.id == "all" else f"Papers · {view.name}"
        count = f"{self.shown_count:,}"
        return (
            f"{name} ({count} · filter: {self.shown_query})"
            if self.shown_query
            else (f"{name} ({count})")
        )

    # -- the highlighted paper -----------------------------------------------------

    def on_paper_list_highlighted(self, _event: PaperList.Highlighted) -> None:
        self._show_highlighted()

    def current_paper(self) -> Paper | None:
        """The paper under the cursor."""
        position = self.paper_list.highlighted
        if position is None or self.library is None:
            return None
        return self.library.papers[position]

    def _paper_to_act_on(self) -> Paper | None:
        """The highlighted paper, or None after telling the person there is none."""
        paper = self.current_paper()
        if paper is None:
            self.notify("No paper is highlighted.", severity="warning")
        return paper

    def _show_highlighted(self) -> None:
        paper = self.current_paper()
        notes = self.notes_pane
        key = paper.key if paper else None
        if notes.key != key:
            self._save_note()
            notes.load_note(key, self._state_of(key).note if key else "")
        if self._details_timer is not None:
            return  # typing: the abstract follows when the results pause
        # Else the abstract is drawn just after the list: wrapping a long abstract
        # takes a frame's time, and the list should not wait for it.
        if not self._details_pending:
            self._details_pending = True
            self.call_after_refresh(self._show_details)

    @property
    def abstract_pending(self) -> bool:
        """True while the Abstract pane has yet to catch up with the highlighted paper."""
        return self._details_pending or self._details_timer is not None

    def _details_after_typing(self) -> None:
        self._details_timer = None
        self._show_details()

    def _show_details(self) -> None:
        self._details_pending = False
        paper = self.current_paper()
        position = self.paper_list.highlighted
        spans: Spans | None = None
        if paper is not None and position is not None and self.index is not None:
            try:
                spans = self.index.highlight(self.shown_query, position)
            except QueryError:
                spans = None
        state = self._state_of(paper.key) if paper else None
        self.abstract_view.show(paper, state, spans)

    # -- triage --------------------------------------------------------------------

    def _targets(self) -> list[Paper] | None:
        """The papers an action applies to: the marked ones (in library order), else
        the highlighted one; None after telling the person there is none."""
        library = self.library
        if library is None:
            return None
        marked = self.paper_list.marked
        if marked:
            return [library.papers[position] for position in sorted(marked)]
        paper = self._paper_to_act_on()
        return [paper] if paper is not None else None

    def _triage_targets(self) -> list[Paper] | None:
        """The targets of a change, or None (having said why) when nothing may change."""
        targets = self._targets()
        if targets is None or not self._writable():
            return None
        return targets

    def _write(self, change: Callable[[Library], object]) -> bool:
        """Apply ``change`` to the library and show the outcome.

        The library writes first; the screen changes only after the write
        succeeded, so what the person sees is what is on disk.
        """
        library = self.library
        if library is None or not self._writable():
            return False
        try:
            change(library)
        except (StorageError, ReadOnlyError, OSError) as error:
            self.notify(f"Not saved: {error}", title="Save failed", severity="error", timeout=15)
            return False
        self._state_changed()
        return True

    def _writable(self) -> bool:
        """False, after saying so, when another paperdeck holds the library."""
        if self.read_only_reason:
            self.notify(
                "This paperdeck is read-only: another one is open for writing.",
                severity="warning",
            )
            return False
        return True

    def _state_changed(self) -> None:
        if self.index is not None:
            self.index.state_changed()
        self.paper_list.refresh_rows()
        self._refresh_views()
        self._sync_note()
        self._show_details()
        # Views such as Inbox depend on state: a paper just read leaves it.
        self._request_search()

    def _refresh_views(self) -> None:
        library = self.library
        if library is None:
            return
        if self._import_counts is None and self.index is not None:
            # Only an import changes them, and the app does not import: count once.
            latest = library.latest_import
            self._import_counts = (
                (len(self.index.search("is:new")), len(self.index.search("is:updated")))
                if latest
                else (0, 0)
            )
        new, updated = self._import_counts or (0, 0)
        views = library_views(
            library.stats(), library.tag_counts(), new, updated=updated, saved=library.filters
        )
        self.tags_pane.set_views(views)

    def _toggle(
        self,
        is_on: Callable[[PaperState], bool],
        set_to: Callable[[Library, list[str], bool], object],
        told: tuple[str, str],
    ) -> None:
        """Star/read: on for every target unless all already are, then off for all.
        ``told`` is what to say after a bulk change, turned on and off ({} = count)."""
        targets = self._triage_targets()
        if targets is None or self.library is None:
            return
        library = self.library
        keys = [paper.key for paper in targets]
        turn_on = not all(is_on(library.state(key)) for key in keys)
        if self._write(lambda lib: set_to(lib, keys, turn_on)) and self.paper_list.marked:
            said = (told[0] if turn_on else told[1]).format(_count(len(keys), "paper"))
            self.notify(f"{said}. u undoes it.", timeout=4)

    def action_toggle_star(self) -> None:
        self._toggle(lambda s: s.starred, Library.set_starred, ("Starred {}", "Unstarred {}"))

    def action_toggle_read(self) -> None:
        self._toggle(lambda s: s.read, Library.set_read, ("Marked {} read", "Marked {} unread"))

    def action_add_tags(self) -> None:
        targets = self._triage_targets()
        if targets is None:
            return
        keys = [paper.key for paper in targets]

        def answered(answer: str | None) -> None:
            tags = split_tags([answer or ""])
            if tags and self._write(lambda lib: lib.add_tags(keys, tags)):
                self.notify(f"Tagged {_whom(targets)}: {', '.join(tags)}.", timeout=3)

        self.push_screen(
            PromptScreen(
                f"Add tags to {_whom(targets)}",
                placeholder="safety, to-read",
                hint="Comma-separated; enter saves, esc cancels.",
            ),
            answered,
        )

    def action_remove_tag(self) -> None:
        targets = self._triage_targets()
        if targets is None:
            return
        keys = [paper.key for paper in targets]
        counts: dict[str, int] = {}
        for key in keys:
            for tag in self._state_of(key).tags:
                counts[tag] = counts.get(tag, 0) + 1
        if not counts:
            which = "These papers have" if len(targets) > 1 else "This paper has"
            self.notify(f"{which} no tags.", severity="warning")
            return
        tags = sorted(counts, key=lambda tag: -counts[tag])

        def chosen(tag: str | None) -> None:
            if tag and self._write(lambda lib: lib.remove_tags(keys, [tag])):
                self.notify(f"Removed tag {tag} from {_whom(targets)}.", timeout=3)

        self.push_screen(ChoiceScreen(f"Remove a tag from {_whom(targets)}", tags), chosen)

    # -- marks for bulk actions ----------------------------------------------------

    def action_toggle_mark(self) -> None:
        position = self.paper_list.highlighted
        if position is None:
            self.notify("No paper is highlighted.", severity="warning")
            return
        self.paper_list.marked ^= {position}
        self._marks_changed()
        self.paper_list.action_cursor_down()

    def action_mark_all(self) -> None:
        papers = self.paper_list
        listed = set(papers.positions)
        if not listed:
            self.notify("No paper is listed.", severity="warning")
            return
        if listed <= papers.marked:
            papers.marked -= listed
        else:
            papers.marked |= listed
        self._marks_changed()

    def _clear_marks(self) -> None:
        self.paper_list.marked = set()
        self._marks_changed()

    def _marks_changed(self) -> None:
        self.paper_list.refresh_rows()
        self._show_subtitle()

    # -- undo and redo -------------------------------------------------------------

    def action_undo(self) -> None:
        self._walk_journal(redo=False)

    def action_redo(self) -> None:
        self._walk_journal(redo=True)

    def _walk_journal(self, *, redo: bool) -> None:
        library = self.library
        if library is None or not self._writable():
            return
        # A note being typed is saved first: it is the newest change, so undo
        # takes it back rather than something older.
        if not self._save_note():
            return
        if not (library.journal.can_redo if redo else library.journal.can_undo):
            self.notify(f"Nothing to {'redo' if redo else 'undo'}.", severity="warning")
            return
        walked: list[Step | None] = []
        if self._write(lambda lib: walked.append(lib.redo() if redo else lib.undo())):
            step = walked[0]
            if step is not None:  # there was one: checked above
                verb = "Redid" if redo else "Undid"
                self.notify(f"{verb}: {library.describe(step)}", timeout=5)

    # -- notes ---------------------------------------------------------------------

    def action_edit_note(self) -> None:
        if self._paper_to_act_on() is None:
            return
        if not self._writable():
            return
        notes = self.notes_pane
        notes.focus()
        notes.move_cursor(notes.document.end)

    def _sync_note(self) -> None:
        """Show the stored note when it changed under the pane (undo, redo) and the
        pane holds nothing unsaved."""
        notes = self.notes_pane
        if notes.key is None or notes.pending:
            return
        stored = self._state_of(notes.key).note
        if stored != notes.saved:
            notes.load_note(notes.key, stored)

    def on_notes_pane_left(self, event: NotesPane.Left) -> None:
        self._save_note()
        if event.by_escape:
            self.paper_list.focus()

    def _save_note(self, *, show: bool = True) -> bool:
        """Store the note being edited, if it changed. On failure the text stays in
        the pane (and is tried again on the next save), so nothing typed is lost.
        ``show=False`` skips updating the screen (on the way out it is gone)."""
        notes = self.notes_pane
        key = notes.key
        library = self.library
        if key is None or library is None or not notes.pending:
            return True
        if self.read_only_reason:
            self.notify("Read-only: the note was not saved.", severity="error")
            return False
        text = notes.text
        try:
            library.set_note(key, text)
        except (StorageError, ReadOnlyError, OSError) as error:
            self.notify(
                f"Note not saved: {error}", title="Save failed", severity="error", timeout=15
            )
            return False
        notes.saved = text
        if show:
            self._state_changed()
        return True

    # -- saved filters -------------------------------------------------------------

    def _current_query(self) -> str:
        """The whole query on screen: the Tags pane's view and the filter text."""
        view_term = self.tags_pane.selected.term
        typed = self.filter_bar.value.strip()
        return f"{view_term} {typed}".strip()

    def action_save_filter(self) -> None:
        query = self._current_query()
        if not query:
            self.notify(
                "Type a query first: ctrl+s saves what the filter shows.", severity="warning"
            )
            return
        if not self._writable():
            return
        try:
            parse_query(query)
        except QueryError as error:
            self.notify(f"Not saved: bad query: {error}", severity="error")
            return

        def answered(answer: str | None) -> None:
            if not answer or not answer.strip():
                return
            replaced: list[bool] = []
            try:
                saved = self._write(lambda lib: replaced.append(lib.save_filter(answer, query)))
            except FilterNameError as error:
                self.notify(f"Not saved: {error}", severity="error")
                return
            if saved:
                name = filter_name(answer)
                verb = "Replaced" if replaced[0] else "Saved"
                self.notify(f"{verb} the filter {name}: {query} (in the Tags pane).", timeout=5)

        self.push_screen(
            PromptScreen(
                f"Save the filter “{_short(query)}” as",
                placeholder="a short name, e.g. to read",
                hint="enter saves (a filter of that name is replaced), esc cancels.",
            ),
            answered,
        )

    def on_tags_pane_delete_requested(self, event: TagsPane.DeleteRequested) -> None:
        name, query = event.view.name, event.view.term
        if self._write(lambda lib: lib.delete_filter(name)):
            self.notify(
                f"Deleted the saved filter {name} ({query}). ctrl+s on that query saves it again.",
                timeout=8,
            )

    def show_saved_filter(self, name: str) -> None:
        """Show a saved filter's papers (from the command palette)."""
        self.filter_bar.value = ""
        self.tags_pane.select(f"{SAVED_PREFIX}{name}")
        self.paper_list.focus()

    # -- export, links -------------------------------------------------------------

    def action_export(self) -> None:
        library = self.library
        if library is None:
            return
        items = starred_items(library.papers, library.states)
        if not items:
            self.notify("Nothing starred yet: press s on a paper to star it.", severity="warning")
            return
        default = Path.cwd() / f"paperdeck-starred-{date.today().isoformat()}.md"

        def answered(answer: str | None) -> None:
            if answer and answer.strip():
                self._export_to(Path(answer.strip()).expanduser(), items)

        self.push_screen(
            PromptScreen(
                f"Export {_count(len(items), 'starred paper')} to Markdown",
                value=str(default),
                hint="enter writes the file (an existing one is replaced), esc cancels.",
            ),
            answered,
        )

    def _export_to(self, path: Path, items: Sequence[tuple[Paper, PaperState]]) -> None:
        path = path if path.is_absolute() else Path.cwd() / path
        if path.is_dir():
            self.notify(f"{path} is a folder: give a file name.", severity="error")
            return
        document = render_markdown(items, title="Starred papers")
        try:
            write_atomically(path, document.encode("utf-8"), keep_backup=False, mode=None)
        except StorageError as error:
            self.notify(f"Export failed: {error}", severity="error", timeout=15)
            return
        self.notify(f"Wrote {_count(len(items), 'starred paper')} to {path}", timeout=8)

    def action_open_page(self) -> None:
        url = self._current_url()
        if url:
            self.open_url(url)
            self.notify(f"Opening {url}", timeout=3)

    def action_copy_link(self) -> None:
        url = self._current_url()
        if url:
            self.copy_to_clipboard(url)
            self.notify(f"Copied {url}", timeout=3)

    def _current_url(self) -> str | None:
        paper = self._paper_to_act_on()
        if paper is None:
            return None
        if paper.url is None:
            self.notify("This paper has no arXiv id, so no link.", severity="warning")
        return paper.url

    # -- moving around -------------------------------------------------------------

    def action_focus_filter(self) -> None:
        if self.filter_bar.display:
            self.filter_bar.focus()

    def action_go_back(self) -> None:
        """esc outside the filter: clear the filter, else the marks, else show every
        paper."""
        if self.filter_bar.value:
            self.filter_bar.value = ""
        elif self.paper_list.marked:
            self._clear_marks()
        elif self.tags_pane.selected_id != "all":
            self.tags_pane.highlighted = 0
        self.paper_list.focus()

    def action_help(self) -> None:
        self.push_screen(
            HelpScreen(
                [
                    ("Anywhere", self.BINDINGS),
                    ("Paper list", PaperList.BINDINGS),
                    ("Tags pane", TagsPane.BINDINGS),
                    ("Filter", FilterBar.BINDINGS),
                    ("Notes", NotesPane.BINDINGS),
                    ("Also", _EXTRA_KEYS),
                ]
            )
        )

    async def action_quit(self) -> None:
        if self._save_note() or self._quit_unsaved:
            self.exit()
            return
        # The save failed and said why; a second q quits anyway, by choice.
        self._quit_unsaved = True
        self.notify(
            "The note is still unsaved (see above). Copy it out, or press q again to quit.",
            severity="error",
            timeout=15,
        )

    def on_unmount(self) -> None:
        # A last save for exits that bypass action_quit (ctrl+q, a signal).
        self._save_note(show=False)
        if self.library is not None:
            self.library.close()

    # -- command palette -----------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.action not in {"go_back", "quit"}:
                action = getattr(self, f"action_{binding.action}")
                yield SystemCommand(binding.description, binding.tooltip, action)
        if self.library is not None:
            for name, query in self.library.filters.items():
                yield SystemCommand(
                    f"Saved filter: {name}", query, partial(self.show_saved_filter, name)
                )


# Keys handled by Textual itself, listed in the help so nothing is hidden.
_EXTRA_KEYS: list[BindingType] = [
    Binding("tab", "", "Next pane", tooltip="Move to the next pane (shift+tab: back)"),
    Binding("enter", "", "Filter to list", tooltip="In the filter: go to the list"),
    Binding("ctrl+p", "", "Commands", tooltip="Command palette: every action, themes"),
]


def _short(title: str, width: int = 48) -> str:
    return title if len(title) <= width else title[: width - 1] + "…"


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _whom(targets: Sequence[Paper]) -> str:
    """``“A title”`` for one paper, ``3 marked papers`` for more."""
    if len(targets) == 1:
        return f"“{_short(targets[0].title)}”"
    return _count(len(targets), "marked paper")
