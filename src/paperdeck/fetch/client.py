"""The operations the commands and the app call: look papers up by id, find ids by
title, search, and fetch a source's listing. Each returns plain records and writes
nothing; a caller saves what it got (``records.entries_of`` and the library's
import), then keeps the feeds' new validators (``Fetched.validators``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..models import normalise_for_match
from . import arxiv_api
from .arxiv_api import id_batches, id_list_params, read_answer, search_params, title_query
from .arxiv_feed import read_listing
from .conditional import Validators, ValidatorStore
from .endpoints import ARXIV_API, ARXIV_RSS, HUGGING_FACE, Endpoints
from .http import HttpClient
from .huggingface import read_daily_papers
from .records import FetchedPaper
from .specs import FeedSource

# Called after each request with the requests done and the requests in all.
Progress = Callable[[int, int], None]

# The most papers one search asks for (the API's documented limit for one call).
MAX_SEARCH_RESULTS = 2000
_ARXIV_PACE = "arxiv"  # the API and the feeds count together in arXiv's terms


@dataclass(slots=True)
class Lookup:
    """Papers found by id, and the ids the API does not know."""

    papers: list[FetchedPaper] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Fetched:
    """One source's papers. ``not_modified``: the feed said nothing changed since
    the last fetch; ``note``: what else to tell (replacements left out, an empty
    day); ``validators``: to keep, by URL, once the papers are saved."""

    source: FeedSource
    papers: list[FetchedPaper] = field(default_factory=list)
    not_modified: bool = False
    note: str = ""
    validators: dict[str, Validators] = field(default_factory=dict)


class Fetcher:
    """The services, asked politely through one HttpClient."""

    def __init__(
        self,
        endpoints: Endpoints | None = None,
        http: HttpClient | None = None,
        store: ValidatorStore | None = None,
    ) -> None:
        self.endpoints = endpoints or Endpoints.from_environment()
        self.http = http or HttpClient()
        self.store = store

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _api(self, params: dict[str, str]) -> arxiv_api.ApiPage:
        answer = self.http.get(
            ARXIV_API,
            self.endpoints.arxiv_api,
            params,
            pace=_ARXIV_PACE,
            gap=self.endpoints.api_gap,
        )
        return read_answer(answer)

    def lookup(self, ids: Sequence[str], progress: Progress | None = None) -> Lookup:
        """The papers of ``ids`` (without versions), in batches of at most 100."""
        batches = id_batches(list(ids))
        found: dict[str, FetchedPaper] = {}
        for done, batch in enumerate(batches, 1):
            for paper in self._api(id_list_params(batch)).papers:
                found.setdefault(paper.arxiv_id, paper)
            if progress is not None:
                progress(done, len(batches))
        return Lookup(
            [found[ident] for ident in ids if ident in found],
            [ident for ident in ids if ident not in found],
        )

    def find_titles(
        self, titles: Sequence[str], progress: Progress | None = None
    ) -> dict[str, FetchedPaper]:
        """The paper arXiv has under each title, by the title as given; a hit counts
        only when its title and the one asked for are equal once normalised (case,
        punctuation, spacing), never for a near miss."""
        wanted: dict[str, str] = {}
        for title in titles:
            folded = normalise_for_match(title)
            if folded:
                wanted.setdefault(folded, title)
        batches = id_batches(list(wanted.values()), arxiv_api.TITLE_BATCH)
        found: dict[str, FetchedPaper] = {}
        for done, batch in enumerate(batches, 1):
            # A few hits a title: a short title can match longer ones first.
            page = self._api(search_params(title_query(batch), 3 * len(batch), newest_first=False))
            for paper in page.papers:
                asked = wanted.get(normalise_for_match(paper.title))
                if asked is not None and asked in batch:
                    found.setdefault(asked, paper)
            if progress is not None:
                progress(done, len(batches))
        return found

    def search(self, query: str, limit: int) -> list[FetchedPaper]:
        """The newest ``limit`` papers (at most 2,000) the API finds for ``query``."""
        return self._api(search_params(query, max(1, min(limit, MAX_SEARCH_RESULTS)))).papers

    def fetch(self, source: FeedSource, *, limit: int = 50) -> Fetched:
        """A source's papers: a category's listing, a day of Daily Papers, or a
        search (``limit`` papers)."""
        if source.kind == "search":
            return Fetched(source, self.search(source.value, limit))
        if source.kind == "arxiv":
            url = self.endpoints.rss_url(source.value)
            answer = self.http.get(
                ARXIV_RSS, url, pace=_ARXIV_PACE, gap=self.endpoints.rss_gap, store=self.store
            )
            result = Fetched(source)
            if answer.not_modified:
                result.not_modified = True
                return result
            listing = read_listing(answer)
            result.papers = listing.papers
            if listing.replacements:
                result.note = f"{listing.replacements} replaced papers left out"
        else:
            day = source.value or datetime.now(UTC).date().isoformat()
            url = f"{self.endpoints.daily_papers_url()}?date={day}"
            answer = self.http.get(HUGGING_FACE, url, store=self.store)
            result = Fetched(source)
            if answer.not_modified:
                result.not_modified = True
                return result
            result.papers = read_daily_papers(answer)
        if not result.papers and not result.note:
            result.note = "no papers that day"
        if answer.validators:
            result.validators[url] = answer.validators
        return result
