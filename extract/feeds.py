"""Fetch one feed (conditional GET + body hash) and turn it into clean, bounded entry dicts.

Why a helper process for feedparser: feedparser has no timeout and no memory bound. Its author
e-mail regex is quadratic on long dotted strings (a 31 KB author field costs ~3 s, upstream issue
562) and an entity-expansion feed that stays under expat's amplification limit still makes it build
hundreds of MB of text. Over-long author fields are truncated before parsing (cheap, keeps the feed
usable); anything else pathological is cut off by the helper's time limit and address-space limit
(``feed_parse_timeout``, ``feed_parse_memory_mb``), and the parent process is never at risk. One
helper is started per process and reused, so the cost is paid once (~0.3 s), not per feed.

External entities: feedparser strips DOCTYPE entity declarations it does not consider safe and
turns off external general entities; expat (2.4+) stops billion-laughs expansion. Tests verify both.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import select
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    from extract.fetch_state import FetchState
    from extract.http import Fetcher, FetchSettings

_AUTHOR_TAGS = rb"author|creator|contributor|publisher|managingEditor|webMaster|name|email|owner"
_AUTHOR_RE = re.compile(
    rb"(<(?:[\w.-]+:)?(?:" + _AUTHOR_TAGS + rb")\b[^>]{0,1000}>)(<!\[CDATA\[.*?\]\]>|[^<]*)",
    re.IGNORECASE | re.DOTALL,
)
_MAX_TITLE = 1000
_MAX_SUMMARY = 5000
_BENIGN_BOZO = ("CharacterEncodingOverride",)


class FeedParseError(Exception):
    """The helper could not parse the feed in bounded time/memory; str() is operator advice."""


@dataclass
class ParsedFeed:
    """What survives of a feed: entries, plus why the rest did not (skipped) and bozo status."""

    entries: list[dict[str, Any]]
    skipped: list[dict[str, str | None]]
    bozo_reason: str | None
    version: str
    raw_entries: int


@dataclass
class FeedResult:
    """FeedFetch record (``new_entries`` is filled in by ingest), parsed entries, feed-level failures."""

    fetch: dict[str, Any]
    entries: list[dict[str, Any]] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
    ok: bool = False
    # etag/last_modified/body_sha256 to store once entries are handled; None = leave state as is
    validators: dict[str, str | None] | None = None


def truncate_author_fields(body: bytes, max_chars: int) -> bytes:
    """Cut author-like element text longer than ``max_chars`` bytes (see module docstring)."""
    if max_chars <= 0:
        return body

    def cut(match: re.Match[bytes]) -> bytes:
        tag, text = match.group(1), match.group(2)
        if len(text) <= max_chars:
            return match.group(0)
        if text.startswith(b"<![CDATA["):
            return tag + b"<![CDATA[" + _cut_utf8(text[9:-3], max_chars) + b"]]>"
        return tag + _cut_utf8(text, max_chars)

    return _AUTHOR_RE.sub(cut, body)


def _cut_utf8(data: bytes, n: int) -> bytes:
    data = data[:n]
    while data and 0x80 <= data[-1] <= 0xBF:  # do not split a multi-byte character
        data = data[:-1]
    if data and data[-1] >= 0xC0:
        data = data[:-1]
    return data


# ---------------------------------------------------------------- the helper process


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    return value


def _worker_parse(body: bytes, url: str, content_type: str) -> dict[str, Any]:
    import feedparser

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers)
    exc = parsed.get("bozo_exception")
    entries = []
    for e in parsed.entries:
        links = [
            {"href": _clean(ln.get("href")), "rel": _clean(ln.get("rel")), "type": _clean(ln.get("type"))}
            for ln in (e.get("links") or [])
            if isinstance(ln, dict)
        ]
        item = {
            "link": _clean(e.get("link")),
            "links": links,
            "id": _clean(e.get("id")),
            "title": _clean(e.get("title")),
            "summary": _clean(e.get("summary")),
        }
        for key in ("published", "updated", "created"):
            item[key] = _clean(e.get(key))
            stamp = e.get(key + "_parsed")
            item[key + "_parsed"] = list(stamp)[:6] if stamp else None
        entries.append(item)
    return {
        "ok": True,
        "bozo": bool(parsed.get("bozo")),
        "bozo_exception": f"{type(exc).__name__}: {_clean(str(exc))}" if exc else None,
        "version": parsed.get("version") or "",
        "entries": entries,
    }


def _read_exact(stream: Any, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = stream.read(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def worker_main() -> None:
    """Entry point of the helper: length-prefixed JSON requests on stdin, answers on a private fd."""
    proto_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a library prints must not corrupt the protocol
    memory_mb = int(os.environ.get("CONFLICTWATCH_FEED_WORKER_MEMORY_MB", "0"))
    if memory_mb > 0:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    stdin = sys.stdin.buffer
    while True:
        try:
            (hlen,) = struct.unpack(">Q", _read_exact(stdin, 8))
            header = json.loads(_read_exact(stdin, hlen))
            (blen,) = struct.unpack(">Q", _read_exact(stdin, 8))
            body = _read_exact(stdin, blen)
        except EOFError:
            return
        try:
            answer = _worker_parse(body, header["url"], header.get("content_type", ""))
        except MemoryError:
            answer = {"ok": False, "error": "ran out of its memory limit"}
        except Exception as exc:
            answer = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        try:
            out = json.dumps(answer).encode("utf-8")
        except MemoryError:
            out = json.dumps({"ok": False, "error": "ran out of its memory limit"}).encode()
        proto_out.write(struct.pack(">Q", len(out)) + out)
        proto_out.flush()


class _Worker:
    """One reusable helper process; killed and replaced when a parse overruns."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        self._memory_mb = 0
        self._lock = threading.Lock()

    def _start(self, memory_mb: int) -> subprocess.Popen[bytes]:
        env = dict(os.environ)
        env["CONFLICTWATCH_FEED_WORKER_MEMORY_MB"] = str(memory_mb)
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
        code = "from extract.feeds import worker_main; worker_main()"
        self._memory_mb = memory_mb
        return subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)

    def kill(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            for pipe in (self._proc.stdin, self._proc.stdout):
                if pipe is not None:
                    pipe.close()
            self._proc = None

    def parse(self, body: bytes, url: str, content_type: str, timeout: float, memory_mb: int) -> dict[str, Any]:
        with self._lock:
            if self._proc is None or self._proc.poll() is not None or self._memory_mb != memory_mb:
                self.kill()
                self._proc = self._start(memory_mb)
            proc = self._proc
            assert proc.stdin is not None and proc.stdout is not None
            header = json.dumps({"url": url, "content_type": content_type}).encode()
            deadline = time.monotonic() + timeout
            try:
                proc.stdin.write(struct.pack(">Q", len(header)) + header + struct.pack(">Q", len(body)))
                proc.stdin.write(body)
                proc.stdin.flush()
                size = struct.unpack(">Q", self._read(proc, 8, deadline))[0]
                return json.loads(self._read(proc, size, deadline))
            except TimeoutError:
                self.kill()
                raise FeedParseError(
                    f"parsing took longer than {timeout:g} s and was stopped (pathological feed?); "
                    "raise CONFLICTWATCH_FETCH_FEED_PARSE_TIMEOUT if the feed is just very large"
                ) from None
            except (EOFError, BrokenPipeError, OSError):
                code = proc.poll()
                self.kill()
                raise FeedParseError(
                    f"the feed parser process died (exit code {code}) while parsing, probably over its "
                    f"{memory_mb} MB memory limit; raise CONFLICTWATCH_FETCH_FEED_PARSE_MEMORY_MB if the "
                    "feed is legitimate"
                ) from None

    @staticmethod
    def _read(proc: subprocess.Popen[bytes], n: int, deadline: float) -> bytes:
        assert proc.stdout is not None
        fd = proc.stdout.fileno()
        data = b""
        while len(data) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                raise TimeoutError
            chunk = os.read(fd, min(n - len(data), 1 << 20))
            if not chunk:
                raise EOFError
            data += chunk
        return data


_WORKER = _Worker()
atexit.register(_WORKER.kill)


# ---------------------------------------------------------------- entries


def _to_utc_iso(parts: list[int] | None) -> datetime | None:
    if not parts:
        return None
    try:
        return datetime(*parts[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _entry_link(item: dict[str, Any]) -> str | None:
    link = item.get("link")
    if not link:
        for ln in item.get("links") or []:
            if ln.get("href") and (ln.get("rel") in (None, "alternate")):
                link = ln["href"]
                break
    return link.strip() if isinstance(link, str) and link.strip() else None


def normalise_entries(
    raw: list[dict[str, Any]], feed_url: str, settings: FetchSettings, now: datetime | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, str | None]]]:
    """Keep entries with an http(s) link, resolve links, normalise dates, collapse duplicates.

    Returns (entries, skipped) where each skipped item is ``{"url", "reason"}``.
    """
    from transform.canonical import canonicalize_url

    now = now or datetime.now(UTC)
    horizon = now + timedelta(hours=settings.future_date_tolerance_hours)
    entries: list[dict[str, Any]] = []
    skipped: list[dict[str, str | None]] = []
    seen_guids: set[str] = set()
    seen_urls: set[str] = set()
    for n, item in enumerate(raw, 1):
        title = (item.get("title") or "").strip()[:_MAX_TITLE] or None
        label = f"entry {n}" + (f" ({title[:60]!r})" if title else "")
        link = _entry_link(item)
        if not link:
            skipped.append({"url": None, "reason": f"{label} has no link: skipped"})
            continue
        url = urljoin(feed_url, link)
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https") or not urlsplit(url).hostname:
            shown = link if len(link) < 80 else link[:77] + "..."
            skipped.append({"url": None, "reason": f"{label} link {shown!r} is not an http(s) URL: skipped"})
            continue
        try:
            canonical = canonicalize_url(url)
        except Exception as exc:
            skipped.append({"url": url, "reason": f"{label} link cannot be canonicalised ({exc}): skipped"})
            continue
        guid = (item.get("id") or "").strip() or canonical
        if guid in seen_guids or canonical in seen_urls:
            continue  # duplicate within this feed: first occurrence wins
        seen_guids.add(guid)
        seen_urls.add(canonical)
        published = None
        raw_date = None
        for key in ("published", "updated", "created"):
            if item.get(key) or item.get(key + "_parsed"):
                raw_date = item.get(key)
                published = _to_utc_iso(item.get(key + "_parsed"))
                break
        if published is not None and published > horizon:
            published = None  # a far-future date is a feed bug; keep the raw text for the record
        summary = (item.get("summary") or "").strip()[:_MAX_SUMMARY] or None
        entries.append(
            {
                "guid": guid[:2000],
                "url": url,
                "canonical_url": canonical,
                "title": title,
                "published": published.isoformat().replace("+00:00", "Z") if published else None,
                "published_raw": None if published else (raw_date or None),
                "summary": summary,
            }
        )
    return entries, skipped


def parse_feed_bytes(body: bytes, feed_url: str, content_type: str, settings: FetchSettings) -> ParsedFeed:
    """Parse feed bytes as far as possible, in the bounded helper. Raises FeedParseError."""
    if not body.strip():
        raise FeedParseError("the feed body is empty; check the feed URL")
    body = truncate_author_fields(body, settings.max_author_chars)
    answer = _WORKER.parse(body, feed_url, content_type, settings.feed_parse_timeout, settings.feed_parse_memory_mb)
    if not answer.get("ok"):
        raise FeedParseError(f"feed parser failed: {answer.get('error')}")
    bozo = answer.get("bozo_exception") if answer.get("bozo") else None
    if bozo and bozo.startswith(_BENIGN_BOZO):
        bozo = None
    entries, skipped = normalise_entries(answer["entries"], feed_url, settings)
    return ParsedFeed(entries, skipped, bozo, answer.get("version", ""), len(answer["entries"]))


def blank_fetch_record(name: str, source: str | None, url: str) -> dict[str, Any]:
    """A FeedFetch record before anything is known: every fetch attempt leaves one, even a refused one."""
    return {
        "feed": name,
        "source": source,
        "url": url,
        "fetched_at": _now_iso(),
        "http_status": None,
        "entries": 0,
        "new_entries": 0,
        "error": None,
        "not_modified": False,
        "body_sha256": None,
        "elapsed_ms": None,
    }


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _failure(stage: str, url: str | None, feed: str, error: str) -> dict[str, Any]:
    return {"stage": stage, "url": url, "feed": feed, "error": error, "occurred_at": _now_iso()}


def fetch_feed(feed: dict[str, Any], fetcher: Fetcher, state: FetchState) -> FeedResult:
    """Conditional GET of one feed, hash check, bounded parse. Never raises for what the feed does.

    Does not write the state: the caller commits ``result.validators`` only after the entries were
    handled, so a crash in between means the next run sees the feed as changed and retries them.
    """
    from transform.canonical import outlet_of

    name = str(feed.get("name") or feed.get("url") or "unnamed")
    url = str(feed.get("url") or "")
    try:
        source = feed.get("source") or outlet_of(url)
    except Exception:
        source = None
    record = blank_fetch_record(name, source, url)
    result = FeedResult(record)
    started = time.monotonic()
    try:
        _fetch_into(result, feed, name, url, fetcher, state)
    finally:
        record["elapsed_ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def _fetch_into(
    result: FeedResult, feed: dict[str, Any], name: str, url: str, fetcher: Fetcher, state: FetchState
) -> None:
    from extract.http import FetchError

    record = result.fetch
    previous = state.feed_validators(url)
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"}
    if previous.get("etag"):
        headers["If-None-Match"] = previous["etag"]
    if previous.get("last_modified"):
        headers["If-Modified-Since"] = previous["last_modified"]
    try:
        resp = fetcher.get(url, kind="feed", headers=headers)
    except FetchError as exc:
        record.update(http_status=exc.status, error=exc.reason)
        result.failures.append(_failure("fetch_feed", url, name, exc.reason))
        return  # validators stay as they were: they still describe the last body we parsed
    record["http_status"] = resp.status
    if resp.status == 304:
        record["not_modified"] = True
        record["body_sha256"] = previous.get("body_sha256")
        result.ok = True
        return
    digest = hashlib.sha256(resp.content).hexdigest()
    record["body_sha256"] = digest
    validators = {
        "etag": resp.headers.get("etag"),
        "last_modified": resp.headers.get("last-modified"),
        "body_sha256": digest,
    }
    if digest == previous.get("body_sha256"):
        record["not_modified"] = True
        result.ok, result.validators = True, validators
        return
    # Until this body is parsed and its entries handled, the next run must refetch it in full.
    result.validators = {"etag": None, "last_modified": None, "body_sha256": None}
    try:
        parsed = parse_feed_bytes(resp.content, resp.final_url, resp.headers.get("content-type", ""), fetcher.settings)
    except FeedParseError as exc:
        record["error"] = str(exc)
        result.failures.append(_failure("parse_feed", url, name, str(exc)))
        return
    record["entries"] = len(parsed.entries)
    if parsed.bozo_reason:
        how = (
            f"parsed {len(parsed.entries)} entries as far as possible"
            if parsed.entries
            else "no entries could be recovered; check that the URL serves RSS or Atom"
        )
        reason = f"feed is malformed ({parsed.bozo_reason}); {how}"
        result.failures.append(_failure("parse_feed", url, name, reason))
        if not parsed.entries:
            record["error"] = reason
    elif parsed.raw_entries == 0 and not parsed.version:
        reason = "the response is not an RSS or Atom feed (no feed elements found); check the URL"
        record["error"] = reason
        result.failures.append(_failure("parse_feed", url, name, reason))
    for skip in parsed.skipped:
        result.failures.append(_failure("parse_feed", skip["url"] or url, name, skip["reason"] or ""))
    result.entries = parsed.entries
    if record["error"] is None:
        result.ok, result.validators = True, validators
