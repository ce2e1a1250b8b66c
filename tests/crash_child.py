"""Child processes for the kill -9 tests in tests/safety/, which kill them with SIGKILL.

Plain Python (no pytest), run with the project's interpreter:

    python tests/crash_child.py triage HOME SEED
        Open the library in HOME for writing and loop star/read/tag/untag/note actions
        on its papers, chosen with random.Random(SEED). Before each action it prints
        ``try {json}``; after the call has returned, ``ok N``. Both lines are flushed,
        so every ``ok`` line the parent reads is an acknowledged write.

    python tests/crash_child.py serve
        A fork server, so that hundreds of kills do not each pay for starting Python
        and importing paperdeck. It reads one JSON request per line on stdin and
        answers one line on stdout:
          {"run": ARGV, "home": HOME, "out": FILE} -> "PID": fork a child with
              PAPERDECK_HOME=HOME and stdout/stderr sent to FILE, which runs ARGV:
              ["triage", SEED] as above (["triage", SEED, BYTES]: with state.log
              folded into state.json whenever it passes BYTES), or ["cli", ARG...]
              as `paperdeck ARG...` (what `python -m paperdeck ARG...` runs); the
              child exits with the command's status.
          {"wait": PID} -> "STATUS": reap that child (after the parent killed it).
        It stops at the end of its input.
"""

from __future__ import annotations

import json
import os
import random
import sys
import traceback
from pathlib import Path
from typing import Any

TAGS = ("alpha", "beta", "gamma", "delta")
NOTES = ("", "skim", "read the proofs", "compare with the baseline", "ask about it")
# An unkilled child stops by itself after this many actions.
MAX_ACTIONS = 5000


def triage(home: Path, seed: int, fold_bytes: int | None = None) -> int:
    from paperdeck.library import Library

    if fold_bytes is not None:
        Library.fold_bytes = fold_bytes
    rng = random.Random(seed)
    library = Library.open(home, writable=True, wait=10)
    keys = sorted(p.key for p in library.papers)
    out = sys.stdout
    for number in range(1, MAX_ACTIONS + 1):
        key = rng.choice(keys)
        op = rng.choice(("star", "read", "tag", "untag", "note"))
        value: Any
        if op in ("star", "read"):
            value = rng.random() < 0.6
        elif op in ("tag", "untag"):
            value = rng.choice(TAGS)
        else:
            value = rng.choice(NOTES)
        out.write("try " + json.dumps({"n": number, "op": op, "key": key, "value": value}) + "\n")
        out.flush()
        if op == "star":
            library.set_starred([key], value)
        elif op == "read":
            library.set_read([key], value)
        elif op == "tag":
            library.add_tags([key], [value])
        elif op == "untag":
            library.remove_tags([key], [value])
        else:
            library.set_note(key, value)
        out.write(f"ok {number}\n")
        out.flush()
    library.close()
    return 0


def run(argv: list[str]) -> int:
    if argv[0] == "triage":
        fold = int(argv[2]) if len(argv) > 2 else None
        return triage(Path(os.environ["PAPERDECK_HOME"]), int(argv[1]), fold)
    if argv[0] == "cli":
        from paperdeck.cli import main

        try:
            return main(argv[1:])
        except SystemExit as exit_:
            return exit_.code if isinstance(exit_.code, int) else 1
    raise SystemExit(f"unknown child command {argv!r}")


def serve() -> int:
    # Import everything a child needs once, before forking.
    import paperdeck.cli
    import paperdeck.library
    import paperdeck.sources  # noqa: F401

    for line in sys.stdin:
        request = json.loads(line)
        if "wait" in request:
            _, status = os.waitpid(request["wait"], 0)
            answer = str(status)
        else:
            sys.stdout.flush()
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
                    fd = os.open(request["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                    os.dup2(fd, 1)
                    os.dup2(fd, 2)
                    os.close(fd)
                    os.environ["PAPERDECK_HOME"] = request["home"]
                    code = run(request["run"])
                except BaseException:
                    traceback.print_exc()
                finally:
                    sys.stdout.flush()
                    os._exit(code)
            answer = str(pid)
        sys.stdout.write(answer + "\n")
        sys.stdout.flush()
    return 0


def main() -> int:
    if sys.argv[1:2] == ["serve"]:
        return serve()
    if sys.argv[1:2] == ["triage"] and len(sys.argv) == 4:
        return triage(Path(sys.argv[2]), int(sys.argv[3]))
    raise SystemExit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
