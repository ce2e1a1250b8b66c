"""What the main screen's mixins may use of it, declared for the type checker.

:class:`~.searching.SearchActions`, :class:`~.triage.TriageActions`,
:class:`~.outward.OutwardActions` and :class:`~.listing.ListingActions` are parts of
:class:`~.main.MainScreen`; at run time they derive from ``object``, and while type
checking from :class:`MainScreenParts`, which names the screen's attributes they use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable
    from pathlib import Path

    from textual.app import App
    from textual.notifications import SeverityLevel
    from textual.screen import Screen
    from textual.timer import Timer
    from textual.widgets import Static

    from ...config import Config
    from ...library import Library
    from ...models import Paper, PaperState
    from ...search import SearchIndex
    from ..widgets import AbstractView, FilterBar, NotesPane, PaperList, TagsPane, Welcome
    from .paint_hold import PaintHold

    class DeckApp(App[None]):
        """The app as the screens see it (named here, not imported: the app
        imports the screens, and imports point one way)."""

        home: Path
        library: Library | None
        index: SearchIndex | None
        read_only_reason: str | None
        index_warm: bool
        config: Config

        def open_library(self) -> None: ...
        def open_in_browser(self, url: str) -> bool: ...

    class MainScreenParts(Screen[None]):
        """The main screen as its mixins see it."""

        app: DeckApp
        paper_list: PaperList
        filter_bar: FilterBar
        tags_pane: TagsPane
        notes_pane: NotesPane
        abstract_view: AbstractView
        welcome: Welcome
        # The one paper (a position) an action acts on instead of the marked or the
        # highlighted ones: the reader view's paper, a clicked ★.
        acting_on: int | None
        shown_query: str
        shown_count: int
        query_error: Static
        _search_lock: threading.Lock
        _search_generation: int
        _top_from: int
        _top_shown: int
        _details_timer: Timer | None
        _focus_on_result: Timer | None
        _asked_at: float | None
        _import_counts: tuple[int, int] | None
        _advance_to: int | None
        paint_hold: PaintHold

        @property
        def library(self) -> Library | None: ...
        @property
        def index(self) -> SearchIndex | None: ...
        @property
        def read_only_reason(self) -> str | None: ...
        def notify(
            self,
            message: str,
            *,
            title: str = "",
            severity: SeverityLevel = "information",
            timeout: float | None = None,
            markup: bool = False,
        ) -> None: ...
        def current_paper(self) -> Paper | None: ...
        def _paper_to_act_on(self) -> Paper | None: ...
        def _state_of(self, key: str) -> PaperState: ...
        def _state_changed(self, *, outside: bool = False) -> None: ...
        def _request_search(self, *, new_query: bool = False) -> None: ...
        def show_subtitle(self) -> None: ...
        def _writable(self) -> bool: ...
        def _write(self, change: Callable[[Library], object]) -> bool: ...
        def save_note(self, *, show: bool = True) -> bool: ...
        def action_toggle_star(self) -> None: ...
        def action_toggle_read(self) -> None: ...
        def action_edit_note(self) -> None: ...
        def show_details(self) -> None: ...
        def _show_highlighted(self) -> None: ...
        def _details_after_typing(self) -> None: ...
        def sort_in_force(self) -> tuple[str, bool]: ...
        def advance_after_write(self) -> None: ...
        def search_after_change(self) -> None: ...
        def needs_vectors(self, query: str, sort: str) -> bool: ...
        def vectors_ready(self) -> bool: ...
        def prepare_vectors(self) -> None: ...

        preparing_vectors: bool

        def why_of(self, position: int) -> tuple[str, list[str]] | None: ...

        sort_name: str
        sort_reverse: bool

        def swap_index(self, index: SearchIndex) -> None: ...

        _view_after_index: str | None

        def forget_import_counts(self) -> None: ...
        def _sync_note(self, *, outside: bool = False) -> None: ...
        def answered(self) -> None: ...

else:
    MainScreenParts = object
