"""columns.bin: a derived copy of the corpus as columns, used only when it was made
from exactly the corpus.json on disk; missing, stale or damaged, it is ignored and
rewritten, and nothing is ever lost."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from factories import OpenLibrary, entries, make_papers
from paperdeck.library import Library
from paperdeck.library.columns_file import COLUMNS_FILE
from paperdeck.models import Paper
from paperdeck.models.column_papers import ColumnPapers
from paperdeck.search.by_id import PapersById, default_order

NAMED = Paper.create(
    title="Flow matching, in Ünïcode — with “quotes”",
    abstract="An abstract.\nTwo lines; émoji 🙂.",
    arxiv_id="2406.07522",
    authors=3,
    org="A lab",
    upvotes=12,
    sources=("a.txt", "b.txt"),
    author_names=("Ada Lovelace", "Alan Turing"),
    categories=("cs.LG", "stat.ML"),
)
UNTITLED = Paper.create(abstract="Only an abstract here. And a second sentence.", date_hint="2021")
PAPERS = [NAMED, UNTITLED, *make_papers(30)]
KEYS = [paper.key for paper in PAPERS]


def parsed_from_json(home: Path) -> Library:
    """The library as read from corpus.json alone (the column file set aside)."""
    (home / COLUMNS_FILE).rename(home / "columns.aside")
    try:
        return Library.open(home)
    finally:
        (home / "columns.aside").rename(home / COLUMNS_FILE)


@pytest.fixture
def imported(open_library: OpenLibrary, home: Path) -> Path:
    open_library(PAPERS).close()
    return home


def test_an_import_writes_columns_that_open_to_the_same_library(imported: Path) -> None:
    assert (imported / COLUMNS_FILE).exists()
    with Library.open(imported) as mapped, parsed_from_json(imported) as parsed:
        assert isinstance(mapped.papers, ColumnPapers)
        assert not isinstance(parsed.papers, ColumnPapers)
        assert list(mapped.papers) == list(parsed.papers)
        assert [p.key for p in mapped.papers] == [p.key for p in PAPERS]
        assert mapped.papers[0].author_names == NAMED.author_names
        assert [mapped.papers[i] for i in range(len(PAPERS))] == list(parsed.papers)
        assert mapped.papers[-1] == parsed.papers[-1] and mapped.papers[1:3] == parsed.papers[1:3]
        assert mapped.imports == parsed.imports and mapped.generation == parsed.generation
        assert mapped.get(NAMED.key) == parsed.get(NAMED.key) == mapped.resolve("2406.07522")
        assert isinstance(mapped.papers, ColumnPapers)
        assert mapped.papers.titles().as_list() == [p.title for p in parsed.papers]
        assert list(mapped.papers.abstracts()) == [p.abstract for p in parsed.papers]
        assert mapped.papers.sort_dates() == [p.sort_date for p in parsed.papers]
        assert mapped.papers.keys() == [p.key for p in parsed.papers]


def test_the_import_times_read_from_their_codes_are_the_rows_own(imported: Path) -> None:
    # A second import adds papers and updates one (more upvotes): two import
    # times, and a paper whose added and updated differ.
    richer = Paper.create(
        title=NAMED.title, abstract=NAMED.abstract, arxiv_id="2406.07522", upvotes=30
    )
    with Library.open(imported, writable=True) as library:
        library.import_entries(["more.txt"], entries([richer, *make_papers(3, start=100)]))
    with Library.open(imported) as mapped, parsed_from_json(imported) as parsed:
        assert isinstance(mapped.papers, ColumnPapers)
        expected = [[p.added for p in parsed.papers], [p.updated for p in parsed.papers]]
        assert len(set(expected[0])) == 2 and any(expected[1])
        assert mapped.papers.values(["added", "updated"]) == expected
        positions = [3, 0, len(parsed.papers) - 1]
        assert mapped.papers.values_at(positions, ["updated", "added"]) == [
            [expected[1][p] for p in positions],
            [expected[0][p] for p in positions],
        ]
        # Mixed with a field the codes do not hold: read from the rows, the same.
        assert mapped.papers.values(["added", "upvotes"])[0] == expected[0]


def test_the_column_file_holds_the_search_order_a_list_of_papers_gets(
    open_library: OpenLibrary, home: Path
) -> None:
    # Ties on the date, titles that fold alike (case, accents) and a title the fold
    # orders differently from plain text: the stored order is the computed one.
    same_day = [
        Paper.create(title=title, abstract=f"About {i}.", date_hint="2025-01-02")
        for i, title in enumerate(["beta", "Alpha", "álpha", "ALPHA", "Gamma", "alpha"])
    ]
    open_library([*PAPERS, *same_day]).close()
    with Library.open(home) as mapped, parsed_from_json(home) as parsed:
        assert isinstance(mapped.papers, ColumnPapers) and mapped.papers.stored_order
        computed = default_order(
            [p.title for p in parsed.papers], [p.sort_date for p in parsed.papers]
        )
        assert list(mapped.papers.stored_order) == computed
        assert PapersById(mapped.papers).order == PapersById(parsed.papers).order == computed


def test_a_stale_column_file_is_ignored_and_rewritten(imported: Path) -> None:
    stale = (imported / COLUMNS_FILE).read_bytes()
    with Library.open(imported, writable=True) as library:
        library.import_entries(["more.txt"], entries(make_papers(3, start=100)))
        expected = list(library.papers)
    assert (imported / COLUMNS_FILE).read_bytes() != stale
    (imported / COLUMNS_FILE).write_bytes(stale)
    with Library.open(imported) as reader:
        # Read-only: corpus.json is read, and the stale file is left as it is.
        assert list(reader.papers) == expected and not isinstance(reader.papers, ColumnPapers)
    assert (imported / COLUMNS_FILE).read_bytes() == stale
    with Library.open(imported, writable=True) as writer:
        assert list(writer.papers) == expected
    with Library.open(imported) as reopened:
        assert isinstance(reopened.papers, ColumnPapers) and list(reopened.papers) == expected


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: data[:10],
        lambda data: b"",
        lambda data: data[:100] + bytes([data[100] ^ 0x40]) + data[101:],
        lambda data: data[:-1],
        lambda data: data + b"junk",
    ],
    ids=["half", "header", "empty", "flipped", "short", "longer"],
)
def test_a_damaged_column_file_never_raises_and_is_rebuilt(
    imported: Path, damage: Callable[[bytes], bytes]
) -> None:
    path = imported / COLUMNS_FILE
    whole = path.read_bytes()
    path.write_bytes(damage(whole))
    with Library.open(imported) as reader:
        assert [p.key for p in reader.papers] == KEYS
        assert reader.warnings == []
    with Library.open(imported, writable=True) as writer:
        assert len(writer.papers) == len(PAPERS)
    assert path.read_bytes() != damage(whole)
    with Library.open(imported) as reopened:
        assert isinstance(reopened.papers, ColumnPapers)
        assert [p.key for p in reopened.papers] == KEYS


def test_a_deleted_column_file_is_rebuilt_by_a_writable_open_only(imported: Path) -> None:
    path = imported / COLUMNS_FILE
    path.unlink()
    Library.open(imported).close()
    assert not path.exists()
    Library.open(imported, writable=True).close()
    assert path.exists()


def test_a_corpus_json_changed_by_hand_wins_over_the_column_file(imported: Path) -> None:
    data = json.loads((imported / "corpus.json").read_text())
    (layout,) = data["papers"].values()
    layout["rows"][0][layout["fields"].index("title")] = "Edited by hand"
    stat = os.stat(imported / "corpus.json")
    (imported / "corpus.json").write_text(json.dumps(data))
    os.utime(imported / "corpus.json", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    with Library.open(imported) as library:
        assert library.papers[0].title == "Edited by hand"


def test_a_reader_follows_an_import_of_another_process(imported: Path) -> None:
    with Library.open(imported) as reader, Library.open(imported, writable=True) as writer:
        writer.import_entries(["more.txt"], entries(make_papers(2, start=200)))
        change = reader.refresh()
        assert change.corpus and list(reader.papers) == list(writer.papers)
        added = writer.papers[-1]
        assert reader.get(added.key) == added


def test_a_failing_os_call_while_writing_columns_is_never_an_error(
    imported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = imported / COLUMNS_FILE
    with Library.open(imported) as library:
        expected = list(library.papers)
    calls: list[str] = []
    for name in ("write", "fsync", "replace"):
        real = getattr(os, name)

        def failing(*args: object, _name: str = name, _real: Any = real) -> Any:
            calls.append(_name)
            if _name == failing_call[0] and calls.count(_name) == failing_call[1]:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return _real(*args)

        monkeypatch.setattr(os, name, failing)
    failing_call: tuple[str, int] = ("none", 0)
    path.unlink()
    Library.open(imported, writable=True).close()
    counted = list(calls)
    assert path.exists() and counted
    for name in dict.fromkeys(counted):
        for n in range(1, counted.count(name) + 1):
            path.unlink(missing_ok=True)
            calls.clear()
            failing_call = (name, n)
            with Library.open(imported, writable=True) as writer:
                assert list(writer.papers) == expected and writer.warnings == []
            assert not list(imported.glob(".*.tmp")), f"os.{name} call {n}: temp files left"
            failing_call = ("none", 0)
            with Library.open(imported) as reader:
                assert list(reader.papers) == expected


def _fold_count(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many papers an import folds (title and abstract normalised and digested)."""
    from paperdeck.library import merge

    calls = [0]
    fold = merge._Fingerprint.of.__func__  # type: ignore[attr-defined]

    def counted(cls: type[merge._Fingerprint], paper: Paper) -> merge._Fingerprint:
        calls[0] += 1
        return fold(cls, paper)  # type: ignore[no-any-return]

    monkeypatch.setattr(merge._Fingerprint, "of", classmethod(counted))
    return calls


def test_an_import_keeps_its_dedup_digests_and_the_next_one_folds_only_its_own(
    imported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paperdeck.library.merge import merge_entries
    from paperdeck.models import Entry

    with Library.open(imported) as reader:
        assert isinstance(reader.papers, ColumnPapers)
        stored = reader.papers.stored_digests()
    assert stored == merge_entries([], entries(PAPERS), "t").digests
    folded = _fold_count(monkeypatch)
    # A new paper, one with NAMED's title in other case and spacing (the same paper by
    # the title rule), one with UNTITLED's abstract (the same by the abstract rule).
    new = Paper.create(title="A paper not seen before", abstract="Its own words.")
    same_title = Paper.create(title="  FLOW MATCHING, in ünïcode — with “quotes”", upvotes=40)
    same_abstract = Paper.create(abstract=UNTITLED.abstract, arxiv_id="2101.00001")
    with Library.open(imported, writable=True) as writer:
        report = writer.import_entries(
            ["day.txt"], [Entry(p, i + 1) for i, p in enumerate([new, same_title, same_abstract])]
        )
    assert (report.added, report.updated) == (1, 2)
    assert folded[0] <= 4  # the three incoming and a paper an id merge changed, not 32
    with Library.open(imported) as reopened:
        assert len(reopened.papers) == len(PAPERS) + 1
        assert reopened.get(NAMED.key) is not None and reopened.get(NAMED.key).upvotes == 40
        assert isinstance(reopened.papers, ColumnPapers)
        expected = merge_entries([], entries(list(reopened.papers)), "t").digests
        assert reopened.papers.stored_digests() == expected


def test_damaged_dedup_digests_are_made_again_and_dedup_still_holds(
    imported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paperdeck.models import Entry

    path = imported / COLUMNS_FILE
    data = bytearray(path.read_bytes())
    data[-5] ^= 0x01  # inside the digests, the file's last section
    path.write_bytes(bytes(data))
    with Library.open(imported) as reader:
        assert isinstance(reader.papers, ColumnPapers)  # the columns themselves are whole
        assert reader.papers.stored_digests() is None
    folded = _fold_count(monkeypatch)
    again = Paper.create(title=NAMED.title.upper(), abstract="Other words.")
    with Library.open(imported, writable=True) as writer:
        report = writer.import_entries(["again.txt"], [Entry(again, 1)])
    assert (report.added, report.unchanged) == (0, 1)  # NAMED again, by its title
    assert folded[0] >= len(PAPERS)  # every paper folded again, as before digests were kept
