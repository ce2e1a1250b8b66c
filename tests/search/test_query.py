"""The query parser: every form of the query language, and its errors with positions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperdeck.search import QueryError, parse_query
from paperdeck.search.query import (
    IdTerm,
    MatchKind,
    NumberTerm,
    Query,
    SourceTerm,
    StateTerm,
    TagTerm,
    TextField,
    TextTerm,
)

FUZZY, WORD, EXACT = MatchKind.FUZZY, MatchKind.WORD, MatchKind.EXACT
START, END, WHOLE = MatchKind.START, MatchKind.END, MatchKind.WHOLE
ANY, TITLE, ABSTRACT = TextField.ANY, TextField.TITLE, TextField.ABSTRACT

EXPECTED_STATES = "starred, read, unread, noted, new, updated, untitled"


def clauses(text: str) -> tuple:
    return parse_query(text).clauses


def only(text: str):
    """The single term of a one-term query."""
    parsed = clauses(text)
    assert len(parsed) == 1 and len(parsed[0]) == 1, parsed
    return parsed[0][0]


def error(text: str) -> QueryError:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    return caught.value


# ---------------------------------------------------------------- text terms


def test_blank_queries_have_no_clauses():
    for text in ("", "   ", "\t \n"):
        parsed = parse_query(text)
        assert parsed.clauses == ()
        assert parsed.is_empty


def test_plain_word_is_fuzzy_on_title_and_abstract():
    assert only("diffusion") == TextTerm("diffusion", FUZZY, ANY, False, False)


def test_terms_are_anded_and_whitespace_does_not_matter():
    expected = ((TextTerm("latent"),), (TextTerm("diffusion"),))
    assert clauses("latent diffusion") == expected
    assert clauses("  latent \t  diffusion  ") == expected
    assert parse_query("latent diffusion") == parse_query(" latent  diffusion ")


def test_smart_case():
    assert only("diffusion").case_sensitive is False
    assert only("Diffusion").case_sensitive is True
    assert only("'GAN").case_sensitive is True
    assert only('"two Words"').case_sensitive is True
    assert only("title:BERT").case_sensitive is True
    assert only("über").case_sensitive is False
    assert only("Über").case_sensitive is True


def test_exact_substring():
    assert only("'usion") == TextTerm("usion", EXACT, ANY, False, False)


def test_exact_takes_the_rest_literally():
    assert only("'^foo$") == TextTerm("^foo$", EXACT, ANY)
    assert only("'tag:x") == TextTerm("tag:x", EXACT, ANY)
    assert only("'!x") == TextTerm("!x", EXACT, ANY)


def test_title_anchors():
    assert only("^latent") == TextTerm("latent", START, TITLE)
    assert only("models$") == TextTerm("models", END, TITLE)
    assert only("^latent$") == TextTerm("latent", WHOLE, TITLE)


def test_lone_dollar_is_literal():
    assert only("$") == TextTerm("$", FUZZY, ANY)
    assert only("^$") == TextTerm("$", START, TITLE)


def test_phrase():
    assert only('"two words"') == TextTerm("two words", EXACT, ANY, phrase=True)
    assert only('"  two \t words "') == TextTerm("two words", EXACT, ANY, phrase=True)


def test_phrase_of_one_word_is_an_exact_term():
    assert only('"word"') == TextTerm("word", EXACT, ANY)
    assert only('" gpt-4 "') == only("'gpt-4")


def test_quoted_exact_term_keeps_exact_characters():
    # ' takes a quoted phrase literally: its spaces are spaces, not any gap.
    assert only('\'"two words"') == TextTerm("two words", EXACT, ANY)
    assert parse_query('\'"two words"') != parse_query('"two words"')
    # 'mixture of: an exact word, then two fuzzy ones, as before.
    assert clauses("'mixture of") == (
        (TextTerm("mixture", EXACT, ANY),),
        (TextTerm("of", FUZZY, ANY),),
    )


def test_phrase_holds_operators_literally():
    assert only('"a | b"') == TextTerm("a | b", EXACT, ANY, phrase=True)
    assert only('"!x ^y z$ tag:q"') == TextTerm("!x ^y z$ tag:q", EXACT, ANY, phrase=True)


def test_anchored_and_negated_phrases():
    assert only('^"attention is"') == TextTerm("attention is", START, TITLE, phrase=True)
    assert only('"all you need"$') == TextTerm("all you need", END, TITLE, phrase=True)
    assert only('!"two words"') == TextTerm("two words", EXACT, ANY, False, True, True)
    assert only('\'"quoted"') == TextTerm("quoted", EXACT, ANY)
    assert only('!"Two words"') == TextTerm("Two words", EXACT, ANY, True, True, True)


def test_quote_inside_a_word_is_literal():
    assert only('5"') == TextTerm('5"', FUZZY, ANY)


def test_term_spans_point_into_the_text():
    parsed = parse_query('  diffusion  !tag:x "a b"')
    spans = [term.span for clause in parsed.clauses for term in clause]
    assert spans == [(2, 11), (13, 19), (20, 25)]


# ---------------------------------------------------------------- negation and OR


def test_negated_word_is_a_word_prefix_never_fuzzy():
    assert only("!gan") == TextTerm("gan", WORD, ANY, False, True)


def test_negation_of_every_kind():
    assert only("!'x") == TextTerm("x", EXACT, ANY, False, True)
    assert only("!^x") == TextTerm("x", START, TITLE, False, True)
    assert only("!x$") == TextTerm("x", END, TITLE, False, True)
    assert only("!tag:todo") == TagTerm("todo", True)
    assert only("!is:read") == StateTerm("read", True)
    assert only("!year:2024") == NumberTerm("year", 2024, 2024, True)
    assert only("!id:2406") == IdTerm("2406", True)
    assert only("!source:daily") == SourceTerm("daily", True)
    assert only("!title:x") == TextTerm("x", WORD, TITLE, False, True)


def test_or_binds_neighbouring_terms():
    a, b, c, d = (TextTerm(w) for w in "abcd")
    assert clauses("a | b") == ((a, b),)
    assert clauses("a b | c d") == ((a,), (b, c), (d,))
    assert clauses("a | b | c") == ((a, b, c),)
    assert clauses("a|b") == ((TextTerm("a|b"),),)  # only a separate '|' is OR


def test_or_of_field_terms():
    assert clauses("tag:a | is:starred") == ((TagTerm("a"), StateTerm("starred")),)


# ---------------------------------------------------------------- fields


def test_tag_is_lowercased():
    assert only("tag:ToRead") == TagTerm("toread")
    assert only('tag:"x"') == TagTerm("x")


@pytest.mark.parametrize("state", ["starred", "read", "unread", "noted", "new", "updated"])
def test_states(state):
    assert only(f"is:{state}") == StateTerm(state)
    assert only(f"is:{state.upper()}") == StateTerm(state)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("year:2024", 2024, 2024),
        ("year:=2024", 2024, 2024),
        ("year:>2023", 2024, None),
        ("year:>=2023", 2023, None),
        ("year:<2020", None, 2019),
        ("year:<=2020", None, 2020),
        ("year:2019..2021", 2019, 2021),
        ("upvotes:>10", 11, None),
        ("authors:<5", None, 4),
    ],
)
def test_numbers(text, low, high):
    term = only(text)
    assert isinstance(term, NumberTerm)
    assert (term.field, term.low, term.high) == (text.split(":")[0], low, high)


def test_number_term_contains():
    term = NumberTerm("year", 2019, 2021)
    assert [term.contains(v) for v in (2018, 2019, 2021, 2022, None)] == [
        False,
        True,
        True,
        False,
        False,
    ]
    assert NumberTerm("upvotes", 11, None).contains(10**9)


@pytest.mark.parametrize(
    ("text", "prefix"),
    [
        ("id:2406.09415", "2406.09415"),
        ("id:2406.09415v2", "2406.09415"),
        ("id:arXiv:2406.09415v1", "2406.09415"),
        ("id:https://arxiv.org/abs/2406.09415v3", "2406.09415"),
        ("id:2406.094", "2406.094"),
        ("id:2406.0941v", "2406.0941"),
        ("id:arxiv:2406", "2406"),
        ("id:hep-th/9901001v2", "hep-th/9901001"),
        ("id:A1B2", "a1b2"),
    ],
)
def test_id_prefix_drops_version_and_scheme(text, prefix):
    assert only(text) == IdTerm(prefix)


def test_title_and_abstract_fields():
    assert only("title:diff") == TextTerm("diff", WORD, TITLE)
    assert only("abstract:diff") == TextTerm("diff", WORD, ABSTRACT)
    assert only('title:"two words"') == TextTerm("two words", EXACT, TITLE, phrase=True)
    assert only('abstract:"Two-stage"') == TextTerm("Two-stage", EXACT, ABSTRACT, True)
    assert only("abstract:'usion") == TextTerm("usion", EXACT, ABSTRACT)
    assert only("abstract:^we") == TextTerm("we", START, ABSTRACT)
    assert only("title:models$") == TextTerm("models", END, TITLE)


def test_source_is_lowercased():
    assert only("source:Daily.TXT") == SourceTerm("daily.txt")


def test_field_names_are_case_insensitive():
    assert only("Year:2024") == NumberTerm("year", 2024, 2024)
    assert only("TAG:x") == TagTerm("x")


def test_unknown_field_is_a_plain_word():
    assert only("RT-2:") == TextTerm("RT-2:", FUZZY, ANY, True)
    assert only("arXiv:2406") == TextTerm("arXiv:2406", FUZZY, ANY, True)
    assert only("foo:bar") == TextTerm("foo:bar", FUZZY, ANY)
    assert only(":x") == TextTerm(":x", FUZZY, ANY)


def test_uses_state_and_highlight_terms():
    assert not parse_query("diffusion year:2024 id:1 source:x").uses_state
    assert parse_query("diffusion tag:x").uses_state
    assert parse_query("a | is:new").uses_state
    parsed = parse_query("diff !gan tag:x ^lat 'usion | year:2020")
    assert [t.text for t in parsed.highlight_terms()] == ["diff", "lat", "usion"]


def test_queries_compare_without_text_or_spans():
    assert parse_query("a b") == Query(((TextTerm("a"),), (TextTerm("b"),)))
    assert hash(parse_query("a  b")) == hash(parse_query(" a b"))
    assert parse_query("a b") != parse_query("b a")


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "position", "message"),
    [
        (
            "is:foo",
            3,
            "unknown state 'is:foo' (expected " + EXPECTED_STATES + ")",
        ),
        (
            "x !is:foo",
            6,
            "unknown state 'is:foo' (expected " + EXPECTED_STATES + ")",
        ),
        ("is:", 3, "'is:' needs a state (expected " + EXPECTED_STATES + ")"),
        ('a "two words', 2, "unterminated quote: a phrase needs a closing '\"'"),
        ('title:"x', 6, "unterminated quote: a phrase needs a closing '\"'"),
        (
            "year:abc",
            5,
            "bad number 'year:abc' (e.g. year:2024, year:>=2023, year:2019..2021)",
        ),
        (
            "year:>=20x",
            9,
            "bad number 'year:>=20x' (e.g. year:2024, year:>=2023, year:2019..2021)",
        ),
        ("upvotes:>", 9, "'upvotes:>' needs a number after '>'"),
        ("authors:<=", 10, "'authors:<=' needs a number after '<='"),
        (
            "year:",
            5,
            "'year:' needs a number (e.g. year:2024, year:>=2023, year:2019..2021)",
        ),
        (
            "year:2019..",
            11,
            "'year:2019..' needs a number after '..' "
            "(e.g. year:2024, year:>=2023, year:2019..2021)",
        ),
        ("year:2021..2019", 5, "empty range 'year:2021..2019': 2021 is after 2019"),
        ("tag:", 4, "'tag:' needs a tag name after it"),
        ("id:", 3, "'id:' needs an id after it"),
        ("source:", 7, "'source:' needs a file name after it"),
        ("title:", 6, "'title:' needs text after it"),
        ("x !", 2, "'!' needs a term after it"),
        ("!!x", 1, "'!!': a term can be negated only once"),
        ("| a", 0, "'|' needs a term on its left"),
        ("a |", 2, "'|' needs a term on its right"),
        ("a | | b", 2, "'|' needs a term on its right"),
        ("^", 0, "'^' needs text after it"),
        ("'", 0, '"\'" needs text after it'),
        ('""', 0, "empty phrase"),
        ('"a"b', 3, "unexpected 'b' after the closing quote"),
    ],
)
def test_errors_say_what_and_where(text, position, message):
    problem = error(text)
    assert isinstance(problem, ValueError)
    assert problem.position == position
    assert problem.message == message
    assert str(problem) == message
    assert "\n" not in str(problem)


# ---------------------------------------------------------------- properties

_PIECES = st.sampled_from(
    ["a", "B", "diff", "|", "!", "'", "^", "$", '"', ":", "tag:", "is:", "year:", ">", "..",
     "2", "id:", "title:", "é", "-", " ", "  "]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=12).map("".join))
def test_parser_raises_only_query_errors(text):
    try:
        parsed = parse_query(text)
    except QueryError as problem:
        assert 0 <= problem.position <= len(text)
    else:
        # Every term carries its place in the text.
        for clause in parsed.clauses:
            for term in clause:
                start, end = term.span
                assert 0 <= start < end <= len(text)


@given(
    st.lists(
        st.sampled_from(["diff", "!x", "tag:a", "'q", "^t", "u$", "a | b", '"p q"']), max_size=6
    )
)
def test_spacing_never_changes_the_parse(terms):
    assert parse_query(" ".join(terms)) == parse_query("   ".join(terms) + "  ")


def test_like_parses_to_a_like_term_with_a_normalised_id() -> None:
    from paperdeck.search.query import LikeTerm

    query = parse_query("like:arXiv:2406.09415v2 is:unread")
    assert query.like_terms() == [LikeTerm("2406.09415")]
    assert parse_query("LIKE:abc123").like_terms() == [LikeTerm("abc123")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("like:", "'like:' needs a paper id after it"),
        ("!like:2406.09415", "cannot be negated"),
        ("like:2406.09415 | diffusion", "cannot be ORed"),
        ("diffusion | like:2406.09415", "cannot be ORed"),
    ],
)
def test_like_mistakes_are_query_errors(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(text)
