"""Screens over the main one: help and the small dialogs."""

from .help import HelpScreen
from .prompt import ChoiceScreen, PromptScreen

__all__ = ["ChoiceScreen", "HelpScreen", "PromptScreen"]
