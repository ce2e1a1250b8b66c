"""Snapshot tests: the screen as drawn, cell by cell, against SVGs in __snapshots__.

Update them after a deliberate change with ``pytest tests/tui/test_snapshots.py
--snapshot-update`` and look at the report before committing the new SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from recommend_corpus import topic_corpus, topic_of
from textual.pilot import Pilot
from tui_helpers import SMALL, make_library, searches_idle, wait_until

from paperdeck.models import PaperState
from paperdeck.tui.app import PaperdeckApp
from paperdeck.tui.screens import export_dialog

SnapCompare = Callable[..., bool]


def _quiet(app: PaperdeckApp) -> None:
    """No toasts: they come and go with time, which a snapshot must not see."""
    app.notify = lambda *args, **kwargs: None  # type: ignore[method-assign]


async def _ready(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, PaperdeckApp)
    await wait_until(pilot, lambda: app.index_warm, "the index")
    await wait_until(pilot, lambda: not app.main.abstract_pending, "the abstract")


def _app(home: Path) -> PaperdeckApp:
    states = {SMALL[1].key: PaperState(SMALL[1].key, starred=True, tags=("diffusion",))}
    make_library(home, SMALL, states)
    app = PaperdeckApp(home)
    _quiet(app)
    return app


def _then(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _ready(pilot)
        await pilot.press(*keys)
        await pilot.pause(0.2)
        await _ready(pilot)

    return run_before


@pytest.mark.parametrize("size", [(160, 45), (80, 24)])
def test_main_screen_with_the_cursor_and_two_marked_rows(
    home: Path, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    app = _app(home)
    assert snap_compare(app, terminal_size=size, run_before=_then("space", "space", "k"))


def test_a_filtered_list_with_its_matches_highlighted(
    home: Path, snap_compare: SnapCompare
) -> None:
    app = _app(home)
    assert snap_compare(app, terminal_size=(160, 45), run_before=_then(*"/diffusion", "enter"))


def test_the_reader_view(home: Path, snap_compare: SnapCompare) -> None:
    app = _app(home)
    assert snap_compare(
        app, terminal_size=(100, 30), run_before=_then(*"/dimple", "enter", "enter")
    )


def test_the_help_screen(home: Path, snap_compare: SnapCompare) -> None:
    app = _app(home)
    assert snap_compare(app, terminal_size=(100, 45), run_before=_then("question_mark"))


def test_the_export_dialog(
    home: Path, snap_compare: SnapCompare, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fixed folder and date: the path is shown in full, and must not vary.
    monkeypatch.setattr(
        export_dialog, "default_export_folder", lambda: Path("/home/reader/Documents")
    )
    monkeypatch.setattr(export_dialog, "today", lambda: date(2026, 1, 15))
    app = _app(home)
    assert snap_compare(app, terminal_size=(100, 30), run_before=_then("space", "space", "e"))


def _topic_app(home: Path) -> PaperdeckApp:
    papers = topic_corpus()
    experts = [p for p in papers if topic_of(p) == 0][:3]
    make_library(home, papers, {p.key: PaperState(p.key, starred=True) for p in experts})
    app = PaperdeckApp(home)
    _quiet(app)
    return app


def _reader_after(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Press ``keys``, wait for the list they ask for, then open the top paper."""

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, PaperdeckApp)
        await _ready(pilot)
        await pilot.press(*keys)
        await wait_until(
            pilot,
            lambda: (
                app.main.shown_query == app.main.filter_bar.value
                and not app.main.preparing_vectors
                and searches_idle(app)
            ),
            "the list",
        )
        app.main.paper_list.cursor = 0
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause(0.2)

    return run_before


def test_the_reader_says_why_a_paper_is_for_you(
    home: Path, snap_compare: SnapCompare, config_file: Path
) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('sort = "for-you"\n', encoding="utf-8")
    app = _topic_app(home)
    assert snap_compare(app, terminal_size=(100, 30), run_before=_reader_after())


def test_the_reader_says_what_a_paper_shares_with_the_like_paper(
    home: Path, snap_compare: SnapCompare
) -> None:
    app = _topic_app(home)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_reader_after("m"))


@pytest.mark.parametrize("size", [(160, 45), (80, 24)])
def test_the_add_paper_prompt(home: Path, snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    app = _app(home)
    assert snap_compare(app, terminal_size=size, run_before=_then("a", *"2406.09415"))


def _import_files(folder: Path) -> None:
    (folder / "today.jsonl").write_text(
        '{"title": "A paper imported from the app", "arxiv_id": "2512.00001"}\n'
        '{"title": "' + SMALL[0].title + '", "arxiv_id": "2507.11097", "upvotes": 40}\n'
        "not json\n"
    )


def test_the_import_dialog_suggesting_a_path(
    home: Path, snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Relative paths from a fixed folder: the screen must not show the test's tmp path.
    _import_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    app = _app(home)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_then("i", *"tod"))


def test_the_import_dialog_after_an_import(
    home: Path, snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _import_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    app = _app(home)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _ready(pilot)
        await pilot.press("i", *"today.jsonl", "enter")
        await wait_until(pilot, lambda: getattr(app.screen, "report", None) is not None, "import")
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(160, 45), run_before=run_before)
