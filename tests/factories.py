"""What tests in every folder share: where the test data is, and papers made to order.

Importable from any test as ``factories`` (pytest puts ``tests/`` on the path for
``tests/conftest.py``). Fixtures live in the ``conftest.py`` of the folder that uses
them; ``tests/conftest.py`` holds the ones every test gets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from paperdeck.library import Library
from paperdeck.models import Entry, Paper, PaperState

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
# Small files of every import format, broken ones included.
SOURCE_FIXTURES = FIXTURES / "sources"
# A child process for the crash tests (kill -9 at random moments).
CRASH_CHILD = TESTS / "crash_child.py"
# The shared seed corpora and tools sit beside the checkout; tests that need them skip
# without them.
SHARED = TESTS.parent.parent / "shared"
SEEDS = SHARED / "seeds"
MAKE_CORPUS = SHARED / "tools" / "make_corpus.py"

# The library tests' open_library fixture: open_library(papers, source="a.jsonl").
OpenLibrary = Callable[..., Library]


def make_papers(count: int, start: int = 0) -> list[Paper]:
    """``count`` distinct papers with arXiv ids, titles, abstracts and upvotes."""
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


def entries(
    papers: Iterable[Paper], state: Callable[[Paper], PaperState | None] | None = None
) -> list[Entry]:
    """The papers as an importer hands them to the library: one entry a line, each with
    the state ``state`` gives it (none by default)."""
    return [Entry(p, i + 1, state(p) if state else None) for i, p in enumerate(papers)]


def numbered_papers(count: int) -> list[Paper]:
    """``count`` papers titled "Paper number N" (from 1), with arXiv ids 2501.0000N."""
    return [
        Paper.create(title=f"Paper number {n}", abstract=f"Abstract {n}.", arxiv_id=f"2501.0000{n}")
        for n in range(1, count + 1)
    ]
