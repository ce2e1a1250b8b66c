"""The person's settings: ``config.toml`` (docs/ARCHITECTURE.md, Config).

The file is ``$PAPERDECK_CONFIG`` when that is set, else ``config.toml`` in the user
config folder (``~/.config/paperdeck`` on Linux). It is optional, and a mistake in it
never stops paperdeck: each bad setting is reported in one line naming the file, the
line and the key, and its default is used instead. An example::

    theme = "gruvbox"
    sort = "upvotes"            # relevance, date, upvotes, title, added, for-you[:TAG]
    reverse = false
    advance_after_triage = true # s and r move on to the next paper

    [keys]                      # binding id = key (Textual's key names)
    star = "x"

    [[feeds]]                   # paperdeck fetch (and the app's F) fetches these
    name = "ml"
    source = "arxiv:cs.LG"      # or hf, hf:YYYY-MM-DD, search:QUERY

Only ``save_theme`` writes the file: it changes the ``theme`` line and nothing else,
so the person's comments and layout stay as they wrote them.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import paths
from .sorting import DEFAULT_SORT, FOR_YOU, FOR_YOU_TAG_PREFIX, SORTS, is_for_you

CONFIG_ENV = "PAPERDECK_CONFIG"
CONFIG_FILE = "config.toml"

# Every binding ``[keys]`` can remap, by id: the app gives its bindings these ids, and
# a config naming another id is told so. Renaming one breaks someone's config file.
BINDING_IDS: tuple[str, ...] = (
    "star",
    "read",
    "tag",
    "untag",
    "note",
    "mark",
    "mark_all",
    "undo",
    "redo",
    "save_filter",
    "export",
    "import",
    "open",
    "copy_link",
    "help",
    "quit",
    "sort",
    "detail",
    "filter",
    "next_unread",
    "title",
    "back",
    "scroll_abstract_down",
    "scroll_abstract_up",
    "more_like_this",
    "fetch",
    "add",
    # The reader view's keys have ids of their own, so that a key remapped for the
    # list leaves the reader's alone (its q shares the id quit).
    "reader_back",
    "reader_down",
    "reader_up",
    "reader_page_down",
    "reader_page_up",
    "reader_next",
    "reader_previous",
    "reader_star",
    "reader_read",
    "reader_tag",
    "reader_untag",
)

# What a setting that was wrong reads as, before its default replaces it.
_BAD = object()
_SETTINGS = ("theme", "sort", "reverse", "advance_after_triage", "keys", "feeds")
_TOML_LINE = re.compile(r"at line (\d+)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TABLE_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")


@dataclass(frozen=True, slots=True)
class Feed:
    """A ``[[feeds]]`` entry: a name for a source ``paperdeck fetch`` takes
    (``arxiv:CATEGORY``, ``hf[:YYYY-MM-DD]``, ``search:QUERY``)."""

    name: str
    source: str


@dataclass(frozen=True, slots=True)
class Config:
    """The settings in force: those the file gave, defaults for the rest.

    ``keys`` maps a binding id (one of BINDING_IDS) to a key string as Textual's
    keymap takes it (``"x"``, ``"ctrl+x"``, several separated by commas).
    """

    theme: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    sort: str = DEFAULT_SORT
    reverse: bool = False
    advance_after_triage: bool = False
    feeds: tuple[Feed, ...] = ()
    # The settings the file gave (and that were good), as opposed to defaults; not
    # part of equality: two configs with the same values are the same settings.
    given: frozenset[str] = field(default=frozenset(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The settings as ``paperdeck config --json`` prints them."""
        return {
            "theme": self.theme,
            "sort": self.sort,
            "reverse": self.reverse,
            "advance_after_triage": self.advance_after_triage,
            "keys": dict(self.keys),
            "feeds": [{"name": feed.name, "source": feed.source} for feed in self.feeds],
        }


def config_path() -> Path:
    """Where the config file is (or would be), honouring ``$PAPERDECK_CONFIG``."""
    override = os.environ.get(CONFIG_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    found = paths.xdg_folder("XDG_CONFIG_HOME", "~/.config")
    if found is not None:
        return Path(found) / CONFIG_FILE
    # Imported here: with $PAPERDECK_CONFIG set (as in every test), or on Linux, it
    # is not needed.
    import platformdirs

    return Path(platformdirs.user_config_dir(paths.APP_NAME, appauthor=False)) / CONFIG_FILE


def load_config(path: Path | None = None) -> tuple[Config, list[str]]:
    """The config in ``path`` (default: config_path()) and one line per problem in it.

    A missing file is no problem: the defaults stand. A file that is not TOML gives
    one problem and the defaults; a bad setting gives one problem and its default.
    """
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(), []
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        return Config(), [f"{path}: cannot read the config file ({reason}); using the defaults"]
    # Imported here, like tempfile below: most runs have no config file to read or
    # write, and `paperdeck list` starts a few milliseconds sooner without them.
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_LINE.search(str(error))
        where = f"{path}:{found.group(1)}" if found else str(path)
        return Config(), [f"{where}: not valid TOML ({error}); using the defaults"]
    reader = _Reader(path, text)
    return reader.read(data), reader.problems


class _Reader:
    """Turns a parsed file into a Config, noting each bad setting with its line."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.problems: list[str] = []

    def problem(self, key: str, reason: str, table: str = "") -> None:
        line = _line_of(self.lines, table, key.rsplit(".", 1)[-1])
        where = f"{self.path}:{line}" if line else str(self.path)
        # One line whatever the file holds: a key or value with a line break in it
        # is shown escaped.
        said = f"{where}: {key}: {reason}"
        self.problems.append(_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", said))

    def read(self, data: dict[str, Any]) -> Config:
        for key in data:
            if key not in _SETTINGS:
                self.problem(key, f"unknown setting (known: {', '.join(_SETTINGS)}); ignored")
        theme = self.typed(data, "theme", str, "a theme name in quotes", None)
        sort = self.typed(data, "sort", str, "a sort name in quotes", DEFAULT_SORT)
        if sort is not _BAD and sort not in SORTS and not is_for_you(sort):
            names = ", ".join((*SORTS, FOR_YOU, FOR_YOU_TAG_PREFIX + "TAG"))
            self.problem("sort", f"unknown sort {_shown(sort)} (choose from {names})")
            sort = _BAD
        reverse = self.typed(data, "reverse", bool, "true or false", False)
        advance = self.typed(data, "advance_after_triage", bool, "true or false", False)
        checked = {
            "theme": theme,
            "sort": sort,
            "reverse": reverse,
            "advance_after_triage": advance,
        }
        bad = {name for name, value in checked.items() if value is _BAD}
        given = frozenset(data).intersection(_SETTINGS) - bad
        return Config(
            theme=(theme.strip() or None) if theme not in (None, _BAD) else None,
            keys=self.read_keys(data.get("keys", {})),
            sort=DEFAULT_SORT if sort is _BAD else sort,
            reverse=reverse is True,
            advance_after_triage=advance is True,
            feeds=self.read_feeds(data.get("feeds", [])),
            given=given,
        )

    def typed(self, data: dict[str, Any], key: str, kind: type, wanted: str, default: Any) -> Any:
        """The setting, its default when absent, or _BAD (after noting why)."""
        if key not in data:
            return default
        value = data[key]
        if isinstance(value, kind):
            return value
        self.problem(key, f"should be {wanted}, not {_shown(value)}; using the default")
        return _BAD

    def read_keys(self, table: Any) -> dict[str, str]:
        if not isinstance(table, dict):
            self.problem("keys", 'should be a [keys] table of binding = "key"; ignored')
            return {}
        keys: dict[str, str] = {}
        for binding, key in table.items():
            name = f"keys.{binding}"
            if binding not in BINDING_IDS:
                known = ", ".join(BINDING_IDS)
                self.problem(name, f"no binding has this id (known: {known}); ignored", "keys")
            elif not isinstance(key, str) or not key.strip() or any(c.isspace() for c in key):
                self.problem(
                    name,
                    f'should be a key in quotes, like "x" or "ctrl+x", not {_shown(key)}; '
                    "using the default",
                    "keys",
                )
            else:
                keys[binding] = key
        return keys

    def feed_problem(self, number: int, reason: str, key: str = "") -> None:
        """A problem of the ``number``-th ``[[feeds]]`` table, at its header's line
        (or at its ``key`` line when it has one)."""
        headers = [n for n, line in enumerate(self.lines, 1) if _header_is(line, "feeds")]
        line = headers[number - 1] if number <= len(headers) else None
        if line is not None and key:
            end = next((h for h in headers if h > line), len(self.lines) + 1)
            assignment = re.compile(rf"^\s*{key}\s*=")
            line = next((n for n in range(line, end) if assignment.match(self.lines[n - 1])), line)
        where = f"{self.path}:{line}" if line else str(self.path)
        said = f"{where}: feeds: {reason}"
        self.problems.append(_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", said))

    def read_feeds(self, entries: Any) -> tuple[Feed, ...]:
        # Imported here: only a config with feeds needs the source syntax.
        from .fetch.specs import SpecError, looks_like_source, parse_source

        if not isinstance(entries, list):
            self.problem("feeds", "should be [[feeds]] tables with a name and a source; ignored")
            return ()
        feeds: list[Feed] = []
        taken: set[str] = set()
        for number, entry in enumerate(entries, 1):
            name = entry.get("name") if isinstance(entry, dict) else None
            source = entry.get("source") if isinstance(entry, dict) else None
            where = number
            if not (isinstance(name, str) and name.strip() and isinstance(source, str)):
                self.feed_problem(where, "a feed needs a name and a source, in quotes; ignored")
                continue
            name = name.strip()
            if looks_like_source(name) or any(c.isspace() for c in name):
                self.feed_problem(
                    where,
                    f"the name {_shown(name)} should be one word that is not a source "
                    "(no arxiv:, hf or search:); ignored",
                )
                continue
            if name.casefold() in taken:
                self.feed_problem(where, f"a second feed named {_shown(name)}; ignored")
                continue
            try:
                parse_source(source)
            except SpecError as error:
                self.feed_problem(where, f"source: {error}; ignored", "source")
                continue
            taken.add(name.casefold())
            feeds.append(Feed(name, source.strip()))
        return tuple(feeds)


def _shown(value: Any) -> str:
    """A setting's value as the person wrote it, near enough: ``3``, ``true``, ``"x"``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _line_of(lines: list[str], table: str, key: str) -> int | None:
    """The 1-based line that sets ``key`` in ``table`` ("" for the top level), or
    the table's header when no line sets it there (tomllib keeps no positions)."""
    current = ""
    header: int | None = None
    assignment = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*=")
    for number, line in enumerate(lines, 1):
        found = _TABLE_HEADER.match(line)
        if found:
            current = found.group(1)
            if current == table and header is None:
                header = number
            continue
        if current == table and assignment.match(line):
            return number
    if header is None and not table:
        # A whole table as the wrong thing: its header is where it is.
        header = next((n for n, line in enumerate(lines, 1) if _header_is(line, key)), None)
    return header


def _header_is(line: str, name: str) -> bool:
    found = _TABLE_HEADER.match(line)
    return bool(found and found.group(1) == name)


# -- writing the theme back ------------------------------------------------------------

_THEME_LINE = re.compile(r"^(\s*theme\s*=\s*)(\"(?:[^\"\\]|\\.)*\"|'[^']*'|\S+)(.*)$")


def save_theme(theme: str, path: Path | None = None) -> Path:
    """Set ``theme = "NAME"`` in the config file, leaving every other line as it was;
    the file (and its folder) are made when missing. One atomic replacement, so a
    crash leaves the old file or the new one. Returns the path; raises OSError."""
    path = path or config_path()
    # A config kept elsewhere and linked here (a dotfiles folder) stays linked: the
    # file it points to is the one replaced.
    path = path.resolve() if path.is_symlink() else path
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    value = toml_string(theme)
    lines = text.splitlines(keepends=True)
    first_table = next((i for i, line in enumerate(lines) if _TABLE_HEADER.match(line)), None)
    top_level = lines if first_table is None else lines[:first_table]
    for number, line in enumerate(top_level):
        found = _THEME_LINE.match(line.rstrip("\r\n"))
        if found:
            ending = line[len(line.rstrip("\r\n")) :] or "\n"
            lines[number] = f"{found.group(1)}{value}{found.group(3)}{ending}"
            break
    else:
        # A new top-level key must come before the first table, or TOML files it there.
        at = len(lines) if first_table is None else first_table
        if at and not lines[at - 1].endswith("\n"):
            lines[at - 1] += "\n"
        lines.insert(at, f"theme = {value}\n")
    _write_atomically(path, "".join(lines))
    return path


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string: quoted, with backslashes, quotes and control
    characters (DEL too, which TOML, unlike JSON, does not allow raw) escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return (
        '"'
        + "".join(f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) == 0x7F else c for c in escaped)
        + '"'
    )


def _write_atomically(path: Path, text: str) -> None:
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        # mkstemp makes the file private; keep the mode of the person's file, or the
        # usual one for a new file.
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
