"""The one HTTP client of the ingest stage: bounded in time and size, polite, and SSRF-safe.

Why hand-rolled around httpx instead of ``client.get``: httpx timeouts are per socket operation (a
server dripping one byte a second never trips them), its decoder inflates a whole gzip chunk at once
(a bomb), and its automatic redirects would skip our per-hop SSRF and robots checks. So this module
streams raw bytes itself, inflates them with a size budget, follows redirects by hand, and connects
to the IP address the guard checked while keeping the Host header and TLS SNI of the real name.
"""

from __future__ import annotations

import contextlib
import dataclasses
import email.utils
import os
import ssl
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
import yaml

from extract import host_gate, netguard
from extract.robots import RobotsCache

CONFIG_ENV = "CONFLICTWATCH_FETCH_CONFIG"
ENV_PREFIX = "CONFLICTWATCH_FETCH_"
_DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "config" / "fetch.yaml"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class FetchSettings:
    """Limits and politeness of the ingest stage; defaults live in ``config/fetch.yaml``."""

    user_agent: str
    connect_timeout: float
    read_timeout: float
    total_timeout: float
    max_page_bytes: int
    max_feed_bytes: int
    max_robots_bytes: int
    max_redirects: int
    max_attempts: int
    backoff_base: float
    retry_after_cap: float
    per_host_concurrency: int
    per_host_delay: float
    respect_robots: bool
    robots_ttl: float
    feed_parse_timeout: float
    feed_parse_memory_mb: int
    max_author_chars: int
    max_entry_attempts: int
    future_date_tolerance_hours: float
    allow_private_hosts: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, config_path: Path | None = None) -> FetchSettings:
        """YAML defaults, then ``CONFLICTWATCH_FETCH_<KEY>`` overrides, then the private-host allow-list."""
        env = dict(os.environ if env is None else env)
        path = Path(config_path or env.get(CONFIG_ENV) or _DEFAULT_CONFIG)
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except OSError as exc:
            raise RuntimeError(f"cannot read fetch settings {path}: {exc} (set {CONFIG_ENV})") from exc
        fields = {f.name: f for f in dataclasses.fields(cls) if f.name != "allow_private_hosts"}
        unknown = sorted(set(raw) - set(fields))
        if unknown:
            raise RuntimeError(f"{path}: unknown fetch setting(s) {unknown}; known: {sorted(fields)}")
        missing = sorted(set(fields) - set(raw))
        if missing:
            raise RuntimeError(f"{path}: missing fetch setting(s) {missing}")
        values: dict[str, Any] = {}
        for name, f in fields.items():
            value = env.get(ENV_PREFIX + name.upper(), raw[name])
            values[name] = _coerce(name, value, str(f.type))
        values["allow_private_hosts"] = netguard.parse_allow_list(env.get(netguard.ALLOW_ENV))
        return cls(**values)

    def replace(self, **changes: Any) -> FetchSettings:
        """A copy with some fields changed (tests use tiny timeouts)."""
        if "allow_private_hosts" in changes and not isinstance(changes["allow_private_hosts"], frozenset):
            changes["allow_private_hosts"] = netguard.parse_allow_list(",".join(changes["allow_private_hosts"]))
        return dataclasses.replace(self, **changes)


def _coerce(name: str, value: Any, type_name: str) -> Any:
    try:
        if type_name == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError(value)
        if type_name == "int":
            return int(value)
        if type_name == "float":
            return float(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise RuntimeError(f"fetch setting {name}={value!r} is not a valid {type_name}") from exc


class FetchError(Exception):
    """A request that produced no usable body. ``reason`` is written for the operator."""

    def __init__(self, reason: str, url: str, status: int | None = None, transient: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.url = url
        self.status = status
        self.transient = transient


@dataclass
class Response:
    """A complete, size-checked, decompressed response."""

    url: str
    final_url: str
    status: int
    headers: httpx.Headers
    content: bytes
    elapsed_ms: float
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for param in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'").lower()
        return None


def _mb(n: int) -> str:
    return f"{n / 1_000_000:g} MB"


class _Inflater:
    """Content-Encoding decoder that never produces more than the caller's budget at once."""

    def __init__(self, encoding: str, url: str) -> None:
        enc = encoding.strip().lower()
        self.url = url
        self.encoding = enc
        if enc in ("", "identity"):
            self._z = None
        elif enc in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self._z = zlib.decompressobj()
        else:
            raise FetchError(f"server used unsupported Content-Encoding {enc!r} (we offer gzip, deflate)", url)
        self._started = False

    def feed(self, data: bytes, budget: int) -> bytes:
        """Inflate ``data``; returns at most ``budget + 1`` bytes so the caller can detect overflow."""
        if self._z is None:
            return data
        out: list[bytes] = []
        total = 0
        buf = data
        try:
            while buf and total <= budget:
                if not self._started and self.encoding == "deflate":
                    self._started = True
                    if buf[:1] and (buf[0] & 0x0F) != 8:  # raw deflate without zlib header
                        self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                chunk = self._z.decompress(buf, budget + 1 - total)
                out.append(chunk)
                total += len(chunk)
                buf = self._z.unconsumed_tail
                if self._z.eof:
                    rest = self._z.unused_data
                    if rest[:2] == b"\x1f\x8b":  # another gzip member follows
                        self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
                        buf = rest
                    else:
                        buf = b""
        except zlib.error as exc:
            raise FetchError(
                f"corrupt {self.encoding} body ({exc}); the server sent a broken compressed response", self.url
            ) from exc
        return b"".join(out)

    def finish(self) -> None:
        if self._z is not None and not self._z.eof:
            raise FetchError(
                f"truncated {self.encoding} body: the compressed stream ended early (server or network "
                "cut the response); it will be retried on a later run",
                self.url,
                transient=True,
            )


class _HostGate:
    """Concurrency limit and minimum spacing of request starts for one host (per process)."""

    def __init__(self, concurrency: int) -> None:
        self.slots = threading.BoundedSemaphore(max(1, concurrency))
        self.lock = threading.Lock()
        self.last_start = 0.0


_GATES: dict[tuple[str, int], _HostGate] = {}
_GATES_LOCK = threading.Lock()
# What httpx.Client sent by default, kept so servers see the same request as before.
_BASE_HEADERS = {"Accept": "*/*", "Accept-Encoding": "gzip, deflate", "Connection": "keep-alive"}
_SSL_CONTEXT: ssl.SSLContext | None = None
_SSL_LOCK = threading.Lock()


def _ssl_context() -> ssl.SSLContext:
    """One verifying TLS context for every transport of the process.

    Why shared: building one loads the whole CA bundle (~20 ms of CPU), and a transport was built
    per host per feed. A context holds no per-connection state; SNI is set per connection.
    ``trust_env=False``: SSL_CERT_FILE and friends must not swap the trust store under us.
    """
    global _SSL_CONTEXT
    with _SSL_LOCK:
        if _SSL_CONTEXT is None:
            _SSL_CONTEXT = httpx.create_ssl_context(trust_env=False)
        return _SSL_CONTEXT


def _gate(host: str, concurrency: int) -> _HostGate:
    with _GATES_LOCK:
        return _GATES.setdefault((host, concurrency), _HostGate(concurrency))


def _retry_after(value: str | None, cap: float) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return max(0.0, min(seconds, cap))


class Fetcher:
    """Thread-safe HTTP client for feeds (``kind="feed"``), article pages (``"page"``) and robots.txt."""

    def __init__(self, settings: FetchSettings, host_dir: Path | None = None) -> None:
        """``host_dir`` shares per-host limits with every process using that directory (see host_gate)."""
        self.settings = settings
        self.host_dir = host_dir
        # One transport (connection pool) per host name: pools key on the IP we connect to, and a
        # TLS connection made with one name's SNI must not be reused for another name on that IP.
        # A bare transport, not an ``httpx.Client``: the client's cookie jar, auth, redirect and URL
        # merging layers cost more CPU per page than the exchange itself and we use none of them
        # (cookies were cleared after every request anyway; redirects are followed by hand). No env
        # proxy either way: a transport never reads proxy variables, which would bypass our checked IP.
        self._clients: dict[str, httpx.HTTPTransport] = {}
        self._clients_lock = threading.Lock()
        self.robots = RobotsCache(self._fetch_robots, settings.user_agent, settings.robots_ttl)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._clients_lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client.close()

    def _client(self, host: str) -> httpx.HTTPTransport:
        with self._clients_lock:
            client = self._clients.get(host)
            if client is None:
                client = httpx.HTTPTransport(verify=_ssl_context())
                self._clients[host] = client
            return client

    def _fetch_robots(self, url: str) -> tuple[int, bytes]:
        resp = self._get(url, "robots", None, raise_status=False)
        return resp.status, resp.content

    def get(self, url: str, kind: str = "page", headers: dict[str, str] | None = None) -> Response:
        """Fetch ``url`` completely or raise FetchError (never another exception for network faults)."""
        if kind not in ("page", "feed", "robots"):
            raise ValueError(f"unknown kind {kind!r}")
        return self._get(url, kind, headers, raise_status=kind != "robots")

    def _limit(self, kind: str) -> int:
        s = self.settings
        return {"page": s.max_page_bytes, "feed": s.max_feed_bytes, "robots": s.max_robots_bytes}[kind]

    def _get(self, url: str, kind: str, headers: dict[str, str] | None, raise_status: bool) -> Response:
        s = self.settings
        started = time.monotonic()
        deadline = started + s.total_timeout
        current = url
        hops: list[str] = []
        attempt = 0
        while True:
            target = self._check_hop(url, current, kind, hops)
            attempt += 1
            try:
                status, resp_headers, body = self._attempt(current, target, kind, headers, deadline)
            except FetchError as exc:
                exc.url = url
                out_of_time = time.monotonic() >= deadline
                if not exc.transient or attempt >= s.max_attempts or out_of_time:
                    if exc.transient and attempt > 1:
                        exc.reason = f"gave up after {_attempts(attempt)}: {exc.reason}"
                        exc.args = (exc.reason,)
                    raise
                self._sleep_before_retry(url, attempt, None, deadline, exc.reason)
                continue
            if status in _REDIRECTS:
                location = resp_headers.get("location")
                if not location:
                    raise FetchError(f"HTTP {status} redirect without a Location header", url, status)
                if len(hops) >= s.max_redirects:
                    raise FetchError(
                        f"gave up after {s.max_redirects} redirects (a redirect loop?); last hop was {current}",
                        url,
                        status,
                    )
                nxt = urljoin(current, location.strip())
                hops.append(nxt)
                current = nxt
                attempt = 0
                continue
            if status == 429 or status == 408 or status >= 500:
                if attempt >= s.max_attempts:
                    raise FetchError(f"gave up after {_attempts(attempt)}: HTTP {status}", url, status, True)
                wait = _retry_after(resp_headers.get("retry-after"), s.retry_after_cap)
                self._sleep_before_retry(url, attempt, wait, deadline, f"HTTP {status}", status)
                continue
            elapsed = (time.monotonic() - started) * 1000
            resp = Response(url, current, status, resp_headers, body, elapsed, hops)
            if not raise_status or 200 <= status < 300 or (status == 304 and kind == "feed"):
                return resp
            raise FetchError(_status_advice(status), url, status, transient=False)

    def _check_hop(self, url: str, current: str, kind: str, hops: list[str]) -> netguard.Target:
        """SSRF guard and robots.txt for one hop; the returned target is where we connect."""
        where = f"redirect from {url} to {current}: " if hops else ""
        try:
            target = netguard.check_url(current, self.settings.allow_private_hosts)
        except netguard.Refused as exc:
            raise FetchError(f"{where}{exc}", url) from exc
        if kind == "page" and self.settings.respect_robots:
            answer = self.robots.check(current)
            if not answer.allowed:
                raise FetchError(f"{where}{answer.reason}", url, transient=answer.transient)
        return target

    def _sleep_before_retry(
        self, url: str, attempt: int, wait: float | None, deadline: float, what: str, status: int | None = None
    ) -> None:
        s = self.settings
        if wait is None:
            wait = s.backoff_base * (2 ** (attempt - 1))
        if time.monotonic() + wait >= deadline:
            raise FetchError(
                f"gave up after {_attempts(attempt)}: {what} (the next retry would pass the "
                f"{s.total_timeout:g} s total deadline)",
                url,
                status,
                transient=True,
            )
        time.sleep(wait)

    @contextlib.contextmanager
    def _turn(self, host: str, url: str, deadline: float) -> Iterator[None]:
        """Wait for the host's politeness limits: shared through ``host_dir`` when set, else per process."""
        s = self.settings
        if self.host_dir is not None:
            try:
                with host_gate.host_turn(self.host_dir, host, s.per_host_concurrency, s.per_host_delay, deadline):
                    yield
            except host_gate.HostBusy as exc:
                raise FetchError(f"{exc} ({_deadline_msg(s)})", url, transient=True) from exc
            return
        gate = _gate(host, s.per_host_concurrency)
        with gate.slots:
            with gate.lock:
                pause = gate.last_start + s.per_host_delay - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
                gate.last_start = time.monotonic()
            yield

    def _attempt(
        self, url: str, target: netguard.Target, kind: str, headers: dict[str, str] | None, deadline: float
    ) -> tuple[int, httpx.Headers, bytes]:
        """One HTTP exchange to the checked IP; returns the status, headers and inflated body."""
        s = self.settings
        parsed = httpx.URL(url)
        host_header = parsed.netloc.decode("ascii")
        wire_url = parsed.copy_with(host=target.ip)
        req_headers = {**_BASE_HEADERS, "User-Agent": s.user_agent, **(headers or {})}
        req_headers["Host"] = host_header
        extensions: dict[str, Any] = {}
        if target.scheme == "https":
            extensions["sni_hostname"] = parsed.raw_host.decode("ascii")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(_deadline_msg(s), url, transient=True)
        timeout = httpx.Timeout(
            connect=min(s.connect_timeout, remaining),
            read=min(s.read_timeout, remaining),
            write=min(s.read_timeout, remaining),
            pool=min(s.connect_timeout, remaining),
        )
        extensions["timeout"] = timeout.as_dict()
        limit = self._limit(kind)
        with self._turn(target.host, url, deadline):
            try:
                client = self._client(target.host)
                request = httpx.Request("GET", wire_url, headers=req_headers, extensions=extensions)
                resp = client.handle_request(request)
                resp.request = request
            except httpx.TimeoutException as exc:
                raise FetchError(_timeout_msg(exc, s), url, transient=True) from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"connection failed: {_exc_text(exc)}", url, transient=True) from exc
            try:
                return resp.status_code, resp.headers, self._read_body(resp, url, kind, limit, deadline)
            finally:
                resp.close()

    def _read_body(self, resp: httpx.Response, url: str, kind: str, limit: int, deadline: float) -> bytes:
        s = self.settings
        if resp.status_code in _REDIRECTS or resp.status_code == 304:
            return b""
        declared = resp.headers.get("content-length", "")
        encoding = resp.headers.get("content-encoding", "")
        if declared.isdigit() and not encoding and int(declared) > limit:
            raise FetchError(
                f"body of {int(declared):,} bytes exceeds the {_mb(limit)} limit (Content-Length); "
                f"raise CONFLICTWATCH_FETCH_MAX_{kind.upper()}_BYTES if this source is legitimate",
                url,
                resp.status_code,
            )
        inflater = _Inflater(encoding, url)
        parts: list[bytes] = []
        size = 0
        try:
            for raw in resp.iter_raw():  # no chunk_size: yield each network read, so the deadline is checked
                if time.monotonic() > deadline:
                    raise FetchError(_deadline_msg(s), url, resp.status_code, transient=True)
                data = inflater.feed(raw, limit - size)
                size += len(data)
                if size > limit:
                    after = " after decompression" if inflater.encoding not in ("", "identity") else ""
                    raise FetchError(
                        f"body exceeded {_mb(limit)} limit{after}; raise "
                        f"CONFLICTWATCH_FETCH_MAX_{kind.upper()}_BYTES if this source is legitimate",
                        url,
                        resp.status_code,
                    )
                parts.append(data)
        except httpx.TimeoutException as exc:
            raise FetchError(_timeout_msg(exc, s), url, resp.status_code, transient=True) from exc
        except httpx.HTTPError as exc:
            raise FetchError(
                f"connection broke while reading the body: {_exc_text(exc)}", url, resp.status_code, True
            ) from exc
        inflater.finish()
        return b"".join(parts)


def _attempts(n: int) -> str:
    return f"{n} attempt" if n == 1 else f"{n} attempts"


def _exc_text(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def _deadline_msg(s: FetchSettings) -> str:
    return (
        f"no complete response within the {s.total_timeout:g} s total deadline (server too slow or "
        "dripping bytes); raise CONFLICTWATCH_FETCH_TOTAL_TIMEOUT if the source is just slow"
    )


def _timeout_msg(exc: httpx.TimeoutException, s: FetchSettings) -> str:
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return f"connect timeout: no connection within {s.connect_timeout:g} s (host down or filtered?)"
    return f"read timeout: the server sent nothing for {s.read_timeout:g} s"


def _status_advice(status: int) -> str:
    phrase = _phrase(status)
    if status in (404, 410):
        return f"HTTP {status} {phrase}: the page is gone; not retried"
    if status in (401, 403):
        return f"HTTP {status} {phrase}: the server refuses us; check the URL or ask the site for access"
    if 400 <= status < 500:
        return f"HTTP {status} {phrase}: the server rejected the request; check the URL"
    return f"unexpected HTTP {status} {phrase}"


def _phrase(status: int) -> str:
    try:
        from http import HTTPStatus

        return HTTPStatus(status).phrase
    except ValueError:
        return ""
