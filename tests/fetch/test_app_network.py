"""The app's F (fetch every configured feed) and a (add a paper by id) against the
fake services: both end on the New view with a summary; a failure is one line."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fake_services import FakeServices, Reply, sample
from textual.pilot import Pilot

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tui"))
from tui_helpers import SMALL, loaded, make_library, wait_until

from paperdeck.tui.app import PaperdeckApp


def recording(app: PaperdeckApp) -> list[tuple[str, str]]:
    said: list[tuple[str, str]] = []
    original = app.notify

    def notify(message: str, *args: Any, **kwargs: Any) -> None:
        said.append((message, str(kwargs.get("severity", "information"))))
        original(message, *args, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return said


async def until_said(pilot: Pilot[Any], said: list[tuple[str, str]], word: str) -> str:
    found: Callable[[], bool] = lambda: any(word in message for message, _ in said)  # noqa: E731
    await wait_until(pilot, found, f"a notification with {word!r}", timeout=30)
    return next(message for message, _ in said if word in message)


async def test_f_fetches_every_feed_and_shows_new(
    home: Path, config_file: Path, services: FakeServices
) -> None:
    make_library(home, SMALL)
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text('[[feeds]]\nname = "ml"\nsource = "arxiv:cs.LG"\n', encoding="utf-8")
    services.route("/rss/cs.LG", Reply(200, sample("arxiv_rss_cs.LG.xml")))
    app = PaperdeckApp(home)
    said = recording(app)
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        await pilot.press("F")
        message = await until_said(pilot, said, "Saved:")
        assert "arxiv:cs.LG: 3 papers (2 replaced papers left out)" in message
        assert "3 added" in message
        main = app.main
        await wait_until(pilot, lambda: main.tags_pane.selected_id == "new", "the New view")
        await wait_until(pilot, lambda: len(main.paper_list.positions) == 3, "three new papers")
        shown = {app.library.papers[p].arxiv_id for p in main.paper_list.positions}  # type: ignore[union-attr]
        assert shown == {"2611.06021", "2611.06088", "2611.05970"}
        assert len(app.library.papers) == len(SMALL) + 3  # type: ignore[union-attr]


async def test_a_adds_a_paper_by_its_link(home: Path, services: FakeServices) -> None:
    make_library(home, SMALL)
    services.route("/api/query", Reply(200, sample("arxiv_api_idlist.xml")))
    app = PaperdeckApp(home)
    said = recording(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("a", *"https://arxiv.org/abs/2611.06021v2", "enter")
        message = await until_said(pilot, said, "Saved:")
        assert "2611.06021: Sparse Mixture-of-Experts Routing" in message
        await wait_until(pilot, lambda: app.main.tags_pane.selected_id == "new", "New")
        (position,) = app.main.paper_list.positions
        assert app.library.papers[position].arxiv_id == "2611.06021"  # type: ignore[union-attr]
    assert services.asked("/api/query")[0].query["id_list"] == "2611.06021"


async def test_offline_is_one_line_and_nothing_changes(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_library(home, SMALL)
    corpus = (home / "corpus.json").read_bytes()
    monkeypatch.setenv("PAPERDECK_ARXIV_API", "http://127.0.0.1:9/api/query")
    app = PaperdeckApp(home)
    said = recording(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("a", *"2406.09415", "enter")
        message = await until_said(pilot, said, "cannot connect")
        assert "\n" not in message and message.startswith("arXiv API: cannot connect")
        await pilot.press("a", *"nonsense", "enter")
        assert "Not an arXiv id: nonsense" in await until_said(pilot, said, "Not an arXiv")
    assert (home / "corpus.json").read_bytes() == corpus


async def test_f_without_feeds_says_how_to_add_one(home: Path, services: FakeServices) -> None:
    make_library(home, SMALL)
    app = PaperdeckApp(home)
    said = recording(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("F")
        assert "[[feeds]]" in await until_said(pilot, said, "No feeds")
    assert services.requests == []
