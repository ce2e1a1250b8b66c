"""The main screen's keys that reach outside the list: saved filters, export, links.

A mixin of :class:`~.main.MainScreen`.
"""

from __future__ import annotations

from ...export.selection import starred_items
from ...library import FilterNameError, Library
from ...library.library import filter_name
from ...models import Paper, PaperState
from ...search import QueryError, parse_query
from ...sorting import RELEVANCE, effective_sort, sort_papers
from ..widgets import TagsPane
from ..widgets.tags_pane import SAVED_PREFIX
from . import export_dialog
from .export_dialog import ExportScreen, Selection
from .parts import MainScreenParts
from .prompt import PromptScreen
from .triage import short


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
        states = library.state
        papers = self.paper_list.papers
        listed = [papers[p] for p in self.paper_list.positions]
        query = self._current_query()
        selections = [
            Selection(
                "starred",
                "The starred papers",
                "Starred papers",
                self._starred_in_export_order(library),
            ),
            Selection(
                "list",
                "The list on screen",
                f"Papers matching: {query}" if query else "All papers",
                [(paper, states(paper.key)) for paper in listed],
            ),
        ]
        marked = self.paper_list.marked
        if marked:
            selections.append(
                Selection(
                    "marked",
                    "The marked papers",
                    "Marked papers",
                    [
                        (papers[p], states(papers[p].key))
                        for p in self.paper_list.positions
                        if p in marked
                    ],
                )
            )
        # Marks are a choice just made; else the starred papers, the usual reading list.
        chosen = 2 if marked else (0 if selections[0].items else 1)
        self.app.push_screen(
            ExportScreen(selections, chosen, export_dialog.default_export_folder())
        )

    def _starred_in_export_order(self, library: Library) -> list[tuple[Paper, PaperState]]:
        """The starred papers in the order ``paperdeck export`` gives them: by the
        config file's sort when it sets one, else the most recently starred first."""
        items = starred_items(library.papers, library.states)
        config = self.app.config
        if "sort" not in config.given and not config.reverse:
            return items
        sort = config.sort if "sort" in config.given else RELEVANCE
        ordered = sort_papers(
            [paper for paper, _state in items],
            library.states,
            effective_sort(sort, has_query=True),
            reverse=config.reverse,
            corpus=library.papers,
        )
        return [(paper, library.state(paper.key)) for paper in ordered]

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
