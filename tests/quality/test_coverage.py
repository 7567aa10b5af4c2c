"""coverage_health on a real DuckDB file: unhealthy where feeds failed, healthy where they worked."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.quality.conftest import NOW, fetch
from transform.coverage import coverage_health

DAY1 = NOW - timedelta(days=2)  # everything works
DAY2 = NOW - timedelta(days=1)  # 'harbour' is down, extraction and validation go bad


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    frame = pd.DataFrame(rows)  # noqa: F841
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM frame")


def _article(ident: str, feed: str, at: datetime) -> dict:
    url = f"https://{feed}.example.org/{ident}"
    return {"id": ident, "url": url, "canonical_url": url, "feed": feed, "fetched_at": at,
            "content_hash": f"h-{ident}", "text": "body"}


def _run(batch: str, suite: str, at: datetime, rows: int, passed: int) -> dict:
    return {"id": f"{batch}-{suite}", "batch_id": batch, "suite": suite, "success": rows == passed,
            "evaluated": 10, "successful": 10 if rows == passed else 9,
            "unsuccessful": 0 if rows == passed else 1,
            "statistics": json.dumps({"rows": rows, "rows_passed": passed}), "run_at": at}


@pytest.fixture
def warehouse(tmp_path: Path):
    from warehouse.migrate import apply

    con = duckdb.connect(str(tmp_path / "pipeline.duckdb"))
    apply(con)
    fetches, articles, failures, runs, held = [], [], [], [], []
    for hour in range(0, 24, 2):
        good, bad = DAY1 + timedelta(hours=hour), DAY2 + timedelta(hours=hour)
        for feed in ("wire", "harbour"):
            fetches.append({**fetch(feed, good), "fetched_at": good, "batch_id": f"d1-{hour}"})
        fetches.append({**fetch("wire", bad), "fetched_at": bad, "batch_id": f"d2-{hour}"})
        fetches.append({**fetch("harbour", bad, status=503, new=0, error="HTTP 503 Service Unavailable"),
                        "fetched_at": bad, "batch_id": f"d2-{hour}"})
        articles.append(_article(f"d1-{hour}-a", "wire", good))
        articles.append(_article(f"d1-{hour}-b", "harbour", good))
        runs.append(_run(f"d1-{hour}", "articles", good, 2, 2))
        runs.append(_run(f"d2-{hour}", "articles", bad, 3, 1))
        if hour % 4 == 0:
            articles.append(_article(f"d2-{hour}-a", "wire", bad))
        failures.append({"id": f"f-{hour}", "batch_id": f"d2-{hour}", "stage": "extract", "feed": "wire",
                         "url": f"https://wire.example.org/x{hour}", "error": "not HTML",
                         "occurred_at": bad})
        held.append({"id": f"q-{hour}", "batch_id": f"d2-{hour}", "url": f"https://wire.example.org/e{hour}",
                     "reason": "articles: expect_column_value_lengths_to_be_between(text): too short",
                     "record": json.dumps({"id": f"e{hour}", "feed": "wire"}), "quarantined_at": bad})
    _insert(con, "feed_fetches", fetches)
    _insert(con, "articles", articles)
    _insert(con, "failures", failures)
    _insert(con, "validation_runs", runs)
    _insert(con, "quarantine", held)
    yield con
    con.close()


def test_healthy_window_where_feeds_worked(warehouse):
    health = coverage_health(warehouse, DAY1, DAY1 + timedelta(days=1))
    assert health == {
        "healthy": True, "reasons": [], "feeds_expected": 2, "feeds_ok": 2,
        "fetch_success_rate": 1.0, "extraction_success_rate": 1.0, "validation_pass_rate": 1.0,
    }


def test_unhealthy_window_where_a_feed_failed(warehouse):
    health = coverage_health(warehouse, DAY2, DAY2 + timedelta(days=1))
    assert health["healthy"] is False
    assert (health["feeds_expected"], health["feeds_ok"]) == (2, 1)
    assert health["fetch_success_rate"] == 0.5
    # 6 usable articles of 6 + 12 extraction failures + 12 empty texts in quarantine
    assert health["extraction_success_rate"] == pytest.approx(6 / 30, abs=1e-4)
    assert health["validation_pass_rate"] == pytest.approx(12 / 36, abs=1e-4)
    text = " ".join(health["reasons"])
    assert "feed 'harbour': all 12 fetches" in text and "HTTP 503 Service Unavailable" in text
    assert "only 1 of 2 feeds were fetched successfully" in text
    assert "extraction success rate 20%" in text
    assert "validation pass rate 33%" in text


def test_named_feeds_narrow_the_question(warehouse):
    health = coverage_health(warehouse, DAY2, DAY2 + timedelta(days=1), feeds=["wire"])
    assert (health["feeds_expected"], health["feeds_ok"], health["fetch_success_rate"]) == (1, 1, 1.0)
    assert health["healthy"] is False  # extraction and validation were still bad that day


def test_window_with_no_fetches_is_not_calm(warehouse):
    health = coverage_health(warehouse, NOW, NOW + timedelta(hours=6))
    assert health["healthy"] is False
    assert any("is the ingest DAG running" in r for r in health["reasons"])
    assert health["feeds_ok"] == 0


def test_coverage_reads_what_validate_batch_produced(validated, tmp_path):
    """End to end: the quality stage's outputs, loaded, make the batch's window unhealthy."""
    from warehouse.migrate import apply

    result, batch = validated["result"], validated["batch"]
    con = duckdb.connect(str(tmp_path / "pipeline.duckdb"))
    apply(con)
    _insert(con, "feed_fetches", [{**r, "batch_id": "b-main"} for r in batch["feed_fetches"].to_dict("records")])
    _insert(con, "articles", result.articles.to_dict("records"))
    _insert(con, "failures", [{**r, "id": f"f{i}", "batch_id": "b-main"}
                              for i, r in enumerate(batch["failures"].to_dict("records"))])
    _insert(con, "quarantine", result.quarantine)
    _insert(con, "validation_runs", result.validation_runs)
    health = coverage_health(con, NOW - timedelta(hours=3), NOW + timedelta(minutes=1))
    con.close()
    assert health["feeds_ok"] == 2 and health["fetch_success_rate"] == 1.0
    # usable: 3 loaded articles; pages: + 1 non-HTML failure + 2 empty/consent-wall quarantined
    assert health["extraction_success_rate"] == pytest.approx(3 / 6, abs=1e-4)
    assert health["validation_pass_rate"] == pytest.approx(6 / 12, abs=1e-4)
    assert health["healthy"] is False
