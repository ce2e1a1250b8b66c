"""Judging exports as the programs that read them would.

Markdown: markdown-it (CommonMark, raw HTML on) renders it, and the HTML may hold only
the tags Markdown itself makes plus the export's own ``<details>`` blocks. BibTeX:
pybtex in strict mode (any warning is an error, as BibTeX/biber would stop) and
bibtexparser."""

from __future__ import annotations

from html.parser import HTMLParser

import bibtexparser
import pybtex.errors
from bibtexparser import model
from markdown_it import MarkdownIt
from pybtex.database import parse_string

# What Markdown syntax produces, and the export's <details><summary> wrapper.
ALLOWED_TAGS = frozenset(
    [
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "em",
        "strong",
        "ul",
        "ol",
        "li",
        "a",
        "code",
        "pre",
        "blockquote",
        "hr",
        "br",
        "details",
        "summary",
    ]
)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.opened: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.closed: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.opened.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.closed.append(tag)


def html_problems(markdown: str, *, details: int | None = None) -> list[str]:
    """What is wrong with the HTML ``markdown`` renders to (empty when nothing):
    a tag Markdown does not make, an attribute other than an http(s) link's href, a
    code block's language class or a numbered list's start, unbalanced
    ``<details>``, or a number of them other than ``details``."""
    rendered = MarkdownIt("commonmark").render(markdown)
    tags = _Tags()
    tags.feed(rendered)
    tags.close()
    problems = []
    for tag, attrs in tags.opened:
        if tag not in ALLOWED_TAGS:
            problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if tag == "a" and name == "href" and (value or "").startswith(("http://", "https://")):
                continue
            if tag == "code" and name == "class" and (value or "").startswith("language-"):
                continue
            if tag == "ol" and name == "start" and (value or "").isdigit():
                continue  # a note's numbered list starting at another number
            problems.append(f"attribute {name}={value!r} on <{tag}>")
    opened = sum(1 for tag, _ in tags.opened if tag == "details")
    closed = tags.closed.count("details")
    if opened != closed:
        problems.append(f"{opened} <details> opened, {closed} closed")
    if details is not None and opened != details:
        problems.append(f"{opened} <details>, expected {details}")
    return problems


def pybtex_keys(text: str) -> list[str]:
    """The citation keys pybtex reads in strict mode; raises on anything it rejects."""
    pybtex.errors.set_strict_mode(True)
    try:
        return list(parse_string(text, "bibtex").entries.keys())
    finally:
        pybtex.errors.set_strict_mode(False)


def bibtexparser_fields(text: str) -> list[dict[str, str]]:
    """Each entry's fields as bibtexparser reads them; a failed block is an error."""
    library = bibtexparser.parse_string(text)
    failed = [block for block in library.blocks if isinstance(block, model.ParsingFailedBlock)]
    assert failed == [], [block.error for block in failed]
    return [{field.key: str(field.value) for field in entry.fields} for entry in library.entries]
