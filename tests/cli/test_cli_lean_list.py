"""``paperdeck list`` read without argparse (cli/lean_list.py): the same arguments as
the full parser wherever it reads a line itself, the full parser (its help, its
errors) everywhere else, and the same output either way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import run
from hypothesis import given, settings
from hypothesis import strategies as st

from paperdeck.cli import EXIT_BAD_INPUT, EXIT_OK, build_parser
from paperdeck.cli.lean_list import ListArguments, list_arguments

FIELDS = ("query", "json", "limit", "sort", "reverse")


def parsed(words: list[str]) -> ListArguments | None:
    """What the full parser makes of ``words``, as ListArguments; None when it exits
    (help, an error)."""
    try:
        args = build_parser(words).parse_args(words)
    except SystemExit:
        return None
    return ListArguments(*(getattr(args, name) for name in FIELDS))


@pytest.mark.parametrize(
    "words",
    [
        ["list"],
        ["list", "diffusion"],
        ["list", "diffusion", "model"],
        ["list", "is:unread", "year:2025"],
        ["list", "--json", "diffusion"],
        ["list", "diffusion", "--json"],
        ["list", "--limit", "5", "diffusion", "--reverse"],
        ["list", "--sort", "upvotes", "--reverse", "a", "b"],
        ["list", "--sort", "for-you:reading", "x"],
        ["list", "!diffusion", "'exact", '"a phrase"', "^start", "end$"],
        ["list", ""],
        ["list", "tag:x", "|", "tag:y"],
    ],
)
def test_the_usual_lines_are_read_as_the_full_parser_reads_them(words: list[str]) -> None:
    lean = list_arguments(words)
    assert lean is not None
    assert lean == parsed(words)


@pytest.mark.parametrize(
    "words",
    [
        [],
        ["stats"],
        ["list", "--help"],
        ["list", "-h"],
        ["list", "--js"],  # an abbreviation argparse would take
        ["list", "--limit=5"],
        ["list", "--limit", "0"],
        ["list", "--limit", "x"],
        ["list", "--limit", "²"],
        ["list", "--limit"],
        ["list", "--sort", "bogus"],
        ["list", "--sort", "for-you:"],
        ["list", "--sort", "-x"],
        ["list", "--json", "--json"],
        ["list", "a", "--json", "b"],  # argparse takes one run of query words
        ["list", "-x"],
        ["list", "--", "a"],
        ["list", "-1"],
    ],
)
def test_anything_else_is_left_to_the_full_parser(words: list[str]) -> None:
    assert list_arguments(words) is None


TOKENS = st.sampled_from(
    ["--json", "--reverse", "--limit", "--sort", "3", "0", "date", "relevance",
     "bogus", "diffusion", "is:unread", "-q", "--", "-h", "x y", ""]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(TOKENS, max_size=7))
def test_whatever_it_reads_the_full_parser_reads_the_same(tail: list[str]) -> None:
    words = ["list", *tail]
    lean = list_arguments(words)
    if lean is not None:
        assert lean == parsed(words)


def test_a_bad_sort_and_a_bad_query_fail_as_before(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    code, out, err = run(capsys, "list", "--sort", "bogus")
    assert code == EXIT_BAD_INPUT and out == ""
    assert err.startswith("paperdeck: unknown sort 'bogus'")
    code, out, err = run(capsys, "list", "year:abc")
    assert code == EXIT_BAD_INPUT and err.startswith("paperdeck: bad query:")


def test_the_lean_line_and_the_full_parser_print_the_same(
    capsys: pytest.CaptureFixture[str], imported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [
        ["list"],
        ["list", "diffusion", "--json"],
        ["list", "--limit", "1", "--sort", "title", "--reverse"],
        ["list", "is:unread"],
    ]
    lean = [run(capsys, *words) for words in lines]
    monkeypatch.setattr("paperdeck.cli.lean_list.list_arguments", lambda words: None)
    assert [run(capsys, *words) for words in lines] == lean
    assert all(code == EXIT_OK for code, _, _ in lean)


def test_a_lean_list_loads_no_argparse_and_leaves_the_collector_as_it_was(
    imported: Path,
) -> None:
    code = (
        "import gc, sys\n"
        "from paperdeck.cli import main\n"
        "status = main(['list', 'devil', '--limit', '1'])\n"
        "print(status, 'argparse' in sys.modules, gc.isenabled(), file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert "The Devil behind the mask" in result.stdout
    assert result.stderr.splitlines() == ["1 paper", "0 False True"], result.stderr


def test_search_idx_is_mapped_only_for_a_query_with_words(
    capsys: pytest.CaptureFixture[str], imported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paperdeck.search import SearchIndex

    mapped: list[bool] = []
    original = SearchIndex.map_index_file

    def recording(self: SearchIndex) -> bool:
        mapped.append(True)
        return original(self)

    monkeypatch.setattr(SearchIndex, "map_index_file", recording)
    filters = run(capsys, "list", "year:2025", "!is:starred")
    assert mapped == [] and filters[0] == EXIT_OK and "2 papers" in filters[2]
    assert run(capsys, "list", "year:2025", "diffusion")[0] == EXIT_OK and mapped == [True]
    assert run(capsys, "list", "year:abc")[0] == EXIT_BAD_INPUT and mapped == [True]
