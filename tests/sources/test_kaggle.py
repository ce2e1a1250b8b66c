"""The Kaggle arXiv metadata snapshot: read as a stream, detected by its keys, filtered
by category."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factories import SHARED, SOURCE_FIXTURES
from paperdeck.models import PaperState
from paperdeck.sources import SourceError, detect_format, load_file, parse_text
from paperdeck.sources import reading as reading_module
from paperdeck.sources.kaggle import CategoryFilter, author_names, first_version_date
from paperdeck.sources.streaming import LINE_MAX_BYTES, MAX_PROBLEMS
from snapshot_helpers import snapshot_line, snapshot_record, write_snapshot

SAMPLE = SHARED / "formats" / "kaggle_snapshot.jsonl"


@pytest.fixture
def sample() -> Path:
    if not SAMPLE.exists():
        pytest.skip("the shared format samples are not beside the checkout")
    return SAMPLE


def test_the_shared_sample_reads_every_record(sample: Path) -> None:
    result = load_file(sample)
    assert result.problems == []
    papers = {entry.paper.key: entry.paper for entry in result.entries}
    assert list(papers) == [
        "hep-th/9711200",
        "1706.03762",
        "2510.02217",
        "2611.06021",
        "2611.06088",
    ]

    old = papers["hep-th/9711200"]
    assert old.arxiv_id == "hep-th/9711200"
    assert old.title == "The Large N Limit of Superconformal Field Theories and Supergravity"
    assert old.author_names == ("Juan M. Maldacena",)  # the affiliation is dropped
    assert old.published == "1997-11-27"  # v1, not v3
    assert old.categories == ("hep-th",)
    assert old.abstract.startswith("We show that the large N limit of certain conformal")
    assert "\n" not in old.abstract

    attention = papers["1706.03762"]
    assert attention.authors == 8
    assert attention.author_names[:2] == ("Ashish Vaswani", "Noam Shazeer")
    assert attention.author_names[-1] == "Illia Polosukhin"
    assert attention.categories == ("cs.CL", "cs.LG")
    assert attention.published == "2017-06-12"

    wrapped = papers["2611.06088"]
    # A title wrapped with "\n  " is one line; TeX in the abstract is left as written.
    assert wrapped.title == (
        "Calibrated Uncertainty for Tabular Foundation Models under Covariate Shift"
    )
    assert "$1-\\epsilon$" in wrapped.abstract
    assert wrapped.author_names == ("Jonas Müller", "Priya Natarajan", "Lena Hoffmann")
    assert wrapped.categories == ("cs.LG", "stat.ML")
    assert wrapped.sources == ("kaggle_snapshot.jsonl",)


def test_the_snapshot_is_detected_and_other_json_lines_are_not(sample: Path) -> None:
    assert detect_format(sample.read_text(encoding="utf-8")) == "kaggle"
    assert detect_format((SOURCE_FIXTURES / "papers.jsonl").read_text(encoding="utf-8")) == "jsonl"
    # Records that share some keys (id, authors, categories, even versions) but not
    # the snapshot's whole set stay ordinary JSON Lines.
    near = {"id": "2401.00001", "title": "T", "authors": ["A B"], "categories": ["cs.LG"]}
    assert detect_format(json.dumps(near) + "\n") == "jsonl"
    near_versions = {**near, "versions": [], "submitter": "A B"}
    assert detect_format(json.dumps(near_versions) + "\n") == "jsonl"
    record = snapshot_record(1)
    assert detect_format(snapshot_line(record) + "\n") == "kaggle"
    assert detect_format("{broken\n" + snapshot_line(record) + "\n") == "kaggle"
    # A JSON document holding snapshot records is a JSON document, not the snapshot.
    assert detect_format(json.dumps([record], indent=1)) == "json"


def test_paperdecks_own_json_lines_export_reads_back_as_json_lines(tmp_path: Path) -> None:
    from paperdeck.export import render_jsonl

    papers = [entry.paper for entry in load_file(write_snapshot(tmp_path / "s.json", 5)).entries]
    exported = render_jsonl([(paper, PaperState(key=paper.key)) for paper in papers])
    assert detect_format(exported) == "jsonl"
    again = parse_text(exported, "export.jsonl")
    assert [
        (e.paper.key, e.paper.title, e.paper.author_names, e.paper.categories)
        for e in again.entries
    ] == [(p.key, p.title, p.author_names, p.categories) for p in papers]
    assert papers[0].author_names == ("Ada Person0", "Bo Li", "C. Díaz")


def test_a_generated_snapshot_streams_with_progress(tmp_path: Path) -> None:
    path = write_snapshot(tmp_path / "arxiv-metadata-oai-snapshot.json", 4000)
    seen: list[float] = []
    result = load_file(path, progress=seen.append)
    assert len(result.entries) == 4000 and result.problems == []
    assert len(seen) >= 3 and seen == sorted(seen) and seen[-1] == 1.0
    first = result.entries[0].paper
    assert first.key == "2101.00000"
    assert first.title == "Study 0 of Things in Several Parts"
    assert first.author_names == ("Ada Person0", "Bo Li", "C. Díaz")
    assert first.published == "2021-03-01"
    assert [entry.line for entry in result.entries[:3]] == [1, 2, 3]


def test_a_snapshot_file_is_never_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_snapshot(tmp_path / "s.json", 50)

    def read_whole(*args: object, **kwargs: object) -> str:
        raise AssertionError("a snapshot was read whole")

    monkeypatch.setattr(reading_module, "read_text", read_whole)
    monkeypatch.setattr("paperdeck.sources.read_text", read_whole)
    assert len(load_file(path).entries) == 50


def test_the_category_filter() -> None:
    cs = CategoryFilter(["cs"])
    assert cs.keeps(["cs.LG"]) and cs.keeps(["math.CO", "cs.CG"]) and cs.keeps(["CS.ai"])
    assert not cs.keeps(["csx.LG"]) and not cs.keeps(["physics.comp-ph"]) and not cs.keeps([])
    exact = CategoryFilter(["cs.LG"])
    assert exact.keeps(["cs.lg"]) and not exact.keeps(["cs.LGX"]) and not exact.keeps(["cs.AI"])
    hep = CategoryFilter(["hep"])
    assert not hep.keeps(["hep-th"]), "hep is no prefix of hep-th: no dot follows it"
    assert CategoryFilter(["hep-th"]).keeps(["hep-th"])
    with pytest.raises(ValueError):
        CategoryFilter([" "])


@pytest.mark.parametrize(
    ("prefixes", "expected"),
    [
        (["cs"], {"cs.LG stat.ML", "cs.CL cs.LG", "math.CO cs.CG", "physics.flu-dyn cs.LG"}),
        (["CS.lg"], {"cs.LG stat.ML", "cs.CL cs.LG", "physics.flu-dyn cs.LG"}),
        (["hep-th", "astro-ph"], {"hep-th", "astro-ph.GA"}),
        (["math.CO", "q-bio"], {"math.CO cs.CG", "q-bio.NC"}),
    ],
)
def test_categories_select_records(tmp_path: Path, prefixes: list[str], expected: set[str]) -> None:
    path = write_snapshot(tmp_path / "s.json", 700)
    result = load_file(path, categories=prefixes)
    kept = {" ".join(entry.paper.categories) for entry in result.entries}
    assert kept == expected
    assert len(result.entries) == 100 * len(expected)  # 700 records, 7 category lines
    assert result.problems == []  # records passed over are not problems
    assert result.passed_over == 700 - len(result.entries)


def test_a_filter_matching_nothing_imports_nothing_without_error(tmp_path: Path) -> None:
    path = write_snapshot(tmp_path / "s.json", 20)
    result = load_file(path, categories=["econ"])
    assert result.entries == [] and result.problems == []


def test_an_escaped_categories_value_is_still_judged(tmp_path: Path) -> None:
    # The quick raw look cannot read an escaped value: the record is decoded instead.
    line = snapshot_line(snapshot_record(1, categories="cs.LG")).replace("cs.LG", "cs\\u002eLG")
    path = write_snapshot(tmp_path / "s.json", 0, line)
    (entry,) = load_file(path, categories=["cs"]).entries
    assert entry.paper.categories == ("cs.LG",)
    assert load_file(path, categories=["math"]).passed_over == 1


def test_bad_lines_are_problems_with_their_line_and_the_rest_imports(tmp_path: Path) -> None:
    hostile = [
        "{not json",
        "[1, 2]",
        snapshot_line(snapshot_record(900, id=None)),
        snapshot_line(snapshot_record(901, id="not an id")),
        snapshot_line(snapshot_record(902, authors_parsed="Li, Bo")),
        snapshot_line(snapshot_record(903, title=42)),
        snapshot_line(snapshot_record(904, title=None, abstract=None)),
        snapshot_line(snapshot_record(905, title="A " + "very " * 2000 + "long title")),
        "[" * 100_000 + "]" * 100_000,
    ]
    path = write_snapshot(tmp_path / "s.json", 3, *hostile)
    with path.open("ab") as file:
        file.write(b'{"id": "2101.00077", "title": "caf\xe9"}\n')  # Latin-1, not UTF-8
        file.write(b'{"id": "2101.00078", "title": "nul \x00 byte"}\n')
        file.write(b'{"title": "' + b"x" * (LINE_MAX_BYTES + 10) + b'"}\n')
    path.write_text(
        path.read_text(encoding="utf-8", errors="surrogateescape")
        + snapshot_line(snapshot_record(906))
        + "\n",
        encoding="utf-8",
        errors="surrogateescape",
    )
    result = load_file(path)
    assert [entry.paper.key for entry in result.entries] == [
        "2101.00000",
        "2102.00001",
        "2103.00002",
        "2107.00906",
    ]
    reasons = {problem.line: problem.reason for problem in result.problems}
    assert sorted(reasons) == list(range(4, 16))
    assert reasons[4].startswith("is not JSON")
    assert reasons[5] == "is not a JSON object"
    assert reasons[6] == "record has no arXiv id"
    assert reasons[7] == 'id "not an id" is no arXiv id'
    assert reasons[8] == "authors_parsed must be a list of [last, first, suffix]"
    assert reasons[9] == "title must be a string, not int"
    assert reasons[10] == "record has neither a title nor an abstract"
    assert "title" in reasons[11] and "2,000" in reasons[11]
    assert "nested too deeply" in reasons[12] or reasons[12].startswith("is not JSON")
    assert reasons[13] == "is not UTF-8 text (byte 0xE9)"
    assert reasons[14] == "holds a NUL byte"
    assert reasons[15] == f"is {LINE_MAX_BYTES + 24:,} bytes long, over {LINE_MAX_BYTES:,}"
    assert all(problem.source == "s.json" for problem in result.problems)


def test_hostile_text_is_sanitised_at_the_door(tmp_path: Path) -> None:
    record = snapshot_record(
        3,
        title="Evil \x1b[31mred\x1b[0m \u202etitle",
        authors_parsed=[["Li\x07", "Bo\u200b", "", "Aff"], ["\x1b]52;c;eA==\x07", "", ""]],
        categories="cs.LG \x1b[2J",
    )
    path = write_snapshot(tmp_path / "s.json", 0, snapshot_line(record))
    (entry,) = load_file(path).entries
    paper = entry.paper
    texts = [paper.title, *paper.author_names, *paper.categories]
    assert not any(ch in text for text in texts for ch in "\x1b\x07\u202e\u200b")
    assert paper.title.startswith("Evil") and paper.author_names[0] == "Bo Li"


def test_the_date_and_names_helpers() -> None:
    assert first_version_date([{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}]) == (
        "2007-04-02"
    )
    # v1 wherever it is; without v1 the first version; nonsense gives no date.
    assert first_version_date(
        [
            {"version": "v2", "created": "Fri, 1 Oct 2021 09:15:40 GMT"},
            {"version": "v1", "created": "Wed, 6 Dec 2017 03:30:32 GMT"},
        ]
    ) == ("2017-12-06")
    assert first_version_date([{"version": "v3", "created": "Tue, 5 Jan 2021 00:00:00 GMT"}]) == (
        "2021-01-05"
    )
    for nonsense in (None, "v1", [], [{"version": "v1", "created": "yesterday"}], [3]):
        assert first_version_date(nonsense) is None
    assert author_names(None) == ()


def test_names_are_first_last_suffix_and_empty_ones_are_dropped(tmp_path: Path) -> None:
    parsed = [["King", "Martin Luther", "Jr", "Atlanta"], ["Curie", "", ""], ["", "", ""]]
    line = snapshot_line(snapshot_record(5, authors_parsed=parsed))
    (entry,) = load_file(write_snapshot(tmp_path / "s.json", 0, line)).entries
    assert entry.paper.author_names == ("Martin Luther King Jr", "Curie")
    assert entry.paper.authors == 2
    short = snapshot_line(snapshot_record(6, authors_parsed=[["Curie", "Marie"]]))
    (problem,) = load_file(write_snapshot(tmp_path / "t.json", 1, short)).problems
    assert (problem.line, problem.reason) == (
        2,
        "authors_parsed must be a list of [last, first, suffix]",
    )


def test_a_file_that_is_no_snapshot_refuses_categories(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        load_file(SOURCE_FIXTURES / "papers.jsonl", categories=["cs"])
    assert caught.value.reason == (
        "is not a Kaggle arXiv snapshot (it reads as jsonl); --category applies only to snapshots"
    )


def test_the_size_limit_bounds_what_a_snapshot_keeps(tmp_path: Path) -> None:
    path = write_snapshot(tmp_path / "s.json", 700)
    size = path.stat().st_size
    # Without a filter the whole file would be kept: refused at once, as a file read whole.
    with pytest.raises(SourceError, match=f"is {size:,} bytes, over the limit of 10,000"):
        load_file(path, max_size=10_000)
    # With one, only what it keeps counts: 100 q-bio records fit, all 400 cs ones do not.
    assert len(load_file(path, categories=["q-bio"], max_size=size // 5).entries) == 100
    with pytest.raises(SourceError, match="bytes of papers to import, over the limit"):
        load_file(path, categories=["cs"], max_size=size // 5)


def test_forcing_the_format_on_other_json_lines_finds_nothing(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        load_file(SOURCE_FIXTURES / "papers.jsonl", format="kaggle")
    assert "is not in a known format (expected kaggle:" in caught.value.reason


def test_a_file_of_bad_lines_after_one_good_record_is_refused(tmp_path: Path) -> None:
    path = write_snapshot(tmp_path / "s.json", 1, *(["{oops"] * (MAX_PROBLEMS + 5)))
    with pytest.raises(SourceError) as caught:
        load_file(path)
    assert caught.value.reason.startswith(
        f"has over {MAX_PROBLEMS:,} lines that are not snapshot records (line {MAX_PROBLEMS + 2}: "
        "is not JSON ("
    )
    # Up to the limit the bad lines are problems and the good record imports.
    path = write_snapshot(tmp_path / "t.json", 1, *(["{oops"] * MAX_PROBLEMS))
    result = load_file(path)
    assert (len(result.entries), len(result.problems)) == (1, MAX_PROBLEMS)
