"""``paperdeck config``: where the config file is and the settings in force."""

from __future__ import annotations

import argparse

from ..output import EXIT_BAD_INPUT, EXIT_OK, say, write_json, write_table
from ..registry import command


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", help="print the path, problems and settings as JSON"
    )


def run(args: argparse.Namespace) -> int:
    from ...config import config_path, load_config

    path = config_path()
    config, problems = load_config(path)
    settings = config.to_dict()
    if args.json:
        write_json({"path": str(path), "exists": path.is_file(), "problems": problems, **settings})
        return EXIT_BAD_INPUT if problems else EXIT_OK
    say(f"Config file: {path}" + ("" if path.exists() else " (not there: the defaults)"))
    for problem in problems:
        say(f"paperdeck: {problem}", "red", stderr=True)
    rows = [
        ("theme", config.theme or "(the default)"),
        ("sort", config.sort),
        ("reverse", "true" if config.reverse else "false"),
        ("advance_after_triage", "true" if config.advance_after_triage else "false"),
    ]
    rows += [(f"keys.{binding}", key) for binding, key in config.keys.items()]
    rows += [(f"feeds.{feed.name}", feed.source) for feed in config.feeds]
    write_table(rows)
    return EXIT_BAD_INPUT if problems else EXIT_OK


command(
    "config",
    "show where the config file is and the settings in force "
    "(exit status 2 when the file has mistakes)",
    run,
    arguments,
)
