"""What an empty library shows instead of an empty list: how to fill it."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import Static


def welcome_text(home: Path) -> Text:
    """The welcome message for a library in ``home``."""
    text = Text()
    text.append("Welcome to paperdeck\n\n", style="bold")
    text.append("Your library is empty. Quit (q) and import papers from a shell:\n\n")
    text.append("  paperdeck import FILE...\n\n", style="bold")
    text.append("It reads:\n")
    for kind in (
        "a saved “Daily Papers” page (title, abstract, authors, date, upvotes)",
        "a dataset dump of arXiv ids and abstracts",
        "a file of abstracts, one per line (Abstract:…)",
        "JSON Lines or JSON (title, abstract, arxiv_id, …)",
        "BibTeX",
    ):
        text.append(f"  • {kind}\n")
    text.append("\nThen run ")
    text.append("paperdeck", style="bold")
    text.append(" again: filter as you type, star, tag and note papers.\n\n")
    text.append(f"Library folder: {home}\n", style="dim")
    text.append("(set PAPERDECK_HOME to use another one)", style="dim")
    return text


class Welcome(Static):
    """Shown in place of the paper list while the library has no papers."""

    def __init__(self, home: Path, *, id: str | None = None) -> None:
        super().__init__(welcome_text(home), id=id)
