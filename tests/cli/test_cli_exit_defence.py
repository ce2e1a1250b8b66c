"""Defence at the exit: a library saved before the sanitiser (or edited by hand) holds
terminal controls; nothing ``list`` or an export writes carries them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run

from paperdeck.cli import EXIT_OK
from paperdeck.library import Library
from paperdeck.models import Entry, Paper, PaperState
from paperdeck.textsafety import unsafe_characters

EVIL = "\x1b[2J\x1b]0;owned\x07\u202e\u200b\x9b\x00"


@pytest.fixture
def old_library(home: Path) -> Path:
    """Papers and states stored raw, as the door never saw them."""
    paper = Paper(
        key="evil1",
        title=f"Title{EVIL} here",
        abstract=f"Abstract{EVIL}",
        org=f"Org{EVIL}",
        published="2024-01-02",
        sources=(f"f{EVIL}.txt",),
    )
    state = PaperState(
        key="evil1", starred=True, tags=(f"tag{EVIL}",), note=f"line{EVIL}\nline two"
    )
    with Library.open(home, writable=True) as library:
        library.import_entries(["x"], [Entry(paper, line=1, state=state)])
    return home


def _clean(text: str) -> None:
    assert unsafe_characters(text, multiline=True) == [], repr(text)


def test_list_neutralises_old_titles_and_tags(
    capsys: pytest.CaptureFixture[str], old_library: Path
) -> None:
    code, out, err = run(capsys, "list")
    assert code == EXIT_OK
    assert "Title[2J]0;owned here" in out and "#tag[2J]0;owned" in out
    _clean(out)
    _clean(err)


def test_list_json_neutralises(capsys: pytest.CaptureFixture[str], old_library: Path) -> None:
    code, out, _ = run(capsys, "list", "--json")
    assert code == EXIT_OK
    (record,) = json.loads(out)
    for value in (record["title"], record["abstract"], record["org"], record["note"]):
        _clean(value)
    assert record["note"] == "line[2J]0;owned\nline two"


@pytest.mark.parametrize(
    "options",
    [("--format", "markdown", "--abstracts"), ("--format", "bibtex"), ("--format", "json")],
)
def test_every_export_neutralises(
    capsys: pytest.CaptureFixture[str], old_library: Path, options: tuple[str, ...]
) -> None:
    code, out, _err = run(capsys, "export", "--all", *options)
    assert code == EXIT_OK
    _clean(out)
    # JSON escapes controls; decoded they must be gone too.
    if options[1] == "json":
        for line in out.splitlines():
            for value in json.loads(line).values():
                if isinstance(value, str):
                    _clean(value)
