"""A real HTTP server on 127.0.0.1, in a thread, answering as arXiv and Hugging Face
do (the sample answers of tests/fixtures/network, copied from the shared format
notes), and recording every request it gets with the time it came."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "network"
ATOM = "application/atom+xml; charset=utf-8"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


@dataclass
class Reply:
    """One answer. ``cut_at``: send only that many bytes of the body (with the whole
    length announced), then close: an answer cut off."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    cut_at: int | None = None


@dataclass
class Seen:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    at: float


Match = Callable[[dict[str, str]], bool]


@dataclass
class Route:
    path: str
    replies: list[Reply]
    match: Match | None = None
    etag: str | None = None
    served: int = 0


class FakeServices:
    """Routes by path (and a test on the query); each route's replies are given in
    order, the last one again and again."""

    def __init__(self) -> None:
        self.routes: list[Route] = []
        self.requests: list[Seen] = []
        self.lock = threading.Lock()
        services = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                services.answer(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def route(
        self,
        path: str,
        *replies: Reply,
        match: Match | None = None,
        etag: str | None = None,
    ) -> Route:
        route = Route(path, list(replies), match, etag)
        self.routes.insert(0, route)  # the latest route wins
        return route

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        with self.lock:
            self.requests.append(
                Seen(parts.path, query, dict(handler.headers.items()), time.monotonic())
            )
            route = next(
                (
                    r
                    for r in self.routes
                    if r.path == parts.path and (r.match is None or r.match(query))
                ),
                None,
            )
            if route is None:
                reply = Reply(404, b"not here")
            elif route.etag and handler.headers.get("If-None-Match") == route.etag:
                reply = Reply(304, headers={"ETag": route.etag})
            else:
                reply = route.replies[min(route.served, len(route.replies) - 1)]
                route.served += 1
                if route.etag:
                    reply = Reply(
                        reply.status,
                        reply.body,
                        {**reply.headers, "ETag": route.etag},
                        reply.cut_at,
                    )
        handler.send_response(reply.status)
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(reply.body)))
        handler.send_header("Connection", "close")
        handler.end_headers()
        body = reply.body if reply.cut_at is None else reply.body[: reply.cut_at]
        if reply.status != 304:
            handler.wfile.write(body)
        handler.wfile.flush()
        handler.close_connection = True

    def asked(self, path: str) -> list[Seen]:
        return [seen for seen in self.requests if seen.path == path]


def atom_answer(papers: list[tuple[str, str]]) -> bytes:
    """An API answer in the current layout for ``(id, title)`` pairs."""
    entries = "".join(
        f"""  <entry>
    <id>http://arxiv.org/abs/{ident}v1</id>
    <title>{title}</title>
    <updated>2026-11-24T09:15:40Z</updated>
    <link href="https://arxiv.org/abs/{ident}v1" rel="alternate" type="text/html"/>
    <summary>The abstract of {title}.</summary>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <published>2026-11-09T18:42:11Z</published>
    <arxiv:primary_category term="cs.LG"/>
    <author><name>Ada Lovelace</name></author>
    <author><name>Alan Turing</name></author>
  </entry>
"""
        for ident, title in papers
    )
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"
  xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/x</id>
  <title>arXiv Query</title>
  <updated>2026-12-01T15:22:12Z</updated>
  <opensearch:itemsPerPage>100</opensearch:itemsPerPage>
  <opensearch:totalResults>{len(papers)}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
{entries}</feed>
""".encode()
