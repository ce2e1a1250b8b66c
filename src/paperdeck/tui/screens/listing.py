"""The main screen's keys for the list itself: sort, next unread, the reader view,
scrolling the abstract, a title of one's own, and the mouse on rows; and the
Tags pane's views with their counts.

A mixin of :class:`~.main.MainScreen`.
"""

from __future__ import annotations

from ...sorting import (
    RELEVANCE,
    describe_sort,
    effective_sort,
    for_you_notice,
    is_for_you,
    next_sort,
)
from ..widgets import PaperList
from ..widgets.tags_pane import library_views
from .parts import MainScreenParts
from .prompt import PromptScreen
from .reader import ReaderScreen
from .triage import short

# Lines J and K scroll the Abstract pane by.
_ABSTRACT_STEP = 3


class ListingActions(MainScreenParts):
    """Keys that change what the list shows or where the cursor is."""

    sort_name: str = RELEVANCE
    sort_reverse: bool = False

    def sort_in_force(self) -> tuple[str, bool]:
        """The sort the list is in: relevance needs a query, else it is by date."""
        has_query = bool(self.filter_bar.value.strip() or self.tags_pane.selected.term)
        return effective_sort(self.sort_name, has_query), self.sort_reverse

    def sort_words(self) -> str:
        """``sort: date, newest first``, for the Papers border."""
        name, reverse = self.sort_in_force()
        library = self.library
        if library is not None and for_you_notice(name, library.states) is not None:
            return f"sort: {name} → date, too few marks"
        return f"sort: {describe_sort(name, reverse)}"

    def action_cycle_sort(self) -> None:
        has_query = bool(self.filter_bar.value.strip())
        name, _reverse = self.sort_in_force()
        self.sort_name, self.sort_reverse = next_sort(name, self.sort_reverse, has_query)
        library = self.library
        notice = for_you_notice(self.sort_name, library.states) if library is not None else None
        if notice is not None:
            self.notify(notice[0].upper() + notice[1:] + ".", severity="warning", timeout=6)
        self.show_subtitle()
        # Every sort keeps the cursor on its paper but for-you, which is asked for
        # its top: the cursor goes there.
        self._request_search(new_query=is_for_you(self.sort_name) and notice is None)

    def refresh_views(self) -> None:
        library = self.library
        if library is None:
            return
        counting = not self.app.index_warm and library.latest_import is not None
        if self._import_counts is None and self.index is not None and not counting:
            # Only an import changes them: counted once per index (forget_import_counts),
            # once the index is warm (SearchIndex.warm reads the latest import).
            latest = library.latest_import
            self._import_counts = (
                (len(self.index.search("is:new")), len(self.index.search("is:updated")))
                if latest
                else (0, 0)
            )
        new, updated = self._import_counts or (0, 0)
        views = library_views(
            library.stats(),
            library.tag_counts(),
            new,
            updated=updated,
            saved=library.filters,
            counting=counting,
        )
        self.tags_pane.set_views(views)

    def forget_import_counts(self) -> None:
        """An import happened: count is:new and is:updated again."""
        self._import_counts = None

    # -- moving ----------------------------------------------------------------------

    def action_next_unread(self) -> None:
        """The next unread paper below the cursor, wrapping round to the top."""
        papers = self.paper_list
        library = self.library
        if library is None or not papers.positions:
            return
        count = len(papers.positions)
        for step in range(1, count + 1):
            row = (papers.cursor + step) % count
            paper = papers.papers[papers.positions[row]]
            if not library.state(paper.key).read:
                papers.cursor = row
                return
        self.notify("No unread paper is listed.", severity="warning")

    def action_scroll_abstract_down(self) -> None:
        self.abstract_view.scroll_relative(y=_ABSTRACT_STEP, animate=False)

    def action_scroll_abstract_up(self) -> None:
        self.abstract_view.scroll_relative(y=-_ABSTRACT_STEP, animate=False)

    def action_open_reader(self) -> None:
        position = self.paper_list.highlighted
        if position is None:
            self.notify("No paper is highlighted.", severity="warning")
            return
        self.app.push_screen(ReaderScreen(self, position))

    # -- titles ----------------------------------------------------------------------

    def action_edit_title(self) -> None:
        paper = self._paper_to_act_on()
        if paper is None or not self._writable():
            return
        own = self._state_of(paper.key).title
        key = paper.key

        def answered(answer: str | None) -> None:
            if answer is None:
                return
            if self._write(lambda lib: lib.set_title(key, answer or None)):
                said = f"Titled it “{short(answer)}”" if answer.strip() else "Title taken back"
                self.notify(f"{said}. u undoes it.", timeout=4)

        shown = own or ("" if paper.title_derived else paper.title)
        self.app.push_screen(
            PromptScreen(
                "A title of your own for this paper",
                value=shown,
                placeholder=short(paper.title, 60),
                hint="enter saves; an empty title goes back to the imported one; esc cancels.",
            ),
            answered,
        )

    # -- the mouse -------------------------------------------------------------------

    def on_paper_list_opened(self, _event: PaperList.Opened) -> None:
        self.action_open_reader()

    def on_paper_list_toggle_clicked(self, event: PaperList.ToggleClicked) -> None:
        # The click moved the cursor there first; with marks, only that paper is meant.
        self.acting_on = event.position
        try:
            if event.what == "star":
                self.action_toggle_star()
            else:
                self.action_toggle_read()
        finally:
            self.acting_on = None
