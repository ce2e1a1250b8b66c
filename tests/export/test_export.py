"""Markdown, BibTeX and JSON Lines renderings of papers with their state."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson

from paperdeck.export import render_bibtex, render_jsonl, render_markdown
from paperdeck.export.bibtex import citation_key
from paperdeck.library.merge import merge_entries
from paperdeck.models import Paper, PaperState
from paperdeck.sources import load_file, parse_text

DEVIL = Paper.create(
    title="The Devil behind the mask: An emergent *safety* vulnerability of Diffusion LLMs",
    abstract="Diffusion-based large language models {dLLMs} have emerged.",
    arxiv_id="2507.11097",
    published="2025-07-15",
    authors=14,
    upvotes=2,
)
RLP = Paper.create(
    title="RLP: Reinforcement as a Pretraining Objective",
    abstract="Dominant {paradigm",
    published="2025-09-26",
    org="nvidia NVIDIA",
    upvotes=4,
)
UNTITLED = Paper.create(abstract="An abstract only. With two sentences.")
STARRED = PaperState(
    key=DEVIL.key,
    starred=True,
    tags=("safety", "todo"),
    note="Read §3 first.\n\nThen the appendix.",
)


def test_markdown_lists_each_paper_with_link_date_authors_upvotes_tags_and_note() -> None:
    text = render_markdown(
        [
            (DEVIL, STARRED),
            (RLP, PaperState(key=RLP.key)),
            (UNTITLED, PaperState(key=UNTITLED.key)),
        ],
        today=date(2026, 11, 22),
    )
    assert text == (
        "# Starred papers\n"
        "\n"
        "_3 papers · exported from paperdeck on 2026-11-22_\n"
        "\n"
        "## 1. The Devil behind the mask: An emergent \\*safety\\* vulnerability of "
        "Diffusion LLMs\n"
        "\n"
        "- arXiv: [2507.11097](https://arxiv.org/abs/2507.11097)\n"
        "- 2025-07-15 · 14 authors · ▲ 2\n"
        "- Tags: `safety`, `todo`\n"
        "- Starred\n"
        "\n"
        "> Read §3 first.\n"
        ">\n"
        "> Then the appendix.\n"
        "\n"
        "## 2. RLP: Reinforcement as a Pretraining Objective\n"
        "\n"
        "- 2025-09-26 · nvidia NVIDIA · ▲ 4\n"
        "\n"
        "## 3. Untitled: “An abstract only”\n"
    )


def test_markdown_of_nothing_is_still_a_document() -> None:
    text = render_markdown([], title="Starred papers", today=date(2026, 1, 1))
    assert text == "# Starred papers\n\n_0 papers · exported from paperdeck on 2026-01-01_\n"


def test_bibtex_entries_carry_arxiv_fields_and_unique_keys() -> None:
    twin = DEVIL.with_changes(key="other", arxiv_id=None)
    text = render_bibtex(
        [(DEVIL, STARRED), (twin, PaperState(key="other")), (RLP, PaperState(key=RLP.key))]
    )
    first, second, third = text.split("\n@")
    assert first.startswith("@misc{devil2025,\n  title = {{The Devil behind the mask")
    assert "  eprint = {2507.11097},\n  archivePrefix = {arXiv},\n" in first
    assert "  url = {https://arxiv.org/abs/2507.11097}" in first
    assert "  year = 2025,\n  month = jul," in first
    assert "  keywords = {safety, todo}" in first
    # LaTeX specials are escaped, so they read back literally; braces as words, since
    # BibTeX counts escaped braces too.
    assert r"\textbraceleft{}dLLMs\textbraceright{}" in first
    assert "  date = {2025-07-15}" in first
    assert second.startswith("misc{devil2025a,") and "eprint" not in second
    assert third.startswith("misc{rlp2025,") and r"Dominant \textbraceleft{}paradigm" in third


def test_citation_keys_skip_stopwords_and_fold_accents() -> None:
    taken: set[str] = set()
    paper = Paper.create(title="The Émile model: à la carte", published="2020-01-01")
    assert citation_key(paper, taken) == "emile2020"
    assert citation_key(paper, taken) == "emile2020a"
    assert citation_key(Paper.create(title="The"), set()) == "the"


def test_json_lines_keep_the_list_contract_plus_what_restore_needs() -> None:
    lines = render_jsonl([(DEVIL, STARRED), (UNTITLED, PaperState(key=UNTITLED.key))]).splitlines()
    first, second = (orjson.loads(line) for line in lines)
    assert first["id"] == "2507.11097" and first["starred"] is True
    assert first["tags"] == ["safety", "todo"] and first["note"].startswith("Read §3")
    for key in (
        "id",
        "arxiv_id",
        "title",
        "abstract",
        "published",
        "authors",
        "org",
        "upvotes",
        "starred",
        "read",
        "tags",
        "note",
        "sources",
    ):
        assert key in first
    # A derived title is not written as if it were real, so a restore derives it again.
    assert second["title"] is None and second["title_derived"] is True


def _identity(paper: Paper) -> tuple:
    return (paper.key, paper.title, paper.abstract, paper.arxiv_id, paper.published, paper.year)


def test_bibtex_reads_back_through_the_importer_with_latex_specials() -> None:
    tricky = Paper.create(
        title="50% of {Braces} & $x_1$ ~ a^2 \\ back#slash", abstract="Cost O(n^4), \\url{x} ~3B."
    )
    papers = [DEVIL, RLP, UNTITLED, tricky]
    text = render_bibtex([(p, PaperState(key=p.key)) for p in papers])
    back = [e.paper for e in parse_text(text, "export.bib").entries]
    assert [_identity(p) for p in back] == [_identity(p) for p in papers]


def test_bibtex_round_trips_every_seed_paper(seed_files: list[Path]) -> None:
    entries = [e for path in seed_files for e in load_file(path).entries]
    papers = merge_entries([], entries, "stamp").papers
    text = render_bibtex([(p, PaperState(key=p.key)) for p in papers])
    back = [e.paper for e in parse_text(text, "export.bib").entries]
    assert len(back) == 239
    assert [_identity(p) for p in back] == [_identity(p) for p in papers]


def test_a_note_citing_another_paper_does_not_become_this_papers_id() -> None:
    cited = Paper.create(title="Cited", abstract="First.", arxiv_id="2405.18428")
    citing = Paper.create(title="Citing", abstract="Second.")
    note = PaperState(key=citing.key, note="Builds on arXiv:2405.18428, see §2.")
    text = render_bibtex([(cited, PaperState(key=cited.key)), (citing, note)])
    assert "annote = {Builds on arXiv:2405.18428" in text and "  note =" not in text
    back = [e.paper for e in parse_text(text, "export.bib").entries]
    assert [_identity(p) for p in back] == [_identity(cited), _identity(citing)]


def test_markdown_grouped_by_tag_puts_a_paper_under_each_of_its_tags() -> None:
    both = PaperState(key=DEVIL.key, tags=("Safety", "todo"))
    one = PaperState(key=RLP.key, tags=("safety",))
    text = render_markdown(
        [(DEVIL, both), (RLP, one), (UNTITLED, PaperState(key=UNTITLED.key))],
        today=date(2026, 1, 1),
        group_by_tag=True,
    )
    devil = "The Devil behind the mask: An emergent \\*safety\\* vulnerability of Diffusion LLMs"
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# Starred papers",
        "## Safety (2)",
        f"### 1. {devil}",
        "### 2. RLP: Reinforcement as a Pretraining Objective",
        "## todo (1)",
        f"### 1. {devil}",
        "## Untagged (1)",
        "### 1. Untitled: “An abstract only”",
    ]
    assert "_3 papers · exported" in text


def test_markdown_abstracts_are_folded_and_cannot_break_out_of_their_block() -> None:
    sneaky = Paper.create(title="Sneaky", abstract="Ends early </details> and *bold* text.")
    text = render_markdown(
        [(sneaky, PaperState(key=sneaky.key)), (RLP, PaperState(key=RLP.key))],
        today=date(2026, 1, 1),
        abstracts=True,
    )
    assert text.count("<details><summary>Abstract</summary>") == 2
    assert text.count("</details>") == 2
    assert "Ends early &lt;/details&gt; and \\*bold\\* text." in text
    assert "\n\nDominant {paradigm\n\n</details>\n" in text
