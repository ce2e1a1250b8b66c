"""The main screen's recommendations: ``m`` (more like this), the vectors made
ready in a worker of their own, the for-you sort's retraining after marks change,
and the reader view's "why".

The recommender (numpy/scipy) is never imported at start-up. The first search that
needs it (a for-you sort, a ``like:`` query) finds its vectors not ready, says so,
and starts the ``vectors`` worker, which reads ``vectors.npz`` (a fraction of a
second) or, when that is missing or stale, builds it (tens of seconds at 100,000
papers); the search waits for that, not the searches typed meanwhile. "why" asks the
recommender only once it is ready. A mixin of :class:`~.main.MainScreen`.
"""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING

from textual import work

from ...sorting import RELEVANCE, for_you_notice, is_for_you
from .parts import MainScreenParts

if TYPE_CHECKING:
    from textual.timer import Timer

# After a star (or a read, a tag) the for-you list waits this long for the next one
# before the model is fitted again in the search worker: starring five papers in a
# row refits once, and the rows do not jump under the cursor at each key.
RETRAIN_DELAY = 1.0
# Terms the reader's "why" names.
WHY_TERMS = 5
_LIKE = re.compile(r"(?:^|\s)like:(\S+)")


class RecommendActions(MainScreenParts):
    """``m``, the debounced refit and the reader's why."""

    _retrain_timer: Timer | None = None
    # True from the moment the vectors worker is asked for until the search it
    # makes possible has been requested (tests wait on it).
    preparing_vectors: bool = False

    def needs_vectors(self, query: str, sort: str) -> bool:
        """True when searching ``query`` in ``sort`` asks the recommender."""
        library = self.library
        if library is None:
            return False
        if _LIKE.search(query):
            return True
        return is_for_you(sort) and for_you_notice(sort, library.states) is None

    def vectors_ready(self) -> bool:
        """True when the recommender of the library's papers has its vectors."""
        library = self.library
        ranking = sys.modules.get("paperdeck.recommend.ranking")
        if library is None or ranking is None:
            return False
        return ranking.kept_recommender(library.papers) is not None

    def prepare_vectors(self) -> None:
        """Say the recommendation is being prepared, and prepare it (once)."""
        self.query_error.update("Preparing the vectors for recommendations (once)…")
        self.query_error.display = True
        if not self.preparing_vectors:
            self.preparing_vectors = True
            self._prepare_vectors()

    @work(thread=True, exclusive=True, group="vectors")
    def _prepare_vectors(self) -> None:
        library = self.library
        if library is not None:
            from ...recommend import recommender_for

            recommender_for(library.papers).build()
        self.app.call_from_thread(self._vectors_ready)

    def _vectors_ready(self) -> None:
        # The list is reordered as a whole: its top is what was asked for.
        self._request_search(new_query=True)
        self.preparing_vectors = False

    def action_more_like_this(self) -> None:
        """Filter to ``like:ID`` of the highlighted paper, keeping other typed terms."""
        paper = self.current_paper()
        if paper is None:
            self.notify("No paper is highlighted.", severity="warning")
            return
        ident = paper.arxiv_id or paper.key
        others = _LIKE.sub(" ", self.filter_bar.value).split()
        if self.sort_in_force()[0] != RELEVANCE:
            # A like: list is in order of likeness, which is the relevance sort.
            self.sort_name, self.sort_reverse = RELEVANCE, False
        self.filter_bar.value = " ".join([f"like:{ident}", *others]) + " "
        self.filter_bar.cursor_position = len(self.filter_bar.value)
        self.notify(f"Papers like {ident}, most alike first. esc clears.", timeout=4)

    def search_after_change(self) -> None:
        """Search again after the library changed: at once, or, under a for-you sort
        (which refits the model), once the marks have stopped changing for a moment."""
        if not is_for_you(self.sort_in_force()[0]):
            self._request_search()
            return
        if self._retrain_timer is None:
            self._retrain_timer = self.set_timer(RETRAIN_DELAY, self._retrain_now)
        else:
            self._retrain_timer.reset()

    def _retrain_now(self) -> None:
        self._retrain_timer = None
        self._request_search()

    def why_of(self, position: int) -> tuple[str, list[str]] | None:
        """What the reader says about ``position``: a heading and the terms that
        weighed most (shared with the like: paper, or for the for-you score)."""
        library = self.library
        ranking = sys.modules.get("paperdeck.recommend.ranking")
        if library is None or ranking is None:
            return None  # no recommendation has been asked for yet
        recommender = ranking.kept_recommender(library.papers)
        if recommender is None:
            return None
        paper = library.papers[position]
        found = _LIKE.search(self.shown_query)
        if found:
            try:
                other = library.resolve(found.group(1))
            except LookupError:
                return None
            if other.key == paper.key:
                return None
            terms = recommender.shared_terms(paper.key, other.key, WHY_TERMS)
            ident = other.arxiv_id or other.key
            return f"Shares with {ident}", terms
        if is_for_you(self.sort_in_force()[0]):
            return "For you, because of", recommender.explain(paper.key, WHY_TERMS)
        return None
