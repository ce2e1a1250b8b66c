"""What the crash-safety tests share: libraries to hurt, snapshots of their files,
and the checks that must hold afterwards.

Everything random comes from one seed (``PAPERDECK_CRASH_SEED``, printed in every
failure message), and every child process runs under an explicit timeout.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from factories import CRASH_CHILD, entries, make_papers
from paperdeck import cli
from paperdeck.library import Library

CHILD = CRASH_CHILD
SEED = int(os.environ.get("PAPERDECK_CRASH_SEED", "20261122"))


# No child process may take longer than this (seconds); far above what any needs.
CHILD_TIMEOUT = 30.0


Snapshot = dict[str, bytes]
StateView = dict[str, tuple[bool, bool, tuple[str, ...], str]]


def build_library(home: Path, papers: int = 12, *, states: bool = True) -> list[str]:
    """A small library in ``home``; returns its keys. With ``states``, state.json and
    state.json.bak exist; a second import makes corpus.json.bak exist too."""
    items = make_papers(papers)
    with Library.open(home, writable=True) as lib:
        lib.import_entries(["one.txt"], entries(items[: papers // 2]))
        lib.import_entries(["two.txt"], entries(items[papers // 2 :]))
        keys = [p.key for p in lib.papers]
        if states:
            lib.set_starred([keys[0]], True)
            lib.fold_log()
            lib.add_tags([keys[1]], ["keep"])
        # The close folded state.log into state.json, the fold before it is the backup.
    return keys


def files_of(home: Path) -> Snapshot:
    """Every file in the data folder with its bytes (the lock file aside)."""
    if not home.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in sorted(home.iterdir()) if p.name != "paperdeck.lock"}


def temp_files(home: Path) -> list[str]:
    return sorted(p.name for p in home.glob(".*.tmp"))


def state_view(lib: Library) -> StateView:
    return {
        key: (s.starred, s.read, s.tags, s.note)
        for key, s in lib.states.items()
        if not s.is_default
    }


def memory_of(lib: Library) -> tuple[Any, ...]:
    return (list(lib.papers), dict(lib.states), list(lib.imports))


def assert_memory_matches_disk(lib: Library, home: Path, context: str) -> None:
    disk = Library.open(home)
    assert disk.warnings == [], f"{context}: {disk.warnings}"
    assert memory_of(lib) == memory_of(disk), f"{context}: memory and disk differ"


def assert_backups_parse(home: Path, context: str) -> None:
    for backup in home.glob("*.bak"):
        data = json.loads(backup.read_bytes())
        assert isinstance(data, dict), f"{context}: {backup.name} is not a document"


def assert_clean_writable_open(home: Path, context: str) -> None:
    """The next writer opens without a warning and sweeps any temp file away."""
    writer = Library.open(home, writable=True, wait=CHILD_TIMEOUT)
    try:
        assert writer.warnings == [], f"{context}: {writer.warnings}"
        assert temp_files(home) == [], f"{context}: temp files survived a writable open"
    finally:
        writer.close()
    assert_backups_parse(home, context)


class ForkServer:
    """tests/crash_child.py serve: children forked from a process that has paperdeck
    imported already, so a kill costs milliseconds, not a Python start-up."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD), "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )

    def ask(self, request: dict[str, Any]) -> int:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write((json.dumps(request) + "\n").encode())
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], CHILD_TIMEOUT)
        assert ready, f"the fork server did not answer {request} within {CHILD_TIMEOUT} s"
        return int(self.proc.stdout.readline())

    def start(self, argv: list[str], home: Path, out: Path) -> int:
        return self.ask({"run": argv, "home": str(home), "out": str(out)})

    def reap(self, pid: int) -> int:
        return self.ask({"wait": pid})

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=CHILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def reset_home(home: Path, snapshot: Path) -> None:
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(snapshot, home)


def parse_acknowledgements(text: str, context: str) -> tuple[list[dict[str, Any]], int]:
    """The actions a triage child tried, in order, and how many it acknowledged."""
    tried: list[dict[str, Any]] = []
    acked = 0
    for line in text.splitlines(keepends=True):
        if not line.endswith("\n"):
            break  # cut short by the kill
        if line.startswith("try "):
            tried.append(json.loads(line[4:]))
            assert tried[-1]["n"] == len(tried), f"{context}: out of order: {line!r}"
        elif line.startswith("ok "):
            acked += 1
            assert int(line[3:]) == acked == len(tried), f"{context}: bad ack {line!r}"
        else:
            raise AssertionError(f"{context}: child said {text!r}")
    return tried, acked


def apply_action(view: StateView, action: dict[str, Any]) -> StateView:
    """What one triage action does to the states, modelled independently."""
    key, op, value = action["key"], action["op"], action["value"]
    starred, read, tags, note = view.get(key, (False, False, (), ""))
    if op == "star":
        starred = value
    elif op == "read":
        read = value
    elif op == "tag":
        tags = tags if value in tags else (*tags, value)
    elif op == "untag":
        tags = tuple(t for t in tags if t != value)
    else:
        note = value
    result = dict(view)
    if starred or read or tags or note:
        result[key] = (starred, read, tags, note)
    else:
        result.pop(key, None)
    return result


def check_triage_outcome(home: Path, base: StateView, output: str, context: str) -> StateView:
    """Every acknowledged action is on disk; the one in flight may or may not be."""
    tried, acked = parse_acknowledgements(output, context)
    expected = base
    for action in tried[:acked]:
        expected = apply_action(expected, action)
    allowed = [expected]
    if len(tried) > acked:
        allowed.append(apply_action(expected, tried[acked]))
    lib = Library.open(home)
    assert lib.warnings == [], f"{context}: {lib.warnings}"
    found = state_view(lib)
    assert found in allowed, (
        f"{context}: {acked} acknowledged actions, on disk {found}, expected {allowed[0]}"
        + (f" or, with the action in flight, {allowed[1]}" if len(allowed) > 1 else "")
    )
    assert_clean_writable_open(home, context)
    return found


KEYS = [p.key for p in make_papers(12)]


def run_cli(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    try:
        code = cli.main(argv)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err
