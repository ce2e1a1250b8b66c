"""The one HTTP client of paperdeck: polite, patient and clear about failing.

- A ``User-Agent`` naming paperdeck and its version (arXiv's throttling is said to
  key on it).
- Timeouts on connecting and reading; one connection at a time.
- A gap between requests of one *pace* group (arXiv's API and feeds share one: its
  terms count them together), measured from the end of the previous request, so two
  requests never start closer than the gap.
- Retries, at most ``attempts`` tries in all, on 429 and 5xx answers and on
  connections reset or answers cut off: after ``Retry-After`` (seconds or a date; on
  Hugging Face the ``t=`` of its ``RateLimit`` header) when the service gives one,
  else after a backoff doubling from ``backoff`` seconds. A service asking for a wait
  longer than ``max_wait`` is not waited for: it is reported at once.
- Conditional requests: the validators a feed gave last time (ETag, Last-Modified)
  go out as If-None-Match / If-Modified-Since; a 304 answer is "nothing new". The
  caller keeps the answer's new validators only once what it brought is saved.

A connection refused, a name that does not resolve, a timeout while connecting:
the service is unreachable, and retrying at once helps nobody (ServiceUnavailable
straight away). A 400 answer is returned to the caller, whose parser reads the
service's error text from it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from .. import __version__
from .conditional import Validators, ValidatorStore
from .errors import ServiceUnavailable

USER_AGENT = f"paperdeck/{__version__} (terminal reading list for research papers; httpx)"

# Answers worth another try: too many requests, and the server errors a busy or
# restarting service gives.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
DEFAULT_ATTEMPTS = 4  # the first try and three retries, as arxiv.py does
DEFAULT_BACKOFF_SECONDS = 2.0
# Longer waits than this are not waited out: arXiv's 429s have lasted hours.
DEFAULT_MAX_WAIT_SECONDS = 60.0
# Listing pages and API answers are a few hundred kB; anything far larger is not one.
MAX_ANSWER_BYTES = 50_000_000
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)

_RATE_LIMIT_RESET = re.compile(r"(?:^|;)\s*t=(\d+)")
_ERRNO = re.compile(r"^\[Errno -?\d+\]\s*")


@dataclass(frozen=True, slots=True)
class Answer:
    """An answer the caller reads: 200, 304 (not modified) or 400 (refused)."""

    status: int
    body: bytes
    url: str
    # The validators to keep for the next conditional request (None: none given).
    validators: Validators | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _Retry(Exception):
    """One try failed in a way another try may not; ``wait`` is the service's wish."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


class HttpClient:
    """GET requests with the manners above. ``clock`` and ``sleep`` are injectable
    so a test can check the waiting without waiting."""

    def __init__(
        self,
        *,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        attempts: int = DEFAULT_ATTEMPTS,
        backoff: float = DEFAULT_BACKOFF_SECONDS,
        max_wait: float = DEFAULT_MAX_WAIT_SECONDS,
        max_bytes: int = MAX_ANSWER_BYTES,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.attempts = max(attempts, 1)
        self.backoff = backoff
        self.max_wait = max_wait
        self.max_bytes = max_bytes
        self.clock = clock
        self.sleep = sleep
        # When the latest request of each pace group ended.
        self._ended: dict[str, float] = {}
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            timeout=timeout,
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
            follow_redirects=True,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self,
        service: str,
        url: str,
        params: Mapping[str, str] | None = None,
        *,
        pace: str | None = None,
        gap: float = 0.0,
        store: ValidatorStore | None = None,
    ) -> Answer:
        """GET ``url``; raises ServiceUnavailable naming ``service`` when no try
        gave a 200, 304 or 400 answer. ``pace`` and ``gap``: the group and the seconds
        kept between its requests; ``store``: ask conditionally."""
        headers: dict[str, str] = {}
        known = store.validators(url) if store is not None else None
        if known:
            if known.get("etag"):
                headers["If-None-Match"] = known["etag"]
            if known.get("last_modified"):
                headers["If-Modified-Since"] = known["last_modified"]
        reason = ""
        for attempt in range(1, self.attempts + 1):
            self._wait_turn(pace, gap)
            try:
                try:
                    return self._try(service, url, params, headers)
                finally:
                    # The gap counts from the end of this request, before any
                    # wait for a retry (which counts towards it).
                    if pace is not None:
                        self._ended[pace] = self.clock()
            except _Retry as retry:
                reason = retry.reason
                wait = retry.wait
                if wait is None:
                    wait = self.backoff * 2 ** (attempt - 1)
                elif wait > self.max_wait:
                    raise ServiceUnavailable(
                        service,
                        f"{reason}, and asks to wait {wait:,.0f} s before asking again; "
                        "try again later",
                    ) from None
                if attempt < self.attempts:
                    self.sleep(wait)
        tries = "try" if self.attempts == 1 else f"{self.attempts} tries"
        raise ServiceUnavailable(service, f"{reason} ({tries})")

    def _wait_turn(self, pace: str | None, gap: float) -> None:
        if pace is None or pace not in self._ended:
            return
        elapsed = self.clock() - self._ended[pace]
        if elapsed < gap:
            self.sleep(gap - elapsed)

    def _try(
        self, service: str, url: str, params: Mapping[str, str] | None, headers: dict[str, str]
    ) -> Answer:
        host = urlsplit(url).netloc or url
        try:
            with self._client.stream("GET", url, params=params, headers=headers) as response:
                status = response.status_code
                if status in RETRY_STATUSES:
                    raise _Retry(f"{host} answered HTTP {status}", _wait_asked(response))
                if status not in (200, 304, 400):
                    phrase = f" {response.reason_phrase}" if response.reason_phrase else ""
                    raise ServiceUnavailable(
                        service, f"{response.url} answered HTTP {status}{phrase}"
                    )
                body = self._read(service, response)
                final_url = str(response.url)
                validators = _validators(response) if status == 200 else None
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.UnsupportedProtocol) as error:
            raise ServiceUnavailable(
                service, f"cannot connect to {host} ({_said(error)})"
            ) from None
        except httpx.TimeoutException:
            raise _Retry(f"{host} did not answer in time") from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as error:
            raise _Retry(f"the answer of {host} was cut off ({_said(error)})") from None
        except httpx.HTTPError as error:
            raise ServiceUnavailable(service, f"{host}: {_said(error)}") from None
        return Answer(status, body, final_url, validators)

    def _read(self, service: str, response: httpx.Response) -> bytes:
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise ServiceUnavailable(
                    service, f"the answer is over {self.max_bytes // 1_000_000} MB; not read"
                )
            chunks.append(chunk)
        return b"".join(chunks)


def _wait_asked(response: httpx.Response) -> float | None:
    """The seconds a 429/503 answer asks to wait: Retry-After (seconds or an HTTP
    date), else the reset time of Hugging Face's ``RateLimit: "api";r=0;t=143``."""
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return float(value)
    if value:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            moment = None
        if moment is not None and moment.tzinfo is not None:
            return max(moment.timestamp() - time.time(), 0.0)
    found = _RATE_LIMIT_RESET.search(response.headers.get("RateLimit", ""))
    return float(found.group(1)) if found else None


def _validators(response: httpx.Response) -> Validators | None:
    found: Validators = {}
    if response.headers.get("ETag"):
        found["etag"] = response.headers["ETag"]
    if response.headers.get("Last-Modified"):
        found["last_modified"] = response.headers["Last-Modified"]
    return found or None


def _said(error: Exception) -> str:
    """An httpx error in a few words: ``Connection refused``, not ``[Errno 111] …``."""
    text = " ".join(str(error).split()) or type(error).__name__
    return _ERRNO.sub("", text)
