"""The Notes pane: the highlighted paper's note, saved when focus leaves it, and
autosaved a moment after typing stops."""

from __future__ import annotations

import uuid
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widgets import TextArea

from ...textsafety import neutralise

# How long after the last key the note is saved by itself: a kill -9 (or a power
# cut) loses at most this much typing.
AUTOSAVE_SECONDS = 1.0


class NotesPane(TextArea):
    """A TextArea bound to one paper at a time.

    ``key`` is the paper the text belongs to and ``saved`` the note as last stored,
    so :attr:`pending` tells whether there is anything to save. The app saves on
    blur, before another paper is loaded, on quit, on a signal, and
    :data:`AUTOSAVE_SECONDS` after typing stops (:class:`NotesPane.Paused`).
    ``session`` names the editing session (from entering the note to leaving it):
    the saves of one session are one undo step.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Save and leave", show=True),
        Binding("ctrl+s", "save", "Save note", show=False, tooltip="Save the note and stay"),
    ]

    class SaveRequested(Message):
        """ctrl+s: save the note now, staying in the pane."""

    class Paused(Message):
        """Typing stopped a moment ago with the note unsaved: time to autosave."""

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
        # True when this paperdeck may not write (the library's folder is read-only).
        self.locked = False
        self.session = _new_session()
        self._autosave: Timer | None = None

    def takes(self, event: events.Key) -> bool:
        """Whether a key typed ahead of the focus (see screens/typing_ahead.py) is
        the note's: its text and its line breaks."""
        return event.is_printable or event.key == "enter"

    def load_note(self, key: str | None, note: str) -> None:
        """Show the note of paper ``key`` (None: no paper; the pane is read-only)."""
        self.key = key
        # A note from before the sanitiser may hold terminal controls: it is shown
        # and edited without them, and counts as saved until the person changes it.
        self.saved = neutralise(note, multiline=True)
        self.read_only = key is None or self.locked
        self.session = _new_session()
        self.load_text(self.saved)

    def end_session(self) -> None:
        """The person left the note: their next edits are a new undo step."""
        self.session = _new_session()

    @property
    def pending(self) -> bool:
        """True when the text differs from the stored note."""
        return self.key is not None and self.text != self.saved

    @property
    def editing(self) -> bool:
        """True while the person is in the note or has unsaved text in it: then an
        outside change to the note must not replace what they see."""
        return self.has_focus or self.pending

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        # Restarted by every key: the save comes once typing pauses, not per key.
        if self.pending:
            self.schedule_autosave()

    def schedule_autosave(self) -> None:
        """Save (post Paused) AUTOSAVE_SECONDS from now, unless asked again sooner."""
        if self._autosave is None:
            self._autosave = self.set_timer(AUTOSAVE_SECONDS, self._paused)
        else:
            self._autosave.reset()

    def _paused(self) -> None:
        self._autosave = None
        if self.pending:
            self.post_message(self.Paused())

    def action_save(self) -> None:
        self.post_message(self.SaveRequested())

    def action_leave(self) -> None:
        self.post_message(self.Left(by_escape=True))

    def on_blur(self) -> None:
        self.post_message(self.Left(by_escape=False))


def _new_session() -> str:
    return uuid.uuid4().hex
