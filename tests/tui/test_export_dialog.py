"""e opens the export dialog: which papers, where; the extension picks the format."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input, Label
from tui_helpers import (
    DEVIL,
    DIMPLE,
    RLP,
    SMALL,
    Notifications,
    make_library,
    running,
    type_filter,
)

from paperdeck.export import render_markdown
from paperdeck.models import PaperState
from paperdeck.tui.app import PaperdeckApp
from paperdeck.tui.screens import ExportScreen, export_dialog

STARRED = {
    DEVIL.key: PaperState(DEVIL.key, starred=True, tags=("safety",), note="Check the attack."),
    DIMPLE.key: PaperState(DIMPLE.key, starred=True),
}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The default export folder, here a temporary one."""
    target = tmp_path / "Documents"
    target.mkdir()
    monkeypatch.setattr(export_dialog, "default_export_folder", lambda: target)
    return target


def _dialog(app: PaperdeckApp) -> ExportScreen:
    assert isinstance(app.screen, ExportScreen)
    return app.screen


def _error(app: PaperdeckApp) -> str:
    line = _dialog(app).query_one("#export-error", Label)
    assert line.display
    return str(line.render())


async def _type_path(pilot, path: Path | str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+u", *str(path), "enter")


async def test_e_writes_the_starred_papers_to_the_default_file(home: Path, folder: Path) -> None:
    make_library(home, SMALL, STARRED)
    async with running(home) as (app, pilot):
        told = Notifications(app)
        await pilot.press("e", "escape")
        assert not isinstance(app.screen, ExportScreen)
        assert list(folder.iterdir()) == []
        await pilot.press("e")
        path_input = _dialog(app).query_one(Input)
        assert app.focused is path_input
        default = folder / f"paperdeck-starred-{date.today()}.md"
        assert path_input.value == str(default)
        await pilot.press("enter")
        assert not isinstance(app.screen, ExportScreen)
        assert told.messages()[-1] == f"Wrote 2 papers to {default}"
    written = default.read_text(encoding="utf-8")
    assert written.startswith("# Starred papers")
    assert DEVIL.title in written and DIMPLE.title in written
    assert "Check the attack." in written
    assert RLP.title not in written


@pytest.mark.parametrize("name", ["list.bib", "list.jsonl"])
async def test_the_extension_picks_the_format(home: Path, folder: Path, name: str) -> None:
    make_library(home, SMALL, STARRED)
    async with running(home) as (_app, pilot):
        await pilot.press("e")
        await _type_path(pilot, folder / name)
    written = (folder / name).read_text(encoding="utf-8")
    if name.endswith(".bib"):
        assert written.count("@") == 2 and "2507.11097" in written
    else:
        records = [json.loads(line) for line in written.splitlines()]
        assert {record["title"] for record in records} == {DEVIL.title, DIMPLE.title}


async def test_an_unknown_extension_names_the_known_ones_and_keeps_the_dialog(
    home: Path, folder: Path
) -> None:
    make_library(home, SMALL, STARRED)
    async with running(home) as (app, pilot):
        await pilot.press("e")
        await _type_path(pilot, folder / "list.txt")
        assert "“.txt”" in _error(app)
        assert ".md (Markdown), .bib (BibTeX), .jsonl (JSON Lines)" in _error(app)
        assert _dialog(app).query_one(Input).value == str(folder / "list.txt")
    assert list(folder.iterdir()) == []


async def test_a_failed_write_keeps_the_dialog_and_the_typed_path(home: Path, folder: Path) -> None:
    make_library(home, SMALL, STARRED)
    (folder / "dir.md").mkdir()
    async with running(home) as (app, pilot):
        await pilot.press("e")
        missing = folder / "nowhere" / "x.md"
        await _type_path(pilot, missing)
        assert "No such file or directory" in _error(app) and str(missing) in _error(app)
        assert _dialog(app).query_one(Input).value == str(missing)
        await _type_path(pilot, folder / "dir.md")
        assert _error(app) == f"{folder / 'dir.md'} is a folder: give a file name."
        # Fixed, the same dialog writes the file.
        await _type_path(pilot, folder / "x.md")
        assert not isinstance(app.screen, ExportScreen)
    assert (folder / "x.md").is_file()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
async def test_a_folder_without_write_permission_says_so(home: Path, folder: Path) -> None:
    make_library(home, SMALL, STARRED)
    locked = folder / "locked"
    locked.mkdir(mode=0o500)
    try:
        async with running(home) as (app, pilot):
            await pilot.press("e")
            await _type_path(pilot, locked / "x.md")
            assert "Permission denied" in _error(app)
    finally:
        locked.chmod(0o700)


async def test_the_list_on_screen_and_the_marked_papers(home: Path, folder: Path) -> None:
    make_library(home, SMALL, STARRED)
    async with running(home) as (app, pilot):
        await type_filter(pilot, "diffusion")
        await pilot.press("enter", "e")
        # No marks: the choices are the starred papers and the list.
        labels = [str(b.label) for b in _dialog(app).query("RadioButton")]
        assert labels == ["The starred papers (2)", "The list on screen (2)"]
        # shift+tab reaches the choice; down and enter pick the list, and the
        # unedited path follows it.
        await pilot.press("shift+tab", "down", "enter", "tab")
        # The chosen button differs by its shape, not only its colour.
        marks = [b.render_line(0).text.strip()[:3] for b in _dialog(app).query("RadioButton")]
        assert marks == ["▐○▌", "▐●▌"]
        listed = folder / f"paperdeck-list-{date.today()}.md"
        assert _dialog(app).query_one(Input).value == str(listed)
        await pilot.press("enter")
        assert listed.read_text(encoding="utf-8").startswith("# Papers matching: diffusion")
        await pilot.press("escape")  # clear the filter: all five papers
        await pilot.press("space", "j", "space", "e")
        dialog = _dialog(app)
        labels = [str(b.label) for b in dialog.query("RadioButton")]
        assert labels[-1] == "The marked papers (2)"
        # With marks, the marked papers are chosen first.
        marked = folder / f"paperdeck-marked-{date.today()}.md"
        assert dialog.query_one(Input).value == str(marked)
        assert app.library is not None and len(app.main.paper_list.marked) == 2
        library, listing = app.library, app.main.paper_list
        expected = render_markdown(
            [
                (library.papers[p], library.state(library.papers[p].key))
                for p in listing.positions
                if p in listing.marked
            ],
            title="Marked papers",
        )
        await pilot.press("enter")
    assert marked.read_text(encoding="utf-8") == expected


async def test_with_nothing_starred_the_list_is_chosen(home: Path, folder: Path) -> None:
    make_library(home, SMALL)
    async with running(home) as (app, pilot):
        await pilot.press("e")
        assert _dialog(app).query_one(Input).value.endswith(f"paperdeck-list-{date.today()}.md")
        await pilot.press("shift+tab", "enter", "tab", "enter")
        assert _error(app) == "No papers in “The starred papers”: choose another."


def test_the_default_folder_is_documents_then_downloads_then_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents, downloads = tmp_path / "Documents", tmp_path / "Downloads"
    monkeypatch.setattr(export_dialog.platformdirs, "user_documents_dir", lambda: str(documents))
    monkeypatch.setattr(export_dialog.platformdirs, "user_downloads_dir", lambda: str(downloads))
    monkeypatch.setattr(export_dialog.Path, "home", lambda: tmp_path / "home")
    assert export_dialog.default_export_folder() == tmp_path / "home"
    downloads.mkdir()
    assert export_dialog.default_export_folder() == downloads
    documents.mkdir()
    assert export_dialog.default_export_folder() == documents


async def test_the_starred_papers_follow_the_config_sort_as_paperdeck_export_does(
    home: Path, folder: Path, config_file: Path
) -> None:
    make_library(home, SMALL, STARRED)
    config_file.parent.mkdir(parents=True)
    config_file.write_text('sort = "title"\nreverse = true\n', encoding="utf-8")
    async with running(home) as (_app, pilot):
        await pilot.press("e", "enter")
    written = (folder / f"paperdeck-starred-{date.today()}.md").read_text(encoding="utf-8")
    # Starred last, Dimple would come first; by title reversed, The Devil does.
    assert 0 <= written.index(DEVIL.title) < written.index(DIMPLE.title)
