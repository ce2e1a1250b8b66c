"""What author names and categories cost: import, corpus size, opening, and the
``author:`` and ``cat:`` filters, on the shared make_corpus.py text.

It writes ``make_corpus.py N --format jsonl``, and a copy of it in which every paper
has names (as many as its author count, at most 12, drawn from a pool of generated
names with accented ones among them) and one to three arXiv categories. Each file is
imported by a ``paperdeck import`` process into its own data folder; then:

- ``import_s``: the import process, wall time;
- ``corpus_mb``: the size of corpus.json;
- ``open_s``: ``Library.open`` (loading the corpus), median of --repeat runs;
- ``filter_ms``: on a fresh SearchIndex over the named library, the first query of
  a field (which builds that field's per-paper strings) and then another query of
  the same field (strings built, result not cached); medians of --repeat indexes.

Run: ``python bench/authors_bench.py [--size 100000] [--repeat 5]``. Not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAKE_CORPUS = ROOT.parent / "shared" / "tools" / "make_corpus.py"
FIRST = ["Ada", "Jürgen", "Yann", "Léon", "Sepp", "Ana", "Jan", "Li", "Wei", "Zoë", "Omar"]
CATEGORIES = ["cs.LG", "cs.CL", "cs.CV", "cs.AI", "stat.ML", "math.OC", "hep-th", "eess.SP"]


def named_copy(source: Path, target: Path, rng: random.Random) -> None:
    surnames = [f"Surname{n}" for n in range(20_000)] + ["Schmidhuber", "Müller", "Østergaard"]
    with source.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for line in lines:
            record = json.loads(line)
            count = min(record.get("authors") or 1, 12)
            record["authors"] = [
                f"{rng.choice(FIRST)} {rng.choice(surnames)}" for _ in range(count)
            ]
            record["categories"] = " ".join(rng.sample(CATEGORIES, rng.randint(1, 3)))
            out.write(json.dumps(record) + "\n")


def import_into(home: Path, corpus: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "paperdeck", "import", str(corpus)],
        env={"PAPERDECK_HOME": str(home), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def open_seconds(home: Path, repeat: int) -> float:
    from paperdeck.library import Library

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        library = Library.open(home)
        times.append(time.perf_counter() - start)
        library.close()
    return statistics.median(times)


def filter_ms(home: Path, repeat: int) -> dict[str, tuple[float, float]]:
    from paperdeck.library import Library
    from paperdeck.search import SearchIndex

    library = Library.open(home)
    families = {
        "author:surname": ["author:surname17", "author:schmid"],
        'author:"first last"': ['author:"jurgen surname1"', 'author:"ana surname2"'],
        "cat:cs.LG": ["cat:cs.LG", "cat:stat.ML"],
        "cat:cs (archive)": ["cat:cs", "cat:hep"],
    }
    figures = {}
    for name, (first_query, second_query) in families.items():
        firsts, seconds = [], []
        for _ in range(repeat):
            # A fresh index each time: nothing cached, the field's strings not built.
            index = SearchIndex(library.papers, {})
            start = time.perf_counter()
            index.search(first_query)
            firsts.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            index.search(second_query)
            seconds.append((time.perf_counter() - start) * 1000)
        figures[name] = (statistics.median(firsts), statistics.median(seconds))
    library.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        plain = tmp / "plain.jsonl"
        with plain.open("w") as out:
            subprocess.run(
                [sys.executable, str(MAKE_CORPUS), str(args.size), "--format", "jsonl"],
                stdout=out,
                check=True,
            )
        named = tmp / "named.jsonl"
        named_copy(plain, named, random.Random(1))
        for label, corpus in (("plain", plain), ("named", named)):
            home = tmp / label
            seconds = import_into(home, corpus)
            size = (home / "corpus.json").stat().st_size / 1e6
            opened = open_seconds(home, args.repeat)
            print(f"{label}: import_s {seconds:.2f}  corpus_mb {size:.1f}  open_s {opened:.3f}")
        for name, (first, later) in filter_ms(tmp / "named", args.repeat).items():
            print(f"filter {name:22} first {first:7.1f} ms  next query {later:6.1f} ms")


if __name__ == "__main__":
    main()
