"""``paperdeck star/unstar/read/unread/tag/note``: ids, unknown ids, a busy library."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from cli_helpers import devil_id, library_files, listed, run, write

from paperdeck.cli import EXIT_BAD_INPUT, EXIT_LIBRARY, EXIT_OK
from paperdeck.library.lock import WriterLock


def test_star_read_and_their_undoing(capsys: pytest.CaptureFixture[str], imported: Path) -> None:
    key = devil_id(capsys)
    assert run(capsys, "star", key)[0] == EXIT_OK
    assert run(capsys, "read", key)[0] == EXIT_OK
    (paper,) = listed(capsys, "is:starred")
    assert paper["id"] == key and paper["read"] is True
    code, out, _ = run(capsys, "star", key)
    assert code == EXIT_OK and "already starred" in out
    run(capsys, "unstar", key)
    run(capsys, "unread", key)
    assert listed(capsys, "is:starred") == [] and len(listed(capsys, "is:unread")) == 3


def test_papers_are_named_by_arxiv_id_url_or_doi(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    record = {"title": "Some arXiv paper", "abstract": "An abstract.", "arxiv_id": "2406.09415"}
    run(capsys, "import", str(write(tmp_path, "one.jsonl", json.dumps(record) + "\n")))
    for ident, verb in (
        ("10.48550/arXiv.2406.09415", "star"),
        ("https://doi.org/10.48550/arXiv.2406.09415v2", "read"),
        ("https://arxiv.org/abs/2406.09415v1", "tag"),
    ):
        code, out, err = run(capsys, verb, ident, *(["found"] if verb == "tag" else []))
        assert code == EXIT_OK and "2406.09415" in out, err
    (paper,) = listed(capsys, "is:starred", "is:read", "tag:found")
    assert paper["id"] == "2406.09415"
    code, _, err = run(capsys, "star", "10.48550/arXiv.2406.99999")
    assert code == EXIT_BAD_INPUT and "no paper with id '10.48550/arXiv.2406.99999'" in err


def test_tags_add_and_remove(capsys: pytest.CaptureFixture[str], imported: Path) -> None:
    key = devil_id(capsys)
    code, out, _ = run(capsys, "tag", key, "safety", "to read", "ml,theory")
    assert code == EXIT_OK and "safety, to-read, ml, theory" in out
    assert [p["id"] for p in listed(capsys, "tag:safety")] == [key]
    run(capsys, "tag", key, "safety", "--remove")
    assert listed(capsys, "tag:safety") == []
    assert listed(capsys, "tag:to-read")[0]["tags"] == ["to-read", "ml", "theory"]
    run(capsys, "tag", key, "ML,theory", "--remove")
    assert listed(capsys, "tag:to-read")[0]["tags"] == ["to-read"]


def test_note_from_argument_and_from_stdin(
    capsys: pytest.CaptureFixture[str], imported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = devil_id(capsys)
    run(capsys, "note", key, "Check the appendix.")
    assert listed(capsys, "is:noted")[0]["note"] == "Check the appendix."
    monkeypatch.setattr(sys, "stdin", io.StringIO("Line one\nLine two\n"))
    run(capsys, "note", key, "-")
    assert listed(capsys, "is:noted")[0]["note"] == "Line one\nLine two"
    code, out, _ = run(capsys, "note", key, "")
    assert code == EXIT_OK and "Cleared" in out and listed(capsys, "is:noted") == []


@pytest.mark.parametrize(
    "args",
    [["star", "9999.99999"], ["read", "nope"], ["tag", "nope", "x"], ["note", "nope", "text"]],
)
def test_unknown_ids_exit_2_and_change_nothing(
    capsys: pytest.CaptureFixture[str], imported: Path, home: Path, args: list[str]
) -> None:
    before = library_files(home)
    code, _, err = run(capsys, *args)
    assert code == EXIT_BAD_INPUT and f"no paper with id '{args[1]}'" in err
    assert library_files(home) == before


def test_one_unknown_id_among_several_changes_nothing(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    code, _, _ = run(capsys, "star", devil_id(capsys), "nope")
    assert code == EXIT_BAD_INPUT and listed(capsys, "is:starred") == []


def test_a_busy_library_exits_3_naming_the_holder(
    capsys: pytest.CaptureFixture[str], imported: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = devil_id(capsys)
    monkeypatch.setattr("paperdeck.cli.session.WRITER_WAIT_SECONDS", 0.2)
    with WriterLock(home).held(0):  # another process mid-write, for longer than the wait
        code, _, err = run(capsys, "star", key)
    assert code == EXIT_LIBRARY and "another paperdeck process" in err and "pid" in err
