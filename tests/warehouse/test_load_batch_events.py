"""The load clusters the events it is about to insert from its frame, with the same result.

Why these tests: at 1 M stored articles reading the events back by id scanned 10 M event rows per
batch, and setting ``events.cluster_id`` afterwards joined them all again, so the load now hands
``assign_clusters`` the frame's rows and inserts them with their cluster id. That is only right if
every field the clustering reads comes out the same from the frame as from the table, and if the
stored rows end up as before (cluster_id set, an undated event still stored undated).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from conflictwatch.config import Paths
from conflictwatch.records import EVENT_COLUMNS
from tests.warehouse.test_load import TEXT, article, run_input, strike
from transform.cluster import profile_of, settings
from warehouse.load import _conform, _insert_absent, _timestamps, load_run
from warehouse.store import frame as result_frame
from warehouse.store import writer


def _events_frame(events: list[dict]) -> pd.DataFrame:
    """The events frame as load_run prepares it before inserting."""
    frame = _timestamps(pd.DataFrame(events, columns=EVENT_COLUMNS), ["created_at"])
    frame["event_date"] = pd.to_datetime(frame["event_date"], errors="coerce").dt.date
    return frame


def test_frame_rows_profile_like_stored_rows(tmp_path: Path) -> None:
    odesa = article("https://northwire.example/a", TEXT)
    kyiv = article("https://eastpost.example/b", TEXT.replace("Odesa", "Kyiv"), "eastpost.example")
    undated = strike(kyiv, "Kyiv") | {"id": "undated", "event_date": None, "date_precision": None,
                                       "killed": None, "parties": ["Russia", "Ukraine"]}
    events = [strike(odesa), strike(kyiv, "Kyiv"), undated]
    with writer(Paths(tmp_path)) as con:
        con.execute("BEGIN TRANSACTION")
        frame = _conform(con, "events", _events_frame(events))
        fast = frame.to_dict("records")  # what load_run hands assign_clusters
        added, _ = _insert_absent(con, "events", frame, known_absent="id")
        assert added == 3
        slow = result_frame(con.execute("SELECT * FROM events")).to_dict("records")  # the same rows as stored
        con.execute("ROLLBACK")
    cfg = settings()
    by_id = {str(r["id"]): profile_of(r, cfg) for r in slow}
    assert {str(r["id"]) for r in fast} == set(by_id)
    for row in fast:
        assert profile_of(row, cfg) == by_id[str(row["id"])]


def test_events_are_stored_with_their_cluster_and_undated_stays_undated(tmp_path: Path) -> None:
    one = article("https://northwire.example/a", TEXT)
    two = article("https://eastpost.example/b", TEXT.replace("Odesa", "Kyiv"), "eastpost.example")
    undated = strike(two, "Kyiv") | {"id": "undated", "event_date": None, "date_precision": None}
    with writer(Paths(tmp_path)) as con:
        load_run(con, run_input("b1", [one, two], [strike(one), undated]))
        stored = dict(con.execute("SELECT id, cluster_id FROM events").fetchall())
        members = dict(con.execute("SELECT event_id, cluster_id FROM event_cluster_members").fetchall())
        dates = dict(con.execute("SELECT id, event_date FROM events").fetchall())
    assert stored == members and len(stored) == 2
    assert dates["undated"] is None  # clustering dates it by its article; the stored row stays as tagged


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
