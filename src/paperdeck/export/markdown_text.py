"""Data as Markdown text that renders as text: no raw HTML, no stray markup.

Markdown passes HTML through, so a title, an organisation line or a tag from a
saved web page could carry ``<img onerror=…>`` into whatever renders the export.
Plain fields are escaped whole; a note keeps its Markdown (emphasis, lists, code,
links to http/https pages) but loses raw HTML and every other kind of link.
"""

from __future__ import annotations

import re

# Characters that would start HTML or an entity: written as entities, so a renderer
# shows them whatever its HTML settings.
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_HTML_SPECIAL = re.compile("[&<>]")
# Characters that would turn plain text into emphasis, a link, a heading or a table.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|!~])")


def escape_html(text: str) -> str:
    """``<``, ``>`` and ``&`` as entities."""
    return _HTML_SPECIAL.sub(lambda match: _HTML[match.group()], text)


# What would start a block at the beginning of a field: a list number ("0)", "1."),
# a bullet, a setext underline (">" is written "&gt;", which starts no quote).
_BLOCK_START = re.compile(r"^(\s*)(?:(\d{1,9})([.)])|([-+=]))")


def escape_markdown(text: str) -> str:
    """A plain field (a title, an organisation line, an abstract) as literal Markdown
    text, also where it starts a line."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    escaped = _BLOCK_START.sub(
        lambda m: (
            m.group(1) + (m.group(2) + "\\" + m.group(3) if m.group(2) else "\\" + m.group(4))
        ),
        escaped,
    )
    return escape_html(escaped)


def code_span(text: str) -> str:
    """``text`` as an inline code span that no backtick inside it can close: the fence
    is one backtick longer than the longest run in the text (CommonMark)."""
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    # A space on each side keeps a leading or trailing backtick off the fence; a
    # renderer strips one such space from each side.
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# In a note: a fence line opening or closing a code block, an inline code span, and a
# link to an http(s) page (text without brackets, a destination without spaces,
# parentheses or angle brackets).
# A backtick fence's info string holds no backtick (else the line is no fence).
_FENCE = re.compile(r"^ {0,3}(`{3,}(?=[^`]*$)|~{3,})")
_INLINE = re.compile(
    r"(?P<code>(?<!`)(?P<ticks>`+)(?!`).*?(?<!`)(?P=ticks)(?!`))"
    r"|(?P<link>\[(?P<text>[^\[\]\n]*)\]\((?P<url>https?://[^\s()<>\"'`]+)\))",
    re.IGNORECASE,
)
# What a note line may start with that is Markdown, not text: indentation, quote
# markers and list bullets or numbers, kept as they are.
_LINE_START = re.compile(r"^(\s*(?:>\s*)*(?:[-+*]\s+|\d{1,9}[.)]\s+)?)")
# Outside a kept code span or link: brackets and "!" (no other link, image or
# reference can form), backticks (no code span this code did not see) and backslashes.
_NOTE_SPECIAL = re.compile(r"([\[\]!`\\])")


def _note_text(text: str) -> str:
    return escape_html(_NOTE_SPECIAL.sub(r"\\\1", text))


def _note_line(line: str) -> str:
    start = _LINE_START.match(line)
    lead = start.group(1) if start else ""
    out = [lead]
    rest = line[len(lead) :]
    position = 0
    for match in _INLINE.finditer(rest):
        out.append(_note_text(rest[position : match.start()]))
        if match.group("code"):
            out.append(match.group("code"))
        else:
            label = _note_text(match.group("text"))
            out.append(f"[{label}]({match.group('url')})")
        position = match.end()
    out.append(_note_text(rest[position:]))
    return "".join(out)


def safe_note(note: str) -> list[str]:
    """A note's lines as Markdown without raw HTML: fenced code blocks are kept as
    they are, code spans and http(s) links too, and everything else has ``<``, ``>``
    and ``&`` as entities and brackets escaped."""
    lines: list[str] = []
    fence: str | None = None
    for line in note.splitlines():
        opening = _FENCE.match(line)
        if fence is not None:
            lines.append(line)
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
        elif opening:
            fence = opening.group(1)
            lines.append(line)
        else:
            lines.append(_note_line(line))
    return lines
