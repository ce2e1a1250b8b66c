"""Author lines as arXiv's listing feeds write them, made into ordered names.

The feeds give one ``dc:creator`` string: ``First Last (Affil 1, Affil 2), First
Last, …``. Affiliations hold commas, so the line is split on commas outside
parentheses, and each affiliation is dropped. Names keep arXiv's TeX accents
(``M\\"uller``); ``decode_tex`` turns the common ones into letters (``Müller``).
"""

from __future__ import annotations

import re
import unicodedata

# TeX accent commands and the combining mark each stands for.
_ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
}
# Letters TeX writes as commands of their own.
_LETTERS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
}
# \'e  \'{e}  {\'e}  \"{\i}  \c{c}  \v c  (a letter accent needs a brace or a space).
_ACCENTED = re.compile(
    r"\{?\\(?:([\'`^\"~=.])\s*|([uvHckr])(?:\s+|(?=\{)))\{?\s*(\\[ij]\b|[A-Za-z])\s*\}?\}?"
)
_LETTER = re.compile(r"\{?\\(ss|ae|AE|oe|OE|aa|AA|[oOlLij])(?![A-Za-z])\s*(?:\{\})?\}?")


def decode_tex(text: str) -> str:
    """``text`` with TeX accents and special letters as Unicode (NFC); braces that
    only grouped a letter go too. Other TeX is left as it is."""
    if "\\" not in text:
        return text

    def accented(match: re.Match[str]) -> str:
        accent = match.group(1) or match.group(2)
        letter = match.group(3)
        # A dotless i or j under an accent is the letter itself: \"{\i} is ï.
        base = letter.removeprefix("\\")
        return base + _ACCENTS[accent]

    decoded = _ACCENTED.sub(accented, text)
    decoded = _LETTER.sub(lambda match: _LETTERS[match.group(1)], decoded)
    return unicodedata.normalize("NFC", decoded)


def split_creators(line: str) -> tuple[str, ...]:
    """The names of a ``dc:creator`` line, in order, without affiliations."""
    names: list[str] = []
    depth = 0
    current: list[str] = []
    for char in line:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif char == "," and depth == 0:
            names.append("".join(current))
            current = []
            continue
        elif depth == 0:
            current.append(char)
    names.append("".join(current))
    cleaned = (" ".join(decode_tex(name).split()) for name in names)
    return tuple(name.removeprefix("and ") for name in cleaned if name)
