"""The Tags pane: the views of the library (All, Inbox, Starred, …), the saved
filters and every tag."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...textsafety import neutralise


@dataclass(frozen=True, slots=True)
class View:
    """One entry of the pane: a name, the query term it adds, and its count (None
    for a saved filter: counting every saved query after each edit would cost a
    search each at 100,000 papers; None too for New while it is being counted)."""

    id: str
    name: str
    term: str
    count: int | None

    @property
    def saved_filter(self) -> bool:
        return self.id.startswith(SAVED_PREFIX)


SAVED_PREFIX = "saved:"


def library_views(
    stats: Mapping[str, int],
    tag_counts: Mapping[str, int],
    new: int | None,
    *,
    updated: int = 0,
    saved: Mapping[str, str] | None = None,
    counting: bool = False,
) -> list[View]:
    """The pane's entries in order: fixed views, New and Updated after an import,
    the saved filters, then tags. While the import's papers are ``counting``, New
    is shown without a count (Updated, rarer, once counted)."""
    views = [
        View("all", "All", "", stats["papers"]),
        View("inbox", "Inbox", "is:unread", stats["papers"] - stats["read"]),
        View("starred", "Starred", "is:starred", stats["starred"]),
        View("read", "Read", "is:read", stats["read"]),
    ]
    if new or counting:
        views.append(View("new", "New", "is:new", new or None))
    if updated:
        views.append(View("updated", "Updated", "is:updated", updated))
    views.extend(
        View(f"{SAVED_PREFIX}{name}", name, query, None) for name, query in (saved or {}).items()
    )
    views.extend(View(f"tag:{tag}", tag, f"tag:{tag}", n) for tag, n in tag_counts.items())
    return views


class TagsPane(OptionList):
    """Moving onto an entry selects it: the paper list shows that view at once."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("d,delete", "delete_filter", "Delete filter", tooltip="Delete a saved filter"),
    ]

    class DeleteRequested(Message):
        """The person asked to delete the saved filter ``view``."""

        def __init__(self, view: View) -> None:
            super().__init__()
            self.view = view

    class ViewSelected(Message):
        """The person moved to another view."""

        def __init__(self, view: View) -> None:
            super().__init__()
            self.view = view

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.views: list[View] = []
        self.selected_id = "all"

    def set_views(self, views: list[View]) -> None:
        """Replace the entries, keeping the selected view (All when it is gone).

        Called after every edit, so it does nothing when no count changed (a star
        on an already counted paper's twin, a note) and builds plain-text labels."""
        if views == self.views:
            return
        self.views = views
        self._rebuild()

    def _rebuild(self) -> None:
        ids = [view.id for view in self.views]
        if self.selected_id not in ids:
            self.selected_id = "all"
        width = max(8, self.scrollable_content_region.width or self.size.width - 2)
        with self.prevent(OptionList.OptionHighlighted):
            self.clear_options()
            self.add_options(Option(_label(view, width), id=view.id) for view in self.views)
            if ids:
                self.highlighted = ids.index(self.selected_id)

    def on_resize(self) -> None:
        self._rebuild()

    @property
    def selected(self) -> View:
        """The view the paper list shows."""
        for view in self.views:
            if view.id == self.selected_id:
                return view
        return View("all", "All", "", 0)

    def select(self, view_id: str) -> None:
        """Show the view ``view_id`` (as if the person moved onto it)."""
        ids = [view.id for view in self.views]
        if view_id in ids:
            self.highlighted = ids.index(view_id)

    def action_delete_filter(self) -> None:
        view = self.selected
        if view.saved_filter:
            self.post_message(self.DeleteRequested(view))
        else:
            self.notify("Only saved filters can be deleted here.", severity="warning")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        view_id = event.option.id or "all"
        if view_id != self.selected_id:
            self.selected_id = view_id
            self.post_message(self.ViewSelected(self.selected))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # Enter on an entry: the view is already shown; go and look at it.
        event.stop()
        self.screen.focus_next()


def short_count(count: int) -> str:
    """``count`` in at most four characters, rounded down (never more than there
    are): 999, then 1k ... 999k, 1.2M ... 9.9M, 12M."""
    if count < 1_000:
        return str(count)
    if count < 1_000_000:
        return f"{count // 1_000}k"
    if count < 10_000_000:
        return f"{count // 100_000 / 10:.1f}M"
    return f"{count // 1_000_000}M"


def _label(view: View, width: int) -> Text:
    """``name ... count`` in ``width`` cells, the name cut with an ellipsis if long;
    a saved filter has ``⌕`` for a count, a view still being counted ``…``. A count
    that would cut the name is shown short (``100k``): at 80 columns the pane has 12
    cells, and ``Inbox 100,000`` needs 13."""
    shown = neutralise(view.name)
    counted = f"{view.count:,}" if view.count is not None else None
    if view.count is not None and cell_len(shown) > width - len(f"{view.count:,}") - 1:
        counted = short_count(view.count)
    count = counted or ("⌕" if view.saved_filter else "…")
    room = max(1, width - len(count) - 1)
    name = shown if cell_len(shown) <= room else set_cell_size(shown, room - 1) + "…"
    label = Text(set_cell_size(name, room) + " ")
    label.append(count, style="dim")
    return label
