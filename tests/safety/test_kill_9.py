"""kill -9 at random moments, during imports and during triage writes: never a mixed
corpus, never a lost acknowledged write."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from safety_helpers import (
    CHILD,
    CHILD_TIMEOUT,
    SEED,
    ForkServer,
    assert_clean_writable_open,
    build_library,
    check_triage_outcome,
    parse_acknowledgements,
    reset_home,
    state_view,
)

from factories import MAKE_CORPUS
from paperdeck.library import Library


def kill_at_random(
    pid: int,
    rng: random.Random,
    span: float,
    watch: Path | None = None,
    write_span: float = 0.0,
    target: Path | None = None,
) -> str:
    """SIGKILL ``pid`` at a random moment within ``span`` seconds of its start; or,
    when ``watch`` is given, for most kills at a random moment within ``write_span``
    after that file (the writer's temp file) appears, so the write itself is hit often
    (the wait also ends when ``target``, the file being written, changes).
    Returns how the moment was chosen, for failure messages."""
    if watch is not None and rng.random() < 0.7:
        deadline = time.monotonic() + span + 2.0
        before = inode(target)
        while not watch.exists() and time.monotonic() < deadline and inode(target) == before:
            time.sleep(0.0002)
        delay = rng.uniform(0, write_span)
        time.sleep(delay)
        how = f"{delay * 1000:.1f} ms after the temp file appeared"
    else:
        delay = rng.uniform(0, span)
        time.sleep(delay)
        how = f"{delay * 1000:.1f} ms after start"
    os.kill(pid, signal.SIGKILL)
    return how


def inode(path: Path | None) -> int | None:
    try:
        return path.stat().st_ino if path else None
    except FileNotFoundError:
        return None


# A corpus import: sizes of the library before and after (make_corpus.py prefixes).
IMPORT_SIZES = (0, 300, 800, 1500)


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory, server: ForkServer) -> dict[str, Any]:
    """Corpus files of each size, a library snapshot holding each, the keys of each,
    and how long an import of each takes when not killed."""
    if not MAKE_CORPUS.is_file():
        pytest.skip(f"{MAKE_CORPUS} not found")
    root = tmp_path_factory.mktemp("corpora")
    files: dict[int, Path] = {}
    snapshots: dict[int, Path] = {}
    keys: dict[int, frozenset[str]] = {0: frozenset()}
    spans: dict[int, float] = {}
    for size in IMPORT_SIZES:
        home = snapshots[size] = root / f"home-{size}"
        home.mkdir()
        if not size:
            continue
        path = files[size] = root / f"corpus-{size}.txt"
        with path.open("wb") as out:
            subprocess.run(
                [sys.executable, str(MAKE_CORPUS), str(size)],
                stdout=out,
                check=True,
                timeout=CHILD_TIMEOUT,
            )
        started = time.monotonic()
        pid = server.start(["cli", "import", str(path)], home, root / "out.txt")
        status = server.reap(pid)
        spans[size] = time.monotonic() - started
        assert os.waitstatus_to_exitcode(status) == 0, (root / "out.txt").read_text()
        with Library.open(home, writable=True) as lib:
            keys[size] = frozenset(p.key for p in lib.papers)
            assert len(keys[size]) == size
            first = sorted(keys[size])[:2]
            lib.set_starred(first, True)
            lib.add_tags(first, ["kept"])
    return {"files": files, "snapshots": snapshots, "keys": keys, "spans": spans, "root": root}


def check_import_outcome(
    home: Path, before: int, after: int, corpora: dict[str, Any], state: bytes | None, context: str
) -> bool:
    """After a killed import: opens, holds exactly the old or the new corpus, state
    untouched, next writer clean. Returns True when the new corpus is there."""
    lib = Library.open(home)
    assert lib.warnings == [], f"{context}: {lib.warnings}"
    found = frozenset(p.key for p in lib.papers)
    old, new = corpora["keys"][before], corpora["keys"][after]
    assert found in (old, new), (
        f"{context}: {len(found)} papers, expected exactly {len(old)} or {len(new)}"
    )
    imports_before = 1 if before else 0
    assert len(lib.imports) == imports_before + (found == new), f"{context}: import records"
    state_path = home / "state.json"
    assert (state_path.read_bytes() if state_path.exists() else None) == state, (
        f"{context}: state.json changed"
    )
    assert_clean_writable_open(home, context)
    return found == new


def test_kill_9_during_imports_never_leaves_a_mixed_corpus(
    home: Path, tmp_path: Path, server: ForkServer, corpora: dict[str, Any]
) -> None:
    rng = random.Random(SEED)
    pairs = [(a, b) for a in IMPORT_SIZES for b in IMPORT_SIZES if a < b]
    outcomes = {"old": 0, "new": 0, "mid-write": 0}
    for trial in range(96):
        before, after = pairs[trial % len(pairs)]
        reset_home(home, corpora["snapshots"][before])
        state = (home / "state.json").read_bytes() if before else None
        span = corpora["spans"][after]
        pid = server.start(["cli", "import", str(corpora["files"][after])], home, tmp_path / "o")
        how = kill_at_random(
            pid, rng, span, home / f".paperdeck-corpus.json.{pid}.tmp", 0.006, home / "corpus.json"
        )
        server.reap(pid)
        outcomes["mid-write"] += (home / f".paperdeck-corpus.json.{pid}.tmp").exists()
        context = f"seed {SEED}, import kill {trial} ({before} -> {after} papers, {how})"
        new = check_import_outcome(home, before, after, corpora, state, context)
        outcomes["new" if new else "old"] += 1
    print(f"import kills (forked): {outcomes}")


def test_kill_9_of_python_m_paperdeck_import(
    home: Path, tmp_path: Path, corpora: dict[str, Any]
) -> None:
    rng = random.Random(SEED + 1)
    env = {**os.environ, "PAPERDECK_HOME": str(home)}
    for trial in range(12):
        before, after = (0, 800) if trial % 3 == 0 else (800, 1500)
        reset_home(home, corpora["snapshots"][before])
        state = (home / "state.json").read_bytes() if before else None
        proc = subprocess.Popen(
            [sys.executable, "-m", "paperdeck", "import", str(corpora["files"][after])],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        span = corpora["spans"][after] + 0.3  # plus the interpreter's start-up
        how = kill_at_random(
            proc.pid,
            rng,
            span,
            home / f".paperdeck-corpus.json.{proc.pid}.tmp",
            0.05,
            home / "corpus.json",
        )
        proc.wait(timeout=CHILD_TIMEOUT)
        context = f"seed {SEED + 1}, python -m import kill {trial} ({before} -> {after}, {how})"
        check_import_outcome(home, before, after, corpora, state, context)


def kill_triage_children(
    server: ForkServer,
    home: Path,
    tmp_path: Path,
    rng: random.Random,
    trials: int,
    extra: list[str],
    fraction: float,
    label: str,
) -> Iterator[tuple[str, bool, str]]:
    """Start a forked triage child ``trials`` times, kill -9 each at a random moment,
    and give what it acknowledged, whether it left state.json's temp file behind (it
    was killed mid-write), and a context naming the kill for failure messages."""
    out = tmp_path / "acks.txt"
    for trial in range(trials):
        child_seed = rng.randrange(1 << 30)
        out.write_bytes(b"")
        pid = server.start(["triage", str(child_seed), *extra], home, out)
        how = kill_at_random(pid, rng, fraction)
        status = server.reap(pid)
        text = out.read_text()
        temp_left = (home / f".paperdeck-state.json.{pid}.tmp").exists()
        context = f"seed {label} kill {trial} (child seed {child_seed}, {how})"
        assert os.WIFSIGNALED(status), f"{context}: the child ended on its own: {text}"
        yield text, temp_left, context


def test_kill_9_during_triage_loses_no_acknowledged_write(
    home: Path, tmp_path: Path, server: ForkServer
) -> None:
    build_library(home)
    rng = random.Random(SEED + 2)
    base = state_view(Library.open(home))
    acknowledged = in_flight = mid_write = 0
    kills = kill_triage_children(server, home, tmp_path, rng, 240, [], 0.04, f"{SEED + 2}, triage")
    for text, temp_left, context in kills:
        mid_write += temp_left
        tried, acked = parse_acknowledgements(text, context)
        acknowledged += acked
        in_flight += len(tried) > acked
        base = check_triage_outcome(home, base, text, context)
    print(
        f"triage kills (forked): 240, {acknowledged} writes acknowledged, {in_flight} kills "
        f"with a write in flight, {mid_write} left a temp file"
    )


def test_kill_9_during_appends_and_folds_of_the_state_log(
    home: Path, tmp_path: Path, server: ForkServer
) -> None:
    """A log folded every few records: kills land in appends, in folds (state.json
    written, the log not yet removed) and in the first append of a new log."""
    build_library(home)
    rng = random.Random(SEED + 4)
    base = state_view(Library.open(home))
    folds = 0
    kills = kill_triage_children(
        server, home, tmp_path, rng, 120, ["1200"], 0.05, f"{SEED + 4}, log"
    )
    for text, temp_left, context in kills:
        folds += temp_left
        base = check_triage_outcome(home, base, text, context)
    print(f"log kills (forked): 120, {folds} in the middle of a fold's state.json write")


def test_kill_9_of_a_triage_process_right_after_an_acknowledgement(home: Path) -> None:
    """Real processes (not forked): read the child's stdout and kill it as soon as it
    has acknowledged a random number of actions, or after a random sleep."""
    build_library(home)
    rng = random.Random(SEED + 3)
    base = state_view(Library.open(home))
    for trial in range(10):
        child_seed = rng.randrange(1 << 30)
        wanted = rng.randrange(0, 25)
        proc = subprocess.Popen(
            [sys.executable, str(CHILD), "triage", str(home), str(child_seed)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        assert proc.stdout is not None
        seen = b""
        deadline = time.monotonic() + CHILD_TIMEOUT
        while seen.count(b"\nok ") + seen.startswith(b"ok ") < wanted:
            assert time.monotonic() < deadline, f"seed {SEED + 3}: the child is stuck: {seen!r}"
            ready, _, _ = select.select([proc.stdout], [], [], 1.0)
            if ready:
                chunk = os.read(proc.stdout.fileno(), 65536)
                assert chunk, f"seed {SEED + 3}: the child ended: {seen!r}"
                seen += chunk
        if rng.random() < 0.5:
            time.sleep(rng.uniform(0, 0.003))
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate(timeout=CHILD_TIMEOUT)
        context = f"seed {SEED + 3}, process kill {trial} (child seed {child_seed}, {wanted} acks)"
        base = check_triage_outcome(home, base, (seen + rest).decode(), context)
