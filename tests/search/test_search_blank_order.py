"""The engine's order for a blank query is the date sort's order: the app relies on
it to show an empty filter without sorting every paper again (tui/screens/searching.py)."""

from __future__ import annotations

import dataclasses

from factories import make_papers
from paperdeck.models import Paper
from paperdeck.search import SearchIndex
from paperdeck.sorting import DATE, sort_positions


def test_blank_query_is_already_in_date_order() -> None:
    papers = make_papers(60)
    # Ties on date, missing dates and titles out of order, in every combination.
    dates = ["2024-05-01", None, "2023-01-02", "2024-05-01", "2025-12-31"]
    papers = [
        dataclasses.replace(paper, published=dates[i % len(dates)], title=f"T{(i * 7) % 13} {i}")
        for i, paper in enumerate(papers)
    ]
    undated = Paper.create(title="No date at all", abstract="Nothing to date it by.")
    papers.insert(7, undated)
    assert undated.sort_date == ""
    index = SearchIndex(papers, {})
    for blank in ("", "   "):
        result = index.search(blank)
        positions = list(result.positions)
        assert sorted(positions) == list(range(len(papers)))
        assert sort_positions(positions, papers, {}, DATE) == positions
