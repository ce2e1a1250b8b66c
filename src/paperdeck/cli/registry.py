"""How a command joins the command line: its module calls ``command`` with its name,
help line, handler and a function adding its arguments; ``build_parser`` makes one
subcommand of each. argparse is imported only to build the parser: a command's
module registers itself without it (``paperdeck list`` reads its own arguments,
``cli/lean_list.py``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .. import __version__
from .output import EPILOG

if TYPE_CHECKING:
    import argparse

Handler = Callable[["argparse.Namespace"], int]
Arguments = Callable[["argparse.ArgumentParser"], None]


class Command:
    """One subcommand: ``paperdeck NAME ...``. (A plain class: every command start-up
    makes this one, and a dataclass costs a millisecond to create.)"""

    __slots__ = ("arguments", "handler", "help", "name")

    def __init__(self, name: str, help_text: str, handler: Handler, arguments: Arguments) -> None:
        self.name = name
        self.help = help_text
        self.handler = handler
        self.arguments = arguments


COMMANDS: dict[str, Command] = {}


def command(name: str, help_text: str, handler: Handler, arguments: Arguments) -> None:
    """Register ``paperdeck NAME``; a second command of the same name is a mistake."""
    if name in COMMANDS:
        raise ValueError(f"two commands named {name!r}")
    COMMANDS[name] = Command(name, help_text, handler, arguments)


def build_parser(start: Handler, order: Sequence[str]) -> argparse.ArgumentParser:
    """The command line of the registered commands, in ``order``; ``start`` runs when
    no command is given."""
    import argparse

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
    for entry in (COMMANDS[name] for name in order if name in COMMANDS):
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
    import argparse

    if not (text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"'{text}' is not a four-digit year")
    return int(text)


def positive_int(text: str) -> int:
    """A ``--limit`` or ``--steps`` value."""
    import argparse

    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive whole number")
    return int(text)
