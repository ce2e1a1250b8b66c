"""The app's recommendations: for-you in the S cycle, m (more like this), the
debounced refit after a star, and the reader view's why."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from recommend_corpus import topic_corpus, topic_of
from tui_helpers import (
    WAIT_SECONDS,
    Notifications,
    make_library,
    running,
    searches_idle,
    settled,
    wait_until,
)

from paperdeck.models import PaperState
from paperdeck.recommend import Recommender
from paperdeck.tui.app import PaperdeckApp
from paperdeck.tui.screens.reader import ReaderScreen

PAPERS = topic_corpus()
EXPERTS = [p for p in PAPERS if topic_of(p) == 0]


def starred(*papers: object) -> dict[str, PaperState]:
    return {p.key: PaperState(p.key, starred=True) for p in papers}  # type: ignore[attr-defined]


def listed(app: PaperdeckApp) -> list:
    assert app.library is not None
    return [app.library.papers[p] for p in app.main.paper_list.positions]


def settled_list(app: PaperdeckApp) -> bool:
    """No search and no vectors worker pending: the list is the one asked for."""
    return not app.main.preparing_vectors and searches_idle(app)


def subtitle(app: PaperdeckApp) -> str:
    return str(app.main.paper_list.border_subtitle)


async def press_until_sort(pilot, app: PaperdeckApp, name: str) -> None:  # type: ignore[no-untyped-def]
    for _ in range(12):
        if app.main.sort_name == name:
            break
        await pilot.press("S")
    assert app.main.sort_name == name
    await wait_until(pilot, lambda: settled_list(app), "the sorted list")


async def test_for_you_with_too_few_stars_says_so_and_sorts_by_date(home: Path) -> None:
    make_library(home, PAPERS, starred(EXPERTS[0]))
    async with running(home, size=(160, 45)) as (app, pilot):
        said = Notifications(app)
        await press_until_sort(pilot, app, "for-you")
        assert any("at least 3 starred papers" in m for m in said.messages("warning"))
        assert "for-you → date" in subtitle(app)
        dates = [p.sort_date for p in listed(app)]
        assert dates == sorted(dates, reverse=True)


async def test_for_you_in_the_cycle_ranks_the_starred_topic_first(home: Path) -> None:
    make_library(home, PAPERS, starred(*EXPERTS[:3]))
    async with running(home, size=(160, 45)) as (app, pilot):
        await press_until_sort(pilot, app, "for-you")
        assert "sort: for-you, best first" in subtitle(app)
        top = listed(app)[:3]
        assert [topic_of(p) for p in top] == [0, 0, 0]
        assert not {p.key for p in top} & {p.key for p in EXPERTS[:3]}
        # The stars learnt from go last: the person knows them.
        assert {p.key for p in listed(app)[-3:]} == {p.key for p in EXPERTS[:3]}
        # Asked for, for-you puts the cursor on its top paper.
        assert app.main.paper_list.cursor == 0 and app.main.current_paper() == top[0]
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        why = next(line for line in screen.text.plain.splitlines() if line.startswith("For you"))
        assert "expert" in why


async def test_a_star_refits_once_the_stars_settle(home: Path, config_file: Path) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('sort = "for-you"\n', encoding="utf-8")
    make_library(home, PAPERS, starred(*EXPERTS[:3]))
    async with running(home, size=(160, 45)) as (app, pilot):
        await wait_until(pilot, lambda: settled_list(app), "the first list")
        first = listed(app)[0]
        assert topic_of(first) == 0
        await pilot.press("s")  # the top paper joins the stars
        assert app.library is not None and app.library.state(first.key).starred
        # Not re-sorted at once: the refit waits for the stars to settle.
        assert app.main._retrain_timer is not None and listed(app)[0] == first
        await wait_until(
            pilot, lambda: app.main._retrain_timer is None and searches_idle(app), "the refit"
        )
        await wait_until(pilot, lambda: listed(app)[0] != first, "the refitted list")
        assert first in listed(app)[-4:]


async def test_a_star_removed_falls_back_to_date(home: Path, config_file: Path) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('sort = "for-you"\n', encoding="utf-8")
    make_library(home, PAPERS, starred(*EXPERTS[:3]))
    async with running(home, size=(160, 45)) as (app, pilot):
        await wait_until(pilot, lambda: settled_list(app), "the first list")
        assert "for-you, best first" in subtitle(app)
        # Go to a starred paper (they are last) and unstar it.
        app.main.paper_list.cursor = len(app.main.paper_list.positions) - 1
        await pilot.pause()
        await pilot.press("s")
        await wait_until(pilot, lambda: "for-you → date" in subtitle(app), "the fallback")
        await wait_until(pilot, lambda: searches_idle(app), "the date list")
        dates = [p.sort_date for p in listed(app)]
        assert dates == sorted(dates, reverse=True)


async def test_m_lists_papers_like_the_highlighted_one_and_the_reader_says_why(
    home: Path,
) -> None:
    make_library(home, PAPERS)
    async with running(home, size=(160, 45)) as (app, pilot):
        target = app.main.current_paper()
        assert target is not None
        await pilot.press("m")
        ident = target.arxiv_id
        assert app.main.filter_bar.value == f"like:{ident} "
        await settled(pilot, app.main.filter_bar.value)
        shown = listed(app)
        assert target not in shown
        assert [topic_of(p) for p in shown[:3]] == [topic_of(target)] * 3
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        why = next(line for line in screen.text.plain.splitlines() if line.startswith("Shares"))
        assert why.startswith(f"Shares with {ident}: ") and len(why) > len(f"Shares with {ident}: ")
        await pilot.press("escape")
        # Typed terms combine with it; m again replaces the like: term, keeps the rest.
        await pilot.press("slash", *"year:2024")
        await settled(pilot, app.main.filter_bar.value)
        assert target not in listed(app) and len(listed(app)) == len(PAPERS) - 1
        await pilot.press("enter", "j")
        other = app.main.current_paper()
        assert other is not None
        await pilot.press("m")
        assert app.main.filter_bar.value == f"like:{other.arxiv_id} year:2024 "


async def test_m_on_an_empty_library_says_there_is_no_paper(home: Path) -> None:
    make_library(home, [])
    async with running(home) as (app, pilot):
        said = Notifications(app)
        await pilot.press("m")
        assert said.messages("warning") == ["No paper is highlighted."]


async def test_a_for_you_start_shows_by_date_while_the_vectors_load_in_a_worker(
    home: Path, config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('sort = "for-you"\n', encoding="utf-8")
    make_library(home, PAPERS, starred(*EXPERTS[:3]))
    release = threading.Event()
    real = Recommender._load_or_build
    builders: list[str] = []

    def slow(self: Recommender) -> object:
        builders.append(threading.current_thread().name)
        release.wait(WAIT_SECONDS)  # a large library's first build, held open
        return real(self)

    monkeypatch.setattr(Recommender, "_load_or_build", slow)
    async with running(home, size=(160, 45)) as (app, pilot):
        await wait_until(pilot, lambda: bool(builders), "the vectors worker")
        assert builders != [threading.main_thread().name]
        assert app.main.preparing_vectors and app.main.query_error.display
        dates = [p.sort_date for p in listed(app)]
        assert dates == sorted(dates, reverse=True)
        # A search typed meanwhile is answered; it is not held up behind the build.
        await pilot.press("slash", *"draft")
        await wait_until(pilot, lambda: app.main.shown_query == "draft", "a plain search")
        assert {topic_of(p) for p in listed(app)} == {1}
        await pilot.press("escape")
        release.set()
        await wait_until(pilot, lambda: settled_list(app), "the for-you list")
        assert [topic_of(p) for p in listed(app)[:3]] == [0, 0, 0]
        assert not app.main.query_error.display and "for-you, best first" in subtitle(app)
