"""Re-tag stored articles after the rules change.

Each article's old events are replaced in one transaction with the new ones (and their clusters
updated), so an analyst never sees an article with both old and new events, and an interrupted
reprocess leaves every article either fully old or fully new. Articles already tagged by the
current tagger version are skipped, which makes the command resumable.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from conflictwatch.config import Paths
from conflictwatch.records import event_row


def retag_all(paths: Paths, *, chunk: int = 200, force: bool = False) -> dict[str, Any]:
    import pandas as pd

    from transform.cluster import assign_clusters, bind_settled_tallies, remove_events, settings
    from transform.tagger import TAGGER_VERSION, tag
    from warehouse.load import _conform, _insert_by_name
    from warehouse.store import frame as result_frame
    from warehouse.store import publish, writer

    stats = {"articles": 0, "events_before": 0, "events_after": 0, "tagger_version": TAGGER_VERSION}
    with writer(paths) as con:
        stale = con.execute("""
            SELECT a.id FROM articles a
            WHERE ? OR (NOT EXISTS (SELECT 1 FROM events e WHERE e.article_id = a.id AND e.tagger_version = ?)
                        AND NOT EXISTS (SELECT 1 FROM retagged_articles r
                                        WHERE r.article_id = a.id AND r.tagger_version = ?)
                        -- tagged by this version when its batch was processed, events or not
                        AND NOT EXISTS (SELECT 1 FROM batches b
                                        WHERE b.batch_id = a.batch_id AND b.tagger_version = ?))
            ORDER BY a.id""", [force, TAGGER_VERSION, TAGGER_VERSION, TAGGER_VERSION]).fetchall()
        ids = [r[0] for r in stale]
        for start in range(0, len(ids), chunk):
            part = ids[start:start + chunk]
            arts = result_frame(con.execute("SELECT * FROM articles WHERE id IN (SELECT UNNEST(?::VARCHAR[]))", [part]))
            now = datetime.now(UTC)
            rows: list[dict[str, Any]] = []
            for art in arts.to_dict("records"):
                # NULL arrives as NaT, which is not None and poisons date arithmetic.
                published = art["published_at"].to_pydatetime() if pd.notna(art["published_at"]) else None
                rows.extend(event_row(art["id"], ev, now) for ev in tag(art["title"] or "", art["text"] or "",
                                                                         published))
            con.execute("BEGIN TRANSACTION")
            try:
                old = [r[0] for r in con.execute(
                    "SELECT id FROM events WHERE article_id IN (SELECT UNNEST(?::VARCHAR[]))", [part]).fetchall()]
                remove_events(con, old)
                con.execute("DELETE FROM events WHERE id IN (SELECT UNNEST(?::VARCHAR[]))", [old])
                frame = pd.DataFrame(rows)
                if len(frame):
                    frame["event_date"] = pd.to_datetime(frame["event_date"], errors="coerce").dt.date
                    frame = frame.drop_duplicates("id")
                _insert_by_name(con, "events", _conform(con, "events", frame) if len(frame) else frame)
                stored = result_frame(con.execute(
                    "SELECT * FROM events WHERE article_id IN (SELECT UNNEST(?::VARCHAR[]))", [part]))
                if len(stored):
                    assign_clusters(con, stored.to_dict("records"), {a["id"]: a for a in arts.to_dict("records")})
                # Articles that yield no events are remembered too, so a rerun does not tag them again.
                con.execute("DELETE FROM retagged_articles WHERE article_id IN (SELECT UNNEST(?::VARCHAR[]))", [part])
                con.execute("INSERT INTO retagged_articles SELECT UNNEST(?::VARCHAR[]), ?, ?",
                            [part, TAGGER_VERSION, now])
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
            stats["articles"] += len(part)
            stats["events_before"] += len(old)
            stats["events_after"] += len(stored)
        if ids:
            # The re-founded tallies of old nights (their reports were seen long ago) fold as a load
            # would have folded them (docs/EVENT_IDENTITY.md, convention 2).
            con.execute("BEGIN TRANSACTION")
            try:
                bind_settled_tallies(con, datetime.now(UTC), settings(), since=date.min)
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
            publish(con, paths)
    return stats
