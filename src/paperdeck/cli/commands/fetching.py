"""``paperdeck fetch [SOURCE...]`` and ``paperdeck feeds``.

A SOURCE is ``arxiv:CATEGORY`` (the day's new listings of that category's feed),
``hf`` or ``hf:YYYY-MM-DD`` (that day's Hugging Face Daily Papers, with upvotes),
``search:QUERY`` (an arXiv API search, newest first, ``--max N`` papers) or the name
of a ``[[feeds]]`` table in the config file; no SOURCE fetches every feed there.
Every source fetched goes into one import, recorded like a file's, so its papers
are ``is:new``; fetching the same listing again adds nothing. A source that fails
is named and the others are still saved.
"""

from __future__ import annotations

import argparse

from ...config import Config, config_path, load_config
from ...fetch.specs import FeedSource, SpecError, looks_like_source, parse_source
from ..output import (
    EXIT_BAD_INPUT,
    EXIT_NETWORK,
    EXIT_OK,
    EXIT_SKIPPED,
    UserError,
    plural,
    say,
    write_json,
    write_table,
)
from ..registry import command, positive_int

DEFAULT_MAX = 50


def fetch_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "sources",
        nargs="*",
        metavar="SOURCE",
        help="arxiv:CATEGORY, hf[:YYYY-MM-DD], search:QUERY or a feed's name "
        "(default: every feed in the config file)",
    )
    parser.add_argument(
        "--max",
        type=positive_int,
        default=DEFAULT_MAX,
        metavar="N",
        help=f"papers a search: source brings at most (default {DEFAULT_MAX}, up to 2000)",
    )
    parser.add_argument("--json", action="store_true", help="print what was done as JSON")


def _config() -> Config:
    config, problems = load_config()
    for problem in problems:
        say(f"paperdeck: warning: {problem}", "yellow", stderr=True)
    return config


def resolve_sources(names: list[str], config: Config) -> list[FeedSource]:
    """The sources named (each once), a feed's name looked up in ``config``; every
    feed of ``config`` when none is named. UserError for a name that is neither."""
    feeds = {feed.name.casefold(): feed for feed in config.feeds}
    if not names:
        if not feeds:
            raise UserError(
                f"no feeds in {config_path()}: name a source (arxiv:cs.LG, hf, "
                'search:QUERY) or add [[feeds]] tables with name = "…" and source = "…"'
            )
        names = [feed.name for feed in config.feeds]
    sources: dict[FeedSource, None] = {}
    for name in names:
        try:
            if looks_like_source(name):
                sources.setdefault(parse_source(name))
            elif name.casefold() in feeds:
                sources.setdefault(parse_source(feeds[name.casefold()].source))
            else:
                known = ", ".join(feed.name for feed in config.feeds) or "none"
                raise UserError(
                    f"'{name}' is no source and no feed in {config_path()} (feeds: {known}); "
                    "a source is arxiv:CATEGORY, hf[:YYYY-MM-DD] or search:QUERY"
                )
        except SpecError as error:
            raise UserError(str(error)) from error
    return list(sources)


def run_fetch(args: argparse.Namespace) -> int:
    from ...fetch.client import Fetched
    from ...fetch.errors import FetchError, ServiceUnavailable
    from ...fetch.records import entries_of
    from ..network import fetcher, progress_bar, report_problems, save

    sources = resolve_sources(args.sources, _config())
    results: list[Fetched] = []
    failures: list[FetchError] = []
    with fetcher() as client, progress_bar("Fetching") as progress:
        for done, source in enumerate(sources, 1):
            try:
                results.append(client.fetch(source, limit=args.max))
            except FetchError as error:
                failures.append(error)
            progress(done, len(sources))
    entries, problems, validators = [], [], {}
    for result in results:
        got, skipped = entries_of(result.papers, result.source.label)
        entries.extend(got)
        problems.extend(skipped)
        validators.update(result.validators)
    labels = [result.source.label for result in results if result.papers]
    saved = save(labels, entries, problems, validators) if results else None
    report_problems(problems)
    for failure in failures:
        say(f"paperdeck: {failure}", "red", stderr=True)
    if args.json:
        write_json(
            {
                "sources": [
                    {
                        "source": result.source.label,
                        "papers": len(result.papers),
                        "not_modified": result.not_modified,
                        "note": result.note,
                    }
                    for result in results
                ],
                "failed": [str(failure) for failure in failures],
                "added": saved.report.added if saved else 0,
                "updated": saved.report.updated if saved else 0,
                "unchanged": saved.report.unchanged if saved else 0,
                "skipped": len(problems),
            }
        )
    else:
        for result in results:
            said = (
                "not changed since the last fetch"
                if result.not_modified
                else plural(len(result.papers), "paper")
            )
            say(f"{result.source.label}: {said}" + (f" ({result.note})" if result.note else ""))
        if saved is not None:
            say(f"Fetched {plural(len(results), 'source')}: {saved.summary()}")
    if any(isinstance(failure, ServiceUnavailable) for failure in failures):
        return EXIT_NETWORK
    if failures:
        return EXIT_BAD_INPUT
    return EXIT_SKIPPED if problems else EXIT_OK


def feeds_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the feeds as JSON")


def run_feeds(args: argparse.Namespace) -> int:
    config = _config()
    if args.json:
        write_json([{"name": feed.name, "source": feed.source} for feed in config.feeds])
    elif not config.feeds:
        say(
            f'No feeds in {config_path()}. Add one: [[feeds]] with name = "ml" and '
            'source = "arxiv:cs.LG" (or hf, hf:YYYY-MM-DD, search:QUERY).'
        )
    else:
        write_table([(feed.name, feed.source) for feed in config.feeds])
    return EXIT_OK


command(
    "fetch",
    "fetch new papers: arxiv:CATEGORY, hf[:YYYY-MM-DD], search:QUERY or a configured feed",
    run_fetch,
    fetch_arguments,
)
command(
    "feeds",
    "list the feeds of the config file ([[feeds]] with name and source)",
    run_feeds,
    feeds_arguments,
)
