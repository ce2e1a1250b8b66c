"""Several CLI writers at once lose nothing; a refused one names the holder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from safety_helpers import (
    CHILD_TIMEOUT,
    KEYS,
    SEED,
    ForkServer,
    build_library,
    check_triage_outcome,
    run_cli,
    state_view,
)

from paperdeck import cli
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
    tmp_path: Path,
    server: ForkServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The refusal path of the test above, made certain: a child keeps writing while
    a CLI command (in-process, with a short wait) asks for the lock."""
    build_library(home)
    out = tmp_path / "acks.txt"
    out.write_bytes(b"")
    pid = server.start(["triage", str(SEED)], home, out)
    try:
        deadline = time.monotonic() + CHILD_TIMEOUT
        while "ok 1\n" not in out.read_text():  # the child holds the lock now
            assert time.monotonic() < deadline, out.read_text()
            time.sleep(0.005)
        monkeypatch.setattr(cli.session, "WRITER_WAIT_SECONDS", 0.2)
        code, _, err = run_cli(capsys, ["star", KEYS[9]])
    finally:
        os.kill(pid, signal.SIGKILL)
        server.reap(pid)
    assert code == 3, err
    assert f"another paperdeck process (pid {pid}," in err and len(err.strip().splitlines()) == 1
    check_triage_outcome(home, state_view(Library.open(home)), "", "after the refusal")
