"""The vectors kept on disk: used when they fit, rebuilt when missing, stale or damaged."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from recommend_helpers import topic_papers

from paperdeck import paths
from paperdeck.models import Paper
from paperdeck.recommend import Recommender, recommender_for
from paperdeck.recommend.features import build_vectors
from paperdeck.recommend.location import generation_of, keep_vectors_in, vector_file
from paperdeck.recommend.vector_file import (
    corpus_stamp,
    generation_stamp,
    load_vectors,
    save_vectors,
)


@pytest.fixture
def target(tmp_path: Path) -> Path:
    return tmp_path / paths.VECTORS_FILE


def test_vectors_round_trip_through_the_file(target: Path) -> None:
    papers = topic_papers()
    vectors = build_vectors(papers)
    assert save_vectors(target, corpus_stamp(papers), vectors)
    loaded = load_vectors(target, corpus_stamp(papers), len(papers))
    assert loaded is not None and loaded.vocabulary == vectors.vocabulary
    assert (loaded.matrix != vectors.matrix).nnz == 0
    # Written by a temporary file moved over the target: none is left behind.
    assert [p.name for p in target.parent.iterdir()] == [paths.VECTORS_FILE]


def test_a_recommender_builds_once_then_reads_the_file(target: Path) -> None:
    papers = topic_papers()
    first = Recommender(papers, target)
    scores = first.like("draft-1")
    assert first.vectors_from == "memory" and target.exists()
    second = Recommender(papers, target)
    assert np.allclose(second.like("draft-1"), scores)
    assert second.vectors_from == "file"


def test_a_changed_corpus_makes_the_file_stale(target: Path) -> None:
    papers = topic_papers()
    Recommender(papers, target).build()
    changed = [dataclasses.replace(papers[0], abstract="Quantized kernels."), *papers[1:]]
    assert corpus_stamp(changed) != corpus_stamp(papers)
    assert load_vectors(target, corpus_stamp(changed), len(changed)) is None
    again = Recommender(changed, target)
    again.build()
    assert again.vectors_from == "memory"
    assert "kernel" in again.build().vocabulary
    # The file now holds the new corpus's vectors.
    assert load_vectors(target, corpus_stamp(changed), len(changed)) is not None


@pytest.mark.parametrize(
    "damage",
    [
        b"",  # empty
        b"not a zip at all",
        b"PK\x03\x04" + b"\x00" * 40,  # a zip's start, cut short
    ],
)
def test_a_damaged_file_is_ignored_and_rebuilt(target: Path, damage: bytes) -> None:
    papers = topic_papers()
    target.write_bytes(damage)
    assert load_vectors(target, corpus_stamp(papers), len(papers)) is None
    recommender = Recommender(papers, target)
    assert recommender.similar("moe-0", 3)
    assert recommender.vectors_from == "memory"
    assert load_vectors(target, corpus_stamp(papers), len(papers)) is not None


def test_a_truncated_file_is_ignored(target: Path) -> None:
    papers = topic_papers()
    Recommender(papers, target).build()
    whole = target.read_bytes()
    target.write_bytes(whole[: len(whole) // 2])
    assert load_vectors(target, corpus_stamp(papers), len(papers)) is None


def test_arrays_that_do_not_make_the_matrix_are_refused(target: Path) -> None:
    papers = topic_papers()
    vectors = build_vectors(papers)
    stamp = corpus_stamp(papers)
    matrix = vectors.matrix.copy()
    matrix.indices[0] = len(vectors.vocabulary) + 5  # a column past the vocabulary
    save_vectors(target, stamp, dataclasses.replace(vectors, matrix=matrix))
    assert load_vectors(target, stamp, len(papers)) is None
    save_vectors(target, stamp, vectors)
    assert load_vectors(target, stamp, len(papers) + 1) is None  # another corpus size


def test_a_folder_that_refuses_writes_costs_only_the_rebuild(tmp_path: Path) -> None:
    missing = tmp_path / "gone" / paths.VECTORS_FILE
    papers = topic_papers()
    assert not save_vectors(missing, corpus_stamp(papers), build_vectors(papers))
    assert Recommender(papers, missing).similar("diff-2", 2)


def test_the_kept_recommender_uses_the_named_folder(tmp_path: Path) -> None:
    papers = topic_papers()
    try:
        keep_vectors_in(tmp_path)
        assert vector_file() == tmp_path / paths.VECTORS_FILE
        recommender_for(papers).build()
        assert (tmp_path / paths.VECTORS_FILE).exists()
    finally:
        keep_vectors_in(None)
    assert vector_file() is None


@dataclasses.dataclass
class _Library:
    papers: list[Paper]
    generation: int


def test_a_library_s_papers_are_stamped_by_generation_not_by_text(tmp_path: Path) -> None:
    papers = topic_papers()
    library = _Library(papers, generation=4)
    try:
        keep_vectors_in(tmp_path, library)
        assert generation_of(papers) == 4
        assert generation_of(list(papers)) is None  # not the library's very list
        recommender = recommender_for(papers)
        recommender.build()
        target = tmp_path / paths.VECTORS_FILE
        assert load_vectors(target, generation_stamp(4, papers), len(papers)) is not None
        # Another generation (an import since) is stale, and a text stamp never fits.
        assert load_vectors(target, generation_stamp(5, papers), len(papers)) is None
        assert load_vectors(target, corpus_stamp(papers), len(papers)) is None
        # Papers added or dropped under the same generation are told apart by their keys.
        assert generation_stamp(4, papers[:-1]) != generation_stamp(4, papers)
        library.generation = 0  # a corpus written before generations: stamped by text
        assert generation_of(papers) is None
    finally:
        keep_vectors_in(None)
    assert generation_of(papers) is None


def test_the_arrays_are_mapped_from_the_file_not_read(target: Path) -> None:
    papers = topic_papers()
    vectors = build_vectors(papers)
    save_vectors(target, "s", vectors)
    loaded = load_vectors(target, "s", len(papers))
    assert loaded is not None and _mapped(loaded.matrix.data)
    assert _mapped(loaded.matrix.indices) and _mapped(loaded.matrix.indptr)
    # Copy-on-write: a change in memory never reaches the file.
    loaded.matrix.data[0] = 7.0
    again = load_vectors(target, "s", len(papers))
    assert again is not None and again.matrix.data[0] == vectors.matrix.data[0]


def _mapped(array: np.ndarray) -> bool:
    """True when ``array`` is (a view of) a mapping of a file, not memory of its own."""
    seen: object = array
    while isinstance(seen, np.ndarray):
        if isinstance(seen, np.memmap):
            return True
        seen = seen.base
    return False
