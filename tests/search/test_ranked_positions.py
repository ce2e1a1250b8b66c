"""search/ranking.py: a ranking made as it is read gives what a whole sort gives,
however it is read (a row, a slice, a search for one paper, two threads)."""

from __future__ import annotations

import random
import threading

import pytest

from paperdeck.search.ranking import RankedPositions, rank


def reference(data: bytes, order: list[int]) -> list[int]:
    """Highest byte first, then by id: what the list shows."""
    ids = sorted((i for i, byte in enumerate(data) if byte), key=lambda i: (-data[i], i))
    return [order[i] for i in ids]


def column(seed: int, n: int, values: list[int], share: float) -> tuple[bytes, list[int]]:
    rng = random.Random(seed)
    data = bytes(rng.choice(values) if rng.random() < share else 0 for _ in range(n))
    order = list(range(n))
    rng.shuffle(order)
    return data, order


# A dense total (more than 1/32 of the papers: made by one pass when read whole),
# sparse ones (made by finds), the highest byte, and no paper at all.
CASES = [
    (1, 3000, [1, 2, 200], 0.9),
    (2, 3000, [3, 9, 17, 40, 41], 0.05),
    (3, 500, [255, 1], 0.5),
    (4, 200, [7], 0.0),
    (5, 1, [9], 1.0),
]


@pytest.mark.parametrize(("seed", "n", "values", "share"), CASES)
def test_read_whole_it_is_the_sorted_ranking(
    seed: int, n: int, values: list[int], share: float
) -> None:
    data, order = column(seed, n, values, share)
    ranked = RankedPositions(data, order)
    expected = reference(data, order)
    assert len(ranked) == len(expected)
    assert list(ranked) == expected


@pytest.mark.parametrize(("seed", "n", "values", "share"), CASES)
def test_read_a_piece_at_a_time_it_is_the_same(
    seed: int, n: int, values: list[int], share: float
) -> None:
    data, order = column(seed, n, values, share)
    expected = reference(data, order)
    ranked = RankedPositions(data, order)
    rng = random.Random(seed)
    rows = [0, 1, 49, len(expected) // 3, len(expected) - 1, -1]
    for row in rows:
        if expected and -len(expected) <= row < len(expected):
            assert ranked[row] == expected[row]
    if expected:
        start = rng.randrange(len(expected))
        assert list(ranked[start : start + 60]) == expected[start : start + 60]
        assert list(ranked[::-7]) == expected[::-7]
        target = expected[len(expected) // 2]
        assert ranked.index(target) == expected.index(target) and target in ranked
    with pytest.raises(IndexError):
        ranked[len(expected)]
    assert list(ranked) == expected and ranked == expected


def test_the_first_rows_are_made_without_the_rest() -> None:
    data, order = column(6, 100_000, [5, 6, 7], 0.9)
    ranked = RankedPositions(data, order)
    assert ranked[49] == reference(data, order)[49]
    assert len(ranked._made) < 1000  # only what was read, not 90,000


def test_two_threads_reading_at_once_see_one_ranking() -> None:
    data, order = column(7, 50_000, [1, 2, 3, 50, 51], 0.3)
    expected = reference(data, order)
    ranked = RankedPositions(data, order)
    seen: list[list[int]] = []

    def read(step: int) -> None:
        seen.append([ranked[i] for i in range(0, len(expected), step)])

    threads = [threading.Thread(target=read, args=(step,)) for step in (1, 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seen, key=len) == [expected[::3], expected]


def test_rank_gives_one_byte_totals_as_a_ranking_made_as_read() -> None:
    order = [2, 0, 1, 3]
    totals = int.from_bytes(bytes([5, 0, 9, 5]), "little")
    present = int.from_bytes(bytes([1, 1, 1, 0]), "little")
    ranked = rank(totals, present, 1, order)
    assert isinstance(ranked, RankedPositions)
    # id 2 (total 9), id 0 (5), then id 1 (present, total 0); id 3 is not present.
    assert list(ranked) == [order[2], order[0], order[1]]
