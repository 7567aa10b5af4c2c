"""Ingest state across runs and processes, and the staged batch on disk (atomic, full-disk safe)."""

from __future__ import annotations

import subprocess
import uuid
from concurrent.futures import ProcessPoolExecutor
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from extract import staging
from extract.fetch_state import FetchState
from extract.ingest import ingest_feed
from extract.staging import StagingError, new_batch_dir, read_batch, seal_batch, sealed_batches

from .conftest import Server, page_html, send


def rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>{n}</title><link>{link}</link></item>" for n, link in enumerate(links))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


def etag_feed(body: bytes, etag: str = '"v1"'):
    def handler(h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("If-None-Match") == etag:
            h.send_response(304)
            h.send_header("ETag", etag)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        send(h, 200, body, "application/rss+xml", {"ETag": etag})

    return handler


def run(server: Server, feed: dict, tmp_path: Path, state_path: Path, settings, batch_id: str | None = None):
    batch = new_batch_dir(tmp_path / "staging", batch_id or uuid.uuid4().hex[:8])
    counts = ingest_feed(feed, batch, state_path, settings)
    seal_batch(batch)
    return counts, read_batch(batch)


def test_conditional_get_then_body_hash(server: Server, settings, tmp_path: Path, state_path: Path) -> None:
    server.route("/etag.xml", etag_feed(rss(["/a/1", "/a/2"])))
    server.static("/plain.xml", rss(["/a/1"]), "application/rss+xml")  # no validators: hash decides
    server.route("/a/*", lambda h: send(h, 200, page_html(h.path)))
    feed = {"name": "e", "url": server.url("/etag.xml")}
    first, batch1 = run(server, feed, tmp_path, state_path, settings)
    assert (first["new_entries"], first["pages_staged"], first["not_modified"]) == (2, 2, False)
    second, batch2 = run(server, feed, tmp_path, state_path, settings)
    assert (second["http_status"], second["not_modified"], second["new_entries"]) == (304, True, 0)
    assert batch2.feed_fetches[0]["body_sha256"] == batch1.feed_fetches[0]["body_sha256"]
    plain = {"name": "p", "url": server.url("/plain.xml")}
    run(server, plain, tmp_path, state_path, settings)
    again, _ = run(server, plain, tmp_path, state_path, settings)
    assert (again["http_status"], again["not_modified"], again["entries"]) == (200, True, 0)
    assert server.hits["/a/1"] == 1 and server.hits["/a/2"] == 1


def test_article_in_two_feeds_is_downloaded_once(server: Server, settings, tmp_path: Path, state_path: Path) -> None:
    server.static("/one.xml", rss(["/story/shared?utm_source=rss", "/story/only-one"]), "application/rss+xml")
    server.static("/two.xml", rss(["/story/shared"]), "application/rss+xml")
    server.route("/story/*", lambda h: send(h, 200, page_html(h.path)))
    batch = new_batch_dir(tmp_path / "staging", "shared")
    a = ingest_feed({"name": "one", "url": server.url("/one.xml")}, batch, state_path, settings)
    b = ingest_feed({"name": "two", "url": server.url("/two.xml")}, batch, state_path, settings)
    assert (a["new_entries"], b["new_entries"], b["entries"]) == (2, 0, 1)
    assert server.hits["/story/shared"] == 1


def test_transient_failures_retry_on_later_runs_then_stop(
    server: Server, settings, tmp_path: Path, state_path: Path
) -> None:
    server.route("/feed.xml", etag_feed(rss(["/down", "/gone", "/fine"])))
    server.route("/down", lambda h: send(h, 503, b"busy", "text/plain"))
    server.route("/gone", lambda h: send(h, 404, b"no", "text/plain"))
    server.static("/fine", page_html("fine"))
    feed = {"name": "r", "url": server.url("/feed.xml")}
    quick = settings.replace(max_attempts=1)
    notes = []
    for _ in range(4):
        _, batch = run(server, feed, tmp_path, state_path, quick)
        notes.append([f["error"] for f in batch.failures if f["url"].endswith("/down")])
    assert server.hits["/down"] == 3  # runs 1-3 (the feed itself answered 304 on runs 2-4)
    assert server.hits["/gone"] == 1 and server.hits["/fine"] == 1
    assert notes[0] == ["gave up after 1 attempt: HTTP 503 (will retry on a later run: 1 of 3 runs used)"]
    assert notes[2][0].endswith("(no more retries: failed on 3 runs)")
    assert notes[3] == []
    state = FetchState(state_path)
    assert state.entry_status(feed["url"], server.url("/gone"))["status"] == "failed_permanent"


def _claim(args: tuple[str, str]) -> str:
    path, feed = args
    entry = {"guid": f"{feed}-guid", "canonical_url": "http://news.example/story", "url": "http://news.example/story"}
    return FetchState(Path(path)).claim(feed, entry, 3)


def test_parallel_processes_claim_an_article_once(state_path: Path) -> None:
    FetchState(state_path)
    with ProcessPoolExecutor(4) as pool:
        verdicts = list(pool.map(_claim, [(str(state_path), f"http://feed/{i}") for i in range(8)]))
    assert sorted(verdicts) == ["busy"] * 7 + ["new"]


def test_batch_layout_atomic_pages_and_sealing(tmp_path: Path) -> None:
    root = tmp_path / "staging"
    batch = new_batch_dir(root, "manual__2026-11-01T00:00:00+00:00")
    assert sorted(p.name for p in batch.iterdir()) == ["failures", "feeds", "pages"]
    meta = {"page_key": staging.page_key("http://x/1"), "url": "http://x/1"}
    staging.write_page(batch, meta, b"<html>1</html>")
    (batch / "pages" / "deadbeefdeadbeef.html").write_bytes(b"<html>orphan body, meta never written</html>")
    (batch / "pages" / ".half.json.123.tmp").write_bytes(b"{")
    staging.write_feed_fetch(batch, {"feed": "f", "error": None})
    staging.append_failure(batch, "f", {"stage": "fetch_article", "url": "http://x/2", "error": "e1"})
    staging.append_failure(batch, "f", {"stage": "fetch_article", "url": "http://x/3", "error": "e2"})
    with pytest.raises(StagingError, match="not sealed yet"):
        read_batch(batch)
    summary = seal_batch(batch)
    assert (summary["pages"], summary["failures"], summary["feeds"]) == (1, 2, 1)
    assert seal_batch(batch) == summary  # idempotent
    assert not (batch / "pages" / ".half.json.123.tmp").exists()
    got = read_batch(batch)
    assert [m["url"] for m, _ in got.pages] == ["http://x/1"]
    assert [f["error"] for f in got.failures] == ["e1", "e2"]
    with pytest.raises(StagingError, match="already sealed"):
        new_batch_dir(root, batch.name)
    later = new_batch_dir(root, "aaa-sorts-first-by-name")
    seal_batch(later)
    assert sealed_batches(root) == [batch, later]  # by seal time, not by name
    new_batch_dir(root, "unsealed")
    assert len(sealed_batches(root)) == 2
    with pytest.raises(ValueError, match="batch id"):
        new_batch_dir(root, "../escape")


@pytest.fixture
def tiny_disk(tmp_path: Path):
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=320k", "tmpfs", str(mount)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_full_disk_turns_a_page_into_a_failure(
    server: Server, settings, tmp_path: Path, state_path: Path, tiny_disk: Path
) -> None:
    big = page_html("big") + b"<!--" + b"z" * 120_000 + b"-->"
    server.static("/feed.xml", rss(["/big/1", "/big/2", "/big/3"]), "application/rss+xml")
    server.route("/big/*", lambda h: send(h, 200, big))
    batch = new_batch_dir(tiny_disk / "staging", "full")
    counts = ingest_feed({"name": "full", "url": server.url("/feed.xml")}, batch, state_path, settings)
    assert counts["pages_staged"] == 2 and counts["pages_failed"] == 1
    got = read_batch(batch, require_sealed=False)
    assert all(body.read_bytes() == big for _, body in got.pages)  # nothing staged was damaged
    [failure] = got.failures
    assert "no space left on the device" in failure["error"] and "bytes free" in failure["error"]
    assert not list((batch / "pages").glob(".*.tmp"))


def test_when_even_a_failure_cannot_be_written_the_error_names_path_and_space(tiny_disk: Path) -> None:
    batch = new_batch_dir(tiny_disk / "staging", "full")
    with open(tiny_disk / "filler", "wb") as fh, pytest.raises(OSError):
        while True:
            fh.write(b"\0" * 65536)
            fh.flush()
    with pytest.raises(StagingError) as err:
        staging.append_failure(batch, "f", {"stage": "fetch_article", "error": "x" * 10_000})
    message = str(err.value)
    assert str(batch / "failures") in message and "bytes free" in message


def test_many_threads_opening_a_new_state_file_at_once(tmp_path: Path) -> None:
    # Parallel feed tasks create the state file together on a first run; switching a new SQLite file
    # to WAL can fail with "database is locked" without the busy handler being consulted.
    import threading

    from extract.fetch_state import FetchState

    for round_ in range(120):
        path = tmp_path / f"state{round_}.sqlite"
        errors: list[BaseException] = []
        start = threading.Barrier(8)

        def open_state(path: Path = path, errors: list[BaseException] = errors,
                       start: threading.Barrier = start) -> None:
            start.wait()
            try:
                state = FetchState(path)
                feed = f"https://feed{threading.get_ident()}.example/rss"
                state.feed_validators(feed)  # what ingest_feed does next: reads, then writes
                state.record_feed(feed, True, {"etag": None, "last_modified": None})
                state.close()
            except BaseException as exc:  # collected and asserted below
                errors.append(exc)

        threads = [threading.Thread(target=open_state) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
