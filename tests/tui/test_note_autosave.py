"""The note autosaves about a second after typing stops, and the saves of one
editing session (entering the note to leaving it) are one undo step (issue 13)."""

from __future__ import annotations

import time
from pathlib import Path

from tui_helpers import on_disk, running, wait_until

from paperdeck.tui.widgets.notes_pane import AUTOSAVE_SECONDS


async def test_the_note_is_saved_a_second_after_typing_stops(small: Path) -> None:
    async with running(small) as (app, pilot):
        paper = app.main.current_paper()
        assert paper is not None
        await pilot.press("n", *"draft")
        typed_at = time.monotonic()
        # Not at once: every key would be a write.
        assert on_disk(small).state(paper.key).note == ""
        await wait_until(
            pilot, lambda: on_disk(small).state(paper.key).note == "draft", "the autosave"
        )
        assert time.monotonic() - typed_at >= AUTOSAVE_SECONDS * 0.9
        assert app.focused is app.main.notes_pane  # still typing: the pane stays
        assert not app.main.notes_pane.pending


async def test_one_editing_session_is_one_undo_step(small: Path) -> None:
    async with running(small) as (app, pilot):
        paper = app.main.current_paper()
        assert paper is not None
        await pilot.press("n", *"one")
        await wait_until(pilot, lambda: on_disk(small).state(paper.key).note == "one", "save 1")
        await pilot.press(*" two")
        await wait_until(pilot, lambda: on_disk(small).state(paper.key).note == "one two", "save 2")
        await pilot.press(*" three", "escape")
        stored = on_disk(small)
        assert stored.state(paper.key).note == "one two three"
        assert len(stored.journal.steps) == 1
        # A new session is a new step: undo takes back only it.
        await pilot.press("n", *" four", "escape")
        assert len(on_disk(small).journal.steps) == 2
        await pilot.press("u")
        assert on_disk(small).state(paper.key).note == "one two three"
        await pilot.press("u")
        assert on_disk(small).state(paper.key).note == ""
        assert app.main.notes_pane.text == ""


async def test_keys_typed_right_after_n_reach_the_note(small: Path) -> None:
    # The keys of a burst are queued at the list before n has moved the focus; s,
    # r and t among them are text, not star, read and tag.
    async with running(small) as (app, pilot):
        paper = app.main.current_paper()
        assert paper is not None
        for key in ("n", *"str"):
            app.main.paper_list.post_message(_key(key))
        await wait_until(pilot, lambda: app.main.notes_pane.text == "str", "the burst typed")
        assert app.focused is app.main.notes_pane
        assert not app.library.state(paper.key).starred  # type: ignore[union-attr]


def _key(key: str) -> object:
    from textual import events

    return events.Key(key, key)


async def test_exit_on_signal_saves_the_note_and_exits_128_plus_the_signal(small: Path) -> None:
    # The handler itself (the real signals are sent in test_note_signals.py).
    import signal

    async with running(small) as (app, pilot):
        paper = app.main.current_paper()
        assert paper is not None
        await pilot.press("n", *"at once")
        app.exit_on_signal(signal.SIGTERM)
        # Saved synchronously, before the app has even begun to shut down.
        assert on_disk(small).state(paper.key).note == "at once"
        assert app.watchdog is not None
        app.watchdog.cancel()  # this test's process must not be ended by it
        app.exit_on_signal(signal.SIGTERM)  # a second signal: nothing more
    assert app.return_code == 128 + signal.SIGTERM
