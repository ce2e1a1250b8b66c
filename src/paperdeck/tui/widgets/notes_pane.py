"""The Notes pane: the highlighted paper's note, saved when focus leaves it."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import TextArea

from ...textsafety import neutralise


class NotesPane(TextArea):
    """A TextArea bound to one paper at a time.

    ``key`` is the paper the text belongs to and ``saved`` the note as last stored,
    so :attr:`pending` tells whether there is anything to save. The app saves on
    blur, before another paper is loaded and on quit.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Save and leave", show=True),
        Binding("ctrl+s", "save", "Save note", show=False, tooltip="Save the note and stay"),
    ]

    class SaveRequested(Message):
        """ctrl+s: save the note now, staying in the pane."""

    class Left(Message):
        """The person left the note: ``by_escape`` when they pressed esc (the app then
        moves focus to the list), else focus moved away by itself."""

        def __init__(self, *, by_escape: bool) -> None:
            super().__init__()
            self.by_escape = by_escape

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            placeholder="No note. Press n to write one.",
            id=id,
        )
        self.key: str | None = None
        self.saved = ""
        # True when this paperdeck may not write (another one holds the library).
        self.locked = False

    def load_note(self, key: str | None, note: str) -> None:
        """Show the note of paper ``key`` (None: no paper; the pane is read-only)."""
        self.key = key
        # A note from before the sanitiser may hold terminal controls: it is shown
        # and edited without them, and counts as saved until the person changes it.
        self.saved = neutralise(note, multiline=True)
        self.read_only = key is None or self.locked
        self.load_text(self.saved)

    @property
    def pending(self) -> bool:
        """True when the text differs from the stored note."""
        return self.key is not None and self.text != self.saved

    def action_save(self) -> None:
        self.post_message(self.SaveRequested())

    def action_leave(self) -> None:
        self.post_message(self.Left(by_escape=True))

    def on_blur(self) -> None:
        self.post_message(self.Left(by_escape=False))
