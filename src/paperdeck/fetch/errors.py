"""The two ways a fetch fails, as the CLI and the app report them.

Imported by ``paperdeck.cli`` on every start-up, so it imports nothing.
"""

from __future__ import annotations


class FetchError(Exception):
    """A fetch that did not happen; ``str()`` is one line naming the service and why."""

    def __init__(self, service: str, reason: str) -> None:
        self.service = service
        self.reason = " ".join(reason.split())
        super().__init__(f"{service}: {self.reason}")

    def __reduce__(self) -> tuple[type[FetchError], tuple[str, str]]:
        return (type(self), (self.service, self.reason))


class ServiceUnavailable(FetchError):
    """Offline, refused, timed out, a server error after the retries, an answer cut
    off or not in the expected layout: the CLI's exit status 4, nothing changed."""


class RequestRejected(FetchError):
    """The service refused the request as asked (HTTP 400 and its error text: a
    malformed id, a query it cannot read, an unknown category): exit status 2."""
