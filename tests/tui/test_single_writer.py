"""One writer (issue 5): a second paperdeck opens read-only, and a CLI write waits
a few seconds, then stops naming the app that holds the library."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tui_helpers import DEVIL, Notifications, loaded, on_disk, running, title_text

from paperdeck import cli
from paperdeck.tui.app import PaperdeckApp


async def test_a_second_app_opens_read_only_and_refuses_to_write(small: Path) -> None:
    first = PaperdeckApp(small)
    async with first.run_test() as first_pilot:
        await loaded(first_pilot)
        assert first.read_only_reason is None
        second = PaperdeckApp(small)
        async with second.run_test() as pilot:
            await loaded(pilot)
            told = Notifications(second)
            assert second.read_only_reason is not None
            assert f"pid {os.getpid()}" in second.read_only_reason
            assert "read-only" in str(second.main.paper_list.border_subtitle)
            assert title_text(second) == "Papers (5)"
            paper = second.main.current_paper()
            assert paper is not None
            await pilot.press("s", "r", "u", "ctrl+r")
            refusals = [m for m in told.messages("warning") if "read-only" in m]
            assert len(refusals) == 4
            assert second.main.paper_list.render_line(0).text.startswith("    ")  # no ★, no ✓
            await pilot.press("n")
            assert second.focused is not second.main.notes_pane
            assert not second.library.state(paper.key).starred  # type: ignore[union-attr]
            # It can still look around: filtering works.
            await pilot.press("slash", "d", "e")
            await pilot.pause()
            assert second.main.filter_bar.value == "de"
            await pilot.press("escape", "escape", "q")
        assert not second.is_running
        stored = on_disk(small)
        assert stored.stats() == {"papers": 5, "starred": 0, "read": 0, "tags": {}}
        # The first one still writes.
        await first_pilot.press("s")
        assert on_disk(small).stats()["starred"] == 1


async def test_t_in_a_read_only_app_refuses_before_asking_for_tags(small: Path) -> None:
    first = PaperdeckApp(small)
    async with first.run_test() as first_pilot:
        await loaded(first_pilot)
        await first_pilot.press("t", *"x", "enter")  # a tag, so that T has one to offer
        second = PaperdeckApp(small)
        async with second.run_test() as pilot:
            await loaded(pilot)
            assert second.read_only_reason is not None
            told = Notifications(second)
            await pilot.press("t")
            assert second.screen is second.screen_stack[0], "t opened the tag dialog"
            await pilot.press("T")
            assert second.screen is second.screen_stack[0], "T opened the untag dialog"
            assert len([m for m in told.messages("warning") if "read-only" in m]) == 2


async def test_a_cli_write_while_the_app_runs_waits_then_names_it(small: Path) -> None:
    async with running(small) as (app, _pilot):
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "paperdeck", "star", DEVIL.key],
            capture_output=True,
            text=True,
            timeout=30,
            env={**os.environ, "PAPERDECK_HOME": str(small)},
        )
        waited = time.monotonic() - started
        assert result.returncode == 3, result.stderr
        assert f"pid {os.getpid()}" in result.stderr
        assert "another paperdeck process" in result.stderr
        assert "Traceback" not in result.stderr
        assert waited >= cli.session.WRITER_WAIT_SECONDS * 0.9
        assert app.is_running
    assert not on_disk(small).state(DEVIL.key).starred
