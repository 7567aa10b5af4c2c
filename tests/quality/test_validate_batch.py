"""validate_batch with real great-expectations: quarantine, batch problems, Data Docs, loading."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from tests.quality.conftest import NOW, STRIKE_TEXT, article, event, fetch, main_batch


def _reasons(result: Any) -> dict[str, str]:
    """Quarantined record id -> reason."""
    return {json.loads(q["record"])["id"]: q["reason"] for q in result.quarantine}


def test_good_rows_pass_and_bad_rows_are_quarantined_with_the_failed_expectation(validated):
    result = validated["result"]
    assert sorted(result.articles["id"]) == ["a-port", "a-strike", "a-talks"]
    assert sorted(result.events["id"]) == ["e-port", "e-strike", "e-talks"]
    reasons = _reasons(result)
    assert set(reasons) == {"a-future", "a-empty", "a-wall", "e-future", "e-invented", "e-late"}
    assert "expect_column_values_to_be_between(published_at)" in reasons["a-future"]
    assert "expect_column_value_lengths_to_be_between(text)" in reasons["a-empty"]
    assert "expect_column_values_to_be_in_set(consent_wall)" in reasons["a-wall"]
    assert "expect_column_values_to_be_in_set(evidence_in_article)" in reasons["e-invented"]
    assert "expect_column_values_to_be_between(days_after_publication)" in reasons["e-late"]
    assert "its article was quarantined" in reasons["e-future"]
    assert reasons["a-future"].startswith("articles: ")
    assert reasons["e-invented"].startswith("events: ")


def test_quarantine_rows_carry_url_record_and_time(validated):
    result = validated["result"]
    row = next(q for q in result.quarantine if json.loads(q["record"])["id"] == "a-empty")
    assert row["url"] == "https://harbour.example.org/news/a-empty"
    assert row["batch_id"] == "b-main"
    assert row["quarantined_at"] == NOW
    assert json.loads(row["record"])["title"] == "Live: latest updates"
    event_row = next(q for q in result.quarantine if json.loads(q["record"])["id"] == "e-invented")
    assert event_row["url"] == "https://harbour.example.org/news/a-port"  # the event's article
    assert json.loads(event_row["record"])["parties"] == ["Ukraine", "Russia"]
    assert len({q["id"] for q in result.quarantine}) == len(result.quarantine)


def test_output_frames_keep_the_input_columns(validated):
    result, batch = validated["result"], validated["batch"]
    assert list(result.articles.columns) == list(batch["articles"].columns)
    assert list(result.events.columns) == list(batch["events"].columns)


def test_broken_feed_and_low_pass_rate_are_batch_problems(validated):
    problems = validated["result"].batch_problems
    harbour = [p for p in problems if "'harbour'" in p]
    assert len(harbour) == 1
    assert "only 1 of 4 fetched articles gave usable text" in harbour[0]
    assert not [p for p in problems if "'wire'" in p]
    assert any("of the 12 validated rows passed" in p for p in problems)


def test_validation_runs_one_per_suite_with_statistics(validated):
    runs = {r["suite"]: r for r in validated["result"].validation_runs}
    assert set(runs) == {"articles", "events", "feed_health"}
    articles = runs["articles"]
    assert articles["success"] is False
    assert articles["evaluated"] == articles["successful"] + articles["unsuccessful"]
    stats = json.loads(articles["statistics"])
    assert (stats["rows"], stats["rows_passed"]) == (6, 3)
    assert Path(stats["data_docs_page"]).is_file()
    assert runs["feed_health"]["success"] is False


def _page_text(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_data_docs_name_the_suites_and_the_failed_expectations(validated):
    result, data_dir = validated["result"], validated["data_dir"]
    index = result.data_docs_index
    assert index == data_dir / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    home = index.read_text(encoding="utf-8")
    for suite in ("articles", "events", "feed_health"):
        assert f"validations/{suite}/b-main/" in home
    pages = {r["suite"]: Path(json.loads(r["statistics"])["data_docs_page"]) for r in result.validation_runs}
    articles_page = _page_text(pages["articles"])
    assert "Expectation Suite: articles" in articles_page
    assert "Status: Failed" in articles_page
    assert "expect_column_values_to_be_between(published_at)" in articles_page
    assert "expect_column_values_to_be_in_set(consent_wall)" in articles_page
    events_page = _page_text(pages["events"])
    assert "expect_column_values_to_be_in_set(evidence_in_article)" in events_page
    assert "extraction_success_rate" in _page_text(pages["feed_health"])


def test_results_load_into_the_warehouse_schema(validated, tmp_path):
    """The good rows, quarantine and validation_runs insert into the migrated tables as they are."""
    from warehouse.migrate import apply

    result = validated["result"]
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    apply(con)
    frame = result.articles  # noqa: F841
    con.execute("INSERT INTO articles BY NAME SELECT * FROM frame")
    held = pd.DataFrame(result.quarantine)  # noqa: F841
    con.execute("INSERT INTO quarantine BY NAME SELECT * FROM held")
    runs = pd.DataFrame(result.validation_runs)  # noqa: F841
    con.execute("INSERT INTO validation_runs BY NAME SELECT * FROM runs")
    assert con.execute("SELECT count(*) FROM articles").fetchall() == [(3,)]
    reasons = con.execute(
        "SELECT json_extract_string(record, '$.id') FROM quarantine "
        "WHERE reason LIKE 'articles: %(published_at)%'"
    ).fetchall()
    assert reasons == [("a-future",)]
    assert con.execute("SELECT count(*) FROM validation_runs WHERE NOT success").fetchall() == [(3,)]
    con.close()


def test_silent_and_failing_feeds_from_history(tmp_path):
    """History in the writer DB teaches each feed's rhythm; silence and failure streaks are flagged."""
    from transform.quality import validate_batch
    from warehouse.migrate import apply

    con = duckdb.connect(str(tmp_path / "pipeline.duckdb"))
    apply(con)
    rows = []
    for hours in range(48, 0, -1):  # hourly fetches over two days
        at = NOW - timedelta(hours=hours)
        # 'steady' brings news every 2 h; 'quiet' did too, until 20 h ago; 'dead' errors for 5 h.
        rows.append({**fetch("steady", at, new=1 if hours % 2 == 0 else 0), "batch_id": f"h{hours}"})
        rows.append({**fetch("quiet", at, new=1 if hours % 2 == 0 and hours > 20 else 0),
                     "batch_id": f"h{hours}"})
        dead = hours <= 5
        rows.append({**fetch("dead", at, status=500 if dead else 200, new=0 if dead else 1,
                             error="HTTP 500 from server" if dead else None), "batch_id": f"h{hours}"})
    history = pd.DataFrame(rows)  # noqa: F841
    con.execute("INSERT INTO feed_fetches BY NAME SELECT * FROM history")
    articles = pd.DataFrame([article("s1", "steady", STRIKE_TEXT)])
    # Three drone strikes, none located: the `mostly` location check fails for the batch, but the
    # events themselves are fine and load.
    events = pd.DataFrame([
        event(f"s1-{i}", "s1", sentence, place=None)
        for i, sentence in enumerate(STRIKE_TEXT.split(". ")[:3])
    ])
    current = pd.DataFrame([fetch("steady", NOW, new=1), fetch("quiet", NOW, new=0),
                            fetch("dead", NOW, status=None, new=0, error="connection refused")])
    failures = pd.DataFrame(columns=["stage", "url", "feed", "error", "occurred_at"])
    result = validate_batch(articles, events, current, failures, data_dir=tmp_path / "data",
                            batch_id="manual__2026-03-12T10:00:00+00:00", now=NOW, con=con)
    con.close()
    problems = result.batch_problems
    assert not [p for p in problems if "'steady'" in p]
    quiet = [p for p in problems if "'quiet'" in p]
    assert len(quiet) == 1 and "no new entries for 22.0 h" in quiet[0]
    dead = [p for p in problems if "'dead'" in p]
    assert any("last 6 fetches failed" in p and "connection refused" in p for p in dead)
    located = [p for p in problems if "drone strikes have a resolved place" in p]
    assert len(located) == 1 and "only 0% of 3 matching rows passed" in located[0]
    assert len(result.articles) == 1 and len(result.events) == 3 and not result.quarantine
    # Airflow run ids (':' and '+') as batch ids still give a page path that exists on disk.
    for run in result.validation_runs:
        assert Path(json.loads(run["statistics"])["data_docs_page"]).is_file()


def test_rerun_of_a_batch_gives_the_same_ids(validated):
    from transform.quality import validate_batch

    batch = main_batch()
    again = validate_batch(batch["articles"], batch["events"], batch["feed_fetches"], batch["failures"],
                           data_dir=validated["data_dir"], batch_id="b-main", now=NOW)
    first = validated["result"]
    assert sorted(q["id"] for q in again.quarantine) == sorted(q["id"] for q in first.quarantine)
    assert sorted(r["id"] for r in again.validation_runs) == sorted(r["id"] for r in first.validation_runs)


def test_old_results_are_pruned_from_data_docs(tmp_path):
    """Retention keeps the Data Docs rebuild cheap: older results and their pages are deleted."""
    from transform.quality import validate_batch
    from transform.quality_config import load_quality_config

    cfg = load_quality_config()
    cfg["data_docs"]["keep_results_per_suite"] = 1
    batch = main_batch()
    pages = []
    for hours in (2, 1):
        result = validate_batch(batch["articles"].iloc[:2], batch["events"].iloc[:1], batch["feed_fetches"],
                                batch["failures"].iloc[0:0], data_dir=tmp_path, batch_id=f"b-{hours}",
                                now=NOW - timedelta(hours=hours), config=cfg)
        pages.append({r["suite"]: Path(json.loads(r["statistics"])["data_docs_page"])
                      for r in result.validation_runs})
    assert all(not page.exists() for page in pages[0].values())
    assert all(page.is_file() for page in pages[1].values())
    stored = list((tmp_path / "gx" / "uncommitted" / "validations").rglob("*.json"))
    assert len(stored) == 3
