"""How a command joins the command line: its module calls ``command`` with its name,
help line, handler and a function adding its arguments; ``build_parser`` makes one
subcommand of each, in the order they registered."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

from .. import __version__
from .output import EPILOG

Handler = Callable[[argparse.Namespace], int]
Arguments = Callable[[argparse.ArgumentParser], None]


@dataclass(frozen=True, slots=True)
class Command:
    """One subcommand: ``paperdeck NAME ...``."""

    name: str
    help: str
    handler: Handler
    arguments: Arguments


COMMANDS: dict[str, Command] = {}


def command(name: str, help_text: str, handler: Handler, arguments: Arguments) -> None:
    """Register ``paperdeck NAME``; a second command of the same name is a mistake."""
    if name in COMMANDS:
        raise ValueError(f"two commands named {name!r}")
    COMMANDS[name] = Command(name, help_text, handler, arguments)


def build_parser(start: Handler) -> argparse.ArgumentParser:
    """The whole command line: ``start`` runs when no command is given."""
    parser = argparse.ArgumentParser(
        prog="paperdeck",
        description="A keyboard-driven terminal reading list for research papers. "
        "With no command, it opens the reading list.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"paperdeck {__version__}")
    parser.set_defaults(handler=start)
    subcommands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for entry in COMMANDS.values():
        sub = subcommands.add_parser(
            entry.name,
            help=entry.help,
            description=entry.help,
            epilog=EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(handler=entry.handler)
        entry.arguments(sub)
    return parser


def year_value(text: str) -> int:
    """A ``--year`` value: a four-digit year."""
    if not (text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"'{text}' is not a four-digit year")
    return int(text)


def positive_int(text: str) -> int:
    """A ``--limit`` or ``--steps`` value."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive whole number")
    return int(text)
