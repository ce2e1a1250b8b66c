"""Writers lock per write (issue 13): a second app can write too, and a CLI write
while the app is open succeeds at once; both land on disk."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tui_helpers import DEVIL, loaded, on_disk, running

from paperdeck.tui.app import PaperdeckApp


async def test_a_second_app_can_write_and_both_writes_land(small: Path) -> None:
    first = PaperdeckApp(small)
    async with first.run_test() as first_pilot:
        await loaded(first_pilot)
        second = PaperdeckApp(small)
        async with second.run_test() as pilot:
            await loaded(pilot)
            assert first.read_only_reason is None and second.read_only_reason is None
            assert "read-only" not in str(second.main.paper_list.border_subtitle)
            second_paper = second.main.current_paper()
            assert second_paper is not None
            await pilot.press("s")  # the second app stars its paper
            await first_pilot.press("down", "r")  # the first marks another read
            first_paper = first.main.current_paper()
            assert first_paper is not None and first_paper.key != second_paper.key
            await pilot.press("q")
        stored = on_disk(small)
        # The first app re-read state.json under the lock: the star is kept.
        assert stored.state(second_paper.key).starred
        assert stored.state(first_paper.key).read


async def test_a_cli_write_while_the_app_runs_succeeds_at_once(small: Path) -> None:
    async with running(small) as (app, _pilot):
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "paperdeck", "star", DEVIL.key],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PAPERDECK_HOME": str(small)},
        )
        waited = time.monotonic() - started
        assert result.returncode == 0, result.stderr
        # Nothing like the old 3 s wait: the app holds no lock between writes.
        assert waited < 8, waited
        assert app.is_running
    assert on_disk(small).state(DEVIL.key).starred
