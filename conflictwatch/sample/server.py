"""Serve the bundled sample corpus over real HTTP, with dates relative to an anchor day.

The corpus is written once but must always look recent: the demo's trend table shows the last
14 days and the spike alert looks at the last three. So pages and feeds hold placeholders
(``@@DATE-N@@``, ``@@ISO-N@@``, ``@@DAYNAME-N@@``, ``@@MONTHDAY-N@@``: N days before the anchor,
08:00 UTC; ``@@BASE@@``: this server's URL) that are rendered at request time.

A real server on 127.0.0.1 rather than canned responses, so that the pipeline's HTTP client,
timeouts, conditional GETs and robots.txt handling are exercised for real. Only the standard
library is used so the fixture cannot break when a dependency changes.

    with serve(anchor=date(2026, 11, 20)) as server:
        feeds_yaml = render_feeds_file(server.base_url)

Manual use: ``python -m conflictwatch.sample.server --port 8765``.
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import hashlib
import re
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

SAMPLE_DIR = Path(__file__).resolve().parent
DEFAULT_ROOT = SAMPLE_DIR / "site"
FEEDS_FILE = SAMPLE_DIR / "feeds.yaml"

# Every sample item is published at this time of its day, so one placeholder fixes a whole timestamp.
PUBLISH_TIME = time(8, 0)

# A test route answers with (status, headers, body); the body is sent as is, never rendered.
Route = Callable[[], tuple[int, dict[str, str], bytes]]

_PLACEHOLDER = re.compile(r"@@(?:(?P<kind>DATE|ISO|DAYNAME|MONTHDAY)-(?P<days>\d+)|BASE)@@")
# English names regardless of the process locale (strftime's %A/%B follow LC_TIME).
_DAYNAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_RENDERED_SUFFIXES = {".xml", ".html", ".htm", ".yaml", ".yml", ".txt"}
_STATIC_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".yaml": "application/yaml; charset=utf-8",
    ".yml": "application/yaml; charset=utf-8",
    ".json": "application/json",
    ".css": "text/css; charset=utf-8",
    ".jpg": "image/jpeg",
    ".png": "image/png",
}


def today_utc() -> date:
    """The default anchor: the latest day whose 08:00 UTC publication time is already an hour past,
    so the newest sample article is never dated in the future (quality gates would rightly hold it)."""
    return (datetime.now(UTC) - timedelta(hours=9)).date()


def published_at(days_before: int, anchor: date) -> datetime:
    """The timestamp a placeholder with N stands for; tests use it to compute expected dates."""
    return datetime.combine(anchor - timedelta(days=days_before), PUBLISH_TIME, tzinfo=UTC)


def render(text: str, base_url: str, anchor: date) -> str:
    """Replace every placeholder in ``text``; ``base_url`` is used without a trailing slash."""
    base = base_url.rstrip("/")

    def substitute(match: re.Match[str]) -> str:
        kind = match.group("kind")
        if kind is None:
            return base
        moment = published_at(int(match.group("days")), anchor)
        if kind == "DATE":
            return email.utils.format_datetime(moment, usegmt=True)
        if kind == "ISO":
            return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        if kind == "DAYNAME":
            return _DAYNAMES[moment.weekday()]
        return f"{_MONTHS[moment.month - 1]} {moment.day}"

    return _PLACEHOLDER.sub(substitute, text)


def render_feeds_file(base_url: str, anchor: date | None = None) -> str:
    """The sample feeds file with URLs pointing at ``base_url``: write it where the pipeline expects one."""
    return render(FEEDS_FILE.read_text(encoding="utf-8"), base_url, anchor or today_utc())


def content_type(path: Path, body: bytes) -> str:
    """Feeds get their specific media type, which is why .xml is sniffed rather than mapped."""
    if path.suffix == ".xml":
        head = body[:500]
        if b"<rss" in head:
            return "application/rss+xml; charset=utf-8"
        if b"<feed" in head:
            return "application/atom+xml; charset=utf-8"
        return "application/xml; charset=utf-8"
    return _STATIC_TYPES.get(path.suffix, "application/octet-stream")


@dataclass(frozen=True)
class RequestRecord:
    """One request as the server saw it; tests assert on these (e.g. a page fetched only once)."""

    method: str
    path: str  # as requested, query string included
    status: int
    headers: dict[str, str] = field(default_factory=dict)


class _CorpusServer(ThreadingHTTPServer):
    daemon_threads = True
    sample: SampleServer

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, _Handler)
        self.open_connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()

    def close_connections(self) -> None:
        """Drop kept-alive connections too, so a stopped server refuses like a dead site would."""
        with self.connections_lock:
            for connection in self.open_connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
            self.open_connections.clear()


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 with Content-Length, so clients can keep connections alive as on real sites.
    protocol_version = "HTTP/1.1"
    server_version = "conflictwatch-sample/1"
    # Headers and body go out in separate writes; without this, Nagle plus delayed ACKs cost ~40 ms a request.
    disable_nagle_algorithm = True
    server: _CorpusServer

    def setup(self) -> None:
        super().setup()
        with self.server.connections_lock:
            self.server.open_connections.add(self.connection)

    def finish(self) -> None:
        with self.server.connections_lock:
            self.server.open_connections.discard(self.connection)
        super().finish()

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        if self.server.sample.verbose:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")

    def _answer(self, send_body: bool) -> None:
        sample = self.server.sample
        route_path = urlsplit(self.path).path
        route = sample.extra_routes.get(route_path)
        if route is not None:
            status, headers, body = route()
        else:
            status, headers, body = sample.resolve(route_path, dict(self.headers.items()))
        sample.record(RequestRecord(self.command, self.path, status, dict(self.headers.items())))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if not any(name.lower() == "content-length" for name in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and status != 304:
            self.wfile.write(body)


class SampleServer:
    """A running corpus server; stop it with ``stop()`` or use it as a context manager."""

    def __init__(
        self,
        root: Path,
        host: str,
        port: int,
        anchor: date | None,
        extra_routes: dict[str, Route] | None,
        verbose: bool = False,
    ) -> None:
        self.root = Path(root).resolve()
        self.fixed_anchor = anchor
        self.extra_routes: dict[str, Route] = dict(extra_routes or {})
        self.verbose = verbose
        self._log: list[RequestRecord] = []
        self._lock = threading.Lock()
        self._httpd = _CorpusServer((host, port))
        self._httpd.sample = self
        self.port: int = self._httpd.server_address[1]
        url_host = "127.0.0.1" if host in ("", "0.0.0.0") else host
        self.base_url = f"http://{url_host}:{self.port}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"sample-server-{self.port}",
            daemon=True,
        )
        self._thread.start()

    @property
    def anchor(self) -> date:
        """The fixed anchor, or today (UTC) at the time of asking so a long-running demo stays recent."""
        return self.fixed_anchor or today_utc()

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def render_feeds_file(self) -> str:
        return render_feeds_file(self.base_url, self.anchor)

    # -- request log -------------------------------------------------------------------------------
    def record(self, entry: RequestRecord) -> None:
        with self._lock:
            self._log.append(entry)

    @property
    def request_log(self) -> list[RequestRecord]:
        with self._lock:
            return list(self._log)

    def count(self, path: str, method: str = "GET") -> int:
        """How often ``path`` (query string ignored) was requested with ``method``."""
        wanted = "/" + path.lstrip("/")
        return sum(1 for r in self.request_log if r.method == method and urlsplit(r.path).path == wanted)

    def reset_log(self) -> None:
        with self._lock:
            self._log.clear()

    # -- resources ---------------------------------------------------------------------------------
    def resolve(self, url_path: str, request_headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        """Answer for a file under root: 200, 304 when the client's validators still match, or 404."""
        file = self._file_for(url_path)
        if file is None:
            return 404, {"Content-Type": "text/plain; charset=utf-8"}, b"404 not found\n"
        anchor = self.anchor
        raw = file.read_bytes()
        if file.suffix in _RENDERED_SUFFIXES:
            body = render(raw.decode("utf-8"), self.base_url, anchor).encode("utf-8")
        else:
            body = raw
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        # Rendered content changes only when the anchor day does, so its start is an honest
        # Last-Modified that stays constant between polls (and is never in the future for anchor=today).
        modified = datetime.combine(anchor, time(0, 0), tzinfo=UTC)
        headers = {
            "Content-Type": content_type(file, body),
            "ETag": etag,
            "Last-Modified": email.utils.format_datetime(modified, usegmt=True),
            "Cache-Control": "no-cache",
        }
        lowered = {k.lower(): v for k, v in request_headers.items()}
        if _not_modified(lowered, etag, modified):
            return 304, headers, b""
        return 200, headers, body

    def _file_for(self, url_path: str) -> Path | None:
        relative = unquote(url_path).lstrip("/")
        if not relative or any(part in ("..", "") for part in relative.split("/")):
            return None
        candidate = (self.root / relative).resolve()
        if not candidate.is_relative_to(self.root) or not candidate.is_file():
            return None
        return candidate

    # -- lifecycle ---------------------------------------------------------------------------------
    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._httpd.close_connections()
        self._thread.join(timeout=5)

    def __enter__(self) -> SampleServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _not_modified(headers: dict[str, str], etag: str, modified: datetime) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when present; If-Modified-Since only otherwise."""
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return "*" in tags or etag in tags
    if_modified_since = headers.get("if-modified-since")
    if if_modified_since:
        try:
            since = email.utils.parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return modified <= since
    return False


def serve(
    root: Path = DEFAULT_ROOT,
    host: str = "127.0.0.1",
    port: int = 0,
    anchor: date | None = None,
    extra_routes: dict[str, Route] | None = None,
    verbose: bool = False,
) -> SampleServer:
    """Start serving ``root`` in a daemon thread; ``port=0`` picks a free port (see ``.port``)."""
    return SampleServer(root, host, port, anchor, extra_routes, verbose=verbose)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m conflictwatch.sample.server", description="Serve the bundled sample corpus."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--anchor", type=date.fromisoformat,
                        help="anchor day YYYY-MM-DD (default: the latest day whose 08:00 UTC articles are an hour old)")
    parser.add_argument("--write-feeds", type=Path, metavar="FILE", help="also write a feeds file for this server")
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    args = parser.parse_args(argv)
    server = serve(host=args.host, port=args.port, anchor=args.anchor, verbose=not args.quiet)
    if args.write_feeds:
        args.write_feeds.write_text(server.render_feeds_file(), encoding="utf-8")
        print(f"feeds file: {args.write_feeds}")
    print(f"serving {server.root} at {server.base_url} (anchor {server.anchor}); Ctrl-C stops", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
