"""Load one process run into the writer DB in a single transaction.

Why one transaction: a run either appears whole (articles, their events, clusters, fetch records,
failures, quarantine, validation results and the `batches` rows that say it is done) or not at all,
so a crash or a full disk mid-load leaves the batch pending and the next run loads it again.
Why "insert if absent" everywhere: every key is content-derived, so loading the same run twice
adds nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from transform.cluster import key_in


@dataclass
class LoadInput:
    run_id: str
    batch_ids: list[str]
    articles: pd.DataFrame
    events: pd.DataFrame
    feed_fetches: pd.DataFrame
    failures: pd.DataFrame
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    validation_runs: list[dict[str, Any]] = field(default_factory=list)
    # The tagger that tagged these articles, kept on the batch rows: `reprocess` skips an article
    # without events that the current tagger already read (None: unknown, reprocess reads it again).
    tagger_version: str | None = None


def _insert_by_name(con: Any, table: str, frame: pd.DataFrame, *, ignore: bool = True) -> int:
    """Insert the frame's rows by column name; with ``ignore``, rows whose key is already stored are skipped.

    Why not plain ``INSERT OR IGNORE``: in DuckDB 2.0 it costs ~6 s for 1,000 new rows into a
    1 M-row ``articles`` table (0.005 s as a plain INSERT). Where every key is one VARCHAR column, the
    stored keys are looked up first (an IN probe on the indexed column), the frame keeps the first
    row of each key that is not stored, and a plain INSERT follows; the result is the same rows.
    """
    return _insert_absent(con, table, frame, ignore=ignore)[0]


def _insert_absent(
    con: Any, table: str, frame: pd.DataFrame, *, ignore: bool = True, known_absent: str | None = None
) -> tuple[int, pd.DataFrame | None]:
    """:func:`_insert_by_name`, also returning exactly the rows inserted when that is known (else None).

    Why: reading inserted rows back by id scanned the 10 M-row events table of a 1 M-article
    warehouse (0.6-1 s per batch) for rows the caller had in hand.
    """
    if frame is None or len(frame) == 0:
        return 0, frame
    if known_absent:
        # The caller knows no row with these keys is stored (see load_run): one plain INSERT, no probe
        # of the table's key column (a scan of 10 M event ids at 1 M articles).
        frame, ignore = frame.drop_duplicates(subset=[known_absent], keep="first"), False
    if ignore:
        absent = _absent_rows(con, table, frame)
        if absent is not None:
            frame, ignore = absent, False
            if not len(frame):
                return 0, frame
    before = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    con.register("cw_frame", frame)
    try:
        verb = "INSERT OR IGNORE" if ignore else "INSERT"
        con.execute(f"{verb} INTO {table} BY NAME SELECT * FROM cw_frame")
    finally:
        con.unregister("cw_frame")
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] - before), None if ignore else frame


def _unique_keys(con: Any, table: str) -> list[list[str]]:
    """Column lists of the table's PRIMARY KEY and UNIQUE constraints."""
    return [list(cols) for (cols,) in con.execute(
        "SELECT constraint_column_names FROM duckdb_constraints() "
        "WHERE table_name = ? AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')", [table]).fetchall()]


def _absent_rows(con: Any, table: str, frame: pd.DataFrame) -> pd.DataFrame | None:
    """The rows an ``INSERT OR IGNORE`` would add, or None when a key is not a single VARCHAR column of the frame."""
    keys = _unique_keys(con, table)
    if not keys:
        return None
    types = dict(con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", [table]).fetchall())
    if any(len(k) != 1 or k[0] not in frame.columns or types.get(k[0]) != "VARCHAR" for k in keys):
        return None
    for (col,) in keys:
        if frame[col].isna().any():
            return None  # NULL keys: leave the decision to the database
        frame = frame.drop_duplicates(subset=[col], keep="first")
        if not len(frame):
            break
        keyed, args = key_in([str(v) for v in frame[col]])  # index lookups for a batch's keys
        stored = {r[0] for r in con.execute(f"SELECT {col} FROM {table} WHERE {col} IN {keyed}", args).fetchall()}
        if stored:
            frame = frame[~frame[col].astype(str).isin(stored)]
    return frame


def _table_columns(con: Any, table: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        [table]).fetchall()]


def _conform(con: Any, table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Keep the columns the table has, so a producer adding a field never breaks the load."""
    columns = [c for c in _table_columns(con, table) if c in frame.columns]
    return frame[columns]


def _jsonable(rows: list[dict[str, Any]]) -> pd.DataFrame:
    fixed = []
    for row in rows:
        fixed.append({k: (json.dumps(v, default=str) if isinstance(v, dict | list) else v)
                      for k, v in row.items()})
    return pd.DataFrame(fixed)


def _timestamps(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    frame = frame.copy()
    for col in columns:
        if col in frame.columns:
            frame[col] = pd.to_datetime(frame[col], utc=True, errors="coerce", format="ISO8601")
    return frame


def load_run(con: Any, data: LoadInput) -> dict[str, Any]:
    """Load everything of one run; returns row counts actually added."""
    from transform.cluster import assign_clusters
    from transform.dedupe import store_signatures

    now = datetime.now(UTC)
    con.execute("BEGIN TRANSACTION")
    try:
        loaded = {r[0] for r in con.execute("SELECT batch_id FROM batches").fetchall()}
        new_batches = [b for b in data.batch_ids if b not in loaded]
        if data.batch_ids and not new_batches:
            con.execute("ROLLBACK")
            return {"articles": 0, "updated": 0, "events": 0, "clusters": 0, "batches": 0,
                    "already_loaded": len(data.batch_ids)}

        articles = _timestamps(data.articles, ["published_at", "fetched_at"])
        articles["loaded_at"] = now
        keyed, args = key_in([str(i) for i in articles["id"]])
        known = dict(con.execute(f"SELECT id, content_hash FROM articles WHERE id IN {keyed}",
                                 args).fetchall()) if len(articles) else {}
        is_update = articles["id"].map(lambda i: i in known) if len(articles) else pd.Series(dtype=bool)
        changed = articles[is_update & (articles["id"].map(known.get) != articles["content_hash"])]
        fresh = articles[~is_update] if len(articles) else articles

        updated = _replace_changed(con, changed, now)
        added = _insert_by_name(con, "articles", _conform(con, "articles", fresh))

        loadable = set(fresh["id"]) | set(changed["id"])
        events = data.events
        if len(events):
            events = events[events["article_id"].isin(loadable)]
            events = _timestamps(events, ["created_at"])
            events["event_date"] = pd.to_datetime(events["event_date"], errors="coerce").dt.date
        # Event ids hash their article id, the articles in `fresh` were never stored and a changed
        # article's old events were deleted above: none of these events can be stored already, and
        # none of their articles is in a stored cluster. So they are clustered first and inserted
        # with their cluster_id: setting it afterwards was an UPDATE joining every stored event.
        events = _conform(con, "events", events)
        if len(events):
            events = events.drop_duplicates(subset=["id"], keep="first")
        store_signatures(con, [r for r in articles.to_dict("records") if r["id"] in loadable])
        by_id = {r["id"]: r for r in articles.to_dict("records")}
        assigned: dict[str, str] = {}
        # assign_clusters dates undated events in the records it is given: copies, so the stored
        # rows keep event_date NULL as before.
        records = events.to_dict("records") if len(events) else []
        clusters = assign_clusters(con, records, by_id, fresh=True, assigned=assigned,
                                   replacing=set(changed["id"])) if records else []
        if len(events):
            events = events.assign(cluster_id=[assigned.get(str(i)) for i in events["id"]])
        events_added, _ = _insert_absent(con, "events", events, known_absent="id")

        fetches = _timestamps(data.feed_fetches, ["fetched_at"])
        _insert_by_name(con, "feed_fetches", _conform(con, "feed_fetches", fetches))
        failures = _timestamps(data.failures, ["occurred_at"])
        failures_added = _insert_by_name(con, "failures", _conform(con, "failures", failures))
        quarantine = _jsonable(data.quarantine)
        quarantined = _insert_by_name(con, "quarantine", _conform(con, "quarantine", quarantine))
        runs = _jsonable(data.validation_runs)
        _insert_by_name(con, "validation_runs", _conform(con, "validation_runs", runs))

        batch_rows = pd.DataFrame([{
            "batch_id": b, "run_id": data.run_id, "loaded_at": now, "pages": None,
            "articles": added + updated, "events": events_added, "quarantined": quarantined,
            "failures": failures_added, "tagger_version": data.tagger_version} for b in new_batches])
        _insert_by_name(con, "batches", batch_rows)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return {"articles": added, "updated": updated, "events": events_added, "clusters": len(clusters),
            "batches": len(new_batches), "failures": failures_added, "quarantined": quarantined}


def _replace_changed(con: Any, changed: pd.DataFrame, now: datetime) -> int:
    """A new text at a known URL replaces the stored one; the old version goes to history."""
    if not len(changed):
        return 0
    con.register("cw_changed", changed)
    try:
        con.execute("""
            INSERT OR IGNORE INTO article_versions
            SELECT a.id, a.version, a.title, a.text, a.content_hash, a.published_at, a.fetched_at, ?
            FROM articles a JOIN cw_changed c ON a.id = c.id
        """, [now])
        from transform.cluster import remove_events

        old = [r[0] for r in con.execute(
            "SELECT id FROM events WHERE article_id IN (SELECT id FROM cw_changed)").fetchall()]
        remove_events(con, old)
        con.execute("DELETE FROM events WHERE article_id IN (SELECT id FROM cw_changed)")
        con.execute("""
            UPDATE articles SET url = c.url, title = c.title, text = c.text,
                published_at = c.published_at, fetched_at = c.fetched_at, language = c.language,
                content_hash = c.content_hash, duplicate_of = c.duplicate_of,
                duplicate_kind = c.duplicate_kind, similarity = c.similarity,
                version = articles.version + 1, batch_id = c.batch_id, loaded_at = c.loaded_at
            FROM cw_changed c WHERE articles.id = c.id
        """)
    finally:
        con.unregister("cw_changed")
    return len(changed)
