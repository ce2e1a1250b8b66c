"""What an empty library shows instead of an empty list: how to fill it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rich.text import Text
from textual.widgets import Static

# The keys the welcome names, as bindings.py sets them (a config.toml [keys] entry wins).
_DEFAULT_KEYS = {"import": "i", "add": "a", "fetch": "F"}


def welcome_text(home: Path, keys: Mapping[str, str] | None = None) -> Text:
    """The welcome message for a library in ``home``; ``keys`` are the person's own
    keys by binding id (config.toml's [keys]), where they changed them."""
    chosen = {**_DEFAULT_KEYS, **(keys or {})}
    text = Text()
    text.append("Welcome to paperdeck\n\n", style="bold")
    text.append("Your library is empty. Bring papers in:\n\n")
    for ident, what in (
        ("import", "import files"),
        ("add", "add a paper by arXiv id"),
        ("fetch", "fetch your feeds"),
    ):
        text.append(f"  {chosen[ident].split(',')[0]:<6}", style="bold")
        text.append(f"{what}\n")
    text.append("\nor from a shell: ")
    text.append("paperdeck import FILE...", style="bold")
    # One paragraph, not a list, so that at 80×24 the Papers pane shows nearly all of it.
    text.append(
        "\n\nIt reads “Daily Papers” pages, arXiv id dumps, abstract files, JSON (Lines),"
        " BibTeX and the Kaggle arXiv snapshot.\n\n"
    )
    text.append(f"Library folder: {home}\n", style="dim")
    text.append("(set PAPERDECK_HOME to use another one)", style="dim")
    return text


class Welcome(Static):
    """Shown in place of the paper list while the library has no papers."""

    def __init__(self, home: Path, *, id: str | None = None) -> None:
        super().__init__(welcome_text(home), id=id)
