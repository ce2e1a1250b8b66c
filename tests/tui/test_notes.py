"""The note: n edits it; esc, leaving the pane, moving on and quitting all save it."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import on_disk, running


async def test_n_edits_the_note_and_esc_saves_and_goes_back(small: Path) -> None:
    async with running(small) as (app, pilot):
        paper = app.main.current_paper()
        assert paper is not None
        await pilot.press("n")
        assert app.focused is app.main.notes_pane
        await pilot.press(*"ok ")
        # Keys are text here: s, r and q were typed, not run.
        await pilot.press("s", "r", "q")
        assert app.is_running
        assert app.main.notes_pane.text == "ok srq"
        await pilot.press("escape")
        assert app.focused is app.main.paper_list
        assert app.main.notes_pane.saved == "ok srq"
        state = on_disk(small).state(paper.key)
        assert state.note == "ok srq"
        assert not state.starred and not state.read
        counts = {view.id: view.count for view in app.main.tags_pane.views}
        assert counts["starred"] == 0
        await pilot.press("q")
    assert not app.is_running
    assert on_disk(small).state(paper.key).note == "ok srq"


async def test_the_note_is_saved_when_focus_leaves_the_pane(small: Path) -> None:
    async with running(small) as (app, pilot):
        paper = app.main.current_paper()
        assert paper is not None
        await pilot.press("n", *"tb")
        await pilot.press("tab")
        assert app.focused is not app.main.notes_pane
        await pilot.pause()
        assert on_disk(small).state(paper.key).note == "tb"


async def test_a_note_typed_and_left_open_is_saved_on_quit(small: Path) -> None:
    async with running(small) as (app, pilot):
        paper = app.main.current_paper()
        assert paper is not None
        await pilot.press("n", *"u1")
        assert app.main.notes_pane.pending
        # q would be typed into the note, so quit the way Textual always offers.
        await pilot.press("ctrl+q")
    assert not app.is_running
    assert on_disk(small).state(paper.key).note == "u1"


async def test_an_exit_that_bypasses_quit_still_saves_the_note(small: Path) -> None:
    async with running(small) as (app, pilot):
        paper = app.main.current_paper()
        assert paper is not None
        await pilot.press("n", *"z1")
        app.exit()  # as a signal or a crash handler would
    assert on_disk(small).state(paper.key).note == "z1"


async def test_each_paper_keeps_its_own_note(small: Path) -> None:
    async with running(small) as (app, pilot):
        first = app.main.current_paper()
        await pilot.press("n", "a", "escape", "j")
        second = app.main.current_paper()
        assert first is not None and second is not None and first != second
        assert app.main.notes_pane.text == ""
        await pilot.press("n", "b", "escape", "k")
        assert app.main.notes_pane.text == "a"
    stored = on_disk(small)
    assert stored.state(first.key).note == "a"
    assert stored.state(second.key).note == "b"
