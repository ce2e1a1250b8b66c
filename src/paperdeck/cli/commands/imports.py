"""``paperdeck imports``: when each import ran, which files, what it added."""

from __future__ import annotations

import argparse

from ..output import EXIT_OK, local_time, say, write_json, write_table
from ..registry import command
from ..session import open_library


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the import records as JSON")


def run(args: argparse.Namespace) -> int:
    library = open_library(writable=False)
    if args.json:
        write_json(library.imports)
        return EXIT_OK
    if not library.imports:
        say("No imports yet: add papers with `paperdeck import FILE...`.", stderr=True)
        return EXIT_OK
    write_table(
        (
            local_time(str(record["time"])),
            f"{record.get('added', 0)} added, {record.get('updated', 0)} updated, "
            f"{record.get('unchanged', 0)} unchanged",
            ", ".join(record.get("files", [])),
        )
        for record in library.imports
    )
    say(
        "is:new shows the papers the latest import added; is:updated those it changed.",
        "dim",
        stderr=True,
    )
    return EXIT_OK


command("imports", "list the imports: when, which files, what they added", run, arguments)
