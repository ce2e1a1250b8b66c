"""``--sort for-you`` in sorting.py: the order, the fallback and the marks it reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from recommend_helpers import topic_of, topic_papers

from factories import entries
from paperdeck.library import Library
from paperdeck.models import PaperState
from paperdeck.recommend import for_you_scores
from paperdeck.sorting import (
    DATE,
    SortError,
    SortRanks,
    check_sort,
    describe_sort,
    for_you_notice,
    sort_papers,
)


@pytest.fixture
def library(tmp_path: Path) -> Library:
    library = Library.open(tmp_path, writable=True)
    library.import_entries(["topics.txt"], entries(topic_papers()), [])
    yield library
    library.close()


def keys(papers: list) -> list[str]:
    return [p.key for p in papers]


def test_for_you_names_are_sorts() -> None:
    assert check_sort("for-you") == "for-you"
    assert check_sort("for-you:reading") == "for-you:reading"
    with pytest.raises(SortError, match="needs a tag"):
        check_sort("for-you:")
    with pytest.raises(SortError, match="for-you:TAG"):
        check_sort("for-yu")
    assert describe_sort("for-you") == "for-you, best first"


def test_no_stars_falls_back_to_date_with_a_notice(library: Library) -> None:
    by_date = sort_papers(library.papers, library.states, DATE)
    assert keys(sort_papers(library.papers, library.states, "for-you")) == keys(by_date)
    notice = for_you_notice("for-you", library.states)
    assert notice is not None and "0 so far" in notice and "sorted by date" in notice


def test_one_star_is_too_few(library: Library) -> None:
    library.set_starred(["moe-0"], True)
    notice = for_you_notice("for-you", library.states)
    assert notice is not None and "1 so far" in notice
    by_date = sort_papers(library.papers, library.states, DATE)
    assert keys(sort_papers(library.papers, library.states, "for-you")) == keys(by_date)


def test_stars_rank_their_topic_first_and_the_stars_last(library: Library) -> None:
    library.set_starred(["diff-0", "diff-3", "diff-5"], True)
    assert for_you_notice("for-you", library.states) is None
    ordered = keys(sort_papers(library.papers, library.states, "for-you"))
    assert [topic_of(k) for k in ordered[:4]] == ["diff"] * 4
    assert set(ordered[-3:]) == {"diff-0", "diff-3", "diff-5"}
    reverse = keys(sort_papers(library.papers, library.states, "for-you", reverse=True))
    assert topic_of(reverse[0]) != "diff"


def test_a_star_removed_goes_back_to_date(library: Library) -> None:
    library.set_starred(["diff-0", "diff-3", "diff-5"], True)
    library.set_starred(["diff-3"], False)
    assert "2 so far" in (for_you_notice("for-you", library.states) or "")
    by_date = sort_papers(library.papers, library.states, DATE)
    assert keys(sort_papers(library.papers, library.states, "for-you")) == keys(by_date)


def test_for_you_tag_follows_a_renamed_tag(library: Library) -> None:
    tagged = ["draft-1", "draft-2", "draft-6"]
    library.add_tags(tagged, ["decoding"])
    ordered = keys(sort_papers(library.papers, library.states, "for-you:decoding"))
    assert [topic_of(k) for k in ordered[:4]] == ["draft"] * 4
    # Renamed: the old name has nothing to learn from, the new one has it all.
    library.remove_tags(tagged, ["decoding"])
    library.add_tags(tagged, ["inference"])
    assert for_you_notice("for-you:decoding", library.states) is not None
    assert for_you_notice("for-you:inference", library.states) is None
    renamed = keys(sort_papers(library.papers, library.states, "for-you:inference"))
    assert renamed == ordered


def test_the_order_is_by_score_then_newest_first_the_liked_last(library: Library) -> None:
    library.set_starred(["moe-0", "moe-1", "moe-2"], True)
    scores = for_you_scores(library.papers, library.states)
    score = scores.by_key
    by_date = keys(sort_papers(library.papers, library.states, DATE))
    fresh = [k for k in by_date if k not in scores.liked]
    liked = [k for k in by_date if k in scores.liked]
    assert liked and len(set(score[k] for k in fresh)) > 1
    best_first = sorted(fresh, key=lambda k: -score[k]) + liked
    worst_first = sorted(fresh, key=lambda k: score[k]) + liked
    assert keys(sort_papers(library.papers, library.states, "for-you")) == best_first
    ordered = sort_papers(library.papers, library.states, "for-you", reverse=True)
    assert keys(ordered) == worst_first


def test_a_subset_is_ranked_with_the_whole_corpus(library: Library) -> None:
    library.set_starred(["moe-0", "moe-1", "moe-2"], True)
    subset = [p for p in library.papers if p.key.endswith(("-4", "-5"))]
    ordered = sort_papers(subset, library.states, "for-you", corpus=library.papers)
    assert [topic_of(p.key) for p in ordered[:2]] == ["moe", "moe"]


def test_sort_ranks_give_the_for_you_order(library: Library) -> None:
    library.set_starred(["moe-0", "moe-1", "moe-2"], True)
    papers = library.papers
    ranks = SortRanks(papers, library.states)
    positions = list(range(len(papers)))
    expected = keys(sort_papers(papers, library.states, "for-you"))
    assert [papers[p].key for p in ranks.order(positions, "for-you")] == expected


def test_an_empty_library_sorts_to_nothing(tmp_path: Path) -> None:
    states = {k: PaperState(key=k, starred=True) for k in ("a", "b", "c")}
    assert sort_papers([], states, "for-you") == []
