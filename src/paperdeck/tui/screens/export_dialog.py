"""The export dialog (``e``): which papers, and the file they go to.

The file's extension picks the format. The dialog writes the file itself, with the
same renderers and atomic write as ``paperdeck export -o``, so that a failed write
can keep it open with the typed path and say why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

import platformdirs
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet

from ...export import EXPORTERS, render_markdown
from ...library import StorageError
from ...library.storage import write_atomically
from ...models import Paper, PaperState
from .prompt import DIALOG_CSS

# The extensions the dialog knows, and the format (a key of EXPORTERS) each picks.
FORMATS: dict[str, tuple[str, str]] = {
    ".md": ("markdown", "Markdown"),
    ".bib": ("bibtex", "BibTeX"),
    ".jsonl": ("json", "JSON Lines"),
}
KNOWN_EXTENSIONS = ", ".join(f"{ext} ({name})" for ext, (_key, name) in FORMATS.items())

Items = Sequence[tuple[Paper, PaperState]]


class ChoiceButton(RadioButton):
    """A radio button whose mark differs in shape, not only in colour (Textual draws
    every button with the same dot), so the chosen one shows without colour too."""

    def __init__(self, label: Content, value: bool) -> None:
        super().__init__(label, value)
        self._mark_for(value)

    def watch_value(self) -> None:
        super().watch_value()
        self._mark_for(self.value)

    def _mark_for(self, value: bool) -> None:
        self.BUTTON_INNER = "●" if value else "○"
        self.refresh()


@dataclass(frozen=True)
class Selection:
    """One set of papers the dialog offers: ``slug`` names its default file."""

    slug: str
    label: str
    heading: str
    items: Items


def default_export_folder() -> Path:
    """The user's documents folder, else downloads, else home: where exports go."""
    for folder in (platformdirs.user_documents_dir(), platformdirs.user_downloads_dir()):
        if Path(folder).is_dir():
            return Path(folder)
    return Path.home()


def today() -> date:
    """Today's date, which the default file name carries (a function, for tests)."""
    return date.today()


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


class ExportScreen(ModalScreen[None]):
    """Choose the papers and the file; enter writes it, esc cancels."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ExportScreen")
        + """
    ExportScreen {
        & RadioSet { width: 1fr; margin-bottom: 1; }
        & #export-error { color: $error; margin: 1 0 0 0; }
    }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, selections: Sequence[Selection], chosen: int, folder: Path) -> None:
        super().__init__()
        self.choices = list(selections)
        self.chosen = chosen
        self.folder = folder
        self.stamp = today().isoformat()
        self.path_input = Input(self._default_path(chosen), id="export-path")
        self.error_line = Label("", id="export-error")

    def _default_path(self, index: int) -> str:
        name = f"paperdeck-{self.choices[index].slug}-{self.stamp}.md"
        return str(self.folder / name)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content("Export"))
            with RadioSet(id="export-what"):
                for index, selection in enumerate(self.choices):
                    yield ChoiceButton(
                        Content(f"{selection.label} ({len(selection.items):,})"),
                        value=index == self.chosen,
                    )
            yield self.path_input
            yield Label(
                Content(
                    f"The extension picks the format: {KNOWN_EXTENSIONS}. "
                    "enter writes the file (an existing one is replaced), esc cancels."
                ),
                classes="hint",
            )
            yield self.error_line

    def on_mount(self) -> None:
        self.error_line.display = False
        self.path_input.focus()
        self.path_input.cursor_position = len(self.path_input.value)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        # A path the person has not edited follows the choice's name.
        if self.path_input.value == self._default_path(self.chosen):
            self.path_input.value = self._default_path(event.index)
        self.chosen = event.index

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        error = self._write(event.value.strip())
        if error is None:
            self.dismiss(None)
        else:
            self.error_line.update(Content(error))
            self.error_line.display = True

    def _write(self, typed: str) -> str | None:
        """Write the chosen papers to ``typed``; the reason it failed, or None."""
        selection = self.choices[self.chosen]
        if not typed:
            return "Type the file to write."
        path = Path(typed).expanduser()
        path = path if path.is_absolute() else Path.cwd() / path
        known = FORMATS.get(path.suffix.lower())
        if known is None:
            shown = f"“{path.suffix}”" if path.suffix else "none"
            return f"Unknown extension ({shown}): use {KNOWN_EXTENSIONS}."
        if not selection.items:
            return f"No papers in “{selection.label}”: choose another."
        if path.is_dir():
            return f"{path} is a folder: give a file name."
        format_key, _name = known
        if format_key == "markdown":
            document = render_markdown(selection.items, title=selection.heading)
        else:
            document = EXPORTERS[format_key](selection.items)
        try:
            # Atomic, so an export over an existing reading list never leaves half of one.
            write_atomically(path, document.encode("utf-8"), keep_backup=False, mode=None)
        except StorageError as error:
            return f"Not written: {error}"
        self.app.notify(
            f"Wrote {_count(len(selection.items), 'paper')} to {path}", timeout=8, markup=False
        )
        return None

    def action_cancel(self) -> None:
        self.dismiss(None)
