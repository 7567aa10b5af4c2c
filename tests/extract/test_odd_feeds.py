"""Robustness: every generated odd or malformed feed (scripts/make_odd_feeds.py) goes through
``ingest_feed`` without raising and leaves exactly one FeedFetch record in the batch."""

from __future__ import annotations

import importlib.util
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from extract.ingest import ingest_feed
from extract.staging import new_batch_dir, read_batch, seal_batch

from .conftest import Server, page_html, send

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("make_odd_feeds", ROOT / "scripts" / "make_odd_feeds.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_odd_feeds_never_crash_ingest(server: Server, settings, tmp_path: Path, state_path: Path) -> None:
    gen = _generator()
    paths = gen.generate(tmp_path / "odd")
    assert len(paths) >= 150
    types = {"html_page": "text/html", "json_body": "application/json", "binary_garbage": "application/octet-stream"}

    def serve(path: Path):
        body = path.read_bytes().replace(gen.BASE.encode(), server.base.encode())
        case = path.stem.split("__", 1)[1]
        content_type = types.get(case, "application/xml")

        def handler(h: BaseHTTPRequestHandler) -> None:
            send(h, 200, body, content_type)

        return handler

    server.route("/p/*", lambda h: send(h, 200, page_html(h.path)))
    batch = new_batch_dir(tmp_path / "staging", "odd")
    results = {}
    for path in paths:
        url = server.route(f"/feeds/{path.name}", serve(path))
        results[path.stem] = ingest_feed({"name": path.stem, "url": url}, batch, state_path, settings)
    seal_batch(batch)
    staged = read_batch(batch)
    assert sorted(f["feed"] for f in staged.feed_fetches) == sorted(results)

    for fmt in gen.FORMATS:  # spot checks that the cases mean what their names say
        assert results[f"{fmt}__valid"]["error"] is None
        assert results[f"{fmt}__valid"]["entries"] == 3
        assert results[f"{fmt}__no_links"]["entries"] == 0
        assert results[f"{fmt}__javascript_links"]["entries"] == 0
        assert results[f"{fmt}__empty"]["error"] == "the feed body is empty; check the feed URL"
        assert results[f"{fmt}__huge_author"]["entries"] == 3
        assert results[f"{fmt}__duplicate_entries"]["entries"] == 3
    for meta, _ in staged.pages:
        assert meta["url"].startswith(server.base + "/p/")
    reasons = " | ".join(f["error"] for f in staged.failures)
    assert "has no link: skipped" in reasons and "is not an http(s) URL" in reasons
    assert "feed is malformed" in reasons
    assert "root:x:0" not in repr(staged.pages) + reasons  # the external-entity cases read no file
