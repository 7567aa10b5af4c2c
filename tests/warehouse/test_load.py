"""Loading is one transaction, idempotent, and keeps history when an article's text changes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from conflictwatch.config import Paths
from conflictwatch.process import ARTICLE_COLUMNS, FAILURE_COLUMNS, FETCH_COLUMNS
from conflictwatch.records import EVENT_COLUMNS, article_id, event_row
from transform.dedupe import content_hash
from warehouse.load import LoadInput, load_run
from warehouse.store import writer

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def article(url: str, text: str, source: str = "northwire.example") -> dict:
    return {"id": article_id(url), "url": url, "canonical_url": url, "feed": "f", "source": source,
            "guid": url, "title": text.split(".")[0], "text": text, "published_at": NOW.isoformat(),
            "published_basis": "feed", "fetched_at": NOW.isoformat(), "language": "en",
            "content_hash": content_hash(text), "duplicate_of": None, "duplicate_kind": None,
            "similarity": None, "batch_id": "b1"}


def strike(art: dict, place: str = "Odesa") -> dict:
    sentence = art["text"].split(". ")[0] + "."
    return event_row(art["id"], {
        "type": "drone_strike", "subtype": "attack", "evidence": sentence, "evidence_start": 0,
        "confidence": 0.9, "tagger_version": "test",
        "location": {"text": place, "place": place, "admin1": f"{place} Oblast", "country": "Ukraine",
                     "lat": 46.5, "lon": 30.7},
        "event_date": "2026-11-20", "date_precision": "day", "date_basis": "overnight",
        "actors": {"attacker": "Russia", "target": None, "parties": []},
        "counts": {"launched": 12, "downed": 9, "killed": None, "injured": 2}, "attribution": None,
        "disputed": False}, NOW)


def run_input(batch: str, articles: list[dict], events: list[dict]) -> LoadInput:
    fetch = {"batch_id": batch, "feed": "f", "url": "http://feeds.example/f.xml", "fetched_at": NOW.isoformat(),
             "http_status": 200, "entries": len(articles), "new_entries": len(articles), "error": None,
             "not_modified": False, "body_sha256": "x", "elapsed_ms": 5.0}
    return LoadInput(run_id=f"run-{batch}", batch_ids=[batch],
                     articles=pd.DataFrame(articles, columns=ARTICLE_COLUMNS),
                     events=pd.DataFrame(events, columns=EVENT_COLUMNS),
                     feed_fetches=pd.DataFrame([fetch], columns=FETCH_COLUMNS),
                     failures=pd.DataFrame([], columns=FAILURE_COLUMNS))


TEXT = ("Russian forces struck the port of Odesa with a dozen attack drones overnight. "
        "Nine were shot down by air defence units, the regional administration said.")


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(tmp_path)


def test_load_is_idempotent(paths: Paths) -> None:
    art = article("https://northwire.example/odesa-port", TEXT)
    data = run_input("b1", [art], [strike(art)])
    with writer(paths) as con:
        first = load_run(con, data)
        again = load_run(con, data)
        assert first["articles"] == 1 and first["events"] == 1 and first["batches"] == 1
        assert again["already_loaded"] == 1 and again["articles"] == 0
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM feed_fetches").fetchone()[0] == 1
        cluster = con.execute("SELECT n_articles, n_sources FROM event_clusters").fetchall()
        assert cluster == [(1, 1)]
        assert con.execute("SELECT drones_launched, drones_downed, parties FROM events").fetchone() == (12, 9, [])


def test_changed_text_keeps_history_and_replaces_events(paths: Paths) -> None:
    url = "https://northwire.example/odesa-port"
    old = article(url, TEXT)
    new = article(url, TEXT.replace("a dozen", "fifteen") + " Two warehouses burned.")
    with writer(paths) as con:
        load_run(con, run_input("b1", [old], [strike(old)]))
        load_run(con, run_input("b2", [new], [strike(new)]))
        assert con.execute("SELECT version, text FROM articles").fetchone() == (2, new["text"])
        assert con.execute("SELECT article_id, version, text FROM article_versions").fetchall() == [
            (old["id"], 1, TEXT)]
        events = con.execute("SELECT evidence FROM events").fetchall()
        assert events == [(new["text"].split(". ")[0] + ".",)]
        members = con.execute("SELECT count(*) FROM event_cluster_members").fetchone()[0]
        assert members == 1
        assert con.execute("SELECT n_articles FROM event_clusters").fetchall() == [(1,)]


def test_failed_load_leaves_nothing(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    art = article("https://northwire.example/odesa-port", TEXT)
    import transform.cluster

    def boom(*_a: object, **_k: object) -> list:
        raise RuntimeError("simulated crash mid-load")

    monkeypatch.setattr(transform.cluster, "assign_clusters", boom)
    with writer(paths) as con:
        with pytest.raises(RuntimeError, match="simulated crash"):
            load_run(con, run_input("b1", [art], [strike(art)]))
        for table in ("articles", "events", "batches", "feed_fetches"):
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table


def test_wire_copy_joins_its_original_and_adds_no_source(paths: Paths) -> None:
    original = article("https://northwire.example/odesa-port", TEXT, source="northwire.example")
    copy = article("https://courier.example/wire/odesa-port", TEXT, source="courier.example")
    copy.update(duplicate_of=original["id"], duplicate_kind="exact",
                fetched_at="2026-11-20T08:59:00+00:00")          # fetched before the original
    copy_event = strike(copy)
    copy_event.update(event_date="2026-11-21", place=None, admin1=None)   # resolved against a later date
    with writer(paths) as con:
        load_run(con, run_input("b1", [original, copy], [strike(original), copy_event]))
        clusters = con.execute("SELECT n_articles, n_sources FROM event_clusters").fetchall()
        assert clusters == [(2, 1)]
        members = dict(con.execute("SELECT article_id, independent FROM event_cluster_members").fetchall())
        assert members == {original["id"]: True, copy["id"]: False}
