"""``like:ID`` in the search engine: ordered by similarity, combined with other terms."""

from __future__ import annotations

import pytest
from recommend_helpers import topic_of, topic_papers

from paperdeck.models import PaperState
from paperdeck.search import QueryError, SearchIndex


def keys(index: SearchIndex, query: str) -> list[str]:
    return [index.papers[p].key for p in index.search(query).positions]


def test_like_orders_every_other_paper_by_similarity() -> None:
    index = SearchIndex(topic_papers(), {})
    found = keys(index, "like:moe-3")
    assert "moe-3" not in found and len(found) == len(index.papers) - 1
    assert [topic_of(k) for k in found[:6]] == ["moe"] * 6


def test_like_combines_with_filters_and_words() -> None:
    states = {f"draft-{i}": PaperState(key=f"draft-{i}", read=True) for i in (0, 1, 2)}
    index = SearchIndex(topic_papers(), states)
    unread = keys(index, "like:draft-4 is:unread")
    assert not {"draft-0", "draft-1", "draft-2", "draft-4"} & set(unread)
    assert [topic_of(k) for k in unread[:3]] == ["draft"] * 3
    # A word narrows the papers; like: still gives the order.
    found = keys(index, "like:draft-4 efficient")
    assert topic_of(found[0]) == "draft"
    assert set(found) == set(keys(index, "efficient")) - {"draft-4"}


def test_an_unknown_like_id_is_a_query_error() -> None:
    index = SearchIndex(topic_papers(), {})
    with pytest.raises(QueryError, match=r"no paper with id '2401\.00001'"):
        index.search("like:2401.00001")


def test_like_in_an_empty_library_is_an_unknown_id() -> None:
    with pytest.raises(QueryError, match="no paper"):
        SearchIndex([], {}).search("like:x")
