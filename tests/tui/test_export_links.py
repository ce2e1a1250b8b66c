"""o opens and y copies the arXiv link (the export dialog: test_export_dialog.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import DEVIL, DIMPLE, GRAMMAR, Notifications, loaded

from paperdeck.tui.app import PaperdeckApp


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
