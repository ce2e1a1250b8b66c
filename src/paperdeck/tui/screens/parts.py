"""What the main screen's mixins may use of it, declared for the type checker.

:class:`~.triage.TriageActions` and :class:`~.outward.OutwardActions` are parts of
:class:`~.main.MainScreen`; at run time they derive from ``object``, and while type
checking from :class:`MainScreenParts`, which names the screen's attributes they use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from ...library import Library
    from ...models import Paper, PaperState
    from ...search import SearchIndex
    from ..app import PaperdeckApp
    from ..widgets import AbstractView, FilterBar, NotesPane, PaperList, TagsPane

    class MainScreenParts(Screen[None]):
        """The main screen as its mixins see it."""

        app: PaperdeckApp
        paper_list: PaperList
        filter_bar: FilterBar
        tags_pane: TagsPane
        notes_pane: NotesPane
        abstract_view: AbstractView

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
        def _state_changed(self) -> None: ...
        def _request_search(self) -> None: ...
        def show_subtitle(self) -> None: ...
        def _writable(self) -> bool: ...
        def _write(self, change: Callable[[Library], object]) -> bool: ...
        def save_note(self, *, show: bool = True) -> bool: ...

else:
    MainScreenParts = object
