"""Crash safety: the library never loses an acknowledged write ("Nothing lost").

Four ways a library can be hurt, each checked for what must hold afterwards:

1. kill -9 at random moments, during imports and during triage writes;
2. an OS call (write, fsync, replace, link) failing at each point of a write;
3. damaged files at start-up;
4. several CLI writers at once.

Everything random comes from one seed (``PAPERDECK_CRASH_SEED``, printed in every
failure message), and every child process runs under an explicit timeout.
"""

from __future__ import annotations

import errno
import json
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from paperdeck import cli
from paperdeck.library import Library, StorageError
from paperdeck.models import Entry, Paper, PaperState

TESTS = Path(__file__).resolve().parents[1]
CHILD = TESTS / "crash_child.py"
MAKE_CORPUS = TESTS.parent.parent / "shared" / "tools" / "make_corpus.py"
SEED = int(os.environ.get("PAPERDECK_CRASH_SEED", "20261122"))
# No child process may take longer than this (seconds); far above what any needs.
CHILD_TIMEOUT = 30.0

Snapshot = dict[str, bytes]
StateView = dict[str, tuple[bool, bool, tuple[str, ...], str]]


# -- helpers ---------------------------------------------------------------------------


def make_papers(count: int, start: int = 0) -> list[Paper]:
    return [
        Paper.create(
            title=f"Paper {i}: a study of topic {i * 7 % 13}",
            abstract=f"We study problem {i}. It is hard in way {i % 5}.",
            arxiv_id=f"2401.{i:05d}",
            upvotes=i % 4,
            sources=("seed.txt",),
        )
        for i in range(start, start + count)
    ]


def entries(papers: list[Paper], state: Callable[[Paper], PaperState | None] | None = None):
    return [Entry(p, i + 1, state(p) if state else None) for i, p in enumerate(papers)]


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
            lib.add_tags([keys[1]], ["keep"])
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


# -- 1. kill -9 ----------------------------------------------------------------------------


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


@pytest.fixture(scope="module")
def server() -> Iterator[ForkServer]:
    forks = ForkServer()
    yield forks
    forks.close()


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


def reset_home(home: Path, snapshot: Path) -> None:
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(snapshot, home)


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
            pid, rng, span, home / f".corpus.json.{pid}.tmp", 0.006, home / "corpus.json"
        )
        server.reap(pid)
        outcomes["mid-write"] += (home / f".corpus.json.{pid}.tmp").exists()
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
            proc.pid, rng, span, home / f".corpus.json.{proc.pid}.tmp", 0.05, home / "corpus.json"
        )
        proc.wait(timeout=CHILD_TIMEOUT)
        context = f"seed {SEED + 1}, python -m import kill {trial} ({before} -> {after}, {how})"
        check_import_outcome(home, before, after, corpora, state, context)


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


def test_kill_9_during_triage_loses_no_acknowledged_write(
    home: Path, tmp_path: Path, server: ForkServer
) -> None:
    build_library(home)
    rng = random.Random(SEED + 2)
    base = state_view(Library.open(home))
    out = tmp_path / "acks.txt"
    acknowledged = in_flight = mid_write = 0
    for trial in range(240):
        child_seed = rng.randrange(1 << 30)
        out.write_bytes(b"")
        pid = server.start(["triage", str(child_seed)], home, out)
        how = kill_at_random(pid, rng, 0.04)
        status = server.reap(pid)
        text = out.read_text()
        mid_write += (home / f".state.json.{pid}.tmp").exists()
        context = f"seed {SEED + 2}, triage kill {trial} (child seed {child_seed}, {how})"
        assert os.WIFSIGNALED(status), f"{context}: the child ended on its own: {text}"
        tried, acked = parse_acknowledgements(text, context)
        acknowledged += acked
        in_flight += len(tried) > acked
        base = check_triage_outcome(home, base, text, context)
    print(
        f"triage kills (forked): 240, {acknowledged} writes acknowledged, {in_flight} kills "
        f"with a write in flight, {mid_write} left a temp file"
    )


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


# -- 2. fault injection -----------------------------------------------------------------------

FAULT_CALLS = ("write", "fsync", "replace", "link")
FAULT_ERRNOS = (errno.ENOSPC, errno.EIO)


@contextmanager
def os_faults(fail: tuple[str, int, int] | None = None) -> Iterator[dict[str, int]]:
    """Count calls to the OS functions a write uses; with ``fail`` = (name, n, errno),
    make the n-th call of that one raise OSError(errno)."""
    counts = dict.fromkeys(FAULT_CALLS, 0)
    with pytest.MonkeyPatch.context() as patch:
        for name in FAULT_CALLS:
            real = getattr(os, name)

            def wrapper(*args: Any, _name: str = name, _real: Any = real, **kwargs: Any) -> Any:
                counts[_name] += 1
                if fail is not None and fail[:2] == (_name, counts[_name]):
                    raise OSError(fail[2], os.strerror(fail[2]))
                return _real(*args, **kwargs)

            patch.setattr(os, name, wrapper)
        yield counts


def every_fault(counts: dict[str, int]) -> list[tuple[str, int, int]]:
    return [
        (name, n, code)
        for name in FAULT_CALLS
        for n in range(1, counts[name] + 1)
        for code in FAULT_ERRNOS
    ]


class Scenario:
    """One write: how to set the library up, the action, and what it must achieve."""

    def __init__(
        self,
        name: str,
        setup: Callable[[Path], None],
        action: Callable[[Library], object],
        achieved: Callable[[Library], bool],
        *,
        strict: bool = True,
    ) -> None:
        self.name, self.setup, self.action, self.achieved = name, setup, action, achieved
        # Not strict: an import carrying state writes state.json before corpus.json, so a
        # failed corpus write may leave new states (of papers not in the corpus) behind.
        self.strict = strict


KEYS = [p.key for p in make_papers(12)]
EXTRA = make_papers(3, start=100)
UPDATED = make_papers(1)[0].with_changes(upvotes=99)


def nothing(_home: Path) -> None:
    pass


def papers_only(home: Path) -> None:
    build_library(home, states=False)


SCENARIOS = [
    Scenario(
        "first import",
        nothing,
        lambda lib: lib.import_entries(["x.txt"], entries(EXTRA)),
        lambda lib: len(lib.papers) == 3,
    ),
    Scenario(
        "import more",
        build_library,
        lambda lib: lib.import_entries(["x.txt"], entries([*EXTRA, UPDATED])),
        lambda lib: len(lib.papers) == 15 and lib.resolve(UPDATED.key).upvotes == 99,
    ),
    Scenario(
        "import carrying state",
        build_library,
        lambda lib: lib.import_entries(
            ["x.jsonl"], entries(EXTRA, lambda p: PaperState(key=p.key, starred=True))
        ),
        lambda lib: len(lib.papers) == 15 and lib.state(EXTRA[0].key).starred,
        strict=False,
    ),
    Scenario(
        "first star",
        papers_only,
        lambda lib: lib.set_starred([KEYS[3]], True),
        lambda lib: lib.state(KEYS[3]).starred,
    ),
    Scenario(
        "star",
        build_library,
        lambda lib: lib.set_starred([KEYS[3], KEYS[4]], True),
        lambda lib: lib.state(KEYS[3]).starred and lib.state(KEYS[4]).starred,
    ),
    Scenario(
        "tag",
        build_library,
        lambda lib: lib.add_tags([KEYS[0]], ["new", "more"]),
        lambda lib: lib.state(KEYS[0]).tags == ("new", "more"),
    ),
    Scenario(
        "untag to nothing",
        build_library,
        lambda lib: lib.remove_tags([KEYS[1]], ["keep"]),
        lambda lib: KEYS[1] not in lib.states,
    ),
    Scenario(
        "note",
        build_library,
        lambda lib: lib.set_note(KEYS[2], "a note\nof two lines"),
        lambda lib: lib.state(KEYS[2]).note == "a note\nof two lines",
    ),
]


def fresh(home: Path, setup: Callable[[Path], None]) -> Library:
    shutil.rmtree(home, ignore_errors=True)
    setup(home)
    return Library.open(home, writable=True)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_a_failing_os_call_at_any_point_changes_nothing(home: Path, scenario: Scenario) -> None:
    with fresh(home, scenario.setup) as lib, os_faults() as counts:
        scenario.action(lib)
    assert counts["write"] and counts["fsync"] and counts["replace"], counts
    faults = every_fault(counts)
    for name, n, code in faults:
        context = (
            f"{scenario.name}: os.{name} call {n} of {counts[name]} fails ({errno.errorcode[code]})"
        )
        lib = fresh(home, scenario.setup)
        try:
            files = files_of(home)
            memory = memory_of(lib)
            with os_faults((name, n, code)):
                try:
                    scenario.action(lib)
                    failure: Exception | None = None
                except Exception as error:  # checked just below
                    failure = error
            if failure is None:
                # Only a step whose failure is harmless (the folder fsync after the
                # rename, a hard link with a copy to fall back on) may fail silently.
                # (fsync calls alternate: the temp file's, then the folder's.)
                assert name == "link" or (name == "fsync" and n % 2 == 0), context
                assert scenario.achieved(lib), f"{context}: the write did not happen"
            else:
                assert isinstance(failure, StorageError), f"{context}: raised {failure!r}"
                assert "could not save" in str(failure) and os.strerror(code) in str(failure), (
                    f"{context}: unclear message {failure}"
                )
                assert memory_of(lib) == memory or not scenario.strict, f"{context}: memory changed"
                after = files_of(home)
                for file in ("corpus.json", "state.json"):
                    if scenario.strict or file == "corpus.json":
                        assert after.get(file) == files.get(file), f"{context}: {file} changed"
                    elif after.get(file) != files.get(file):
                        orphans = set(json.loads(after[file])["states"]) - set(
                            json.loads(files.get(file) or b'{"states": {}}')["states"]
                        )
                        assert orphans <= {p.key for p in EXTRA}, context
            assert temp_files(home) == [], f"{context}: temp files left behind"
            assert_memory_matches_disk(lib, home, context)
            # The next write works.
            scenario.action(lib)
            assert scenario.achieved(lib), f"{context}: the retry did not work"
            assert_memory_matches_disk(lib, home, context + ", then retried")
        finally:
            lib.close()
        # The lock went with the close.
        Library.open(home, writable=True, wait=0).close()
    print(f"{scenario.name}: {len(faults)} injected faults, calls {counts}")


CLI_COMMANDS = [
    ["star", KEYS[5]],
    ["tag", KEYS[5], "cli-tag"],
    ["note", KEYS[5], "from the CLI"],
]


def run_cli(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    try:
        code = cli.main(argv)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("command", [*CLI_COMMANDS, ["import"]], ids=lambda c: c[0])
def test_a_failing_cli_write_exits_3_with_one_line(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    if command == ["import"]:
        page = tmp_path / "more.jsonl"
        page.write_text(
            "".join(json.dumps({"title": p.title, "abstract": p.abstract}) + "\n" for p in EXTRA)
        )
        command = ["import", str(page)]
    shutil.rmtree(home, ignore_errors=True)
    build_library(home)
    pristine = tmp_path / "pristine"
    shutil.copytree(home, pristine)
    with os_faults() as counts:
        code, _, err = run_cli(capsys, command)
    assert code == 0, err
    faults = [f for f in every_fault(counts) if f[0] != "link"]
    for name, n, code_ in faults:
        context = f"paperdeck {command[0]}: os.{name} call {n} fails ({errno.errorcode[code_]})"
        reset_home(home, pristine)
        files = files_of(home)
        with os_faults((name, n, code_)):
            status, _, err = run_cli(capsys, command)
        if status == 0:
            assert name == "fsync" and n % 2 == 0, f"{context}: {err}"
            continue
        assert status == 3, f"{context}: exit status {status}: {err}"
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("paperdeck: "), f"{context}: {err!r}"
        assert "Traceback" not in err and os.strerror(code_) in err, f"{context}: {err!r}"
        after = files_of(home)
        for file in ("corpus.json", "state.json"):
            assert after.get(file) == files.get(file), f"{context}: {file} changed"
        assert temp_files(home) == [], f"{context}: temp files left behind"
        Library.open(home, writable=True, wait=0).close()  # no leaked lock
    print(f"paperdeck {command[0]}: {len(faults)} injected faults")


def test_recovery_of_a_damaged_file_survives_a_failing_os_call(home: Path) -> None:
    """Setting a damaged file aside and restoring its backup is a write too: whatever
    call fails, no file is lost and the next open still recovers the backup."""
    build_library(home)
    backup_state = json.loads((home / "state.json.bak").read_bytes())["states"]
    pristine = home.with_name("pristine")
    shutil.copytree(home, pristine)
    (pristine / "state.json").write_bytes(b'{"states": {"trunc')
    reset_home(home, pristine)
    with os_faults() as counts:
        Library.open(home, writable=True).close()
    faults = every_fault(counts)
    for name, n, code in faults:
        context = f"recovery: os.{name} call {n} fails ({errno.errorcode[code]})"
        reset_home(home, pristine)
        with os_faults((name, n, code)):
            try:
                Library.open(home, writable=True).close()
            except StorageError as error:
                assert "state.json" in str(error), f"{context}: {error}"
        lib = Library.open(home, writable=True)
        lib.close()
        assert set(lib.states) == set(backup_state), f"{context}: recovered {lib.states}"
        damaged = [p.read_bytes() for p in home.glob("state.json.corrupt-*")]
        assert damaged and set(damaged) == {b'{"states": {"trunc'}, context
    print(f"recovery: {len(faults)} injected faults, calls {counts}")


# -- 3. damaged files at start-up ----------------------------------------------------------------

WRONG_SHAPES = [
    b"[]",
    b"[1, 2]",
    b'"a document that is a string"',
    b"null",
    b"42",
    b'{"papers": []}',
    b'{"states": [1, 2]}',
    b'{"papers": {"x": "not a record"}, "states": {"y": 3}}',
    b'{"papers": {"x": {"title": "no key"}}, "states": {"y": {"tags": ["no key"]}}}',
    b'{"papers": {"x": {"key": "x", "title": "t", "sources": 5}}, '
    b'"states": {"y": {"key": "y", "tags": 5}}}',
    b'{"imports": {"1": {"files": []}}}',
]


def schema_ok(raw: bytes, name: str) -> bool | None:
    """An independent verdict on a library file: True when it is a well-formed
    document, False when it is not JSON or not shaped as tables of records, None when
    it parses but its records are odd (the library may take or refuse it)."""
    try:
        data = json.loads(raw)
    except ValueError:
        return False
    if not isinstance(data, dict) or not all(
        isinstance(t, dict) and all(isinstance(d, dict) for d in t.values()) for t in data.values()
    ):
        return False
    fields: dict[str, tuple[type, ...]]
    for table, records in data.items():
        if name == "corpus.json" and table == "papers":
            fields = {"key": (str,), "title": (str,), "abstract": (str,), "sources": (list,)}
        elif name == "corpus.json" and table == "imports":
            fields = {"time": (str,)}
        elif name == "state.json" and table == "states":
            fields = {"key": (str,), "tags": (list,), "note": (str,)}
        else:
            return None
        for record in records.values():
            if not all(isinstance(record.get(f), t) for f, t in fields.items()):
                return None
    return True


def damages(raw: bytes, rng: random.Random) -> list[tuple[str, bytes]]:
    cuts = sorted({0, 1, len(raw) - 1, *rng.sample(range(len(raw)), min(30, len(raw)))})
    found = [(f"truncated at {cut}", raw[:cut]) for cut in cuts]
    found.append(("zero-filled", b"\0" * len(raw)))
    for _ in range(30):
        position, bit = rng.randrange(len(raw)), 1 << rng.randrange(8)
        flipped = bytearray(raw)
        flipped[position] ^= bit
        found.append((f"bit {bit:#x} flipped at {position}", bytes(flipped)))
    found.extend((f"wrong shape {shape[:30]!r}", shape) for shape in WRONG_SHAPES)
    return found


def content(lib: Library, name: str) -> object:
    return [p.key for p in lib.papers] if name == "corpus.json" else state_view(lib)


@pytest.mark.parametrize("with_backup", [True, False], ids=["with-backup", "no-backup"])
@pytest.mark.parametrize("name", ["corpus.json", "state.json"])
def test_damaged_files_at_start_up(
    home: Path, tmp_path: Path, name: str, with_backup: bool
) -> None:
    build_library(home)
    pristine = tmp_path / "pristine"
    shutil.copytree(home, pristine)
    if not with_backup:
        (pristine / f"{name}.bak").unlink()
    good = content(Library.open(pristine), name)
    shutil.copytree(pristine, tmp_path / "backup-as-main")
    from_backup: object = None
    if with_backup:
        shutil.copy(pristine / f"{name}.bak", tmp_path / "backup-as-main" / name)
        from_backup = content(Library.open(tmp_path / "backup-as-main"), name)
    rng = random.Random(f"{SEED}-{name}-{with_backup}")
    cases = damages((pristine / name).read_bytes(), rng)
    for label, damaged in cases:
        context = f"seed {SEED}: {name} {label}, {'with' if with_backup else 'no'} backup"
        verdict = schema_ok(damaged, name)
        reset_home(home, pristine)
        (home / name).write_bytes(damaged)
        files = files_of(home)

        # A reader never moves a file.
        try:
            reader: Library | None = Library.open(home)
        except StorageError as error:
            assert name in str(error), f"{context}: {error}"
            reader = None
        except Exception as error:
            pytest.fail(f"{context}: read-only open raised {error!r}")
        assert files_of(home) == files, f"{context}: a reader moved files"
        if verdict is False:
            if with_backup:
                assert reader is not None, context
                assert len(reader.warnings) == 1 and "showing its backup" in reader.warnings[0]
                assert content(reader, name) == from_backup, context
            else:
                assert reader is None, f"{context}: a reader opened without a backup"
        elif verdict is True:
            assert reader is not None and reader.warnings == [], context

        # A writer sets the damaged file aside, restores the backup, says so once.
        try:
            writer = Library.open(home, writable=True, wait=0)
        except Exception as error:
            pytest.fail(f"{context}: writable open raised {error!r}")
        writer.close()
        aside = sorted(home.glob(f"{name}.corrupt-*"))
        if verdict is True:
            assert writer.warnings == [] and aside == [], f"{context}: {writer.warnings}"
            continue
        if verdict is None and not writer.warnings:
            continue  # odd records the library can read: not damage
        assert len(writer.warnings) == 1, f"{context}: {writer.warnings}"
        assert [p.read_bytes() for p in aside] == [damaged], f"{context}: not set aside"
        if with_backup:
            assert "restored the previous version" in writer.warnings[0], context
            assert content(writer, name) == from_backup, context
        else:
            assert "moved to" in writer.warnings[0], context
            assert not content(writer, name), context
        # The recovery is durable: the next writer finds nothing to say.
        again = Library.open(home, writable=True, wait=0)
        again.close()
        assert again.warnings == [], f"{context}: {again.warnings}"
        assert content(again, name) == content(writer, name), context
    assert good  # the undamaged library had content to lose
    print(f"{name} ({'with' if with_backup else 'no'} backup): {len(cases)} damaged files")


def test_two_damaged_files_in_one_second_are_both_kept(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import paperdeck.library.recovery as library_module

    real = library_module.datetime

    class FrozenClock(real):  # type: ignore[misc, valid-type]
        @classmethod
        def now(cls, tz: Any = None) -> Any:
            return real(2026, 1, 2, 3, 4, 5, tzinfo=tz)

    build_library(home)
    monkeypatch.setattr(library_module, "datetime", FrozenClock)
    for damage in (b"first damage", b"second damage"):
        (home / "state.json").write_bytes(damage)
        with Library.open(home, writable=True) as lib:
            assert len(lib.warnings) == 1
    kept = {p.read_bytes() for p in home.glob("state.json.corrupt-*")}
    assert kept == {b"first damage", b"second damage"}


# -- 4. concurrent CLI writers ----------------------------------------------------------------


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


# -- the writer lock under faults ------------------------------------------------------------


def test_a_full_disk_when_describing_the_lock_holder_leaks_no_lock(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_library(home)

    def full_disk(*_args: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "pwrite", full_disk)
        lib = Library.open(home, writable=True, wait=0)
    lib.set_starred([KEYS[7]], True)
    lib.close()
    Library.open(home, writable=True, wait=0).close()  # the lock was given back
    assert Library.open(home).state(KEYS[7]).starred


def test_a_lock_file_that_cannot_be_opened_is_a_storage_error(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build_library(home)
    (home / "paperdeck.lock").unlink()
    (home / "paperdeck.lock").mkdir()
    with pytest.raises(StorageError, match="cannot lock"):
        Library.open(home, writable=True, wait=0)
    code, _, err = run_cli(capsys, ["star", KEYS[0]])
    assert code == 3 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err


def test_a_damaged_backup_is_named_when_nothing_can_be_restored(home: Path) -> None:
    build_library(home)
    (home / "state.json").write_bytes(b"{")
    (home / "state.json.bak").write_bytes(b"[]")
    with pytest.raises(StorageError, match="no usable backup"):
        Library.open(home)
    with Library.open(home, writable=True) as lib:
        assert lib.states == {}
        (warning,) = lib.warnings
    assert "its backup is damaged too" in warning and "moved to state.json.corrupt-" in warning
