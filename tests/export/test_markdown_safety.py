"""The Markdown export renders no HTML from data: titles, organisation lines, tags,
dates, abstracts and notes are text (notes keep their Markdown)."""

from __future__ import annotations

import pytest

from output_checks import html_problems
from paperdeck.export import render_markdown
from paperdeck.export.markdown_text import code_span, safe_note
from paperdeck.models import Paper, PaperState

XSS = '<img src=x onerror="alert(1)"> <script>alert(2)</script> &lt;b&gt; </details>'


def _paper(**fields: object) -> Paper:
    values = {"title": "A title", "abstract": "An abstract.", **fields}
    return Paper.create(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("paper", "state"),
    [
        (_paper(title=XSS), PaperState(key="k")),
        (_paper(org=XSS), PaperState(key="k")),
        (_paper(abstract=XSS), PaperState(key="k")),
        (_paper(), PaperState(key="k", tags=("x`<img src=x onerror=alert(1)>`",))),
        (_paper(), PaperState(key="k", tags=("``", "`a", "b`"))),
        (_paper(), PaperState(key="k", note=XSS)),
        (_paper(), PaperState(key="k", note="</details>\n\n<details><summary>x")),
        (_paper(), PaperState(key="k", title=XSS)),
        (_paper(published=XSS), PaperState(key="k")),
    ],
)
@pytest.mark.parametrize("grouped", [False, True])
def test_no_html_from_any_field(paper: Paper, state: PaperState, grouped: bool) -> None:
    state = state.with_changes(key=paper.key)
    document = render_markdown([(paper, state)], abstracts=True, group_by_tag=grouped)
    groups = len({tag.casefold() for tag in state.tags}) if grouped else 0
    assert html_problems(document, details=max(groups, 1)) == [], document


NOTE = """\
**Read** _this_ and `<code>` first.

- a [link](https://example.org/x?a=1&b=2)
- [bad](javascript:alert(1)) and ![pixel](http://evil.example/p.png)
- <b>raw</b> &amp; `unclosed
```
<script>kept as code</script>
```
p `q
`<b>` r
[ref]: javascript:alert(1)
"""


def test_notes_keep_markdown_but_not_html_or_other_links() -> None:
    paper = _paper()
    state = PaperState(key=paper.key, note=NOTE)
    document = render_markdown([(paper, state)], abstracts=True)
    assert html_problems(document, details=1) == [], document
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(document)
    assert "<strong>Read</strong>" in html and "<em>this</em>" in html
    assert '<a href="https://example.org/x?a=1&amp;b=2">link</a>' in html
    assert "<code>&lt;code&gt;</code>" in html
    assert "&lt;script&gt;kept as code&lt;/script&gt;" in html
    assert "<li>" in html


def test_code_span_cannot_be_closed_by_a_backtick() -> None:
    assert code_span("a``b") == "```a``b```"
    assert code_span("`x") == "`` `x ``"


def test_safe_note_escapes_html_outside_code() -> None:
    assert safe_note("<b> & `<b>`") == ["&lt;b&gt; &amp; `<b>`"]


@pytest.mark.parametrize("abstract", ["0) starts like a list", "- a bullet", "1. one", "=", "> q"])
def test_a_plain_field_starts_no_block(abstract: str) -> None:
    from markdown_it import MarkdownIt

    paper = _paper(abstract=abstract)
    document = render_markdown([(paper, PaperState(key=paper.key))], abstracts=True)
    html = MarkdownIt("commonmark").render(document)
    assert f"<p>{abstract.replace('>', '&gt;')}</p>" in html
