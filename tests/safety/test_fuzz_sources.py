"""Property tests: on any input the importers return a ParseResult or raise SourceError.

Kept small (modest example counts, no deadline) so the sources suite stays fast; a
later issue fuzzes harder.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import SEEDS, SOURCE_FIXTURES
from paperdeck.models import ParseResult
from paperdeck.sources import (
    FORMATS,
    SourceError,
    abstracts,
    bibtex,
    daily,
    jsonl,
    parse_text,
    read_text,
    viewer,
)

PARSERS: dict[str, Callable[..., ParseResult]] = {
    "abstracts": abstracts.parse,
    "viewer": viewer.parse,
    "daily": daily.parse,
    "jsonl": jsonl.parse,
    "bibtex": bibtex.parse,
}

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of every format, so that random texts get past the first line of each parser.
TOKENS = [
    "",
    "·",
    "  • 3 authors",
    "nvidia NVIDIA",
    "Jun 26 1",
    "Feb 29",
    "Oct 17, 2024 3",
    "Dec 29",
    "Jun 26 1new",
    "Daily Papers",
    "new",
    "Abstract:",
    "Abstract: some text.",
    "arxiv_id",
    "stringlengths",
    "13.8k",
    "2406.09415",
    "2406.07522v1",
    "hep-th/9901001",
    "{",
    "}",
    "[",
    "]",
    '{"title": "t"}',
    '{"papers": [',
    '{"title": 1, "upvotes": "many", "tags": [1]}',
    '"x"',
    ",",
    "@misc{k,",
    "@string{a = {b}}",
    'title = {A {\\"o} \\& b},',
    "author = {A and B},",
    "year = 2020, month = jun,",
    "@comment{",
    "%",
    "\\",
    "\ufeff",
    "\r",
    "\x00",
]

soup = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=12)), max_size=40).map(
    "\n".join
)
texts = st.one_of(st.text(max_size=300), soup)


def check(result: ParseResult, source: str) -> None:
    assert isinstance(result, ParseResult)
    for entry in result.entries:
        assert entry.line >= 1
        assert entry.paper.sources == (source,)
        assert entry.paper.title
        assert entry.state is None or entry.state.key == entry.paper.key
    for problem in result.problems:
        assert problem.line >= 1
        assert problem.source == source
        assert "\n" not in problem.reason


def parse_or_refuse(text: str, **kwargs: object) -> None:
    try:
        result = parse_text(text, "f.txt", **kwargs)  # type: ignore[arg-type]
    except SourceError as error:
        assert error.source == "f.txt"
        assert "\n" not in str(error)
        return
    check(result, "f.txt")
    assert result.entries


@FUZZ
@given(texts, st.sampled_from([None, *FORMATS]))
def test_parse_text_any_text(text: str, format: str | None) -> None:
    parse_or_refuse(text, format=format)


@FUZZ
@given(texts, st.sampled_from(sorted(PARSERS)), st.one_of(st.none(), st.integers(-5, 10_000)))
def test_each_parser_any_text(text: str, name: str, year: int | None) -> None:
    try:
        result = PARSERS[name](text, "f.txt", year=year)
    except SourceError:
        return
    check(result, "f.txt")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200))
def test_read_text_any_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.bin"
        path.write_bytes(data)
        try:
            text = read_text(path)
        except SourceError as error:
            assert error.source == str(path)
            assert "\n" not in str(error)
            return
    assert "\r" not in text
    assert not text.startswith("\ufeff")
    assert text.strip()


def _mutate(lines: list[str], data: st.DataObject) -> list[str]:
    lines = list(lines)
    for _ in range(data.draw(st.integers(1, 6))):
        if not lines:
            break
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(
            st.sampled_from(["delete", "duplicate", "swap", "cut", "insert", "glue"])
        )
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "swap" and index + 1 < len(lines):
            lines[index], lines[index + 1] = lines[index + 1], lines[index]
        elif action == "cut":
            lines[index] = lines[index][: data.draw(st.integers(0, len(lines[index])))]
            lines = lines[: index + 1]
        elif action == "insert":
            lines.insert(index, data.draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=20))))
        elif action == "glue" and index + 1 < len(lines):
            lines[index : index + 2] = [lines[index] + lines[index + 1]]
    return lines


def _seed_heads() -> dict[str, list[str]]:
    """The first lines of each seed (or fixture, when the seeds are absent)."""
    if SEEDS.is_dir():
        paths = sorted(SEEDS.glob("*.txt"))
    else:
        paths = [SOURCE_FIXTURES / name for name in ("daily_page.txt", "viewer_basic.txt")]
    return {path.name: path.read_text(encoding="utf-8").split("\n")[:120] for path in paths}


HEADS = _seed_heads()


@FUZZ
@given(st.sampled_from(sorted(HEADS)), st.data())
def test_mutated_seed_pages(name: str, data: st.DataObject) -> None:
    text = "\n".join(_mutate(HEADS[name], data))
    parse_or_refuse(text)
    parse_or_refuse(text, format=data.draw(st.sampled_from(FORMATS)), year=2024)


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_pathological_inputs(name: str) -> None:
    for text in [
        "",
        "\n" * 1000,
        "·\n" * 1000,
        "{" * 50_000,
        "[" * 50_000,
        "@misc{" * 2000,
        "\\" * 1000,
        "Abstract:" * 1000,
        "2406.09415\n" * 1000,
    ]:
        with contextlib.suppress(SourceError):
            check(PARSERS[name](text, "p.txt"), "p.txt")
