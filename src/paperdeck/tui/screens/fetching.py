"""The main screen's network keys: ``F`` fetches every feed of the config file, ``a``
adds a paper by its arXiv id or URL.

A mixin of :class:`~.main.MainScreen`. The asking runs in a thread worker (one at a
time), its progress on the Papers border; what came is imported through the
library like a file, the index is rebuilt in the thread, and the screen then shows
the New view with a summary. A failure is one line, and the library is unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual import work

from ...fetch.conditional import Validators
from ...fetch.errors import FetchError
from ...fetch.specs import FeedSource, SpecError, arxiv_ids, parse_source
from ...library import StorageError
from ...models import Entry, Problem
from ...search import SearchIndex
from .parts import MainScreenParts
from .prompt import PromptScreen

if TYPE_CHECKING:
    from ...fetch.client import Fetcher

# A job: asks the services (reporting progress) and says what it brought.
Job = Callable[["Fetcher", Callable[[int, int], None]], "_Haul"]
_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(slots=True)
class _Haul:
    """What one network job brought, ready to import."""

    labels: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    validators: dict[str, Validators] = field(default_factory=dict)
    said: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


class FetchActions(MainScreenParts):
    """Fetch the configured feeds; add a paper by id."""

    network_status: str | None

    def action_fetch_feeds(self) -> None:
        feeds = self.app.config.feeds
        if not feeds:
            self.notify(
                'No feeds in the config file: add [[feeds]] tables with name = "…" and '
                'source = "arxiv:cs.LG" (or hf, search:QUERY).',
                severity="warning",
                timeout=10,
            )
            return
        if not self._writable():
            return
        sources: list[FeedSource] = []
        for feed in feeds:
            try:
                sources.append(parse_source(feed.source))
            except SpecError:  # config.py reported it and left the feed out
                continue
        self._network_job("Fetching", lambda fetcher, progress: _fetch(fetcher, sources, progress))

    def action_add_paper(self) -> None:
        if not self._writable():
            return

        def answered(answer: str | None) -> None:
            words = [word for word in _SEPARATORS.split(answer or "") if word]
            if not words:
                return
            ids, bad = arxiv_ids(words)
            if bad:
                self.notify(
                    f"Not an arXiv id: {', '.join(bad)} (like 2406.09415, arXiv:2406.09415 "
                    "or an arxiv.org link).",
                    severity="error",
                    timeout=10,
                )
                return
            self._network_job("Adding", lambda fetcher, progress: _add(fetcher, ids, progress))

        self.app.push_screen(
            PromptScreen(
                "Add a paper from arXiv",
                placeholder="2406.09415, arXiv:2406.09415v2 or https://arxiv.org/abs/…",
                hint="Its id or link (several: separated by spaces). enter adds, esc cancels.",
            ),
            answered,
        )

    def _network_job(self, doing: str, job: Job) -> None:
        if self.library is None:
            return
        self.network_status = f"{doing.lower()}…"
        self.show_subtitle()
        self._run_network_job(doing, job)

    @work(thread=True, exclusive=True, group="network", exit_on_error=False)
    def _run_network_job(self, doing: str, job: Job) -> None:
        from ...fetch.client import Fetcher
        from ...library.feed_validators import FeedValidators

        library = self.library
        assert library is not None

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self._network_progress, f"{doing.lower()} {done}/{total}")

        try:
            with Fetcher(store=FeedValidators(library.home)) as fetcher:
                haul = job(fetcher, progress)
        except FetchError as error:
            self.app.call_from_thread(self._network_failed, str(error))
            return
        if not haul.entries:
            self.app.call_from_thread(self._network_finished, None, haul, None)
            return
        try:
            report = library.import_entries(haul.labels, haul.entries, haul.problems)
            FeedValidators(library.home).keep(haul.validators)
        except (StorageError, OSError) as error:
            self.app.call_from_thread(self._network_failed, f"Not saved: {error}")
            return
        index = library.search_index()
        index.warm()
        summary = (
            f"{report.added:,} added, {report.updated:,} updated, {report.unchanged:,} unchanged"
        )
        self.app.call_from_thread(self._network_finished, index, haul, summary)

    def _network_progress(self, status: str) -> None:
        self.network_status = status
        self.show_subtitle()

    def _network_failed(self, message: str) -> None:
        self.network_status = None
        self.show_subtitle()
        self.notify(message, title="Nothing fetched", severity="error", timeout=15)

    def _network_finished(
        self, index: SearchIndex | None, haul: _Haul, summary: str | None
    ) -> None:
        self.network_status = None
        library = self.library
        if index is not None and library is not None:
            # As after the app's own import (following.py): marks, the cursor and an
            # open reader move with their papers, and New is shown once it is in.
            self._view_after_index = "new"
            self.swap_index(index)
            self.paper_list.focus()
        self.show_subtitle()
        lines = [*haul.said, *(f"Failed: {failure}" for failure in haul.failed)]
        if summary is not None:
            lines.append(f"Saved: {summary}.")
        elif not haul.failed:
            lines.append("Nothing new.")
        self.notify(
            "\n".join(lines),
            title="Fetched",
            severity="warning" if haul.failed else "information",
            timeout=10,
        )


def _fetch(
    fetcher: Fetcher, sources: list[FeedSource], progress: Callable[[int, int], None]
) -> _Haul:
    from ...fetch.records import entries_of

    haul = _Haul()
    for done, source in enumerate(sources, 1):
        try:
            result = fetcher.fetch(source)
        except FetchError as error:
            haul.failed.append(str(error))
            progress(done, len(sources))
            continue
        entries, problems = entries_of(result.papers, source.label)
        haul.entries.extend(entries)
        haul.problems.extend(problems)
        haul.validators.update(result.validators)
        if result.papers:
            haul.labels.append(source.label)
        said = (
            "not changed since the last fetch"
            if result.not_modified
            else f"{len(result.papers)} papers"
        )
        haul.said.append(f"{source.label}: {said}" + (f" ({result.note})" if result.note else ""))
        progress(done, len(sources))
    return haul


def _add(fetcher: Fetcher, ids: list[str], progress: Callable[[int, int], None]) -> _Haul:
    from ...fetch.records import entries_of

    found = fetcher.lookup(ids, progress)
    entries, problems = entries_of(found.papers, "arxiv")
    haul = _Haul(labels=["arxiv"], entries=entries, problems=problems)
    haul.said = [f"{paper.arxiv_id}: {paper.title}" for paper in found.papers]
    haul.failed = [f"arXiv does not know {ident}" for ident in found.missing]
    return haul
