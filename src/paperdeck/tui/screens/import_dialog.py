"""The import dialog (``i``): paths typed with tab completion, read and imported
in a thread with a progress bar, then the outcome, one line each.

As ``paperdeck import`` does, every file is read first and nothing is imported
unless all of them could be: a bad path or file is one line naming it, and the
library is unchanged.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, ProgressBar

from ...library import ImportReport, Library, StorageError
from ...models import Entry, Problem
from ...sources import SourceError, load_file
from ...textsafety import neutralise, sanitise_line
from .prompt import DIALOG_CSS

# At most this many skipped entries are listed, one line each; the rest are counted.
_PROBLEMS_SHOWN = 5


class PathSuggester(Suggester):
    """Suggests the rest of the last path typed: the one entry of its folder that
    starts so, or what all such entries share (a folder gets its ``/``)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        head, _space, last = value.rpartition(" ")
        if not last:
            return None
        completed = complete_path(last)
        if completed is None or completed == last:
            return None
        return f"{head} {completed}" if head else completed


def complete_path(typed: str) -> str | None:
    """``typed`` (a path, maybe with ``~``) completed as far as its folder allows;
    hidden entries only when ``typed`` asks for them with a leading dot."""
    folder, slash, start = typed.rpartition("/")
    where = Path(os.path.expanduser(folder) if folder else "/") if slash else Path(".")
    try:
        names = sorted(
            entry.name + ("/" if entry.is_dir() else "")
            for entry in os.scandir(where)
            if entry.name.startswith(start) and (start.startswith(".") or entry.name[0] != ".")
        )
    except OSError:
        return None
    if not names:
        return None
    # Character by character on purpose: the names share a start, not a folder.
    return (folder + slash) + os.path.commonprefix(names)  # noqa: RUF071


class PathInput(Input):
    """An Input whose tab takes the suggestion (when there is one) rather than
    moving on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "complete", "Complete the path", show=False),
    ]

    def action_complete(self) -> None:
        suggestion = self._suggestion
        if suggestion and suggestion.startswith(self.value) and suggestion != self.value:
            self.value = suggestion
            self.cursor_position = len(suggestion)
        else:
            self.screen.focus_next()


def split_paths(typed: str) -> list[Path]:
    """The paths typed, separated by spaces (quote a path that holds one)."""
    try:
        words = shlex.split(typed)
    except ValueError:
        words = typed.split()
    return [Path(os.path.expanduser(word)) for word in words]


class ImportScreen(ModalScreen[ImportReport | None]):
    """Ask for paths, import them with a progress bar, show the outcome.

    Answers the report of an import that was saved (the main screen then shows
    New), else None.
    """

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ImportScreen")
        + """
    ImportScreen ProgressBar { margin: 1 0 0 0; }
    ImportScreen #outcome { margin: 1 0 0 0; }
    ImportScreen #outcome.error { color: $text-error; }
    """
    )
    # enter as a binding, not a key handler: a binding consumes the key, so the
    # list under the dialog does not also take it (and open the reader).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("enter", "close_when_done", "Close", show=False),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.report: ImportReport | None = None
        self.busy = False
        self.paths = PathInput(
            placeholder="daily-page.txt ~/papers/*.bib …",
            suggester=PathSuggester(),
            id="paths",
        )
        self.progress = ProgressBar(total=None, show_eta=False, id="progress")
        self.outcome = Label("", id="outcome")
        self.hint = Label(
            Content("tab completes a path · enter imports · esc closes"), classes="hint"
        )

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content("Import papers from files (formats are detected)"))
            yield self.paths
            yield self.progress
            yield self.outcome
            yield self.hint

    def on_mount(self) -> None:
        self.progress.display = False
        self.outcome.display = False
        self.paths.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.busy:
            return
        paths = split_paths(event.value)
        if not paths:
            self.say("Type one or more paths to import.", error=True)
            return
        self.busy = True
        self.paths.disabled = True
        self.outcome.display = False
        self.progress.display = True
        self.progress.update(total=None, progress=0)
        self.run_import(paths)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def run_import(self, paths: list[Path]) -> None:
        """Read every file (progress by bytes), then import them all, in a thread."""
        call = self.app.call_from_thread
        sizes = [_size(path) for path in paths]
        total = max(sum(sizes), 1)
        call(self.progress.update, total=total, progress=0)
        entries: list[Entry] = []
        problems: list[Problem] = []
        done = 0
        for path, size in zip(paths, sizes, strict=True):

            def advance(fraction: float, before: int = done, size: int = size) -> None:
                call(self.progress.update, progress=before + fraction * size)

            try:
                parsed = load_file(path, progress=advance)
            except SourceError as error:
                call(self.failed, f"{error}; nothing was imported.")
                return
            entries.extend(parsed.entries)
            problems.extend(parsed.problems)
            done += size
            call(self.progress.update, progress=done)
        # Merging and saving has no steps to count: the bar pulses meanwhile.
        call(self.progress.update, total=None)
        names = [sanitise_line(path.name) for path in paths]
        try:
            report = self.library.import_entries(names, entries, problems)
        except (StorageError, OSError) as error:
            call(self.failed, f"Not imported: {error}")
            return
        call(self.finished, report)

    def failed(self, message: str) -> None:
        self.busy = False
        self.paths.disabled = False
        self.progress.display = False
        self.say(message, error=True)
        self.paths.focus()

    def finished(self, report: ImportReport) -> None:
        self.busy = False
        self.report = report
        self.progress.display = False
        self.say("\n".join(outcome_lines(report, len(self.library.papers))))
        self.hint.update(Content("enter or esc: show the new papers"))
        self.focus()

    def say(self, text: str, *, error: bool = False) -> None:
        self.outcome.update(Content(neutralise(text, multiline=True)))
        self.outcome.set_class(error, "error")
        self.outcome.display = True

    def action_close_when_done(self) -> None:
        if self.report is not None:
            self.action_close()

    def action_close(self) -> None:
        if not self.busy:
            self.dismiss(self.report)


def outcome_lines(report: ImportReport, holds: int) -> list[str]:
    """What an import did, a line each: the counts, then each skipped entry."""
    files = _plural(len(report.files), "file")
    lines = [
        f"Imported {files}: {report.added:,} added, {report.updated:,} updated, "
        f"{report.unchanged:,} unchanged. The library holds {_plural(holds, 'paper')}."
    ]
    for problem in report.problems[:_PROBLEMS_SHOWN]:
        lines.append(f"Skipped {problem}")
    more = len(report.problems) - _PROBLEMS_SHOWN
    if more > 0:
        lines.append(f"… and {_plural(more, 'more skipped entry', 'more skipped entries')}.")
    return lines


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def _size(path: Path) -> int:
    """The file's size for the progress bar; 0 when unknown (the read says why)."""
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0
