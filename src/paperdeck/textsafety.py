"""What text paperdeck lets in and lets out: one sanitiser, one neutraliser, the limits.

Imported files come from the web; their text ends up on a terminal and in Markdown
and BibTeX that other programs render. A character that a terminal or a renderer
acts on instead of showing (an ESC starting a control sequence, a bidi override that
reverses what follows, a zero-width space hiding inside a word) is data nobody wants.

- ``sanitise_line`` / ``sanitise_text`` are the door: every importer (and every
  command that stores a person's text) passes its fields through them. They strip
  the characters below and normalise to NFC.
- ``neutralise`` is the exit: ``list``, every export and the app strip the same
  characters again when they write, for libraries saved before the door existed.

Stripped: C0 controls but tab and newline (those two only where a field may hold
several lines; elsewhere they become spaces), DEL, C1 controls, NUL however it was
encoded (a JSON ``\\u0000`` arrives here as a NUL), a lone surrogate (made U+FFFD),
the bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069),
and zero-width characters no word needs (U+200B, U+2060–U+2064, U+FEFF, U+180E).
ZERO WIDTH JOINER and NON-JOINER are kept between two letters, marks or non-ASCII
symbols:
Persian, Hindi and other scripts need them inside words, and emoji sequences join by
them; anywhere else (at an edge, beside a space, twice in a row) they go.
"""

from __future__ import annotations

import re
import unicodedata

# --- limits ----------------------------------------------------------------------
#
# Far above any real paper (the seeds' longest title is under 250 characters, their
# longest abstract under 3,000), far below what freezes a list row or the app.
TITLE_MAX_CHARS = 2_000
ABSTRACT_MAX_CHARS = 100_000
NOTE_MAX_BYTES = 1_000_000  # 1 MB of UTF-8
TAG_MAX_CHARS = 100
TAGS_MAX_PER_PAPER = 100
# Collaboration papers in physics list over 5,000 authors (the ATLAS Higgs mass paper
# has 5,154); a name or a category is one line.
AUTHOR_NAME_MAX_CHARS = 500
AUTHOR_NAMES_MAX_PER_PAPER = 20_000
CATEGORY_MAX_CHARS = 100
CATEGORIES_MAX_PER_PAPER = 100


class TextLimitError(ValueError):
    """A field is over one of paperdeck's limits; the message names field and limit."""


def check_length(field: str, text: str, limit: int) -> None:
    """Raise TextLimitError when ``text`` has more than ``limit`` characters."""
    if len(text) > limit:
        raise TextLimitError(f"{field} is {len(text):,} characters, over the limit of {limit:,}")


def check_note(note: str) -> None:
    """Raise TextLimitError when a note is over NOTE_MAX_BYTES of UTF-8."""
    # Counting characters first spares encoding a small note; a character is at most
    # four bytes, so a note under a quarter of the limit cannot be over it.
    if len(note) * 4 <= NOTE_MAX_BYTES:
        return
    size = len(note.encode("utf-8", "surrogatepass"))
    if size > NOTE_MAX_BYTES:
        raise TextLimitError(f"note is {size:,} bytes, over the limit of {NOTE_MAX_BYTES:,} (1 MB)")


def check_items(
    field: str, items: tuple[str, ...], most: int, item_field: str, item_limit: int
) -> None:
    """Raise TextLimitError for more than ``most`` items or an item over ``item_limit``
    characters (``check_items("author names", names, ..., "an author name", ...)``)."""
    if len(items) > most:
        raise TextLimitError(f"{len(items):,} {field}, over the limit of {most:,} a paper")
    for item in items:
        check_length(item_field, item, item_limit)


def check_tags(tags: tuple[str, ...] | list[str]) -> None:
    """Raise TextLimitError for more than TAGS_MAX_PER_PAPER tags or a tag too long."""
    if len(tags) > TAGS_MAX_PER_PAPER:
        raise TextLimitError(
            f"{len(tags):,} tags, over the limit of {TAGS_MAX_PER_PAPER} tags a paper"
        )
    for tag in tags:
        check_length("a tag", tag, TAG_MAX_CHARS)


# --- characters ------------------------------------------------------------------

_JOINERS = "\u200c\u200d"
# Everything stripped in every field, joiners aside (decided by their neighbours).
_ALWAYS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but tab and newline, DEL, C1
    "\u202a-\u202e\u2066-\u2069"  # bidi embeddings, overrides, isolates
    "\u200b\u2060-\u2064\ufeff\u180e"  # zero-width space, word joiner, invisible operators
)
_SURROGATE = "\ud800-\udfff"
_UNSAFE_TEXT = re.compile(f"[{_ALWAYS}{_SURROGATE}{_JOINERS}\u2028\u2029]")
_UNSAFE_LINE = re.compile(f"[{_ALWAYS}{_SURROGATE}{_JOINERS}\t\n\u2028\u2029]")


def _joinable(char: str) -> bool:
    """A letter, a mark, or a non-ASCII symbol (emoji, skin-tone modifiers): what a
    joiner joins. ASCII symbols (<, `, ^) are not: no word or emoji needs a joiner
    beside them, and exports escape them, which would strand it."""
    category = unicodedata.category(char)
    return category[0] in "LM" or (category in ("So", "Sk") and not char.isascii())


def _joiner_needed(text: str, index: int) -> bool:
    if index == 0 or index + 1 >= len(text):
        return False
    return _joinable(text[index - 1]) and _joinable(text[index + 1])


def _replacement(text: str, match: re.Match[str], *, line: bool) -> str:
    char = match.group()
    if char in _JOINERS:
        return char if _joiner_needed(text, match.start()) else ""
    if char in "\u2028\u2029\t\n":
        # Only a one-line field meets tab and newline here; line separators end lines.
        return " " if line else "\n"
    if "\ud800" <= char <= "\udfff":
        return "\ufffd"
    return ""


def _strip(text: str, pattern: re.Pattern[str], *, line: bool) -> str:
    # Every character stripped is a control, format, surrogate or separator, none of
    # which is printable: the common case costs one C-speed pass, no regex.
    if text.isprintable() or pattern.search(text) is None:
        return text
    return pattern.sub(lambda match: _replacement(text, match, line=line), text)


def neutralise(text: str, *, multiline: bool = False) -> str:
    """``text`` without the characters a terminal or renderer would act on (see the
    module's docstring), for output. Without ``multiline`` tabs and line breaks
    become spaces, so a field stays on its line. Text that holds none is returned as
    it is, at the cost of one regex scan."""
    return _strip(text, _UNSAFE_TEXT if multiline else _UNSAFE_LINE, line=not multiline)


def neutralise_in_place(text: str, *, multiline: bool = False) -> str:
    """Like ``neutralise`` but of the same length: each character it would drop is a
    U+FFFD instead (a tab or line break in one-line text a space). For a display
    that highlights match offsets computed on the stored text (the app's title and
    abstract), which must still point at the same characters."""
    pattern = _UNSAFE_TEXT if multiline else _UNSAFE_LINE
    if pattern.search(text) is None:
        return text

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        if char in _JOINERS and _joiner_needed(text, match.start()):
            return char
        if char in "\t\n\u2028\u2029":
            return " " if not multiline or char in "\u2028\u2029" else char
        return "\ufffd"

    return pattern.sub(replace, text)


def _nfc(text: str) -> str:
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def sanitise_line(text: str) -> str:
    """A one-line field (a title, a tag, an organisation) as paperdeck stores it."""
    return _nfc(neutralise(text))


def sanitise_text(text: str) -> str:
    """A field that may hold lines (a note) as paperdeck stores it: tab and newline
    kept, U+2028 and U+2029 made newlines."""
    return _nfc(neutralise(text, multiline=True))


def unsafe_characters(text: str, *, multiline: bool = False) -> list[str]:
    """The characters of ``text`` that ``neutralise`` would change (for checks and tests)."""
    pattern = _UNSAFE_TEXT if multiline else _UNSAFE_LINE
    found = []
    for match in pattern.finditer(text):
        char = match.group()
        if char in _JOINERS and _joiner_needed(text, match.start()):
            continue
        found.append(char)
    return found
