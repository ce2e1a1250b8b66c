"""The main screen's searching: the query of the filter and the Tags pane, run in a
thread worker, and its result shown.

Every search runs in an exclusive thread worker, one at a time, and a result that a
newer keystroke has superseded is dropped unseen. A mixin of
:class:`~.main.MainScreen`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from textual import work
from textual.content import Content

from ...models import Paper
from ...search import QueryError, SearchIndex, SearchResult
from ...sorting import DATE, RELEVANCE, sort_positions
from .parts import MainScreenParts

# How long the abstract waits after the latest search result before it is drawn.
ABSTRACT_DELAY = 0.08
# The longest enter in the filter waits for its query's result before the list
# takes the focus anyway (a first for-you sort reads its vectors for longer).
ANSWER_WAIT = 1.0
# The longest a key that edits the filter holds the screen's paint for its result
# (see paint_hold.py): a search slower than this lets the echo paint first.
PAINT_HOLD = 0.03


class SearchActions(MainScreenParts):
    """The search behind the list: what to ask, in a worker, and what to show."""

    def hold_paint_for_result(self) -> None:
        """The filter's text has just changed, and its search is about to be asked
        for: the key's echo waits for the result, to paint with it in one frame."""
        if self.index is not None:
            self.paint_hold.start()

    def _request_search(self, *, new_query: bool = False) -> None:
        """Search for what the filter and the Tags pane now say. A ``new_query``
        puts the cursor on the top result; else (the state changed) it stays on its
        paper."""
        if self.index is None:
            return
        self._search_generation += 1
        self._asked_at = time.monotonic()
        if new_query:
            self._top_from = self._search_generation
        typed = self.filter_bar.value
        view_term = self.tags_pane.selected.term
        query = f"{view_term} {typed}" if view_term else typed
        sort, reverse = self.sort_in_force()
        self._search(self.index, self._search_generation, query, typed, (sort, reverse))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(
        self,
        index: SearchIndex,
        generation: int,
        query: str,
        typed: str,
        sort: tuple[str, bool],
    ) -> None:
        # One search at a time: a queued older search sees it has been superseded
        # and returns without running, so fast typing never piles up work.
        with self._search_lock:
            if generation != self._search_generation:
                return
            if self.needs_vectors(query, sort[0]) and not self.vectors_ready():
                # Reading (or building) the vectors has a worker of its own: the
                # searches typed meanwhile are not held up behind it.
                self.app.call_from_thread(self.prepare_vectors)
                return
            try:
                result = index.search(query)
            except QueryError as error:
                self.app.call_from_thread(self._show_query_error, generation, error, typed)
                return
            result = self.sorted_result(result, sort, index.papers)
        if generation == self._search_generation:
            self.app.call_from_thread(self._show_result, generation, typed, result)

    def sorted_result(
        self, result: SearchResult, sort: tuple[str, bool], papers: Sequence[Paper]
    ) -> SearchResult:
        """``result`` (positions into ``papers``, the searched index's) in the order
        ``sort`` (name, reverse) asks for; relevance is the engine's own order."""
        library = self.library
        if library is None or sort == (RELEVANCE, False):
            return result
        if sort == (DATE, False) and not result.query.strip():
            # The engine gives a blank query newest first, ties in a fixed order that
            # a stable date sort keeps: re-sorting 100,000 positions on every key
            # (the empty filter after esc, a star) would cost ~0.1 s for nothing.
            return result
        positions = sort_positions(
            result.positions, papers, library.states, sort[0], reverse=sort[1]
        )
        return SearchResult(result.query, positions)

    def focus_list_when_answered(self) -> None:
        """Enter in the filter (or esc on an empty one): the list takes the focus
        once the query typed is on screen. The keys typed right after enter
        (`/ quant enter j s`) wait for the focus (see FilterBar) and are for that
        list: taken by the list before it, the j moved a cursor that the new result
        then put back on top."""
        if self._top_from <= self._top_shown:
            self.filter_bar.hand_over(self.paper_list)
            return
        if self._focus_on_result is None:
            self._focus_on_result = self.set_timer(ANSWER_WAIT, self._focus_list_now)

    def _focus_list_now(self) -> None:
        if self._focus_on_result is not None:
            self._focus_on_result.stop()
            self._focus_on_result = None
            self.filter_bar.hand_over(self.paper_list)

    def _show_query_error(self, generation: int, error: QueryError, typed: str) -> None:
        if generation != self._search_generation:
            return
        # A phrase still being typed is no mistake yet: keep the last good result.
        if not _open_quote(typed):
            self.filter_bar.show_error(str(error))
            self.query_error.update(Content(f"bad query: {error}"))
            self.query_error.display = True
            self._focus_list_now()  # no result is coming: the last good one stays
        self.paint_hold.release()
        self.answered()

    def _show_result(self, generation: int, typed: str, result: SearchResult) -> None:
        if generation != self._search_generation:
            return
        self.filter_bar.show_error(None)
        self.query_error.display = False
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
        # A result of a query newer than the one on screen starts at its top.
        to_top = self._top_from > self._top_shown
        self._top_shown = generation
        keep = papers.highlighted if self._advance_to is None else self._advance_to
        self._advance_to = None
        papers.show(result.positions, keep=None if to_top else keep, top=to_top)
        papers.border_title = Content(self._papers_title())
        self.show_subtitle()
        # The cursor may not have moved, but the highlights follow the new query.
        self._show_highlighted()
        if to_top:
            self._focus_list_now()
        self.paint_hold.release()
        self.answered()

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


def _open_quote(typed: str) -> bool:
    """True while a phrase is being typed: an odd number of double quotes."""
    return typed.count('"') % 2 == 1
