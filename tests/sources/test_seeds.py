"""The seed corpora in ../shared/seeds and the synthetic corpus tool: exact facts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from factories import MAKE_CORPUS, SEEDS
from paperdeck.models import Entry, ParseResult
from paperdeck.sources import detect_format, load_file, parse_text, read_text

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed corpora are absent")


def seed(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def load(prefix: str) -> ParseResult:
    return load_file(seed(prefix))


def by_title(result: ParseResult, title: str) -> Entry:
    (entry,) = [entry for entry in result.entries if entry.paper.title == title]
    return entry


@pytest.mark.parametrize(
    ("prefix", "format", "count"),
    [
        ("000", "abstracts", 10),
        ("001", "abstracts", 10),
        ("002", "viewer", 100),
        ("003", "daily", 40),
        ("004", "daily", 85),
    ],
)
def test_counts_and_formats(prefix: str, format: str, count: int) -> None:
    assert detect_format(read_text(seed(prefix))) == format
    result = load(prefix)
    assert len(result.entries) == count
    assert {entry.paper.sources for entry in result.entries} == {(seed(prefix).name,)}
    # Forcing the detected format changes nothing.
    forced = load_file(seed(prefix), format=format)
    assert forced.entries == result.entries


@pytest.mark.parametrize("prefix", ["000", "001", "002", "004"])
def test_no_problems(prefix: str) -> None:
    assert load(prefix).problems == []


def test_003_has_one_entry_without_authors_date_or_dot() -> None:
    # Line 109 starts "Fast Controlled Generation from Language Models with Adaptive
    # Weighted Rejection Sampling": title and abstract, then the next paper's title
    # follows straight away. It is the one problem in the seeds.
    result = load("003")
    assert [(problem.line, problem.source) for problem in result.problems] == [
        (109, seed("003").name)
    ]
    assert "Fast Controlled Generation" in result.problems[0].reason
    lines = read_text(seed("003")).split("\n")
    assert lines[108].startswith("Fast Controlled Generation from Language Models")
    # The entry after it is intact.
    nudging = by_title(result, "Nudging: Inference-time Alignment via Model Collaboration")
    assert (nudging.line, nudging.paper.published, nudging.paper.authors) == (
        113,
        "2024-10-11",
        3,
    )


def test_abstracts_seeds() -> None:
    first = load("000").entries[0]
    assert first.line == 1
    assert first.paper.abstract.startswith("Direct Preference Optimization (DPO) has been")
    assert first.paper.title_derived
    assert first.paper.title == (
        "Direct Preference Optimization (DPO) has been widely adopted for preference alignment "
        "of Large…"
    )
    assert [entry.line for entry in load("001").entries] == list(range(1, 11))
    shared = {e.paper.key for e in load("000").entries} & {e.paper.key for e in load("001").entries}
    assert len(shared) == 5


def test_viewer_seed() -> None:
    entries = load("002").entries
    assert (entries[0].line, entries[0].paper.arxiv_id) == (9, "2406.09415")
    assert entries[0].paper.abstract.startswith("This work does not introduce a new method.")
    # Line 19 is "2406.07522v1"; the key drops the version.
    assert (entries[5].line, entries[5].paper.key) == (19, "2406.07522")
    assert read_text(seed("002")).split("\n")[18] == "2406.07522v1"
    # The last abstract has no newline after it.
    assert entries[-1].line == 207
    assert entries[-1].paper.abstract.endswith(
        "75% preference for GPT4All using CFG over baseline."
    )
    assert all(entry.paper.arxiv_id == entry.paper.key for entry in entries)
    assert len({entry.paper.key for entry in entries}) == 100


def test_daily_003_facts() -> None:
    result = load("003")
    rt = by_title(
        result, "RT-Trajectory: Robotic Task Generalization via Hindsight Trajectory Sketches"
    )
    assert rt.line == 13
    assert (rt.paper.published, rt.paper.authors, rt.paper.upvotes, rt.paper.org) == (
        "2023-11-03",
        17,
        None,
        None,
    )
    assert rt.paper.abstract.startswith("Generalization remains one of the most important")
    efficacy = by_title(result, "Data Efficacy for Language Model Training")
    assert (efficacy.paper.published, efficacy.paper.authors, efficacy.paper.upvotes) == (
        "2025-06-26",
        9,
        1,
    )
    dplm = by_title(result, "DPLM-2: A Multimodal Diffusion Protein Language Model")
    assert (dplm.paper.published, dplm.paper.authors, dplm.paper.upvotes) == ("2024-10-17", 6, 3)
    # The last entry ends the file without a newline: "Oct 13, 2023 3".
    last = result.entries[-1].paper
    assert (last.published, last.authors, last.upvotes) == ("2023-10-13", 4, 3)


def test_daily_004_facts() -> None:
    result = load("004")
    rlp = by_title(result, "RLP: Reinforcement as a Pretraining Objective")
    assert rlp.line == 37
    assert (rlp.paper.org, rlp.paper.authors, rlp.paper.upvotes, rlp.paper.published) == (
        "nvidia NVIDIA",
        None,
        4,
        "2025-09-26",
    )
    nvfp4 = by_title(result, "Pretraining Large Language Models with NVFP4")
    assert (nvfp4.paper.org, nvfp4.paper.published, nvfp4.paper.upvotes) == (
        "nvidia NVIDIA",
        "2025-09-29",
        2,
    )
    first = result.entries[0].paper
    assert (
        first.title
        == "Clover: Regressive Lightweight Speculative Decoding with Sequential Knowledge"
    )
    assert (first.published, first.authors, first.upvotes) == ("2024-04-30", 8, 1)
    last = result.entries[-1].paper
    assert (last.published, last.authors, last.upvotes) == ("2023-10-03", 2, 4)


def test_daily_pages_every_entry_is_complete() -> None:
    for prefix in ("003", "004"):
        for entry in load(prefix).entries:
            paper = entry.paper
            assert paper.published is not None
            assert (paper.authors is None) != (paper.org is None)
            assert not paper.title_derived
            assert paper.abstract
            # Undated entries belong to 2025, the year after the latest one on the page.
            assert paper.published[:4] <= "2025"


def test_daily_year_override() -> None:
    result = load_file(seed("004"), year=2026)
    rlp = by_title(result, "RLP: Reinforcement as a Pretraining Objective")
    assert rlp.paper.published == "2026-09-26"


def test_pages_pasted_together() -> None:
    text = read_text(seed("003")) + read_text(seed("004"))
    result = parse_text(text, "both.txt")
    assert len(result.entries) == 125
    assert [problem.line for problem in result.problems] == [109]


def _distinct(entries: list[Entry]) -> int:
    """Papers left when entries with the same key, title or abstract are merged."""
    parent = list(range(len(entries)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    first_seen: dict[tuple[str, str], int] = {}
    for index, entry in enumerate(entries):
        paper = entry.paper
        for kind, value in (
            ("key", paper.key),
            ("title", paper.norm_title),
            ("abs", paper.norm_abstract),
        ):
            if not value:
                continue
            other = first_seen.setdefault((kind, value), index)
            parent[root(index)] = root(other)
    return len({root(index) for index in range(len(entries))})


def test_all_seeds_give_239_distinct_papers_from_245_entries() -> None:
    entries = [
        entry for prefix in ("000", "001", "002", "003", "004") for entry in load(prefix).entries
    ]
    assert len(entries) == 245
    assert _distinct(entries) == 239
    # Keys alone already find every duplicate: the repeated abstracts and the one paper
    # on both daily pages.
    assert len({entry.paper.key for entry in entries}) == 239


def test_paper_shared_by_the_two_daily_pages() -> None:
    keys_003 = {entry.paper.key: entry for entry in load("003").entries}
    shared = [entry for entry in load("004").entries if entry.paper.key in keys_003]
    assert [entry.paper.title for entry in shared] == [
        "Pretraining Language Models with Human Preferences"
    ]
    assert keys_003[shared[0].paper.key].paper.published == shared[0].paper.published


# --- the synthetic corpus tool ---------------------------------------------------------

needs_tool = pytest.mark.skipif(not MAKE_CORPUS.is_file(), reason="make_corpus.py is absent")


def make_corpus(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / ("corpus.jsonl" if "jsonl" in args else "corpus.txt")
    with out.open("w", encoding="utf-8") as handle:
        subprocess.run([sys.executable, str(MAKE_CORPUS), *args], stdout=handle, check=True)
    return out


@needs_tool
def test_make_corpus_daily_and_jsonl_import_cleanly_and_agree(tmp_path: Path) -> None:
    daily = load_file(make_corpus(tmp_path, "1000"))
    lines = load_file(make_corpus(tmp_path, "1000", "--format", "jsonl"))
    assert (len(daily.entries), daily.problems) == (1000, [])
    assert (len(lines.entries), lines.problems) == (1000, [])
    records = [
        json.loads(line)
        for line in (tmp_path / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    for page_entry, json_entry, record in zip(daily.entries, lines.entries, records, strict=True):
        page, data = page_entry.paper, json_entry.paper
        assert data.arxiv_id == record["arxiv_id"]
        assert (page.title, page.abstract) == (data.title, data.abstract)
        assert page.published == data.published == record["published"]
        assert page.authors == data.authors == record["authors"]
        # The page shows no count for 0 upvotes.
        assert page.upvotes == (record["upvotes"] or None)
        assert data.upvotes == record["upvotes"]
    assert daily.entries[-1].line == 8 * 999 + 1
