"""Re-make the SVG screenshots in screenshots/ from the real app on the seed corpus.

    python scripts/screenshots.py [SEEDS_FOLDER]

SEEDS_FOLDER defaults to ../shared/seeds beside the repository. The seeds are
imported into a throw-away library (your own library is not touched), a few papers
are starred, tagged and noted so the marks show, and the app is driven with Pilot
at 160x45, as a person would.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "screenshots"
SIZE = (160, 45)


def build_library(home: Path, seeds: Path) -> None:
    """Import the seeds and give a few papers some state."""
    from paperdeck.cli import main

    files = sorted(str(path) for path in seeds.iterdir() if path.is_file())
    if main(["import", *files]) not in (0, 1):  # 1: one cut-off seed entry is skipped
        raise SystemExit("the seeds did not import")
    from paperdeck.library import Library

    with Library.open(home, writable=True) as library:
        by_title = {paper.title: paper.key for paper in library.papers}

        def key(start: str) -> str:
            return next(k for title, k in by_title.items() if title.startswith(start))

        dimple = key("Dimple: Discrete Diffusion")
        devil = key("The Devil behind the mask")
        library.set_starred([dimple, devil, key("Reinforcement Mid-Training")], True)
        library.add_tags([dimple], ["diffusion", "todo"])
        library.add_tags([devil], ["safety"])
        library.set_read([key("Text2Token")], True)
        library.set_note(devil, "Masked-input jailbreaks: compare with DIJA baselines.")
        library.save_filter("unread diffusion", "diffusion is:unread")


async def wait_for(condition: Callable[[], bool], pause: Callable[[], Awaitable[None]]) -> None:
    for _ in range(600):  # 30 s: generous, the machine may be busy
        if condition():
            return
        await pause()
    raise SystemExit(f"the app did not get there in time: {condition}")


async def shoot(home: Path) -> list[Path]:
    from paperdeck.tui.app import PaperdeckApp
    from paperdeck.tui.screens import export_dialog

    written: list[Path] = []

    def save(app: PaperdeckApp, name: str) -> None:
        path = OUT / name
        path.write_text(app.export_screenshot(title="paperdeck"), encoding="utf-8")
        written.append(path)

    app = PaperdeckApp(home)
    async with app.run_test(size=SIZE) as pilot:

        async def pause() -> None:
            await pilot.pause(0.05)

        # The index built and warmed: no "indexing…" on the Papers border.
        await wait_for(lambda: app.index is not None and app.index_warm, pause)
        await pilot.pause(0.2)
        save(app, "main.svg")

        await pilot.press("slash", *"devil mask")
        await wait_for(lambda: app.main.shown_query == "devil mask", pause)
        await pilot.press("enter")
        await pilot.pause(0.2)
        save(app, "filtered.svg")
        await pilot.press("enter")
        await pause()
        save(app, "reader.svg")
        await pilot.press("escape")

        await pilot.press("question_mark")
        await pilot.pause(0.3)
        save(app, "help.svg")
        await pilot.press("escape", "escape")

        await pilot.press("tab")
        await pilot.pause(0.1)
        await pilot.press("down", "down")
        await pilot.pause(0.3)
        save(app, "starred-view.svg")

        # Bulk triage: mark three papers of a query, star them as one undoable step.
        await pilot.press("up", "up", "escape", "slash", *"decoding")
        await wait_for(lambda: app.main.shown_query == "decoding", pause)
        await pilot.press("enter", "g", "space", "space", "down", "space", "s")
        await pilot.pause(0.4)
        save(app, "bulk.svg")
        # The export dialog over those marks (its folder is an example, not this
        # machine's: the screenshot is published).
        export_dialog.default_export_folder = lambda: Path("/home/reader/Documents")
        await pilot.press("e")
        await pilot.pause(0.4)
        save(app, "export.svg")
        await pilot.press("escape", "q")
    return written


def main() -> int:
    seeds = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "seeds"
    if not seeds.is_dir():
        print(f"screenshots: no seed folder at {seeds}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="paperdeck-shots-") as folder:
        home = Path(folder)
        os.environ["PAPERDECK_HOME"] = str(home)
        build_library(home, seeds)
        written = asyncio.run(shoot(home))
    for path in written:
        print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
