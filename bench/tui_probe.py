"""Measured inside one app process for bench.py: the TUI as a person feels it.

Usage: ``python bench/tui_probe.py DATA_FOLDER [QUERY]``; prints JSON:

- ``startup_s``: from this process's start (before Textual is imported) to the first
  frame that paints rows of the paper list;
- ``warm_s``: from the same start until the search index is fully built (a thread
  builds it after the first paint; the keystrokes below are timed after it);
- ``type_ms_*`` / ``delete_ms_*``: keystroke to updated list, typing QUERY one key at
  a time and then deleting it with backspace: from posting the key event to the first
  paint of the list after the result for that text is on screen;
- ``key_ms_*``: the same over every key typed and deleted (the keystroke figure); each
  key is posted as soon as the previous one's list is painted, faster than anyone
  types: Textual paints at most once a frame, so a key that follows a paint closely
  waits for the next frame (17-33 ms after that paint) whatever the app does;
- ``paced_key_ms_*``: the same keys typed and deleted again at a typist's pace, one
  key every ``PACE_S`` (a key's result still painted before the next is posted), after
  the stars, on a new index whose caches are empty as the first one's were;
- ``star_ms_*``: from posting ``s`` to the paint that shows the new mark;
- ``rss_mb``: this process's peak resident size, taken before the paced keys' index.

Keys are posted to the app as the driver would post them, not through
``Pilot.press``: Pilot waits for the whole app to go idle after each key (about
85 ms a key), which would measure Pilot, not paperdeck.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import asyncio  # noqa: E402 (the clock above must start first)
import json  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

from textual import events  # noqa: E402
from textual.strip import Strip  # noqa: E402

from paperdeck.search import SearchIndex  # noqa: E402
from paperdeck.tui.app import PaperdeckApp  # noqa: E402
from paperdeck.tui.widgets import PaperList  # noqa: E402

QUERY = "diffusion model"
STARS = 20
# 0.15 s a key: typing at 80 words a minute.
PACE_S = 0.15
TIMEOUT_S = 60.0
# Building the index of a million papers took minutes before it was persisted.
WARM_TIMEOUT_S = 900.0


class Paints:
    """When the paper list last painted a line, and first painted a paper's row."""

    last = 0.0
    first_row = 0.0
    changed = 0.0  # when the list was last given new content to paint

    @classmethod
    def install(cls) -> None:
        render_line = PaperList.render_line

        def timed(self: PaperList, y: int) -> Strip:
            strip = render_line(self, y)
            cls.last = time.perf_counter()
            if self.positions and not cls.first_row:
                cls.first_row = cls.last
            return strip

        PaperList.render_line = timed  # type: ignore[method-assign]
        for name in ("show", "refresh_rows"):
            cls._mark_changes(name)

    @classmethod
    def _mark_changes(cls, name: str) -> None:
        method = getattr(PaperList, name)

        def marked(self: PaperList, *args: object, **kwargs: object) -> object:
            cls.changed = time.perf_counter()
            return method(self, *args, **kwargs)

        setattr(PaperList, name, marked)


async def until(condition: Callable[[], bool], what: str = "", timeout: float = TIMEOUT_S) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit(f"tui_probe: timed out waiting for {what or condition}")
        await asyncio.sleep(0.0005)


async def key_to_paint(
    app: PaperdeckApp, key: str, char: str | None, done: Callable[[], bool], pace: float = 0.0
) -> float:
    """Milliseconds from posting one key to the first paint after ``done`` holds;
    returns no sooner than ``pace`` seconds after the key was posted."""
    start = time.perf_counter()
    app.post_message(events.Key(key, char))
    await until(done, f"the result of key {key!r}")
    # The paint may already have happened before this coroutine saw the result.
    await until(lambda: Paints.last >= Paints.changed, f"a paint after key {key!r}")
    painted = Paints.last
    await asyncio.sleep(max(0.0, start + pace - time.perf_counter()))
    return (painted - start) * 1000


async def with_a_fresh_index(app: PaperdeckApp) -> None:
    """Give the app a new index over its papers, its caches empty (built as at start,
    in a thread), so that keys typed again do not find the results they had before."""
    library = app.library
    assert library is not None

    def warmed() -> SearchIndex:
        index = library.search_index()
        index.warm()
        return index

    app.main.swap_index(await asyncio.to_thread(warmed))
    await until(lambda: searches_idle(app), "the search after the new index")
    await asyncio.sleep(0.2)


def searches_idle(app: PaperdeckApp) -> bool:
    return all(worker.is_finished for worker in app.workers if worker.group == "search")


async def type_and_delete(
    app: PaperdeckApp, query: str, pace: float = 0.0
) -> tuple[list[float], list[float]]:
    """Type ``query`` into the focused filter key by key, then delete it with
    backspace: the milliseconds of each key typed, and of each deleted."""
    typing = []
    for i, char in enumerate(query):
        expected = query[: i + 1]
        key = "space" if char == " " else char
        typing.append(
            await key_to_paint(app, key, char, lambda e=expected: app.main.shown_query == e, pace)
        )
    deleting = []
    for i in range(len(query) - 1, -1, -1):
        expected = query[:i]
        deleting.append(
            await key_to_paint(
                app, "backspace", None, lambda e=expected: app.main.shown_query == e, pace
            )
        )
    return typing, deleting


def summary(name: str, timings: list[float]) -> dict[str, float]:
    timings = sorted(timings)
    p95 = timings[max(0, round(len(timings) * 0.95) - 1)]
    return {f"{name}_p50": round(statistics.median(timings), 1), f"{name}_p95": round(p95, 1)}


async def measure(home: Path, query: str) -> dict[str, float]:
    Paints.install()
    app = PaperdeckApp(home)
    figures: dict[str, float] = {}
    async with app.run_test(size=(160, 45)):
        await until(lambda: Paints.first_row > 0, "the first paint")
        figures["startup_s"] = round(Paints.first_row - STARTED, 3)
        # The index finishes building in a thread while the first screen is read;
        # typing before then is measured by nobody here, and reported as warm_s.
        await until(lambda: app.index_warm, "the index to warm", WARM_TIMEOUT_S)
        figures["warm_s"] = round(time.perf_counter() - STARTED, 3)
        await asyncio.sleep(0.2)
        app.main.filter_bar.focus()
        await asyncio.sleep(0.05)
        typing, deleting = await type_and_delete(app, query)
        app.main.paper_list.focus()
        await asyncio.sleep(0.05)
        stars = []
        for _ in range(STARS):
            paper = app.main.current_paper()
            assert paper is not None and app.library is not None
            before = app.library.state(paper.key).starred
            stars.append(
                await key_to_paint(
                    app, "s", "s", lambda p=paper, b=before: app.library.state(p.key).starred != b
                )
            )
        # The peak so far: the paced keys' second index below is the probe's, not the app's.
        figures["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        await with_a_fresh_index(app)
        app.main.filter_bar.focus()
        await asyncio.sleep(PACE_S)
        paced_typing, paced_deleting = await type_and_delete(app, query, PACE_S)
        figures |= summary("type_ms", typing) | summary("delete_ms", deleting)
        figures |= summary("key_ms", typing + deleting)
        figures |= summary("paced_key_ms", paced_typing + paced_deleting)
        figures |= summary("star_ms", stars)
        app.exit()
    return figures


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        # Not a data folder: the app would create a library under that name.
        raise SystemExit(__doc__)
    home = Path(sys.argv[1])
    query = sys.argv[2] if len(sys.argv) > 2 else QUERY
    print(json.dumps(asyncio.run(measure(home, query))))


if __name__ == "__main__":
    main()
