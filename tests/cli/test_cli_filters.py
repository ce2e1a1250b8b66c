"""``paperdeck filters``: saving, listing, replacing and deleting saved filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import library_files, run

from paperdeck.cli import EXIT_BAD_INPUT, EXIT_OK


def test_filters_are_saved_listed_replaced_and_deleted(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    code, out, err = run(capsys, "filters")
    assert code == EXIT_OK and out == "" and "No saved filters" in err
    code, out, _ = run(capsys, "filters", "--save", "unread diffusion", "diffusion", "is:unread")
    assert code == EXIT_OK and out == "Saved the filter 'unread diffusion': diffusion is:unread\n"
    code, out, _ = run(capsys, "filters", "--save", "Unread Diffusion", "diffusion")
    assert code == EXIT_OK and out.startswith("Replaced the filter")
    run(capsys, "filters", "--save", "safety", "tag:safety")
    code, out, _ = run(capsys, "filters", "--json")
    assert json.loads(out) == [
        {"name": "Unread Diffusion", "query": "diffusion", "sort": None, "reverse": False},
        {"name": "safety", "query": "tag:safety", "sort": None, "reverse": False},
    ]
    code, out, _ = run(capsys, "filters")
    assert out.splitlines() == ["Unread Diffusion  diffusion", "safety            tag:safety"]
    code, out, _ = run(capsys, "filters", "--delete", "SAFETY")
    assert code == EXIT_OK and "Deleted the saved filter" in out
    assert [f["name"] for f in json.loads(run(capsys, "filters", "--json")[1])] == [
        "Unread Diffusion"
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--save", "broken", "year:>>"), "bad query"),
        (("--save", "   ", "diffusion"), "needs a name"),
        (("--save", "x" * 41, "diffusion"), "too long"),
        (("--save", "empty"), "needs a query"),
        (("--delete", "unknown"), "no saved filter named 'unknown'"),
        (("diffusion",), "--save NAME"),
    ],
)
def test_bad_filter_commands_exit_2_and_change_nothing(
    capsys: pytest.CaptureFixture[str],
    imported: Path,
    home: Path,
    args: tuple[str, ...],
    message: str,
) -> None:
    run(capsys, "filters", "--save", "kept", "is:starred")
    before = library_files(home)
    code, _, err = run(capsys, "filters", *args)
    assert code == EXIT_BAD_INPUT and message in err and len(err.splitlines()) == 1
    assert library_files(home) == before
