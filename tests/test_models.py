"""Keys, normalisation and derived titles (docs/ARCHITECTURE.md, Data)."""

from __future__ import annotations

import pytest

from paperdeck.models import (
    Paper,
    PaperState,
    derive_title,
    normalise_arxiv_id,
    normalise_for_match,
    normalise_tag,
    split_tags,
)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2406.07522v1", "2406.07522"),
        ("2406.07522", "2406.07522"),
        ("0704.0001", "0704.0001"),
        ("arXiv:2406.07522v12", "2406.07522"),
        ("https://arxiv.org/abs/2406.07522v3", "2406.07522"),
        ("http://export.arxiv.org/pdf/2406.07522.pdf", "2406.07522"),
        ("hep-th/9901001v2", "hep-th/9901001"),
        ("math.GT/0309136", "math.GT/0309136"),
        ("  2406.07522  ", "2406.07522"),
        ("arXiv: 2401.00001", "2401.00001"),
        ("https://arxiv.org/abs/2401.00001v2/", "2401.00001"),
        ("arxiv.org/abs/2401.00001", "2401.00001"),
        ("10.48550/arXiv.2406.09415", "2406.09415"),
        ("10.48550/ARXIV.2406.09415v2", "2406.09415"),
        ("doi:10.48550/arXiv.hep-th/9901001", "hep-th/9901001"),
        ("https://doi.org/10.48550/arXiv.2406.09415", "2406.09415"),
        ("10.1145/2406.09415", None),
        ("10.48550/arXiv.", None),
        ("1234", None),
        ("x2406.07522", None),
        ("2406.07522.1", None),
        ("", None),
        (None, None),
    ],
)
def test_arxiv_ids_lose_their_version_and_wrapping(given: str | None, expected: str | None) -> None:
    assert normalise_arxiv_id(given) == expected


def test_key_is_the_arxiv_id_when_known() -> None:
    paper = Paper.create(title="T", abstract="A", arxiv_id="2406.07522v2")
    assert paper.key == "2406.07522"
    assert paper.arxiv_id == "2406.07522"
    assert paper.url == "https://arxiv.org/abs/2406.07522"


def test_key_hashes_the_normalised_title_without_an_id() -> None:
    one = Paper.create(title="Grammar-Aligned  Decoding", abstract="first abstract")
    two = Paper.create(title="grammar aligned decoding!", abstract="another abstract")
    assert one.key == two.key
    assert len(one.key) == 12 and all(c in "0123456789abcdef" for c in one.key)
    assert Paper.create(title="Grammar Decoding", abstract="x").key != one.key


def test_key_hashes_the_abstract_when_the_title_is_derived() -> None:
    one = Paper.create(abstract="We study things. Then more.")
    two = Paper.create(abstract="We study things. Then more, differently.")
    assert one.title_derived and two.title_derived
    assert one.title == two.title == "We study things"
    assert one.key != two.key


def test_a_paper_needs_a_title_or_an_abstract() -> None:
    with pytest.raises(ValueError, match="title or an abstract"):
        Paper.create(title="  ", abstract="\n")


def test_whitespace_is_normalised_and_unicode_kept() -> None:
    paper = Paper.create(title="  Émile's\tmodel \n of 𝔽 ", abstract="a\r\nb  c")
    assert paper.title == "Émile's model of 𝔽"
    assert paper.abstract == "a b c"


def test_normalise_for_match_folds_case_punctuation_and_width() -> None:
    assert normalise_for_match("The Devil—behind  the MASK!") == "the devil behind the mask"
    assert normalise_for_match("ＦＵＬＬ width") == "full width"


def test_derived_title_is_the_first_sentence_trimmed() -> None:
    assert derive_title("Short one. Second sentence.") == "Short one"
    assert derive_title("We study large language models (LLMs) . Then more.") == (
        "We study large language models (LLMs)"
    )
    long = "word " * 60 + ". Next."
    title = derive_title(long)
    assert title.endswith("…") and len(title) <= 101
    assert derive_title("e.g. this keeps going (see Fig. 2) until the end.").startswith("e.g. this")


def test_sort_date_and_year_fall_back_to_the_arxiv_id_then_the_hint() -> None:
    assert Paper.create(title="a", arxiv_id="2406.07522").sort_date == "2024-06"
    assert Paper.create(title="a", arxiv_id="2406.07522").year == 2024
    assert Paper.create(title="a", date_hint="2021").year == 2021
    dated = Paper.create(title="a", arxiv_id="2406.07522", published="2024-07-01", date_hint="2020")
    assert dated.sort_date == "2024-07-01" and dated.date_hint is None
    assert Paper.create(title="a").year is None


def test_records_round_trip_through_dicts() -> None:
    paper = Paper.create(title="T", abstract="A", arxiv_id="2401.00001", upvotes=3, sources=("f",))
    assert Paper.from_dict(paper.to_dict()) == paper
    state = PaperState(key="k", starred=True, tags=("a", "b"), note="n")
    assert PaperState.from_dict(state.to_dict()) == state
    assert not state.is_default and PaperState(key="k").is_default


@pytest.mark.parametrize(
    ("raw", "tag"), [("to do", "to-do"), (" safety ", "safety"), ("a,b", "a-b"), (",", "")]
)
def test_tags_are_single_words(raw: str, tag: str) -> None:
    assert normalise_tag(raw) == tag


def test_tags_as_typed_split_on_commas() -> None:
    # Tags ignore case: "Safety" repeats "safety", whose spelling is kept.
    assert split_tags(["safety, to read", "ml", "Safety", ",", "ml"]) == (
        "safety",
        "to-read",
        "ml",
    )


def test_papers_from_rows_are_ordinary_frozen_papers() -> None:
    import dataclasses

    from paperdeck.models import PAPER_FIELDS, papers_from_rows

    paper = Paper.create(title="T", abstract="A", arxiv_id="2401.00001", upvotes=3, sources=("f",))
    values = tuple(getattr(paper, name) for name in PAPER_FIELDS)
    (loaded,) = papers_from_rows([values])
    assert type(loaded) is Paper and loaded == paper and hash(loaded) == hash(paper)
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded.title = "changed"  # type: ignore[misc]
    assert loaded.with_changes(upvotes=4).upvotes == 4 and loaded.upvotes == 3
    assert tuple(f.name for f in dataclasses.fields(Paper)) == PAPER_FIELDS


def test_from_dict_takes_every_field_to_its_own_place() -> None:
    from paperdeck.models import PAPER_FIELDS

    record = {name: f"value of {name}" for name in PAPER_FIELDS}
    record.update(
        title_derived=True, sources=["a", "b"], author_names=["A B", "C D"], categories=["cs.LG"]
    )
    paper = Paper.from_dict(record)
    assert paper.to_dict() == record
    assert paper.sources == ("a", "b") and isinstance(paper.sources, tuple)
    assert paper.author_names == ("A B", "C D") and paper.categories == ("cs.LG",)
