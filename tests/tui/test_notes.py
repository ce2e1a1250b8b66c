"""The note: n edits it; esc, leaving the pane, moving on and quitting all save it."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import loaded, on_disk

from paperdeck.tui.app import PaperdeckApp


async def test_n_edits_the_note_and_esc_saves_and_goes_back(small: Path) -> None:
    app = PaperdeckApp(small)
    async with app.run_test() as pilot:
        await loaded(pilot)
        paper = app.current_paper()
        assert paper is not None
        await pilot.press("n")
        assert app.focused is app.notes_pane
        await pilot.press(*"good one")
        # Keys are text here: s, r and q were typed, not run.
        await pilot.press("s", "r", "q")
        assert app.is_running
        assert app.notes_pane.text == "good onesrq"
        await pilot.press("escape")
        assert app.focused is app.paper_list
        assert app.notes_pane.saved == "good onesrq"
        state = on_disk(small).state(paper.key)
        assert state.note == "good onesrq"
        assert not state.starred and not state.read
        counts = {view.id: view.count for view in app.tags_pane.views}
        assert counts["starred"] == 0


async def test_the_note_is_saved_when_focus_leaves_the_pane(small: Path) -> None:
    app = PaperdeckApp(small)
    async with app.run_test() as pilot:
        await loaded(pilot)
        paper = app.current_paper()
        assert paper is not None
        await pilot.press("n", *"tabbed")
        await pilot.press("tab")
        assert app.focused is not app.notes_pane
        await pilot.pause()
        assert on_disk(small).state(paper.key).note == "tabbed"


async def test_n_appends_to_an_existing_note(small: Path) -> None:
    app = PaperdeckApp(small)
    async with app.run_test() as pilot:
        await loaded(pilot)
        paper = app.current_paper()
        assert paper is not None
        await pilot.press("n", *"one", "escape")
        await pilot.press("n", *" two", "escape")
        assert on_disk(small).state(paper.key).note == "one two"


async def test_a_note_typed_and_left_open_is_saved_on_quit(small: Path) -> None:
    app = PaperdeckApp(small)
    async with app.run_test() as pilot:
        await loaded(pilot)
        paper = app.current_paper()
        assert paper is not None
        await pilot.press("n", *"unsaved")
        assert app.notes_pane.pending
        # q would be typed into the note, so quit the way Textual always offers.
        await pilot.press("ctrl+q")
    assert not app.is_running
    assert on_disk(small).state(paper.key).note == "unsaved"


async def test_q_after_a_note_quits_and_the_note_is_on_disk(small: Path) -> None:
    app = PaperdeckApp(small)
    async with app.run_test() as pilot:
        await loaded(pilot)
        paper = app.current_paper()
        assert paper is not None
        await pilot.press("n", *"kept", "escape", "q")
    assert not app.is_running
    assert on_disk(small).state(paper.key).note == "kept"


async def test_an_exit_that_bypasses_quit_still_saves_the_note(small: Path) -> None:
    app = PaperdeckApp(small)
    async with app.run_test() as pilot:
        await loaded(pilot)
        paper = app.current_paper()
        assert paper is not None
        await pilot.press("n", *"last")
        app.exit()  # as a signal or a crash handler would
    assert on_disk(small).state(paper.key).note == "last"


async def test_each_paper_keeps_its_own_note(small: Path) -> None:
    app = PaperdeckApp(small)
    async with app.run_test() as pilot:
        await loaded(pilot)
        first = app.current_paper()
        await pilot.press("n", *"first", "escape", "j")
        second = app.current_paper()
        assert first is not None and second is not None and first != second
        assert app.notes_pane.text == ""
        await pilot.press("n", *"second", "escape", "k")
        assert app.notes_pane.text == "first"
    stored = on_disk(small)
    assert stored.state(first.key).note == "first"
    assert stored.state(second.key).note == "second"
