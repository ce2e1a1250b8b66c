"""The ``?`` screen: every key, read from the bindings themselves so it cannot drift."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ... import __version__


class HelpScreen(ModalScreen[None]):
    """Keys by where they work; esc, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: 84;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: thick $primary;
            border-title-align: center;
            background: $surface;
            padding: 0 1;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
    ]

    def __init__(self, sections: Iterable[tuple[str, Iterable[BindingType]]]) -> None:
        super().__init__()
        self.sections = [(title, list(bindings)) for title, bindings in sections]

    def compose(self) -> ComposeResult:
        scroll = VerticalScroll()
        scroll.border_title = f"paperdeck {__version__} · keys"
        scroll.border_subtitle = "esc closes · ctrl+p finds any action by name"
        with scroll:
            yield Static(self._table(), id="help-keys")
            yield Static(self._query_table(), id="help-query")

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="bold", no_wrap=True)
        table.add_column()
        for number, (title, bindings) in enumerate(self.sections):
            if number:
                table.add_row("", "")
            table.add_row("", Text(title, style="underline"))
            for binding in bindings:
                if not isinstance(binding, Binding):
                    continue
                keys = " ".join(
                    self.app.get_key_display(Binding(key, "")) for key in _keys(binding)
                )
                table.add_row(keys, binding.tooltip or binding.description)
        return table

    def _query_table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_row("", Text("The filter's query language (terms are ANDed)", style="underline"))
        for example, meaning in QUERY_HELP:
            table.add_row(example, meaning)
        return table

    def action_close(self) -> None:
        self.dismiss(None)


def _keys(binding: Binding) -> list[str]:
    return [key.strip() for key in binding.key.split(",")]


# One example of each operator and field of the query language (docs/ARCHITECTURE.md).
QUERY_HELP: list[tuple[str, str]] = [
    ("diffusion", "fuzzy word: title subsequence, word prefix in title and abstract"),
    ("'kernel", "exact substring"),
    ("^Dimple  model$", "title starts with / ends with"),
    ("!survey", "not (works on any term, fields too)"),
    ("vision | audio", "either of two neighbouring terms"),
    ('"large language"', "a phrase, words in order"),
    ("tag:todo", "has the tag"),
    ("is:starred is:read is:unread", "state; also is:noted is:new is:untitled"),
    ("year:2024  year:>=2023", "publication year"),
    ("upvotes:>10  authors:<5", "numbers: =, >, >=, <, <="),
    ("id:2406.09415", "arXiv id"),
    ("author:schmid", "author name prefix; case and accents ignored"),
    ("cat:cs.LG  cat:cs", "arXiv category; cat:cs is every cs.*"),
    ("title:mask  abstract:attack", "a word in that field only"),
    ("source:daily.txt", "imported from that file"),
    ("Smart case", "a term with a capital letter matches case exactly"),
]
