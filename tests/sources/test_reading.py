"""read_text, load_file and SourceError: files that cannot be imported at all."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from factories import SOURCE_FIXTURES
from paperdeck.sources import FORMATS, SourceError, load_file, parse_text, read_text


def reason_of(path: str | os.PathLike[str]) -> str:
    with pytest.raises(SourceError) as caught:
        read_text(path)
    return caught.value.reason


# --- SourceError -----------------------------------------------------------------------


def test_source_error_str_with_and_without_line() -> None:
    assert str(SourceError("a.txt", "is empty")) == "a.txt: is empty"
    assert str(SourceError("a.txt", "bad date", line=7)) == "a.txt:7: bad date"


def test_source_error_keeps_its_fields_and_is_one_line() -> None:
    error = SourceError("dir/a.txt", "first\nsecond   third", line=3)
    assert (error.source, error.reason, error.line) == ("dir/a.txt", "first second third", 3)
    assert "\n" not in str(error)
    assert isinstance(error, Exception)


def test_source_error_survives_pickling() -> None:
    error = pickle.loads(pickle.dumps(SourceError("a.txt", "is empty", 2)))
    assert (error.source, error.reason, error.line) == ("a.txt", "is empty", 2)


# --- read_text -------------------------------------------------------------------------


def test_missing_file() -> None:
    path = SOURCE_FIXTURES / "no-such-file.txt"
    with pytest.raises(SourceError) as caught:
        read_text(path)
    assert caught.value.reason == "no such file"
    assert caught.value.source == str(path)
    assert str(caught.value) == f"{path}: no such file"


def test_source_is_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SourceError) as caught:
        read_text("sub/../missing.txt")
    assert caught.value.source == "sub/../missing.txt"


def test_a_parent_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    assert reason_of(tmp_path / "notes.txt" / "papers.txt").startswith("no such file")


def test_folder(tmp_path: Path) -> None:
    assert reason_of(tmp_path) == "is a folder, not a file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert reason_of(fifo) == "is not a regular file"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Abstract:x\n")
    path.chmod(0)
    try:
        assert reason_of(path) == "cannot be read (permission denied)"
    finally:
        path.chmod(0o600)


def test_empty_file() -> None:
    assert reason_of(SOURCE_FIXTURES / "empty.txt") == "is empty"


def test_whitespace_only_file() -> None:
    assert reason_of(SOURCE_FIXTURES / "blank.txt") == "is empty"


def test_bom_only_file(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf\r\n")
    assert reason_of(path) == "is empty"


def test_png_image() -> None:
    path = SOURCE_FIXTURES / "image.png"
    with pytest.raises(SourceError) as caught:
        read_text(path)
    assert caught.value.reason == "is a PNG image, not a text file"
    assert str(caught.value) == f"{path}: is a PNG image, not a text file"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
        (b"GIF89a\x01\x00", "a GIF image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
        (b"PK\x03\x04\x14\x00\x00\x00", "a ZIP archive"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "a gzip archive"),
        (b"BZh91AY&SY\x00", "a bzip2 archive"),
        (b"\xfd7zXZ\x00\x00", "an xz archive"),
        (b"\x7fELF\x02\x01\x01", "an executable"),
        (b"SQLite format 3\x00\x10\x00", "an SQLite database"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "a WebP image"),
    ],
)
def test_known_binary_kinds(tmp_path: Path, data: bytes, kind: str) -> None:
    path = tmp_path / "file.txt"  # the name does not matter, the bytes do
    path.write_bytes(data)
    assert reason_of(path) == f"is {kind}, not a text file"


def test_bzh_at_the_start_of_text_is_not_bzip2(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"BZh is how this line starts\n")
    assert read_text(path) == "BZh is how this line starts\n"


def test_nul_bytes_mean_binary() -> None:
    reason = reason_of(SOURCE_FIXTURES / "nul.bin")
    assert reason == "is a binary file (NUL byte at offset 24), not a text file"


def test_utf16_is_named(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Abstract:x\n".encode("utf-16"))
    assert reason_of(path) == "is UTF-16 text; save it as UTF-8 to import it"


def test_not_utf8_names_the_byte_and_offset() -> None:
    assert reason_of(SOURCE_FIXTURES / "latin1.txt") == "is not UTF-8 text (byte 0xE9 at offset 15)"


def test_bom_and_crlf_are_normalised() -> None:
    text = read_text(SOURCE_FIXTURES / "abstracts_bom_crlf.txt")
    assert not text.startswith("\ufeff")
    assert "\r" not in text
    assert text.split("\n")[:5] == [
        "Abstract:A BOM starts this file. Lines end in CRLF.",
        "",
        "Abstract:Second abstract after a blank CRLF line.",
        "Abstract:Third abstract ends with a lone CR.",
        "Abstract:Fourth abstract, after the lone CR.",
    ]


def test_plain_text_is_returned_unchanged() -> None:
    path = SOURCE_FIXTURES / "abstracts_basic.txt"
    assert read_text(path) == path.read_text(encoding="utf-8")


# --- parse_text and load_file ----------------------------------------------------------


def test_formats_tuple() -> None:
    assert FORMATS == ("abstracts", "viewer", "daily", "jsonl", "json", "bibtex", "kaggle")


@pytest.mark.parametrize("name", ["prose.txt", "table.csv"])
def test_unknown_format(name: str) -> None:
    path = SOURCE_FIXTURES / name
    with pytest.raises(SourceError) as caught:
        load_file(path)
    assert caught.value.reason == (
        "is not in a known format "
        "(expected one of abstracts, viewer, daily, jsonl, json, bibtex, kaggle)"
    )
    assert caught.value.source == str(path)
    assert caught.value.line is None


def test_forced_format_that_finds_nothing() -> None:
    text = (SOURCE_FIXTURES / "prose.txt").read_text()
    with pytest.raises(SourceError) as caught:
        parse_text(text, "prose.txt", format="daily")
    assert caught.value.reason.startswith("is not in a known format (expected daily")


def test_forced_format_with_only_bad_entries_reports_the_first_problem() -> None:
    with pytest.raises(SourceError) as caught:
        parse_text("Abstract:\nnot an abstract\n", "a.txt", format="abstracts")
    assert caught.value.line == 1
    assert caught.value.reason == (
        "is not in a known format (expected abstracts: the abstract is empty)"
    )


def test_detected_format_with_no_paper() -> None:
    with pytest.raises(SourceError) as caught:
        parse_text("[]", "empty.json")
    assert str(caught.value) == (
        "empty.json:1: has no paper that could be imported "
        "(read as json: the JSON list holds no papers)"
    )


def test_unknown_format_name() -> None:
    with pytest.raises(SourceError, match="unknown format 'csv'"):
        parse_text("Abstract:x", "a.txt", format="csv")


def test_parse_text_empty() -> None:
    with pytest.raises(SourceError) as caught:
        parse_text("\ufeff \n\t", "x.txt")
    assert str(caught.value) == "x.txt: is empty"


def test_parse_text_normalises_bom_and_crlf_itself() -> None:
    result = parse_text("\ufeffAbstract:One.\r\n\r\nAbstract:Two.\r\n", "a.txt")
    assert [(entry.line, entry.paper.abstract) for entry in result.entries] == [
        (1, "One."),
        (3, "Two."),
    ]


def test_load_file_names_entries_by_base_name() -> None:
    result = load_file(SOURCE_FIXTURES / "abstracts_bad.txt")
    assert {entry.paper.sources for entry in result.entries} == {("abstracts_bad.txt",)}
    assert {problem.source for problem in result.problems} == {"abstracts_bad.txt"}


def test_load_file_accepts_str_paths_and_forced_format() -> None:
    result = load_file(str(SOURCE_FIXTURES / "abstracts_basic.txt"), format="abstracts")
    assert len(result.entries) == 3


def test_load_file_with_wrong_forced_format_names_the_path() -> None:
    path = SOURCE_FIXTURES / "abstracts_basic.txt"
    with pytest.raises(SourceError) as caught:
        load_file(path, format="viewer")
    assert caught.value.source == str(path)
    assert caught.value.reason.startswith("is not in a known format (expected viewer")
