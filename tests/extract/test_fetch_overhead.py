"""The fetch stage's per-page shortcuts keep every guarantee they replaced (issue 9).

The state file keeps one connection open per feed, the HTTP layer talks to a bare transport, IP
literals skip the resolver and the host gate overwrites its stamp in place. Each test below checks
the guarantee that the old, slower code gave: committed entries survive a killed process and a
rerun finishes the feed without duplicates, threads sharing a state handle still claim once, no
cookie travels between requests, a literal private address is still refused, spacing still holds.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from extract import host_gate
from extract.fetch_state import FETCHING, STAGED, FetchState
from extract.http import Fetcher
from extract.ingest import ingest_feed
from extract.netguard import Refused, check_url
from extract.staging import new_batch_dir, read_batch, seal_batch

from .conftest import Server, page_html, send

ROOT = Path(__file__).resolve().parents[2]

_CHILD = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    from extract.http import FetchSettings
    from extract.ingest import ingest_feed
    feed, batch, state = json.loads(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
    settings = FetchSettings.from_env(env={}).replace(
        per_host_delay=0.0, total_timeout=60.0, read_timeout=60.0, allow_private_hosts=["127.0.0.1"])
    ingest_feed(feed, batch, state, settings)
    """
)


def _rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>t{n}</title><link>{link}</link></item>" for n, link in enumerate(links))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


def test_a_killed_ingest_keeps_committed_entries_and_a_rerun_adds_no_duplicates(
    server: Server, settings, tmp_path: Path, state_path: Path
) -> None:
    links = [server.url(f"/p/{i}") for i in range(5)]
    server.static("/feed.xml", _rss(links), "application/rss+xml")
    hanging = threading.Event()
    release = threading.Event()

    def page(h: BaseHTTPRequestHandler) -> None:
        n = h.path.rsplit("/", 1)[1]
        if n == "2" and not release.is_set():  # the child dies while fetching this one
            hanging.set()
            while not (release.is_set() or server.stop.is_set()):
                time.sleep(0.02)
            return
        send(h, 200, page_html(f"page {n}"))

    server.route("/p/*", page)
    feed = {"name": "killed", "url": server.url("/feed.xml")}
    first = new_batch_dir(tmp_path / "staging", "first")
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(ROOT), json.dumps(feed), str(first), str(state_path)],
        start_new_session=True,
    )
    try:
        assert hanging.wait(60), "the child never reached the hanging page"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    release.set()

    state = FetchState(state_path)
    try:
        statuses = [(state.entry_status(feed["url"], link) or {}).get("status") for link in links]
    finally:
        state.close()
    # committed before the kill, though the child never closed its connection
    assert statuses == [STAGED, STAGED, FETCHING, None, None]
    assert sorted(m["url"] for m, _ in read_batch(first, require_sealed=False).pages) == links[:2]

    second = new_batch_dir(tmp_path / "staging", "second")
    counts = ingest_feed(feed, second, state_path, settings)
    seal_batch(second)
    rerun = sorted(m["url"] for m, _ in read_batch(second).pages)
    # the crashed claim stays reserved until it expires; nothing staged before is fetched again
    assert rerun == links[3:]
    assert counts["pages_staged"] == 2
    assert [server.hits[f"/p/{i}"] for i in range(5)] == [1, 1, 1, 1, 1]


def test_threads_sharing_one_state_handle_claim_an_article_once(state_path: Path) -> None:
    state = FetchState(state_path)
    verdicts: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def claim(i: int) -> None:
        entry = {"guid": f"g{i}", "canonical_url": "http://news.example/story", "url": "http://news.example/story"}
        start.wait()
        verdict = state.claim(f"http://feed/{i}", entry, 3)
        with lock:
            verdicts.append(verdict)

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(verdicts) == ["busy"] * 7 + ["new"]
    winner = next(i for i in range(8) if state.entry_status(f"http://feed/{i}", f"g{i}"))
    state.close()
    # a closed handle reopens on use and sees everything committed
    assert state.entry_status(f"http://feed/{winner}", f"g{winner}") == {
        "status": FETCHING, "attempts": 0, "last_error": None, "canonical_url": "http://news.example/story"}
    state.finish(f"http://feed/{winner}", f"g{winner}", STAGED)
    state.record_feed("http://feed/x", ok=True, validators={"etag": '"e"', "last_modified": None, "body_sha256": "h"})
    assert state.feed_validators("http://feed/x")["etag"] == '"e"'
    state.close()


def test_a_failed_operation_leaves_the_handle_usable(state_path: Path) -> None:
    state = FetchState(state_path)
    with pytest.raises(ValueError):
        state.finish("http://feed", "g", "no-such-status")
    with pytest.raises(KeyError):  # an entry without a canonical URL fails inside the claim
        state.claim("http://feed", {"guid": "g"}, 3)
    entry = {"guid": "g", "canonical_url": "http://news.example/a", "url": "http://news.example/a"}
    assert state.claim("http://feed", entry, 3) == "new"
    assert state.finish("http://feed", "g", STAGED) == 0
    assert state.claim("http://feed", entry, 3) == "seen"
    state.close()


def test_no_cookie_travels_between_requests(server: Server, settings) -> None:
    seen: list[dict[str, str | None]] = []

    def handler(h: BaseHTTPRequestHandler) -> None:
        seen.append({k: h.headers.get(k) for k in ("Cookie", "Accept-Encoding", "User-Agent")})
        send(h, 200, page_html("c"), headers={"Set-Cookie": f"track={uuid.uuid4().hex}; Path=/"})

    server.route("/c/*", handler)
    with Fetcher(settings.replace(respect_robots=False)) as fetcher:
        for i in range(3):
            assert fetcher.get(server.url(f"/c/{i}")).content == page_html("c")
    assert [s["Cookie"] for s in seen] == [None, None, None]
    assert all(s["Accept-Encoding"] == "gzip, deflate" and s["User-Agent"] == settings.user_agent for s in seen)


def test_ip_literals_skip_the_resolver_but_not_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def resolver(host: str, *args: object, **kwargs: object) -> list:
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", 80))]

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    assert check_url("http://93.184.215.14/a").ip == "93.184.215.14"
    assert check_url("http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/a").ip == "2606:2800:21f:cb07:6820:80da:af6b:8b2c"
    for url in ("http://10.0.0.5/", "http://[::1]:8080/", "http://169.254.169.254/latest/meta-data"):
        with pytest.raises(Refused):
            check_url(url)
    assert asked == []
    # a name still goes through the resolver, and its private answer is still refused
    with pytest.raises(Refused, match=r"news\.example \(10\.0\.0\.7\) is a private address"):
        check_url("http://news.example/")
    assert asked == ["news.example"]


def test_the_gate_stamp_is_overwritten_in_place_and_still_spaces_turns(tmp_path: Path) -> None:
    stamp = tmp_path / "example.org.last"
    stamp.write_text("12345678901234567890123456789012345678901234567890.5")  # longer than a stamp
    far = time.monotonic() + 60
    with host_gate.host_turn(tmp_path, "example.org", 1, 0.2, far):
        pass
    first = float(stamp.read_text())
    assert abs(first - time.time()) < 5  # no digits of the longer file survive
    with host_gate.host_turn(tmp_path, "example.org", 1, 0.2, far):
        pass
    assert float(stamp.read_text()) >= first + 0.2 - 1e-3  # spaced by the gate's own stamps
