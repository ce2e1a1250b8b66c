"""A full disk while the app runs: the old files stay, the person is told, the app
keeps running, and what they typed is not lost."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from tui_helpers import on_disk, running


def fail_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", no_space)


async def test_star_on_a_full_disk_says_so_and_changes_nothing(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = small
    async with running(home) as (app, pilot):
        paper = app.main.current_paper()
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
    assert on_disk(home).state(paper.key).starred


async def test_a_note_that_cannot_be_saved_stays_on_screen_and_quit_asks_first(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = small
    async with running(home) as (app, pilot):
        paper = app.main.current_paper()
        assert paper is not None
        await pilot.press("n", *"keep this")
        fail_replace(monkeypatch)
        await pilot.press("escape")
        await pilot.pause()
        assert app.main.notes_pane.text == "keep this"
        assert app.main.notes_pane.pending
        await pilot.press("q")  # the save fails again: the app stays and says why
        await pilot.pause()
        assert app.is_running
        monkeypatch.undo()
        await pilot.press("q")  # now it saves, then quits
        await pilot.pause()
    assert on_disk(home).state(paper.key).note == "keep this"
