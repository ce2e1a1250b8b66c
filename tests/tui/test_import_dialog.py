"""i imports from the app (issue 13): paths with tab completion, a progress bar,
the outcome one line each, then the New view; a bad path changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tui_helpers import DEVIL, Notifications, on_disk, running, title_text, wait_until

from paperdeck.tui.app import PaperdeckApp
from paperdeck.tui.screens.import_dialog import (
    ImportScreen,
    complete_path,
    outcome_lines,
    split_paths,
)


def write_jsonl(path: Path, count: int, *, start: int = 1) -> Path:
    lines = [
        json.dumps({"title": f"Imported paper number {n}", "arxiv_id": f"2512.{n:05d}"})
        for n in range(start, start + count)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


async def open_dialog(app: PaperdeckApp, pilot: object) -> ImportScreen:
    await pilot.press("i")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: isinstance(app.screen, ImportScreen), "the dialog")  # type: ignore[arg-type]
    assert isinstance(app.screen, ImportScreen)
    return app.screen


async def test_i_imports_two_files_shows_the_outcome_then_new(small: Path, tmp_path: Path) -> None:
    first = write_jsonl(tmp_path / "today.jsonl", 3)
    updates = tmp_path / "more.jsonl"
    updates.write_text(
        json.dumps({"title": DEVIL.title, "arxiv_id": "2507.11097", "upvotes": 50})
        + "\nnot json at all\n"
    )
    async with running(small, size=(160, 45)) as (app, pilot):
        dialog = await open_dialog(app, pilot)
        await pilot.press(*f"{first} {updates}", "enter")
        await wait_until(pilot, lambda: dialog.report is not None, "the import")
        text = str(dialog.outcome.render())
        assert "3 added, 1 updated, 0 unchanged" in text
        assert "The library holds 8 papers" in text
        assert "more.jsonl:2" in text  # the skipped line, named
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.main.tags_pane.selected_id == "new", "New")
        assert app.screen is app.main  # the enter closed the dialog, and only that
        await wait_until(pilot, lambda: title_text(app) == "Papers · New (3)", "the New list")
    stored = on_disk(small)
    assert len(stored.papers) == 8
    assert stored.get(DEVIL.key).upvotes == 50  # type: ignore[union-attr]


async def test_a_bad_path_is_one_line_and_changes_nothing(small: Path, tmp_path: Path) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", 2)
    before = (small / "corpus.json").read_bytes()
    async with running(small) as (app, pilot):
        dialog = await open_dialog(app, pilot)
        await pilot.press(*f"{good} {tmp_path}/missing.txt", "enter")
        await wait_until(pilot, lambda: dialog.outcome.display, "the error")
        message = str(dialog.outcome.render())
        assert "missing.txt" in message and "nothing was imported" in message
        assert "\n" not in message.strip()
        assert dialog.outcome.has_class("error")
        assert not dialog.paths.disabled  # it can be corrected and tried again
        await pilot.press("escape")
        assert app.screen is app.main
        assert title_text(app) == "Papers (5)"
    assert (small / "corpus.json").read_bytes() == before


async def test_tab_completes_a_path_in_the_dialog(small: Path, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    write_jsonl(folder / "daily-2025-12-02.jsonl", 1)
    async with running(small) as (app, pilot):
        dialog = await open_dialog(app, pilot)
        await pilot.press(*f"{tmp_path}/inb")
        await wait_until(pilot, lambda: dialog.paths._suggestion != "", "a suggestion")
        await pilot.press("tab")
        assert dialog.paths.value == f"{folder}/"
        await pilot.press("d")
        await wait_until(pilot, lambda: dialog.paths._suggestion.endswith(".jsonl"), "the file")
        await pilot.press("tab", "enter")
        await wait_until(pilot, lambda: dialog.report is not None, "the import")
        assert dialog.report is not None and dialog.report.added == 1


def test_complete_path_and_split_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "papers-a.bib").write_text("")
    (tmp_path / "papers-b.bib").write_text("")
    (tmp_path / ".hidden").write_text("")
    (tmp_path / "sub").mkdir()
    assert complete_path(f"{tmp_path}/pap") == f"{tmp_path}/papers-"
    assert complete_path(f"{tmp_path}/papers-a") == f"{tmp_path}/papers-a.bib"
    assert complete_path(f"{tmp_path}/s") == f"{tmp_path}/sub/"
    assert complete_path(f"{tmp_path}/.h") == f"{tmp_path}/.hidden"
    assert complete_path(f"{tmp_path}/zzz") is None
    monkeypatch.chdir(tmp_path)
    assert complete_path("su") == "sub/"
    assert split_paths("a.txt 'my papers.bib'") == [Path("a.txt"), Path("my papers.bib")]


async def test_i_in_a_read_only_library_says_why_and_opens_nothing(small: Path) -> None:
    small.chmod(0o555)
    try:
        async with running(small) as (app, pilot):
            told = Notifications(app)
            await pilot.press("i")
            await pilot.pause()
            assert app.screen is app.main
            assert any("read-only" in m.lower() for m in told.messages("warning"))
    finally:
        small.chmod(0o755)


def test_outcome_lines_count_and_cut_the_problems() -> None:
    from paperdeck.library import ImportReport
    from paperdeck.models import Problem

    problems = [Problem("f.txt", n, "no title") for n in range(1, 9)]
    report = ImportReport(["f.txt"], 10, 2, 0, 0, "2025-01-01T00:00:00", problems)
    lines = outcome_lines(report, 7)
    assert lines[0].startswith("Imported 1 file: 2 added, 0 updated, 0 unchanged")
    assert len(lines) == 1 + 5 + 1 and lines[-1] == "… and 3 more skipped entries."
