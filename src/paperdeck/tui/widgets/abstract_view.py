"""The Abstract pane: the highlighted paper's details with the query's matches marked."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...export.author_list import SHOWN_NAMES, author_list
from ...models import Paper, PaperState
from ...search import Spans
from ...textsafety import neutralise, neutralise_in_place

_MATCH_STYLE = "bold reverse"
# The reader has the room for more names than the pane.
READER_NAMES = 10


class AbstractView(VerticalScroll, can_focus=True):
    """Title, id, date, authors or organisation, categories, upvotes, tags and the
    abstract."""

    DEFAULT_CSS = """
    AbstractView > #abstract-body { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        # Kept, not queried: the app may redraw the pane from a timer while the
        # screen is being taken down on exit, when a query would find nothing.
        self.body = Static(id="abstract-body")
        yield self.body

    def show(self, paper: Paper | None, state: PaperState | None, spans: Spans | None) -> None:
        """Show one paper (None clears the pane)."""
        body = self.body
        if paper is None:
            body.update(Text("No paper highlighted.", style="dim"))
            return
        body.update(render_details(paper, state or PaperState(paper.key), spans))
        self.scroll_home(animate=False)


def render_details(paper: Paper, state: PaperState, spans: Spans | None) -> Text:
    """The pane's text for one paper."""
    # The title in force (the person's own one is what the spans were found in), and
    # text neutralised in place so the spans still point at the same characters.
    title = Text(neutralise_in_place(state.title or paper.title), style="bold")
    abstract = Text(neutralise_in_place(paper.abstract, multiline=True))
    if spans is not None:
        for start, end in spans.title:
            title.stylize(_MATCH_STYLE, start, end)
        for start, end in spans.abstract:
            abstract.stylize(_MATCH_STYLE, start, end)
    facts = paper_facts(paper)
    marks = []
    if state.starred:
        marks.append(("★ starred", "yellow"))
    if state.read:
        marks.append(("✓ read", "green"))
    marks.extend((f"#{neutralise(tag)}", "blue") for tag in state.tags)
    text = Text()
    text.append_text(title)
    text.append("\n")
    text.append(" · ".join(facts), style="dim")
    if marks:
        text.append("\n")
        for i, (mark, style) in enumerate(marks):
            if i:
                text.append("  ")
            text.append(mark, style=style)
    if paper.title_derived and not state.title:
        text.append("\n(title taken from the abstract)", style="dim italic")
    text.append("\n\n")
    text.append_text(abstract)
    return text


def paper_facts(paper: Paper, *, labelled: bool = False) -> list[str]:
    """A paper's id, date, authors (names where known) or organisation, categories and
    upvotes, as shown under its title; ``labelled`` spells them out (``id …``,
    ``… upvotes``) and names more authors, as the reader does."""
    ident = paper.arxiv_id or paper.key
    facts = [f"id {ident}" if labelled else ident, paper.sort_date or "no date"]
    names = author_list(paper, most=READER_NAMES if labelled else SHOWN_NAMES, escape=neutralise)
    count = f"{paper.authors} author{'' if paper.authors == 1 else 's'}" if paper.authors else ""
    if names and names.endswith(" et al.") and count:
        # How many "et al." stands for.
        facts.append(f"{names} ({count})")
    elif names or count:
        facts.append(names or count)
    if paper.org:
        facts.append(neutralise(paper.org))
    if paper.categories:
        facts.append(neutralise(" ".join(paper.categories)))
    if paper.upvotes is not None:
        facts.append(f"▲ {paper.upvotes} upvotes" if labelled else f"▲ {paper.upvotes}")
    return facts
