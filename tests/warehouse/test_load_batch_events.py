"""The load clusters the events it inserted without reading them back, with the same result.

Why these tests: at 1 M stored articles the read-back by id scanned 10 M event rows per batch, so
the load now hands ``assign_clusters`` the rows it inserted. That is only right if every field the
clustering reads comes out the same from the frame as from the table, and if ids that were already
stored still come from the table.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from conflictwatch.config import Paths
from conflictwatch.records import EVENT_COLUMNS
from tests.warehouse.test_load import TEXT, article, run_input, strike
from transform.cluster import profile_of, settings
from warehouse.load import _batch_events, _conform, _insert_absent, _timestamps, load_run
from warehouse.store import writer


def _events_frame(events: list[dict]) -> pd.DataFrame:
    """The events frame as load_run prepares it before inserting."""
    frame = _timestamps(pd.DataFrame(events, columns=EVENT_COLUMNS), ["created_at"])
    frame["event_date"] = pd.to_datetime(frame["event_date"], errors="coerce").dt.date
    return frame


def test_inserted_rows_profile_like_stored_rows(tmp_path: Path) -> None:
    odesa = article("https://northwire.example/a", TEXT)
    kyiv = article("https://eastpost.example/b", TEXT.replace("Odesa", "Kyiv"), "eastpost.example")
    undated = strike(kyiv, "Kyiv") | {"id": "undated", "event_date": None, "date_precision": None,
                                       "killed": None, "parties": ["Russia", "Ukraine"]}
    events = [strike(odesa), strike(kyiv, "Kyiv"), undated]
    with writer(Paths(tmp_path)) as con:
        con.execute("BEGIN TRANSACTION")
        frame = _events_frame(events)
        added, inserted = _insert_absent(con, "events", _conform(con, "events", frame))
        assert added == 3 and inserted is not None and len(inserted) == 3
        fast = _batch_events(con, frame, inserted)
        slow = _batch_events(con, frame, None)  # every row read back from the table
        con.execute("ROLLBACK")
    cfg = settings()
    by_id = {str(r["id"]): profile_of(r, cfg) for r in slow}
    assert {str(r["id"]) for r in fast} == set(by_id)
    for row in fast:
        assert profile_of(row, cfg) == by_id[str(row["id"])]


def test_ids_already_stored_are_read_back(tmp_path: Path) -> None:
    art = article("https://northwire.example/a", TEXT)
    event = strike(art)
    with writer(Paths(tmp_path)) as con:
        con.execute("BEGIN TRANSACTION")
        frame = _events_frame([event])
        _insert_absent(con, "events", _conform(con, "events", frame))
        again, inserted = _insert_absent(con, "events", _conform(con, "events", frame))
        assert again == 0 and inserted is not None and len(inserted) == 0
        rows = _batch_events(con, frame, inserted)
        con.execute("ROLLBACK")
    assert [r["id"] for r in rows] == [event["id"]]
    assert rows[0]["tagger_version"] == "test"


def test_loaded_batch_is_clustered_from_inserted_rows(tmp_path: Path) -> None:
    one = article("https://northwire.example/a", TEXT)
    two = article("https://eastpost.example/b", TEXT.replace("dozen", "swarm of"), "eastpost.example")
    with writer(Paths(tmp_path)) as con:
        counts = load_run(con, run_input("b1", [one, two], [strike(one), strike(two)]))
        members = con.execute("SELECT count(DISTINCT cluster_id), count(*) FROM event_cluster_members").fetchall()
        assigned = con.execute("SELECT count(*) FROM events WHERE cluster_id IS NOT NULL").fetchall()[0][0]
    assert counts["events"] == 2
    assert members == [(1, 2)]  # one strike, two reports
    assert assigned == 2
