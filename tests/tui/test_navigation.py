"""Moving in the list, and the Abstract and Notes panes following the cursor."""

from __future__ import annotations

from pathlib import Path

from textual import events
from tui_helpers import DEVIL, SMALL, loaded, make_library, numbered_papers, running

from paperdeck.models import PaperState
from paperdeck.tui.app import PaperdeckApp


def abstract_text(app: PaperdeckApp) -> str:
    """What the Abstract pane shows, as plain text."""
    return str(app.main.abstract_view.query_one("#abstract-body").content)  # type: ignore[attr-defined]


def row_visible(app: PaperdeckApp) -> bool:
    papers = app.main.paper_list
    top = papers.scroll_offset.y
    return top <= papers.cursor < top + papers.scrollable_content_region.height


async def test_j_k_arrows_g_and_G_move_and_stop_at_the_ends(home: Path) -> None:
    make_library(home, numbered_papers(40))
    async with running(home) as (app, pilot):
        papers = app.main.paper_list
        assert papers.cursor == 0
        await pilot.press("j", "j", "down")
        assert papers.cursor == 3
        await pilot.press("k", "up")
        assert papers.cursor == 1
        await pilot.press("k", "k", "up")
        assert papers.cursor == 0
        await pilot.press("G")
        assert papers.cursor == 39
        assert row_visible(app)
        await pilot.press("j")
        assert papers.cursor == 39
        await pilot.press("g")
        assert papers.cursor == 0
        assert papers.scroll_offset.y == 0
        assert app.main.current_paper() is not None
        assert app.main.current_paper() == app.library.papers[papers.positions[0]]  # type: ignore[union-attr]


async def test_pagedown_and_pageup_move_a_screenful(home: Path) -> None:
    make_library(home, numbered_papers(40))
    app = PaperdeckApp(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        papers = app.main.paper_list
        page = papers.scrollable_content_region.height
        assert 5 < page < 40
        await pilot.press("pagedown")
        assert papers.cursor == page
        assert row_visible(app)
        await pilot.press("pagedown", "pagedown", "pagedown")
        assert papers.cursor == 39
        await pilot.press("pageup")
        assert papers.cursor == 39 - page
        assert row_visible(app)
        await pilot.press("pageup", "pageup", "pageup")
        assert papers.cursor == 0


async def test_the_abstract_and_notes_panes_follow_the_cursor(home: Path) -> None:
    make_library(home, SMALL, {DEVIL.key: PaperState(DEVIL.key, note="Read section 4.")})
    app = PaperdeckApp(home)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert app.library is not None
        seen = []
        for row in range(len(SMALL)):
            paper = app.main.current_paper()
            assert paper is not None
            assert paper == app.library.papers[app.main.paper_list.positions[row]]
            shown = abstract_text(app)
            assert shown.startswith(paper.title)
            assert paper.abstract in shown
            assert app.main.notes_pane.key == paper.key
            assert app.main.notes_pane.text == ("Read section 4." if paper.key == DEVIL.key else "")
            seen.append(paper.key)
            await pilot.press("j")
        assert sorted(seen) == sorted(p.key for p in SMALL)


async def test_the_mouse_wheel_moves_the_papers_view(home: Path) -> None:
    make_library(home, numbered_papers(60))
    async with running(home) as (app, pilot):
        papers = app.main.paper_list
        assert papers.scroll_y == 0
        # The pilot has no wheel of its own: its click helper posts any mouse event
        # at a point of the widget, as the terminal driver does.
        for _ in range(3):
            await pilot._post_mouse_events([events.MouseScrollDown], papers, offset=(5, 3))
        down = papers.scroll_y
        assert down > 0
        top_shown = papers.render_line(0).text
        assert app.library is not None
        assert app.library.papers[papers.positions[int(down)]].title[:20] in top_shown
        await pilot._post_mouse_events([events.MouseScrollUp], papers, offset=(5, 3))
        assert 0 <= papers.scroll_y < down
