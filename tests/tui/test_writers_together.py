"""Two writers at once (issue 13): the app and the CLI, and two apps, triaging in
loops for a few seconds; every acknowledged change is on disk at the end, and
every undo step is in the one journal. Also: a read-only data folder opens the
app read-only, saying why, instead of refusing to start."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
from pathlib import Path

from tui_helpers import Notifications, make_library, numbered_papers, on_disk, running, wait_until

from paperdeck.tui.app import PaperdeckApp

PAPERS = numbered_papers(30)
# How long the app keeps starring while the CLI tags (seconds), and the CLI's loop.
LOOP_SECONDS = 4.0
CLI_TAGS = 12

# One process running `paperdeck tag` CLI_TAGS times through the CLI's own main,
# printing each key once its command succeeded (exit status 0): an acknowledgement.
CLI_LOOP = """
import sys
from paperdeck.cli import main
keys = sys.argv[1:]
for n, key in enumerate(keys):
    if main(["tag", key, "cli" + str(n)]) == 0:
        print("ACK", key, "cli" + str(n), flush=True)
"""


async def test_the_app_and_the_cli_writing_in_loops_lose_nothing(home: Path) -> None:
    make_library(home, PAPERS)
    cli_keys = [paper.key for paper in PAPERS[::2][:CLI_TAGS]]
    async with running(home, size=(120, 40)) as (app, pilot):
        cli = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            CLI_LOOP,
            *cli_keys,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env={**os.environ, "PAPERDECK_HOME": str(home)},
        )
        starred: list[str] = []
        deadline = time.monotonic() + LOOP_SECONDS
        main = app.main
        while time.monotonic() < deadline or cli.returncode is None:
            paper = main.current_paper()
            assert paper is not None
            await pilot.press("s")
            # Acknowledged: the star is shown for that paper.
            if app.library is not None and app.library.state(paper.key).starred:
                starred.append(paper.key)
            await pilot.press("j")
            if len(starred) >= len(PAPERS) - 1:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(cli.wait(), timeout=0.05)
        out, err = await asyncio.wait_for(cli.communicate(), timeout=120)
        assert cli.returncode == 0, err.decode()
        tagged = [line.split()[1:] for line in out.decode().splitlines() if line.startswith("ACK ")]
        # The app shows the CLI's tags too, without a key press.
        await wait_until(
            pilot,
            lambda: all(tag in app.library.state(key).tags for key, tag in tagged),  # type: ignore[union-attr]
            "the CLI's tags in the app",
        )
    stored = on_disk(home)
    assert len(tagged) == CLI_TAGS and len(starred) >= 3
    assert all(stored.state(key).starred for key in starred)
    assert all(tag in stored.state(key).tags for key, tag in tagged)
    kinds = [step.action.kind for step in stored.journal.steps]
    assert kinds.count("star") == len(set(starred)) and kinds.count("tag") == CLI_TAGS


async def test_two_apps_triaging_side_by_side_lose_nothing(home: Path) -> None:
    make_library(home, PAPERS)
    first, second = PaperdeckApp(home), PaperdeckApp(home)
    async with first.run_test() as one, second.run_test() as two:
        for pilot in (one, two):
            await wait_until(pilot, lambda p=pilot: p.app.index is not None, "the library")
        await two.press("G")  # the second works from the bottom up
        done: dict[str, str] = {}
        for _round in range(8):
            for pilot, key, kind in ((one, "s", "star"), (two, "r", "read")):
                app = pilot.app
                assert isinstance(app, PaperdeckApp)
                paper = app.main.current_paper()
                assert paper is not None
                await pilot.press(key, "j" if kind == "star" else "k")
                done[paper.key] = kind
        # Each app sees the other's marks within the 2 s bound.
        await wait_until(
            one,
            lambda: all(
                first.library.state(k).read  # type: ignore[union-attr]
                for k, kind in done.items()
                if kind == "read"
            ),
            "the second app's reads in the first",
            timeout=2.0,
        )
    stored = on_disk(home)
    for key, kind in done.items():
        state = stored.state(key)
        assert state.starred if kind == "star" else state.read, (key, kind)
    assert len(stored.journal.steps) == 16


async def test_a_read_only_folder_opens_read_only_and_says_why(small: Path) -> None:
    # Without the owner's write bit: read-only for root too (the core checks it).
    small.chmod(0o555)
    try:
        app = PaperdeckApp(small)
        told = Notifications(app)
        async with app.run_test() as pilot:
            await wait_until(pilot, lambda: app.index is not None, "the library")
            await pilot.pause()
            assert app.is_running
            assert app.read_only_reason is not None
            assert str(small) in app.read_only_reason
            assert any(str(small) in m for m in told.messages("warning"))
            assert "read-only" in str(app.main.paper_list.border_subtitle)
            await pilot.press("s")
            assert not on_disk(small).state(app.main.current_paper().key).starred  # type: ignore[union-attr]
    finally:
        small.chmod(0o755)
