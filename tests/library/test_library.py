"""The library on disk: two files, atomic writes, backups, recovery, the writer lock."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factories import OpenLibrary, entries
from paperdeck.library import (
    Library,
    PaperNotFoundError,
    ReadOnlyError,
    StorageError,
)
from paperdeck.library.lock import WriterLock
from paperdeck.library.storage import write_atomically
from paperdeck.models import Paper, PaperState

DEVIL = Paper.create(
    title="The Devil behind the mask",
    abstract="Diffusion LLMs.",
    arxiv_id="2507.11097",
    sources=("page.txt",),
)
DIMPLE = Paper.create(title="Dimple", abstract="Discrete diffusion.", upvotes=4)
UNTITLED = Paper.create(abstract="An abstract only. With two sentences.")


@pytest.fixture
def library(open_library: OpenLibrary) -> Library:
    return open_library([DEVIL, DIMPLE, UNTITLED], source="page.txt")


def test_an_import_writes_the_corpus_and_a_record_of_itself(library: Library, home: Path) -> None:
    data = json.loads((home / "corpus.json").read_text())
    (layout,) = data["papers"].values()
    assert layout["layout"] == 2 and layout["fields"][:3] == ["key", "title", "abstract"]
    keys = [row[layout["fields"].index("key")] for row in layout["rows"]]
    assert keys == [DEVIL.key, DIMPLE.key, UNTITLED.key]
    (record,) = data["imports"].values()
    assert record["files"] == ["page.txt"] and record["added"] == 3
    assert library.latest_import == record["time"]


def old_layout(papers: list[Paper], imports: list[dict[str, object]]) -> bytes:
    """corpus.json as paperdeck wrote it before layout 2: one dict per paper."""
    document = {
        "papers": {paper.key: paper.to_dict() for paper in papers},
        "imports": {str(number): record for number, record in enumerate(imports, 1)},
    }
    return json.dumps(document).encode()


def test_a_corpus_in_the_old_layout_opens_and_the_next_import_rewrites_it(
    library: Library, home: Path
) -> None:
    papers, imports = list(library.papers), list(library.imports)
    library.close()
    (home / "corpus.json").write_bytes(old_layout(papers, imports))
    with Library.open(home, writable=True) as reopened:
        assert reopened.papers == papers and reopened.imports == imports
        assert reopened.warnings == []
        assert all(isinstance(p.sources, tuple) for p in reopened.papers)
        fourth = Paper.create(title="Fourth", abstract="d")
        reopened.import_entries(["more.txt"], entries([fourth]))
        after = reopened.papers
    data = json.loads((home / "corpus.json").read_text())
    assert data["papers"]["1"]["layout"] == 2
    assert Library.open(home).papers == after and after[:3] == papers and len(after) == 4


def test_old_layout_records_missing_optional_fields_get_their_defaults(home: Path) -> None:
    home.mkdir(parents=True)
    records = {"papers": {"k1": {"key": "k1", "title": "Only a title"}}, "imports": {}}
    (home / "corpus.json").write_text(json.dumps(records))
    (paper,) = Library.open(home).papers
    assert paper == Paper(key="k1", title="Only a title", abstract="")


def test_layout_rows_with_other_fields_are_mapped_by_name(home: Path) -> None:
    home.mkdir(parents=True)
    layout = {
        "layout": 2,
        "fields": ["title", "key", "sources", "a_field_from_elsewhere"],
        "rows": [["A title", "k1", ["f.txt"], 7]],
    }
    (home / "corpus.json").write_text(json.dumps({"papers": {"1": layout}}))
    (paper,) = Library.open(home).papers
    assert paper == Paper(key="k1", title="A title", abstract="", sources=("f.txt",))


@pytest.mark.parametrize(
    "layout",
    [
        {"layout": 3, "fields": ["key", "title"], "rows": []},
        {"layout": 2, "fields": ["key", "title"], "rows": [["k1"]]},
        {"layout": 2, "fields": ["title"], "rows": [["no key"]]},
        {"layout": 2, "rows": []},
        {"layout": 2, "fields": "key", "rows": []},
        {"layout": 2, "fields": ["key", "title"], "rows": [[1, "key not a string"]]},
    ],
)
def test_a_damaged_layout_is_damage(home: Path, layout: dict[str, object]) -> None:
    home.mkdir(parents=True)
    (home / "corpus.json").write_text(json.dumps({"papers": {"1": layout}}))
    with pytest.raises(StorageError, match="no usable backup"):
        Library.open(home)
    with Library.open(home, writable=True) as writer:
        assert writer.papers == [] and "corpus.json was damaged" in writer.warnings[0]


def test_loading_leaves_the_garbage_collector_as_it_was(library: Library, home: Path) -> None:
    import gc

    assert gc.isenabled()
    Library.open(home)
    assert gc.isenabled()
    gc.disable()
    try:
        Library.open(home)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_reading_needs_no_tinydb(library: Library, home: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from paperdeck.library import Library\n"
        f"library = Library.open(Path({str(home)!r}))\n"
        "print(len(library.papers), 'tinydb' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["3", "False"], result.stderr


def test_atomic_writes_need_no_tinydb() -> None:
    # storage (atomic writes, checked reads) sits below tinystore and never imports
    # it back: exports and readers write and read files without loading TinyDB.
    code = (
        "import sys\n"
        "from paperdeck.library.storage import write_atomically\n"
        "print('paperdeck.library.tinystore' in sys.modules, 'tinydb' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False", "False"], result.stderr
    from paperdeck.library import storage

    assert not hasattr(storage, "AtomicJSONStorage")


def test_triage_writes_only_the_state_file(library: Library, home: Path) -> None:
    corpus = home / "corpus.json"
    before = (corpus.stat().st_mtime_ns, corpus.stat().st_ino)
    library.set_starred([DEVIL.key], True)
    library.add_tags([DEVIL.key], ["safety", "todo"])
    library.set_note(DEVIL.key, "worth a read\n")
    library.set_read([DIMPLE.key], True)
    assert (corpus.stat().st_mtime_ns, corpus.stat().st_ino) == before
    reopened = Library.open(home)
    state = reopened.state(DEVIL.key)
    assert state.starred and state.tags == ("safety", "todo") and state.note == "worth a read"
    assert state.starred_at and state.updated_at
    assert reopened.state(DIMPLE.key).read
    assert reopened.stats() == {
        "papers": 3,
        "starred": 1,
        "read": 1,
        "tags": {"safety": 1, "todo": 1},
    }


def test_reimport_never_touches_user_state(library: Library, home: Path) -> None:
    library.set_starred([DIMPLE.key], True)
    library.add_tags([DIMPLE.key], ["keep"])
    library.fold_log()
    state_before = (home / "state.json").read_bytes()
    report = library.import_entries(
        ["page.txt"], entries([DEVIL, DIMPLE.with_changes(upvotes=9), UNTITLED])
    )
    assert (report.added, report.updated, report.unchanged) == (0, 1, 2)
    assert (home / "state.json").read_bytes() == state_before
    assert not (home / "state.log").exists()
    assert library.get(DIMPLE.key).upvotes == 9
    assert library.state(DIMPLE.key).tags == ("keep",)


def test_undoing_every_mark_removes_the_state_record(library: Library, home: Path) -> None:
    library.set_starred([DEVIL.key], True)
    library.set_starred([DEVIL.key], False)
    assert DEVIL.key not in library.states
    library.fold_log()
    assert json.loads((home / "state.json").read_text())["states"] == {}


def test_tags_add_once_case_insensitively_and_remove(library: Library) -> None:
    library.add_tags([DEVIL.key], ["ToDo", "ml"])
    library.add_tags([DEVIL.key], ["todo", "ml", " new tag "])
    assert library.state(DEVIL.key).tags == ("ToDo", "ml", "new-tag")
    library.remove_tags([DEVIL.key], ["TODO", "absent"])
    assert library.state(DEVIL.key).tags == ("ml", "new-tag")


def test_unchanged_actions_write_nothing(library: Library, home: Path) -> None:
    library.set_starred([DEVIL.key], True)
    files = [home / "state.json", home / "state.log"]
    before = [path.stat().st_mtime_ns if path.exists() else None for path in files]
    assert library.set_starred([DEVIL.key], True) == []
    assert [path.stat().st_mtime_ns if path.exists() else None for path in files] == before


@pytest.mark.parametrize(
    ("ident", "expected"),
    [
        ("2507.11097", DEVIL.key),
        ("2507.11097v3", DEVIL.key),
        ("https://arxiv.org/abs/2507.11097", DEVIL.key),
        (DIMPLE.key, DIMPLE.key),
        (DIMPLE.key[:6], DIMPLE.key),
    ],
)
def test_ids_resolve_by_key_arxiv_id_or_prefix(library: Library, ident: str, expected: str) -> None:
    assert library.resolve(ident).key == expected


def test_unknown_and_short_ids_are_not_found(library: Library) -> None:
    with pytest.raises(PaperNotFoundError, match="no paper with id 'nope'"):
        library.resolve("nope")
    with pytest.raises(PaperNotFoundError):
        library.resolve(DIMPLE.key[:3])  # too short to be a prefix
    with pytest.raises(PaperNotFoundError):
        library.set_starred(["0000.00000"], True)


def test_a_read_only_library_refuses_writes(library: Library, home: Path) -> None:
    reader = Library.open(home)
    with pytest.raises(ReadOnlyError):
        reader.set_starred([DEVIL.key], True)


def test_every_write_keeps_the_previous_file_as_a_backup(library: Library, home: Path) -> None:
    library.set_starred([DEVIL.key], True)
    library.fold_log()
    library.set_read([DEVIL.key], True)
    library.fold_log()
    backup = json.loads((home / "state.json.bak").read_text())
    assert backup["states"][DEVIL.key]["starred"] and not backup["states"][DEVIL.key]["read"]
    assert not list(home.glob(".*.tmp"))


def test_a_failed_write_leaves_the_old_file_and_memory_intact(
    library: Library, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.set_starred([DEVIL.key], True)
    before = [
        (home / name).read_bytes() if (home / name).exists() else None
        for name in ("state.json", "state.log")
    ]

    def full_disk(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(StorageError, match="No space left on device"):
        library.add_tags([DEVIL.key], ["lost"])
    monkeypatch.undo()
    assert [
        (home / name).read_bytes() if (home / name).exists() else None
        for name in ("state.json", "state.log")
    ] == before
    assert library.state(DEVIL.key).tags == ()
    assert not list(home.glob(".*.tmp"))


def test_write_atomically_never_exposes_a_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    write_atomically(target, b"one")
    write_atomically(target, b"two")
    assert target.read_bytes() == b"two"
    assert (tmp_path / "f.json.bak").read_bytes() == b"one"


@pytest.mark.parametrize(
    "damage", [b"", b"\x00" * 64, b'{"papers": {"1": ', b"[1, 2, 3]", b'{"papers": [1]}']
)
def test_a_damaged_file_is_set_aside_and_the_backup_restored(
    library: Library, home: Path, damage: bytes
) -> None:
    library.set_starred([DEVIL.key], True)
    library.fold_log()
    library.set_read([DEVIL.key], True)
    library.close()  # the fold keeps the starred-only state as state.json.bak
    (home / "state.json").write_bytes(damage)
    reopened = Library.open(home, writable=True)
    assert reopened.state(DEVIL.key).starred and not reopened.state(DEVIL.key).read
    assert len(reopened.warnings) == 1 and "restored the previous version" in reopened.warnings[0]
    assert [p.read_bytes() for p in home.glob("state.json.corrupt-*")] == [damage]
    reopened.close()


def test_a_damaged_file_without_backup_is_kept_aside_not_overwritten(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "corpus.json").write_bytes(b"garbage")
    reader_error = pytest.raises(StorageError, match="no usable backup")
    with reader_error:
        Library.open(home)
    writer = Library.open(home, writable=True)
    assert writer.papers == [] and "moved to corpus.json.corrupt-" in writer.warnings[0]
    assert [p.read_bytes() for p in home.glob("corpus.json.corrupt-*")] == [b"garbage"]
    writer.close()


def test_a_reader_shows_the_backup_without_moving_files(library: Library, home: Path) -> None:
    library.import_entries(["more.txt"], entries([Paper.create(title="Fourth", abstract="d")]))
    (home / "corpus.json").write_bytes(b"{")
    reader = Library.open(home)
    assert len(reader.papers) == 3 and "showing its backup" in reader.warnings[0]
    assert (home / "corpus.json").read_bytes() == b"{"


def test_stale_temp_files_are_removed_by_the_next_writer(library: Library, home: Path) -> None:
    library.close()
    stale = home / ".paperdeck-state.json.99999.tmp"
    stale.write_bytes(b"half")
    # Another program's temporary file in the same folder is none of paperdeck's.
    theirs = home / ".state.json.99999.tmp"
    theirs.write_bytes(b"someone else's")
    with WriterLock(home).held(0):  # another writer is mid-write: its files stay
        writer = Library.open(home, writable=True)
    assert stale.exists()
    writer.set_starred([DEVIL.key], True)  # under the lock: no writer is mid-write
    assert not stale.exists()
    stale.write_bytes(b"half")
    Library.open(home, writable=True)  # the lock is free: opening sweeps
    assert not stale.exists()
    assert theirs.read_bytes() == b"someone else's"


def test_states_of_papers_not_in_the_corpus_are_ignored_in_counts(
    library: Library, home: Path
) -> None:
    library._save_states([PaperState(key="orphan", starred=True, tags=("x",))])
    assert library.stats()["starred"] == 0 and library.tag_counts() == {}


def test_an_import_that_brings_nothing_writes_and_records_nothing(
    library: Library, home: Path
) -> None:
    corpus = home / "corpus.json"
    before = (corpus.stat().st_mtime_ns, corpus.stat().st_ino, library.latest_import)
    report = library.import_entries(["page.txt"], entries([DEVIL, DIMPLE, UNTITLED]))
    assert (report.added, report.updated, report.unchanged) == (0, 0, 3)
    assert (corpus.stat().st_mtime_ns, corpus.stat().st_ino, library.latest_import) == before
    assert len(library.imports) == 1
