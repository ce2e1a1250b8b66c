"""The ``paperdeck`` command: argparse subcommands over the core, output through rich.

Exit statuses (also in ``paperdeck --help``):
  0  done
  1  import done, but some entries were skipped (each reported on stderr)
  2  bad input: a file that cannot be imported, an unknown paper id, a bad query,
     bad arguments; nothing was changed
  3  the library could not be opened or saved (another paperdeck is writing,
     a damaged file, a full disk); nothing was changed
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

import orjson

from . import __version__
from .library import (
    DEFAULT_WAIT_SECONDS,
    Library,
    LibraryBusyError,
    PaperNotFoundError,
    StorageError,
)
from .models import Entry, Paper, PaperState, Problem
from .sources import FORMATS

if TYPE_CHECKING:
    from rich.console import Console

# rich, the search engine, the exporters and the importers are imported by the
# commands that use them: `paperdeck list QUERY | ...` is run often, and loading what
# it does not need was a third of its start-up (`python -X importtime`).

EXIT_OK = 0
EXIT_SKIPPED = 1
EXIT_BAD_INPUT = 2
EXIT_LIBRARY = 3

# How long a command that writes waits for another paperdeck to finish writing.
WRITER_WAIT_SECONDS = DEFAULT_WAIT_SECONDS
# Show a progress bar when an import reads at least this much from a terminal session.
PROGRESS_MIN_BYTES = 2_000_000

EPILOG = """\
exit status: 0 done; 1 import done but entries were skipped; 2 bad input (file, id,
query or arguments; nothing changed); 3 the library is busy or could not be saved.

The library lives in $PAPERDECK_HOME when it is set, else in the user data folder.
"""

# The formats of `export --format` (paperdeck.export.EXPORTERS, which a test checks),
# named here so that building the parser does not import every exporter.
EXPORT_FORMATS = ("bibtex", "json", "markdown")
# Characters rich's Text changes (tabs expanded, some control codes dropped): a line
# holding one is printed by rich even where plain text would otherwise do.
_RICH_REWRITES = frozenset("\t\x07\x08\x0b\x0c\r")


@cache
def console(stderr: bool = False) -> Console:
    """The rich console for stdout (or stderr), made on first use."""
    from rich.console import Console

    # No markup: titles, tags and paths are the person's text, and rich would read
    # "[red]" in them as a style. Styles come from Text objects instead.
    return Console(stderr=stderr, highlight=False, markup=False, soft_wrap=True)


def plain_stream(stream: TextIO) -> bool:
    """True when rich would write to ``stream`` as plain text: it is not a terminal
    and no variable rich reads (FORCE_COLOR, TTY_COMPATIBLE) says otherwise. Then
    paperdeck writes itself, without importing rich."""
    if "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ:
        return False
    try:
        return not stream.isatty()
    except (AttributeError, ValueError):
        return True  # rich's verdict too: no terminal


def say(message: str, style: str = "", *, stderr: bool = False) -> None:
    """Print one message line on stdout or stderr, in ``style`` on a terminal."""
    stream = sys.stderr if stderr else sys.stdout
    if plain_stream(stream) and _RICH_REWRITES.isdisjoint(message):
        stream.write(message + "\n")
        stream.flush()
        return
    from rich.text import Text

    console(stderr).print(Text(message, style=style))


Handler = Callable[[argparse.Namespace], int]


class UserError(Exception):
    """A mistake the person can fix: reported in one line, exit status 2."""


def fail(message: str, status: int) -> NoReturn:
    """Print one error line on stderr and exit."""
    say(f"paperdeck: {message}", "red", stderr=True)
    raise SystemExit(status)


def local_time(stamp: str) -> str:
    """A stored UTC time as the person's local ``YYYY-MM-DD HH:MM``."""
    from datetime import datetime

    try:
        return f"{datetime.fromisoformat(stamp).astimezone():%Y-%m-%d %H:%M}"
    except ValueError:
        return stamp


def write_json(value: object) -> None:
    """``--json`` output: ``value`` as indented JSON on stdout."""
    sys.stdout.write(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode() + "\n")


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 paper``, ``2 papers``, ``100,000 papers``; ``many`` for irregular plurals."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


# -- opening the library -------------------------------------------------------------


def open_library(*, writable: bool) -> Library:
    """Open the library, turning the ways it can fail into one-line errors."""
    try:
        library = Library.open(writable=writable, wait=WRITER_WAIT_SECONDS)
    except LibraryBusyError as busy:
        fail(str(busy), EXIT_LIBRARY)
    except StorageError as error:
        fail(str(error), EXIT_LIBRARY)
    for warning in library.warnings:
        say(f"paperdeck: warning: {warning}", "yellow", stderr=True)
    return library


def run_query(library: Library, words: Sequence[str]) -> list[Paper]:
    """Papers matching a query in the DESIGN.md language, best first."""
    from .search import QueryError, SearchIndex

    index = SearchIndex(library.papers, library.states, latest_import=library.latest_import)
    try:
        result = index.search(" ".join(words))
    except QueryError as error:
        raise UserError(f"bad query: {error}") from error
    return [library.papers[position] for position in result.positions]


def check_query(text: str) -> None:
    """A UserError for a query that does not parse (without searching anything)."""
    from .search import QueryError, parse_query

    try:
        parse_query(text)
    except QueryError as error:
        raise UserError(f"bad query: {error}") from error


def resolve_all(library: Library, ids: Sequence[str]) -> list[Paper]:
    """Every paper named, or a UserError for the first unknown id (nothing changes)."""
    try:
        return [library.resolve(ident) for ident in ids]
    except PaperNotFoundError as error:
        raise UserError(str(error)) from error


# -- commands ------------------------------------------------------------------------


def cmd_start(_args: argparse.Namespace) -> int:
    """``paperdeck`` with no subcommand: the interactive app on a terminal, and a short
    summary where no app can run (a pipe, a script, CI)."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        library = open_library(writable=False)
        out = console()
        out.print(f"paperdeck {__version__} · library: {library.home}")
        out.print(f"{plural(len(library.papers), 'paper')}, {library.stats()['starred']} starred.")
        out.print(
            "Run paperdeck in a terminal for the interactive reading list. From scripts:\n"
            "  paperdeck import FILE...      add papers (daily pages, arXiv dumps, JSON, BibTeX)\n"
            "  paperdeck list QUERY...       search, e.g. paperdeck list diffusion is:unread\n"
            "  paperdeck star ID...          star, read, tag and note papers\n"
            "  paperdeck export              the starred papers as Markdown\n"
            "  paperdeck undo                take back the last change (redo, history)\n"
            "  paperdeck --help              everything else"
        )
        return EXIT_OK
    from .tui.app import PaperdeckApp

    app = PaperdeckApp()
    app.run()
    # The app exits with EXIT_LIBRARY (and its message) when the library cannot open.
    return app.return_code or EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Read every file first; import nothing unless all of them could be read."""
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    from .sources import SourceError, load_file

    out, err = console(), console(stderr=True)

    files: list[Path] = args.paths
    entries: list[Entry] = []
    problems: list[Problem] = []
    sizes = [path.stat().st_size if path.is_file() else 0 for path in files]
    show_progress = out.is_terminal and sum(sizes) >= PROGRESS_MIN_BYTES
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=out,
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
                parsed = load_file(path, format=args.format, year=args.year, progress=advance)
            except SourceError as error:
                raise UserError(f"{error}; nothing was imported") from error
            entries.extend(parsed.entries)
            problems.extend(parsed.problems)
            done += size
            progress.update(reading, completed=done)
        # Merging and writing has no steps worth counting: a pulsing bar says it is busy.
        progress.add_task("Saving the library", total=None)
        library = open_library(writable=True)
        try:
            report = library.import_entries([p.name for p in files], entries, problems)
        finally:
            library.close()
    for problem in problems:
        err.print(Text(f"paperdeck: skipped {problem}", style="yellow"))
    if args.json:
        out.print_json(orjson.dumps(report.to_dict()).decode())
    else:
        out.print(
            f"Imported {plural(len(files), 'file')}: {plural(report.entries, 'entry', 'entries')}"
            f" → {report.added:,} added, "
            f"{report.updated:,} updated, {report.unchanged:,} unchanged"
            + (f", {len(problems):,} skipped" if problems else "")
            + f". The library holds {plural(len(library.papers), 'paper')}."
        )
    return EXIT_SKIPPED if problems else EXIT_OK


# Marks, id, date and upvotes take this many columns before the title.
ROW_PREFIX_WIDTH = 32
# The fewest columns a title keeps when tags need room on a narrow terminal.
MIN_TITLE_WIDTH = 20


def row_segments(
    paper: Paper, state: PaperState, width: int | None = None
) -> list[tuple[str, str]]:
    """One ``paperdeck list`` line as (text, style) pieces: marks, id, date, upvotes,
    title, tags. A terminal shows the styles; a pipe gets the plain text. With a
    ``width``, the title is shortened so that the tags still fit on the line."""
    upvotes = f"▲{paper.upvotes:<3} " if paper.upvotes is not None else "     "
    tags = [f" #{tag}" for tag in state.tags]
    title = paper.title
    if width is not None:
        room = max(MIN_TITLE_WIDTH, width - ROW_PREFIX_WIDTH - sum(map(len, tags)))
        if len(title) > room:
            title = title[: room - 1].rstrip() + "…"
    segments = [
        ("★" if state.starred else " ", "yellow"),
        ("✓" if state.read else " ", "green"),
        (f" {paper.key:<12} ", "cyan"),
        (f"{paper.sort_date[:10]:<10} ", "dim"),
        (upvotes, "magenta"),
        (title, "" if state.read else "bold"),
    ]
    segments.extend((tag, "blue") for tag in tags)
    return segments


def plain_row(paper: Paper, state: PaperState | None) -> str:
    """One ``paperdeck list`` line without styles and uncut, as for a pipe: the text of
    ``row_segments(paper, state)`` built in one step (a list prints thousands)."""
    upvotes = f"▲{paper.upvotes:<3} " if paper.upvotes is not None else "     "
    if state is None:
        return f"   {paper.key:<12} {paper.sort_date[:10]:<10} {upvotes}{paper.title}"
    marks = ("★" if state.starred else " ") + ("✓" if state.read else " ")
    tags = "".join(f" #{tag}" for tag in state.tags)
    return f"{marks} {paper.key:<12} {paper.sort_date[:10]:<10} {upvotes}{paper.title}{tags}"


def cmd_list(args: argparse.Namespace) -> int:
    library = open_library(writable=False)
    papers = run_query(library, args.query)
    shown = papers if args.limit is None else papers[: args.limit]
    if args.json:
        from .export import paper_record

        records = [paper_record(p, library.state(p.key)) for p in shown]
        write_json(records)
        return EXIT_OK
    if not library.papers:
        say("The library is empty: add papers with `paperdeck import FILE...`.", stderr=True)
        return EXIT_OK
    if plain_stream(sys.stdout):
        # Piped (into grep, say): whole lines, no styles, nothing cut at 80 columns.
        states = library.states
        sys.stdout.write("".join(plain_row(p, states.get(p.key)) + "\n" for p in shown))
    elif shown:
        from rich.text import Text

        out = console()
        width = out.width if out.is_terminal else None
        rows = [row_segments(p, library.state(p.key), width) for p in shown]
        if out.is_terminal:
            lines = [Text.assemble(*row, no_wrap=True, overflow="ellipsis") for row in rows]
            out.print(Text("\n").join(lines), crop=True, overflow="ellipsis")
        else:
            sys.stdout.write("".join("".join(text for text, _ in row) + "\n" for row in rows))
    more = f" (showing {len(shown)})" if len(shown) < len(papers) else ""
    say(f"{plural(len(papers), 'paper')}{more}", "dim", stderr=True)
    return EXIT_OK


def _triage(action: Callable[[Library, list[str]], list[PaperState]], verb: str) -> Handler:
    def command(args: argparse.Namespace) -> int:
        library = open_library(writable=True)
        try:
            papers = resolve_all(library, args.ids)
            changed = action(library, [p.key for p in papers])
        finally:
            library.close()
        from rich.text import Text

        out = console()
        already = len({p.key for p in papers}) - len(changed)
        message = f"{verb} {plural(len(changed), 'paper')}"
        if already:
            message += f" ({already} already {verb.lower()})"
        out.print(message + ".")
        for paper in papers:
            out.print(Text(f"  {paper.key}  {paper.title}", no_wrap=True, overflow="ellipsis"))
        return EXIT_OK

    return command


def cmd_tag(args: argparse.Namespace) -> int:
    library = open_library(writable=True)
    try:
        (paper,) = resolve_all(library, [args.id])
        if args.remove:
            library.remove_tags([paper.key], args.tags)
        else:
            library.add_tags([paper.key], args.tags)
        tags = library.state(paper.key).tags
    finally:
        library.close()
    from rich.text import Text

    out = console()
    out.print(Text(f"{paper.key}  {paper.title}", no_wrap=True, overflow="ellipsis"))
    out.print("  tags: " + (", ".join(tags) if tags else "(none)"))
    return EXIT_OK


def cmd_note(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    library = open_library(writable=True)
    try:
        (paper,) = resolve_all(library, [args.id])
        library.set_note(paper.key, text)
        note = library.state(paper.key).note
    finally:
        library.close()
    verb = "Saved the note on" if note else "Cleared the note on"
    from rich.text import Text

    console().print(Text(f"{verb} {paper.key}  {paper.title}", no_wrap=True, overflow="ellipsis"))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .export import EXPORTERS
    from .export.markdown import render_markdown
    from .export.selection import starred_items
    from .library.storage import write_atomically

    if args.all and args.query:
        raise UserError("give a query or --all, not both")
    if args.format != "markdown" and (args.group_by or args.abstracts):
        raise UserError("--group-by and --abstracts shape Markdown; drop them or --format")
    err = console(stderr=True)
    library = open_library(writable=False)
    if args.all:
        items = [(p, library.state(p.key)) for p in library.papers]
        heading, missing = "All papers", "the library is empty"
    elif args.query:
        items = [(p, library.state(p.key)) for p in run_query(library, args.query)]
        heading, missing = "Papers matching: " + " ".join(args.query), "no paper matches"
    else:
        items = starred_items(library.papers, library.states)
        heading, missing = "Starred papers", "no starred papers"
    if args.format == "markdown":
        document = render_markdown(
            items, title=heading, group_by_tag=args.group_by == "tag", abstracts=args.abstracts
        )
    else:
        document = EXPORTERS[args.format](items)
    if not items:
        err.print(f"paperdeck: nothing to export: {missing}")
    if args.output is None:
        sys.stdout.write(document)
        return EXIT_OK
    try:
        # Atomic, so an export over an existing reading list never leaves half of one.
        write_atomically(args.output, document.encode("utf-8"), keep_backup=False, mode=None)
    except StorageError as error:
        fail(str(error), EXIT_BAD_INPUT)
    err.print(f"Wrote {plural(len(items), 'paper')} to {args.output}")
    return EXIT_OK


def _journal_command(redo: bool) -> Handler:
    """``paperdeck undo`` / ``paperdeck redo``: take back or do again the latest
    steps, saying what each one was."""
    verb, word = ("Redid", "redo") if redo else ("Undid", "undo")

    def command(args: argparse.Namespace) -> int:
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

    return command


def cmd_history(args: argparse.Namespace) -> int:
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
    for record in steps:
        mark = "  " if record["done"] else "↶ "
        when = local_time(str(record["time"]))
        say(f"{mark}{record['step']:>4}  {when}  {record['description']}")
    if journal.can_redo:
        say("↶ marks undone steps: `paperdeck redo` does them again.", "dim", stderr=True)
    return EXIT_OK


def cmd_filters(args: argparse.Namespace) -> int:
    from .library import FilterNameError

    if args.save is not None or args.delete is not None:
        library = open_library(writable=True)
        try:
            if args.delete is not None:
                query = library.delete_filter(args.delete)
                say(f"Deleted the saved filter '{args.delete.strip()}' ({query}).")
                return EXIT_OK
            query = " ".join(args.query)
            if not query.strip():
                raise UserError("--save NAME needs a query after it")
            check_query(query)
            replaced = library.save_filter(args.save, query)
            say(f"{'Replaced' if replaced else 'Saved'} the filter '{args.save.strip()}': {query}")
            return EXIT_OK
        except FilterNameError as error:
            raise UserError(str(error)) from error
        finally:
            library.close()
    if args.query:
        raise UserError("a query is saved with --save NAME QUERY")
    library = open_library(writable=False)
    if args.json:
        records = [{"name": name, "query": query} for name, query in library.filters.items()]
        write_json(records)
    elif not library.filters:
        say("No saved filters: save one with ctrl+s in the app or --save NAME QUERY.", stderr=True)
    else:
        width = max(len(name) for name in library.filters)
        for name, query in library.filters.items():
            say(f"{name:<{width}}  {query}")
    return EXIT_OK


def cmd_imports(args: argparse.Namespace) -> int:
    library = open_library(writable=False)
    if args.json:
        write_json(library.imports)
        return EXIT_OK
    if not library.imports:
        say("No imports yet: add papers with `paperdeck import FILE...`.", stderr=True)
        return EXIT_OK
    for record in library.imports:
        when = local_time(str(record["time"]))
        counts = (
            f"{record.get('added', 0)} added, {record.get('updated', 0)} updated, "
            f"{record.get('unchanged', 0)} unchanged"
        )
        say(f"{when}  {counts}  {', '.join(record.get('files', []))}")
    say(
        "is:new shows the papers the latest import added; is:updated those it changed.",
        "dim",
        stderr=True,
    )
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    library = open_library(writable=False)
    stats = library.stats()
    if args.json:
        sys.stdout.write(orjson.dumps(stats).decode() + "\n")
        return EXIT_OK
    out = console()
    out.print(f"Library: {library.home}")
    out.print(f"{stats['papers']} papers · {stats['starred']} starred · {stats['read']} read")
    if stats["tags"]:
        out.print("Tags: " + ", ".join(f"{tag} ({n})" for tag, n in stats["tags"].items()))
    return EXIT_OK


# -- argument parsing ----------------------------------------------------------------


def year_value(text: str) -> int:
    """A ``--year`` value: a four-digit year."""
    if not (text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"'{text}' is not a four-digit year")
    return int(text)


def positive_int(text: str) -> int:
    """A ``--limit`` value."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive whole number")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = argparse.ArgumentParser(
        prog="paperdeck",
        description="A keyboard-driven terminal reading list for research papers. "
        "With no command, opens the reading list.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"paperdeck {__version__}")
    parser.set_defaults(handler=cmd_start)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(handler=handler)
        return sub

    sub = add("import", cmd_import, "import papers from files (format detected unless --format)")
    sub.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    sub.add_argument("--format", choices=FORMATS, help="read every file as this format")
    sub.add_argument(
        "--year", type=year_value, help="the year of dates without one on a daily page"
    )
    sub.add_argument("--json", action="store_true", help="print the import report as JSON")

    sub = add("list", cmd_list, "list papers matching a query (all papers with none)")
    sub.add_argument(
        "query", nargs="*", metavar="QUERY", help="e.g. diffusion is:unread year:>=2024"
    )
    sub.add_argument("--json", action="store_true", help="print a JSON array of papers")
    sub.add_argument("--limit", type=positive_int, metavar="N", help="show at most N papers")

    for name, verb, action in (
        ("star", "Starred", lambda lib, keys: lib.set_starred(keys, True)),
        ("unstar", "Unstarred", lambda lib, keys: lib.set_starred(keys, False)),
        ("read", "Marked read", lambda lib, keys: lib.set_read(keys, True)),
        ("unread", "Marked unread", lambda lib, keys: lib.set_read(keys, False)),
    ):
        sub = add(name, _triage(action, verb), f"{verb.lower()} papers by id")
        sub.add_argument("ids", nargs="+", metavar="ID", help="key, arXiv id or unique key prefix")

    sub = add("tag", cmd_tag, "add tags to a paper (or remove them with --remove)")
    sub.add_argument("id", metavar="ID")
    sub.add_argument("tags", nargs="+", metavar="TAG")
    sub.add_argument("--remove", action="store_true", help="remove the tags instead")

    sub = add("note", cmd_note, "set a paper's note ('-' reads it from stdin; '' clears it)")
    sub.add_argument("id", metavar="ID")
    sub.add_argument("text", metavar="TEXT")

    sub = add(
        "export",
        cmd_export,
        "export the starred papers (or a query's, or --all) to stdout or a file",
    )
    sub.add_argument("query", nargs="*", metavar="QUERY")
    sub.add_argument(
        "--all", action="store_true", help="every paper (with --format json: a backup)"
    )
    sub.add_argument("--format", choices=EXPORT_FORMATS, default="markdown")
    sub.add_argument(
        "--group-by", choices=("tag",), help="Markdown: a section per tag, then Untagged"
    )
    sub.add_argument(
        "--abstracts", action="store_true", help="Markdown: each abstract in a <details> block"
    )
    sub.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE")

    for name, redo in (("undo", False), ("redo", True)):
        sub = add(
            name,
            _journal_command(redo),
            f"{name} the latest triage step{' undone' if redo else ''} (star, read, tag, note)",
        )
        sub.add_argument(
            "-n", "--steps", type=positive_int, default=1, metavar="N", help=f"{name} N steps"
        )

    sub = add("history", cmd_history, "list the triage steps that undo and redo walk through")
    sub.add_argument("--json", action="store_true", help="print the steps as JSON")

    sub = add("filters", cmd_filters, "list saved filters, or save or delete one")
    sub.add_argument("query", nargs="*", metavar="QUERY", help="the query to save with --save")
    sub.add_argument("--save", metavar="NAME", help="save QUERY under NAME (replacing it)")
    sub.add_argument("--delete", metavar="NAME", help="delete the saved filter NAME")
    sub.add_argument("--json", action="store_true", help="print the saved filters as JSON")

    sub = add("imports", cmd_imports, "list the imports: when, which files, what they added")
    sub.add_argument("--json", action="store_true", help="print the import records as JSON")

    sub = add("stats", cmd_stats, "count papers, stars, reads and tags")
    sub.add_argument("--json", action="store_true", help="print the counts as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``paperdeck`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except UserError as error:
        fail(str(error), EXIT_BAD_INPUT)
    except (LibraryBusyError, StorageError) as error:
        fail(str(error), EXIT_LIBRARY)
    except KeyboardInterrupt:
        fail("interrupted; nothing was changed", 130)
    except BrokenPipeError:
        # `paperdeck list | head`: the reader left; that is not an error.
        sys.stderr.close()
        return EXIT_OK
