"""The vectors the CLI keeps in the data folder: built once, read after, rebuilt when
the corpus changes or the file is damaged; never needed for the right answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run, write
from test_cli_similar import ABSTRACTS

from paperdeck import paths
from paperdeck.cli import EXIT_OK
from paperdeck.cli.commands import importing
from paperdeck.recommend import model


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many papers each vectors build was over, in order."""
    made: list[int] = []
    real = model.build_vectors

    def counted(papers):  # type: ignore[no-untyped-def]
        made.append(len(papers))
        return real(papers)

    monkeypatch.setattr(model, "build_vectors", counted)
    return made


def like_ids(capsys: pytest.CaptureFixture[str], ident: str) -> list[str]:
    code, out, _ = run(capsys, "list", "--json", f"like:{ident}")
    assert code == EXIT_OK
    return [p["id"] for p in json.loads(out)]


def first_id(capsys: pytest.CaptureFixture[str]) -> str:
    code, out, _ = run(capsys, "list", "--json", "--sort", "title")
    assert code == EXIT_OK
    return str(json.loads(out)[0]["id"])


def test_vectors_are_built_once_then_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, home: Path, builds: list[int]
) -> None:
    run(capsys, "import", str(write(tmp_path, "topics.txt", ABSTRACTS)))
    assert builds == []  # a small library builds them on demand
    ident = first_id(capsys)
    found = like_ids(capsys, ident)
    assert builds == [12] and (home / paths.VECTORS_FILE).is_file()
    assert like_ids(capsys, ident) == found and builds == [12]
    assert run(capsys, "similar", ident, "--json")[0] == EXIT_OK and builds == [12]


def test_a_damaged_vectors_file_is_rebuilt_with_the_same_answer(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, home: Path, builds: list[int]
) -> None:
    run(capsys, "import", str(write(tmp_path, "topics.txt", ABSTRACTS)))
    ident = first_id(capsys)
    found = like_ids(capsys, ident)
    vectors = home / paths.VECTORS_FILE
    vectors.write_bytes(vectors.read_bytes()[:100])
    assert like_ids(capsys, ident) == found and builds == [12, 12]
    assert like_ids(capsys, ident) == found and builds == [12, 12]  # whole again


def test_an_import_makes_the_vectors_stale(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, builds: list[int]
) -> None:
    run(capsys, "import", str(write(tmp_path, "topics.txt", ABSTRACTS)))
    ident = first_id(capsys)
    like_ids(capsys, ident)
    more = "Abstract:Quantized kernels for low-bit inference of large models.\n"
    run(capsys, "import", str(write(tmp_path, "more.txt", more)))
    found = like_ids(capsys, ident)
    assert builds == [12, 13] and len(found) == 12


def test_a_large_import_rebuilds_vectors_in_use_and_builds_none_unasked(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    home: Path,
    builds: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(importing, "VECTORS_AT_IMPORT_MIN_PAPERS", 10)
    run(capsys, "import", str(write(tmp_path, "topics.txt", ABSTRACTS)))
    # Nobody asked for a recommendation yet: the import builds nothing.
    assert builds == [] and not (home / paths.VECTORS_FILE).exists()
    ident = first_id(capsys)
    like_ids(capsys, ident)
    assert builds == [12] and (home / paths.VECTORS_FILE).is_file()
    # Now they are in use: an import that changes the corpus rebuilds them...
    more = "Abstract:Quantized kernels for low-bit inference of large models.\n"
    run(capsys, "import", str(write(tmp_path, "more.txt", more)))
    assert builds == [12, 13]
    like_ids(capsys, ident)
    assert builds == [12, 13]
    # ...and importing the same file again changes nothing, and builds nothing.
    run(capsys, "import", str(write(tmp_path, "more.txt", more)))
    assert builds == [12, 13]
