"""The Papers pane: a virtual list that renders only the rows on screen.

A search result is an array of positions into the library's papers; this widget keeps
that array and draws each visible row from it on demand (Textual's line API). No
widget exists per row, so showing or replacing 100,000 results costs the same as 10.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color, ColorParseError
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...models import Paper, PaperState
from ...search import Spans
from ...textsafety import neutralise, neutralise_in_place

# Columns right of the title; dropped from the right as the pane narrows.
_DATE_WIDTH = 7  # 2025-06
_UPVOTES_WIDTH = 4  # ▲123
_MARKS_WIDTH = 4  # "★ ✓ "
_BULK_WIDTH = 2  # "● ", shown only while some papers are marked
# Below these widths a column gives its room to the title.
_WIDTH_FOR_TAGS = 60
_WIDTH_FOR_UPVOTES = 40

StateOf = Callable[[str], PaperState]
# The query's matches in a paper (by position), or None: how rows are highlighted.
SpansOf = Callable[[int], "Spans | None"]


class PaperList(ScrollView, can_focus=True):
    """The result list: marks, title, date, upvotes and tags of each paper.

    ``papers`` is the library's list; :meth:`show` sets which positions of it are
    listed, in order. The cursor row is the highlighted paper; moving it posts
    :class:`PaperList.Highlighted`. ``marked`` holds the positions marked for a
    bulk action; the list owns them, and posts :class:`PaperList.MarksChanged` when
    they change.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False),
        Binding("k,up", "cursor_up", "Up", show=False),
        Binding("g,home", "first", "Top", show=False),
        Binding("G,end", "last", "Bottom", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paper-list--cursor",
        "paper-list--star",
        "paper-list--read",
        "paper-list--unread",
        "paper-list--date",
        "paper-list--upvotes",
        "paper-list--tags",
        "paper-list--empty",
        "paper-list--marked",
        "paper-list--untitled",
        "paper-list--match",
    }

    DEFAULT_CSS = """
    PaperList {
        scrollbar-gutter: stable;
        overflow-x: hidden;
        & > .paper-list--cursor { background: $block-cursor-blurred-background; }
        &:focus > .paper-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .paper-list--star { color: $warning; }
        & > .paper-list--read { color: $success; }
        & > .paper-list--unread { text-style: bold; }
        & > .paper-list--date { color: $text-muted; }
        & > .paper-list--upvotes { color: $accent; }
        & > .paper-list--tags { color: $primary; }
        & > .paper-list--empty { color: $text-muted; }
        & > .paper-list--marked { color: $accent; background: $accent 20%; }
        & > .paper-list--untitled { color: $text-muted; text-style: italic; }
        & > .paper-list--match { color: $text-warning; text-style: bold underline; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Highlighted(Message):
        """The highlighted paper changed; ``position`` is None when the list is empty."""

        def __init__(self, position: int | None) -> None:
            super().__init__()
            self.position = position

    class MarksChanged(Message):
        """Papers were marked or unmarked."""

    class Opened(Message):
        """A double click on the paper at ``position``: open it."""

        def __init__(self, position: int) -> None:
            super().__init__()
            self.position = position

    class ToggleClicked(Message):
        """A click on the ★ (``what="star"``) or ✓ (``"read"``) column of a row."""

        def __init__(self, position: int, what: str) -> None:
            super().__init__()
            self.position = position
            self.what = what

    def __init__(
        self,
        papers: Sequence[Paper],
        state_of: StateOf,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.papers = papers
        self.state_of = state_of
        self.positions: Sequence[int] = ()
        self.marked: set[int] = set()
        self.empty_text = "No papers."
        self._last_posted: int | None = -1
        self._styles: dict[str, Style] = {}
        self.spans_of: SpansOf = lambda _position: None
        # Matches of the query shown, by position, for the rows drawn so far.
        self._spans: dict[int, Spans | None] = {}

    # -- content -------------------------------------------------------------------

    def show(self, positions: Sequence[int], *, keep: int | None = None, top: bool = False) -> None:
        """List ``positions``; the cursor goes to the top row when ``top``, else stays
        on paper ``keep`` when it is listed, else on the same row number (clamped), so
        a paper that leaves the list hands the cursor to the next one. Marks of papers
        no longer listed are dropped: an action must not reach papers out of sight."""
        row = 0 if top else self.cursor
        self.positions = positions
        self._spans.clear()
        if self.marked:
            kept = self.marked.intersection(positions)
            if kept != self.marked:
                self.marked = kept
                self.post_message(self.MarksChanged())
        if keep is not None:
            found = _find(positions, keep)
            if found is not None:
                row = found
        self.virtual_size = Size(self.size.width, len(positions))
        # The scrollbar learns the new length in the same frame as the rows; else only
        # at the layout this paint does, and it is drawn a frame after them.
        self.vertical_scrollbar.window_virtual_size = len(positions)
        self.cursor = self._clamp(row)
        self.refresh()

    def set_papers(self, papers: Sequence[Paper]) -> None:
        """Point at a new papers list (after an import); call :meth:`show` next."""
        self.papers = papers
        self.positions = ()

    @property
    def highlighted(self) -> int | None:
        """The position (into ``papers``) under the cursor, or None."""
        if not self.positions:
            return None
        return self.positions[self.cursor]

    # -- marks ---------------------------------------------------------------------

    def toggle_mark(self) -> bool:
        """Mark or unmark the highlighted paper and move down; False when none is."""
        position = self.highlighted
        if position is None:
            return False
        self.marked ^= {position}
        self._marks_changed()
        self.action_cursor_down()
        return True

    def mark_all(self) -> bool:
        """Mark every listed paper, or unmark them all when all are marked; False
        when none is listed."""
        listed = set(self.positions)
        if not listed:
            return False
        if listed <= self.marked:
            self.marked -= listed
        else:
            self.marked |= listed
        self._marks_changed()
        return True

    def clear_marks(self) -> None:
        """Unmark every paper."""
        self.marked = set()
        self._marks_changed()

    def _marks_changed(self) -> None:
        self.refresh()
        self.post_message(self.MarksChanged())

    # -- cursor --------------------------------------------------------------------

    def _clamp(self, row: int) -> int:
        return max(0, min(row, len(self.positions) - 1))

    def watch_cursor(self, row: int) -> None:
        if self.positions:
            self.scroll_to_region(Region(0, row, 1, 1), animate=False, force=True)
        self.refresh()
        position = self.highlighted
        if position != self._last_posted:
            self._last_posted = position
            self.post_message(self.Highlighted(position))

    def action_cursor_down(self) -> None:
        self.cursor = self._clamp(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.cursor = self._clamp(self.cursor - 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self._clamp(len(self.positions) - 1)

    def action_page_down(self) -> None:
        self.cursor = self._clamp(self.cursor + max(1, self.scrollable_content_region.height))

    def action_page_up(self) -> None:
        self.cursor = self._clamp(self.cursor - max(1, self.scrollable_content_region.height))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = offset.y + self.scroll_offset.y
        if not 0 <= row < len(self.positions):
            return
        self.cursor = row
        position = self.positions[row]
        column = offset.x - (_BULK_WIDTH if self.marked else 0)
        if event.chain == 2:
            self.post_message(self.Opened(position))
        elif column in (0, 1):
            self.post_message(self.ToggleClicked(position, "star"))
        elif column in (2, 3):
            self.post_message(self.ToggleClicked(position, "read"))

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.positions))

    # -- rendering -----------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = y + self.scroll_offset.y
        if not self.positions:
            if y == 0:
                style = self.get_component_rich_style("paper-list--empty")
                return Strip([Segment(self.empty_text, style)]).adjust_cell_length(width)
            return Strip.blank(width, self._base_style())
        if row >= len(self.positions):
            return Strip.blank(width, self._base_style())
        position = self.positions[row]
        paper = self.papers[position]
        if position in self._spans:
            spans = self._spans[position]
        else:
            spans = self._spans[position] = self.spans_of(position)
        state = self.state_of(paper.key)
        if not self.marked:
            segments = self._row(paper, state, width, spans)
        else:
            marked = position in self.marked
            # The dot in the marked colour, on the row's own background.
            dot = Style(color=self._style("paper-list--marked").color)
            bulk = Segment("● " if marked else "  ", self._base_style() + dot)
            segments = [bulk, *self._row(paper, state, width - _BULK_WIDTH, spans)]
        if row == self.cursor:
            segments = _over(segments, self._cursor_style())
        elif self.marked and position in self.marked:
            segments = _over(segments, Style(bgcolor=self._style("paper-list--marked").bgcolor))
        return Strip(segments, width)

    def _style(self, name: str) -> Style:
        """A component class's style, looked up once per theme: a row needs six, and
        Textual's own lookup walks the CSS each time."""
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name)
        return style

    def _base_style(self) -> Style:
        """``rich_style``, once per theme: Textual reads every ancestor's styles for it."""
        style = self._styles.get("")
        if style is None:
            style = self._styles[""] = self.rich_style
        return style

    def _cursor_style(self) -> Style:
        """The cursor row's style. Themes whose blurred cursor has no background of
        its own (the ANSI ones) get the focused cursor's background: the person must
        see which paper a key acts on wherever the focus is."""
        style = self._style("paper-list--cursor")
        background = style.bgcolor
        if background is None or background.is_default or background == self._base_style().bgcolor:
            focused = self.app.theme_variables.get("block-cursor-background", "")
            try:
                colour = Color.parse(focused).rich_color
            except ColorParseError:
                return style + Style(reverse=True)
            style = style + Style(bgcolor=colour)
        return style

    def notify_style_update(self) -> None:
        self._styles.clear()
        super().notify_style_update()

    def _row(
        self, paper: Paper, state: PaperState, width: int, spans: Spans | None
    ) -> list[Segment]:
        """One row's segments, exactly ``width`` cells wide: marks, the title followed
        by its tags, then date and upvotes in fixed columns at the right edge."""
        base = self._base_style()
        style = self._style
        right = [Segment(" " + paper.sort_date[:7].ljust(_DATE_WIDTH), style("paper-list--date"))]
        if width >= _WIDTH_FOR_UPVOTES:
            votes = f"▲{paper.upvotes}" if paper.upvotes is not None else ""
            right.append(Segment(" " + votes.rjust(_UPVOTES_WIDTH), style("paper-list--upvotes")))
        room = width - _MARKS_WIDTH - sum(segment.cell_length for segment in right)
        tags = neutralise(" ".join(state.tags))
        if tags and width >= _WIDTH_FOR_TAGS:
            # Tags take at most a third of the room; the title keeps the rest.
            tags = _fit(tags, max(0, min(cell_len(tags), room // 3)))
            room -= cell_len(tags) + 1
        else:
            tags = ""
        # The person's own title wins; a title derived from the abstract looks it.
        # Same length when neutralised: the match spans count the stored characters.
        text = neutralise_in_place(state.title or paper.title)
        title = _fit(text, max(0, room))
        title_style = base if state.read else base + style("paper-list--unread")
        if paper.title_derived and not state.title:
            title_style += style("paper-list--untitled")
        segments = [
            Segment("★ " if state.starred else "  ", style("paper-list--star")),
            Segment("✓ " if state.read else "  ", style("paper-list--read")),
        ]
        if spans and spans.title:
            match = title_style + style("paper-list--match")
            segments.extend(_marked_up(title, spans.title, title_style, match, text))
        else:
            segments.append(Segment(title, title_style))
        if tags:
            segments.append(Segment(" " + tags, style("paper-list--tags")))
        return segments + right

    def refresh_rows(self) -> None:
        """Redraw after a state change (marks, tags) without touching the cursor."""
        self.refresh()


def _over(segments: list[Segment], style: Style) -> list[Segment]:
    """``segments`` with ``style`` laid over each one's own style. Over, not under
    (as Strip.apply_style does): every segment carries the pane's background, which
    would otherwise hide the cursor's."""
    return [Segment(text, (own or Style()) + style) for text, own, _ in segments]


def _marked_up(
    shown: str, spans: Sequence[tuple[int, int]], plain: Style, match: Style, full: str
) -> list[Segment]:
    """``shown`` (the title ``full`` fitted to its column) cut into plain and matching
    segments. Offsets count characters of ``full``; a cut title's ellipsis and a
    short title's padding are never a match."""
    kept = len(shown) - 1 if cell_len(full) > cell_len(shown) else len(full)
    segments: list[Segment] = []
    at = 0
    for start, end in spans:
        start, end = max(start, at), min(end, kept)
        if start >= end:
            continue
        if start > at:
            segments.append(Segment(shown[at:start], plain))
        segments.append(Segment(shown[start:end], match))
        at = end
    segments.append(Segment(shown[at:], plain))
    return segments


def _fit(text: str, width: int) -> str:
    """``text`` in exactly ``width`` cells: padded, or cut with an ellipsis."""
    if cell_len(text) > width:
        return set_cell_size(text, max(0, width - 1)) + "…" if width else ""
    return set_cell_size(text, width)


def _find(positions: Sequence[int], position: int) -> int | None:
    """The row of ``position``, or None. A linear scan: at 100k rows it takes about
    a millisecond, and it runs once per search result, not per frame."""
    try:
        return positions.index(position)
    except ValueError:
        return None
