"""``paperdeck tag ID TAG... [--remove]``."""

from __future__ import annotations

import argparse

from ...textsafety import neutralise
from ..output import EXIT_OK, console, say_cut
from ..registry import command
from ..session import open_library, resolve_all


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="the paper's key, arXiv id or unique key prefix")
    parser.add_argument(
        "tags", nargs="+", metavar="TAG", help="a tag (case is ignored; commas separate tags)"
    )
    parser.add_argument(
        "--remove", action="store_true", help="remove the tags instead of adding them"
    )


def run(args: argparse.Namespace) -> int:
    library = open_library(writable=True)
    try:
        (paper,) = resolve_all(library, [args.id])
        if args.remove:
            library.remove_tags([paper.key], args.tags)
        else:
            library.add_tags([paper.key], args.tags)
        tags = library.state(paper.key).tags
        title = library.title_of(paper.key)
    finally:
        library.close()
    say_cut(f"{paper.key}  {title}")
    console().print(neutralise("  tags: " + (", ".join(tags) if tags else "(none)")))
    return EXIT_OK


command("tag", "add tags to a paper (or remove them with --remove)", run, arguments)
