"""robots.txt for article pages, parsed with Protego and cached per host.

Why Protego: ``urllib.robotparser`` ignores wildcards and uses first-match instead of the longest
match that RFC 9309 requires, so it both over- and under-blocks on real sites. Why a cache: one feed
lists dozens of pages of one host; robots.txt is fetched once per host per ``ttl`` seconds.

RFC 9309 semantics: 4xx (no robots.txt) allows everything; 5xx or an unreachable server means
"assume complete disallow" — we report that as a transient failure so the page is retried later.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego


@dataclass(frozen=True)
class RobotsAnswer:
    """Verdict for one URL. ``transient`` marks 'could not tell yet' as opposed to 'disallowed'."""

    allowed: bool
    reason: str = ""
    transient: bool = False


@dataclass
class _Entry:
    parser: Protego | None  # None = allow all (no robots.txt)
    error: str | None  # robots.txt could not be fetched (treated as disallow, transient)
    expires: float


# fetch(url) -> (status, body) or raises an exception whose str() explains why.
RobotsFetch = Callable[[str], tuple[int, bytes]]


class RobotsCache:
    """Per-host robots.txt verdicts for one user agent, shared by the threads of one process."""

    def __init__(self, fetch: RobotsFetch, user_agent: str, ttl: float = 3600.0) -> None:
        self._fetch = fetch
        self._agent = user_agent
        self._ttl = ttl
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}

    def _origin(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme.lower()}://{parts.netloc.lower()}"

    def _load(self, origin: str) -> _Entry:
        robots_url = origin + "/robots.txt"
        now = time.monotonic()
        try:
            status, body = self._fetch(robots_url)
        except Exception as exc:
            return _Entry(None, f"robots.txt at {robots_url} could not be fetched ({exc})", now + 60)
        if 200 <= status < 300:
            text = body.decode("utf-8", "replace")
            return _Entry(Protego.parse(text), None, now + self._ttl)
        if 400 <= status < 500:
            return _Entry(None, None, now + self._ttl)
        return _Entry(None, f"robots.txt at {robots_url} answered HTTP {status}", now + 60)

    def check(self, url: str) -> RobotsAnswer:
        """May our user agent fetch ``url``? Fetches the host's robots.txt on first use."""
        origin = self._origin(url)
        with self._lock:
            entry = self._entries.get(origin)
            host_lock = self._host_locks.setdefault(origin, threading.Lock())
        if entry is None or entry.expires < time.monotonic():
            # One fetch per host even when several threads ask at once.
            with host_lock:
                with self._lock:
                    entry = self._entries.get(origin)
                if entry is None or entry.expires < time.monotonic():
                    entry = self._load(origin)
                    with self._lock:
                        self._entries[origin] = entry
        if entry.error:
            return RobotsAnswer(
                False,
                f"{entry.error}; RFC 9309 says to assume disallow, so the page is retried on a later run",
                transient=True,
            )
        if entry.parser is None or entry.parser.can_fetch(url, self._agent):
            return RobotsAnswer(True)
        return RobotsAnswer(
            False,
            f"refused by robots.txt of {origin} for user agent {self._agent!r} "
            "(ask the site, or set CONFLICTWATCH_FETCH_RESPECT_ROBOTS=false if you have permission)",
        )
