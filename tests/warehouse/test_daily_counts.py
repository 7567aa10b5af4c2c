"""`daily_event_counts` is served from a table kept current by every cluster write (migration 005).

The table must always equal what the original view (migration 002) computed from clusters and
members: after a load, a rerun, an updated article and a reprocess, and on a warehouse that had data
before migration 005 arrived.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from test_load import TEXT, article, run_input, strike

from bench.scale import DAILY_COUNTS_JOIN
from conflictwatch.config import Paths
from conflictwatch.retag import retag_all
from transform.cluster import assign_clusters, rebuild_daily_counts
from transform.tagger import TAGGER_VERSION
from warehouse import migrate
from warehouse.load import load_run
from warehouse.store import frame, writer

# The definition of migration 002, which the table must reproduce row for row (the benchmark times it too).
REFERENCE = DAILY_COUNTS_JOIN + "\nORDER BY day, event_type"

KHARKIV = ("Drones hit apartment blocks in Kharkiv overnight, killing two people, the governor said. "
           "Separately, delegations from Ukraine and Russia met in Istanbul for talks on a prisoner exchange.")
KYIV_OLD = "Drones struck the outskirts of Kyiv overnight, the city administration said."
KYIV_NEW = "A Russian drone attack on Kyiv on Sunday night damaged a power plant, officials said."


def view(con: Any) -> list[tuple]:
    return con.execute("SELECT day, event_type, events, articles, reports FROM daily_event_counts "
                       "ORDER BY day, event_type").fetchall()


def reference(con: Any) -> list[tuple]:
    return con.execute(REFERENCE).fetchall()


def by_key(rows: list[tuple]) -> dict[tuple[str, str], tuple[int, int, int]]:
    return {(str(d), t): (e, a, r) for d, t, e, a, r in rows}


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(tmp_path)


def _articles() -> list[dict]:
    odesa = article("https://northwire.example/odesa-port", TEXT, source="northwire.example")
    copy = article("https://courier.example/wire/odesa-port", TEXT, source="courier.example")
    copy.update(duplicate_of=odesa["id"], duplicate_kind="exact")
    kharkiv = article("https://eastnews.example/kharkiv", KHARKIV, source="eastnews.example")
    kyiv = article("https://capital.example/kyiv", KYIV_OLD, source="capital.example")
    return [odesa, copy, kharkiv, kyiv]


def test_counts_follow_load_rerun_update_and_reprocess(paths: Paths) -> None:
    odesa, copy, kharkiv, kyiv = _articles()
    first = run_input("b1", [odesa, copy, kharkiv, kyiv],
                      [strike(odesa), strike(copy), strike(kharkiv, "Kharkiv"), strike(kyiv, "Kyiv")])
    with writer(paths) as con:
        load_run(con, first)
        after_load = view(con)
        assert after_load == reference(con)
        # Three places on one day: three events; the wire copy is not another report.
        assert by_key(after_load) == {("2026-11-20", "drone_strike"): (3, 3, 3)}

        # A rerun of the same batch, and clustering the stored events again, change nothing.
        assert load_run(con, first)["already_loaded"] == 1
        stored = frame(con.execute("SELECT * FROM events")).to_dict("records")
        con.execute("BEGIN TRANSACTION")
        assert assign_clusters(con, stored, {a["id"]: a for a in first.articles.to_dict("records")}) == []
        con.execute("COMMIT")
        assert view(con) == after_load
        keys = con.execute("SELECT count(*), count(DISTINCT (day, event_type)) FROM daily_event_counts_table")
        n_rows, n_keys = keys.fetchone()
        assert n_rows == n_keys == 1

        # The Kyiv article is updated at the same URL: its old event leaves the 20th, the new one is the 21st.
        kyiv_new = article(kyiv["url"], KYIV_NEW, source="capital.example")
        moved = strike(kyiv_new, "Kyiv")
        moved["event_date"] = date(2026, 11, 21)
        load_run(con, run_input("b2", [kyiv_new], [moved]))
        assert view(con) == reference(con)
        assert by_key(view(con)) == {("2026-11-20", "drone_strike"): (2, 2, 2),
                                     ("2026-11-21", "drone_strike"): (1, 1, 1)}
        before_reprocess = view(con)

    # Reprocess: the real tagger replaces every event (its dates and types differ from the hand-made ones).
    stats = retag_all(paths, force=True)
    assert stats["articles"] == 4
    with writer(paths) as con:
        after = view(con)
        assert after == reference(con)
        assert after and after != before_reprocess
        versions = {r[0] for r in con.execute("SELECT DISTINCT tagger_version FROM events").fetchall()}
        assert versions == {TAGGER_VERSION}


def test_reprocess_that_removes_every_event_empties_the_counts(paths: Paths) -> None:
    calm = article("https://northwire.example/weather", "Mild weather is expected across the region this week.")
    fake = strike(calm, "Odesa")
    fake["evidence"] = calm["text"]
    with writer(paths) as con:
        load_run(con, run_input("b1", [calm], [fake]))
        assert len(view(con)) == 1
    retag_all(paths, force=True)  # the real tagger finds nothing: the cluster and its day row go
    with writer(paths) as con:
        assert view(con) == reference(con) == []


def test_migration_fills_the_table_from_an_existing_warehouse(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMPTZ NOT NULL)")
    for version, name, sql in migrate.available():
        if version < 5:  # a warehouse written before migration 005 existed
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [version, name])
    now = datetime(2026, 11, 20, tzinfo=UTC)
    con.execute("""INSERT INTO event_clusters (id, type, event_date, n_articles, n_sources, updated_at) VALUES
                   ('c1', 'drone_strike', DATE '2026-11-19', 2, 1, ?),
                   ('c2', 'drone_strike', DATE '2026-11-19', 1, 1, ?),
                   ('c3', 'negotiation', DATE '2026-11-20', 1, 1, ?), ('c4', 'drone_strike', NULL, 1, 1, ?)""",
                [now] * 4)
    con.execute("""INSERT INTO event_cluster_members VALUES
                   ('c1', 'e1', 'a1', 'x.example', true), ('c1', 'e2', 'a2', 'y.example', false),
                   ('c2', 'e3', 'a1', 'x.example', true), ('c3', 'e4', 'a3', 'z.example', true),
                   ('c4', 'e5', 'a4', 'x.example', true)""")
    before = reference(con)
    assert "005_daily_counts_table.sql" in migrate.apply(con)
    assert view(con) == before
    assert by_key(before) == {("2026-11-19", "drone_strike"): (2, 1, 1), ("2026-11-20", "negotiation"): (1, 1, 1)}

    # Writers that bypass transform.cluster (bulk generation) rebuild the table in one call.
    con.execute("INSERT INTO event_clusters (id, type, event_date, n_articles, n_sources, updated_at) "
                "VALUES ('c5', 'negotiation', DATE '2026-11-20', 1, 1, ?)", [now])
    con.execute("INSERT INTO event_cluster_members VALUES ('c5', 'e6', 'a5', 'w.example', true)")
    assert view(con) != reference(con)
    rebuild_daily_counts(con)
    assert view(con) == reference(con)
    con.close()
