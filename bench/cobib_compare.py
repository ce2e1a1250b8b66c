"""``paperdeck list`` against coBib's ``cobib search`` on the same papers.

Usage: ``python bench/cobib_compare.py PAPERDECK_HOME COBIB [--query diffusion]
[--repeat 5] [--work DIR]``; prints JSON. PAPERDECK_HOME is a library already
imported (bench.py passes the one it built); COBIB is coBib's executable, installed in
a venv of its own (bench/README.md says how; it is never a dependency of paperdeck).

The same papers reach coBib through its own BibTeX importer: ``paperdeck export --all
--format bibtex`` writes them, ``cobib init`` and one ``cobib add -b FILE`` read them
into coBib's YAML database (one add of the whole file: coBib parses and writes its
database once, the fastest import it offers that goes through its own parser). coBib
runs with HOME and the XDG folders in a temporary folder, so it reads no user config
and touches no user database.

Then ``cobib search QUERY`` and ``paperdeck list QUERY`` run as fresh processes,
alternating, --repeat times each; the figures are the medians and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def cobib_environment(folder: Path) -> dict[str, str]:
    """An environment in which coBib's config, data, cache and state live in ``folder``."""
    env = {**os.environ, "HOME": str(folder)}
    for name, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        (folder / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(folder / sub)
    return env


def quiet(args: list[str], env: dict[str, str]) -> float:
    """Run a command to completion with its output discarded; return its wall seconds."""
    start = time.perf_counter()
    done = subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode:
        last = (done.stderr.decode(errors="replace").strip().splitlines() or ["no message"])[-1]
        raise SystemExit(f"cobib_compare: {' '.join(args[:4])}... failed: {last}")
    return time.perf_counter() - start


def build_cobib_database(home: Path, cobib: str, folder: Path) -> tuple[dict[str, str], float]:
    """coBib's database of the library's papers; returns its environment and import seconds."""
    paperdeck_env = {**os.environ, "PAPERDECK_HOME": str(home)}
    bibtex = folder / "papers.bib"
    paperdeck = [sys.executable, "-m", "paperdeck"]
    quiet([*paperdeck, "export", "--all", "--format", "bibtex", "-o", str(bibtex)], paperdeck_env)
    env = cobib_environment(folder)
    quiet([cobib, "init"], env)
    seconds = quiet([cobib, "add", "-b", str(bibtex)], env)
    return env, seconds


def compare(home: Path, cobib: str, query: str, repeat: int, folder: Path) -> dict[str, float]:
    """Median wall seconds of each search, as fresh processes taking turns."""
    cobib_env, import_s = build_cobib_database(home, cobib, folder)
    paperdeck_env = {**os.environ, "PAPERDECK_HOME": str(home)}
    paperdeck = [sys.executable, "-m", "paperdeck", "list", query]
    theirs, ours = [], []
    for _ in range(repeat):
        theirs.append(quiet([cobib, "search", query], cobib_env))
        ours.append(quiet(paperdeck, paperdeck_env))
    cobib_s, list_s = statistics.median(theirs), statistics.median(ours)
    return {
        "cobib_import_s": round(import_s, 3),
        "cobib_search_s": round(cobib_s, 3),
        "paperdeck_list_s": round(list_s, 3),
        "cobib_ratio": round(cobib_s / list_s, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home", type=Path, help="an imported paperdeck data folder")
    parser.add_argument("cobib", help="coBib's executable")
    parser.add_argument("--query", default="diffusion")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--work", type=Path, help="coBib's folder (default: a temp dir)")
    args = parser.parse_args()
    folder = args.work or Path(tempfile.mkdtemp(prefix="paperdeck-cobib-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(json.dumps(compare(args.home, args.cobib, args.query, args.repeat, folder)))


if __name__ == "__main__":
    main()
