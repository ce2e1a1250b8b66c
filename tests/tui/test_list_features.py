"""Sort, next unread, advance after triage, titles of one's own, highlighted rows,
the query's errors, and the mouse on a row."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input
from tui_helpers import (
    DIMPLE,
    GRAMMAR,
    RLP,
    SMALL,
    make_library,
    on_disk,
    running,
    searches_idle,
    settled,
    titles_shown,
    type_filter,
    wait_until,
)

from paperdeck.library import Library
from paperdeck.models import PaperState
from paperdeck.tui.screens import PromptScreen


async def test_S_cycles_the_sort_and_the_border_names_it(small: Path) -> None:
    async with running(small, size=(160, 40)) as (app, pilot):
        papers = app.main.paper_list
        assert "sort: date, newest first" in str(papers.border_subtitle)
        await pilot.press("S")
        await wait_until(pilot, lambda: "upvotes" in str(papers.border_subtitle), "upvotes")
        await wait_until(pilot, lambda: searches_idle(app), "the sorted list")
        assert app.library is not None
        votes = [app.library.papers[p].upvotes for p in papers.positions]
        known = [v for v in votes if v is not None]
        assert known == sorted(known, reverse=True) and votes[: len(known)] == known
        await pilot.press("S")
        await wait_until(pilot, lambda: "title, A–Z" in str(papers.border_subtitle), "title")
        await wait_until(pilot, lambda: searches_idle(app), "the sorted list")
        shown = titles_shown(app)
        assert shown == sorted(shown, key=str.casefold)
        await pilot.press("S", "S")  # added, then date again, reversed
        await wait_until(
            pilot, lambda: "date, oldest first" in str(papers.border_subtitle), "reversed date"
        )
        await wait_until(pilot, lambda: searches_idle(app), "the sorted list")
        dates = [app.library.papers[p].sort_date for p in papers.positions]
        dated = [d for d in dates if d]
        assert dated == sorted(dated)


async def test_relevance_is_in_the_cycle_only_while_a_query_is_typed(small: Path) -> None:
    async with running(small, size=(160, 40)) as (app, pilot):
        papers = app.main.paper_list
        await type_filter(pilot, "diffusion")
        assert "sort: relevance, best first" in str(papers.border_subtitle)
        await pilot.press("enter", "S")
        await wait_until(pilot, lambda: "sort: date" in str(papers.border_subtitle), "date")


async def test_next_unread_jumps_over_read_papers(small: Path) -> None:
    make_library(small, [], {RLP.key: PaperState(RLP.key, read=True)})
    async with running(small) as (app, pilot):
        assert app.library is not None
        first = app.main.current_paper()
        assert first is not None and first.key == RLP.key  # newest first, and read
        await pilot.press("k", "N")
        now = app.main.current_paper()
        assert now is not None and now.key != RLP.key
        assert not app.library.state(now.key).read


async def test_advance_after_triage_moves_to_the_next_paper(small: Path, config_file: Path) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text("advance_after_triage = true\n", encoding="utf-8")
    async with running(small) as (app, pilot):
        rows = list(app.main.paper_list.positions)
        await pilot.press("s")
        await wait_until(pilot, lambda: searches_idle(app), "the list again")
        assert app.main.paper_list.highlighted == rows[1]
        assert app.library is not None
        assert app.library.state(app.library.papers[rows[0]].key).starred


async def test_untitled_papers_look_apart_and_ctrl_t_gives_one_a_title(small: Path) -> None:
    async with running(small, size=(160, 40)) as (app, pilot):
        papers = app.main.paper_list
        for _ in SMALL:
            current = app.main.current_paper()
            if current is not None and current.key == GRAMMAR.key:
                break
            await pilot.press("j")
        row = papers.cursor
        untitled = papers.render_line(row).text
        title_cells = [s for s in papers.render_line(row) if GRAMMAR.title[:10] in s.text]
        assert title_cells and all(s.style and s.style.italic for s in title_cells)
        # A paper with a real title is not in italics.
        other = 0 if row else 1
        assert not any(s.style and s.style.italic for s in papers.render_line(other))
        await pilot.press("ctrl+t")
        assert isinstance(app.screen, PromptScreen)
        answer = app.screen.query_one(Input)
        assert answer.value == ""  # a derived title is no title to edit
        await pilot.press(*"Grammar-aligned decoding", "enter")
        assert on_disk(small).state(GRAMMAR.key).title == "Grammar-aligned decoding"
        assert "Grammar-aligned decoding" in papers.render_line(row).text
        assert papers.render_line(row).text != untitled
        await pilot.press("u")
        assert on_disk(small).state(GRAMMAR.key).title is None


async def test_list_rows_highlight_the_query_matches(small: Path) -> None:
    async with running(small, size=(160, 40)) as (app, pilot):
        await type_filter(pilot, "dimple")
        papers = app.main.paper_list
        current = app.main.current_paper()
        assert current is not None and current.key == DIMPLE.key
        strip = papers.render_line(papers.cursor)
        matched = "".join(s.text for s in strip if s.style and s.style.underline)
        assert matched.casefold() == "dimple"
        # Without a query nothing is highlighted.
        await pilot.press("ctrl+u")
        await settled(pilot, "")
        assert not any(s.style and s.style.underline for s in papers.render_line(0))


async def test_an_unfinished_quote_shows_no_error_and_a_bad_query_shows_whole(
    small: Path,
) -> None:
    async with running(small, size=(80, 24)) as (app, pilot):
        await type_filter(pilot, "devil")
        await pilot.press(*' "large lang')
        await wait_until(pilot, lambda: searches_idle(app), "the searches")
        await pilot.pause(0.05)
        assert app.main.filter_bar.border_title is None
        assert not app.main.query_error.display
        await pilot.press("ctrl+u", *"a | | tag:")
        await wait_until(pilot, lambda: app.main.query_error.display, "the error line")
        message = str(app.main.query_error.render())
        assert message.startswith("bad query:") and not message.endswith("…")
        await pilot.press("ctrl+u", *"devil")
        await settled(pilot, "devil")
        assert not app.main.query_error.display


async def test_clicking_the_star_column_toggles_the_star(small: Path) -> None:
    async with running(small, size=(160, 40)) as (app, pilot):
        papers = app.main.paper_list
        second = papers.positions[1]
        assert app.library is not None
        key = app.library.papers[second].key
        await pilot.click(papers, offset=(1, 2))
        assert papers.cursor == 1
        assert on_disk(small).state(key).starred
        await pilot.click(papers, offset=(3, 2))
        assert on_disk(small).state(key).read


async def test_J_and_K_scroll_the_abstract(home: Path) -> None:
    from paperdeck.models import Paper

    long = Paper.create(title="Long", abstract=" ".join(["word"] * 2000), arxiv_id="2401.00001")
    make_library(home, [long])
    async with running(home, size=(100, 24)) as (app, pilot):
        await wait_until(pilot, lambda: not app.main.abstract_pending, "the abstract")
        view = app.main.abstract_view
        assert view.scroll_y == 0
        await pilot.press("J", "J")
        assert view.scroll_y > 0
        await pilot.press("K", "K")
        assert view.scroll_y == 0
        assert app.focused is app.main.paper_list


async def test_help_lists_each_query_operator_with_an_example(small: Path) -> None:
    from paperdeck.tui.screens.help import QUERY_HELP, HelpScreen

    async with running(small, size=(100, 50)) as (app, pilot):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        from rich.console import Console

        console = Console(width=100, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
        console.print(app.screen.query_one("#help-query").content)  # type: ignore[attr-defined]
        shown = console.export_text()
        console.file.close()
        for operator in ("'", "^", "$", "!", "|", '"', "tag:", "is:", "year:", "upvotes:", "id:"):
            assert any(operator in example for example, _ in QUERY_HELP), operator
        assert "tag:todo" in shown and "year:>=2023" in shown


async def test_a_title_of_ones_own_is_highlighted_in_the_row_and_the_reader(
    small: Path,
) -> None:
    # The search finds matches in the person's own title, so that is what must be marked.
    with Library.open(small, writable=True) as library:
        library.set_title(DIMPLE.key, "Zebra stripes of dimples")
    async with running(small, size=(160, 40)) as (app, pilot):
        await type_filter(pilot, "zebra")
        papers = app.main.paper_list
        current = app.main.current_paper()
        assert current is not None and current.key == DIMPLE.key
        strip = papers.render_line(papers.cursor)
        matched = "".join(s.text for s in strip if s.style and s.style.underline)
        assert matched.casefold() == "zebra"
        await pilot.press("enter", "enter")
        body = app.screen.text  # type: ignore[attr-defined]
        marked = [body.plain[s.start : s.end] for s in body.spans if "reverse" in str(s.style)]
        assert [m.casefold() for m in marked] == ["zebra"]
