"""``paperdeck edit ID --title TEXT``: give a paper a title of one's own (``''`` takes
it away). The title lives with the paper's state, so no import undoes it; ``undo``
does."""

from __future__ import annotations

import argparse

from ..output import EXIT_OK, UserError, say, say_cut
from ..registry import command
from ..session import open_library, resolve_all


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="the paper's key, arXiv id or unique key prefix")
    parser.add_argument(
        "--title",
        metavar="TEXT",
        help="the title to show and export instead of the imported one ('' removes it)",
    )


def run(args: argparse.Namespace) -> int:
    if args.title is None:
        raise UserError("nothing to edit: give --title TEXT ('' removes a title)")
    library = open_library(writable=True)
    try:
        (paper,) = resolve_all(library, [args.id])
        changed = library.set_title(paper.key, args.title)
        title = library.state(paper.key).title
    finally:
        library.close()
    if not changed:
        say(f"No change: {paper.key} already has that title.")
    elif title:
        say_cut(f"Titled {paper.key}  {title}")
    else:
        say_cut(f"Removed the title of {paper.key}; it shows  {paper.title}")
    return EXIT_OK


command("edit", "change a paper's title (the one shown and exported)", run, arguments)
