"""``paperdeck undo``, ``redo`` and ``history``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import devil_id, library_files, listed, run

from paperdeck.cli import EXIT_LIBRARY, EXIT_OK
from paperdeck.library.lock import WriterLock


def test_undo_and_redo_say_what_they_did_across_processes(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    key = devil_id(capsys)
    run(capsys, "star", key)
    run(capsys, "tag", key, "safety")
    code, out, _ = run(capsys, "undo")
    assert code == EXIT_OK
    assert out.startswith("Undid: tagged “The Devil behind the mask") and out.endswith("+safety\n")
    (paper,) = listed(capsys, "is:starred")
    assert paper["tags"] == []
    code, out, err = run(capsys, "undo", "-n", "5")
    assert code == EXIT_OK and out.startswith("Undid: starred “The Devil")
    assert "Nothing more to undo." in err and listed(capsys, "is:starred") == []
    code, out, err = run(capsys, "undo")
    assert code == EXIT_OK and out == "" and "Nothing to undo." in err
    code, out, _ = run(capsys, "redo", "--steps", "2")
    assert code == EXIT_OK and out.count("Redid: ") == 2
    (paper,) = listed(capsys, "is:starred")
    assert paper["tags"] == ["safety"]


def test_history_lists_steps_newest_first_and_marks_the_undone(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    code, _, err = run(capsys, "history")
    assert code == EXIT_OK and "nothing to undo" in err
    keys = [paper["id"] for paper in listed(capsys)]
    run(capsys, "read", *keys)
    run(capsys, "note", keys[0], "a thought")
    run(capsys, "undo")
    code, out, err = run(capsys, "history")
    first, second = out.splitlines()
    assert first.startswith("↶") and "edited the note on" in first
    assert "marked read 3 papers" in second and not second.startswith("↶")
    assert "paperdeck redo" in err
    code, out, _ = run(capsys, "history", "--json")
    steps = json.loads(out)
    assert [(s["step"], s["done"], s["action"]["kind"]) for s in steps] == [
        (2, False, "note"),
        (1, True, "read"),
    ]
    assert sorted(steps[1]["ids"]) == sorted(keys)


def test_undo_of_a_busy_library_exits_3_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], imported: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "star", devil_id(capsys))
    before = library_files(home)
    monkeypatch.setattr("paperdeck.cli.session.WRITER_WAIT_SECONDS", 0.2)
    with WriterLock(home).held(0):  # another process mid-write, for longer than the wait
        code, _, err = run(capsys, "undo")
    assert code == EXIT_LIBRARY and "another paperdeck process" in err
    assert library_files(home) == before
