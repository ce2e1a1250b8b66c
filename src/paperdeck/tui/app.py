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
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Footer, Input

from .. import paths
from ..export import render_markdown
from ..export.selection import starred_items
from ..library import Library, LibraryBusyError, ReadOnlyError, StorageError
from ..library.storage import write_atomically
from ..models import Paper, PaperState, split_tags
from ..search import QueryError, SearchIndex, SearchResult, Spans
from .screens import ChoiceScreen, HelpScreen, PromptScreen
from .widgets import AbstractView, FilterBar, NotesPane, PaperList, TagsPane, Welcome
from .widgets.tags_pane import library_views

EXIT_LIBRARY = 3  # the CLI's status for a library that cannot be opened


class PaperdeckApp(App[None]):
    """The interactive reading list. ``home`` defaults to the CLI's data folder
    (``$PAPERDECK_HOME`` or the platform's user data folder)."""

    TITLE = "paperdeck"
    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012 (Textual declares it mutable)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "Filter", tooltip="Focus the filter and type a query"),
        Binding("s", "toggle_star", "Star", tooltip="Star or unstar the paper"),
        Binding("r", "toggle_read", "Read", tooltip="Mark the paper read or unread"),
        Binding("t", "add_tags", "Tag", tooltip="Add tags (comma-separated)"),
        Binding("T", "remove_tag", "Untag", tooltip="Remove one of the paper's tags"),
        Binding("n", "edit_note", "Note", tooltip="Edit the note (esc saves and leaves)"),
        Binding("e", "export", "Export", tooltip="Export the starred papers to Markdown"),
        Binding("o", "open_page", "Open", tooltip="Open the paper's arXiv page in the browser"),
        Binding("y", "copy_link", "Copy link", tooltip="Copy the paper's arXiv link"),
        Binding("question_mark", "help", "Help", tooltip="Show every key"),
        Binding("escape", "go_back", "Back", show=False, tooltip="Clear the filter, or go back"),
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
        self._new_count: int | None = None
        self._quit_unsaved = False
        self._details_pending = False

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
            papers.border_subtitle = Content("read-only: another paperdeck is open")
        elif not self.index_warm:
            papers.border_subtitle = Content("indexing…")
            self.notify(
                f"Opened read-only: {reason}.", title="Read-only", severity="warning", timeout=12
            )
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
        if not self.read_only_reason:
            self.paper_list.border_subtitle = None

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
        # The abstract is drawn just after the list: the list is what a person
        # watches while typing, and wrapping a long abstract takes a frame's time.
        if not self._details_pending:
            self._details_pending = True
            self.call_after_refresh(self._show_details)

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

    def _edit(self, change: Callable[[Library, Paper], object]) -> bool:
        """Apply ``change`` to the highlighted paper and show the outcome.

        The library writes first; the screen changes only after the write
        succeeded, so what the person sees is what is on disk.
        """
        paper = self._paper_to_act_on()
        library = self.library
        if paper is None or library is None:
            return False
        if not self._writable():
            return False
        try:
            change(library, paper)
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
        self._show_details()
        # Views such as Inbox depend on state: a paper just read leaves it.
        self._request_search()

    def _refresh_views(self) -> None:
        library = self.library
        if library is None:
            return
        if self._new_count is None and self.index is not None:
            # Only an import changes it, and the app does not import: count once.
            self._new_count = len(self.index.search("is:new")) if library.latest_import else 0
        views = library_views(library.stats(), library.tag_counts(), self._new_count)
        self.tags_pane.set_views(views)

    def action_toggle_star(self) -> None:
        self._edit(lambda lib, p: lib.set_starred([p.key], not lib.state(p.key).starred))

    def action_toggle_read(self) -> None:
        self._edit(lambda lib, p: lib.set_read([p.key], not lib.state(p.key).read))

    def action_add_tags(self) -> None:
        paper = self._paper_to_act_on()
        if paper is None:
            return
        if not self._writable():
            return

        def answered(answer: str | None) -> None:
            tags = split_tags([answer or ""])
            if not tags:
                return
            if self._edit(lambda lib, p: lib.add_tags([p.key], tags)):
                self.notify(f"Tagged {', '.join(tags)}.", timeout=3)

        self.push_screen(
            PromptScreen(
                f"Add tags to “{_short(paper.title)}”",
                placeholder="safety, to-read",
                hint="Comma-separated; enter saves, esc cancels.",
            ),
            answered,
        )

    def action_remove_tag(self) -> None:
        paper = self._paper_to_act_on()
        if paper is None:
            return
        if not self._writable():
            return
        tags = self._state_of(paper.key).tags
        if not tags:
            self.notify("This paper has no tags.", severity="warning")
            return

        def chosen(tag: str | None) -> None:
            if tag and self._edit(lambda lib, p: lib.remove_tags([p.key], [tag])):
                self.notify(f"Removed tag {tag}.", timeout=3)

        self.push_screen(ChoiceScreen(f"Remove a tag from “{_short(paper.title)}”", tags), chosen)

    # -- notes ---------------------------------------------------------------------

    def action_edit_note(self) -> None:
        if self._paper_to_act_on() is None:
            return
        if not self._writable():
            return
        notes = self.notes_pane
        notes.focus()
        notes.move_cursor(notes.document.end)

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
        """esc outside the filter: clear the filter, else show every paper."""
        if self.filter_bar.value:
            self.filter_bar.value = ""
        elif self.tags_pane.selected_id != "all":
            self.tags_pane.highlighted = 0
        self.paper_list.focus()

    def action_help(self) -> None:
        self.push_screen(
            HelpScreen(
                [
                    ("Anywhere", self.BINDINGS),
                    ("Paper list", PaperList.BINDINGS),
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
