"""Parsers report how far they have come, for the import progress bar."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from paperdeck.sources import parse_text


def daily_page(count: int) -> str:
    return "".join(
        f"Paper number {i}\n\nAbstract of paper {i}.\n\n  • 3 authors\n·\nMar 3, 2024 {i % 7}\n\n"
        for i in range(count)
    )


def jsonl(count: int) -> str:
    return "".join(
        json.dumps({"title": f"T{i}", "abstract": f"A {i}."}) + "\n" for i in range(count)
    )


def abstracts(count: int) -> str:
    return "".join(f"Abstract:Paper {i} studies things.\n" for i in range(count))


def viewer(count: int) -> str:
    head = "arxiv_id\nstringlengths\n9\n12\nabstract\nstringlengths\n431\n13.8k\n"
    return head + "".join(f"2401.{i:05d}\nAbstract {i} text.\n" for i in range(count))


@pytest.mark.parametrize("make", [daily_page, jsonl, abstracts, viewer])
def test_progress_rises_steadily_to_near_the_end(make: Callable[[int], str]) -> None:
    seen: list[float] = []
    result = parse_text(make(20_000), "big.txt", progress=seen.append)
    assert len(result.entries) == 20_000
    assert len(seen) >= 5, "a large file reports progress more than a few times"
    assert seen == sorted(seen) and len(set(seen)) == len(seen)  # never back, never repeated
    assert 0.0 < seen[0] < 0.5 and 0.9 < seen[-1] <= 1.0


def test_small_files_and_no_callback_need_no_progress() -> None:
    seen: list[float] = []
    assert len(parse_text(daily_page(3), "small.txt", progress=seen.append).entries) == 3
    assert all(0.0 <= f <= 1.0 for f in seen)
    assert len(parse_text(daily_page(3), "small.txt").entries) == 3
