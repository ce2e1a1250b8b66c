"""The filter box: the query, typed live; its border shows what is wrong with it."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
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
        # Set by a key that leaves the filter (enter; esc on an empty filter) until
        # the filter has the focus again; the keys typed after it are held meanwhile.
        self._leaving = False
        self._held: list[events.Key] = []

    def takes(self, event: events.Key) -> bool:
        """Whether the filter acts on this key (types it, or has a binding for it)."""
        return event.is_printable or event.key in self._bindings.key_to_bindings

    async def _on_key(self, event: events.Key) -> None:
        # Keys typed right after enter are queued here behind it, and enter moves the
        # focus to the list only once its query's result is on screen: they were
        # typed into the filter (`/ quant enter j s` gave the query "quantjs"). They
        # are for the list: held until hand_over, then given to the list in order.
        if self._leaving:
            event.stop()
            event.prevent_default()
            self._held.append(events.Key(event.key, event.character))
            if not self.has_focus:  # came after hand_over
                self._send_held()
            return
        if event.is_printable:
            return  # Input's own handler, next in line, types it
        # An editing key (backspace, ctrl+w, left…), enter or esc: its binding is run
        # here, in the order typed. Left to the binding machinery it would run only
        # when the key has bubbled up to the app, after the keys queued behind it.
        bindings = self._bindings.key_to_bindings.get(event.key)
        if not bindings:
            return  # not the filter's key: the screen's and the app's, as ever
        event.stop()
        event.prevent_default()
        if event.key == "enter":
            self._leaving = True
        await self.run_action(bindings[0].action)

    def hand_over(self, to: Widget) -> None:
        """Give the focus to ``to`` now, and then the keys typed after the one that
        left the filter, in the order typed, as if typed there."""
        self.screen.set_focus(to)
        self._send_held()

    def _send_held(self) -> None:
        held, self._held = self._held, []
        for key in held:
            # Through the app, behind nothing typed later (the app's queue is where
            # keys arrive), and from the app: a key sent by a widget stops bubbling
            # before the app that looks up its binding.
            self.app.post_message(key.set_sender(self.app))

    def on_focus(self) -> None:
        self._leaving = False
        self._send_held()

    def action_back_out(self) -> None:
        if self.value:
            self.value = ""
        else:
            self._leaving = True
            self.post_message(self.BackedOut())

    def show_error(self, message: str | None) -> None:
        """Show a query error on the border (None clears it)."""
        # Content, not a str: a str border title is markup, and a query is not.
        self.border_title = Content(f"bad query: {message}") if message else None
        self.set_class(message is not None, "-bad-query")
