"""BibTeX's LaTeX as plain text: accents, escapes, braces and commands resolved."""

from __future__ import annotations

import re
import unicodedata

# --- LaTeX to text -----------------------------------------------------------------
#
# Written out rather than using pylatexenc (which bibtexparser ships with) because
# pylatexenc reads "%" as a comment and would cut abstracts such as "improves by 5%".

_ACCENTS = {
    "`": "\u0300",
    "'": "\u0301",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    "u": "\u0306",
    ".": "\u0307",
    '"': "\u0308",
    "r": "\u030a",
    "H": "\u030b",
    "v": "\u030c",
    "d": "\u0323",
    "c": "\u0327",
    "k": "\u0328",
    "b": "\u0331",
}
_SYMBOLS = {
    "ss": "ß",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
}
_TEXT_SYMBOLS = {
    "textbackslash": "\\",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textbraceleft": "{",
    "textbraceright": "}",
}
_LATEX = re.compile(
    r"""
    (?P<math>\$[^$]*\$)
    | \\(?P<acc>[`'^~=."])\s*
      (?:\{\s*(?P<b1>\\[ij]|[A-Za-z])\s*\}|(?P<b2>\\[ij](?![A-Za-z])|[A-Za-z]))
    | \\(?P<lacc>[urHvdckb])(?:\s*\{\s*(?P<b3>\\[ij]|[A-Za-z])\s*\}|\s+(?P<b4>[A-Za-z]))
    | \\(?P<sym>ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])(?:\{\}|[ \t])?
    | \\(?P<esc>[&%$\#_{}])
    | \\(?P<textsym>textbackslash|textasciitilde|textasciicircum|textbrace(?:left|right))
      (?![A-Za-z])(?:\{\})?
    | \\(?P<space>[\ ,;!]|\\)
    | \\(?P<cmd>[A-Za-z]+)(?P<gap>\s*)(?P<arg>\{(?!\}))?
    | (?P<brace>[{}])
    | (?<=\w)(?P<tilde>~)(?=[\w\\])
    """,
    re.VERBOSE,
)


# Old-style font switches ({\em text}) only style what follows them.
_SWITCHES = frozenset(
    {"em", "it", "bf", "sc", "tt", "rm", "sl", "sf", "up", "md", "normalfont", "itshape"}
)


def _latex_piece(match: re.Match[str]) -> str:
    if match["math"] is not None:
        return match["math"]
    if match["acc"] is not None or match["lacc"] is not None:
        accent = _ACCENTS[match["acc"] or match["lacc"]]
        base = match["b1"] or match["b2"] or match["b3"] or match["b4"] or ""
        base = base[-1] if base.startswith("\\") else base  # \i and \j take accents as i, j
        return base + accent
    if match["sym"] is not None:
        return _SYMBOLS[match["sym"]]
    if match["esc"] is not None:
        return match["esc"]
    if match["textsym"] is not None:
        # What paperdeck's own BibTeX export writes for \\, ~ and ^ in plain text.
        return _TEXT_SYMBOLS[match["textsym"]]
    # "~" is a LaTeX non-breaking space only between two words ("Section~3"); elsewhere
    # ("a ~3B model") it is the approximation sign of a pasted abstract.
    if match["space"] is not None or match["tilde"] is not None:
        return " "
    if match["cmd"] is not None:
        # \emph{x}, \textbf{x}: keep the argument, drop the command. A command with no
        # argument (\LaTeX, \eg, \alpha outside math) keeps its name as the best guess.
        if match["arg"] or match["cmd"] in _SWITCHES:
            return ""
        return match["cmd"] + match["gap"]
    return ""  # a grouping brace


def latex_to_text(value: str) -> str:
    """Plain text from a BibTeX field: braces and basic LaTeX accents and escapes resolved.

    ``{\\"o}`` -> ``ö``, ``\\&`` -> ``&``, ``{BERT}`` -> ``BERT``, ``\\emph{x}`` -> ``x``,
    ``Section~3`` -> ``Section 3``; ``$…$`` math is kept as written. Whitespace is not
    normalised here.
    """
    if "\\" not in value and "{" not in value and "}" not in value and "~" not in value:
        return value
    return unicodedata.normalize("NFC", _LATEX.sub(_latex_piece, value))
