"""A column-backed library (ColumnPapers, read from columns.bin) and a plain list of
the same papers give the same answers: the engine reads the columns (ids, titles,
lazily normalised abstracts prefiltered on the raw bytes) instead of Papers."""

from __future__ import annotations

import itertools
import random
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_helpers import LIBRARY, paper
from search_reference import QUERIES, make_corpus, random_states

from paperdeck.library.columns_file import CorpusStamp, read_columns, write_columns
from paperdeck.models import Paper, PaperState
from paperdeck.models.column_papers import ColumnPapers
from paperdeck.search import QueryError, SearchIndex
from paperdeck.sorting import SORTS, SortRanks, sort_positions

STAMP = CorpusStamp(1, 2, 3, 4)

# Text the raw prefilter must not miss: characters whose lowercase is ASCII (the
# Kelvin sign is 'k', 'İ' is 'i' and a dot), separators, accents, other scripts.
AWKWARD = [
    paper("Kernel tricks", "A \u212aernel method for \u212aNN models."),
    paper("D\u0130ffusion in Turkish", "The \u0130stanbul diffusion model."),
    paper("Separators", "Odd\x1ftext with\x1eseparators and models."),
    paper(
        "Na\u00efve \u00fcber models", "Caf\u00e9 diffusion, \u03a3\u03a3 greek \u03c3\u03c2 end."
    ),
    paper("MoE at scale", "Mixture of Experts (MoE) models route tokens."),
    paper("", "An untitled abstract about reinforcement learning (RL) agents."),
    paper("Plurals and stems", "Models modelled modelling diffusive diffusing."),
]


def as_columns(papers: Sequence[Paper]) -> ColumnPapers:
    """The papers as a library opened from its column file holds them."""
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as folder:
        home = Path(folder)
        assert write_columns(home, papers, [], STAMP)
        corpus = read_columns(home, STAMP)  # mapped: it outlives the folder's name
    assert corpus is not None
    return corpus.papers


def answers(index: SearchIndex, query: str) -> list[int] | str:
    try:
        return list(index.search(query).positions)
    except QueryError as error:
        return f"error: {error}"


FIXED = [
    "",
    "diffusion",
    "diffusion model",
    "model",
    "models",
    "kernel",
    "knn",
    "istanbul",
    "diffusive",
    "difusion",
    "moe",
    "rl",
    "mixture of experts",
    '"mixture of experts"',
    "'usion",
    "^plurals",
    "stems$",
    "title:diffusion",
    "abstract:model",
    "!model",
    "diffusion | kernel",
    "odd",
    "separators",
    "caf\u00e9",
    "\u03c3\u03c3",
    "naive",
    "is:starred",
    "is:unread model",
    "tag:todo | is:read",
    "is:untitled",
    "is:noted",
    "tool",
    "diffusion tool",
    "year:>=2023 model",
    "upvotes:>1",
    "source:daily",
    "is:new",
    "is:updated model",
    "!is:new",
    "author:a",
    "cat:cs | cat:stat.ml",
    "id:24 | id:19",
    "authors:<5",
    "year:2021 | upvotes:40",
]


@pytest.fixture(scope="module")
def corpus() -> list[Paper]:
    return [*LIBRARY, *AWKWARD, *make_corpus(random.Random(7), 300)]


@pytest.fixture(scope="module")
def states(corpus: list[Paper]) -> dict[str, PaperState]:
    states = random_states(random.Random(3), corpus)
    first = corpus[0].key
    states[first] = PaperState(first, title="Diffusion tool of my own", starred=True)
    return states


@pytest.mark.parametrize("warm", [False, True])
def test_columns_answer_as_a_list_does(
    corpus: list[Paper], states: dict[str, PaperState], warm: bool
) -> None:
    listed = SearchIndex(corpus, states, latest_import="t2")
    columns = SearchIndex(as_columns(corpus), states, latest_import="t2")
    if warm:
        listed.warm()
        columns.warm()
    for query in FIXED:
        assert answers(columns, query) == answers(listed, query), query
        found = listed.search(query).positions if answers(listed, query) else []
        for position in list(found)[:5]:
            assert columns.highlight(query, position) == listed.highlight(query, position)


def test_columns_follow_a_title_change(corpus: list[Paper], states: dict[str, PaperState]) -> None:
    mine = dict(states)
    listed = SearchIndex(corpus, mine)
    columns = SearchIndex(as_columns(corpus), mine)
    assert answers(columns, "kernel") == answers(listed, "kernel")
    key = corpus[5].key
    mine[key] = PaperState(key, title="Kernel diffusion renamed")
    listed.state_changed(key)
    columns.state_changed(key)
    for query in ("kernel", "renamed", "diffusion", '"kernel diffusion"', "^kernel"):
        assert answers(columns, query) == answers(listed, query), query


def test_sorts_of_columns_are_those_of_a_list(
    corpus: list[Paper], states: dict[str, PaperState]
) -> None:
    columns = as_columns(corpus)
    many = list(SearchIndex(corpus, states).search("model").positions)
    assert len(many) * 8 > len(corpus)  # read from the rows, not built one by one
    for positions, sort in itertools.product((many, many[:5]), SORTS):
        for reverse in (False, True):
            expected = sort_positions(positions, corpus, states, sort, reverse=reverse)
            assert sort_positions(positions, columns, states, sort, reverse=reverse) == expected
            ranks = SortRanks(columns, states)
            assert ranks.order(positions, sort, reverse=reverse) == expected


def test_papers_at_build_only_the_chosen(corpus: list[Paper]) -> None:
    columns = as_columns(corpus)
    chosen = [5, 0, len(corpus) - 1, 5]
    assert columns.at(chosen) == [corpus[p] for p in chosen]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), queries=st.lists(QUERIES, min_size=1, max_size=4))
def test_generated_corpora_answer_alike(seed: int, queries: list[str]) -> None:
    rng = random.Random(seed)
    corpus = [*make_corpus(rng, rng.randint(0, 60)), *AWKWARD[: rng.randint(0, len(AWKWARD))]]
    states = random_states(rng, corpus)
    listed = SearchIndex(corpus, states, latest_import="t2")
    columns = SearchIndex(as_columns(corpus), states, latest_import="t2")
    for query in queries:
        assert answers(columns, query) == answers(listed, query), query


def test_piped_list_lines_from_columns_are_those_of_papers(
    corpus: list[Paper], states: dict[str, PaperState]
) -> None:
    from paperdeck.cli.commands.listing import plain_lines, plain_row

    columns = as_columns(corpus)
    chosen = [3, 0, 1, len(corpus) - 1, *range(5, len(corpus), 7)]
    expected = "".join(plain_row(corpus[p], states.get(corpus[p].key)) + "\n" for p in chosen)
    assert plain_lines(columns, chosen, states) == expected
    assert plain_lines(corpus, chosen, states) == expected
    assert any(corpus[p].upvotes is None for p in chosen)
    assert any(states.get(corpus[p].key) is not None for p in chosen)


def test_piped_list_lines_neutralise_what_an_older_library_holds() -> None:
    """Titles saved before the sanitiser (escapes, bidi overrides, line breaks) are
    neutralised on the column path too, with or without a state."""
    from paperdeck.cli.commands.listing import plain_lines, plain_row

    hostile = [
        paper("Red \x1b[31malert\x1b[0m", "x"),
        paper("Bidi \u202egnp.exe", "y"),
        paper("Two\nlines", "z"),
        paper("Plain title", "w"),
    ]
    states = {hostile[1].key: PaperState(hostile[1].key, starred=True, tags=["t"])}
    chosen = [3, 2, 1, 0]
    expected = "".join(plain_row(hostile[p], states.get(hostile[p].key)) + "\n" for p in chosen)
    lines = plain_lines(as_columns(hostile), chosen, states)
    assert lines == expected
    assert "\x1b" not in lines and "\u202e" not in lines and len(lines.splitlines()) == 4


def test_the_key_order_hash_of_joined_keys_is_that_of_the_keys() -> None:
    from paperdeck.search.index_file import key_order_hash

    for keys in ([], ["a"], ["2401.00001", "x", ""]):
        joined = ["\n".join(keys)] if keys else []
        assert key_order_hash(joined) == key_order_hash(keys)


def test_a_text_column_decodes_ascii_at_once_and_the_rest_one_by_one() -> None:
    plain = [paper(f"Title {i}", f"Abstract {i}.") for i in range(20)]
    for papers in (plain, [*plain, *AWKWARD]):
        columns = as_columns(papers)
        assert columns.titles().as_list() == [p.title for p in papers]
        assert columns.abstracts().as_list() == [p.abstract for p in papers]


def test_a_mapped_index_file_answers_a_column_library_as_a_scan_does(
    corpus: list[Paper], states: dict[str, PaperState], tmp_path: Path
) -> None:
    from paperdeck.search.index_file import IndexFile

    path = tmp_path / "search.idx"

    def save(chunks: list[bytes]) -> None:
        path.write_bytes(b"".join(chunks))

    stored = IndexFile(path, (1, 2), save)
    assert not SearchIndex(as_columns(corpus), states, index_file=stored).map_index_file()
    SearchIndex(as_columns(corpus), states, index_file=stored).warm()
    assert path.is_file()
    mapped = SearchIndex(as_columns(corpus), states, index_file=IndexFile(path, (1, 2), None))
    assert mapped.map_index_file()
    listed = SearchIndex(corpus, states)
    for query in FIXED:
        assert answers(mapped, query) == answers(listed, query), query
