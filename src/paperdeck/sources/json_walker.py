"""Walking JSON text record by record, knowing the line each record starts on.

JSON Lines is read a line at a time. A JSON document (a list of papers, an object
holding that list under one of LIST_KEYS, or one paper object) is stepped through
with the standard decoder's ``raw_decode``, so each element keeps its line and a
syntax error ends the reading there with a problem, keeping the records before it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from paperdeck.sources.base import ResultBuilder, snippet
from paperdeck.sources.json_sniff import LIST_KEYS, WHITESPACE

_DECODER = json.JSONDecoder()

# (line, decoded value, None) or (line, None, why the value could not be read).
Record = tuple[int, Any, str | None]


def json_lines(text: str) -> Iterator[Record]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield number, None, f"line is not valid JSON ({error.msg} at column {error.colno})"
            continue
        except (ValueError, RecursionError) as error:
            yield number, None, f"line is not valid JSON ({_reason(error)})"
            continue
        yield number, value, None


def _reason(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "nested too deeply"
    if isinstance(error, json.JSONDecodeError):
        return error.msg
    return snippet(str(error), 80)


def not_object(value: Any) -> str:
    kinds = {list: "an array", str: "a string", bool: "true or false", type(None): "null"}
    kind = kinds.get(type(value), "a number")
    return f"expected a JSON object for a paper, found {kind}"


class _Walker:
    """Steps through a JSON document and knows the line of every position it visits."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self._line_pos = 0
        self._line = 1

    def line(self, pos: int) -> int:
        """The 1-based line of ``pos``; positions asked for never move backwards."""
        # Counting newlines from the last position asked for keeps the walk linear.
        if pos > self._line_pos:
            self._line += self.text.count("\n", self._line_pos, pos)
            self._line_pos = pos
        return self._line

    def skip_space(self) -> str:
        """Move past whitespace and return the next character ("" at the end)."""
        match = WHITESPACE.match(self.text, self.pos)
        if match:
            self.pos = match.end()
        return self.text[self.pos : self.pos + 1]

    def value(self) -> Any:
        """Decode the value at the position and move past it."""
        value, self.pos = _DECODER.raw_decode(self.text, self.pos)
        return value

    def expect(self, char: str) -> None:
        """Move past ``char`` after optional whitespace, or raise ValueError."""
        if self.skip_space() != char:
            found = self.text[self.pos : self.pos + 1]
            where = f"found {found!r}" if found else "found the end of the file"
            raise ValueError(f"expected {char!r}, {where}")
        self.pos += 1

    def elements(self) -> Iterator[tuple[int, Any]]:
        """The elements of the array at the position, each with the line it starts on."""
        self.expect("[")
        if self.skip_space() == "]":
            self.pos += 1
            return
        while True:
            self.skip_space()
            line = self.line(self.pos)
            yield line, self.value()
            if self.skip_space() == ",":
                self.pos += 1
                continue
            self.expect("]")
            return


def document_records(text: str, builder: ResultBuilder) -> Iterator[Record]:
    walker = _Walker(text)
    try:
        if walker.skip_space() == "[":
            yield from _elements(walker, builder)
        else:
            yield from _object_records(walker, builder)
        if walker.skip_space():
            raise ValueError("extra data after the end of the document")
    except (ValueError, RecursionError) as error:
        pos = error.pos if isinstance(error, json.JSONDecodeError) else walker.pos
        yield (
            walker.line(pos),
            None,
            f"invalid JSON ({_reason(error)}); the rest of the file was not read",
        )


def _elements(walker: _Walker, builder: ResultBuilder) -> Iterator[Record]:
    empty = True
    for line, value in walker.elements():
        empty = False
        if isinstance(value, dict):
            yield line, value, None
        else:
            yield line, None, not_object(value)
    if empty:
        builder.problem(walker.line(walker.pos), "the JSON list holds no papers")


def _object_records(walker: _Walker, builder: ResultBuilder) -> Iterator[Record]:
    """A top-level object: a wrapper with the list under a known key, or one paper."""
    start_line = walker.line(walker.pos)
    walker.expect("{")
    members: dict[str, Any] = {}
    wrapper = False
    if walker.skip_space() == "}":
        walker.pos += 1
    else:
        while True:
            walker.skip_space()
            key = walker.value()
            if not isinstance(key, str):
                raise ValueError("expected a property name in double quotes")
            walker.expect(":")
            if walker.skip_space() == "[" and key in LIST_KEYS and not wrapper:
                wrapper = True
                yield from _elements(walker, builder)
            else:
                members[key] = walker.value()
            if walker.skip_space() == ",":
                walker.pos += 1
                continue
            walker.expect("}")
            break
    if not wrapper:
        yield start_line, members, None
