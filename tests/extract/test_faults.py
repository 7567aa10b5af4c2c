"""Fault injection against a real local server: every fault ends as a Failure with a clear reason,
in bounded time (tiny timeouts from the fixture), and the feed's other entries are still staged."""

from __future__ import annotations

import gzip
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from extract.http import Fetcher, FetchError
from extract.ingest import ingest_feed
from extract.staging import new_batch_dir, read_batch, seal_batch

from .conftest import Server, page_html, send

BOMB = gzip.compress(b"\0" * 30_000_000, compresslevel=9)  # ~30 KB on the wire, 30 MB inflated
CP1251_PAGE = (
    '<html><head><meta charset="windows-1251"><title>Переговоры</title></head>'
    "<body><p>Делегации встретились в Стамбуле.</p></body></html>"
).encode("cp1251")


def _never_answer(srv: Server):
    def handler(h: BaseHTTPRequestHandler) -> None:
        srv.stop.wait(20)

    return handler


def _drip(srv: Server):
    def handler(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "1000")
        h.end_headers()
        for _ in range(1000):  # one byte a second: never trips the read timeout, only the deadline
            h.wfile.write(b"x")
            h.wfile.flush()
            if srv.stop.wait(1.0):
                return

    return handler


def _gzip(body: bytes, cut: int = 0):
    data = gzip.compress(body)
    data = data[: len(data) - cut] if cut else data

    def handler(h: BaseHTTPRequestHandler) -> None:
        send(h, 200, data, "text/html", {"Content-Encoding": "gzip"})

    return handler


def _huge(declare_length: bool):
    size = 200_000_000

    def handler(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        if declare_length:
            h.send_header("Content-Length", str(size))
        else:
            h.send_header("Connection", "close")
            h.close_connection = True
        h.end_headers()
        chunk = b"<p>" + b"a" * 65533
        for _ in range(size // len(chunk)):  # generated lazily, never held in memory
            h.wfile.write(chunk)

    return handler


def _redirect(location: str, status: int = 302):
    def handler(h: BaseHTTPRequestHandler) -> None:
        send(h, status, b"", "text/html", {"Location": location})

    return handler


def _loop(h: BaseHTTPRequestHandler) -> None:
    n = int(h.path.rsplit("/", 1)[1] or 0)
    send(h, 302, b"", "text/html", {"Location": f"/loop/{n + 1}"})


def _status(status: int, headers: dict[str, str] | None = None):
    def handler(h: BaseHTTPRequestHandler) -> None:
        send(h, status, b"try later", "text/plain", headers)

    return handler


FAULTS = {
    # path: (handler factory, expected substring of the recorded reason)
    "/f/500": (lambda s: _status(500), "gave up after 3 attempts: HTTP 500"),
    "/f/429": (lambda s: _status(429, {"Retry-After": "1"}), "gave up after 3 attempts: HTTP 429"),
    "/f/silent": (_never_answer, "read timeout"),
    "/f/drip": (_drip, "total deadline"),
    "/f/truncated-gzip": (lambda s: _gzip(page_html("cut") * 50, cut=30), "truncated gzip body"),
    "/f/gzip-bomb": (lambda s: _gzip_bytes(BOMB), "body exceeded 1 MB limit after decompression"),
    "/f/endless-redirect": (lambda s: _redirect("/loop/0"), "gave up after 5 redirects"),
    "/f/200mb": (lambda s: _huge(True), "exceeds the 1 MB limit (Content-Length)"),
    "/f/200mb-stream": (lambda s: _huge(False), "body exceeded 1 MB limit"),
    "/f/binary": (lambda s: _binary, "binary body"),
    "/f/pdf": (lambda s: _pdf, "not an HTML page (Content-Type application/pdf)"),
    "/f/to-file": (lambda s: _redirect("file:///etc/passwd"), "refused: file: URLs are not fetched"),
    "/f/to-metadata": (
        lambda s: _redirect("http://169.254.169.254/latest/meta-data/"),
        "169.254.169.254 is a link-local address",
    ),
    "/private/secret": (lambda s: _status(200), "refused by robots.txt"),
    "/f/gone": (lambda s: _status(410), "HTTP 410 Gone: the page is gone"),
}


def _gzip_bytes(data: bytes):
    def handler(h: BaseHTTPRequestHandler) -> None:
        send(h, 200, data, "text/html", {"Content-Encoding": "gzip"})

    return handler


def _binary(h: BaseHTTPRequestHandler) -> None:
    send(h, 200, bytes(range(256)) * 64, "application/octet-stream")


def _pdf(h: BaseHTTPRequestHandler) -> None:
    send(h, 200, b"%PDF-1.4 not really", "application/pdf")


def _feed(items: list[tuple[str, str]]) -> bytes:
    body = "".join(f"<item><title>{t}</title><link>{link}</link></item>" for t, link in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>{body}</channel></rss>'.encode()


@pytest.fixture
def fault_server(server: Server) -> Server:
    server.static("/robots.txt", b"User-agent: *\nDisallow: /private/\n", "text/plain")
    server.route("/loop/*", _loop)
    for path, (factory, _) in FAULTS.items():
        server.route(path, factory(server))
    server.static("/ok/one", page_html("one"))
    server.static("/ok/two", page_html("two"))
    server.static("/ok/cp1251", CP1251_PAGE, "text/html")
    items = [("one", "/ok/one")] + [(p, p) for p in FAULTS] + [("two", "/ok/two"), ("cp", "/ok/cp1251")]
    server.static("/feed.xml", _feed(items), "application/rss+xml")
    return server


def test_every_fault_is_a_failure_and_the_rest_is_staged(
    fault_server: Server, settings, tmp_path: Path, state_path: Path
) -> None:
    batch = new_batch_dir(tmp_path / "staging", "faults")
    counts = ingest_feed({"name": "faulty", "url": fault_server.url("/feed.xml")}, batch, state_path, settings)
    assert counts["error"] is None
    assert counts["pages_staged"] == 3
    assert counts["pages_failed"] == len(FAULTS)
    seal_batch(batch)
    staged = read_batch(batch)
    by_url = {f["url"]: f for f in staged.failures}
    for path, (_, expected) in FAULTS.items():
        failure = by_url[fault_server.url(path)]
        assert expected in failure["error"], (path, failure["error"])
        assert failure["stage"] == "fetch_article"
    assert by_url[fault_server.url("/f/500")]["error"].endswith("(will retry on a later run: 1 of 3 runs used)")
    urls = {meta["url"]: (meta, body) for meta, body in staged.pages}
    assert set(urls) == {fault_server.url(p) for p in ("/ok/one", "/ok/two", "/ok/cp1251")}
    meta, body = urls[fault_server.url("/ok/cp1251")]
    assert body.read_bytes() == CP1251_PAGE  # raw bytes, exactly as received
    assert meta["charset"] == "cp1251"
    assert fault_server.hits["/private/secret"] == 0  # robots.txt was asked first
    assert fault_server.hits["/robots.txt"] == 1  # and cached for the host
    assert max(int(p.rsplit("/", 1)[1]) for p in fault_server.hits if p.startswith("/loop/")) <= 5


def test_retry_after_is_honoured_then_the_page_arrives(server: Server, settings) -> None:
    calls = {"n": 0}

    def flaky(h: BaseHTTPRequestHandler) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            send(h, 429, b"slow down", "text/plain", {"Retry-After": "1"})
        else:
            send(h, 200, page_html("late"))

    server.route("/flaky", flaky)
    with Fetcher(settings.replace(retry_after_cap=1.0, respect_robots=False)) as fetcher:
        resp = fetcher.get(server.url("/flaky"))
    assert resp.status == 200 and b"late" in resp.content
    first, second = server.hit_times["/flaky"]
    assert second - first >= 0.9  # waited for Retry-After (a lower bound, not a speed claim)


def test_gzip_page_is_inflated_and_redirect_hops_are_recorded(server: Server, settings) -> None:
    server.route("/zipped", _gzip(page_html("zipped")))
    server.route("/moved", _redirect("/zipped", 301))
    with Fetcher(settings.replace(respect_robots=False)) as fetcher:
        resp = fetcher.get(server.url("/moved"))
    assert resp.content == page_html("zipped")
    assert resp.final_url == server.url("/zipped")
    assert resp.redirects == [server.url("/zipped")]


def test_host_header_keeps_the_name_while_connecting_to_the_checked_ip(server: Server, settings) -> None:
    seen: dict[str, str | None] = {}

    def echo(h: BaseHTTPRequestHandler) -> None:
        seen["host"] = h.headers.get("Host")
        seen["ua"] = h.headers.get("User-Agent")
        send(h, 200, page_html("echo"))

    server.route("/echo", echo)
    port = server.base.rsplit(":", 1)[1]
    with Fetcher(settings.replace(respect_robots=False, allow_private_hosts=["localhost"])) as fetcher:
        fetcher.get(f"http://localhost:{port}/echo")
    assert seen["host"] == f"localhost:{port}"
    assert seen["ua"] == settings.user_agent


def test_allow_list_does_not_open_the_rest_of_loopback(server: Server, settings) -> None:
    port = server.base.rsplit(":", 1)[1]
    with Fetcher(settings.replace(respect_robots=False)) as fetcher, pytest.raises(FetchError) as err:
        fetcher.get(f"http://127.0.0.2:{port}/anything")
    assert "refused: 127.0.0.2 is a loopback address (set CONFLICTWATCH_ALLOW_PRIVATE_HOSTS" in str(err.value)
    assert server.hits["/anything"] == 0


def test_feed_that_answers_500_is_recorded(server: Server, settings, tmp_path: Path, state_path: Path) -> None:
    server.route("/dead.xml", _status(500))
    batch = new_batch_dir(tmp_path / "staging", "b")
    counts = ingest_feed({"name": "dead", "url": server.url("/dead.xml")}, batch, state_path, settings)
    assert counts["error"] == "gave up after 3 attempts: HTTP 500"
    assert counts["http_status"] == 500
    seal_batch(batch)
    staged = read_batch(batch)
    assert staged.feed_fetches[0]["error"] == "gave up after 3 attempts: HTTP 500"
    assert staged.failures[0]["stage"] == "fetch_feed"
    assert server.hits["/dead.xml"] == 3
