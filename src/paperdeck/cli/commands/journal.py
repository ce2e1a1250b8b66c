"""``paperdeck undo``, ``redo`` and ``history``: walking the triage journal."""

from __future__ import annotations

import argparse

from ..output import EXIT_OK, local_time, say, write_json, write_table
from ..registry import Handler, command, positive_int
from ..session import open_library


def walk(redo: bool) -> Handler:
    """``undo`` or ``redo``: take back or do again the latest steps, saying what each
    one was."""
    verb, word = ("Redid", "redo") if redo else ("Undid", "undo")

    def run(args: argparse.Namespace) -> int:
        library = open_library(writable=True)
        said: list[str] = []
        try:
            for _ in range(args.steps):
                step = library.redo() if redo else library.undo()
                if step is None:
                    break
                said.append(library.describe(step))
        finally:
            library.close()
        for text in said:
            say(f"{verb}: {text}")
        if len(said) < args.steps:
            say(f"Nothing {'more ' if said else ''}to {word}.", "dim", stderr=True)
        return EXIT_OK

    return run


def history(args: argparse.Namespace) -> int:
    library = open_library(writable=False)
    journal = library.journal
    steps = [
        {
            "step": number,
            "done": number <= journal.position,
            "time": step.time,
            "action": step.action.to_dict(),
            "ids": list(step.keys),
            "description": library.describe(step),
        }
        for number, step in enumerate(journal.steps, start=1)
    ]
    steps.reverse()
    if args.json:
        write_json(steps)
        return EXIT_OK
    if not steps:
        say("No triage yet: nothing to undo.", stderr=True)
        return EXIT_OK
    write_table(
        (
            ("  " if record["done"] else "↶ ") + f"{record['step']:>4}",
            local_time(str(record["time"])),
            str(record["description"]),
        )
        for record in steps
    )
    if journal.can_redo:
        say("↶ marks undone steps: `paperdeck redo` does them again.", "dim", stderr=True)
    return EXIT_OK


def register_walk(name: str) -> None:
    """Register ``undo`` or ``redo`` with its ``--steps``."""
    redo = name == "redo"

    def arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "-n",
            "--steps",
            type=positive_int,
            default=1,
            metavar="N",
            help=f"{name} N steps (default: 1)",
        )

    what = "the step undo took back last" if redo else "the latest triage step"
    help_text = f"{name} {what} (star, read, tag, note, title, filter deletion)"
    command(name, help_text, walk(redo), arguments)


def history_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the steps as JSON")


register_walk("undo")
register_walk("redo")
command(
    "history",
    "list the triage steps that undo and redo walk through",
    history,
    history_arguments,
)
