"""``like:ID``: the mask of what it keeps and the order it gives (search/query.py).

The similarity comes from :mod:`paperdeck.recommend` (numpy/scipy), imported here
only when a query holds ``like:``, so that no other search loads it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from paperdeck.models import Paper
from paperdeck.search.query import LikeTerm, QueryError


def like_id(term: LikeTerm, key_ids: Mapping[str, int], by_id: Sequence[Paper]) -> int:
    """The internal id of the paper ``term`` names (by key or arXiv id), else QueryError."""
    found = key_ids.get(term.key)
    if found is not None:
        return found
    for i, paper in enumerate(by_id):
        if paper.arxiv_id and paper.arxiv_id.lower() == term.key:
            return i
    raise QueryError(f"like: no paper with id '{term.key}' in the library", term.span[0])


def order_by_likeness(
    ranked: Sequence[int], papers: Sequence[Paper], targets: Sequence[int]
) -> list[int]:
    """``ranked`` (positions, best first) reordered by summed similarity to the
    target positions, most similar first; equals keep their given order."""
    from paperdeck.recommend import recommender_for

    recommender = recommender_for(papers)
    total = None
    for target in targets:
        scores = recommender.like(papers[target].key)
        total = scores if total is None else total + scores
    assert total is not None
    score_of = total.tolist()
    return sorted(ranked, key=lambda p: -score_of[p])
