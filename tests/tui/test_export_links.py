"""e exports the starred papers to Markdown; o opens and y copies the arXiv link."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_helpers import DEVIL, DIMPLE, GRAMMAR, SMALL, Notifications, loaded, make_library, running

from paperdeck.models import PaperState
from paperdeck.tui.app import PaperdeckApp
from paperdeck.tui.screens import PromptScreen

STARRED = {
    DEVIL.key: PaperState(DEVIL.key, starred=True, tags=("safety",), note="Check the attack."),
    DIMPLE.key: PaperState(DIMPLE.key, starred=True),
}


async def test_e_writes_the_starred_papers_to_the_path_typed(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_library(home, SMALL, STARRED)
    monkeypatch.chdir(tmp_path)
    async with running(home) as (app, pilot):
        told = Notifications(app)
        # esc in the dialog writes nothing.
        await pilot.press("e", "escape")
        assert not isinstance(app.screen, PromptScreen)
        assert list(tmp_path.iterdir()) == [home]
        await pilot.press("e")
        assert isinstance(app.screen, PromptScreen)
        answer = app.screen.query_one(Input)
        assert app.focused is answer
        # The default is a dated file in the current folder; replace it.
        assert answer.value == str(tmp_path / f"paperdeck-starred-{date.today()}.md")
        await pilot.press("ctrl+u")
        assert answer.value == ""
        await pilot.press(*"o/x.md")
        (tmp_path / "o").mkdir()
        await pilot.press("enter")
        assert not isinstance(app.screen, PromptScreen)
    written = (tmp_path / "o" / "x.md").read_text(encoding="utf-8")
    assert DEVIL.title in written and DIMPLE.title in written
    assert "Check the attack." in written
    assert "https://arxiv.org/abs/2507.11097" in written
    for paper in SMALL:
        if paper.key not in STARRED:
            assert paper.title not in written
    assert any("Wrote 2 starred papers" in message for message in told.messages())
    assert not list(tmp_path.glob("paperdeck-starred-*.md"))


async def test_export_to_a_folder_says_so_and_writes_nothing(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_library(home, SMALL, STARRED)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dir").mkdir()
    async with running(home) as (app, pilot):
        told = Notifications(app)
        await pilot.press("e", "ctrl+u", *"dir", "enter")
        assert any("is a folder" in message for message in told.messages("error"))
    assert list((tmp_path / "dir").iterdir()) == []


async def test_e_with_nothing_starred_warns_without_a_dialog(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    async with running(small) as (app, pilot):
        told = Notifications(app)
        await pilot.press("e")
        assert not isinstance(app.screen, PromptScreen)
        assert [m for m in told.messages("warning") if m.startswith("Nothing starred")]
    assert not list(tmp_path.glob("*.md"))


async def test_a_paper_starred_in_the_app_is_exported_to_the_default_path(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    async with running(small) as (app, pilot):
        paper = app.main.current_paper()
        assert paper is not None
        await pilot.press("s", "e", "enter")
    written = (tmp_path / f"paperdeck-starred-{date.today()}.md").read_text(encoding="utf-8")
    assert paper.title in written


async def _highlight(pilot, app: PaperdeckApp, key: str) -> None:  # type: ignore[no-untyped-def]
    assert app.library is not None
    for _ in app.main.paper_list.positions:
        paper = app.main.current_paper()
        if paper is not None and paper.key == key:
            return
        await pilot.press("j")
    pytest.fail(f"{key} is not listed")


async def test_o_opens_and_y_copies_the_arxiv_link(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = PaperdeckApp(small)
    opened: list[str] = []
    copied: list[str] = []
    monkeypatch.setattr(app, "open_in_browser", lambda url: opened.append(url) or True)
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test() as pilot:
        await loaded(pilot)
        await _highlight(pilot, app, DEVIL.key)
        await pilot.press("o")
        assert opened == ["https://arxiv.org/abs/2507.11097"] and copied == []
        await _highlight(pilot, app, DIMPLE.key)
        await pilot.press("y")
    assert copied == ["https://arxiv.org/abs/2505.16990"]
    assert opened == ["https://arxiv.org/abs/2507.11097"]


async def test_o_and_y_on_a_paper_without_an_arxiv_id_warn(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = PaperdeckApp(small)
    used: list[str] = []
    monkeypatch.setattr(app, "open_in_browser", lambda url: used.append(url) or True)
    monkeypatch.setattr(app, "copy_to_clipboard", used.append)
    async with app.run_test() as pilot:
        await loaded(pilot)
        told = Notifications(app)
        await _highlight(pilot, app, GRAMMAR.key)
        await pilot.press("o", "y")
        assert told.messages("warning") == ["This paper has no arXiv id, so no link."] * 2
    assert used == []
