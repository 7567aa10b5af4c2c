"""A real HTTP server on 127.0.0.1 whose routes each test sets, so timeouts and redirects are real."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from extract.http import FetchSettings

Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Server:
    """Routes by exact path; every request is counted so tests can assert what was (not) fetched."""

    base: str = ""
    routes: dict[str, Handler] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    hit_times: dict[str, list[float]] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, handler: Handler) -> str:
        self.routes[path] = handler
        return self.url(path)

    def static(
        self,
        path: str,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> str:
        def handler(h: BaseHTTPRequestHandler) -> None:
            send(h, status, body, content_type, headers)

        return self.route(path, handler)


def send(
    h: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    content_type: str = "text/html",
    headers: dict[str, str] | None = None,
) -> None:
    h.send_response(status)
    h.send_header("Content-Type", content_type)
    h.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        h.send_header(key, value)
    h.end_headers()
    h.wfile.write(body)


def page_html(title: str) -> bytes:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1><p>Body of {title}.</p></article></body></html>"
    ).encode()


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()

    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            srv.hits[path] += 1
            srv.hit_times.setdefault(path, []).append(time.monotonic())
            handler = srv.routes.get(path)
            if handler is None:  # "/p/*" style prefix routes
                for key, candidate in srv.routes.items():
                    if key.endswith("*") and path.startswith(key[:-1]):
                        handler = candidate
                        break
            try:
                if handler is None:
                    send(self, 404, b"not here")
                else:
                    handler(self)
            except (BrokenPipeError, ConnectionResetError):
                pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
    httpd.daemon_threads = True
    srv.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.stop.set()
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def settings() -> FetchSettings:
    """Project defaults with tiny timeouts so every fault ends in well under a few seconds."""
    return FetchSettings.from_env(env={}).replace(
        connect_timeout=1.0,
        read_timeout=1.5,
        total_timeout=3.0,
        backoff_base=0.05,
        retry_after_cap=0.3,
        per_host_delay=0.0,
        per_host_concurrency=8,
        max_attempts=3,
        max_page_bytes=1_000_000,
        max_feed_bytes=5_000_000,
        feed_parse_timeout=10.0,
        allow_private_hosts=["127.0.0.1"],
    )


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "fetch_state.sqlite"
