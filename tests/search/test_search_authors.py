"""author:NAME and cat:CATEGORY, parsed and evaluated."""

from __future__ import annotations

import pytest
from search_helpers import found, paper

from paperdeck.search import QueryError, SearchIndex, parse_query
from paperdeck.search.fields import fold_name
from paperdeck.search.query import AuthorTerm, CategoryTerm

LSTM = "Long Short-Term Memory"
CNN = "Gradient-based learning applied to document recognition"
MIX = "A survey of everything"
NONE = "A paper with no names"
PAPERS = [
    paper(
        LSTM,
        author_names=("Sepp Hochreiter", "Jürgen Schmidhuber"),
        categories=("cs.NE", "cs.LG"),
    ),
    paper(
        CNN,
        author_names=("Yann LeCun", "Léon Bottou", "Yoshua Bengio"),
        categories=("cs.CV",),
    ),
    paper(
        MIX,
        author_names=("Conor O'Brien", "Jan Østergaard", "Jean-Paul Smith"),
        categories=("stat.ML", "hep-th", "math.ST"),
    ),
    paper(NONE, "Bengio is only in this abstract."),
]


@pytest.fixture
def index() -> SearchIndex:
    return SearchIndex(PAPERS, {})


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("author:schmid", {LSTM}),
        ("author:SCHMIDHUBER", {LSTM}),
        ("author:Jürgen", {LSTM}),
        ("author:jurgen", {LSTM}),
        ("author:leon", {CNN}),
        ("author:lecun", {CNN}),
        ('author:"yann lecun"', {CNN}),
        ('author:"yann lec"', {CNN}),
        ('author:"lecun bottou"', set()),  # two names, not one
        ("author:chmid", set()),  # a word prefix, not any substring
        ("author:ostergaard", {MIX}),
        ("author:obrien", {MIX}),
        ("author:paul", {MIX}),
        ("author:bengio", {CNN}),  # names only, not the abstract
        ("!author:bengio", {LSTM, MIX, NONE}),
        ("author:hochreiter | author:bottou", {LSTM, CNN}),
        ("cat:cs.LG", {LSTM}),
        ("cat:CS.lg", {LSTM}),
        ("cat:cs", {LSTM, CNN}),
        ("cat:c", set()),  # an archive, not a prefix of one
        ("cat:cs.", {LSTM, CNN}),
        ("cat:hep", {MIX}),
        ("cat:hep-th", {MIX}),
        ("cat:stat", {MIX}),
        ("!cat:cs", {MIX, NONE}),
        ("cat:cs author:yann", {CNN}),
        ("memory cat:cs", {LSTM}),
    ],
)
def test_author_and_category_terms(index: SearchIndex, query: str, expected: set[str]) -> None:
    assert found(index, query) == expected


def test_warm_and_cold_indexes_agree(index: SearchIndex) -> None:
    cold = {q: found(index, q) for q in ("author:yann", "cat:cs", "!author:le")}
    index.warm()
    assert {q: found(index, q) for q in cold} == cold


def test_terms_are_folded_when_parsed() -> None:
    (clause,) = parse_query("author:Jürgen").clauses
    assert clause == (AuthorTerm("jurgen"),)
    (clause,) = parse_query('!author:"Yann  LeCun"').clauses
    assert clause == (AuthorTerm("yann lecun", negated=True),)
    (clause,) = parse_query("CAT:cs.LG").clauses
    assert clause == (CategoryTerm("cs.lg"),)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("author:", "'author:' needs a name after it"),
        ("author:--", "'author:' needs a name with letters or digits, not '--'"),
        ("cat:", "'cat:' needs a category such as cs.LG after it"),
    ],
)
def test_empty_values_are_query_errors(query: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    assert caught.value.message == message and caught.value.position == len(query.split(":")[0]) + 1


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Jürgen Schmidhuber", "jurgen schmidhuber"),
        ("Jan Østergaard", "jan ostergaard"),
        ("Conor O’Brien", "conor obrien"),
        ("Jean-Paul  Sartre", "jean paul sartre"),
        ("Paweł Łukasz", "pawel lukasz"),
        ("Straße", "strasse"),
        ("李飞飞", "李飞飞"),
    ],
)
def test_fold_name(name: str, folded: str) -> None:
    assert fold_name(name) == folded
