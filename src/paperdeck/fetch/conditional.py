"""What a conditional request keeps between fetches: the validators a feed gave.

Imports nothing: the library's validators file (``library/feed_validators.py``)
speaks these types without loading httpx.
"""

from __future__ import annotations

from typing import Protocol, TypedDict


class Validators(TypedDict, total=False):
    """What a conditional request sends back: the answer's ETag and Last-Modified."""

    etag: str
    last_modified: str


class ValidatorStore(Protocol):
    """Where the validators of earlier answers are kept (the library's file)."""

    def validators(self, url: str) -> Validators | None: ...
