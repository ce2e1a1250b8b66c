"""``paperdeck import PATH...``: read every file first; import nothing unless all of
them could be read."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from ...models import Entry, Problem
from ...recommend.location import vector_file
from ...sources import FORMATS, MAX_IMPORT_BYTES
from ...textsafety import neutralise, sanitise_line
from ..output import EXIT_OK, EXIT_SKIPPED, UserError, console, plural, write_json
from ..registry import command, year_value
from ..session import open_library

# Show a progress bar when an import reads at least this much from a terminal session.
PROGRESS_MIN_BYTES = 2_000_000
# From this size on, an import that changed the corpus rebuilds the recommender's
# vectors (vectors.npz), so that no later for-you sort or like: pays for them (tens
# of seconds and GBs at 100,000 papers); a smaller library builds them on demand in
# well under a second. Only where they are in use (the file exists): an import must
# not cost every person who never asks for a recommendation that much.
VECTORS_AT_IMPORT_MIN_PAPERS = 1000
# Up to this size an import that changed the corpus also writes the search index
# (search.idx), so the app's next start maps it instead of building it and `list`
# looks words up (about 1 s at 25,000 papers). Building it costs about 9 s at
# 100,000 papers, more than the import itself (6 s): past this size the app builds
# it in the background at its next start, as it does whenever the file is missing
# or stale, until imports update it in place rather than rebuild it.
INDEX_AT_IMPORT_MAX_PAPERS = 25_000


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="a file to import")
    parser.add_argument(
        "--format", choices=FORMATS, help="read every file in this format (default: detected)"
    )
    parser.add_argument(
        "--year", type=year_value, help="the year of the dates on a daily page that give none"
    )
    parser.add_argument(
        "--category",
        action="append",
        default=[],
        type=category_value,
        metavar="PREFIX",
        help="from a Kaggle arXiv snapshot, import only papers in this category or its "
        "subcategories (cs: cs.LG, cs.AI...; cs.LG: only it); repeatable",
    )
    parser.add_argument("--json", action="store_true", help="print the import report as JSON")
    parser.add_argument(
        "--max-size",
        type=byte_size,
        default=MAX_IMPORT_BYTES,
        metavar="SIZE",
        help=f"refuse files over SIZE bytes (K, M, G: powers of 1000; default "
        f"{MAX_IMPORT_BYTES // 10**6}M)",
    )


# An arXiv category or archive: letters, digits, "-" and ".", as in cs.LG, hep-th,
# physics.flu-dyn.
_CATEGORY = re.compile(r"[A-Za-z][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*")


def category_value(text: str) -> str:
    """A ``--category`` value: an arXiv category or its prefix (``cs``, ``cs.LG``)."""
    value = text.strip()
    if not _CATEGORY.fullmatch(value) or len(value) > 100:
        shown = neutralise(text)[:40]
        raise argparse.ArgumentTypeError(f"'{shown}' is not an arXiv category (e.g. cs, cs.LG)")
    return value


_UNITS = {"": 1, "K": 10**3, "M": 10**6, "G": 10**9, "T": 10**12}


def byte_size(text: str) -> int:
    """``--max-size``: a number of bytes, with an optional K, M, G or T (powers of 1000)."""
    value = text.strip().upper().removesuffix("B")
    unit = value[-1:] if value[-1:] in _UNITS else ""
    number = value[: len(value) - len(unit)]
    if not (number.isascii() and number.isdigit()) or len(number) > 15:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size (e.g. 500M, 2G)")
    return int(number) * _UNITS[unit]


def _size(path: Path) -> int:
    """The file's size for the progress bar; 0 when it cannot be known (the read then
    says why)."""
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


def run(args: argparse.Namespace) -> int:
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    from ...sources import SourceError, load_file

    out, err = console(), console(stderr=True)

    files: list[Path] = args.paths
    entries: list[Entry] = []
    problems: list[Problem] = []
    passed_over = 0
    sizes = [_size(path) for path in files]
    # Progress goes to stderr, so stdout (--json) stays the report alone.
    show_progress = err.is_terminal and sum(sizes) >= PROGRESS_MIN_BYTES
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not show_progress,
        transient=True,
    ) as progress:
        reading = progress.add_task("Reading", total=max(sum(sizes), 1))
        done = 0
        for path, size in zip(files, sizes, strict=True):
            progress.update(reading, description=f"Reading {path.name}")

            def advance(fraction: float, before: int = done, size: int = size) -> None:
                progress.update(reading, completed=before + fraction * size)

            try:
                parsed = load_file(
                    path,
                    format=args.format,
                    year=args.year,
                    progress=advance,
                    max_size=args.max_size,
                    categories=args.category,
                )
            except SourceError as error:
                raise UserError(f"{error}; nothing was imported") from error
            entries.extend(parsed.entries)
            problems.extend(parsed.problems)
            passed_over += parsed.passed_over
            done += size
            progress.update(reading, completed=done)
        # Merging and writing has no steps worth counting: a pulsing bar says it is busy.
        progress.add_task("Saving the library", total=None)
        library = open_library(writable=True)
        try:
            names = [sanitise_line(path.name) for path in files]
            report = library.import_entries(names, entries, problems)
            if (report.added or report.updated) and (
                0 < len(library.papers) <= INDEX_AT_IMPORT_MAX_PAPERS
            ):
                progress.add_task("Writing the search index", total=None)
                # Built and written by warm() (a failed write is left to the app,
                # which builds the index when it finds no fresh file).
                library.search_index().warm()
        finally:
            library.close()
        vectors = vector_file()
        if (
            (report.added or report.updated)
            and len(library.papers) >= VECTORS_AT_IMPORT_MIN_PAPERS
            and vectors is not None
            and vectors.exists()
        ):
            progress.add_task("Building the vectors for recommendations", total=None)
            from ...recommend import recommender_for

            recommender_for(library.papers).build()
    for problem in problems:
        err.print(Text(neutralise(f"paperdeck: skipped {problem}"), style="yellow"))
    if args.json:
        write_json(report.to_dict())
    else:
        out.print(
            f"Imported {plural(len(files), 'file')}: {plural(report.entries, 'entry', 'entries')}"
            + (f" ({passed_over:,} outside --category)" if passed_over else "")
            + f" → {report.added:,} added, "
            f"{report.updated:,} updated, {report.unchanged:,} unchanged"
            + (f", {len(problems):,} skipped" if problems else "")
            + f". The library holds {plural(len(library.papers), 'paper')}."
        )
    return EXIT_SKIPPED if problems else EXIT_OK


command(
    "import",
    "import papers from files (each file's format is detected unless --format gives it)",
    run,
    arguments,
)
