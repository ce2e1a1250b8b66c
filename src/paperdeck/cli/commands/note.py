"""``paperdeck note ID TEXT``: '-' reads the note from stdin, '' clears it."""

from __future__ import annotations

import argparse
import sys

from ..output import EXIT_OK, say_cut
from ..registry import command
from ..session import open_library, resolve_all


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="the paper's key, arXiv id or unique key prefix")
    parser.add_argument(
        "text", metavar="TEXT", help="the note ('-' reads it from stdin, '' clears it)"
    )


def run(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    library = open_library(writable=True)
    try:
        (paper,) = resolve_all(library, [args.id])
        library.set_note(paper.key, text)
        note = library.state(paper.key).note
        title = library.title_of(paper.key)
    finally:
        library.close()
    verb = "Saved the note on" if note else "Cleared the note on"
    say_cut(f"{verb} {paper.key}  {title}")
    return EXIT_OK


command("note", "set a paper's note ('-' reads it from stdin; '' clears it)", run, arguments)
