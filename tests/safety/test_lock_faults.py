"""The writer lock under faults: no leaked lock, one-line errors."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from safety_helpers import KEYS, build_library, run_cli

from paperdeck.library import Library, StorageError


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
