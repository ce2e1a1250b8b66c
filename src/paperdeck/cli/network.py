"""What the commands that use the network share: the fetcher, a progress bar on
stderr, and saving what came through the library's import.

Imported only by ``add``, ``enrich`` and ``fetch``: it loads httpx (through
``paperdeck.fetch.client``), which no other command needs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .. import paths
from ..fetch.client import Fetcher, Progress
from ..fetch.conditional import Validators
from ..library import ImportReport
from ..library.feed_validators import FeedValidators
from ..models import Entry, Problem
from ..textsafety import neutralise
from .output import console, plural
from .session import open_library


def fetcher() -> Fetcher:
    """A fetcher over the endpoints the environment names, asking feeds
    conditionally with the validators kept in the data folder."""
    return Fetcher(store=FeedValidators(paths.data_dir()))


@contextmanager
def progress_bar(description: str) -> Iterator[Progress]:
    """A progress callback drawing a bar on stderr while the block runs (nothing
    when stderr is not a terminal: a script's log stays clean)."""
    err = console(stderr=True)
    if not err.is_terminal:
        yield lambda _done, _total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def save(
    labels: list[str],
    entries: list[Entry],
    problems: list[Problem],
    validators: dict[str, Validators] | None = None,
) -> Saved:
    """Import ``entries`` as one import named by ``labels`` (it is recorded, so the
    papers it adds are ``is:new``), then keep the feeds' new validators: only now is
    what they answered safe on disk."""
    library = open_library(writable=True)
    try:
        report = library.import_entries(labels, entries, problems)
        if validators:
            FeedValidators(library.home).keep(validators)
        held = len(library.papers)
    finally:
        library.close()
    return Saved(report, held)


@dataclass(frozen=True, slots=True)
class Saved:
    """What an import of fetched papers did, and how many papers the library holds."""

    report: ImportReport
    held: int

    def summary(self) -> str:
        """``3 added, 1 updated, 2 unchanged. The library holds 245 papers.``"""
        report = self.report
        return (
            f"{report.added:,} added, {report.updated:,} updated, "
            f"{report.unchanged:,} unchanged"
            + (f", {len(report.problems):,} skipped" if report.problems else "")
            + f". The library holds {plural(self.held, 'paper')}."
        )


def report_problems(problems: list[Problem]) -> None:
    """Each record skipped, on stderr, as an import names them."""
    from .output import say

    for problem in problems:
        say(neutralise(f"paperdeck: skipped {problem}"), "yellow", stderr=True)
