"""The daily-papers page importer."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from factories import SOURCE_FIXTURES
from paperdeck.models import Problem
from paperdeck.sources import SourceError, daily, load_file, parse_text


def fixture(name: str) -> str:
    return (SOURCE_FIXTURES / name).read_text(encoding="utf-8")


def summary(text: str, **kwargs: int) -> list[tuple[int, str, str | None, int | None, int | None]]:
    result = daily.parse(text, "d.txt", **kwargs)  # type: ignore[arg-type]
    return [
        (e.line, e.paper.title, e.paper.published, e.paper.authors, e.paper.upvotes)
        for e in result.entries
    ]


def entry_text(title: str, meta: str, date: str) -> str:
    return f"{title}\n\nAbstract of {title}.\n\n{meta}\n·\n{date}\n\n"


def test_page_with_preamble_and_every_date_form() -> None:
    result = daily.parse(fixture("daily_page.txt"), "d.txt")
    assert result.problems == []
    papers = [entry.paper for entry in result.entries]
    assert [entry.line for entry in result.entries] == [13, 21, 29, 37]
    # "Mar 5, 2024": explicit year, no upvotes.
    assert papers[0].title == "Sparse Attention Revisited"
    assert papers[0].abstract == "We revisit sparse attention. It works."
    assert (papers[0].published, papers[0].authors, papers[0].upvotes) == ("2024-03-05", 3, None)
    assert not papers[0].title_derived
    # "Jun 26 1": no year (the page's, 2025, after the latest year 2024) and 1 upvote.
    assert (papers[1].published, papers[1].authors, papers[1].upvotes) == ("2025-06-26", 1, 1)
    # An organisation line instead of an author count.
    assert papers[2].org == "nvidia NVIDIA"
    assert (papers[2].published, papers[2].authors, papers[2].upvotes) == ("2025-09-26", None, 4)
    # "Oct 17, 2024 3" on the last line, with no newline after it.
    assert (papers[3].published, papers[3].authors, papers[3].upvotes) == ("2024-10-17", 12, 3)
    assert all(paper.sources == ("d.txt",) and paper.arxiv_id is None for paper in papers)


def test_preamble_page_date_is_not_an_entry_or_a_year() -> None:
    # Only the preamble's "Dec 29" and one undated entry: the page year is not taken
    # from the preamble, and "Dec 29" is no paper.
    text = "Daily Papers\n\nDec 29\n\n" + entry_text("Only", "  • 2 authors", "Jun 26, 2023")
    text += entry_text("Undated", "  • 2 authors", "Jan 2")
    assert summary(text) == [
        (5, "Only", "2023-06-26", 2, None),
        (13, "Undated", "2024-01-02", 2, None),
    ]


def test_year_override_applies_to_dates_without_a_year_only() -> None:
    result = daily.parse(fixture("daily_page.txt"), "d.txt", year=2030)
    assert [entry.paper.published for entry in result.entries] == [
        "2024-03-05",
        "2030-06-26",
        "2030-09-26",
        "2024-10-17",
    ]


def test_page_without_any_year_uses_the_current_year() -> None:
    this_year = dt.date.today().year
    assert summary(fixture("daily_no_year.txt")) == [
        (1, "Undated One", f"{this_year}-05-02", 2, 3),
        (9, "Undated Two", f"{this_year}-01-14", 7, None),
    ]
    assert summary(fixture("daily_no_year.txt"), year=2019)[0][2] == "2019-05-02"


def test_truncated_entries_are_problems_and_the_rest_imports() -> None:
    result = load_file(SOURCE_FIXTURES / "daily_truncated.txt")
    assert [(e.line, e.paper.title, e.paper.upvotes) for e in result.entries] == [
        (1, "Complete One", None),
        (20, "Complete Two", 7),
    ]
    source = "daily_truncated.txt"
    assert result.problems == [
        Problem(source, 9, 'entry "Missing Date" has no date after "·"'),
        Problem(source, 16, 'entry "Lost Its Meta" has no authors line, "·" or date'),
        Problem(
            source,
            28,
            'entry "Cut Off At The End" is cut off before its authors line, date or both',
        ),
    ]


def test_bad_dates_are_problems() -> None:
    result = daily.parse(fixture("daily_bad_dates.txt"), "d.txt")
    assert [(e.line, e.paper.title) for e in result.entries] == [(25, "Good One")]
    assert result.problems == [
        Problem("d.txt", 1, 'entry "Not A Real Day": "Feb 30, 2024" is not a real date'),
        Problem(
            "d.txt",
            9,
            'entry "Gibberish Date": date "sometime soon" (line 15) is not a date like '
            "Jun 26 or Jun 26, 2025",
        ),
        Problem("d.txt", 17, 'entry "Leap Day Without Year": "Feb 29" is not a real date in 2025'),
    ]
    # In a leap year the undated Feb 29 is fine.
    leap = daily.parse(fixture("daily_bad_dates.txt"), "d.txt", year=2024)
    assert [e.paper.published for e in leap.entries] == ["2024-02-29", "2024-03-01"]


def test_page_ending_in_the_middle_of_an_entry() -> None:
    lines = fixture("daily_page.txt").split("\n")
    for cut, problem_reason in [
        (31, "is cut off before its authors line, date or both"),  # after the abstract
        (33, "is cut off before its authors line, date or both"),  # after the org line
        (34, 'has no date after "·"'),  # after the "·"
    ]:
        result = daily.parse("\n".join(lines[:cut]), "d.txt")
        assert [entry.line for entry in result.entries] == [13, 21]
        assert [(p.line, p.reason) for p in result.problems] == [
            (29, f'entry "RLP: Reinforcement as a Pretraining Objective" {problem_reason}')
        ]


def test_text_glued_to_the_last_date_line() -> None:
    result = daily.parse(fixture("daily_trailing_text.txt"), "d.txt")
    assert [(e.paper.published, e.paper.upvotes) for e in result.entries] == [("2023-10-03", 4)]
    assert [(p.line, p.reason) for p in result.problems] == [
        (7, 'entry "Load more papers" is cut off before its authors line, date or both')
    ]


def test_two_pages_pasted_together_without_a_newline_between() -> None:
    page = fixture("daily_page.txt")
    assert not page.endswith("\n")
    result = daily.parse(page + page, "d.txt")  # "...Oct 17, 2024 3new\n\nGet trending..."
    assert result.problems == []
    assert [entry.line for entry in result.entries] == [13, 21, 29, 37, 55, 63, 71, 79]
    assert result.entries[3].paper.upvotes == 3


def test_title_glued_to_the_previous_date_is_recovered() -> None:
    text = (
        "A\n\nAbstract A.\n\n  • 1 authors\n·\nJun 26 1B\n\nAbstract B.\n\n  • 2 authors\n·\nJun 27"
    )
    assert summary(text, year=2025) == [
        (1, "A", "2025-06-26", 1, 1),
        (7, "B", "2025-06-27", 2, None),
    ]


def test_date_line_with_other_trailing_text_is_a_problem() -> None:
    result = daily.parse(entry_text("T", "  • 1 authors", "Jun 26, 20245"), "d.txt")
    assert result.entries == []
    assert [problem.line for problem in result.problems] == [1]


def test_long_line_before_the_dot_is_not_an_organisation() -> None:
    long_abstract = "This abstract is long enough not to be an organisation line. " * 3
    text = f"Title\n\n{long_abstract}\n·\nJun 26, 2024\n"
    result = daily.parse(text, "d.txt")
    assert [(e.paper.title, e.paper.org, e.paper.authors) for e in result.entries] == [
        ("Title", None, None)
    ]


def test_dot_with_nothing_before_it() -> None:
    result = daily.parse("·\nJun 26, 2024\n", "d.txt")
    assert result.entries == []
    assert [(p.line, p.reason) for p in result.problems] == [(1, '"·" with no entry before it')]


def test_crlf_page() -> None:
    text = fixture("daily_page.txt").replace("\n", "\r\n")
    assert [entry.line for entry in daily.parse(text, "d.txt").entries] == [13, 21, 29, 37]


def test_one_author_and_full_month_names() -> None:
    text = entry_text("T", "• 1 author", "September 3, 2024 12")
    assert summary(text) == [(1, "T", "2024-09-03", 1, 12)]


def test_parse_text_refuses_a_page_with_no_complete_entry() -> None:
    text = "Daily Papers\n\nbyAK and the research community\n\nTitle\n\nAbstract\n"
    with pytest.raises(SourceError) as caught:
        parse_text(text, "page.txt")
    assert caught.value.line == 5
    assert caught.value.reason.startswith("has no paper that could be imported (read as daily:")


def test_synthetic_pages_parse_in_linear_time() -> None:
    page = "".join(
        entry_text(f"Paper {i}", f"  • {i % 9 + 1} authors", f"Mar {i % 28 + 1}, 2024 {i}")
        for i in range(20_000)
    )
    start = time.perf_counter()
    result = daily.parse(page, "big.txt")
    elapsed = time.perf_counter() - start
    assert len(result.entries) == 20_000
    assert result.problems == []
    assert result.entries[-1].line == 8 * 19_999 + 1
    assert elapsed < 5, f"20,000 entries took {elapsed:.1f} s"


def test_entry_without_its_dot_is_one_problem() -> None:
    text = "Lost Dot\n\nIts abstract.\n\n  • 3 authors\nJun 26, 2024 1\n\n"
    text += entry_text("Next", "  • 2 authors", "Jun 27, 2024")
    result = daily.parse(text, "d.txt")
    assert [(e.line, e.paper.title) for e in result.entries] == [(8, "Next")]
    assert [(p.line, p.reason) for p in result.problems] == [
        (1, 'entry "Lost Dot" has no "·" or date after its authors line')
    ]


def test_page_cut_after_an_authors_line_is_one_problem() -> None:
    text = (
        entry_text("Kept", "  • 2 authors", "Jun 27, 2024") + "Cut\n\nAbstract.\n\n  • 3 authors\n"
    )
    result = daily.parse(text, "d.txt")
    assert [e.paper.title for e in result.entries] == ["Kept"]
    assert [(p.line, p.reason) for p in result.problems] == [
        (9, 'entry "Cut" has no "·" or date after its authors line')
    ]
