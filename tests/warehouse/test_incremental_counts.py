"""Counts kept incrementally by the load equal a recount from scratch, after every kind of write.

Why these tests: to keep the cost of a batch flat as history grows, the load no longer recounts
cluster members or whole days (``transform.cluster._write``): a cluster founded by the batch is
counted from the batch's members, a stored one from its own members (an index lookup), the daily
counts get the batch's deltas, and ``events.cluster_id`` is written with the events. Each shortcut
rests on an invariant (a fresh batch's articles are in no stored cluster; a stored cluster never
changes day), so every step here — loads, a rerun, a copy of a stored original, an article in two
clusters of one day, an updated article (whose event may found again the cluster it used to found)
and a reprocess — is checked against the definitions recomputed from the members.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from test_load import TEXT, article, run_input, strike

from bench.scale import DAILY_COUNTS_JOIN
from conflictwatch.config import Paths
from conflictwatch.retag import retag_all
from warehouse.load import load_run
from warehouse.store import writer

RECOUNT_CLUSTERS = """
    SELECT c.id, count(DISTINCT m.article_id),
           greatest(count(DISTINCT m.source) FILTER (WHERE m.independent),
                    CASE WHEN count(m.event_id) > 0 THEN 1 ELSE 0 END)
    FROM event_clusters c LEFT JOIN event_cluster_members m ON m.cluster_id = c.id
    GROUP BY c.id ORDER BY c.id"""


def state(con: Any) -> dict[str, Any]:
    """Everything the load keeps incrementally, as stored."""
    return {
        "clusters": con.execute("SELECT id, n_articles, n_sources FROM event_clusters ORDER BY id").fetchall(),
        "daily": con.execute("SELECT day, event_type, events, articles, reports FROM daily_event_counts "
                             "ORDER BY day, event_type").fetchall(),
        "event_clusters": con.execute("SELECT id, cluster_id FROM events ORDER BY id").fetchall(),
    }


def assert_exact(con: Any) -> dict[str, Any]:
    """The stored counts equal the from-scratch definitions; returns the state for later comparison."""
    got = state(con)
    assert got["clusters"] == con.execute(RECOUNT_CLUSTERS).fetchall()
    assert got["daily"] == con.execute(DAILY_COUNTS_JOIN + "\nORDER BY day, event_type").fetchall()
    members = dict(con.execute("SELECT event_id, cluster_id FROM event_cluster_members").fetchall())
    assert got["event_clusters"] == [(e, members.get(e)) for e, _ in got["event_clusters"]]
    orphans = con.execute("SELECT count(*) FROM event_cluster_members m "
                          "WHERE m.cluster_id NOT IN (SELECT id FROM event_clusters)").fetchone()[0]
    empty = con.execute("SELECT count(*) FROM event_clusters c "
                        "WHERE c.id NOT IN (SELECT cluster_id FROM event_cluster_members)").fetchone()[0]
    assert (orphans, empty) == (0, 0)
    return got


KHARKIV = "Drones hit apartment blocks in Kharkiv overnight, killing two people, the governor said."
LVIV = "A drone struck an energy facility near Lviv overnight, the regional governor said."


def test_incremental_counts_equal_a_recount_through_loads_reruns_updates_and_reprocess(tmp_path: Path) -> None:
    paths = Paths(tmp_path)
    odesa = article("https://northwire.example/odesa-port", TEXT, source="northwire.example")
    copy = article("https://courier.example/wire/odesa-port", TEXT, source="courier.example")
    copy.update(duplicate_of=odesa["id"], duplicate_kind="exact")
    kharkiv = article("https://eastnews.example/kharkiv", KHARKIV, source="eastnews.example")
    first = run_input("b1", [odesa, copy, kharkiv],
                      [strike(odesa), strike(copy), strike(kharkiv, "Kharkiv")])

    # Second batch: another outlet's report of the stored Odesa strike, a copy of the stored Kharkiv
    # report (not independent), and one article reporting two strikes of the same day (two clusters,
    # one report of that day).
    second_odesa = article("https://southpost.example/odesa", TEXT.replace("a dozen", "12"), source="southpost.example")
    kharkiv_copy = article("https://mirror.example/kharkiv", KHARKIV, source="mirror.example")
    kharkiv_copy.update(duplicate_of=kharkiv["id"], duplicate_kind="exact")
    roundup = article("https://westwire.example/roundup", LVIV + " " + KHARKIV, source="westwire.example")
    lviv_event = strike(roundup, "Lviv")
    kharkiv_event = strike(roundup, "Kharkiv") | {"evidence": KHARKIV, "evidence_start": len(LVIV) + 1}
    kharkiv_event["id"] = kharkiv_event["id"] + "-k"
    second = run_input("b2", [second_odesa, kharkiv_copy, roundup],
                       [strike(second_odesa), strike(kharkiv_copy, "Kharkiv"), lviv_event, kharkiv_event])

    with writer(paths) as con:
        load_run(con, first)
        assert_exact(con)
        load_run(con, second)
        after_second = assert_exact(con)
        # The Odesa cluster has the original, its copy and the second outlet: 3 articles, 2 sources.
        sizes = sorted(n for _, n, _ in after_second["clusters"])
        assert sizes == [1, 3, 3]  # Lviv; Kharkiv (original, copy, round-up); Odesa
        assert after_second["daily"] == [(date(2026, 11, 20), "drone_strike", 3, 4, 4)]

        # A rerun adds nothing.
        assert load_run(con, second)["already_loaded"] == 1
        assert state(con) == after_second

        # The Odesa original is updated at its URL with its first sentence kept (so its event keeps
        # its id) but dated days later: the event founds again the cluster id its old version
        # founded, which the copy and the second outlet still hold. That row is replaced, and both
        # days are counted again.
        moved = article(odesa["url"], TEXT + " Officials revised the date.", source="northwire.example")
        event = strike(moved) | {"event_date": date(2026, 11, 26)}
        assert event["id"] == strike(odesa)["id"]
        load_run(con, run_input("b3", [moved], [event]))
        after_update = assert_exact(con)
        assert {d for d, *_ in after_update["daily"]} == {date(2026, 11, 20), date(2026, 11, 26)}

        # An update whose event joins a stored cluster instead (the path without replacement).
        kharkiv_new = article(kharkiv["url"], KHARKIV + " Rescue work continued.", source="eastnews.example")
        load_run(con, run_input("b4", [kharkiv_new], [strike(kharkiv_new, "Kharkiv") | {"id": "kh-new"}]))
        assert_exact(con)

    # Reprocess with the real tagger (assign_clusters without ``fresh``: the recount path).
    retag_all(paths, force=True)
    with writer(paths) as con:
        assert_exact(con)


def test_a_batch_touching_many_stored_clusters_counts_like_a_recount(tmp_path: Path) -> None:
    """More stored clusters touched than the 2,048 ids of an index lookup list, and fewer."""
    paths = Paths(tmp_path)

    def reports(lo: int, hi: int, outlets: int) -> tuple[list[dict], list[dict]]:
        arts, events = [], []
        for i in range(lo, hi):
            n = i % 3000  # the n-th town, reported again by the later batches
            place = f"Town{n}"
            art = article(f"https://outlet{i % outlets}.example/{i}", TEXT.replace("Odesa", place),
                          source=f"outlet{i % outlets}.example")
            arts.append(art)
            events.append(strike(art, place) | {"event_date": date(2026, 10, 1 + n % 30)})
        return arts, events

    with writer(paths) as con:
        load_run(con, run_input("stored", *reports(0, 3000, 7)))
        assert_exact(con)
        load_run(con, run_input("many", *reports(3000, 5700, 5)))  # over 2,048 stored clusters touched
        after_many = assert_exact(con)
        assert sum(1 for _, n, _ in after_many["clusters"] if n > 1) > 2048  # stored ones grew
        load_run(con, run_input("few", *reports(5700, 5800, 3)))  # 100 touched: the index lookup
        assert_exact(con)


def test_key_in_finds_the_same_rows_as_the_unnest_subquery(tmp_path: Path) -> None:
    """Both forms key_in returns (a parameter list up to 2,048 keys, the subquery above) on an indexed column."""
    import duckdb

    from transform.cluster import key_in

    con = duckdb.connect(str(tmp_path / "keys.duckdb"))
    con.execute("CREATE TABLE t (id VARCHAR PRIMARY KEY, v INTEGER)")
    con.execute("INSERT INTO t SELECT md5(i::VARCHAR), i FROM range(20000) r(i)")
    wanted = [con.execute("SELECT md5(?::VARCHAR)", [str(i)]).fetchone()[0] for i in range(0, 9000, 3)]
    wanted += ["absent", "it's quoted"]
    for keys in (wanted[:5], wanted[:2048], wanted):
        keyed, args = key_in(keys)
        assert keyed.startswith("(?") == (len(keys) <= 2048)
        got = con.execute(f"SELECT v FROM t WHERE id IN {keyed} ORDER BY v", args).fetchall()
        ref = con.execute("SELECT v FROM t WHERE id IN (SELECT unnest(?::VARCHAR[])) ORDER BY v", [keys]).fetchall()
        assert got == ref and len(got) == len([k for k in keys if k not in ("absent", "it's quoted")])
    con.close()
