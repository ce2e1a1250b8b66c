"""The app's panes, one widget a module."""

from .abstract_view import AbstractView
from .filter_bar import FilterBar
from .notes_pane import NotesPane
from .paper_list import PaperList
from .tags_pane import TagsPane, View
from .welcome import Welcome

__all__ = ["AbstractView", "FilterBar", "NotesPane", "PaperList", "TagsPane", "View", "Welcome"]
