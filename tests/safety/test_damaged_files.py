"""Damaged files at start-up: recovered from the backup, set aside, never lost."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from safety_helpers import SEED, build_library, files_of, reset_home, state_view

from paperdeck.library import Library, StorageError

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
