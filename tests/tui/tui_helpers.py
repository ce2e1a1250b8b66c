"""Helpers for the app tests: small libraries on disk, and waits for the app's workers.

Imported by name (``from tui_helpers import ...``): pytest puts this folder on sys.path.

The app opens the library and runs every search in thread workers, so a test waits
for the outcome it needs (bounded) instead of sleeping a fixed time.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

from paperdeck.library import Library
from paperdeck.models import Entry, Paper, PaperState
from paperdeck.tui.app import PaperdeckApp

# Generous: a loaded CI box can be slow, and a passing wait returns at once.
WAIT_SECONDS = 10.0

DEVIL = Paper.create(
    title="The Devil behind the mask: An emergent safety vulnerability of Diffusion LLMs",
    abstract="Diffusion-based large language models have recently emerged as an alternative.",
    arxiv_id="2507.11097v1",
    published="2025-07-15",
    authors=14,
    upvotes=2,
)
DIMPLE = Paper.create(
    title="Dimple: Discrete Diffusion Multimodal Large Language Model",
    abstract="In this work, we propose Dimple, the first discrete diffusion multimodal model.",
    arxiv_id="2505.16990",
    published="2025-05-22",
    authors=3,
    upvotes=4,
)
RLP = Paper.create(
    title="RLP: Reinforcement as a Pretraining Objective",
    abstract="The dominant paradigm for training large reasoning models starts with pre-training.",
    arxiv_id="2510.01265",
    published="2025-09-26",
    org="NVIDIA",
    upvotes=4,
)
GRAMMAR = Paper.create(
    abstract="We study grammar-aligned decoding for structured outputs. It works well.",
)
SAMPLING = Paper.create(
    title="Token-level importance sampling for preference optimisation",
    abstract="Importance weights per token stabilise preference optimisation of policies.",
    arxiv_id="2502.00001",
    published="2025-02-03",
)
SMALL = (DEVIL, DIMPLE, RLP, GRAMMAR, SAMPLING)


def numbered_papers(count: int) -> list[Paper]:
    """``count`` distinct papers with arXiv ids, enough to fill more than a screen."""
    return [
        Paper.create(
            title=f"Study {n:03d} of widget {n * 7919 % 1000:03d} dynamics",
            abstract=f"Abstract number {n} about subject {n * 31 % 97}.",
            arxiv_id=f"2401.{n:05d}",
            published=f"2024-01-{n % 28 + 1:02d}",
        )
        for n in range(1, count + 1)
    ]


def make_library(
    home: Path, papers: Sequence[Paper], states: dict[str, PaperState] | None = None
) -> None:
    """Import ``papers`` into the library at ``home`` and apply ``states``; closes it,
    since the app takes the writer lock itself."""
    with Library.open(home, writable=True) as library:
        if papers:
            library.import_entries(
                ["fixture.txt"], [Entry(paper, i + 1) for i, paper in enumerate(papers)]
            )
        for key, state in (states or {}).items():
            if state.starred:
                library.set_starred([key], True)
            if state.read:
                library.set_read([key], True)
            if state.tags:
                library.add_tags([key], state.tags)
            if state.note:
                library.set_note(key, state.note)


def on_disk(home: Path) -> Library:
    """The library as stored now, opened read-only (no lock needed)."""
    return Library.open(home)


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], bool], what: str, timeout: float = WAIT_SECONDS
) -> None:
    """Let the app run until ``condition()`` holds; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        await pilot.pause(0.01)
    # One more turn, so messages posted alongside the change are handled too.
    await pilot.pause()


async def loaded(pilot: Pilot[None]) -> PaperdeckApp:
    """Wait until the app has opened its library and shown the first result."""
    app = pilot.app
    assert isinstance(app, PaperdeckApp)
    await wait_until(
        pilot,
        lambda: (
            app.index is not None
            and app.main.paper_list.border_title is not None
            and "loading" not in str(app.main.paper_list.border_title)
        ),
        "the library to load",
    )
    return app


async def settled(pilot: Pilot[None], typed: str) -> None:
    """Wait until the result for the filter text ``typed`` is on screen, the
    abstract included (it follows the list when typing pauses)."""
    app = pilot.app
    assert isinstance(app, PaperdeckApp)
    await wait_until(
        pilot,
        lambda: app.main.shown_query == typed and not app.main.abstract_pending,
        f"the result for {typed!r}",
    )


async def type_filter(pilot: Pilot[None], text: str) -> None:
    """Focus the filter with ``/``, type ``text`` key by key, and wait for its result."""
    app = pilot.app
    assert isinstance(app, PaperdeckApp)
    await pilot.press("slash")
    assert app.focused is app.main.filter_bar
    await pilot.press(*text)
    await settled(pilot, app.main.filter_bar.value)


def titles_shown(app: PaperdeckApp) -> list[str]:
    """The titles listed, top to bottom."""
    assert app.library is not None
    return [app.library.papers[position].title for position in app.main.paper_list.positions]


def title_text(app: PaperdeckApp) -> str:
    """The Papers pane's border title as plain text (Textual hands it out as markup)."""
    return markup_plain(app.main.paper_list.border_title)


def markup_plain(markup: str | None) -> str:
    """The text a border title in Textual markup shows."""
    return "" if markup is None else Content.from_markup(markup).plain


def top_border(widget: Widget) -> str:
    """The widget's top border line as drawn on screen (with its border title)."""
    return widget.render_lines(Region(0, 0, widget.outer_size.width, 1))[0].text


def searches_idle(app: PaperdeckApp) -> bool:
    """True when no search worker is queued or running."""
    return all(worker.is_finished for worker in app.workers if worker.group == "search")


class Notifications:
    """Records what the app tells the person (``app.notify``), and still shows it."""

    def __init__(self, app: PaperdeckApp) -> None:
        self.calls: list[tuple[str, str]] = []
        original = app.notify

        def notify(message: str, *args: Any, **kwargs: Any) -> None:
            self.calls.append((message, kwargs.get("severity", "information")))
            original(message, *args, **kwargs)

        app.notify = notify  # type: ignore[method-assign]

    def messages(self, severity: str | None = None) -> list[str]:
        return [text for text, level in self.calls if severity in (None, level)]


@asynccontextmanager
async def running(
    home: Path, size: tuple[int, int] | None = None
) -> AsyncIterator[tuple[PaperdeckApp, Pilot[None]]]:
    """The app over the library at ``home``, run headless and loaded: the set-up of
    nearly every app test. ``size`` is the terminal's (Textual's default 80×24)."""
    app = PaperdeckApp(home)
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        yield app, pilot
