"""``paperdeck edit ID --title``, saved filters with their sort, and undoing a deleted
filter from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperdeck.cli import EXIT_BAD_INPUT, EXIT_OK, main

ABSTRACTS = """\
Abstract:We study grammar-aligned decoding for structured outputs of large language models that must follow a grammar exactly. It works.
Abstract:Token-level importance sampling for preference optimisation.
"""  # noqa: E501


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 0
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def first_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = tmp_path / "abstracts.txt"
    path.write_text(ABSTRACTS, encoding="utf-8")
    assert run(capsys, "import", str(path))[0] == EXIT_OK
    _code, out, _err = run(capsys, "list", "--json", "grammar")
    return str(json.loads(out)[0]["id"])


def listed_titles(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return sorted(record["title"] for record in json.loads(run(capsys, "list", "--json")[1]))


def test_edit_title_sets_shows_exports_and_undoes(
    capsys: pytest.CaptureFixture[str], first_key: str
) -> None:
    code, out, _err = run(capsys, "edit", first_key, "--title", "Grammar-aligned decoding")
    assert code == EXIT_OK and out == f"Titled {first_key}  Grammar-aligned decoding\n"
    assert "Grammar-aligned decoding" in listed_titles(capsys)
    code, out, _err = run(capsys, "list")
    assert "Grammar-aligned decoding" in out
    code, out, _err = run(capsys, "star", first_key)
    assert out.splitlines()[1] == f"  {first_key}  Grammar-aligned decoding"
    code, out, _err = run(capsys, "export")
    assert "## 1. Grammar-aligned decoding" in out
    run(capsys, "undo")  # the star
    code, out, _err = run(capsys, "undo")
    assert out == "Undid: titled “Grammar-aligned decoding”\n"
    assert "Grammar-aligned decoding" not in listed_titles(capsys)


def test_edit_title_empty_clears_it(capsys: pytest.CaptureFixture[str], first_key: str) -> None:
    run(capsys, "edit", first_key, "--title", "Mine")
    code, out, _err = run(capsys, "edit", first_key, "--title", "")
    assert code == EXIT_OK and out.startswith(f"Removed the title of {first_key}")
    code, out, _err = run(capsys, "edit", first_key, "--title", "")
    assert code == EXIT_OK and out == f"No change: {first_key} already has that title.\n"


@pytest.mark.usefixtures("first_key")
def test_edit_needs_a_title_and_a_known_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "edit", "nope", "--title", "x")
    assert code == EXIT_BAD_INPUT and out == "" and err == "paperdeck: no paper with id 'nope'\n"
    code, _out, err = run(capsys, "edit", "nope")
    assert code == EXIT_BAD_INPUT and err.startswith("paperdeck: nothing to edit")


@pytest.mark.usefixtures("first_key")
def test_a_filter_keeps_its_sort_and_lists_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(
        capsys, "filters", "--save", "oldest", "is:unread", "--sort", "date", "--reverse"
    )
    assert code == EXIT_OK
    assert out == "Saved the filter 'oldest': is:unread (sorted by date, oldest first)\n"
    run(capsys, "filters", "--save", "plain", "grammar")
    code, out, _err = run(capsys, "filters")
    assert out.splitlines() == [
        "oldest  is:unread  sorted by date, oldest first",
        "plain   grammar",
    ]
    records = json.loads(run(capsys, "filters", "--json")[1])
    assert records[0] == {"name": "oldest", "query": "is:unread", "sort": "date", "reverse": True}
    code, _out, err = run(capsys, "filters", "--save", "x", "grammar", "--sort", "nope")
    assert code == EXIT_BAD_INPUT and err.startswith("paperdeck: unknown sort 'nope'")
    code, _out, err = run(capsys, "filters", "--save", "x", "grammar", "--reverse")
    assert code == EXIT_BAD_INPUT and "--reverse needs --sort" in err


@pytest.mark.usefixtures("first_key")
def test_a_deleted_filter_comes_back_with_undo(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "filters", "--save", "top", "grammar", "--sort", "upvotes")
    code, out, _err = run(capsys, "filters", "--delete", "TOP")
    assert code == EXIT_OK and "`paperdeck undo` brings it back" in out
    assert run(capsys, "filters", "--json")[1].strip() == "[]"
    code, out, _err = run(capsys, "undo")
    assert out == "Undid: deleted the saved filter “top”\n"
    records = json.loads(run(capsys, "filters", "--json")[1])
    assert records == [{"name": "top", "query": "grammar", "sort": "upvotes", "reverse": False}]
    code, out, _err = run(capsys, "history")
    assert "deleted the saved filter “top”" in out
