"""search.idx (search/index_file.py): the word index read back from disk.

A warm() over a fresh file must answer every query exactly as a build in memory
does; a missing, stale or damaged file must be ignored (never raise) and replaced;
a read-only library must never write; titles of the person's own must be searched
the same whichever way the index came.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from search_helpers import paper

from paperdeck.models import Paper, PaperState
from paperdeck.search import SearchIndex
from paperdeck.search.index_file import IndexFile, open_index

WORDS = ["diffusion", "model", "mode", "data", "d", "dim", "über", "straße", "x1", "ab12"]
WORDS += [f"w{k}" for k in range(60)]
STAMP = (3, 12345)
QUERIES = [
    "diffusion",
    "mod",
    "d",
    "über",
    "w1",
    "w5 dim",
    "title:mode",
    "abstract:x1",
    "w33 OR w44",
    "-data w2",
    "strasse",
    "given",
    "t:giv",
    "difusion",  # a typo: looked up in the title vocabulary (from the file, when mapped)
    "givne",
]


def make_papers(count: int, seed: int = 7) -> list[Paper]:
    rng = random.Random(seed)
    papers = []
    for k in range(count):
        title = " ".join(rng.choices(WORDS, k=rng.randint(1, 5))) + f" p{k}"
        abstract = " ".join(rng.choices(WORDS, k=rng.randint(0, 30)))
        day = rng.randint(1, 28)
        papers.append(paper(title, abstract, published=f"2024-02-{day:02d}"))
    return papers


def saver(path: Path, writes: list[Path] | None = None) -> Callable[[list[bytes]], None]:
    def save(chunks: list[bytes]) -> None:
        path.write_bytes(b"".join(chunks))
        if writes is not None:
            writes.append(path)

    return save


def warmed(
    papers: list[Paper],
    stored: IndexFile | None,
    states: Mapping[str, PaperState] | None = None,
) -> SearchIndex:
    index = SearchIndex(papers, {} if states is None else states, index_file=stored)
    index.warm()
    return index


def answers(index: SearchIndex) -> list[list[int]]:
    return [list(index.search(query).positions) for query in QUERIES]


@pytest.fixture
def papers() -> list[Paper]:
    return make_papers(300)


def test_a_written_file_is_read_back_and_answers_the_same(tmp_path: Path, papers: list[Paper]):
    path = tmp_path / "search.idx"
    writes: list[Path] = []
    stored = IndexFile(path, STAMP, saver(path, writes))
    built = warmed(papers, stored)
    assert writes == [path]
    # The file is fresh for this corpus and key order: read back, not rebuilt.
    from_file = warmed(papers, stored)
    assert writes == [path]
    assert answers(from_file) == answers(built) == answers(warmed(papers, None))
    assert any(answers(built))


def test_frequent_short_prefixes_are_kept_as_bitsets_and_answer_the_same(
    tmp_path: Path, papers: list[Paper], monkeypatch: pytest.MonkeyPatch
) -> None:
    from paperdeck.search import wordindex

    # A small vocabulary: prefixes "start many words" from 3 on, so w, d, w1... keep
    # a bitset (a real one keeps those of more than 500 words).
    scanned = answers(warmed(papers, None))
    monkeypatch.setattr(wordindex, "PREFIX_WORDS", 3)
    path = tmp_path / "search.idx"
    stored = IndexFile(path, STAMP, saver(path))
    built = warmed(papers, stored)
    index = open_index(path, STAMP, key_of(built), len(papers))
    assert index is not None
    titles, abstracts = index
    assert {"w", "w1", "d"} <= set(abstracts.prefix_starts) and "w" in titles.prefix_starts
    assert "di" not in abstracts.prefix_starts  # diffusion, dim: two words only
    from_file = warmed(papers, stored)
    assert answers(from_file) == answers(built) == scanned
    for prefix in ("w", "w1", "d", "w2"):
        query = f"abstract:{prefix}"
        assert list(from_file.search(query).positions) == list(built.search(query).positions)
        assert from_file.search(query).positions, prefix


def key_of(index: SearchIndex) -> bytes:
    from array import array

    from paperdeck.search.index_file import key_order_hash

    by_id = index._by_id
    return key_order_hash(["\n".join(by_id.position_keys())], array("i", by_id.order).tobytes())


def damage_truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def damage_flipped(data: bytes) -> bytes:
    flipped = bytearray(data)
    flipped[len(data) * 2 // 3] ^= 0x10
    return bytes(flipped)


def damage_emptied(data: bytes) -> bytes:
    return b""


def damage_header(data: bytes) -> bytes:
    return b"NOTANIDX" + data[8:]


@pytest.mark.parametrize(
    "damage", [damage_truncated, damage_flipped, damage_emptied, damage_header]
)
def test_a_damaged_file_is_ignored_and_replaced(
    tmp_path: Path, papers: list[Paper], damage: Callable[[bytes], bytes]
):
    path = tmp_path / "search.idx"
    stored = IndexFile(path, STAMP, saver(path))
    expected = answers(warmed(papers, stored))
    good = path.read_bytes()
    path.write_bytes(damage(good))
    assert answers(warmed(papers, stored)) == expected
    assert path.read_bytes() == good  # rebuilt and written again


def test_a_stale_file_is_rebuilt(tmp_path: Path, papers: list[Paper]):
    path = tmp_path / "search.idx"
    warmed(papers, IndexFile(path, STAMP, saver(path)))
    # Another generation: same papers, but the file no longer describes the corpus.
    newer = IndexFile(path, (STAMP[0] + 1, STAMP[1]), saver(path))
    changed = [p.with_changes(abstract="w59 fresh words") for p in papers]
    assert answers(warmed(changed, newer)) == answers(warmed(changed, None))
    assert open_index(path, STAMP, b"", len(papers)) is None


def test_another_key_order_makes_the_file_stale(tmp_path: Path, papers: list[Paper]):
    path = tmp_path / "search.idx"
    warmed(papers, IndexFile(path, STAMP, saver(path)))
    # Same stamp (a freak), but a paper more shifts every internal id.
    more = [*papers, paper("zz a later paper w7", "w8", published="2024-03-01")]
    stored = IndexFile(path, STAMP, saver(path))
    assert answers(warmed(more, stored)) == answers(warmed(more, None))


def test_the_same_keys_in_another_id_order_make_the_file_stale(
    tmp_path: Path, papers: list[Paper]
) -> None:
    path = tmp_path / "search.idx"
    warmed(papers, IndexFile(path, STAMP, saver(path)))
    # Same stamp, same papers in the same library order, but one is now the newest:
    # every internal id before it shifts by one.
    moved = [papers[0].with_changes(published="2030-01-01"), *papers[1:]]
    assert SearchIndex(moved, {})._by_id.order != SearchIndex(papers, {})._by_id.order
    stored = IndexFile(path, STAMP, None)
    assert not SearchIndex(moved, {}, index_file=stored).map_index_file()
    assert answers(warmed(moved, stored)) == answers(warmed(moved, None))


def test_a_missing_file_is_written_only_by_a_writable_library(tmp_path: Path, papers: list[Paper]):
    path = tmp_path / "search.idx"
    read_only = IndexFile(path, STAMP, None)
    assert answers(warmed(papers, read_only)) == answers(warmed(papers, None))
    assert not path.exists()


def test_a_failing_write_is_not_the_persons_problem(tmp_path: Path, papers: list[Paper]):
    def fail(chunks: list[bytes]) -> None:
        raise OSError("disk full")

    stored = IndexFile(tmp_path / "search.idx", STAMP, fail)
    assert answers(warmed(papers, stored)) == answers(warmed(papers, None))


def test_given_titles_are_searched_whichever_way_the_index_came(
    tmp_path: Path, papers: list[Paper]
):
    path = tmp_path / "search.idx"
    stored = IndexFile(path, STAMP, saver(path))
    first, second = papers[0], papers[1]
    states = {first.key: PaperState(first.key, title="A given name")}
    # Written while one paper has a title of its own...
    with_given = warmed(papers, stored, states)
    assert first in [with_given.papers[p] for p in with_given.search("given").positions]
    # ...read back with another paper retitled and the first back to its own title.
    others = {second.key: PaperState(second.key, title="Given later")}
    from_file = warmed(papers, stored, others)
    in_memory = warmed(papers, None, others)
    assert answers(from_file) == answers(in_memory)
    found = [from_file.papers[p] for p in from_file.search("given").positions]
    assert found == [second]
    # A typo of a word only a given title has: the vocabulary holds it either way.
    assert [from_file.papers[p] for p in from_file.search("givne").positions] == [second]
    # A title given after the index is ready is searched too.
    others[first.key] = PaperState(first.key, title="Given after")
    from_file.state_changed(first.key)
    in_memory.state_changed(first.key)
    assert answers(from_file) == answers(in_memory)
    assert len(from_file.search("given").positions) == 2
