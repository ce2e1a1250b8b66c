"""The BibTeX importer and its LaTeX clean-up."""

from __future__ import annotations

import pytest

from factories import SOURCE_FIXTURES
from paperdeck.models import Paper, Problem
from paperdeck.sources import SourceError, bibtex, load_file, parse_text
from paperdeck.sources.bibtex import latex_to_text


def papers(text: str) -> list[object]:
    return [entry.paper for entry in bibtex.parse(text, "r.bib").entries]


def test_fixture_entries() -> None:
    result = load_file(SOURCE_FIXTURES / "refs.bib")
    by_line = {entry.line: entry.paper for entry in result.entries}
    assert sorted(by_line) == [4, 14, 22, 28, 41]

    attention = by_line[4]
    assert attention.title == "Attention Is All You Need"
    assert attention.key == attention.arxiv_id == "1706.03762"
    assert attention.abstract == "We improve BLEU by 2% and use öur model with $O(n^2)$ & more."
    assert (attention.published, attention.date_hint) == (None, "2017-06")
    # Four names: "and" inside braces is part of one name.
    assert attention.authors == 4
    assert attention.sources == ("refs.bib",)

    muller = by_line[14]
    assert muller.title == "Müller's Étude on Café Naïve Straße ça"
    assert (muller.arxiv_id, muller.date_hint, muller.authors) == ("2001.00001", "2020", 2)

    doi = by_line[22]
    assert (doi.title, doi.arxiv_id, doi.published) == ("A DOI Only", "2106.09685", "2021-06-17")

    scholar = by_line[28]
    assert (scholar.arxiv_id, scholar.date_hint) == ("2106.09686", "2021")

    # A repeated citation key is a different paper all the same.
    repeat = by_line[41]
    assert (repeat.title, repeat.published, repeat.arxiv_id) == (
        "Same Citation Key, Other Paper",
        "2019-12-03",
        None,
    )


def test_fixture_problems() -> None:
    result = bibtex.parse((SOURCE_FIXTURES / "refs.bib").read_text(encoding="utf-8"), "refs.bib")
    assert result.problems == [
        Problem(
            "refs.bib",
            34,
            'BibTeX entry "broken" could not be read: Unexpected block start: `@misc`. '
            "Was still looking for field-value closing `}`",
        ),
        Problem("refs.bib", 38, 'BibTeX entry "noTitle" has no title or abstract'),
    ]


def test_comments_strings_and_preambles_are_not_papers() -> None:
    text = '@comment{x}\n@string{a = "b"}\n@preamble{"c"}\n% just a comment\n'
    assert bibtex.parse(text, "r.bib").entries == []
    with pytest.raises(SourceError):
        parse_text(text, "r.bib")


def test_strings_and_concatenation_are_expanded() -> None:
    text = (
        '@string{first = "Deep"}\n@STRING{Rest = {Learning}}\n'
        '@misc{a, title = first # " " # rest # { for All}, year = 20 # "24"}\n'
        "@misc{b, title = {C# and F# # are languages}}\n"
    )
    titles = [(paper.title, paper.date_hint) for paper in papers(text)]  # type: ignore[attr-defined]
    assert titles == [("Deep Learning for All", "2024"), ("C# and F# # are languages", None)]


@pytest.mark.parametrize(
    ("fields", "arxiv_id"),
    [
        ("eprint = {2401.00001}, archivePrefix = {arXiv}", "2401.00001"),
        ("eprint = {arXiv:2401.00001v2}", "2401.00001"),
        ("eprint = {2401.00001}, eprinttype = {arxiv}", "2401.00001"),
        ("eprint = {hal-0001}, archivePrefix = {HAL}", None),
        ("eprint = {2401.00001}, archivePrefix = {HAL}", None),
        ("url = {http://arxiv.org/abs/cs/0112017v1}", "cs/0112017"),
        ("url = {https://example.org/2401.00001}", None),
        ("doi = {10.48550/ARXIV.2401.00001}", "2401.00001"),
        ("doi = {10.1000/182}", None),
        ("journal = {CoRR}, note = {arXiv: 2401.00001}", "2401.00001"),
        ("howpublished = {\\url{https://arxiv.org/abs/2401.00001}}", "2401.00001"),
    ],
)
def test_arxiv_id_sources(fields: str, arxiv_id: str | None) -> None:
    (paper,) = papers(f"@misc{{k, title = {{T}}, {fields}}}")
    assert paper.arxiv_id == arxiv_id  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("fields", "published", "date_hint"),
    [
        ("year = 2020", None, "2020"),
        ("year = {2020}, month = {March}", None, "2020-03"),
        ("year = 2020, month = 11", None, "2020-11"),
        ("year = 2020, month = dec, day = {24}", "2020-12-24", None),
        ("year = 2020, month = feb, day = 30", None, "2020-02"),
        ("date = {2021-05-06}", "2021-05-06", None),
        ("date = {2021-05}", None, "2021-05"),
        ("year = {in press}", None, None),
        ("month = jun", None, None),
    ],
)
def test_dates(fields: str, published: str | None, date_hint: str | None) -> None:
    (paper,) = papers(f"@misc{{k, title = {{T}}, {fields}}}")
    assert (paper.published, paper.date_hint) == (published, date_hint)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("author", "count"),
    [
        ("{A}", 1),
        ("Doe, Jane and Roe, Richard", 2),
        ("A and B and C and others", 4),
        ("{Barnes and Noble} and Smith", 2),
        ("Anderson, Sandy", 1),
    ],
)
def test_author_counts(author: str, count: int) -> None:
    (paper,) = papers(f"@misc{{k, title = {{T}}, author = {{{author}}}}}")
    assert paper.authors == count  # type: ignore[attr-defined]


def test_abstract_only_entry_gets_a_derived_title() -> None:
    (paper,) = papers("@misc{k, abstract = {First sentence. Second.}}")
    assert (paper.title, paper.title_derived) == ("First sentence", True)  # type: ignore[attr-defined]


def test_line_numbers_are_one_based_with_crlf() -> None:
    text = "\r\n\r\n@misc{a, title={A}}\r\n\r\n@misc{b,\r\n title={B}}\r\n"
    assert [entry.line for entry in bibtex.parse(text, "r.bib").entries] == [3, 5]


def test_failed_blocks_do_not_print_to_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    result = bibtex.parse("@misc{a, title = {A}}\n@misc{b, title = {unclosed\n", "r.bib")
    assert [entry.line for entry in result.entries] == [1]
    assert [problem.line for problem in result.problems] == [2]
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ('{\\"o}', "ö"),
        ('\\"{o}', "ö"),
        ('\\"o', "ö"),
        ("\\'e", "é"),
        ("\\'{\\i}", "í"),
        ("\\`a", "à"),
        ("\\^{o}", "ô"),
        ("\\~n", "ñ"),
        ("\\c{c}", "ç"),
        ("\\c c", "ç"),
        ("\\v{s}", "š"),
        ("\\H{o}", "ő"),
        ("\\k{a}", "ą"),
        ("\\u{g}", "ğ"),
        ("\\={a}", "ā"),
        ("\\.{z}", "ż"),
        ("\\r{a}", "å"),
        ("{\\ss}", "ß"),
        ("\\o{}", "ø"),
        ("\\ae ", "æ"),
        ("\\L", "Ł"),
        ("\\& \\% \\$ \\# \\_ \\{ \\}", "& % $ # _ { }"),
        ('Na{\\"\\i}ve', "Naïve"),
        ("{BERT} and {T}ransformers", "BERT and Transformers"),
        ("\\emph{really} \\textbf{bold}", "really bold"),
        ("{\\em emphasised} text", "emphasised text"),
        ("\\LaTeX{} is fine", "LaTeX is fine"),
        ("\\LaTeX is fine", "LaTeX is fine"),
        ("modules (\\eg, DINOv2)", "modules (eg, DINOv2)"),
        ("$\\mathcal{O}(n^{2})$ time", "$\\mathcal{O}(n^{2})$ time"),
        ("Section~3", "Section 3"),
        ("see~\\cite{x}", "see x"),
        ("a ~3B model", "a ~3B model"),
        ("~", "~"),
        ("line\\\\break", "line break"),
        ("50% off", "50% off"),
        ("-- and ---", "-- and ---"),
        ("plain text", "plain text"),
        ("a lone \\", "a lone \\"),
        ("{{{", ""),
        ("\\url{https://x.org/a_b}", "https://x.org/a_b"),
        ("\\ldots", "ldots"),
    ],
)
def test_latex_to_text(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text


def test_non_bibtex_text_forced_as_bibtex() -> None:
    with pytest.raises(SourceError) as caught:
        parse_text("just words\n", "x.bib", format="bibtex")
    assert caught.value.reason == "is not in a known format (expected bibtex: no entry found)"


def test_a_title_that_is_the_derived_title_reads_back_as_derived() -> None:
    # paperdeck's BibTeX export writes a derived title as the title.
    abstract = "Mixture models route tokens. They are fast."
    (paper,) = papers(
        f"@misc{{k, title = {{{{Mixture models route tokens}}}}, abstract = {{{abstract}}}}}"
    )
    assert paper.title_derived  # type: ignore[attr-defined]
    assert paper.key == Paper.create(abstract=abstract).key  # type: ignore[attr-defined]
    (other,) = papers(f"@misc{{k, title = {{Mixture Models}}, abstract = {{{abstract}}}}}")
    assert not other.title_derived  # type: ignore[attr-defined]


def test_a_crash_inside_bibtexparser_becomes_a_source_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def explode(text: str) -> None:
        raise RuntimeError("internal parser state\nwith two lines")

    monkeypatch.setattr(bibtex.bibtexparser, "parse_string", explode)
    with pytest.raises(SourceError) as caught:
        bibtex.parse("@misc{a, title={A}}", "r.bib")
    assert str(caught.value) == (
        "r.bib: could not be read as BibTeX (internal parser state with two lines)"
    )
