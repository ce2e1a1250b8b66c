"""esc typed fast and then a key: two keys, not alt+key.

A terminal sends esc as the byte ESC and alt+j as ESC j, so Textual's input parser
reads an ESC followed within its escape delay (100 ms) by a character as alt plus
that character. A person who leaves the filter with esc and moves on with j j, or a
macro or ``tmux send-keys Escape j j`` that sends them in one write, got alt+j and
j: the esc was lost and the j typed into the filter ("diffusionjj"). paperdeck binds
no alt+ key to a printable character, so such a key is read as what was typed: esc,
then the character.
"""

from __future__ import annotations

from textual import events

_ALT = "alt+"
_SHIFT = "shift+"


def as_typed(event: events.Key) -> tuple[events.Key, events.Key] | None:
    """esc and the plain key for an alt+ key whose character is one printable
    character (alt+j, alt+shift+j, alt+slash); None for any other key (alt+backspace,
    ctrl+j, j)."""
    character = event.character
    if not event.key.startswith(_ALT) or character is None or len(character) != 1:
        return None
    if not character.isprintable():
        return None
    name = event.key[len(_ALT) :]
    if name.startswith(_SHIFT):
        rest = name[len(_SHIFT) :]
        # Textual names an upper-case letter by itself ("J") and alt with it
        # alt+shift+j; other shifted keys keep their shift+.
        name = rest.upper() if len(rest) == 1 and rest.isalpha() else name
    if "+" in name and name != "plus":  # another modifier (ctrl, super…) is no typing
        return None
    return events.Key("escape", "\x1b"), events.Key(name, character)
