"""The parsers on the sample answers: both API layouts, the listing feeds (RSS and
Atom), Hugging Face, errors, empty answers and cut-off bodies."""

from __future__ import annotations

import pytest
from fake_services import sample

from paperdeck.fetch.arxiv_api import read_answer, title_phrase, title_query
from paperdeck.fetch.arxiv_feed import read_listing
from paperdeck.fetch.errors import RequestRejected, ServiceUnavailable
from paperdeck.fetch.http import Answer
from paperdeck.fetch.huggingface import read_daily_papers
from paperdeck.fetch.names import split_creators
from paperdeck.sources.latex import latex_to_text


def answer(name: str, status: int = 200) -> Answer:
    return Answer(status, sample(name), "http://127.0.0.1/")


def test_the_current_api_layout() -> None:
    page = read_answer(answer("arxiv_api_idlist.xml"))
    assert page.total == 2
    moe, maldacena = page.papers
    assert moe.arxiv_id == "2611.06021"  # the version of the entry's id dropped
    assert moe.title == "Sparse Mixture-of-Experts Routing with Learned Capacity Budgets"
    assert moe.author_names == ("Mira Castellanos", "Tobias Lindqvist", "Anika Rao")
    assert moe.categories == ("cs.LG", "cs.AI", "cs.CL")
    assert moe.published == "2026-11-09"
    assert moe.abstract.startswith("Mixture-of-Experts (MoE) layers")
    assert "\n" not in moe.abstract
    assert maldacena.arxiv_id == "hep-th/9711200"
    assert maldacena.author_names == ("Juan M. Maldacena",)
    assert maldacena.categories == ("hep-th",)
    assert maldacena.published == "1997-11-27"


def test_the_legacy_api_layout_with_inline_namespaces_and_wrapped_text() -> None:
    page = read_answer(answer("arxiv_api_idlist_legacy.xml"))
    ids = [paper.arxiv_id for paper in page.papers]
    assert ids == ["1706.03762", "1910.10683", "hep-th/9711200"]
    attention = page.papers[0]
    assert attention.title == "Attention Is All You Need"
    assert attention.categories == ("cs.CL", "cs.LG")  # primary first
    assert len(attention.author_names) == 8
    assert attention.author_names[0] == "Ashish Vaswani"
    t5 = page.papers[1]
    assert "  " not in t5.title and "\n" not in t5.title  # the hard wrap collapsed
    assert not attention.abstract.startswith(" ")


def test_a_prefix_other_than_arxiv_is_read_by_its_namespace() -> None:
    body = (
        sample("arxiv_api_idlist.xml")
        .replace(b"arxiv:", b"ax:")
        .replace(b"xmlns:arxiv=", b"xmlns:ax=")
    )
    page = read_answer(Answer(200, body, ""))
    assert page.papers[0].categories == ("cs.LG", "cs.AI", "cs.CL")


def test_the_api_error_entry_is_the_message() -> None:
    with pytest.raises(RequestRejected, match=r"incorrect id format for 2611\.06O21"):
        read_answer(answer("arxiv_api_error.xml", 400))


def test_an_empty_api_answer_has_no_papers() -> None:
    page = read_answer(answer("arxiv_api_empty.xml"))
    assert page.papers == [] and page.total == 0


@pytest.mark.parametrize("name", ["arxiv_api_query.xml", "arxiv_rss_cs.LG.xml"])
def test_a_cut_off_body_is_no_answer(name: str) -> None:
    body = sample(name)
    with pytest.raises(ServiceUnavailable, match="not a whole feed"):
        if name.startswith("arxiv_api"):
            read_answer(Answer(200, body[: len(body) // 2], ""))
        else:
            read_listing(Answer(200, body[: len(body) // 2], ""))


def test_an_html_page_is_no_feed() -> None:
    with pytest.raises(ServiceUnavailable):
        read_answer(Answer(200, b"<html><body>Service down</body></html>", ""))


@pytest.mark.parametrize("name", ["arxiv_rss_cs.LG.xml", "arxiv_atom_cs.LG.xml"])
def test_a_listing_keeps_new_and_cross_lists(name: str) -> None:
    listing = read_listing(answer(name))
    assert [p.arxiv_id for p in listing.papers] == ["2611.06021", "2611.06088", "2611.05970"]
    assert listing.replacements == 2
    tabular = listing.papers[1]
    assert tabular.author_names == ("Jonas Müller", "Priya Natarajan", "Lena Hoffmann")
    assert tabular.categories == ("cs.LG", "stat.ML")
    assert tabular.abstract.startswith("Tabular foundation models")  # the prefix gone
    assert listing.papers[2].author_names == ("Haruto Sato", "Grace O'Neill", "Wei Zhang")


def test_an_empty_day_and_a_bad_category() -> None:
    assert read_listing(answer("arxiv_rss_empty.xml")).papers == []
    with pytest.raises(RequestRejected, match="Bad subject class 'XY'"):
        read_listing(answer("arxiv_rss_error.xml", 400))


def test_daily_papers() -> None:
    papers = read_daily_papers(answer("hf_daily_papers.json"))
    upvotes = [paper.upvotes or 0 for paper in papers]
    assert upvotes == sorted(upvotes, reverse=True)
    vidtok = next(p for p in papers if p.arxiv_id == "2611.05811")
    assert vidtok.upvotes == 112
    assert vidtok.org == "OpenVision Lab"
    assert vidtok.author_names == ("Chen Yu", "Laura Fischer", "Arjun Mehta")
    assert vidtok.published == "2026-11-09"
    assert all("\n" not in p.title and "  " not in p.title for p in papers)


def test_daily_papers_errors_and_empty_days() -> None:
    assert read_daily_papers(Answer(200, b"[]", "")) == []
    with pytest.raises(RequestRejected, match="Invalid date"):
        read_daily_papers(Answer(400, b'{"error":"Invalid date"}', ""))
    with pytest.raises(ServiceUnavailable, match="not whole JSON"):
        read_daily_papers(Answer(200, sample("hf_daily_papers.json")[:500], ""))


def test_creator_lines_split_outside_parentheses() -> None:
    line = r"A. One (Univ. X, Dept. Y), B\"{o} Two (Z), C. Three Jr."
    assert split_creators(line) == ("A. One", "Bö Two", "C. Three Jr.")
    assert latex_to_text(r"Bal\'azs \c{C}elik Stra\ss e \"{\i}") == "Balázs Çelik Straße ï"


def test_title_queries_quote_each_title() -> None:
    assert title_phrase('Attention: "All" You (Need)') == 'ti:"Attention All You Need"'
    assert title_query(["a b", "c"]) == 'ti:"a b" OR ti:"c"'
