"""Renderings of papers with their state: Markdown, BibTeX and JSON Lines."""

from collections.abc import Callable, Sequence

from ..models import Paper, PaperState
from .bibtex import render_bibtex
from .jsonl import paper_record, render_jsonl
from .markdown import render_markdown

Exporter = Callable[[Sequence[tuple[Paper, PaperState]]], str]

EXPORTERS: dict[str, Exporter] = {
    "markdown": render_markdown,
    "bibtex": render_bibtex,
    "json": render_jsonl,
}

__all__ = ["EXPORTERS", "paper_record", "render_bibtex", "render_jsonl", "render_markdown"]
