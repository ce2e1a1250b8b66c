"""The app follows the library (issue 13): what another process writes shows up
within about 2 s, without a key press, and a note being typed is never replaced.

The other process is real: ``python -m paperdeck`` in a subprocess, run while the
app under Pilot keeps running (the subprocess is awaited without blocking the
app's event loop)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path

from tui_helpers import (
    DEVIL,
    DIMPLE,
    Notifications,
    on_disk,
    running,
    title_text,
    titles_shown,
    wait_until,
)

from paperdeck.tui.screens.following import position_map

# The bound for an outside change to show, measured from the command's end.
SHOWN_WITHIN = 2.0


async def paperdeck(home: Path, *args: str) -> str:
    """Run ``paperdeck ARGS`` in another process; its stdout (it must succeed)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "paperdeck",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "PAPERDECK_HOME": str(home)},
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, err.decode()
    return out.decode()


def jsonl(path: Path, *papers: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(paper) + "\n" for paper in papers))
    return path


async def test_an_outside_star_and_import_show_within_2_s(small: Path, tmp_path: Path) -> None:
    async with running(small, size=(160, 45)) as (app, pilot):
        main = app.main
        # The cursor on a paper that is not the one starred: it must stay there.
        await pilot.press("j")
        kept = main.current_paper()
        assert kept is not None and kept.key != DIMPLE.key
        await paperdeck(small, "star", DIMPLE.key)
        done = time.monotonic()
        await wait_until(
            pilot,
            lambda: {v.id: v.count for v in main.tags_pane.views}["starred"] == 1,
            "the outside star in the Tags pane",
            timeout=SHOWN_WITHIN,
        )
        assert time.monotonic() - done <= SHOWN_WITHIN
        row = main.paper_list.positions.index(
            next(i for i, p in enumerate(main.paper_list.papers) if p.key == DIMPLE.key)
        )
        assert main.paper_list.render_line(row).text.lstrip().startswith("★")
        assert main.current_paper() == kept

        new = jsonl(
            tmp_path / "today.jsonl",
            {"title": "Outside import of a new paper", "arxiv_id": "2512.00001"},
            {"title": DEVIL.title, "arxiv_id": "2507.11097", "upvotes": 99},
        )
        await paperdeck(small, "import", str(new))
        done = time.monotonic()
        await wait_until(
            pilot,
            lambda: "Outside import of a new paper" in titles_shown(app),
            "the outside import in the list",
            timeout=SHOWN_WITHIN,
        )
        assert time.monotonic() - done <= SHOWN_WITHIN
        await wait_until(pilot, lambda: title_text(app) == "Papers (6)", "the count")
        counts = {view.id: view.count for view in main.tags_pane.views}
        assert counts["new"] == 1 and counts["updated"] == 1 and counts["all"] == 6
        shown = main.current_paper()  # the same paper (its upvotes updated, maybe)
        assert shown is not None and shown.key == kept.key
        # The app's own writes still work on the new papers list.
        await pilot.press("g", "s")
        top = main.current_paper()
        assert top is not None and on_disk(small).state(top.key).starred


async def test_an_outside_undo_and_note_show_and_a_note_being_typed_is_kept(
    small: Path,
) -> None:
    async with running(small, size=(160, 45)) as (app, pilot):
        main = app.main
        paper = main.current_paper()
        assert paper is not None
        told = Notifications(app)
        await paperdeck(small, "note", paper.key, "written elsewhere")
        await wait_until(
            pilot, lambda: main.notes_pane.text == "written elsewhere", "the outside note"
        )
        await paperdeck(small, "undo")
        await wait_until(pilot, lambda: main.notes_pane.text == "", "the outside undo")
        # Now the person types (autosaved, still in the note); another process
        # writes the same note meanwhile.
        await pilot.press("n", *"mine")
        await wait_until(pilot, lambda: on_disk(small).state(paper.key).note == "mine", "save")
        await paperdeck(small, "note", paper.key, "theirs")
        await wait_until(
            pilot,
            lambda: any("changed elsewhere" in m for m in told.messages("warning")),
            "the warning",
        )
        assert main.notes_pane.text == "mine"
        assert app.focused is main.notes_pane
        # The person's text is saved over theirs, without a key: the later write wins.
        await wait_until(
            pilot, lambda: on_disk(small).state(paper.key).note == "mine", "mine saved again"
        )
        await pilot.press("escape")
        assert on_disk(small).state(paper.key).note == "mine"


def test_positions_move_with_their_papers_when_the_list_changes() -> None:
    first, second, third = DEVIL, DIMPLE, DEVIL.with_changes(key="other", title="Other")
    same = position_map([first, second], [first, second, third])
    assert [same(0), same(1)] == [0, 1]
    moved = position_map([first, second, third], [third, first])
    assert [moved(0), moved(1), moved(2)] == [1, None, 0]
