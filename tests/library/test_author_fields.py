"""Author names and categories on the record: corpus.json, sanitising, the import merge."""

from __future__ import annotations

import json
from pathlib import Path

from factories import OpenLibrary
from paperdeck.library import Library
from paperdeck.library.corpus_file import corpus_document, read_corpus
from paperdeck.library.merge import merge_entries, merge_fields
from paperdeck.models import PAPER_FIELDS, Entry, Paper
from paperdeck.sources.base import ResultBuilder

STAMP = "2026-01-01T00:00:00.000000+00:00"
LATER = "2026-02-01T00:00:00.000000+00:00"
NAMED = Paper.create(
    title="Attention Is All You Need",
    abstract="Transformers.",
    arxiv_id="1706.03762",
    author_names=("Ashish Vaswani", "Noam Shazeer"),
    categories=("cs.CL", "cs.LG"),
)
BARE = Paper.create(title="Attention is all you need", abstract="Transformers.")


def test_create_cleans_names_drops_empty_and_repeated_ones_and_counts_them() -> None:
    paper = Paper.create(
        title="T",
        author_names=["  Jürgen   Schmidhuber ", "", "Sepp Hochreiter", "Sepp Hochreiter"],
        categories=[" cs.NE ", "cs.NE", ""],
    )
    assert paper.author_names == ("Jürgen Schmidhuber", "Sepp Hochreiter")
    assert paper.categories == ("cs.NE",)
    assert paper.authors == 2
    # A count the source gives ("and others": more authors than names) stands.
    assert Paper.create(title="T", authors=9, author_names=["A B"]).authors == 9
    assert Paper.create(title="T").authors is None


def test_names_and_categories_survive_corpus_json(home: Path) -> None:
    document = json.loads(json.dumps(corpus_document([NAMED, BARE], [])))
    papers, _, _ = read_corpus(document)
    assert papers == [NAMED, BARE]
    assert isinstance(papers[0].author_names, tuple) and isinstance(papers[0].categories, tuple)


def test_a_layout_2_corpus_written_before_the_fields_loads_unchanged(home: Path) -> None:
    home.mkdir(parents=True)
    old_fields = [name for name in PAPER_FIELDS if name not in ("author_names", "categories")]
    row = [getattr(BARE, name) for name in old_fields]
    row[old_fields.index("sources")] = list(row[old_fields.index("sources")])
    layout = {"layout": 2, "fields": old_fields, "rows": [row]}
    (home / "corpus.json").write_text(json.dumps({"papers": {"1": layout}, "imports": {}}))
    (paper,) = Library.open(home).papers
    assert paper == BARE and paper.author_names == () and paper.categories == ()


def test_a_paper_without_names_gains_them_and_known_names_are_never_wiped() -> None:
    gained = merge_fields(BARE, NAMED)
    assert gained.key == BARE.key
    assert gained.author_names == NAMED.author_names and gained.categories == NAMED.categories
    assert merge_fields(NAMED, BARE) is NAMED
    other = NAMED.with_changes(author_names=("Someone Else",), categories=("stat.ML",))
    assert merge_fields(NAMED, other) is NAMED
    # Another spelling of the same names (or a reordering) does not replace them.
    respelled = NAMED.with_changes(author_names=("A. Vaswani", "N. Shazeer", "N. Parmar"))
    assert merge_fields(NAMED, respelled) is NAMED


def test_a_longer_list_that_starts_with_the_known_names_completes_them() -> None:
    cut = NAMED.with_changes(author_names=("Ashish Vaswani",), categories=("cs.CL",))
    merged = merge_fields(cut, NAMED)
    assert merged.author_names == NAMED.author_names and merged.categories == NAMED.categories
    assert merge_fields(NAMED, cut) is NAMED


def test_an_import_that_knows_names_updates_the_paper(open_library: OpenLibrary) -> None:
    first = merge_entries([], [Entry(BARE, 1)], STAMP)
    second = merge_entries(first.papers, [Entry(NAMED, 1)], LATER)
    (paper,) = second.papers
    assert (second.added, second.updated) == (0, 1)
    assert paper.author_names == NAMED.author_names and paper.updated == LATER
    library = open_library([NAMED])
    library.import_entries(["bare.txt"], [Entry(BARE, 1)])
    (kept,) = library.papers
    assert kept.author_names == NAMED.author_names and kept.categories == ("cs.CL", "cs.LG")


def test_the_builder_sanitises_names_and_categories() -> None:
    builder = ResultBuilder("x.json")
    builder.add(
        1,
        title="T",
        author_names=["Ev\x1b[31mil\u202e Name", "\u200b"],
        categories=["cs.\x07LG"],
    )
    (entry,) = builder.result.entries
    assert entry.paper.author_names == ("Ev[31mil Name",)
    assert entry.paper.categories == ("cs.LG",)


def test_the_builder_skips_an_entry_with_a_name_over_its_limit() -> None:
    builder = ResultBuilder("x.json")
    builder.add(1, title="T", author_names=["x" * 501])
    builder.add(2, title="U", categories=[f"c{n}" for n in range(101)])
    assert builder.result.entries == []
    reasons = [problem.reason for problem in builder.result.problems]
    assert reasons == [
        "an author name is 501 characters, over the limit of 500",
        "101 categories, over the limit of 100 a paper",
    ]
