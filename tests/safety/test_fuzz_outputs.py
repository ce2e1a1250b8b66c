"""Property tests: random text and bytes through every importer, then through what
writes it out (``list`` rows, every exporter, the neutraliser the app uses): nothing
unsafe comes out, Markdown has no HTML from data, BibTeX is one strict entry a paper.

Bounded (modest example counts, no deadline) so the suite stays a few minutes.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from output_checks import html_problems, pybtex_keys
from paperdeck.cli.commands.listing import plain_row, row_segments
from paperdeck.export import render_bibtex, render_jsonl, render_markdown
from paperdeck.models import Paper, PaperState
from paperdeck.sources import SourceError, parse_text
from paperdeck.sources.reading import decode_text
from paperdeck.textsafety import (
    neutralise,
    neutralise_in_place,
    sanitise_line,
    sanitise_text,
    unsafe_characters,
)

FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# What an attacker reaches for, mixed into any text: terminal controls, bidi and
# zero-width characters, lone surrogates, HTML, Markdown and BibTeX syntax.
NASTY = [
    "\x1b[2J", "\x1b]0;t\x07", "\x1b]52;c;QQ==\x07", "\x00", "\x7f", "\x9b", "\r", "\t", "\n",
    "\u202e", "\u2066", "\u200b", "\u200d", "\u200c", "\ufeff", "\u2028", "\ud800",
    "<", ">", "&", "</details>", "<img src=x onerror=alert(1)>", "<script>", "`", "``",
    "[", "]", "(", ")", "javascript:", "https://a.example/", "*", "_", "#", "|", "!",
    "{", "}", "\\", "%", "$", "~", "^", "@misc{x,", '"', "'", ",", "=", "a", "é", "م",
]  # fmt: skip
hostile = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=4)), max_size=14).map("".join)


def _check_outputs(items: list[tuple[Paper, PaperState]]) -> None:
    for paper, state in items:
        assert unsafe_characters(plain_row(paper, state)) == []
        for text, _style in row_segments(paper, state, width=80):
            assert unsafe_characters(text) == []
    markdown = render_markdown(items, abstracts=True)
    assert unsafe_characters(markdown, multiline=True) == []
    with_abstract = sum(1 for paper, _ in items if neutralise(paper.abstract))
    assert html_problems(markdown, details=with_abstract) == []
    grouped = render_markdown(items, group_by_tag=True)
    assert html_problems(grouped, details=0) == []
    bibtex = render_bibtex(items)
    assert unsafe_characters(bibtex, multiline=True) == []
    assert len(pybtex_keys(bibtex)) == len(items)
    for line in render_jsonl(items).splitlines():
        for value in json.loads(line).values():
            if isinstance(value, str):
                assert unsafe_characters(value, multiline=True) == []


def _imported(text: str, name: str) -> list[tuple[Paper, PaperState]]:
    try:
        result = parse_text(text, name)
    except SourceError:
        return []
    return [(e.paper, e.state or PaperState(key=e.paper.key)) for e in result.entries]


@FUZZ
@given(title=hostile, abstract=hostile, org=hostile, tag=hostile, note=hostile)
def test_json_lines_through_every_output(
    title: str, abstract: str, org: str, tag: str, note: str
) -> None:
    record = {"title": title, "abstract": abstract, "org": org, "tags": [tag], "note": note}
    line = json.dumps(record)  # \\u escapes: NUL and lone surrogates arrive as JSON spells them
    items = _imported(line + "\n", "p.jsonl")
    for paper, state in items:
        assert unsafe_characters(paper.title) == unsafe_characters(paper.abstract) == []
        assert unsafe_characters(state.note, multiline=True) == []
    _check_outputs(items)


@FUZZ
@given(title=hostile, abstract=hostile)
def test_bibtex_through_every_output(title: str, abstract: str) -> None:
    text = f"@misc{{k, title = {{{title}}}, abstract = {{{abstract}}}}}\n@misc{{j, title={{ok}}}}\n"
    _check_outputs(_imported(text, "p.bib"))


@FUZZ
@given(first=hostile, second=hostile)
def test_abstracts_and_daily_pages_through_every_output(first: str, second: str) -> None:
    _check_outputs(_imported(f"Abstract: {first}\nAbstract: {second}\n", "a.txt"))
    page = f"Daily Papers\n\n{first}\n\n{second}\n\n  • 3 authors\n·\nJun 26 1\n"
    _check_outputs(_imported(page, "d.txt"))


@FUZZ
@given(data=st.binary(max_size=300))
def test_random_bytes_through_every_output(data: bytes) -> None:
    try:
        text = decode_text(data, "f.txt")
    except SourceError:
        return
    for name in ("f.jsonl", "f.bib", "f.txt"):
        _check_outputs(_imported(text, name))


@FUZZ
@given(title=hostile, abstract=hostile, org=hostile, tag=hostile, note=hostile, mine=hostile)
def test_a_library_saved_before_the_sanitiser(
    title: str, abstract: str, org: str, tag: str, note: str, mine: str
) -> None:
    # Stored raw, as the door never saw it: the exit alone must make it safe.
    paper = Paper(key="k1", title=title or "t", abstract=abstract, org=org or None)
    state = PaperState(key="k1", tags=(tag,) if tag else (), note=note, title=mine or None)
    _check_outputs([(paper, state)])


@FUZZ
@given(text=hostile)
def test_the_neutralisers_the_app_uses(text: str) -> None:
    assert unsafe_characters(neutralise(text)) == []
    assert unsafe_characters(neutralise(text, multiline=True), multiline=True) == []
    assert neutralise(neutralise(text)) == neutralise(text)
    assert sanitise_line(sanitise_line(text)) == sanitise_line(text)
    assert sanitise_text(sanitise_text(text)) == sanitise_text(text)
    sanitise_line(text).encode("utf-8")
    in_place = neutralise_in_place(text)
    assert len(in_place) == len(text) and unsafe_characters(in_place) == []
