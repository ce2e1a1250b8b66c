"""Bulk triage (space, V, *), undo and redo (u, ctrl+r) and saved filters (ctrl+s)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList
from tui_helpers import (
    DEVIL,
    DIMPLE,
    SMALL,
    Notifications,
    loaded,
    make_library,
    on_disk,
    running,
    title_text,
    type_filter,
    wait_until,
)

from paperdeck.library import Library
from paperdeck.models import Entry, Paper
from paperdeck.tui.app import PaperdeckApp
from paperdeck.tui.screens import ChoiceScreen, PromptScreen


def marked_titles(app: PaperdeckApp) -> set[str]:
    assert app.library is not None
    return {app.library.papers[position].title for position in app.main.paper_list.marked}


async def test_space_marks_and_moves_on_and_s_stars_the_marked_as_one_step(small: Path) -> None:
    app = PaperdeckApp(small)
    async with app.run_test(size=(140, 40)) as pilot:
        await loaded(pilot)
        told = Notifications(app)
        await pilot.press("space", "space")
        assert app.main.paper_list.cursor == 2 and len(app.main.paper_list.marked) == 2
        assert str(app.main.paper_list.border_subtitle) == "2 marked · sort: date, newest first"
        rows = [app.main.paper_list.render_line(y).text for y in range(3)]
        assert rows[0].startswith("●") and rows[1].startswith("●") and rows[2].startswith("  ")
        marked = marked_titles(app)
        await pilot.press("s")
        stored = on_disk(small)
        assert {p.title for p in stored.papers if stored.state(p.key).starred} == marked
        assert len(stored.journal.steps) == 1
        assert "Starred 2 papers. u undoes it." in told.messages()
        # The marks stay for the next action; s again unstars them all.
        await pilot.press("s")
        assert on_disk(small).stats()["starred"] == 0
        await pilot.press("u")
        assert on_disk(small).stats()["starred"] == 2
        assert "Undid: unstarred 2 papers" in told.messages()
        await pilot.press("u")
        assert on_disk(small).stats()["starred"] == 0
        await pilot.press("ctrl+r")
        assert on_disk(small).stats()["starred"] == 2
        assert "Redid: starred 2 papers" in told.messages()
        assert app.main.tags_pane.views[2].count == 2  # Starred follows undo and redo


async def test_space_on_a_marked_paper_unmarks_it_and_esc_clears_the_marks(small: Path) -> None:
    async with running(small) as (app, pilot):
        await pilot.press("space", "k", "space")
        assert app.main.paper_list.marked == set()
        assert str(app.main.paper_list.border_subtitle) == "sort: date, newest first"
        await pilot.press("space", "space", "escape")
        assert app.main.paper_list.marked == set()
        # With nothing marked, s acts on the highlighted paper alone.
        paper = app.main.current_paper()
        assert paper is not None
        await pilot.press("s")
        assert [p.key for p in on_disk(small).papers if on_disk(small).state(p.key).starred] == [
            paper.key
        ]


async def test_V_and_star_mark_every_paper_listed_and_again_unmark_them(small: Path) -> None:
    async with running(small) as (app, pilot):
        await type_filter(pilot, "diffusion")
        await pilot.press("enter", "V")
        assert marked_titles(app) == {DEVIL.title, DIMPLE.title}
        await pilot.press("V")
        assert app.main.paper_list.marked == set()
        await pilot.press("asterisk")
        assert marked_titles(app) == {DEVIL.title, DIMPLE.title}
        # Marks outlive the filter: the first esc clears the filter, the second the marks.
        await pilot.press("escape")
        await wait_until(pilot, lambda: title_text(app) == "Papers (5)", "the whole list")
        assert len(app.main.paper_list.marked) == 2
        await pilot.press("r")
        stored = on_disk(small)
        assert {p.title for p in stored.papers if stored.state(p.key).read} == {
            DEVIL.title,
            DIMPLE.title,
        }
        await pilot.press("escape")
        assert app.main.paper_list.marked == set()


async def test_t_and_T_act_on_every_marked_paper(small: Path) -> None:
    async with running(small) as (app, pilot):
        await pilot.press("space", "space", "space", "t")
        assert isinstance(app.screen, PromptScreen)
        assert "3 marked papers" in str(app.screen.title_text)
        await pilot.press(*"later, ml", "enter")
        stored = on_disk(small)
        assert stored.tag_counts() == {"later": 3, "ml": 3}
        assert len(stored.journal.steps) == 1
        await pilot.press("escape", "t", *"ml", "enter")
        assert on_disk(small).tag_counts() == {"ml": 4, "later": 3}
        # Mark the third paper (later, ml) and the fourth (ml): T offers both tags,
        # the most common first, and removes the one chosen from both.
        await pilot.press("k", "space", "space", "T")
        assert isinstance(app.screen, ChoiceScreen)
        choices = app.screen.query_one(OptionList)
        assert choices.option_count == 2
        assert [str(choices.get_option_at_index(i).prompt) for i in range(2)] == ["ml", "later"]
        await pilot.press("enter")
        assert on_disk(small).tag_counts() == {"later": 3, "ml": 2}
        await pilot.press("escape")
        assert app.main.paper_list.marked == set()


async def test_undo_survives_a_restart_and_puts_a_note_back_in_the_pane(small: Path) -> None:
    async with running(small) as (app, pilot):
        paper = app.main.current_paper()
        assert paper is not None
        await pilot.press("n", *"first", "escape")
        await pilot.press("n", *" and second", "escape", "s", "q")
    assert on_disk(small).state(paper.key).note == "first and second"

    async with running(small) as (app, pilot):
        told = Notifications(app)
        await pilot.press("u")
        assert not on_disk(small).state(paper.key).starred
        await pilot.press("u")
        assert on_disk(small).state(paper.key).note == "first"
        assert app.main.notes_pane.text == "first"
        assert told.messages()[-1] == f"Undid: edited the note on “{paper.title}”"
        await pilot.press("u", "u")
        assert on_disk(small).state(paper.key).note == "" and app.main.notes_pane.text == ""
        assert told.messages("warning") == ["Nothing to undo."]
        await pilot.press("ctrl+r")
        assert app.main.notes_pane.text == "first"
        await pilot.press("ctrl+r", "ctrl+r", "ctrl+r")
        assert on_disk(small).state(paper.key).starred
        assert told.messages("warning") == ["Nothing to undo.", "Nothing to redo."]


async def test_saving_a_filter_puts_it_in_the_tags_pane_and_the_palette(small: Path) -> None:
    app = PaperdeckApp(small)
    async with app.run_test(size=(140, 40)) as pilot:
        await loaded(pilot)
        told = Notifications(app)
        await type_filter(pilot, "diffusion")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"diff", "enter")
        assert on_disk(small).filters == {"diff": "diffusion"}
        assert told.messages()[-1] == "Saved the filter diff: diffusion (in the Tags pane)."
        saved = [view for view in app.main.tags_pane.views if view.saved_filter]
        assert [(view.name, view.term, view.count) for view in saved] == [
            ("diff", "diffusion", None)
        ]
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        command = commands["Saved filter: diff"]
        await pilot.press("escape", "escape")
        await wait_until(pilot, lambda: title_text(app) == "Papers (5)", "the whole list")
        command.callback()
        await wait_until(pilot, lambda: title_text(app) == "Papers · diff (2)", "the saved view")
        assert app.main.tags_pane.selected.name == "diff"
        # d on the saved filter in the Tags pane deletes it.
        app.main.tags_pane.focus()
        await pilot.press("d")
        assert on_disk(small).filters == {}
        assert not any(view.saved_filter for view in app.main.tags_pane.views)
        await wait_until(pilot, lambda: title_text(app) == "Papers (5)", "All again")


async def test_ctrl_s_without_a_query_or_with_a_bad_one_saves_nothing(small: Path) -> None:
    async with running(small) as (app, pilot):
        told = Notifications(app)
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, PromptScreen)
        assert told.messages("warning")[-1].startswith("Type a query first")
        await pilot.press("slash", *"year:>>", "ctrl+s")
        assert not isinstance(app.screen, PromptScreen)
        assert told.messages("error")[-1].startswith("Not saved: bad query")
        await pilot.press("escape", "slash", *"dimple", "ctrl+s", "enter")
        # An empty name saves nothing; a name too long is refused with the reason.
        await pilot.press("ctrl+s", *("x" * 41), "enter")
        assert told.messages("error")[-1].startswith("Not saved: the filter name")
    assert on_disk(small).filters == {}


async def test_the_tags_pane_shows_new_and_updated_after_a_re_import(home: Path) -> None:
    make_library(home, SMALL)
    fresh = Paper.create(title="A fresh paper", abstract="Brand new.", arxiv_id="2511.00001")
    more_votes = DIMPLE.with_changes(upvotes=40)
    with Library.open(home, writable=True) as library:
        library.import_entries(["again.txt"], [Entry(fresh, 1), Entry(more_votes, 2)])
    async with running(home) as (app, pilot):
        counts = {view.id: view.count for view in app.main.tags_pane.views}
        assert counts["new"] == 1 and counts["updated"] == 1
        app.main.tags_pane.select("updated")
        await wait_until(pilot, lambda: title_text(app) == "Papers · Updated (1)", "Updated")
        assert app.main.current_paper() is not None
        assert app.main.current_paper().title == DIMPLE.title  # type: ignore[union-attr]
