"""``paperdeck note ID TEXT``: '-' reads the note from stdin, '' clears it."""

from __future__ import annotations

import argparse
import sys

from ...textsafety import check_note
from ..output import EXIT_OK, UserError, say_cut
from ..registry import command
from ..session import open_library, resolve_all


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="the paper's key, arXiv id or unique key prefix")
    parser.add_argument(
        "text", metavar="TEXT", help="the note ('-' reads it from stdin, '' clears it)"
    )


def read_stdin_note() -> str:
    """The note piped in: UTF-8 text of at most 1 MB, else a UserError saying why."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream with no bytes beneath (an embedding program's)
        text: str = sys.stdin.read()
        check_note(text)
        return text
    data = buffer.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UserError(
            f"the note on stdin is not UTF-8 text (byte 0x{data[error.start]:02X} "
            f"at offset {error.start}); nothing was changed"
        ) from None
    check_note(text)
    return text


def run(args: argparse.Namespace) -> int:
    text = read_stdin_note() if args.text == "-" else args.text
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
