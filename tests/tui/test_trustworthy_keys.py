"""Each key acts where the person can see it will: the cursor row stands out, keys
typed fast after ``/`` all reach the filter, marks are only of papers listed."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pytest
from rich.color import Color
from textual import events
from textual.geometry import Region
from textual.widgets._footer import FooterKey
from tui_helpers import (
    Notifications,
    make_library,
    numbered_papers,
    on_disk,
    running,
    settled,
    type_filter,
    wait_until,
)

from paperdeck.tui.app import PaperdeckApp
from paperdeck.tui.screens import PromptScreen


def row_backgrounds(app: PaperdeckApp, row: int) -> set[Color | None]:
    """The background colours of the cells of list row ``row`` as painted (inside the
    border: line ``row + 1``), read from the rendered segments."""
    papers = app.main.paper_list
    width = papers.outer_size.width
    strip = papers.render_lines(Region(0, row + 1, width, 1))[0]
    # Inside the border, left of the scrollbar's gutter.
    inner = strip.crop(1, 1 + papers.scrollable_content_region.width)
    return {segment.style.bgcolor if segment.style else None for segment in inner}


async def test_the_cursor_row_and_marked_rows_stand_out_in_every_built_in_theme(
    home: Path,
) -> None:
    make_library(home, numbered_papers(8))
    async with running(home, size=(120, 30)) as (app, pilot):
        await pilot.press("j", "j", "space", "space", "k", "k", "k")
        papers = app.main.paper_list
        assert papers.cursor == 1 and len(papers.marked) == 2
        themes = sorted(app.available_themes)
        assert len(themes) > 5
        for theme in themes:
            app.theme = theme
            await pilot.pause()
            for focused in (True, False):
                (papers if focused else app.main.tags_pane).focus()
                await pilot.pause()
                cursor = row_backgrounds(app, 1)
                plain = row_backgrounds(app, 0) | row_backgrounds(app, 5)
                marked = row_backgrounds(app, 2) | row_backgrounds(app, 3)
                where = f"theme {theme}, list {'focused' if focused else 'blurred'}"
                assert len(cursor) == 1, f"{where}: the cursor row has holes {cursor}"
                assert not cursor & plain, f"{where}: cursor row background as its neighbours'"
                assert not marked & plain, f"{where}: marked rows look unmarked"
                assert not marked & cursor, f"{where}: marked rows look like the cursor"


async def burst(app: PaperdeckApp, keys: str) -> None:
    """Post ``keys`` all at once, as a fast typist or a busy terminal delivers them."""
    for key in keys:
        name = {"/": "slash", " ": "space"}.get(key, key)
        app.post_message(events.Key(name, key))


async def test_every_key_typed_in_a_burst_after_slash_reaches_the_filter(small: Path) -> None:
    async with running(small) as (app, pilot):
        paper = app.main.current_paper()
        assert paper is not None
        await pilot.press("s")
        await burst(app, "/quant")
        await settled(pilot, "quant")
        assert app.is_running
        assert app.main.filter_bar.value == "quant"
        assert app.focused is app.main.filter_bar
        # Nothing ran as a command: the star is still there, nothing unstarred.
        assert on_disk(small).state(paper.key).starred
        await pilot.press("escape", "escape")
        await burst(app, "/spec")
        await settled(pilot, "spec")
        assert app.main.filter_bar.value == "spec"
        # No dialog opened (the e of spec is Export's key): the main screen is on top.
        assert app.screen is app.main
        assert on_disk(small).state(paper.key).starred


async def test_a_new_query_puts_the_cursor_on_the_top_result(home: Path) -> None:
    make_library(home, numbered_papers(40))
    async with running(home) as (app, pilot):
        await pilot.press("G")
        assert app.main.paper_list.cursor == 39
        await type_filter(pilot, "study")
        assert app.main.shown_count > 1
        assert app.main.paper_list.cursor == 0


async def test_marks_leave_with_the_papers_that_leave_the_list(home: Path) -> None:
    make_library(home, numbered_papers(10))
    async with running(home, size=(120, 30)) as (app, pilot):
        await pilot.press("shift+tab", "down")
        assert app.main.tags_pane.selected.id == "inbox"
        await pilot.press("tab")
        await wait_until(pilot, lambda: app.main.shown_count == 10, "the Inbox")
        await pilot.press("space", "space", "space")
        assert len(app.main.paper_list.marked) == 3
        await pilot.press("r")
        await wait_until(pilot, lambda: app.main.shown_count == 7, "the read papers to leave")
        papers = app.main.paper_list
        assert papers.marked == set()
        assert "marked" not in str(papers.border_subtitle)
        highlighted = app.main.current_paper()
        assert highlighted is not None
        await pilot.press("s")
        assert on_disk(home).stats()["starred"] == 1
        assert on_disk(home).state(highlighted.key).starred


async def test_the_marked_count_counts_only_papers_listed(home: Path) -> None:
    make_library(home, numbered_papers(10))
    async with running(home, size=(120, 30)) as (app, pilot):
        await pilot.press("V")
        assert "10 marked" in str(app.main.paper_list.border_subtitle)
        await type_filter(pilot, '"Study 001"')
        assert app.main.shown_count == 1
        assert "1 marked" in str(app.main.paper_list.border_subtitle)


async def test_ctrl_s_in_the_notes_pane_saves_the_note(small: Path) -> None:
    async with running(small) as (app, pilot):
        paper = app.main.current_paper()
        assert paper is not None
        await pilot.press("n", *"kept")
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, PromptScreen)
        assert on_disk(small).state(paper.key).note == "kept"
        assert app.focused is app.main.notes_pane


async def test_a_read_only_app_lets_no_one_type_a_note(small: Path) -> None:
    # A folder without write permission (for its owner: so also when run as root).
    small.chmod(0o555)
    try:
        async with running(small) as (app, pilot):
            assert app.read_only_reason is not None and "read-only" in app.read_only_reason
            told = Notifications(app)
            await pilot.press("n")
            assert app.focused is not app.main.notes_pane
            assert any("read-only" in message.lower() for message in told.messages())
            app.main.notes_pane.focus()
            await pilot.press(*"lost")
            assert app.main.notes_pane.text == ""
            assert app.main.notes_pane.read_only
    finally:
        small.chmod(0o755)


async def test_o_says_when_no_browser_opened_and_shows_the_url(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: False)
    async with running(small) as (app, pilot):
        told = Notifications(app)
        paper = app.main.current_paper()
        assert paper is not None and paper.url
        await pilot.press("o")
        said = told.messages()[-1]
        assert "Opening" not in said
        assert "No browser" in said and paper.url in said
        monkeypatch.setattr(app, "copy_to_clipboard", lambda text: None)
        await pilot.press("y")
        said = told.messages()[-1]
        assert not said.startswith("Copied")
        assert paper.url in said and "OSC 52" in said


async def test_help_and_quit_show_in_the_footer_at_80_columns(small: Path) -> None:
    async with running(small, size=(80, 24)) as (app, pilot):
        await pilot.pause()
        shown = {
            key.action: key.region
            for key in app.screen.query(FooterKey)
            if key.region.width and key.region.right <= 80
        }
        assert any(action.endswith("help") for action in shown), shown
        assert any(action.endswith("quit") for action in shown), shown


async def test_keys_typed_in_a_burst_after_t_go_into_the_tag_prompt(small: Path) -> None:
    async with running(small) as (app, pilot):
        paper = app.main.current_paper()
        assert paper is not None
        # t, a tag whose letters are commands of the list (s stars, r reads), enter.
        await burst(app, "tstars")
        app.post_message(events.Key("enter", "\r"))
        await wait_until(pilot, lambda: "stars" in on_disk(small).state(paper.key).tags, "the tag")
        assert app.screen is app.main
        state = on_disk(small).state(paper.key)
        assert state.tags == ("stars",) and not state.starred and not state.read


async def test_keys_typed_in_a_burst_after_a_dialog_closes_act_on_the_list(small: Path) -> None:
    async with running(small) as (app, pilot):
        first = app.main.current_paper()
        assert first is not None
        # Down twice (the list's own binding) and star (the screen's), typed before
        # the tag prompt has even opened.
        await burst(app, "tfoo")
        app.post_message(events.Key("enter", "\r"))
        await burst(app, "jjs")
        papers = app.main.paper_list
        await wait_until(pilot, lambda: papers.cursor == 2, "the cursor two rows down")
        third = app.main.current_paper()
        assert third is not None and third.key != first.key
        await wait_until(pilot, lambda: on_disk(small).state(third.key).starred, "the star")
        assert on_disk(small).state(first.key).tags == ("foo",)
        assert not on_disk(small).state(first.key).starred


@pytest.mark.parametrize("leave", ["enter", "escape"])
async def test_keys_typed_in_a_burst_after_leaving_the_filter_act_on_the_list(
    small: Path, leave: str
) -> None:
    async with running(small) as (app, pilot):
        first = app.main.current_paper()
        assert first is not None
        papers = app.main.paper_list
        # "/", a query matching two papers, enter (or esc on a filter emptied by
        # backspaces), then down and star: all in one burst, as tmux send-keys or a
        # macro delivers them.
        await burst(app, "/diff")
        if leave == "enter":
            app.post_message(events.Key("enter", "\r"))
        else:
            for _ in "diff":
                app.post_message(events.Key("backspace", "\x7f"))
            app.post_message(events.Key("escape", "\x1b"))
        await burst(app, "js")
        await wait_until(pilot, lambda: papers.cursor == 1, "the cursor one row down")
        second = app.main.current_paper()
        assert second is not None and second.key != first.key
        await wait_until(pilot, lambda: on_disk(small).state(second.key).starred, "the star")
        assert app.main.filter_bar.value == ("diff" if leave == "enter" else "")
        assert app.focused is papers


async def test_keys_typed_in_a_burst_act_in_the_order_typed(small: Path) -> None:
    async with running(small) as (app, pilot):
        papers = app.main.paper_list
        first = app.main.current_paper()
        assert first is not None
        # Down twice, then a note on that row, all in one burst: n (which leads to
        # typing) once overtook the downs before it and wrote on the first row.
        await burst(app, "jjnhi")
        app.post_message(events.Key("escape", "\x1b"))
        await wait_until(pilot, lambda: app.focused is papers, "back on the list")
        await wait_until(pilot, lambda: papers.cursor == 2, "the cursor two rows down")
        third = app.main.current_paper()
        assert third is not None and third.key != first.key
        await wait_until(pilot, lambda: on_disk(small).state(third.key).note == "hi", "the note")
        assert on_disk(small).state(first.key).note == ""


async def test_keys_typed_in_a_burst_after_a_new_sort_act_on_the_new_order(small: Path) -> None:
    async with running(small) as (app, pilot):
        papers = app.main.paper_list
        await settled(pilot, "")
        first = app.main.current_paper()
        assert first is not None
        # S re-sorts the list, the cursor staying on its paper; the down and the star
        # typed right behind it are for the new order (they once moved and starred
        # in the old one, before the new order was on screen).
        await burst(app, "Sjs")
        await wait_until(pilot, lambda: app.main.sort_name != "date", "the new sort")
        await wait_until(
            pilot, lambda: any(s.starred for s in on_disk(small).states.values()), "a star"
        )
        rows = [papers.papers[position].key for position in papers.positions]
        below_first = rows[rows.index(first.key) + 1]
        starred = [key for key, state in on_disk(small).states.items() if state.starred]
        assert starred == [below_first]
        assert rows[papers.cursor] == below_first


def test_esc_then_a_key_in_one_write_reaches_textual_as_alt_key() -> None:
    """Why the app splits alt+key (see escape_keys): the terminal's bytes for esc
    then j, in one write, are read by Textual's parser as alt+j."""
    from textual._xterm_parser import XTermParser

    parser = XTermParser()
    assert list(parser.feed("\x1bjs")) == []  # waiting: esc may start a sequence
    keys = [token for token in parser.feed("") if isinstance(token, events.Key)]
    keys = keys or [token for token in parser.tick() if isinstance(token, events.Key)]
    assert [key.key for key in keys] == ["alt+j", "s"]


async def test_esc_typed_fast_before_a_key_leaves_the_filter_and_the_key_acts(
    small: Path,
) -> None:
    async with running(small) as (app, pilot):
        first = app.main.current_paper()
        assert first is not None
        papers = app.main.paper_list
        await burst(app, "/")
        await settled(pilot, "")
        # esc j s as a terminal delivers them in one write: alt+j, s (see above).
        app.post_message(events.Key("alt+j", "j"))
        app.post_message(events.Key("s", "s"))
        await wait_until(pilot, lambda: papers.cursor == 1, "the cursor one row down")
        assert app.main.filter_bar.value == ""
        assert app.focused is papers
        second = app.main.current_paper()
        assert second is not None and second.key != first.key
        await wait_until(pilot, lambda: on_disk(small).state(second.key).starred, "the star")


def test_only_an_alt_key_typing_one_character_is_read_as_esc_and_the_key() -> None:
    from paperdeck.tui.escape_keys import as_typed

    def typed(key: str, character: str | None) -> list[tuple[str, str | None]] | None:
        split = as_typed(events.Key(key, character))
        return None if split is None else [(k.key, k.character) for k in split]

    assert typed("alt+j", "j") == [("escape", "\x1b"), ("j", "j")]
    assert typed("alt+shift+j", "J") == [("escape", "\x1b"), ("J", "J")]
    assert typed("alt+slash", "/") == [("escape", "\x1b"), ("slash", "/")]
    assert typed("alt+backspace", "\x7f") is None
    assert typed("alt+ctrl+j", "\n") is None
    assert typed("j", "j") is None
    assert typed("ctrl+j", "\n") is None
