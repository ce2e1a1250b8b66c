"""``paperdeck list``: queries, limits, plain output, an empty library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import listed, run

from paperdeck.cli import EXIT_BAD_INPUT, EXIT_OK


def test_list_filters_with_the_query_language(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    assert [p["title"][:6] for p in listed(capsys, "diffusion", "upvotes:>3")] == ["Dimple"]
    assert len(listed(capsys, "year:2025")) == 2
    assert len(listed(capsys, "!diffusion")) == 1


def test_list_limit_and_plain_output(capsys: pytest.CaptureFixture[str], imported: Path) -> None:
    assert len(json.loads(run(capsys, "list", "--json", "--limit", "2")[1])) == 2
    code, out, err = run(capsys, "list")
    assert code == EXIT_OK
    lines = out.splitlines()
    assert len(lines) == 3 and "The Devil behind the mask: An emergent safety" in out
    assert "3 papers" in err


def test_list_bad_query_exits_2(capsys: pytest.CaptureFixture[str], imported: Path) -> None:
    code, out, err = run(capsys, "list", "year:abc")
    assert code == EXIT_BAD_INPUT and out == ""
    assert err.startswith("paperdeck: bad query:") and len(err.strip().splitlines()) == 1


def test_list_on_an_empty_library_says_how_to_import(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list")
    assert code == EXIT_OK and out == "" and "paperdeck import" in err
    assert listed(capsys) == []
