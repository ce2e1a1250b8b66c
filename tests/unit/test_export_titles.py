"""Exports use the title the person gave, and never print a cut-off sentence as a title."""

from __future__ import annotations

import json

from paperdeck.export import render_bibtex, render_jsonl, render_markdown
from paperdeck.models import Paper, PaperState
from paperdeck.sources import parse_text

LONG = (
    "We study how grammar-aligned decoding keeps large language models within a grammar "
    "while sampling from the distribution the model gives every sequence it allows. It works."
)
UNTITLED = Paper.create(abstract=LONG, arxiv_id="2405.21047")
TITLED = Paper.create(title="Dimple", abstract="Discrete diffusion.", arxiv_id="2505.16990")
SENTENCE = LONG.split(". ")[0]


def plain(paper: Paper) -> PaperState:
    return PaperState(key=paper.key)


def test_the_derived_title_is_a_cut_sentence_that_exports_must_not_print() -> None:
    assert UNTITLED.title_derived and UNTITLED.title.endswith("…")


def test_markdown_heads_an_untitled_paper_with_its_whole_first_sentence() -> None:
    document = render_markdown([(UNTITLED, plain(UNTITLED))])
    (heading,) = [line for line in document.splitlines() if line.startswith("## ")]
    assert heading == f"## 1. Untitled: “{SENTENCE}”"
    assert "…" not in document


def test_markdown_uses_the_title_the_person_gave() -> None:
    mine = PaperState(key=UNTITLED.key, title="Grammar-aligned decoding")
    renamed = PaperState(key=TITLED.key, title="Dimple, a discrete diffusion MLLM")
    document = render_markdown([(UNTITLED, mine), (TITLED, renamed)])
    headings = [line for line in document.splitlines() if line.startswith("## ")]
    assert headings == ["## 1. Grammar-aligned decoding", "## 2. Dimple, a discrete diffusion MLLM"]


def test_bibtex_gives_an_untitled_paper_no_title_and_reads_back_untitled() -> None:
    document = render_bibtex([(UNTITLED, plain(UNTITLED))])
    assert "title =" not in document and "…" not in document
    (entry,) = parse_text(document, "back.bib", format="bibtex").entries
    assert entry.paper.title_derived and entry.paper.key == UNTITLED.key


def test_bibtex_uses_the_title_the_person_gave() -> None:
    mine = PaperState(key=UNTITLED.key, title="Grammar-aligned decoding")
    document = render_bibtex([(UNTITLED, mine)])
    assert "  title = {{Grammar-aligned decoding}}," in document
    assert document.startswith("@misc{grammaraligned2024,")


def test_json_lines_carry_the_title_the_person_gave_and_no_cut_sentence() -> None:
    mine = PaperState(key=UNTITLED.key, title="Grammar-aligned decoding")
    first = json.loads(render_jsonl([(UNTITLED, plain(UNTITLED))]))
    assert first["title"] is None and first["title_derived"] is True
    renamed = json.loads(render_jsonl([(TITLED, PaperState(key=TITLED.key, title="Mine"))]))
    assert renamed["title"] == "Mine"
    assert json.loads(render_jsonl([(UNTITLED, mine)]))["title"] == "Grammar-aligned decoding"
