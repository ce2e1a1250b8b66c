"""Every ``paperdeck`` command, one module each (a small family, such as star, unstar,
read and unread, shares one). Each module registers its commands with
``registry.command`` when it is imported; a new command is a new module here and
one line in COMMAND_MODULES, whose order is the order of ``paperdeck --help``."""

from __future__ import annotations

from importlib import import_module

COMMAND_MODULES = (
    "importing",
    "listing",
    "triage",
    "tag",
    "note",
    "edit",
    "export",
    "journal",
    "filters",
    "imports",
    "stats",
    "config",
)


def load_commands() -> None:
    """Import every command module, so each registers itself (once)."""
    for name in COMMAND_MODULES:
        import_module(f"{__name__}.{name}")
