"""Ingest one feed into a staged batch: fetch it, find new entries, stage their pages.

Why one function per feed: the ingest DAG maps a task over the configured feeds, so one slow or
hostile feed never holds up the others, and each task writes only its own files in the batch
(``feeds/<slug>.json``, ``failures/<slug>.jsonl`` and its pages). Whatever a feed or a page does,
it ends as a record with a reason; only a broken disk (nothing can be recorded) raises.
"""

from __future__ import annotations

import codecs
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from extract import staging
from extract.feeds import FeedResult, blank_fetch_record, fetch_feed
from extract.fetch_state import FAILED_PERMANENT, FAILED_TRANSIENT, STAGED, FetchState
from extract.http import Fetcher, FetchError, FetchSettings

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SNIFF_TYPES = ("", "text/plain", "application/octet-stream", "binary/octet-stream")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _failure(stage: str, url: str | None, feed: str, error: str) -> dict[str, Any]:
    return {"stage": stage, "url": url, "feed": feed, "error": error, "occurred_at": _now_iso()}


def detect_charset(header_charset: str | None, body: bytes) -> str | None:
    """Charset from the header, else a BOM, else a ``<meta charset>`` in the first 4 KB.

    Why only detect: the body is staged as raw bytes; the extractor decodes with this hint.
    """
    candidates: list[str] = []
    if header_charset:
        candidates.append(header_charset)
    for bom, name in _BOMS:
        if body.startswith(bom):
            candidates.append(name)
    match = _META_CHARSET.search(body[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii", "replace"))
    for name in candidates:
        try:
            return codecs.lookup(name.strip().lower()).name
        except LookupError:
            continue
    return None


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<!--")) or (b"<html" in head)


def _not_html_reason(content_type: str, body: bytes) -> str | None:
    if b"\x00" in body[:4096] and not body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        shown = content_type or "no Content-Type"
        return f"binary body ({shown}, contains NUL bytes): not an HTML page; skipped, not retried"
    if content_type in _HTML_TYPES:
        return None
    if content_type in _SNIFF_TYPES and _looks_like_html(body):
        return None
    return f"not an HTML page (Content-Type {content_type or 'missing'}); skipped, not retried"


class _FeedIngest:
    """State of one ``ingest_feed`` call, so the per-entry steps stay small."""

    def __init__(self, feed: dict[str, Any], batch_dir: Path, state: FetchState, settings: FetchSettings):
        self.feed = feed
        self.name = str(feed.get("name") or feed.get("url") or "unnamed")
        self.url = str(feed.get("url") or "")
        self.batch_dir = batch_dir
        self.state = state
        self.settings = settings
        self.staged = 0
        self.failed = 0

    def fail(self, stage: str, url: str | None, error: str) -> None:
        staging.append_failure(self.batch_dir, self.name, _failure(stage, url, self.name, error))

    def _retry_note(self, attempts: int) -> str:
        limit = self.settings.max_entry_attempts
        if attempts < limit:
            return f" (will retry on a later run: {attempts} of {limit} runs used)"
        return f" (no more retries: failed on {attempts} runs)"

    def entry_failed(self, entry: dict[str, Any], reason: str, transient: bool) -> None:
        status = FAILED_TRANSIENT if transient else FAILED_PERMANENT
        attempts = self.state.finish(self.url, entry["guid"], status, reason)
        self.failed += 1
        self.fail("fetch_article", entry["url"], reason + (self._retry_note(attempts) if transient else ""))

    def stage_entry(self, fetcher: Fetcher, entry: dict[str, Any]) -> None:
        from transform.canonical import outlet_of

        try:
            resp = fetcher.get(entry["url"], kind="page")
        except FetchError as exc:
            self.entry_failed(entry, exc.reason, exc.transient)
            return
        reason = _not_html_reason(resp.content_type, resp.content)
        if reason:
            self.entry_failed(entry, reason, transient=False)
            return
        try:
            source = self.feed.get("source") or outlet_of(resp.final_url)
        except Exception:
            source = None
        meta = {
            "page_key": staging.page_key(entry["canonical_url"]),
            "url": entry["url"],
            "canonical_url": entry["canonical_url"],
            "final_url": resp.final_url,
            "feed": self.name,
            "source": source,
            "guid": entry["guid"],
            "entry_title": entry.get("title"),
            "entry_published": entry.get("published"),
            "entry_published_raw": entry.get("published_raw"),
            "entry_summary": entry.get("summary"),
            "fetched_at": _now_iso(),
            "http_status": resp.status,
            "content_type": resp.content_type or None,
            "charset": detect_charset(resp.charset, resp.content),
        }
        try:
            staging.write_page(self.batch_dir, meta, resp.content)
        except OSError as exc:
            if not staging.is_disk_full(exc):
                raise
            free = staging.free_bytes(self.batch_dir)
            shown = "unknown" if free is None else f"{free:,} bytes"
            self.entry_failed(
                entry,
                f"could not stage the page: no space left on the device under {self.batch_dir} "
                f"({shown} free); free disk space",
                transient=True,
            )
            return
        self.state.finish(self.url, entry["guid"], STAGED)
        self.staged += 1


def _candidates(result: FeedResult, state: FetchState, feed_url: str, max_attempts: int) -> list[dict[str, Any]]:
    """Entries of this fetch plus earlier transient failures the feed no longer shows or did not re-send."""
    entries = list(result.entries)
    guids = {e["guid"] for e in entries}
    for old in state.pending_retries(feed_url, max_attempts):
        if old.get("guid") not in guids:
            entries.append(old)
            guids.add(old.get("guid"))
    return entries


def ingest_feed(feed: dict[str, Any], batch_dir: Path, state_path: Path, settings: FetchSettings) -> dict[str, Any]:
    """Fetch ``feed`` and stage its new pages in ``batch_dir``; returns counts for the task log.

    Never raises for anything a feed or article does (each becomes a Failure record and the feed
    always gets a FeedFetch record); raises ``staging.StagingError`` only when even a failure
    record cannot be written (disk full).
    """
    batch_dir = Path(batch_dir)
    state = FetchState(Path(state_path))
    job = _FeedIngest(feed, batch_dir, state, settings)
    new_entries = 0
    result: FeedResult | None = None
    try:
        # per-host limits shared with the parallel fetch tasks of this data directory
        with Fetcher(settings, host_dir=Path(state_path).parent / "hosts") as fetcher:
            try:
                result = fetch_feed(feed, fetcher, state)
                for failure in result.failures:
                    staging.append_failure(batch_dir, job.name, failure)
                for entry in _candidates(result, state, job.url, settings.max_entry_attempts):
                    verdict = state.claim(job.url, entry, settings.max_entry_attempts)
                    if verdict not in ("new", "retry"):
                        continue
                    new_entries += verdict == "new"
                    try:
                        job.stage_entry(fetcher, entry)
                    except staging.StagingError:
                        raise
                    except Exception as exc:  # a bug must not cost the other entries
                        job.entry_failed(entry, f"internal error while staging the page: {exc!r}; report it", True)
                state.record_feed(job.url, ok=result.ok, validators=result.validators)
            except staging.StagingError:
                raise
            except Exception as exc:
                error = f"internal error while ingesting the feed: {exc!r}; report it as a bug"
                if result is None:
                    result = FeedResult(blank_fetch_record(job.name, feed.get("source"), job.url))
                result.fetch["error"] = result.fetch.get("error") or error
                job.fail("fetch_feed", job.url, error)
            finally:
                if result is not None:
                    result.fetch["new_entries"] = new_entries
                    staging.write_feed_fetch(batch_dir, result.fetch)
    finally:
        state.close()  # the connection is kept open for the whole feed (see FetchState)
    record = result.fetch
    return {
        "feed": job.name,
        "http_status": record.get("http_status"),
        "entries": record.get("entries", 0),
        "new_entries": new_entries,
        "pages_staged": job.staged,
        "pages_failed": job.failed,
        "not_modified": bool(record.get("not_modified")),
        "error": record.get("error"),
    }
