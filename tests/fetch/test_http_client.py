"""The HTTP client against a real server on 127.0.0.1: the User-Agent, retries
honouring Retry-After, the gap between arXiv requests, conditional requests, and
the ways a service can fail."""

from __future__ import annotations

import itertools
import socket

import httpx
import pytest
from fake_services import FakeServices, Reply

from paperdeck import __version__
from paperdeck.fetch.conditional import Validators
from paperdeck.fetch.endpoints import ARXIV_MIN_GAP_SECONDS, Endpoints
from paperdeck.fetch.errors import ServiceUnavailable
from paperdeck.fetch.http import HttpClient


class FakeClock:
    """A clock that moves only when the client sleeps (and by ``tick`` a reading)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def client(clock: FakeClock | None = None, **options: object) -> HttpClient:
    clock = clock or FakeClock()
    return HttpClient(clock=clock, sleep=clock.sleep, **options)  # type: ignore[arg-type]


def test_the_user_agent_names_paperdeck_and_its_version(services: FakeServices) -> None:
    services.route("/x", Reply(200, b"ok"))
    with client() as http:
        assert http.get("X", f"{services.base}/x").body == b"ok"
    agent = services.requests[0].headers["User-Agent"]
    assert agent.startswith(f"paperdeck/{__version__} ")


def test_the_default_gap_keeps_3_s_between_arxiv_requests() -> None:
    endpoints = Endpoints.from_environment({})
    assert endpoints.api_gap == ARXIV_MIN_GAP_SECONDS == 3.0
    # Asking for less is honoured only for an endpoint that is not arXiv's own.
    assert Endpoints.from_environment({"PAPERDECK_ARXIV_DELAY": "0"}).api_gap == 3.0
    local = Endpoints.from_environment(
        {"PAPERDECK_ARXIV_DELAY": "0", "PAPERDECK_ARXIV_API": "http://127.0.0.1:1/q"}
    )
    assert local.api_gap == 0.0 and local.rss_gap == 3.0
    assert Endpoints.from_environment({"PAPERDECK_ARXIV_DELAY": "nan"}).api_gap == 3.0


def test_requests_of_one_pace_wait_out_the_gap(services: FakeServices) -> None:
    services.route("/api/query", Reply(200, b"ok"))
    services.route("/other", Reply(200, b"ok"))
    clock = FakeClock()
    with client(clock) as http:
        for _ in range(3):
            http.get("arXiv API", f"{services.base}/api/query", pace="arxiv", gap=3.0)
            clock.now += 0.5  # the caller's own work between requests
        http.get("HF", f"{services.base}/other")  # another pace: no wait
    assert clock.sleeps == [2.5, 2.5]


def test_the_gap_measured_on_the_wire(services: FakeServices) -> None:
    services.route("/api/query", Reply(200, b"ok"))
    with HttpClient() as http:
        for _ in range(3):
            http.get("arXiv API", f"{services.base}/api/query", pace="arxiv", gap=0.3)
    times = [seen.at for seen in services.requests]
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert min(gaps) >= 0.3


def test_503_and_429_are_retried_after_retry_after(services: FakeServices) -> None:
    services.route(
        "/api/query",
        Reply(503, b"", {"Retry-After": "7"}),
        Reply(429, b""),
        Reply(200, b"fine"),
    )
    clock = FakeClock()
    with client(clock, backoff=2.0) as http:
        got = http.get("arXiv API", f"{services.base}/api/query", pace="arxiv", gap=3.0)
    assert got.body == b"fine"
    # 7 s as asked; then no Retry-After: the backoff's second step, 4 s.
    assert clock.sleeps == [7.0, 4.0]
    assert len(services.requests) == 3


def test_hugging_faces_rate_limit_header_is_a_retry_after(services: FakeServices) -> None:
    services.route("/hf", Reply(429, b"{}", {"RateLimit": '"api";r=0;t=12'}), Reply(200, b"[]"))
    clock = FakeClock()
    with client(clock) as http:
        assert http.get("HF", f"{services.base}/hf").body == b"[]"
    assert clock.sleeps == [12.0]


def test_a_long_retry_after_is_not_waited_out(services: FakeServices) -> None:
    services.route("/api/query", Reply(429, b"", {"Retry-After": "3600"}))
    clock = FakeClock()
    with client(clock) as http, pytest.raises(ServiceUnavailable, match="3,600 s"):
        http.get("arXiv API", f"{services.base}/api/query")
    assert clock.sleeps == [] and len(services.requests) == 1


def test_retries_stop_after_a_few_tries(services: FakeServices) -> None:
    services.route("/api/query", Reply(503, b"busy"))
    clock = FakeClock()
    with client(clock, attempts=3) as http, pytest.raises(ServiceUnavailable) as failed:
        http.get("arXiv API", f"{services.base}/api/query")
    assert len(services.requests) == 3
    assert clock.sleeps == [2.0, 4.0]
    assert str(failed.value) == "arXiv API: 127.0.0.1:" + services.base.rsplit(":", 1)[1] + (
        " answered HTTP 503 (3 tries)"
    )


def test_a_cut_off_answer_is_retried_then_reported(services: FakeServices) -> None:
    services.route("/feed", Reply(200, b"x" * 5000, cut_at=1000), Reply(200, b"whole"))
    with client() as http:
        assert http.get("F", f"{services.base}/feed").body == b"whole"
    services.route("/cut", Reply(200, b"x" * 5000, cut_at=1000))
    with client() as http, pytest.raises(ServiceUnavailable, match="cut off"):
        http.get("F", f"{services.base}/cut")


def test_a_refused_connection_fails_at_once() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    clock = FakeClock()
    with client(clock) as http, pytest.raises(ServiceUnavailable) as failed:
        http.get("arXiv API", f"http://127.0.0.1:{port}/api/query")
    assert str(failed.value).startswith(f"arXiv API: cannot connect to 127.0.0.1:{port} (")
    assert clock.sleeps == []


def test_a_timeout_is_retried(services: FakeServices) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)  # accepts, never answers
    port = listener.getsockname()[1]
    try:
        timeout = httpx.Timeout(0.2)
        with (
            client(timeout=timeout, attempts=2) as http,
            pytest.raises(ServiceUnavailable, match="did not answer in time"),
        ):
            http.get("X", f"http://127.0.0.1:{port}/")
    finally:
        listener.close()


class Store:
    def __init__(self) -> None:
        self.known: dict[str, Validators] = {}

    def validators(self, url: str) -> Validators | None:
        return self.known.get(url)


def test_conditional_requests_send_the_validators_back(services: FakeServices) -> None:
    services.route("/rss/cs.LG", Reply(200, b"listing"), etag='"abc"')
    store = Store()
    url = f"{services.base}/rss/cs.LG"
    with client() as http:
        first = http.get("RSS", url, store=store)
        assert first.status == 200 and first.validators == {"etag": '"abc"'}
        store.known[url] = first.validators
        second = http.get("RSS", url, store=store)
    assert second.not_modified and second.body == b""
    assert "If-None-Match" not in services.requests[0].headers
    assert services.requests[1].headers["If-None-Match"] == '"abc"'


def test_an_unexpected_status_names_the_url(services: FakeServices) -> None:
    with client() as http, pytest.raises(ServiceUnavailable, match="HTTP 404"):
        http.get("X", f"{services.base}/nowhere")


def test_the_fetcher_keeps_the_default_3_s_gap(services: FakeServices) -> None:
    # An overridden endpoint with no delay asked: arXiv's 3 s stand, between the
    # batches of a lookup too (measured on the injected clock, not waited out).
    from fake_services import atom_answer

    from paperdeck.fetch.client import Fetcher

    services.route("/api/query", Reply(200, atom_answer([("2501.00001", "A paper")])))
    endpoints = Endpoints.from_environment({"PAPERDECK_ARXIV_API": f"{services.base}/api/query"})
    assert endpoints.api_gap == 3.0
    clock = FakeClock()
    ids = [f"2501.{n:05d}" for n in range(1, 251)]
    with Fetcher(endpoints, client(clock)) as fetcher:
        found = fetcher.lookup(ids)
    assert len(services.requests) == 3  # 100 + 100 + 50
    assert len(clock.sleeps) == 2 and all(2.9 < wait <= 3.0 for wait in clock.sleeps)
    assert [p.arxiv_id for p in found.papers] == ["2501.00001"] and len(found.missing) == 249
