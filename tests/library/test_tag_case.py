"""Tags ignore case everywhere: one tag per spelling-insensitive name, the first
spelling kept (bug 5 of issue 11)."""

from __future__ import annotations

import pytest

from factories import OpenLibrary, numbered_papers
from paperdeck.library import Library
from paperdeck.models import Entry, Paper, PaperState, split_tags

PAPERS = numbered_papers(3)
KEYS = [paper.key for paper in PAPERS]


@pytest.fixture
def library(open_library: OpenLibrary) -> Library:
    return open_library(PAPERS)


def test_split_tags_drops_repeats_that_differ_only_in_case() -> None:
    assert split_tags(["vision", "Vision"]) == ("vision",)
    assert split_tags(["Kernels, kernels", "KERNELS", "gp"]) == ("Kernels", "gp")


def test_one_command_with_two_spellings_makes_one_tag(library: Library) -> None:
    library.add_tags([KEYS[0]], ["vision", "Vision"])
    assert library.state(KEYS[0]).tags == ("vision",)


def test_adding_a_tag_in_another_case_changes_nothing(library: Library) -> None:
    library.add_tags([KEYS[0]], ["vision"])
    steps = len(library.journal.steps)
    assert library.add_tags([KEYS[0]], ["Vision"]) == []
    assert library.state(KEYS[0]).tags == ("vision",)
    assert len(library.journal.steps) == steps


def test_untag_ignores_case(library: Library) -> None:
    library.add_tags([KEYS[0]], ["Vision", "gp"])
    library.remove_tags([KEYS[0]], ["VISION"])
    assert library.state(KEYS[0]).tags == ("gp",)


def test_tag_counts_merge_spellings_under_the_first_seen(library: Library) -> None:
    library.add_tags([KEYS[0]], ["Vision"])
    library.add_tags([KEYS[2]], ["VISION"])
    # Another spelling that came in with a file carrying its own tags.
    extra = Paper.create(title="Imported with a tag", abstract="x", arxiv_id="2501.00009")
    tagged = Entry(extra, 1, state=PaperState(key=extra.key, tags=("vision", "gp")))
    library.import_entries(["tags.jsonl"], [tagged])
    assert library.state(extra.key).tags == ("vision", "gp")
    # Three papers, under the spelling the first of them has.
    assert library.tag_counts() == {"Vision": 3, "gp": 1}
    assert library.stats()["tags"] == {"Vision": 3, "gp": 1}


def test_the_tag_command_with_two_spellings_makes_one_tag(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    from paperdeck.cli import main

    library.close()
    assert main(["tag", KEYS[0], "vision", "Vision"]) == 0
    assert main(["tag", KEYS[0], "VISION, kernels"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "  tags: vision, kernels"
    assert main(["tag", "--remove", KEYS[0], "Kernels"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "  tags: vision"
