"""The filter box: the query, typed live; its border shows what is wrong with it."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Input

PLACEHOLDER = (
    '/ to filter: words  \'exact  ^start  end$  !not  a | b  "a phrase"  tag:x  is:starred'
)


class FilterBar(Input):
    """An Input whose ``esc`` clears it, then backs out to the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back_out", "Clear / back", show=True),
    ]

    class BackedOut(Message):
        """esc on an empty filter: the person wants the list."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id, select_on_focus=False)

    def action_back_out(self) -> None:
        if self.value:
            self.value = ""
        else:
            self.post_message(self.BackedOut())

    def show_error(self, message: str | None) -> None:
        """Show a query error on the border (None clears it)."""
        # Content, not a str: a str border title is markup, and a query is not.
        self.border_title = Content(f"bad query: {message}") if message else None
        self.set_class(message is not None, "-bad-query")
