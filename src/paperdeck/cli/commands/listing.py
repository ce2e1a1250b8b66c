"""``paperdeck list QUERY...``: the papers a query matches, one line each.

The most run command: ``cli/lean_list.py`` reads its usual arguments without
argparse, and nothing here imports argparse, rich or the exporters unless asked."""

from __future__ import annotations

import operator
import sys
from collections.abc import Mapping, Sequence
from itertools import compress, repeat
from typing import TYPE_CHECKING, NamedTuple, Protocol

from ...library import Library
from ...models import Paper, PaperState
from ...models.column_papers import ColumnPapers
from ...sorting import effective_sort, for_you_notice, sort_positions
from ...textsafety import neutralise
from ..output import EXIT_OK, console, plain_stream, plural, say, write_json
from ..registry import command, positive_int
from ..session import open_library, papers_at, query_positions
from ..sort_options import chosen_sort

if TYPE_CHECKING:
    import argparse

# Marks, id, date and upvotes take this many columns before the title.
ROW_PREFIX_WIDTH = 32
# The fewest columns a title keeps when tags need room on a narrow terminal.
MIN_TITLE_WIDTH = 20


class ListOptions(Protocol):
    """What ``run`` reads of its arguments: argparse's Namespace, or the lean
    command line's ``lean_list.ListArguments``."""

    @property
    def query(self) -> list[str]: ...
    @property
    def json(self) -> bool: ...
    @property
    def limit(self) -> int | None: ...
    @property
    def sort(self) -> str | None: ...
    @property
    def reverse(self) -> bool: ...


def arguments(parser: argparse.ArgumentParser) -> None:
    from ..sort_arguments import add_sort_arguments

    parser.add_argument(
        "query", nargs="*", metavar="QUERY", help="e.g. diffusion is:unread year:>=2024"
    )
    parser.add_argument("--json", action="store_true", help="print the papers as a JSON array")
    parser.add_argument("--limit", type=positive_int, metavar="N", help="show at most N papers")
    add_sort_arguments(
        parser, default_from="the config file's sort, else date; relevance needs a query"
    )


def row_segments(
    paper: Paper, state: PaperState, width: int | None = None
) -> list[tuple[str, str]]:
    """One ``paperdeck list`` line as (text, style) pieces: marks, id, date, upvotes,
    title (the person's own when they gave one), tags. A terminal shows the styles; a
    pipe gets the plain text. With a
    ``width``, the title is shortened so that the tags still fit on the line."""
    upvotes = _upvotes_cell(paper.upvotes)
    tags = [f" #{tag}" for tag in state.tags]
    title = state.title or paper.title
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
    # A library saved before the sanitiser may hold terminal controls: none is printed.
    return [(neutralise(text), style) for text, style in segments]


class RowFields(Protocol):
    """What a piped line shows of a paper (a Paper has them all)."""

    @property
    def key(self) -> str: ...
    @property
    def sort_date(self) -> str: ...
    @property
    def upvotes(self) -> int | None: ...
    @property
    def title(self) -> str: ...


class _Row(NamedTuple):
    key: str
    sort_date: str
    upvotes: int | None
    title: str


def plain_row(paper: RowFields, state: PaperState | None) -> str:
    """One ``paperdeck list`` line without styles and uncut, as for a pipe: the text of
    ``row_segments(paper, state)`` built in one step (a list prints thousands)."""
    upvotes = _upvotes_cell(paper.upvotes)
    if state is None:
        return neutralise(f"   {paper.key:<12} {paper.sort_date[:10]:<10} {upvotes}{paper.title}")
    marks = ("★" if state.starred else " ") + ("✓" if state.read else " ")
    tags = "".join(f" #{tag}" for tag in state.tags)
    title = state.title or paper.title
    # Neutralised like row_segments: no terminal control reaches the pipe either.
    return neutralise(f"{marks} {paper.key:<12} {paper.sort_date[:10]:<10} {upvotes}{title}{tags}")


def plain_lines(
    papers: Sequence[Paper], positions: Sequence[int], states: Mapping[str, PaperState]
) -> str:
    """``plain_row`` of the papers at these positions, a line each. A column-backed
    library reads the four fields a line shows from its columns and rows: a list to
    a pipe builds no Paper (nor reads an abstract)."""
    if not isinstance(papers, ColumnPapers):
        return "".join(
            plain_row(p, states.get(p.key)) + "\n" for p in map(papers.__getitem__, positions)
        )
    keys, dates = papers.keys(), papers.sort_dates()
    (upvotes,) = papers.values_at(positions, ["upvotes"])
    shown_keys = [keys[p] for p in positions]
    shown_titles = papers.titles().at(positions)
    cells = {count: _upvotes_cell(count) for count in set(upvotes)}
    # A list prints up to a million lines: each is one format call made by map (no
    # Python frame a line), and only the lines of papers with a state, or holding a
    # character plain_row's neutralise would change, go through plain_row itself.
    days = map(operator.getitem, map(dates.__getitem__, positions), repeat(_DAY))
    lines = list(map("   {:<12} {:<10} {}{}".format, shown_keys, days,
                     map(cells.__getitem__, upvotes), shown_titles))  # fmt: skip
    redo = set(compress(range(len(lines)), map(states.__contains__, shown_keys)))
    redo.update(compress(range(len(lines)), map(operator.not_, map(str.isprintable, lines))))
    for j in redo:
        row = _Row(shown_keys[j], dates[positions[j]], upvotes[j], shown_titles[j])
        lines[j] = plain_row(row, states.get(row.key))
    return "\n".join(lines) + "\n" if lines else ""


_DAY = slice(10)  # of a sort date: YYYY-MM-DD


def _upvotes_cell(upvotes: int | None) -> str:
    return f"▲{upvotes:<3} " if upvotes is not None else "     "


def run(args: ListOptions) -> int:
    sort, reverse = chosen_sort(args)
    library = open_library(writable=False)
    has_query = bool(" ".join(args.query).strip())
    positions = in_order_positions(library, query_positions(library, args.query), sort, reverse,
                                   has_query=has_query)  # fmt: skip
    chosen = positions if args.limit is None else positions[: args.limit]
    if args.json:
        from ...export import paper_record

        write_json(
            [paper_record(p, library.state(p.key)) for p in papers_at(library.papers, chosen)]
        )
        return EXIT_OK
    if not library.papers:
        say("The library is empty: add papers with `paperdeck import FILE...`.", stderr=True)
        return EXIT_OK
    if plain_stream(sys.stdout):
        # Piped (into grep, say): whole lines, no styles, nothing cut at 80 columns.
        sys.stdout.write(plain_lines(library.papers, chosen, library.states))
    elif chosen:
        from rich.text import Text

        shown = papers_at(library.papers, chosen)
        out = console()
        width = out.width if out.is_terminal else None
        rows = [row_segments(p, library.state(p.key), width) for p in shown]
        if out.is_terminal:
            lines = [Text.assemble(*row, no_wrap=True, overflow="ellipsis") for row in rows]
            out.print(Text("\n").join(lines), crop=True, overflow="ellipsis")
        else:
            sys.stdout.write("".join("".join(text for text, _ in row) + "\n" for row in rows))
    more = f" (showing {len(chosen)})" if len(chosen) < len(positions) else ""
    say(f"{plural(len(positions), 'paper')}{more}", "dim", stderr=True)
    return EXIT_OK


def in_order_positions(
    library: Library, positions: Sequence[int], sort: str, reverse: bool, *, has_query: bool
) -> list[int]:
    """``positions`` (into the library's papers, in the engine's order) in the order of
    ``sort``, as ``sort_options.in_order`` orders the papers themselves; a for-you sort
    says so when it falls back to date."""
    states = library.states
    notice = for_you_notice(sort, states)
    if notice is not None:
        say(f"paperdeck: {notice}", "yellow", stderr=True)
    papers = library.papers
    chosen = effective_sort(sort, has_query)
    return sort_positions(positions, papers, states, chosen, reverse=reverse, corpus=papers)


command("list", "list the papers a query matches (every paper without a query)", run, arguments)
