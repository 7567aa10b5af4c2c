"""The whole path for real: a loopback HTTP server → the `conflictwatch run` CLI → real Airflow DAG
runs (SQLite metadata DB) → a real DuckDB file, with an analyst holding it open throughout."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from conflictwatch.sample import articles as sample_articles
from conflictwatch.sample import special_paths
from conflictwatch.sample.server import render_feeds_file, serve

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]

EXTRA_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test extras</title><link>{base}/</link><description>x</description>
<item><title>A page that is gone</title><link>{base}/gone/missing-article.html</link>
<guid>extras-missing</guid><pubDate>Mon, 02 Nov 2026 08:00:00 GMT</pubDate></item>
</channel></rss>"""


@pytest.fixture(scope="module")
def site() -> Iterator[Any]:
    holder: dict[str, str] = {}
    routes = {
        "/broken/feed.xml": lambda: (500, {"Content-Type": "text/plain"}, b"internal error"),
        "/extras/feed.xml": lambda: (200, {"Content-Type": "application/rss+xml"},
                                     EXTRA_FEED.format(base=holder["base"]).encode()),
    }
    with serve(port=0, extra_routes=routes) as server:
        holder["base"] = server.base_url
        yield server


@pytest.fixture(scope="module")
def feeds_file(site: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    doc = yaml.safe_load(render_feeds_file(site.base_url, None))
    doc["feeds"] += [
        {"name": "broken-feed", "url": f"{site.base_url}/broken/feed.xml", "source": "broken.example"},
        {"name": "extras", "url": f"{site.base_url}/extras/feed.xml", "source": "extras.example"},
    ]
    path = tmp_path_factory.mktemp("feeds") / "feeds.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


def clusters_count_events(con: duckdb.DuckDBPyConnection) -> None:
    """Issue 4 on the sample corpus: three outlets' reports of one strike are one event with three
    sources; two strikes on one city on different days stay two; a strike and talks stay apart."""

    def clusters_of(path: str, event_type: str) -> set[str]:
        rows = con.execute("""SELECT e.cluster_id FROM events e JOIN articles a ON a.id = e.article_id
                              WHERE a.canonical_url LIKE ? AND e.type = ?""", ["%/" + path, event_type]).fetchall()
        return {r[0] for r in rows}

    three = [clusters_of(p, "drone_strike") for p in special_paths("same_strike_three_outlets")]
    shared = set.intersection(*three)
    assert len(shared) == 1, three
    assert con.execute("SELECT n_sources FROM event_clusters WHERE id = ?", [shared.pop()]).fetchall() == [(3,)]
    first, second = (clusters_of(p, "drone_strike") for p in special_paths("same_city_two_strikes"))
    assert first and second and not first & second
    for path in special_paths("strike_and_talks"):
        assert clusters_of(path, "drone_strike") and clusters_of(path, "negotiation")
        assert not clusters_of(path, "drone_strike") & clusters_of(path, "negotiation")


def readme_queries(con: duckdb.DuckDBPyConnection) -> None:
    """Every example query in warehouse/README.md runs against the real warehouse."""
    text = (REPO / "warehouse" / "README.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sql\n(.*?)```", text, flags=re.S)
    assert len(queries) >= 5
    for query in queries:
        cursor = con.execute(query)
        assert cursor.description, query
        cursor.fetchall()
    first = con.execute(queries[0]).fetchall()
    assert first, "the trend query should show the sample's recent events"


def run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "conflictwatch.cli", *args], env=env, capture_output=True,
                          text=True, timeout=900)


def counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "events", "event_clusters", "failures", "quarantine", "batches")}
    finally:
        con.close()


ANALYST = r"""
import duckdb, sys, time
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("SELECT count(*) FROM articles").fetchone()[0], flush=True)
sys.stdin.readline()          # hold the file open until the test says so
print(con.execute("SELECT count(*) FROM events").fetchone()[0], flush=True)
"""


def test_full_pipeline(feeds_file: Path, cli_env: dict[str, str], tmp_path: Path) -> None:
    data = Path(cli_env["CONFLICTWATCH_DATA_DIR"])
    first = run_cli(["run", "--feeds", str(feeds_file)], cli_env)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "conflictwatch_ingest" in first.stdout and "warehouse:" in first.stdout
    # A first run prints no third-party deprecation noise (Starlette's test-client warning inside dag.test()).
    assert "starlette" not in (first.stdout + first.stderr).lower()
    db = data / "warehouse.duckdb"
    con = duckdb.connect(str(db), read_only=True)
    try:
        n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert n_articles >= 40

        # Copies are marked and point at the first-seen original.
        copies = [a for a in sample_articles() if a["labels"].get("duplicate_of")]
        assert copies
        for item in copies:
            row = con.execute("SELECT duplicate_of FROM articles WHERE canonical_url LIKE ?",
                              ["%/" + item["path"]]).fetchall()
            original = con.execute("SELECT id FROM articles WHERE canonical_url LIKE ?",
                                   ["%/" + item["labels"]["duplicate_of"]]).fetchall()
            assert row and original, item["path"]
            assert row[0][0] == original[0][0], f"{item['path']} should be marked a copy"

        # Every event's evidence stands verbatim in its article.
        rows = con.execute("""SELECT e.evidence, a.text, a.title FROM events e
                              JOIN articles a ON a.id = e.article_id""").fetchall()
        assert len(rows) >= 20
        for evidence, text, title in rows:
            assert evidence in (text or "") or evidence in (title or "")
        types = dict(con.execute("SELECT type, count(*) FROM events GROUP BY 1").fetchall())
        assert types.get("drone_strike", 0) > 0 and types.get("negotiation", 0) > 0

        trend = con.execute("SELECT sum(events), sum(articles) FROM daily_event_counts").fetchall()[0]
        clusters = con.execute("SELECT count(*) FROM event_clusters WHERE event_date IS NOT NULL").fetchall()[0][0]
        assert trend[0] == clusters and trend[1] > 0

        # The broken feed and the dead article are recorded; the rest loaded.
        broken = con.execute("SELECT http_status, error FROM feed_fetches WHERE feed = 'broken-feed'").fetchone()
        assert broken is not None and broken[0] == 500 and broken[1]
        readme_queries(con)
        clusters_count_events(con)
        gone = con.execute("SELECT stage, error FROM failures WHERE url LIKE '%missing-article.html'").fetchone()
        assert gone is not None and "404" in gone[1]
    finally:
        con.close()
    before = counts(db)

    # An analyst holds the published file open (another process) across a full second run.
    analyst = subprocess.Popen([sys.executable, "-c", ANALYST, str(db)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    assert analyst.stdout is not None and analyst.stdin is not None
    assert int(analyst.stdout.readline()) == before["articles"]
    second = run_cli(["run", "--feeds", str(feeds_file)], cli_env)
    assert second.returncode == 0, second.stderr[-3000:]
    analyst.stdin.write("go\n")
    analyst.stdin.flush()
    assert int(analyst.stdout.readline()) == before["events"]
    assert analyst.wait(timeout=30) == 0
    assert counts(db)["articles"] == before["articles"] and counts(db)["events"] == before["events"]

    # Forget every validator and seen entry: all pages are fetched again, still no duplicate rows.
    (data / "state" / "fetch_state.sqlite").unlink()
    third = run_cli(["run", "--feeds", str(feeds_file)], cli_env)
    assert third.returncode == 0, third.stderr[-3000:]
    after = counts(db)
    for table in ("articles", "events", "event_clusters"):
        assert after[table] == before[table], table
    assert after["batches"] == before["batches"] + 2

    # The analysts' CLI reads the same file.
    out = run_cli(["sql", "SELECT count(*) AS n FROM articles", "--format", "json"], cli_env)
    assert out.returncode == 0 and json.loads(out.stdout)["n"] == before["articles"]

    # Every article was read by the current tagger, events or not: a reprocess right after finds none.
    redo = run_cli(["reprocess"], cli_env)
    assert redo.returncode == 0, redo.stderr[-3000:]
    assert json.loads(redo.stdout.strip().splitlines()[-1])["articles"] == 0
