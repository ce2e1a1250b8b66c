"""Bad values in input are a problem for their record (exit 1, the rest imported) or
a one-line error (exit 2); a bug that still escapes is one line and exit 70."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest
from cli_helpers import ABSTRACTS, listed, run, write

from paperdeck.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_SKIPPED
from paperdeck.cli.output import EXIT_BUG

GOOD = json.dumps({"title": "A good paper"}) + "\n"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (json.dumps({"title": "Big", "upvotes": 2**64}), "upvotes is out of range"),
        ('{"title": "Digits", "upvotes": "' + "9" * 5000 + '"}', "upvotes is out of range"),
        ('{"title": "Digits", "upvotes": ' + "9" * 5000 + "}", "line is not valid JSON"),
        ('{"title": "Big", "authors": 1e300}', "authors is out of range"),
    ],
)
def test_numbers_out_of_range_skip_their_record(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, line: str, reason: str
) -> None:
    path = write(tmp_path, "p.jsonl", line + "\n" + GOOD)
    code, _, err = run(capsys, "import", str(path))
    assert code == EXIT_SKIPPED
    assert f"p.jsonl:1: {reason}" in err and "Traceback" not in err
    assert [paper["title"] for paper in listed(capsys)] == ["A good paper"]


def test_bibtex_month_of_thousands_of_digits(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "p.bib", "@misc{k, title={T}, year=2020, month={" + "1" * 5000 + "}}\n")
    assert run(capsys, "import", str(path))[0] == EXIT_OK
    assert [paper["title"] for paper in listed(capsys)] == ["T"]


def test_a_lone_surrogate_is_imported_and_exported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "p.jsonl", '{"title": "Lone \\ud800 one", "note": "n\\udfff"}\n')
    assert run(capsys, "import", str(path))[0] == EXIT_OK
    (paper,) = listed(capsys)
    assert paper["title"] == "Lone \ufffd one" and paper["note"] == "n\ufffd"
    assert run(capsys, "export", "--all", "--format", "bibtex")[0] == EXIT_OK


def test_a_file_name_that_is_not_utf8(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = os.path.join(os.fsencode(tmp_path), b"name\xff.txt")
    with open(path, "wb") as file:
        file.write(ABSTRACTS.encode())
    code, _out, err = run(capsys, "import", os.fsdecode(path))
    assert code == EXIT_OK, err
    assert {paper["sources"][0] for paper in listed(capsys)} == {"name\ufffd.txt"}
    assert run(capsys, "imports")[0] == EXIT_OK


@pytest.fixture
def one_paper(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> str:
    run(capsys, "import", str(write(tmp_path, "p.jsonl", GOOD)))
    return listed(capsys)[0]["id"]


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_a_note_on_stdin_that_is_not_utf8(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, one_paper: str
) -> None:
    _stdin(monkeypatch, b"bad \xff note")
    code, _, err = run(capsys, "note", one_paper, "-")
    assert code == EXIT_BAD_INPUT
    assert err == (
        "paperdeck: the note on stdin is not UTF-8 text (byte 0xFF at offset 4); "
        "nothing was changed\n"
    )


def test_a_note_over_1_mb(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, one_paper: str
) -> None:
    _stdin(monkeypatch, b"x" * 1_000_001)
    code, _, err = run(capsys, "note", one_paper, "-")
    assert code == EXIT_BAD_INPUT and "over the limit of 1,000,000 (1 MB)" in err
    code, _, err = run(capsys, "note", one_paper, "é" * 500_001)
    assert code == EXIT_BAD_INPUT
    assert listed(capsys)[0]["note"] == ""


def test_tags_over_their_limits(capsys: pytest.CaptureFixture[str], one_paper: str) -> None:
    code, _, err = run(capsys, "tag", one_paper, "t" * 101)
    assert code == EXIT_BAD_INPUT and "over the limit of 100" in err
    code, _, err = run(capsys, "tag", one_paper, ",".join(f"t{i}" for i in range(101)))
    assert code == EXIT_BAD_INPUT and "101 tags" in err
    assert listed(capsys)[0]["tags"] == []


def test_a_bug_is_one_line_and_exit_70(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, one_paper: str
) -> None:
    from paperdeck.cli.commands import listing

    def broken(*_args: object) -> str:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(listing, "plain_lines", broken)
    code, _, err = run(capsys, "list")
    assert code == EXIT_BUG
    (line,) = err.splitlines()
    assert line.startswith("paperdeck: internal error (ZeroDivisionError); the details are in ")
    report = Path(line.rsplit(" ", 1)[1])
    assert "ZeroDivisionError: a bug" in report.read_text()
    report.unlink()


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root reads any folder whatever its permissions",
)
def test_a_file_in_an_unreadable_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    path = write(folder, "a.txt", ABSTRACTS)
    folder.chmod(0)
    try:
        code, _, err = run(capsys, "import", str(path))
    finally:
        folder.chmod(0o700)
    assert code == EXIT_BAD_INPUT
    assert "cannot be read (permission denied)" in err
