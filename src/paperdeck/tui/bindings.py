"""Every key of the main screen in one place: id, key, description, footer order.

The ids are what ``[keys]`` in ``config.toml`` remaps (Textual's keymap), so they are
a contract: renaming one breaks someone's config. The footer shows the bindings in
the order of :data:`MAIN_BINDINGS`.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType


def _key(
    key: str, action: str, description: str, tooltip: str, *, id: str, show: bool = True
) -> Binding:
    return Binding(key, action, description, show=show, tooltip=tooltip, id=id)


# The main screen's keys, in footer order. The footer lists the focused widget's keys,
# then these: help and quit come first, so that a narrow terminal, which cuts the
# footer at the right, still shows them; then the triage keys a person uses most.
MAIN_BINDINGS: list[BindingType] = [
    _key("question_mark", "help", "Help", "Show every key and the query language", id="help"),
    _key("q", "app.quit", "Quit", "Quit (the note is saved first)", id="quit"),
    _key("slash", "focus_filter", "Filter", "Focus the filter and type a query", id="filter"),
    _key("s", "toggle_star", "Star", "Star or unstar the paper (or the marked)", id="star"),
    _key("r", "toggle_read", "Read", "Mark the paper (or the marked) read/unread", id="read"),
    _key("t", "add_tags", "Tag", "Add tags (comma-separated; to the marked too)", id="tag"),
    _key("T", "remove_tag", "Untag", "Remove a tag from the paper (or the marked)", id="untag"),
    _key("n", "edit_note", "Note", "Edit the note (esc saves and leaves)", id="note"),
    _key(
        "enter", "open_reader", "View", "Open the paper full-screen (the reader view)", id="detail"
    ),
    _key(
        "S",
        "cycle_sort",
        "Sort",
        "Next sort: relevance, date, upvotes, title, added, for-you",
        id="sort",
    ),
    _key(
        "i",
        "import_files",
        "Import",
        "Import papers from files (tab completes a path), with progress",
        id="import",
        show=False,
    ),
    _key(
        "e",
        "export",
        "Export",
        "Export: the starred, listed or marked papers to .md, .bib or .jsonl",
        id="export",
    ),
    _key(
        "F",
        "fetch_feeds",
        "Fetch",
        "Fetch every feed of the config file",
        id="fetch",
        show=False,
    ),
    _key("a", "add_paper", "Add", "Add a paper from arXiv by its id or link", id="add", show=False),
    _key("u", "undo", "Undo", "Undo the last star, read, tag, note or title change", id="undo"),
    _key("space", "toggle_mark", "Mark", "Mark the paper for a bulk action", id="mark"),
    _key(
        "V,asterisk",
        "mark_all",
        "Mark all",
        "Mark every paper listed (again: unmark them)",
        id="mark_all",
        show=False,
    ),
    _key("ctrl+r", "redo", "Redo", "Redo what undo took back", id="redo", show=False),
    _key(
        "ctrl+s",
        "save_filter",
        "Save filter",
        "Save the query under a name (it joins the Tags pane)",
        id="save_filter",
        show=False,
    ),
    _key(
        "N",
        "next_unread",
        "Next unread",
        "Jump to the next unread paper",
        id="next_unread",
        show=False,
    ),
    _key(
        "J",
        "scroll_abstract_down",
        "Abstract down",
        "Scroll the Abstract pane down",
        id="scroll_abstract_down",
        show=False,
    ),
    _key(
        "K",
        "scroll_abstract_up",
        "Abstract up",
        "Scroll the Abstract pane up",
        id="scroll_abstract_up",
        show=False,
    ),
    _key(
        "ctrl+t",
        "edit_title",
        "Title",
        "Give the paper a title of your own (empty: the imported one)",
        id="title",
        show=False,
    ),
    _key(
        "o",
        "open_page",
        "Open",
        "Open the paper's arXiv page in the browser",
        id="open",
        show=False,
    ),
    _key(
        "m",
        "more_like_this",
        "More like this",
        "Papers like the highlighted one (the filter becomes like:ID; type to narrow)",
        id="more_like_this",
        show=False,
    ),
    _key("y", "copy_link", "Copy link", "Copy the paper's arXiv link", id="copy_link", show=False),
    _key(
        "escape",
        "go_back",
        "Back",
        "Clear the filter, then the marks, then show All",
        id="back",
        show=False,
    ),
]

# Keys handled by Textual itself, listed in the help so nothing is hidden.
EXTRA_KEYS: list[BindingType] = [
    Binding("tab", "", "Next pane", tooltip="Move to the next pane (shift+tab: back)"),
    Binding("enter", "", "Filter to list", tooltip="In the filter: go to the list"),
    Binding("ctrl+p", "", "Commands", tooltip="Command palette: every action, themes"),
]


def binding_ids(bindings: list[BindingType]) -> list[str]:
    """The ids of ``bindings``, in order."""
    return [b.id for b in bindings if isinstance(b, Binding) and b.id is not None]
