"""The help texts: every command and every argument says what it is, in a sentence a
person would write (bug 6 of issue 11)."""

from __future__ import annotations

import argparse

import pytest

from paperdeck.cli import build_parser


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (group,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(group.choices)


def test_every_argument_of_every_command_has_help() -> None:
    bare = [
        f"{name} {action.metavar or action.dest}"
        for name, sub in subcommands(build_parser()).items()
        for action in sub._actions
        if not action.help
    ]
    assert bare == []


@pytest.mark.parametrize(
    ("command", "line"),
    [
        ("star", "star papers, given by id"),
        ("unstar", "unstar papers, given by id"),
        ("read", "mark papers read, given by id"),
        ("unread", "mark papers unread, given by id"),
        ("list", "list the papers a query matches (every paper without a query)"),
        (
            "redo",
            "redo the step undo took back last (star, read, tag, note, title, filter deletion)",
        ),
    ],
)
def test_the_command_lines_read_as_sentences(
    command: str, line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    listing = " ".join(capsys.readouterr().out.split())
    assert f"{command} {line}" in listing
