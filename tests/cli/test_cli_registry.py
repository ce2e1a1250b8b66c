"""The command registry: every command module registered, in --help order, and a
command's start-up loading only its own module."""

from __future__ import annotations

import re
import subprocess
import sys
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
    assert listed == list(commands.COMMAND_NAMES) == [
        "import", "add", "enrich", "fetch", "feeds",
        "list", "star", "unstar", "read", "unread", "tag", "note", "edit", "similar", "export",
        "undo", "redo", "history", "filters", "imports", "stats", "config",
    ]  # fmt: skip
    # Each module registers exactly the commands COMMAND_MODULES says it does.
    registered: dict[str, list[str]] = {}
    for name, entry in COMMANDS.items():
        registered.setdefault(entry.handler.__module__.rpartition(".")[2], []).append(name)
    assert {module: tuple(names) for module, names in registered.items()} == (
        commands.COMMAND_MODULES
    )


def test_a_command_loads_only_its_own_module_and_help_loads_all() -> None:
    code = (
        "import sys\n"
        "from paperdeck.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit:\n"
        "    pass\n"
        "prefix = 'paperdeck.cli.commands.'\n"
        "print(sorted(m[len(prefix):] for m in sys.modules if m.startswith(prefix)))\n"
    )

    def loaded(*argv: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=60
        )
        return result.stdout.splitlines()[-1]

    assert loaded("stats", "--json") == "['stats']"
    assert loaded("unread", "--help") == "['triage']"
    everything = loaded("--help")
    assert everything.count("'") == 2 * 16 and "'journal'" in everything
