"""Several CLI writers at once lose nothing; a refused one names the holder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from safety_helpers import (
    CHILD_TIMEOUT,
    KEYS,
    build_library,
    run_cli,
    state_view,
)

from paperdeck.cli import session
from paperdeck.library import Library


def test_concurrent_cli_writers_lose_nothing(home: Path) -> None:
    keys = build_library(home, papers=12, states=False)
    env = {**os.environ, "PAPERDECK_HOME": str(home)}
    rounds = [
        [["star", key] for key in keys[:6]],
        [["tag", key, f"t{i}"] for i, key in enumerate(keys[:6])],
        [["note", key, f"note {i}"] for i, key in enumerate(keys[6:])]
        + [["read", key] for key in keys[6:]],
    ]
    succeeded: list[list[str]] = []
    refused = 0
    for commands in rounds:
        procs = [
            (
                command,
                subprocess.Popen(
                    [sys.executable, "-m", "paperdeck", *command],
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
            for command in commands
        ]
        for command, proc in procs:
            _, err = proc.communicate(timeout=CHILD_TIMEOUT)
            assert proc.returncode in (0, 3), f"{command}: {proc.returncode} {err}"
            if proc.returncode == 0:
                succeeded.append(command)
            else:
                refused += 1
                assert "another paperdeck process (pid " in err, f"{command}: {err}"
                assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    lib = Library.open(home)
    for command in succeeded:
        state = lib.state(command[1])
        verb = command[0]
        assert (
            (verb == "star" and state.starred)
            or (verb == "read" and state.read)
            or (verb == "tag" and command[2] in state.tags)
            or (verb == "note" and state.note == command[2])
        ), f"{command} succeeded but is not on disk: {state}"
    assert succeeded, "no writer got through"
    print(f"concurrent CLI writers: {len(succeeded)} succeeded, {refused} refused")


def test_a_cli_writer_refused_while_another_process_writes_names_it(
    home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The refusal path, made certain: a child holds the writer lock (as a long
    write does) while a CLI command (in-process, with a short wait) asks for it."""
    build_library(home)
    before = state_view(Library.open(home))
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(home)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(session, "WRITER_WAIT_SECONDS", 0.2)
        code, _, err = run_cli(capsys, ["star", KEYS[9]])
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=CHILD_TIMEOUT)
    assert code == 3, err
    assert f"another paperdeck process (pid {holder.pid}," in err
    assert len(err.strip().splitlines()) == 1
    assert state_view(Library.open(home)) == before


# A process that holds the writer lock until its stdin closes.
LOCK_HOLDER = """
import sys
from pathlib import Path
from paperdeck.library.lock import WriterLock
with WriterLock(Path(sys.argv[1])).held(5):
    print("held", flush=True)
    sys.stdin.read()
"""
