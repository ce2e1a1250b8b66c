"""``paperdeck star|unstar|read|unread ID...``: one family, one handler."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from ...library import Library
from ...models import PaperState
from ..output import EXIT_OK, plural, say, say_cut
from ..registry import Handler, command
from ..session import open_library, resolve_all

Change = Callable[[Library, list[str]], list[PaperState]]


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "ids", nargs="+", metavar="ID", help="a paper's key, arXiv id or unique key prefix"
    )


def triage(change: Change, verb: str) -> Handler:
    """The handler that applies ``change`` to the papers named and says so."""

    def run(args: argparse.Namespace) -> int:
        library = open_library(writable=True)
        try:
            papers = resolve_all(library, args.ids)
            changed = change(library, [p.key for p in papers])
            titles = [library.title_of(p.key) or p.title for p in papers]
        finally:
            library.close()
        already = len({p.key for p in papers}) - len(changed)
        message = f"{verb} {plural(len(changed), 'paper')}"
        if already:
            message += f" ({already} already {verb.lower()})"
        say(message + ".")
        for paper, title in zip(papers, titles, strict=True):
            say_cut(f"  {paper.key}  {title}")
        return EXIT_OK

    return run


# name, help, the verb of its message, what it does
FAMILY: tuple[tuple[str, str, str, Change], ...] = (
    ("star", "star papers, given by id", "Starred", lambda lib, keys: lib.set_starred(keys, True)),
    (
        "unstar",
        "unstar papers, given by id",
        "Unstarred",
        lambda lib, keys: lib.set_starred(keys, False),
    ),
    (
        "read",
        "mark papers read, given by id",
        "Marked read",
        lambda lib, keys: lib.set_read(keys, True),
    ),
    (
        "unread",
        "mark papers unread, given by id",
        "Marked unread",
        lambda lib, keys: lib.set_read(keys, False),
    ),
)

for name, help_text, verb, change in FAMILY:
    command(name, help_text, triage(change, verb), arguments)
