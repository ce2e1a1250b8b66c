"""``paperdeck stats``: how many papers, stars, reads and tags."""

from __future__ import annotations

import argparse

from ...textsafety import neutralise
from ..output import EXIT_OK, console, write_json
from ..registry import command
from ..session import open_library


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")


def run(args: argparse.Namespace) -> int:
    library = open_library(writable=False)
    stats = library.counts()
    if args.json:
        # One line: the counts are small, and scripts read them with one `read`.
        write_json(stats, indent=False)
        return EXIT_OK
    out = console()
    out.print(f"Library: {library.home}")
    out.print(f"{stats['papers']} papers · {stats['starred']} starred · {stats['read']} read")
    if stats["tags"]:
        out.print(
            neutralise("Tags: " + ", ".join(f"{tag} ({n})" for tag, n in stats["tags"].items()))
        )
    return EXIT_OK


command("stats", "count the papers, stars, reads and tags", run, arguments)
