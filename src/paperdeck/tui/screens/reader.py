"""The reader view: one paper full-screen, with the triage keys and ]/[ to move on.

It reads through the main screen: the paper is a position in the main list, ]/[
move the list's cursor, and the triage keys run the main screen's own actions on
this paper, so a star here is the same star as in the list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...models import Paper, PaperState
from ...search import Spans
from ...textsafety import neutralise, neutralise_in_place
from ..widgets.abstract_view import paper_facts

if TYPE_CHECKING:
    from .parts import MainScreenParts

_MATCH_STYLE = "bold reverse"


class ReaderScreen(Screen[None]):
    """The whole of one paper; esc goes back to the list, where it was."""

    DEFAULT_CSS = """
    ReaderScreen > VerticalScroll {
        border: round $border;
        border-title-style: bold;
        background: $surface;
        padding: 0 2;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="reader_back"),
        Binding("j,down", "scroll_down", "Down", show=False, id="reader_down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="reader_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="reader_page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="reader_page_up"),
        Binding("right_square_bracket", "next", "Next", id="reader_next"),
        Binding("left_square_bracket", "previous", "Previous", id="reader_previous"),
        Binding("s", "star", "Star", id="reader_star"),
        Binding("r", "read", "Read", id="reader_read"),
        Binding("t", "tag", "Tag", id="reader_tag"),
        Binding("T", "untag", "Untag", id="reader_untag"),
        # The same id as the main screen's q: remapping quit remaps both.
        Binding("q", "app.quit", "Quit", show=False, id="quit"),
    ]

    def __init__(self, main: MainScreenParts, position: int) -> None:
        super().__init__()
        self.main = main
        self.position = position
        self.body = Static(id="reader-body")
        self.text = Text()  # what the body shows
        self.scroller = VerticalScroll(self.body, id="reader")

    def compose(self) -> ComposeResult:
        yield self.scroller
        yield Footer()

    def on_mount(self) -> None:
        self.show_paper()
        self.scroller.focus()

    @property
    def paper(self) -> Paper | None:
        library = self.main.library
        return self.main.paper_list.papers[self.position] if library is not None else None

    def show_paper(self) -> None:
        """Draw the paper (again: after a change to its state)."""
        paper = self.paper
        library = self.main.library
        if paper is None or library is None:
            return
        spans: Spans | None = None
        index = self.main.index
        if index is not None and self.main.shown_query.strip():
            try:
                spans = index.highlight(self.main.shown_query, self.position)
            except ValueError:
                spans = None
        self.text = render_paper(
            paper, library.state(paper.key), spans, self.main.why_of(self.position)
        )
        self.body.update(self.text)
        rows = list(self.main.paper_list.positions)
        where = f"{rows.index(self.position) + 1} of {len(rows)}" if self.position in rows else ""
        self.scroller.border_title = f"Paper {where}".strip()
        self.scroller.border_subtitle = "] next · [ previous · esc back"

    # -- keys ------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.scroller.scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.scroller.scroll_up(animate=False)

    def action_page_down(self) -> None:
        self.scroller.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroller.scroll_page_up(animate=False)

    def _step(self, by: int) -> None:
        papers = self.main.paper_list
        rows = list(papers.positions)
        if not rows:
            return
        # A paper that left the list (read in Inbox) steps from where it was.
        row = rows.index(self.position) if self.position in rows else papers.cursor - (by > 0)
        row = max(0, min(len(rows) - 1, row + by))
        papers.cursor = row
        self.position = rows[row]
        self.scroller.scroll_home(animate=False)
        self.show_paper()

    def action_next(self) -> None:
        self._step(1)

    def action_previous(self) -> None:
        self._step(-1)

    def _on_this_paper(self, action: str) -> None:
        main = self.main
        main.acting_on = self.position
        try:
            getattr(main, action)()
        finally:
            main.acting_on = None

    def action_star(self) -> None:
        self._on_this_paper("action_toggle_star")

    def action_read(self) -> None:
        self._on_this_paper("action_toggle_read")

    def action_tag(self) -> None:
        self._on_this_paper("action_add_tags")

    def action_untag(self) -> None:
        self._on_this_paper("action_remove_tag")


def render_paper(
    paper: Paper,
    state: PaperState,
    spans: Spans | None,
    why: tuple[str, list[str]] | None = None,
) -> Text:
    """The reader's text: title, facts, marks, links, why (the terms a for-you or
    like: ranking weighed most: a heading and the terms), abstract and note."""
    text = Text()
    if paper.title_derived and not state.title:
        text.append("(untitled)", style="bold italic")
    else:
        # The title in force: the person's own one is what the spans were found in.
        title = Text(neutralise_in_place(state.title or paper.title), style="bold")
        for start, end in spans.title if spans else ():
            title.stylize(_MATCH_STYLE, start, end)
        text.append_text(title)
    text.append("\n")
    facts = paper_facts(paper, labelled=True)
    text.append(" · ".join(facts), style="dim")
    marks = [
        ("★ starred" if state.starred else "☆ not starred", "yellow" if state.starred else "dim"),
        ("✓ read" if state.read else "unread", "green" if state.read else "dim"),
    ]
    text.append("\n")
    for i, (mark, style) in enumerate(marks):
        text.append(("   " if i else "") + mark, style=style)
    text.append("\nTags: ", style="dim")
    text.append(neutralise(", ".join(state.tags)) if state.tags else "none", style="blue")
    if paper.url:
        text.append("\nLinks: ", style="dim")
        text.append(paper.url, style=f"link {paper.url}")
        pdf = paper.url.replace("/abs/", "/pdf/")
        text.append("  ")
        text.append(pdf, style=f"link {pdf}")
    if state.title and state.title != paper.title:
        text.append(f"\nImported title: {neutralise(paper.title)}", style="dim")
    elif paper.title_derived:
        text.append("\nNo title was given; ctrl+t in the list gives it one.", style="dim italic")
    if why is not None:
        heading, terms = why
        text.append(f"\n{heading}: ", style="dim")
        text.append(neutralise(", ".join(terms)) if terms else "no term stands out", style="cyan")
    abstract = Text(neutralise_in_place(paper.abstract, multiline=True))
    for start, end in spans.abstract if spans else ():
        abstract.stylize(_MATCH_STYLE, start, end)
    text.append("\n\nAbstract\n", style="bold underline")
    text.append_text(abstract)
    text.append("\n\nNote\n", style="bold underline")
    if state.note:
        text.append(neutralise(state.note, multiline=True))
    else:
        text.append("No note. n in the list writes one.", style="dim")
    return text
