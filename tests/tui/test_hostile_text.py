"""A library written before the sanitiser: what the app draws holds no terminal controls.

The importers strip control, bidi and zero-width characters at the door, but a
library imported by an older paperdeck may still hold them. Every pane neutralises
them on output, so an OSC title, a screen clear or a bidi override in a title,
abstract, organisation line, tag or note never reaches the terminal.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widget import Widget
from tui_helpers import make_library, running

from paperdeck.library import library as library_module
from paperdeck.models import Paper, PaperState
from paperdeck.textsafety import unsafe_characters
from paperdeck.tui.screens.reader import ReaderScreen

HOSTILE = "\x1b]0;pwned\x07\x1b[2J\u202eevil\u200b\x9b31m"
PAPER = Paper.create(
    title=f"Clean start {HOSTILE} clean end",
    abstract=f"An abstract with {HOSTILE} inside it, and more words after.",
    arxiv_id="2501.00042",
    org=f"Org {HOSTILE}",
)


def drawn(widget: Widget) -> str:
    """The text of every line the widget draws, as the terminal receives it."""
    width, height = widget.outer_size
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


@pytest.fixture
def old_library(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # The library's own setters sanitise now; an older paperdeck's did not.
    with monkeypatch.context() as patch:
        patch.setattr(library_module, "sanitise_line", lambda text: text)
        patch.setattr(library_module, "sanitise_text", lambda text: text)
        state = PaperState(PAPER.key, tags=(f"tag{HOSTILE}",), note=f"note {HOSTILE}")
        make_library(home, [PAPER], {PAPER.key: state})
    return home


async def test_no_pane_draws_a_control_character(old_library: Path) -> None:
    async with running(old_library, size=(160, 45)) as (app, pilot):
        main = app.main
        assert unsafe_characters(main._state_of(PAPER.key).note) != []  # the setup
        for widget in (main.paper_list, main.abstract_view, main.notes_pane, main.tags_pane):
            text = drawn(widget)
            assert "Clean start" in text or widget is not main.paper_list
            assert unsafe_characters(text, multiline=True) == [], type(widget).__name__
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        text = drawn(app.screen.body)
        assert "Clean start" in text and "note" in text
        assert unsafe_characters(text, multiline=True) == []
