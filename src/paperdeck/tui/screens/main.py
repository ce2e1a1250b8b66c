"""The main screen: four panes over the library, a live filter, keyboard triage.

Every search runs in an exclusive thread worker, one at a time, and a result that a
newer keystroke has superseded is dropped unseen. Searching lives in
:class:`~.searching.SearchActions`, the triage keys in :class:`~.triage.TriageActions`,
saved filters, export and links in :class:`~.outward.OutwardActions`, the list's own
keys in :class:`~.listing.ListingActions`, keys typed ahead of a pane or dialog in
:class:`~.typing_ahead.TypeAheadKeys`; this module owns the layout, the state of
the screen and the highlighted paper.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from ...library import Library
from ...models import Paper, PaperState
from ...recommend.location import keep_vectors_in
from ...search import QueryError, SearchIndex, Spans
from ...sorting import DATE, RELEVANCE
from ..bindings import EXTRA_KEYS, MAIN_BINDINGS
from ..widgets import AbstractView, FilterBar, NotesPane, PaperList, TagsPane, Welcome
from ..widgets.tags_pane import SAVED_PREFIX
from ..widgets.welcome import welcome_text
from .fetching import FetchActions
from .following import FollowActions
from .help import HelpScreen
from .listing import ListingActions
from .outward import OutwardActions
from .paint_hold import PaintHold
from .reader import ReaderScreen
from .recommending import RecommendActions
from .searching import PAINT_HOLD, SearchActions
from .triage import TriageActions
from .typing_ahead import TypeAheadKeys

if TYPE_CHECKING:
    from .parts import DeckApp


class MainScreen(
    SearchActions,
    TriageActions,
    OutwardActions,
    FetchActions,
    ListingActions,
    FollowActions,
    RecommendActions,
    TypeAheadKeys,
    Screen[None],
):
    """The panes, the filter and the keys that act on the listed papers."""

    BINDINGS: ClassVar[list[BindingType]] = MAIN_BINDINGS

    app: DeckApp  # Screen.app, narrowed to this app

    def __init__(self, home: Path) -> None:
        super().__init__()
        # The filter text whose result is on screen: the Papers title and the
        # abstract's highlights follow it, not the text still being typed.
        self.shown_query = ""
        self.shown_count = 0
        self._search_lock = threading.Lock()
        self._search_generation = 0
        # The generation of the latest search for a new query, and of the latest
        # result shown: a result with a newer query than shown starts at the top.
        self._top_from = 0
        self._top_shown = 0
        # Counts of is:new and is:updated: only an import changes them.
        self._import_counts: tuple[int, int] | None = None
        self._details_pending = False
        # Runs out searching.ABSTRACT_DELAY after the latest search result (see
        # SearchActions._show_result).
        self._details_timer: Timer | None = None
        # Runs while enter in the filter waits for its query's result (see
        # SearchActions.focus_list_when_answered).
        self._focus_on_result: Timer | None = None
        self.paint_hold = PaintHold(self, PAINT_HOLD)
        self.acting_on: int | None = None
        # What a fetch or add in progress is doing (the Papers border shows it).
        self.network_status: str | None = None
        # The paper (a position) the cursor goes to with the next result: the one
        # after a paper just starred or read, with advance_after_triage.
        self._advance_to: int | None = None
        # Keys typed right after one that opened a dialog, and keys typed while a
        # search asked for is still to come (see TypeAheadKeys.on_key).
        self._dialog_keys: list[events.Key] = []
        self._keys_waiting: list[events.Key] = []
        self._answer_wait: Timer | None = None
        # When the latest search was asked for, while its result is still to come.
        self._asked_at: float | None = None
        # The panes are made here, not in compose: the app reaches them on every
        # event, and the last note save on exit runs after the DOM is gone.
        self.tags_pane = TagsPane(id="tags")
        self.paper_list = PaperList([], self._state_of, id="papers")
        self.filter_bar = FilterBar(id="filter")
        # The whole of a query's error, wrapped: the filter's border has room for
        # only its start.
        self.query_error = Static(id="query-error")
        self.abstract_view = AbstractView(id="abstract")
        self.notes_pane = NotesPane(id="notes")
        self.welcome = Welcome(home, id="welcome")
        self.paper_list.spans_of = self._spans_of

    @property
    def library(self) -> Library | None:
        return self.app.library

    @property
    def index(self) -> SearchIndex | None:
        return self.app.index

    @property
    def read_only_reason(self) -> str | None:
        return self.app.read_only_reason

    # -- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield self.tags_pane
            with Vertical(id="centre"):
                yield self.paper_list
                yield self.welcome
                yield self.filter_bar
                yield self.query_error
            with Vertical(id="side"):
                yield self.abstract_view
                yield self.notes_pane
        yield Footer()

    def on_mount(self) -> None:
        config = self.app.config
        # A sort the person set is the app's sort. Without one, relevance: newest
        # first until a query is typed, then the ranking.
        self.sort_name = config.sort if "sort" in config.given else RELEVANCE
        self.sort_reverse = config.reverse
        self.welcome.update(welcome_text(self.app.home, config.keys))
        self.tags_pane.border_title = "Tags"
        self.paper_list.border_title = "Papers (loading…)"
        self.paper_list.empty_text = "Loading the library…"
        self.abstract_view.border_title = "Abstract"
        self.notes_pane.border_title = "Notes"
        self.notes_pane.load_note(None, "")
        self.welcome.display = False
        self.query_error.display = False
        self.welcome.border_title = "Papers (none yet)"
        self.paper_list.focus()
        self.watch(self.filter_bar, "value", self.hold_paint_for_result, init=False)
        # Only now: the library may open faster than this screen mounts.
        self.app.open_library()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """The app's notify: markup off, since messages quote tags, paths and errors."""
        self.app.notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # -- loading -------------------------------------------------------------------

    def library_opened(self, library: Library, index: SearchIndex, reason: str | None) -> None:
        """Show the library the app has just opened (``reason``: why read-only)."""
        # numpy-free: where a for-you sort or like: keeps its vectors, once asked.
        keep_vectors_in(library.home, library)
        papers = self.paper_list
        papers.set_papers(library.papers)
        papers.empty_text = "No paper matches. esc clears the filter."
        if reason:
            self.notify(
                f"Opened read-only: {reason}.", title="Read-only", severity="warning", timeout=12
            )
        self.show_subtitle()
        for warning in library.warnings:
            self.notify(warning, title="Library recovered", severity="warning", timeout=20)
        self.notes_pane.locked = reason is not None
        empty = not library.papers
        self.welcome.display = empty
        papers.display = not empty
        self.filter_bar.display = not empty
        self.refresh_views()
        # The first list is in the sort in force (one set in config.toml), with the
        # cursor on its top paper, as every later list is.
        sort = self.sort_in_force()
        waiting = self.needs_vectors("", sort[0]) and not self.vectors_ready()
        # A for-you sort from config.toml never loads the recommender here, in the
        # foreground: the list shows by date until its worker has the vectors.
        first = self.sorted_result(
            index.search(""), (DATE, False) if waiting else sort, index.papers
        )
        self._show_result(self._search_generation, "", first)
        if waiting:
            self.prepare_vectors()
        self.follow_library()

    def show_subtitle(self) -> None:
        """The Papers border's foot: marks, read-only or indexing, and the sort."""
        parts = []
        if self.paper_list.marked:
            parts.append(f"{len(self.paper_list.marked):,} marked")
        if self.network_status:
            parts.append(self.network_status)
        if self.read_only_reason:
            parts.append("read-only")
        elif not self.app.index_warm:
            parts.append("indexing…")
        parts.append(self.sort_words())
        self.paper_list.border_subtitle = Content(" · ".join(parts)) if parts else None

    def _state_of(self, key: str) -> PaperState:
        if self.library is None:
            return PaperState(key)
        return self.library.state(key)

    # -- searching -----------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self.filter_bar:
            event.stop()
            self._request_search(new_query=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input is self.filter_bar:
            event.stop()
            self.focus_list_when_answered()

    def on_filter_bar_backed_out(self, _event: FilterBar.BackedOut) -> None:
        self.focus_list_when_answered()

    def on_tags_pane_view_selected(self, event: TagsPane.ViewSelected) -> None:
        # A saved filter comes back in the sort it was saved with.
        if self.library is not None and event.view.id.startswith(SAVED_PREFIX):
            sort = self.library.filter_sort(event.view.name)
            if sort is not None:
                self.sort_name, self.sort_reverse = sort
        self.show_subtitle()
        self._request_search(new_query=True)

    # -- the highlighted paper -----------------------------------------------------

    def on_paper_list_highlighted(self, _event: PaperList.Highlighted) -> None:
        self._show_highlighted()

    def current_paper(self) -> Paper | None:
        """The paper under the cursor."""
        position = self.paper_list.highlighted
        if position is None or self.library is None:
            return None
        # The list the screen's positions point into (see following.py).
        return self.paper_list.papers[position]

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
            self.save_note()
            notes.load_note(key, self._state_of(key).note if key else "")
        if self._details_timer is not None:
            return  # typing: the abstract follows when the results pause
        # Else the abstract is drawn just after the list: wrapping a long abstract
        # takes a frame's time, and the list should not wait for it.
        if not self._details_pending:
            self._details_pending = True
            self.call_after_refresh(self.show_details)

    @property
    def abstract_pending(self) -> bool:
        """True while the Abstract pane has yet to catch up with the highlighted paper."""
        return self._details_pending or self._details_timer is not None

    def _details_after_typing(self) -> None:
        self._details_timer = None
        self.show_details()

    def _spans_of(self, position: int) -> Spans | None:
        """The matches of the query on screen in paper ``position`` (list rows)."""
        if not self.shown_query.strip() or self.index is None:
            return None
        try:
            return self.index.highlight(self.shown_query, position, with_abstract=False)
        except QueryError:
            return None

    def advance_after_write(self) -> None:
        """Have the next result put the cursor on the paper after the highlighted
        one (advance_after_triage): the one just triaged may leave the list."""
        papers = self.paper_list
        row = papers.cursor + 1
        if row < len(papers.positions):
            self._advance_to = papers.positions[row]

    def show_details(self) -> None:
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

    def _state_changed(self, *, outside: bool = False) -> None:
        """Redraw what a change to the library may have changed (``outside``: made
        by another process; the index was told which states changed)."""
        if self.index is not None and not outside:
            self.index.state_changed()
        self.paper_list.refresh_rows()
        self.refresh_views()
        self._sync_note(outside=outside)
        self.show_details()
        for screen in self.app.screen_stack:
            if isinstance(screen, ReaderScreen):
                screen.show_paper()
        # Views such as Inbox depend on state: a paper just read leaves it. A
        # for-you list waits for the marks to settle (RecommendActions).
        self.search_after_change()

    # -- moving around -------------------------------------------------------------

    def action_focus_filter(self) -> None:
        # set_focus, not focus(): focus() waits for the message queue, and keys
        # typed fast after / are already in it; they must reach the filter.
        if self.filter_bar.display:
            self.set_focus(self.filter_bar)

    def action_go_back(self) -> None:
        """esc outside the filter: clear the filter, else the marks, else show every
        paper."""
        if self.filter_bar.value:
            self.filter_bar.value = ""
        elif self.paper_list.marked:
            self.paper_list.clear_marks()
        elif self.tags_pane.selected_id != "all":
            self.tags_pane.highlighted = 0
        self.paper_list.focus()

    def help_sections(self) -> list[tuple[str, list[BindingType]]]:
        """The keys the help screen lists, by where they work."""
        return [
            ("Anywhere", self.BINDINGS),
            ("Paper list", PaperList.BINDINGS),
            ("Tags pane", TagsPane.BINDINGS),
            ("Filter", FilterBar.BINDINGS),
            ("Notes", NotesPane.BINDINGS),
            ("Also", EXTRA_KEYS),
        ]

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.help_sections()))
