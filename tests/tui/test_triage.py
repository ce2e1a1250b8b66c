"""Triage keys: s star, r read, t add tags, T remove a tag; each change is on disk."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList
from tui_helpers import RLP, SMALL, loaded, make_library, on_disk, running, wait_until

from paperdeck.models import PaperState
from paperdeck.tui.app import PaperdeckApp
from paperdeck.tui.screens import ChoiceScreen, PromptScreen


def view_counts(app: PaperdeckApp) -> dict[str, int]:
    return {view.id: view.count for view in app.main.tags_pane.views}


async def test_s_toggles_the_star_on_screen_and_on_disk(small: Path) -> None:
    async with running(small) as (app, pilot):
        paper = app.main.current_paper()
        assert paper is not None
        await pilot.press("s")
        assert app.library is not None and app.library.state(paper.key).starred
        assert on_disk(small).state(paper.key).starred
        assert view_counts(app)["starred"] == 1
        assert app.main.paper_list.render_line(0).text.startswith("★")
        await pilot.press("j", "s")
        assert view_counts(app)["starred"] == 2
        await pilot.press("k", "s")
        assert not on_disk(small).state(paper.key).starred
        assert view_counts(app)["starred"] == 1
        assert not app.main.paper_list.render_line(0).text.startswith("★")
    stored = on_disk(small)
    assert stored.stats()["starred"] == 1 and not stored.state(paper.key).starred


async def test_r_toggles_read_and_the_inbox_count_follows(small: Path) -> None:
    async with running(small) as (app, pilot):
        paper = app.main.current_paper()
        assert paper is not None
        assert view_counts(app)["inbox"] == 5
        await pilot.press("r")
        assert on_disk(small).state(paper.key).read
        assert view_counts(app)["inbox"] == 4 and view_counts(app)["read"] == 1
        await pilot.press("r")
        assert not on_disk(small).state(paper.key).read
        assert view_counts(app)["inbox"] == 5 and view_counts(app)["read"] == 0


async def test_reading_a_paper_in_the_inbox_view_takes_it_out_of_the_list(small: Path) -> None:
    async with running(small) as (app, pilot):
        await pilot.press("shift+tab", "down")
        assert app.main.tags_pane.selected.id == "inbox"
        await pilot.press("tab")
        assert app.focused is app.main.paper_list
        paper = app.main.current_paper()
        assert paper is not None
        await pilot.press("r")
        await wait_until(pilot, lambda: app.main.shown_count == 4, "the Inbox to drop the paper")
        assert app.library is not None
        assert paper.key not in {app.library.papers[p].key for p in app.main.paper_list.positions}
        # The cursor moved on to another paper, which the panes now show.
        assert app.main.current_paper() is not None and app.main.current_paper() != paper


async def test_t_adds_comma_separated_tags_from_a_dialog(small: Path) -> None:
    app = PaperdeckApp(small)
    async with app.run_test(size=(200, 50)) as pilot:
        await loaded(pilot)
        paper = app.main.current_paper()
        assert paper is not None
        await pilot.press("t")
        assert isinstance(app.screen, PromptScreen)
        assert app.focused is app.screen.query_one(Input)
        await pilot.press(*"ai, ml")
        await pilot.press("enter")
        assert not isinstance(app.screen, PromptScreen)
        assert set(on_disk(small).state(paper.key).tags) == {"ai", "ml"}
        counts = view_counts(app)
        assert counts["tag:ai"] == 1 and counts["tag:ml"] == 1
        assert "ai ml" in app.main.paper_list.render_line(0).text
        body = app.main.abstract_view.query_one("#abstract-body").content  # type: ignore[attr-defined]
        assert "#ai" in str(body) and "#ml" in str(body)
        # esc in the dialog adds nothing.
        await pilot.press("t", "x", "escape")
        assert not isinstance(app.screen, PromptScreen)
        assert app.focused is app.main.paper_list
        assert on_disk(small).tag_counts() == {"ai": 1, "ml": 1}


async def test_T_removes_the_tag_chosen_in_a_dialog(home: Path) -> None:
    make_library(home, SMALL, {RLP.key: PaperState(RLP.key, tags=("alpha", "beta", "gamma"))})
    app = PaperdeckApp(home)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        paper = app.main.current_paper()
        assert paper is not None and paper.key == RLP.key  # the newest comes first
        await pilot.press("T")
        assert isinstance(app.screen, ChoiceScreen)
        choices = app.screen.query_one(OptionList)
        assert [str(choices.get_option_at_index(i).prompt) for i in range(3)] == [
            "alpha",
            "beta",
            "gamma",
        ]
        await pilot.press("down", "enter")
        assert not isinstance(app.screen, ChoiceScreen)
        assert on_disk(home).state(RLP.key).tags == ("alpha", "gamma")
        assert "tag:beta" not in view_counts(app)
        # esc in the dialog removes nothing.
        await pilot.press("T", "escape")
        assert on_disk(home).state(RLP.key).tags == ("alpha", "gamma")


async def test_T_on_a_paper_without_tags_warns_without_a_dialog(small: Path) -> None:
    from tui_helpers import Notifications

    async with running(small) as (app, pilot):
        told = Notifications(app)
        await pilot.press("T")
        assert not isinstance(app.screen, ChoiceScreen)
        assert told.messages("warning") == ["This paper has no tags."]
