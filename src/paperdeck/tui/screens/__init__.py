"""Screens over the main one: help, export and the small dialogs."""

from .export_dialog import ExportScreen
from .help import HelpScreen
from .prompt import ChoiceScreen, PromptScreen

__all__ = ["ChoiceScreen", "ExportScreen", "HelpScreen", "PromptScreen"]
