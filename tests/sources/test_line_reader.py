"""A large daily page read a line at a time: the same papers and problems as read whole."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from factories import MAKE_CORPUS, SEEDS
from paperdeck.models import ParseResult
from paperdeck.sources import SourceError, load_file, read_text, reading
from paperdeck.sources.daily import parse, parse_lines
from paperdeck.sources.reading import LineReader

Facts = tuple[list[Any], list[Any]]


def _facts(result: ParseResult) -> Facts:
    return list(result.entries), list(result.problems)


def _both_ways(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Facts, Facts]:
    """The parse of the whole text, and of the lines through load_file's large-file path."""
    whole = _facts(parse(read_text(path), path.name, year=2025))
    monkeypatch.setattr(reading, "_CHUNK_BYTES", 7)  # many chunk boundaries
    monkeypatch.setattr("paperdeck.sources.STREAM_BYTES", 0)
    streamed = _facts(load_file(path, format="daily", year=2025))
    return whole, streamed


PAGE = (
    "Daily Papers\nDec 29\n\nA title\n\nAn abstract that is long enough.\n\n  • 3 authors\n·\n"
    "Jun 26 4\n\nOrphan title\n\nSecond title\n\nSecond abstract é.\n\nnvidia NVIDIA\n·\nOct 17,"
    " 2024\nThird title\nThird abstract\n·\nnot a date\nLast title\nLast abstract\n·\nMar 3"
)


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
@pytest.mark.parametrize("last_newline", [True, False])
def test_line_ends_bom_and_last_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line_end: str, bom: str, last_newline: bool
) -> None:
    text = bom + PAGE.replace("\n", line_end) + (line_end if last_newline else "")
    path = tmp_path / "page.txt"
    path.write_bytes(text.encode("utf-8"))
    whole, streamed = _both_ways(path, monkeypatch)
    assert streamed == whole
    entries, problems = streamed
    assert len(entries) == 3 and len(problems) >= 2


def test_lines_match_the_split_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "_CHUNK_BYTES", 3)
    for data in (b"a\r\nb\rc\n", "\ufeffé\r\n€€\r".encode(), b"a\r\r\nb", b"x\n\n", b"end"):
        path = tmp_path / "f.txt"
        path.write_bytes(data)
        assert list(LineReader(path)) == read_text(path).split("\n")


@pytest.mark.parametrize(
    "data", [b"  \n\r\n", "ok \xe9t\xe9".encode("latin-1"), b"abcdefgh\x00", b"ab\xff"]
)
def test_refuses_what_read_text_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes
) -> None:
    monkeypatch.setattr(reading, "_CHUNK_BYTES", 4)
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(SourceError) as whole:
        read_text(path)
    with pytest.raises(SourceError) as streamed:
        list(LineReader(path))
    assert streamed.value.reason == whole.value.reason


def test_refuses_too_large_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("x" * 100)
    with pytest.raises(SourceError, match="over the limit of 10"):
        LineReader(path, max_size=10)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed corpora are absent")
def test_seeds_read_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = read_text(path)
        whole = _facts(parse(text, path.name, year=2025))
        lines = _facts(parse_lines(iter(text.split("\n")), path.name, year=2025))
        assert lines == whole, path.name


@pytest.mark.skipif(not MAKE_CORPUS.exists(), reason="the shared corpus tool is absent")
def test_synthetic_corpus_reads_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "corpus.txt"
    with path.open("w") as out:
        subprocess.run([sys.executable, str(MAKE_CORPUS), "300"], stdout=out, check=True)
    whole, streamed = _both_ways(path, monkeypatch)
    assert streamed == whole
    assert len(whole[0]) == 300
