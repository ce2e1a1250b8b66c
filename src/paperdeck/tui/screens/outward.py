"""The main screen's keys that reach outside the list: saved filters, export, links.

A mixin of :class:`~.main.MainScreen`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ...export import render_markdown
from ...export.selection import starred_items
from ...library import FilterNameError, StorageError
from ...library.library import filter_name
from ...library.storage import write_atomically
from ...models import Paper, PaperState
from ...search import QueryError, parse_query
from ..widgets import TagsPane
from ..widgets.tags_pane import SAVED_PREFIX
from .parts import MainScreenParts
from .prompt import PromptScreen
from .triage import count, short


class OutwardActions(MainScreenParts):
    """Save and delete filters, export to a file, open or copy a paper's link."""

    def _current_query(self) -> str:
        """The whole query on screen: the Tags pane's view and the filter text."""
        view_term = self.tags_pane.selected.term
        typed = self.filter_bar.value.strip()
        return f"{view_term} {typed}".strip()

    def action_save_filter(self) -> None:
        query = self._current_query()
        if not query:
            self.notify(
                "Type a query first: ctrl+s saves what the filter shows.", severity="warning"
            )
            return
        if not self._writable():
            return
        try:
            parse_query(query)
        except QueryError as error:
            self.notify(f"Not saved: bad query: {error}", severity="error")
            return

        def answered(answer: str | None) -> None:
            if not answer or not answer.strip():
                return
            replaced: list[bool] = []
            try:
                sort, reverse = self.sort_in_force()
                saved = self._write(
                    lambda lib: replaced.append(
                        lib.save_filter(answer, query, sort=sort, reverse=reverse)
                    )
                )
            except FilterNameError as error:
                self.notify(f"Not saved: {error}", severity="error")
                return
            if saved:
                name = filter_name(answer)
                verb = "Replaced" if replaced[0] else "Saved"
                self.notify(f"{verb} the filter {name}: {query} (in the Tags pane).", timeout=5)

        self.app.push_screen(
            PromptScreen(
                f"Save the filter “{short(query)}” as",
                placeholder="a short name, e.g. to read",
                hint="enter saves (a filter of that name is replaced), esc cancels.",
            ),
            answered,
        )

    def on_tags_pane_delete_requested(self, event: TagsPane.DeleteRequested) -> None:
        name, query = event.view.name, event.view.term
        if self._write(lambda lib: lib.delete_filter(name)):
            self.notify(
                f"Deleted the saved filter {name} ({query}). u undoes it.",
                timeout=8,
            )

    def show_saved_filter(self, name: str) -> None:
        """Show a saved filter's papers (from the command palette)."""
        self.filter_bar.value = ""
        self.tags_pane.select(f"{SAVED_PREFIX}{name}")
        self.paper_list.focus()

    # -- export --------------------------------------------------------------------

    def action_export(self) -> None:
        library = self.library
        if library is None:
            return
        items = starred_items(library.papers, library.states)
        if not items:
            self.notify("Nothing starred yet: press s on a paper to star it.", severity="warning")
            return
        default = Path.cwd() / f"paperdeck-starred-{date.today().isoformat()}.md"

        def answered(answer: str | None) -> None:
            if answer and answer.strip():
                self._export_to(Path(answer.strip()).expanduser(), items)

        self.app.push_screen(
            PromptScreen(
                f"Export {count(len(items), 'starred paper')} to Markdown",
                value=str(default),
                hint="enter writes the file (an existing one is replaced), esc cancels.",
            ),
            answered,
        )

    def _export_to(self, path: Path, items: Sequence[tuple[Paper, PaperState]]) -> None:
        path = path if path.is_absolute() else Path.cwd() / path
        if path.is_dir():
            self.notify(f"{path} is a folder: give a file name.", severity="error")
            return
        document = render_markdown(items, title="Starred papers")
        try:
            write_atomically(path, document.encode("utf-8"), keep_backup=False, mode=None)
        except StorageError as error:
            self.notify(f"Export failed: {error}", severity="error", timeout=15)
            return
        self.notify(f"Wrote {count(len(items), 'starred paper')} to {path}", timeout=8)

    # -- links ---------------------------------------------------------------------

    def action_open_page(self) -> None:
        url = self._current_url()
        if not url:
            return
        if self.app.open_in_browser(url):
            self.notify(f"Asked the browser to open {url}", timeout=4)
        else:
            self.notify(f"No browser could be started here. The link: {url}", timeout=15)

    def action_copy_link(self) -> None:
        url = self._current_url()
        if url:
            self.app.copy_to_clipboard(url)
            # The terminal does the copying (OSC 52) and does not say whether it did.
            self.notify(
                f"Sent {url} to the terminal's clipboard (OSC 52); "
                "a terminal without OSC 52 copies nothing.",
                timeout=8,
            )

    def _current_url(self) -> str | None:
        paper = self._paper_to_act_on()
        if paper is None:
            return None
        if paper.url is None:
            self.notify("This paper has no arXiv id, so no link.", severity="warning")
        return paper.url
