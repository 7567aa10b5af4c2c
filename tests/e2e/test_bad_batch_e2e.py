"""A batch of bad inputs through the real DAGs: the good row loads, every bad one is recorded with a
reason, the batch-level gate fails visibly and the operator is notified (issue 5's scenario)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import duckdb
import pytest
import yaml

from conflictwatch.sample.server import serve

pytestmark = pytest.mark.slow

GOOD = """<html><head><title>Drones strike fuel depot near Poltava</title>
<meta property="article:published_time" content="{when}"></head><body><article>
<h1>Drones strike fuel depot near Poltava</h1>
<p>Russian attack drones struck a fuel depot on the edge of Poltava overnight, starting a fire that
crews fought until dawn, the regional governor said on the morning after the attack.</p>
<p>Air defence units shot down eleven of the fourteen drones launched at the region, he added, and
no one was hurt. Residents of two nearby streets were asked to keep their windows closed.</p>
</article></body></html>"""

FUTURE = """<html><head><title>Council approves new budget for road repairs</title>
<meta property="article:published_time" content="{when}"></head><body><article>
<h1>Council approves new budget for road repairs</h1>
<p>The city council approved a budget for resurfacing forty streets over the summer, the mayor's
office said, with work to begin once the ground has thawed and contractors have been chosen.</p>
<p>Residents will be able to follow the schedule on a public map that is updated every week.</p>
</article></body></html>"""

COOKIE = """<html><head><title>Before you continue</title></head><body><div class="consent">
<p>We use cookies and similar technologies. Accept all cookies to continue.</p></div></body></html>"""


def feed(base: str) -> str:
    items = ["good", "future", "empty", "binary", "cookie-1", "cookie-2", "cookie-3"]
    entries = "".join(f"<item><title>{name}</title><link>{base}/bad/{name}.html</link><guid>bad-{name}</guid>"
                      "</item>" for name in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bad batch</title><link>{base}/</link>'
            f"<description>x</description>{entries}</channel></rss>")


class Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Receiver.received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture(scope="module")
def webhook() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()


def test_bad_batch(cli_env: dict[str, str], tmp_path: Path, webhook: str) -> None:
    now = datetime.now(UTC)
    holder: dict[str, str] = {}
    html = {"Content-Type": "text/html; charset=utf-8"}
    routes = {
        "/bad/feed.xml": lambda: (200, {"Content-Type": "application/rss+xml"}, feed(holder["base"]).encode()),
        "/bad/good.html": lambda: (200, html, GOOD.format(when=(now - timedelta(hours=3)).isoformat()).encode()),
        "/bad/future.html": lambda: (200, html, FUTURE.format(when=(now + timedelta(hours=5)).isoformat()).encode()),
        "/bad/empty.html": lambda: (200, html, b""),
        "/bad/binary.html": lambda: (200, {"Content-Type": "application/pdf"}, b"%PDF-1.7\n" + bytes(range(256)) * 40),
        **{f"/bad/cookie-{i}.html": (lambda: (200, html, COOKIE.encode())) for i in (1, 2, 3)},
    }
    with serve(port=0, extra_routes=routes) as server:
        holder["base"] = server.base_url
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text(yaml.safe_dump({"feeds": [{"name": "bad-batch", "url": f"{server.base_url}/bad/feed.xml",
                                                    "source": "bad.example"}]}), encoding="utf-8")
        env = {**cli_env, "CONFLICTWATCH_ALERT_WEBHOOK_URL": webhook}
        out = subprocess.run([sys.executable, "-m", "conflictwatch.cli", "run", "--feeds", str(feeds)], env=env,
                             capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "check_batch_health: failed" in out.stdout

    data = Path(cli_env["CONFLICTWATCH_DATA_DIR"])
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:
        loaded = [r[0] for r in con.execute("SELECT url FROM articles").fetchall()]
        assert loaded == [f"{holder['base']}/bad/good.html"]
        events = con.execute("SELECT type, evidence FROM events").fetchall()
        assert events and all(t == "drone_strike" for t, _ in events)
        quarantined = dict(con.execute("SELECT url, reason FROM quarantine").fetchall())
        future = quarantined[f"{holder['base']}/bad/future.html"]
        assert "published_at" in future
        assert any("cookie" in url for url in quarantined) or \
            con.execute("SELECT count(*) FROM failures WHERE url LIKE '%cookie%'").fetchall()[0][0] == 3
        failures = dict(con.execute("SELECT url, error FROM failures").fetchall())
        assert "empty" in failures[f"{holder['base']}/bad/empty.html"]
        assert failures[f"{holder['base']}/bad/binary.html"]
        runs = con.execute("SELECT suite, success FROM validation_runs").fetchall()
        assert {s for s, _ in runs} >= {"articles", "events", "feed_health"}
    finally:
        con.close()

    docs = data / "gx" / "uncommitted" / "data_docs" / "local_site"
    pages = "".join(p.read_text(encoding="utf-8", errors="replace") for p in docs.rglob("*.html"))
    assert "articles" in pages and "feed_health" in pages
    assert "expect_column_values_to_be_between" in pages or "published_at" in pages

    notices = [n for n in Receiver.received if n.get("kind") == "batch_quality_failure"]
    assert notices and notices[0]["problems"], Receiver.received
