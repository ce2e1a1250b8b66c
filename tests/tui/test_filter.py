"""The filter: `/`, typing, the Papers title, enter, esc, bad queries, the Tags pane."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import (
    DEVIL,
    DIMPLE,
    SMALL,
    loaded,
    markup_plain,
    running,
    searches_idle,
    settled,
    title_text,
    titles_shown,
    top_border,
    type_filter,
    wait_until,
)

from paperdeck.models import PaperState
from paperdeck.tui.app import PaperdeckApp


async def test_slash_focuses_the_filter_and_typing_filters_the_list(small: Path) -> None:
    async with running(small) as (app, pilot):
        assert app.focused is app.main.paper_list
        assert title_text(app) == "Papers (5)"
        await pilot.press("slash")
        assert app.focused is app.main.filter_bar
        await pilot.press(*"diffusion")
        await settled(pilot, "diffusion")
        assert sorted(titles_shown(app)) == sorted([DEVIL.title, DIMPLE.title])
        assert app.main.shown_count == 2
        assert title_text(app) == "Papers (2 · filter: diffusion)"


async def test_the_papers_title_shows_the_filter_exactly_as_typed(small: Path) -> None:
    typed = "Diff  [b]"
    app = PaperdeckApp(small)
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        await type_filter(pilot, typed)
        assert app.main.filter_bar.value == typed
        expected = f"Papers ({app.main.shown_count} · filter: {typed})"
        assert title_text(app) == expected
        # Drawn as typed too: brackets are not read as markup, spaces are kept.
        assert expected in top_border(app.main.paper_list)


async def test_a_term_narrows_the_list_to_its_matches(small: Path) -> None:
    async with running(small) as (app, pilot):
        await type_filter(pilot, "Diff !'Dimple")
        assert titles_shown(app) == [DEVIL.title]
        assert title_text(app) == "Papers (1 · filter: Diff !'Dimple)"


async def test_enter_in_the_filter_moves_to_the_list_keeping_the_filter(small: Path) -> None:
    async with running(small) as (app, pilot):
        await type_filter(pilot, "de")
        await pilot.press("enter")
        assert app.focused is app.main.paper_list
        assert app.main.filter_bar.value == "de"
        assert app.main.shown_count == 2  # the papers with a word starting with "de"
        # Keys now move in the list instead of typing into the filter.
        await pilot.press("g")
        assert app.main.paper_list.cursor == 0
        await pilot.press("j")
        assert app.main.filter_bar.value == "de"
        assert app.main.paper_list.cursor == 1


async def test_esc_in_the_filter_clears_it_then_backs_out_to_the_list(small: Path) -> None:
    async with running(small) as (app, pilot):
        await type_filter(pilot, "de")
        await pilot.press("escape")
        assert app.main.filter_bar.value == ""
        assert app.focused is app.main.filter_bar
        await settled(pilot, "")
        assert app.main.shown_count == 5
        assert title_text(app) == "Papers (5)"
        await pilot.press("escape")
        assert app.focused is app.main.paper_list


async def test_esc_in_the_list_clears_the_filter(small: Path) -> None:
    async with running(small) as (app, pilot):
        await type_filter(pilot, "de")
        await pilot.press("enter")
        await pilot.press("escape")
        await settled(pilot, "")
        assert app.main.filter_bar.value == ""
        assert app.focused is app.main.paper_list
        assert len(app.main.paper_list.positions) == 5


async def test_a_filter_with_no_match_shows_an_empty_list(small: Path) -> None:
    async with running(small) as (app, pilot):
        await type_filter(pilot, "'zzzqqq")
        assert app.main.paper_list.positions == [] or len(app.main.paper_list.positions) == 0
        assert app.main.current_paper() is None
        assert title_text(app) == "Papers (0 · filter: 'zzzqqq)"
        assert app.main.paper_list.render_line(0).text.startswith("No paper matches")


async def test_a_bad_query_shows_its_error_and_keeps_the_last_result(small: Path) -> None:
    async with running(small) as (app, pilot):
        await type_filter(pilot, "devil")
        shown = list(app.main.paper_list.positions)
        await pilot.press(*" !!x")
        await wait_until(
            pilot,
            lambda: searches_idle(app) and app.main.filter_bar.border_title is not None,
            "the query error",
        )
        assert markup_plain(app.main.filter_bar.border_title).startswith("bad query:")
        assert "bad query:" in top_border(app.main.filter_bar)
        assert app.main.filter_bar.has_class("-bad-query")
        # The last good result stays (the filter before the quote was typed), and
        # the title says which filter that is.
        assert app.main.filter_bar.value == "devil !!x"
        assert app.main.shown_query == "devil "
        assert list(app.main.paper_list.positions) == shown
        assert title_text(app) == "Papers (1 · filter: devil )"
        # Fixing the query clears the error.
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        await settled(pilot, "devil")
        await wait_until(pilot, lambda: searches_idle(app), "the searches to finish")
        assert app.main.filter_bar.border_title is None
        assert not app.main.filter_bar.has_class("-bad-query")


async def _select_view(pilot, app: PaperdeckApp, view_id: str) -> None:  # type: ignore[no-untyped-def]
    """Move to the Tags pane and down to ``view_id`` with the arrow keys."""
    if app.focused is not app.main.tags_pane:
        await pilot.press("shift+tab")
    assert app.focused is app.main.tags_pane
    await pilot.press("home")
    ids = [view.id for view in app.main.tags_pane.views]
    await pilot.press(*["down"] * ids.index(view_id))
    assert app.main.tags_pane.selected.id == view_id


async def test_the_tags_pane_filters_the_list_by_view_and_tag(home: Path) -> None:
    from tui_helpers import make_library

    make_library(
        home,
        SMALL,
        {
            DEVIL.key: PaperState(DEVIL.key, starred=True, tags=("safety",)),
            DIMPLE.key: PaperState(DIMPLE.key, read=True, tags=("safety", "vision")),
        },
    )
    async with running(home) as (app, pilot):
        counts = {view.id: view.count for view in app.main.tags_pane.views}
        assert counts["all"] == 5 and counts["inbox"] == 4
        assert counts["starred"] == 1 and counts["read"] == 1
        assert counts["tag:safety"] == 2 and counts["tag:vision"] == 1

        await _select_view(pilot, app, "starred")
        await wait_until(pilot, lambda: titles_shown(app) == [DEVIL.title], "the Starred view")
        assert title_text(app) == "Papers · Starred (1)"

        await _select_view(pilot, app, "tag:safety")
        await wait_until(pilot, lambda: app.main.shown_count == 2, "the safety view")
        assert sorted(titles_shown(app)) == sorted([DEVIL.title, DIMPLE.title])
        assert title_text(app) == "Papers · safety (2)"

        # The filter narrows within the view.
        await type_filter(pilot, "dimple")
        assert titles_shown(app) == [DIMPLE.title]
        assert title_text(app) == "Papers · safety (1 · filter: dimple)"

        # esc clears the filter first, then goes back to All.
        await pilot.press("enter", "escape")
        await settled(pilot, "")
        assert app.main.tags_pane.selected.id == "tag:safety"
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.main.shown_count == 5, "the All view")
        assert app.main.tags_pane.selected.id == "all"
        assert title_text(app) == "Papers (5)"


async def test_a_query_error_shows_the_typed_term_literally(small: Path) -> None:
    app = PaperdeckApp(small)
    async with app.run_test(size=(160, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"is:[b]x")
        await wait_until(
            pilot,
            lambda: searches_idle(app) and app.main.filter_bar.border_title is not None,
            "the query error",
        )
        assert "is:[b]x" in top_border(app.main.filter_bar)


async def test_the_abstract_follows_the_list_when_typing_pauses(small: Path) -> None:
    from rich.text import Text

    async with running(small) as (app, pilot):
        await pilot.press("slash", *"mask")
        await wait_until(pilot, lambda: app.main.shown_query == "mask", "the list for 'mask'")
        await settled(pilot, "mask")
        assert not app.main.abstract_pending
        body = app.main.abstract_view.body.content
        assert isinstance(body, Text) and body.plain.startswith(DEVIL.title)
        marked = [
            body.plain[span.start : span.end] for span in body.spans if "reverse" in str(span.style)
        ]
        assert marked == ["mask"]
