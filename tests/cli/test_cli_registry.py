"""The command registry: every command module registered, in --help order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paperdeck.cli import main


def test_every_command_module_is_registered_once_in_help_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from paperdeck.cli import commands
    from paperdeck.cli.registry import COMMANDS

    folder = Path(commands.__file__).parent
    modules = {path.stem for path in folder.glob("*.py")} - {"__init__"}
    assert modules == set(commands.COMMAND_MODULES)
    with pytest.raises(SystemExit):
        main(["--help"])
    help_lines = capsys.readouterr().out.splitlines()
    listed = [match[1] for line in help_lines if (match := re.match(r" {4}(\w+)\b", line))]
    assert listed == list(COMMANDS) == [
        "import", "list", "star", "unstar", "read", "unread", "tag", "note", "edit", "export",
        "undo", "redo", "history", "filters", "imports", "stats", "config",
    ]  # fmt: skip
