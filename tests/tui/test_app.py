"""The app as a whole: start-up, the empty library, layouts, help, palette and quit."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from textual.binding import Binding
from textual.widget import Widget
from tui_helpers import (
    DEVIL,
    SMALL,
    Notifications,
    loaded,
    make_library,
    markup_plain,
    on_disk,
    running,
    title_text,
    top_border,
    wait_until,
)

from paperdeck.library import Library
from paperdeck.models import PaperState
from paperdeck.tui.app import PaperdeckApp
from paperdeck.tui.bindings import MAIN_BINDINGS
from paperdeck.tui.screens import HelpScreen


def panes(app: PaperdeckApp) -> dict[str, Widget]:
    return {
        "Tags": app.main.tags_pane,
        "Papers": app.main.paper_list,
        "Abstract": app.main.abstract_view,
        "Notes": app.main.notes_pane,
    }


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_every_pane_is_on_screen_with_its_title(small: Path, size: tuple[int, int]) -> None:
    width, height = size
    async with running(small, size=size) as (app, pilot):
        await pilot.press("j", "n", "escape", "slash", "escape")
        for title, pane in panes(app).items():
            region = pane.region
            assert region.width >= 10 and region.height >= 5, title
            assert region.right <= width and region.bottom <= height, title
            assert markup_plain(pane.border_title).startswith(title)
            assert f" {title}" in top_border(pane), title
        filter_region = app.main.filter_bar.region
        assert filter_region.height == 3 and filter_region.bottom <= height
        # No two panes overlap.
        regions = [pane.region for pane in panes(app).values()] + [filter_region]
        for i, one in enumerate(regions):
            for other in regions[i + 1 :]:
                assert not one.overlaps(other)
        # The list draws its rows: the highlighted paper's title starts the row.
        assert app.main.paper_list.render_line(1).text[4:10] == app.main.current_paper().title[:6]  # type: ignore[union-attr]
        assert title_text(app) == "Papers (5)"


async def test_an_empty_library_shows_the_welcome_instead_of_the_list(home: Path) -> None:
    async with running(home) as (app, pilot):
        told = Notifications(app)
        assert app.main.welcome.display and app.main.welcome.region.height > 0
        welcome = str(app.main.welcome.content)
        assert "paperdeck import" in welcome
        # The keys that bring papers in from here, not "quit and use a shell".
        assert "i     import files" in welcome and "a     add a paper by arXiv id" in welcome
        assert str(home) in str(app.main.welcome.content)
        assert not app.main.paper_list.display and not app.main.filter_bar.display
        assert app.main.current_paper() is None
        await pilot.press("slash")
        assert app.focused is not app.main.filter_bar
        await pilot.press("s", "e")
        assert "No paper is highlighted." in told.messages("warning")
        await pilot.press("q")
    assert not app.is_running
    assert on_disk(home).papers == []


async def test_the_footer_and_help_list_every_key(small: Path) -> None:
    app = PaperdeckApp(small)
    async with app.run_test(size=(120, 50)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=120, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
        console.print(app.screen.query_one("#help-keys").content)  # type: ignore[attr-defined]
        text = console.export_text()
        console.file.close()
        for binding in MAIN_BINDINGS:
            assert isinstance(binding, Binding)
            key = app.get_key_display(Binding(binding.key.split(",")[0], ""))
            line = next((line for line in text.splitlines() if line.strip().startswith(key)), "")
            assert binding.tooltip and binding.tooltip in line, f"{key} missing from help"
        for key in ("/", "s", "r", "t", "T", "n", "e", "o", "y", "?", "q", "esc", "u", "space"):
            assert any(line.strip().split(" ")[0] == key for line in text.splitlines()), key
        # The list's keys and the ones Textual handles are there too.
        for extra in ("j", "k", "up", "down", "g", "G", "pageup", "pagedown", "tab", "ctrl+p"):
            assert app.get_key_display(Binding(extra, "")) in text, extra
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        assert app.is_running


async def test_the_command_palette_runs_the_actions(small: Path) -> None:
    app = PaperdeckApp(small)
    async with app.run_test(size=(120, 50)) as pilot:
        await loaded(pilot)
        paper = app.main.current_paper()
        assert paper is not None
        await pilot.press("ctrl+p")
        commands = app.screen.query_one("CommandList")

        def hits() -> list[str]:
            return [str(option.prompt).split("\n")[0] for option in commands.options]  # type: ignore[attr-defined]

        await wait_until(pilot, lambda: "Star" in hits(), "the palette's commands")
        for name in ("Filter", "Star", "Read", "Tag", "Untag", "Note", "Export", "Open"):
            assert name in hits()
        assert "Copy link" in hits() and "Help" in hits()
        await pilot.press(*"Star")
        await wait_until(pilot, lambda: hits() == ["Star"], "the palette to find Star")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is app.screen_stack[0], "the palette to close")
        assert on_disk(small).state(paper.key).starred


async def test_q_quits_and_every_change_is_on_disk_after(home: Path) -> None:
    make_library(home, SMALL, {DEVIL.key: PaperState(DEVIL.key, starred=True)})
    async with running(home) as (app, pilot):
        paper = app.main.current_paper()
        assert paper is not None and paper.key != DEVIL.key
        await pilot.press("s", "r", "t", *"x,y", "enter", "n", *"hi", "escape", "q")
    assert not app.is_running
    # q gave the writer lock back.
    Library.open(home, writable=True, wait=0).close()
    stored = on_disk(home)
    state = stored.state(paper.key)
    assert state.starred and state.read and state.tags == ("x", "y") and state.note == "hi"
    assert stored.state(DEVIL.key).starred
    assert stored.stats()["starred"] == 2 and len(stored.papers) == len(SMALL)


async def test_the_welcome_names_the_persons_own_import_key(home: Path, config_file: Path) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('[keys]\nimport = "I"\n', encoding="utf-8")
    async with running(home) as (app, _pilot):
        welcome = str(app.main.welcome.content)
        assert "I     import files" in welcome and "i     import" not in welcome


async def test_the_new_papers_are_counted_after_the_first_list_not_before_it(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Counting is:new reads a row of every paper (0.15 s at 100,000): the first list
    # does not wait for it. New is listed at once, its count once the index is warm.
    from threading import Event

    from paperdeck.search import SearchIndex

    release = Event()
    warm = SearchIndex.warm

    def held_warm(index: SearchIndex) -> None:
        release.wait(10)
        warm(index)

    monkeypatch.setattr(SearchIndex, "warm", held_warm)
    app = PaperdeckApp(small)
    async with app.run_test() as pilot:
        await loaded(pilot)
        counts = {view.id: view.count for view in app.main.tags_pane.views}
        assert "new" in counts and counts["new"] is None
        assert counts["all"] == len(SMALL)
        release.set()
        await wait_until(pilot, lambda: app.index_warm, "the warm index")
        counts = {view.id: view.count for view in app.main.tags_pane.views}
        assert counts["new"] == len(SMALL)
