"""Fixtures for the alert tests: a real DuckDB file, clusters written like the loader writes them,
and a switchable coverage verdict (the coverage module belongs to the quality stage)."""

from __future__ import annotations

import hashlib
import sys
import types
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from transform.alerts import load_alert_config
from warehouse import migrate

TODAY = date(2026, 3, 18)  # a Wednesday
NOW = datetime(2026, 3, 18, 21, 0, tzinfo=UTC)


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(tmp_path / "pipeline.duckdb"))
    migrate.apply(connection)
    yield connection
    connection.close()


@pytest.fixture
def cfg() -> dict[str, Any]:
    return load_alert_config()


@pytest.fixture
def coverage(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Mutable verdict returned by transform.coverage.coverage_health during the test."""
    state: dict[str, Any] = {"healthy": True, "reasons": [], "calls": []}

    def fake(con: Any, start: datetime, end: datetime, *, feeds: Any = None) -> dict[str, Any]:
        state["calls"].append((start, end))
        return {
            "healthy": state["healthy"],
            "reasons": list(state["reasons"]),
            "feeds_expected": 3,
            "feeds_ok": 3 if state["healthy"] else 1,
            "fetch_success_rate": 1.0 if state["healthy"] else 0.33,
            "extraction_success_rate": 0.95,
            "validation_pass_rate": 0.99,
        }

    try:
        import transform.coverage as module
    except ImportError:
        module = types.ModuleType("transform.coverage")
        monkeypatch.setitem(sys.modules, "transform.coverage", module)
    monkeypatch.setattr(module, "coverage_health", fake, raising=False)
    return state


def add_cluster(
    con: duckdb.DuckDBPyConnection,
    key: str,
    day: date,
    *,
    event_type: str = "drone_strike",
    admin1: str | None = "Kharkiv Oblast",
    country: str = "Ukraine",
    place: str | None = "Kharkiv",
    parties: list[str] | None = None,
    n_sources: int = 1,
) -> str:
    """One cluster with its representative article and event, as the process DAG leaves them."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    url = f"https://news.example.org/{day.isoformat()}/{digest}"
    fetched = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
    headline = f"Overnight attack reported near {place or admin1 or country} ({key})"
    evidence = f"Regional officials said several drones reached {place or country} before dawn ({key})."
    con.execute(
        "INSERT INTO articles (id, url, canonical_url, feed, source, title, text, published_at, "
        "fetched_at, content_hash) VALUES (?, ?, ?, 'wire', 'news.example.org', ?, ?, ?, ?, ?)",
        [digest, url, url, headline, evidence, fetched, fetched, digest],
    )
    con.execute(
        "INSERT INTO events (id, article_id, type, evidence, place, admin1, country, event_date, "
        "parties, tagger_version, cluster_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 't1', ?, ?)",
        [f"e{digest}", digest, event_type, evidence, place, admin1, country, day, parties, f"c{digest}", fetched],
    )
    con.execute(
        "INSERT INTO event_clusters (id, type, place, admin1, country, event_date, first_seen, last_seen, "
        "n_articles, n_sources, representative_evidence, representative_event_id, "
        "representative_article_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            f"c{digest}",
            event_type,
            place,
            admin1,
            country,
            day,
            fetched,
            fetched,
            n_sources,
            n_sources,
            evidence,
            f"e{digest}",
            digest,
            fetched,
        ],
    )
    return f"c{digest}"


def add_history(con: duckdb.DuckDBPyConnection, per_day: int, days: int = 35, end: date = TODAY, **kwargs: Any) -> None:
    """`per_day` clusters on each of the `days` days before `end` (not on `end` itself)."""
    for offset in range(days, 0, -1):
        day = end - timedelta(days=offset)
        for i in range(per_day):
            add_cluster(con, f"hist-{kwargs.get('admin1', 'k')}-{day}-{i}", day, **kwargs)


def add_day(con: duckdb.DuckDBPyConnection, count: int, day: date = TODAY, tag: str = "spike", **kwargs: Any) -> None:
    for i in range(count):
        add_cluster(con, f"{tag}-{day}-{i}", day, n_sources=1 + i % 4, **kwargs)
