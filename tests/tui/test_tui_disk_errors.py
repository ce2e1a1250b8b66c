"""A full disk while the app runs: the old files stay, the person is told, the app
keeps running, and what they typed is not lost."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from paperdeck.library import Library
from paperdeck.models import Entry, Paper
from paperdeck.tui.app import PaperdeckApp


def make_library(home: Path) -> list[str]:
    papers = [
        Paper.create(
            title=f"Paper number {i} on sparse attention",
            abstract=f"Abstract {i} about attention and its sparsity patterns.",
            arxiv_id=f"2401.{i:05d}",
            published=f"2024-01-{i + 1:02d}",
        )
        for i in range(5)
    ]
    with Library.open(home, writable=True) as library:
        library.import_entries(
            ["fixture.jsonl"], [Entry(paper, i + 1) for i, paper in enumerate(papers)]
        )
    return [paper.key for paper in papers]


async def wait_loaded(app: PaperdeckApp, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(200):
        if app.index is not None:
            return
        await pilot.pause(0.02)
    raise AssertionError("the library did not load")


def fail_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", no_space)


async def test_star_on_a_full_disk_says_so_and_changes_nothing(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_library(home)
    app = PaperdeckApp(home)
    async with app.run_test() as pilot:
        await wait_loaded(app, pilot)
        paper = app.current_paper()
        assert paper is not None
        state_file = home / "state.json"
        before = state_file.read_bytes() if state_file.exists() else None
        fail_replace(monkeypatch)
        await pilot.press("s")
        await pilot.pause()
        assert (state_file.read_bytes() if state_file.exists() else None) == before
        assert not app.library.state(paper.key).starred  # type: ignore[union-attr]
        messages = [n.message for n in app._notifications]
        assert any("Not saved" in m and "No space" in m for m in messages), messages
        assert app.is_running
        monkeypatch.undo()
        await pilot.press("s")  # the disk has room again: the same key works
        await pilot.pause()
        assert app.library.state(paper.key).starred  # type: ignore[union-attr]
    assert Library.open(home).state(paper.key).starred


async def test_a_note_that_cannot_be_saved_stays_on_screen_and_quit_asks_first(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_library(home)
    app = PaperdeckApp(home)
    async with app.run_test() as pilot:
        await wait_loaded(app, pilot)
        paper = app.current_paper()
        assert paper is not None
        await pilot.press("n", *"keep this")
        fail_replace(monkeypatch)
        await pilot.press("escape")
        await pilot.pause()
        assert app.notes_pane.text == "keep this"
        assert app.notes_pane.pending
        await pilot.press("q")  # the save fails again: the app stays and says why
        await pilot.pause()
        assert app.is_running
        monkeypatch.undo()
        await pilot.press("q")  # now it saves, then quits
        await pilot.pause()
    assert Library.open(home).state(paper.key).note == "keep this"
