"""A key typed in the filter and the list it asks for are painted in one frame; a
slow search never keeps the key's echo off the screen for longer than PAINT_HOLD."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.strip import Strip
from tui_helpers import running, settled, wait_until

from paperdeck.tui.app import PaperdeckApp
from paperdeck.tui.screens.searching import PAINT_HOLD


def record_filter_paints(app: PaperdeckApp) -> list[tuple[str, str]]:
    """(the filter's text, the query whose result the list holds) at every paint of
    the filter from now on."""
    main = app.main
    bar = main.filter_bar
    paints: list[tuple[str, str]] = []
    render_line: Callable[[int], Strip] = bar.render_line

    def recorded(y: int) -> Strip:
        paints.append((bar.value, main.shown_query))
        return render_line(y)

    bar.render_line = recorded  # type: ignore[method-assign]
    return paints


async def test_the_echo_of_a_key_waits_for_its_list(small: Path) -> None:
    async with running(small) as (app, pilot):
        main = app.main
        # However slow this machine, the hold lasts until the result.
        main.paint_hold._longest = 30.0
        await pilot.press("slash")
        paints = record_filter_paints(app)
        for typed in ("d", "di", "dif"):
            await pilot.press(typed[-1])
            await settled(pilot, typed)
            assert not main.paint_hold.held
        echoed = [(text, shown) for text, shown in paints if text]
        assert {text for text, _ in echoed} == {"d", "di", "dif"}
        # No frame showed a key's text over the list of the text before it.
        assert all(shown == text for text, shown in echoed), echoed
        assert main.paper_list.positions


async def test_a_slow_search_lets_the_echo_paint_after_the_hold(small: Path) -> None:
    async with running(small) as (app, pilot):
        main = app.main
        await pilot.press("slash")
        paints = record_filter_paints(app)
        # A search that cannot finish: the worker waits for the lock the test holds.
        with main._search_lock:
            await pilot.press("d")
            await wait_until(pilot, lambda: not main.paint_hold.held, "the hold to end")
            await wait_until(
                pilot, lambda: ("d", "") in paints, "the echo of d, the old list still shown"
            )
            assert main.shown_query == ""
        await settled(pilot, "d")
        assert not main.paint_hold.held


async def test_the_hold_ends_on_a_query_error_and_on_its_own(small: Path) -> None:
    async with running(small) as (app, pilot):
        main = app.main
        main.paint_hold._longest = 30.0
        await pilot.press("slash", *"!!x")
        await wait_until(pilot, lambda: main.query_error.display, "the query error")
        assert not main.paint_hold.held
        # A hold with no search behind it (nothing shows a result) ends by itself.
        main.paint_hold._longest = PAINT_HOLD
        main.paint_hold.start()
        assert main.paint_hold.held
        await pilot.pause(PAINT_HOLD * 3)
        await wait_until(pilot, lambda: not main.paint_hold.held, "the hold to end")
