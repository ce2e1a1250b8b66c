"""``paperdeck add``, ``enrich``, ``fetch`` and ``feeds`` against the fake services:
every id spelling, batching, politeness, each source, idempotent re-fetch, errors
and offline exit 4 with the library unchanged."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from fake_services import ATOM, FakeServices, Reply, atom_answer, sample

from paperdeck.cli import EXIT_BAD_INPUT, EXIT_NETWORK, EXIT_OK, EXIT_SKIPPED, main

API = "/api/query"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 0
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys: pytest.CaptureFixture[str], *query: str) -> list[dict[str, object]]:
    code, out, _ = run(capsys, "list", "--json", *query)
    assert code == EXIT_OK
    result: list[dict[str, object]] = json.loads(out)
    return result


def ids_asked(services: FakeServices) -> list[list[str]]:
    return [seen.query["id_list"].split(",") for seen in services.asked(API)]


def echo_ids(services: FakeServices, known: set[str] | None = None) -> None:
    """An API that knows every id asked (or only ``known``), as the current one does:
    ids it does not know are left out."""

    def answer_for(query: dict[str, str]) -> bool:
        ids = [i for i in query.get("id_list", "").split(",") if i]
        found = [(i, f"Paper number {i}") for i in ids if known is None or i in known]
        route.replies = [Reply(200, atom_answer(found), {"Content-Type": ATOM})]
        route.served = 0
        return True

    route = services.route(API, Reply(200, b""), match=answer_for)


@pytest.mark.parametrize(
    "spelling",
    [
        "2406.09415",
        "2406.09415v2",
        "arXiv:2406.09415",
        "https://arxiv.org/abs/2406.09415",
        "https://arxiv.org/pdf/2406.09415v2",
        "http://export.arxiv.org/abs/2406.09415v1",
        "arxiv.org/pdf/2406.09415.pdf",
    ],
)
def test_add_takes_every_spelling_of_an_id(
    capsys: pytest.CaptureFixture[str], services: FakeServices, spelling: str
) -> None:
    echo_ids(services)
    code, out, _ = run(capsys, "add", spelling)
    assert code == EXIT_OK, out
    assert ids_asked(services) == [["2406.09415"]]
    (paper,) = listed(capsys)
    assert paper["arxiv_id"] == "2406.09415"
    assert paper["title"] == "Paper number 2406.09415"


def test_add_an_old_style_id_from_the_sample(
    capsys: pytest.CaptureFixture[str], services: FakeServices
) -> None:
    services.route(API, Reply(200, sample("arxiv_api_idlist.xml")))
    code, out, err = run(capsys, "add", "hep-th/9711200v3", "arXiv:2611.06021")
    assert code == EXIT_OK, err
    assert ids_asked(services) == [["hep-th/9711200", "2611.06021"]]
    assert "2 added" in out
    papers = {paper["arxiv_id"]: paper for paper in listed(capsys)}
    assert papers["hep-th/9711200"]["title"].startswith("The Large N Limit")  # type: ignore[union-attr]
    assert papers["2611.06021"]["authors"] == 3
    assert papers["2611.06021"]["author_names"] == [
        "Mira Castellanos",
        "Tobias Lindqvist",
        "Anika Rao",
    ]
    assert papers["2611.06021"]["categories"] == ["cs.LG", "cs.AI", "cs.CL"]
    assert listed(capsys, "is:new") and len(listed(capsys, "source:arxiv")) == 2


def test_add_the_legacy_layout(capsys: pytest.CaptureFixture[str], services: FakeServices) -> None:
    services.route(API, Reply(200, sample("arxiv_api_idlist_legacy.xml")))
    code, _, err = run(capsys, "add", "1706.03762", "1910.10683", "hep-th/9711200v3")
    assert code == EXIT_OK, err
    titles = sorted(str(p["title"]) for p in listed(capsys))
    assert "Attention Is All You Need" in titles and len(titles) == 3


def test_add_batches_100_ids_a_request_and_names_the_unknown(
    capsys: pytest.CaptureFixture[str], services: FakeServices
) -> None:
    ids = [f"2501.{n:05d}" for n in range(1, 151)]
    echo_ids(services, known=set(ids[:-1]))
    code, _out, err = run(capsys, "add", *ids)
    assert code == EXIT_SKIPPED
    assert [len(batch) for batch in ids_asked(services)] == [100, 50]
    assert services.asked(API)[0].query["max_results"] == "100"
    assert "arXiv does not know 2501.00150" in err
    assert len(listed(capsys)) == 149
    # Politeness: the requests were the gap apart (0.2 s in the tests; 3 s for arXiv).
    first, second = services.asked(API)
    assert second.at - first.at >= 0.2


def test_add_completes_a_paper_the_library_has(
    capsys: pytest.CaptureFixture[str], services: FakeServices, tmp_path: Path
) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        json.dumps({"arxiv_id": "2611.06021", "abstract": "Mixture-of-Experts layers grow."}),
        encoding="utf-8",
    )
    assert run(capsys, "import", str(dump))[0] == EXIT_OK
    (before,) = listed(capsys)
    assert before["authors"] is None
    services.route(API, Reply(200, sample("arxiv_api_idlist.xml")))
    code, out, _ = run(capsys, "add", "2611.06021")
    assert code == EXIT_OK and "1 updated" in out
    (after,) = listed(capsys)
    assert after["title"] == "Sparse Mixture-of-Experts Routing with Learned Capacity Budgets"
    assert after["authors"] == 3 and after["id"] == before["id"]


def test_add_refuses_what_is_no_id_before_asking(
    capsys: pytest.CaptureFixture[str], services: FakeServices
) -> None:
    code, _, err = run(capsys, "add", "2406.09415", "not-an-id")
    assert code == EXIT_BAD_INPUT and "not an arXiv id: 'not-an-id'" in err
    assert services.requests == []


def test_a_400_answer_shows_arxivs_words(
    capsys: pytest.CaptureFixture[str], services: FakeServices
) -> None:
    services.route(API, Reply(400, sample("arxiv_api_error.xml"), {"Content-Type": ATOM}))
    code, _, err = run(capsys, "add", "2611.06021")
    assert code == EXIT_BAD_INPUT
    assert "arXiv API: refused the request: incorrect id format for 2611.06O21" in err


def test_an_id_arxiv_does_not_know(
    capsys: pytest.CaptureFixture[str], services: FakeServices
) -> None:
    services.route(API, Reply(200, sample("arxiv_api_empty.xml")))
    code, _, err = run(capsys, "add", "2611.99999")
    assert code == EXIT_BAD_INPUT
    assert "arXiv does not know 2611.99999" in err
    assert listed(capsys) == []


def test_offline_is_exit_4_and_the_library_unchanged(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    home: Path,
) -> None:
    page = tmp_path / "a.txt"
    page.write_text("Abstract:We study grammar-aligned decoding. It works.\n", encoding="utf-8")
    assert run(capsys, "import", str(page))[0] == EXIT_OK
    corpus = (home / "corpus.json").read_bytes()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    for variable in ("PAPERDECK_ARXIV_API", "PAPERDECK_ARXIV_RSS", "PAPERDECK_HF_API"):
        monkeypatch.setenv(variable, f"http://127.0.0.1:{port}/x")
    for args in (["add", "2406.09415"], ["fetch", "arxiv:cs.LG"], ["fetch", "hf"], ["enrich"]):
        code, out, err = run(capsys, *args)
        if args == ["enrich"]:
            assert code == EXIT_OK and "Nothing to enrich" in out
            continue
        assert code == EXIT_NETWORK, (args, err)
        assert len(err.strip().splitlines()) == 1
        assert f"cannot connect to 127.0.0.1:{port}" in err
    assert (home / "corpus.json").read_bytes() == corpus


def test_a_dead_service_after_retries_is_exit_4(
    capsys: pytest.CaptureFixture[str], services: FakeServices, home: Path
) -> None:
    services.route(API, Reply(503, b"", {"Retry-After": "0"}))
    code, _, err = run(capsys, "add", "2406.09415")
    assert code == EXIT_NETWORK
    assert "arXiv API:" in err and "HTTP 503 (4 tries)" in err
    assert len(services.asked(API)) == 4
    assert not (home / "corpus.json").exists()


def test_a_429_then_an_answer(capsys: pytest.CaptureFixture[str], services: FakeServices) -> None:
    services.route(
        API,
        Reply(429, b"", {"Retry-After": "1"}),
        Reply(200, sample("arxiv_api_idlist.xml")),
    )
    code, _, _ = run(capsys, "add", "2611.06021")
    assert code == EXIT_OK
    first, second = services.asked(API)
    assert second.at - first.at >= 1.0  # Retry-After honoured


def test_a_truncated_body_is_exit_4(
    capsys: pytest.CaptureFixture[str], services: FakeServices
) -> None:
    body = sample("arxiv_rss_cs.LG.xml")
    services.route("/rss/cs.LG", Reply(200, body[:2000]))
    code, _, err = run(capsys, "fetch", "arxiv:cs.LG")
    assert code == EXIT_NETWORK and "not a whole feed" in err


# -- fetch ------------------------------------------------------------------------------


def test_fetch_a_category_twice_adds_nothing_the_second_time(
    capsys: pytest.CaptureFixture[str], services: FakeServices
) -> None:
    services.route("/rss/cs.LG", Reply(200, sample("arxiv_rss_cs.LG.xml")))
    code, out, _ = run(capsys, "fetch", "arxiv:cs.LG")
    assert code == EXIT_OK
    assert "arxiv:cs.LG: 3 papers (2 replaced papers left out)" in out
    assert {p["arxiv_id"] for p in listed(capsys, "is:new")} == {
        "2611.06021",
        "2611.06088",
        "2611.05970",
    }
    tabular = listed(capsys, "id:2611.06088")[0]
    assert tabular["author_names"] == ["Jonas Müller", "Priya Natarajan", "Lena Hoffmann"]
    assert tabular["categories"] == ["cs.LG", "stat.ML"]
    code, out, _ = run(capsys, "fetch", "arxiv:cs.LG")
    assert code == EXIT_OK and "0 added" in out and "3 unchanged" in out
    assert len(listed(capsys, "is:new")) == 3  # an import that brings nothing is not recorded
    code, out, _ = run(capsys, "imports", "--json")
    assert [record["files"] for record in json.loads(out)] == [["arxiv:cs.LG"]]


def test_fetch_asks_conditionally_and_keeps_validators_only_when_saved(
    capsys: pytest.CaptureFixture[str], services: FakeServices, home: Path
) -> None:
    services.route("/rss/cs.LG", Reply(200, sample("arxiv_rss_cs.LG.xml")), etag='"v1"')
    assert run(capsys, "fetch", "arxiv:cs.LG")[0] == EXIT_OK
    kept = json.loads((home / "feed-validators.json").read_text(encoding="utf-8"))
    assert [entry["etag"] for entry in kept.values()] == ['"v1"']
    code, out, _ = run(capsys, "fetch", "arxiv:cs.LG")
    assert code == EXIT_OK and "not changed since the last fetch" in out
    assert services.asked("/rss/cs.LG")[1].headers["If-None-Match"] == '"v1"'


def test_fetch_the_atom_feed_an_empty_day_and_a_bad_category(
    capsys: pytest.CaptureFixture[str], services: FakeServices
) -> None:
    services.route("/rss/cs.LG", Reply(200, sample("arxiv_atom_cs.LG.xml")))
    services.route("/rss/math.CO", Reply(200, sample("arxiv_rss_empty.xml")))
    services.route("/rss/cs.XY", Reply(400, sample("arxiv_rss_error.xml")))
    code, out, err = run(capsys, "fetch", "arxiv:cs.LG", "arxiv:math.CO", "arxiv:cs.XY")
    assert code == EXIT_BAD_INPUT
    assert "arxiv:math.CO: 0 papers (no papers that day)" in out
    assert "Bad subject class 'XY'" in err
    assert len(listed(capsys)) == 3  # what did come is saved


def test_fetch_hugging_face_daily_papers_with_upvotes(
    capsys: pytest.CaptureFixture[str], services: FakeServices
) -> None:
    services.route(
        "/hf/api/daily_papers",
        Reply(200, sample("hf_daily_papers.json")),
        match=lambda query: query.get("date") == "2026-11-10",
    )
    services.route(
        "/hf/api/daily_papers",
        Reply(200, b"[]"),
        match=lambda query: query.get("date") == "2026-11-14",
    )
    code, out, _ = run(capsys, "fetch", "hf:2026-11-10")
    assert code == EXIT_OK, out
    papers = listed(capsys, "--sort", "upvotes")
    assert papers[0]["arxiv_id"] == "2611.05811" and papers[0]["upvotes"] == 112
    assert papers[0]["org"] == "OpenVision Lab"
    assert papers[0]["author_names"] == ["Chen Yu", "Laura Fischer", "Arjun Mehta"]
    code, out, _ = run(capsys, "fetch", "hf:2026-11-14")
    assert code == EXIT_OK and "no papers that day" in out


def test_fetch_a_search_newest_first(
    capsys: pytest.CaptureFixture[str], services: FakeServices
) -> None:
    services.route(API, Reply(200, sample("arxiv_api_query.xml")))
    code, _, err = run(capsys, "fetch", "search:all:transformer AND cat:cs.LG", "--max", "4")
    assert code == EXIT_OK, err
    (asked,) = services.asked(API)
    assert asked.query == {
        "search_query": "all:transformer AND cat:cs.LG",
        "sortBy": "submittedDate",
        "sortOrder": "descending",
        "start": "0",
        "max_results": "4",
    }
    assert len(listed(capsys, "source:search")) == 4


def test_fetch_every_configured_feed(
    capsys: pytest.CaptureFixture[str], services: FakeServices, config_file: Path
) -> None:
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text(
        '[[feeds]]\nname = "ml"\nsource = "arxiv:cs.LG"\n\n'
        '[[feeds]]\nname = "daily"\nsource = "hf:2026-11-10"\n',
        encoding="utf-8",
    )
    services.route("/rss/cs.LG", Reply(200, sample("arxiv_rss_cs.LG.xml")))
    services.route("/hf/api/daily_papers", Reply(200, sample("hf_daily_papers.json")))
    code, out, _ = run(capsys, "feeds")
    assert code == EXIT_OK and out.split() == ["ml", "arxiv:cs.LG", "daily", "hf:2026-11-10"]
    code, out, _ = run(capsys, "fetch")
    assert code == EXIT_OK
    assert "Fetched 2 sources" in out
    new = listed(capsys, "is:new")
    # The two papers both sources list are one paper each.
    assert len({p["arxiv_id"] for p in new}) == len(new)
    assert {"2611.06021", "2611.05811"} <= {p["arxiv_id"] for p in new}
    code, _, err = run(capsys, "fetch", "nosuch")
    assert code == EXIT_BAD_INPUT and "'nosuch' is no source and no feed" in err


def test_fetch_checks_its_sources_before_asking(
    capsys: pytest.CaptureFixture[str], services: FakeServices
) -> None:
    for bad in ("hf:2026-13-40", "arxiv:CS LG", "search:"):
        code, _, err = run(capsys, "fetch", bad)
        assert code == EXIT_BAD_INPUT and len(err.strip().splitlines()) == 1, bad
    code, _, err = run(capsys, "fetch")
    assert code == EXIT_BAD_INPUT and "no feeds in" in err
    assert services.requests == []


# -- enrich -----------------------------------------------------------------------------


def test_enrich_by_id_and_by_title(
    capsys: pytest.CaptureFixture[str], services: FakeServices, tmp_path: Path
) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        json.dumps({"arxiv_id": "2611.06021", "abstract": "Mixture-of-Experts layers grow."}),
        encoding="utf-8",
    )
    titled = tmp_path / "titled.jsonl"
    titled.write_text(
        json.dumps({"title": "Attention is all you need!", "abstract": "A new network."})
        + "\n"
        + json.dumps({"title": "Attention Is All You Need Too", "abstract": "Another one."})
        + "\n",
        encoding="utf-8",
    )
    assert run(capsys, "import", str(dump), str(titled))[0] == EXIT_OK

    def search(query: dict[str, str]) -> bool:
        return "search_query" in query

    services.route(API, Reply(200, sample("arxiv_api_idlist.xml")))
    services.route(API, Reply(200, sample("arxiv_api_idlist_legacy.xml")), match=search)
    code, out, err = run(capsys, "enrich")
    assert code == EXIT_OK, err
    assert "completed 1, found the id of 1" in out
    assert "title not found: Attention Is All You Need Too" in out  # a near miss
    searches = [s.query for s in services.asked(API) if "search_query" in s.query]
    assert [query["search_query"] for query in searches] == [
        'ti:"Attention is all you need" OR ti:"Attention Is All You Need Too"'
    ]
    assert searches[0]["sortBy"] == "relevance"
    papers = {str(p["title"]): p for p in listed(capsys)}
    assert papers["Attention is all you need!"]["arxiv_id"] == "1706.03762"
    assert papers["Attention Is All You Need Too"]["arxiv_id"] is None
    moe = papers["Sparse Mixture-of-Experts Routing with Learned Capacity Budgets"]
    assert moe["authors"] == 3 and moe["categories"] == ["cs.LG", "cs.AI", "cs.CL"]
    attention = papers["Attention is all you need!"]
    assert attention["author_names"][:2] == ["Ashish Vaswani", "Noam Shazeer"]  # type: ignore[index]
    # Enriched, the papers are no longer thin: a second run asks nothing by id.
    asked = len(services.requests)
    code, out, _ = run(capsys, "enrich")
    assert code == EXIT_OK
    id_requests = [s for s in services.requests[asked:] if "id_list" in s.query]
    assert id_requests == []


def test_many_unknown_ids_are_named_up_to_twenty(
    capsys: pytest.CaptureFixture[str], services: FakeServices
) -> None:
    ids = [f"2502.{n:05d}" for n in range(1, 31)]
    echo_ids(services, known={ids[0]})
    code, out, err = run(capsys, "add", *ids)
    assert code == EXIT_SKIPPED
    assert err.count("arXiv does not know") == 20 and "nor 9 more" in err
    code, out, err = run(capsys, "add", "--json", *ids)
    assert len(json.loads(out)["missing"]) == 29


def test_what_is_fetched_goes_through_the_sanitiser_and_limits(
    capsys: pytest.CaptureFixture[str], services: FakeServices
) -> None:
    hostile = [
        {
            "paper": {
                "id": "2611.00001",
                "title": "Evil \u001b[31mred\u001b[0m title \u202ereversed",
                "summary": "An abstract with a zero\u200bwidth space.",
                "authors": [{"name": "Mallory \u001b]8;;http://x\u0007Link"}],
                "upvotes": 3,
            }
        },
        {"paper": {"id": "2611.00002", "title": "T" * 2001, "summary": "Too long a title."}},
    ]
    services.route("/hf/api/daily_papers", Reply(200, json.dumps(hostile).encode()))
    code, _, err = run(capsys, "fetch", "hf:2026-11-10")
    assert code == EXIT_SKIPPED
    assert "title is 2,001 characters, over the limit of 2,000" in err
    (paper,) = listed(capsys)
    text = json.dumps(paper, ensure_ascii=False)
    assert not any(char in text for char in "\u001b\u202e\u200b\u0007")
    assert paper["title"] == "Evil [31mred[0m title reversed"
