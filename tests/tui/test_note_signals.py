"""Notes are never lost (issue 13): the real app in tmux, a note being typed, then
the terminal closed (SIGHUP), SIGTERM, SIGINT, `tmux kill-session`, or kill -9 two
seconds after typing stopped. Each time the note is in state.json afterwards.

Before a signal is sent the test checks that the note is NOT on disk yet (the
autosave has not run), so it is the signal's save that is tested; on a machine so
slow that the autosave came first it types more and tries again.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tui_helpers import SMALL, make_library, on_disk

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    # The app's process is found, and its end seen, through /proc (Linux).
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="no /proc"),
]

# Generous: the app starts in a fresh interpreter on a possibly loaded machine.
START_SECONDS = 30.0
EXIT_SECONDS = 15.0


class AppInTmux:
    """``python -m paperdeck`` in a detached tmux session, on a tmux server of its
    own (``-L``), so no other tmux user is disturbed. A shell runs it and writes its
    exit status to ``status_file`` (tmux itself may not notice the exit for long)."""

    def __init__(self, home: Path, config: Path, width: int = 100, height: int = 30) -> None:
        self.name = f"paperdeck-test-{uuid.uuid4().hex[:8]}"
        self.status_file = home.parent / f"{self.name}.status"
        # COLUMNS and LINES (pytest may set them) would override the pane's size.
        command = (
            f"env -u COLUMNS -u LINES {sys.executable} -m paperdeck; echo $? > {self.status_file}"
        )
        subprocess.run(
            [
                "tmux",
                "-L",
                self.name,
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(width),
                "-y",
                str(height),
                "-e",
                f"PAPERDECK_HOME={home}",
                "-e",
                f"PAPERDECK_CONFIG={config}",
                command,
            ],
            check=True,
        )
        shell = int(self.display("#{pane_pid}"))
        children = Path(f"/proc/{shell}/task/{shell}/children")
        wait(lambda: children.read_text().strip() != "", "the app's process", START_SECONDS)
        self.pid = int(children.read_text().split()[0])

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.name, *args], capture_output=True, text=True, check=False
        )
        return done.stdout

    def display(self, what: str) -> str:
        return self._tmux("display-message", "-p", "-t", self.name, what).strip()

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str, literal: bool = False) -> None:
        self._tmux("send-keys", "-t", self.name, *(["-l"] if literal else []), *keys)

    def wait_for(self, text: str, timeout: float = START_SECONDS) -> None:
        wait(lambda: text in self.screen(), f"{text!r} on screen:\n{self.screen()}", timeout)

    def exit_status(self) -> int | None:
        """The app's exit status once it has exited, else None."""
        try:
            return int(self.status_file.read_text())
        except (FileNotFoundError, ValueError):
            return None  # not exited, or the shell is writing it now

    def kill_session(self) -> None:
        self._tmux("kill-session", "-t", self.name)

    def kill_server(self) -> None:
        self._tmux("kill-server")
        # tmux leaves the server's socket behind; one per test would pile up.
        folder = Path(os.environ.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}"
        (folder / self.name).unlink(missing_ok=True)


def wait(condition: Callable[[], bool], what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie, which no one may reap once
    its tmux server is gone, counts as ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return stat.rsplit(")", 1)[1].split()[0] not in {"Z", "X"}


@pytest.fixture
def app_in_tmux(home: Path, config_file: Path) -> Iterator[AppInTmux]:
    make_library(home, SMALL)
    app = AppInTmux(home, config_file)
    try:
        # The abstract of the top paper: the cursor is on it, so n has a paper.
        app.wait_for("Papers (5)")
        app.wait_for("NVIDIA")
        yield app
    finally:
        app.kill_server()
        if alive(app.pid):
            os.kill(app.pid, signal.SIGKILL)


def stored_notes(home: Path) -> list[str]:
    return [state.note for state in on_disk(home).states.values() if state.note]


def type_unsaved_note(app: AppInTmux, home: Path) -> str:
    """Type a note and return its text once it is on screen but not yet on disk."""
    app.keys("n")
    typed = ""
    for attempt in range(3):
        word = f"{'sig' if attempt == 0 else ' more'}{attempt}"
        app.keys(word, literal=True)
        typed += word
        app.wait_for(typed, timeout=10)
        if typed not in stored_notes(home):
            return typed
    pytest.skip("the autosave always came before the signal could be sent (a very slow machine)")


@pytest.mark.parametrize(
    ("number", "status"),
    [(signal.SIGHUP, 129), (signal.SIGTERM, 143), (signal.SIGINT, 130)],
    ids=["SIGHUP", "SIGTERM", "SIGINT"],
)
def test_a_signal_saves_the_note_being_typed_and_exits(
    app_in_tmux: AppInTmux, home: Path, number: int, status: int
) -> None:
    typed = type_unsaved_note(app_in_tmux, home)
    os.kill(app_in_tmux.pid, number)
    wait(
        lambda: app_in_tmux.exit_status() is not None,
        f"the app to exit ({alive(app_in_tmux.pid)=}):\n{app_in_tmux.screen()}",
        EXIT_SECONDS,
    )
    assert app_in_tmux.exit_status() == status
    assert stored_notes(home) == [typed]
    assert "Traceback" not in app_in_tmux.screen()


def test_tmux_kill_session_saves_the_note_being_typed(app_in_tmux: AppInTmux, home: Path) -> None:
    typed = type_unsaved_note(app_in_tmux, home)
    app_in_tmux.kill_session()  # the terminal goes away: SIGHUP
    wait(lambda: not alive(app_in_tmux.pid), "the app to end", EXIT_SECONDS)
    assert stored_notes(home) == [typed]


def test_kill_9_two_seconds_after_typing_stops_keeps_the_note(
    app_in_tmux: AppInTmux, home: Path
) -> None:
    app_in_tmux.keys("n")
    app_in_tmux.keys("autosaved note", literal=True)
    app_in_tmux.wait_for("autosaved note", timeout=10)
    time.sleep(2.0)
    os.kill(app_in_tmux.pid, signal.SIGKILL)
    wait(lambda: not alive(app_in_tmux.pid), "the app to die", EXIT_SECONDS)
    assert stored_notes(home) == ["autosaved note"]
