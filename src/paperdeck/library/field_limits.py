"""The error a write raises for a note, tag or title over its limit, and the guard
that turns textsafety's limit errors into it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from ..textsafety import TextLimitError
from .storage import StorageError


class FieldLimitError(StorageError, TextLimitError):
    """A note, tag or title over its limit, so nothing was saved. A TextLimitError
    (the CLI's exit 2) and a StorageError too, so that a front end reporting failed
    saves reports this one ("Not saved: note is … over the limit …")."""


@contextlib.contextmanager
def within_limits() -> Iterator[None]:
    """Raise FieldLimitError for a TextLimitError raised inside."""
    try:
        yield
    except TextLimitError as error:
        raise FieldLimitError(str(error)) from None
