"""Every ``paperdeck`` command, one module each (a small family, such as star, unstar,
read and unread, shares one). Each module registers its commands with
``registry.command`` when it is imported.

A new command is a new module here and one line in COMMAND_MODULES: the module and
the commands it registers. Their order is the order of ``paperdeck --help``.
"""

from __future__ import annotations

from importlib import import_module

COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "importing": ("import",),
    "adding": ("add",),
    "enriching": ("enrich",),
    "fetching": ("fetch", "feeds"),
    "listing": ("list",),
    "triage": ("star", "unstar", "read", "unread"),
    "tag": ("tag",),
    "note": ("note",),
    "edit": ("edit",),
    "similar": ("similar",),
    "export": ("export",),
    "journal": ("undo", "redo", "history"),
    "filters": ("filters",),
    "imports": ("imports",),
    "stats": ("stats",),
    "config": ("config",),
}

# Every command, in --help order.
COMMAND_NAMES = tuple(name for names in COMMAND_MODULES.values() for name in names)


def load_commands(wanted: str | None = None) -> None:
    """Import the module of the command ``wanted``, or every module when ``wanted`` is
    no command (``--help``, a mistyped name). Each registers itself, once.

    Importing only the module a command needs keeps ten of them out of every start-up
    (about 5 ms of ``paperdeck list | ...``)."""
    modules = [module for module, names in COMMAND_MODULES.items() if wanted in names]
    for module in modules or COMMAND_MODULES:
        import_module(f"{__name__}.{module}")
