"""Cross-source event clusters in a real DuckDB file: count events, not reports."""

from __future__ import annotations

from typing import Any

import pytest
from dedupe_helpers import article, load_and_cluster, strike

from transform import cluster
from transform.cluster import assign_clusters

DAY = "2025-03-10"


_strike = strike
_run = load_and_cluster


def _three_outlets() -> tuple[list[dict], list[dict]]:
    arts = [
        article("k1", "Drones hit Kyiv apartment blocks; six dead.", f"{DAY}T05:00:00+00:00", "kyivpost.example"),
        article("k2", "Nine killed in strikes on the capital.", f"{DAY}T06:00:00+00:00", "wire.example"),
        article("k3", "Ukraine's capital wakes to burning towers.", f"{DAY}T07:00:00+00:00", "globalwatch.example"),
    ]
    events = [
        _strike("e1", "k1", "Russian drones struck residential districts of Kyiv before dawn, killing six."),
        _strike("e2", "k2", "Nine people died when attack drones hit apartment blocks in the Ukrainian capital."),
        _strike("e3", "k3", "Fires broke out in several high-rise buildings in Kyiv after the attack."),
    ]
    return arts, events


def test_three_outlets_one_cluster(con: Any) -> None:
    arts, events = _three_outlets()
    touched = _run(con, arts, events)
    assert len(touched) == 1
    row = touched[0]
    assert (row["n_articles"], row["n_sources"], row["place"], str(row["event_date"])) == (3, 3, "Kyiv", DAY)
    assert row["representative_event_id"] == "e1"  # the first-seen report founds the cluster
    ids = {r[0] for r in con.execute("SELECT DISTINCT cluster_id FROM events").fetchall()}
    assert ids == {row["id"]}


def test_wire_copy_does_not_add_a_source(con: Any) -> None:
    arts, events = _three_outlets()
    copy_text = "Nine people died when attack drones hit apartment blocks in the Ukrainian capital."
    arts.append(article("k4", copy_text, f"{DAY}T09:00:00+00:00", "dailyeu.example",
                        duplicate_of="k2", duplicate_kind="near", similarity=0.9))  # fmt: skip
    events.append(_strike("e4", "k4", copy_text))
    (row,) = _run(con, arts, events)
    assert (row["n_articles"], row["n_sources"]) == (4, 3)
    indep = con.execute("SELECT independent FROM event_cluster_members WHERE event_id = 'e4'").fetchall()
    assert indep == [(False,)]
    view = con.execute("SELECT day, event_type, events, articles, reports FROM daily_event_counts").fetchall()
    assert [(str(d), t, e, a, r) for d, t, e, a, r in view] == [(DAY, "drone_strike", 1, 3, 3)]


def test_two_feeds_of_one_outlet_are_one_source(con: Any) -> None:
    arts, events = _three_outlets()
    arts[1]["source"] = arts[0]["source"]
    (row,) = _run(con, arts, events)
    assert (row["n_articles"], row["n_sources"]) == (3, 2)


def test_different_days_and_strike_vs_talks_stay_separate(con: Any) -> None:
    arts = [
        article("d1", "Kyiv strike.", f"{DAY}T05:00:00+00:00", "kyivpost.example"),
        article("d2", "Kyiv strike again.", "2025-03-13T05:00:00+00:00", "kyivpost.example"),
        article("d3", "Kyiv, next night.", "2025-03-12T05:00:00+00:00", "wire.example"),
    ]
    events = [
        _strike("s1", "d1", "Drones struck Kyiv before dawn, killing six.", killed=6),
        _strike("s2", "d2", "A drone crashed into a warehouse in Kyiv, injuring two workers.", day="2025-03-13"),
        _strike("s3", "d3", "One man was killed in Kyiv as drones returned on Tuesday night.", day="2025-03-11",
                killed=1),
        {"id": "t1", "article_id": "d1", "type": "negotiation", "place": "Istanbul", "admin1": "Istanbul",
         "country": "Turkey", "event_date": DAY, "date_precision": "day", "parties": ["Ukraine", "Russia"],
         "evidence": "Delegations from Kyiv and Moscow met in Istanbul for direct talks."},
    ]  # fmt: skip
    _run(con, arts, events)
    clusters = dict(con.execute("SELECT event_id, cluster_id FROM event_cluster_members").fetchall())
    assert len(set(clusters.values())) == 4  # day 10, day 13, the next night (day 11), and the talks
    view = con.execute("SELECT day, event_type, events FROM daily_event_counts ORDER BY 1, 2").fetchall()
    assert [(str(d), t, n) for d, t, n in view] == [
        (DAY, "drone_strike", 1), (DAY, "negotiation", 1), ("2025-03-11", "drone_strike", 1),
        ("2025-03-13", "drone_strike", 1),
    ]  # fmt: skip


def test_overnight_report_dated_next_day_joins(con: Any) -> None:
    arts, events = _three_outlets()
    _run(con, arts, events)
    late = [article("k5", "The bombardment of Kiev left six dead.", "2025-03-11T08:00:00+00:00", "eastnews.example")]
    ev = [_strike("e5", "k5", "The bombardment of Kiev that began before dawn left six dead.", place="Kiev",
                  admin1=None, day="2025-03-11", date_precision="publication")]  # fmt: skip
    (row,) = _run(con, late, ev)
    assert (row["n_articles"], row["n_sources"], str(row["event_date"])) == (4, 4, DAY)


def test_rerun_adds_nothing(con: Any) -> None:
    arts, events = _three_outlets()
    _run(con, arts, events)
    before = con.execute("SELECT * FROM event_clusters ORDER BY id").fetchall()
    members = con.execute("SELECT count(*) FROM event_cluster_members").fetchall()
    assert assign_clusters(con, events, {a["id"]: a for a in arts}) == []
    assert con.execute("SELECT * FROM event_clusters ORDER BY id").fetchall() == before
    assert con.execute("SELECT count(*) FROM event_cluster_members").fetchall() == members


def test_incremental_lookup_ignores_clusters_outside_window(con: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # Make matching itself accept a 30-day gap, so only the lookup window can keep these apart.
    cfg = dict(cluster.settings(), date_tolerance_days=30, adjacent_day_needs_signal=False)
    monkeypatch.setattr(cluster, "settings", lambda: cfg)
    old = [article("o1", "Old strike.", "2025-02-01T05:00:00+00:00")]
    _run(con, old, [_strike("old", "o1", "Drones struck Kyiv.", day="2025-02-01")])
    near = [article("o2", "Strike five days on.", "2025-02-06T05:00:00+00:00", "two.example")]
    _run(con, near, [_strike("near", "o2", "Drones struck Kyiv.", day="2025-02-06")])
    far = [article("o3", "Strike three weeks on.", "2025-02-22T05:00:00+00:00", "three.example")]
    _run(con, far, [_strike("far", "o3", "Drones struck Kyiv.", day="2025-02-22")])
    clusters = dict(con.execute("SELECT event_id, cluster_id FROM event_cluster_members").fetchall())
    assert clusters["near"] == clusters["old"]  # inside the 7-day window: matched
    assert clusters["far"] != clusters["old"]  # 21 days: never read, so a new cluster


def test_place_fallback_to_region_and_text_for_placeless(con: Any) -> None:
    arts = [
        article("h1", "Kharkiv.", f"{DAY}T05:00:00+00:00", "eastnews.example"),
        article("h2", "Kharkiv region.", f"{DAY}T09:00:00+00:00", "dailyeu.example"),
        article("p1", "Call.", "2025-03-18T19:00:00+00:00", "wire.example"),
        article("p2", "Call again.", "2025-03-18T21:00:00+00:00", "globalwatch.example"),
        article("p3", "Other call.", "2025-03-18T20:00:00+00:00", "dailyeu.example"),
    ]
    neg = {"type": "negotiation", "place": None, "admin1": None, "country": None, "event_date": "2025-03-18",
           "date_precision": "day"}  # fmt: skip
    events = [
        _strike("h1e", "h1", "Three drones hit an industrial site in Kharkiv.", place="Kharkiv"),
        _strike("h2e", "h2", "An industrial facility in the Kharkiv region was struck.", place=None,
                admin1="Kharkiv Oblast"),
        {**neg, "id": "p1e", "article_id": "p1", "parties": ["United States", "Russia"],
         "evidence": "Trump and Putin spoke by phone for two hours and agreed a 30-day halt to strikes on energy "
                     "infrastructure."},
        {**neg, "id": "p2e", "article_id": "p2", "parties": ["Russia", "United States"],
         "evidence": "In a two-hour phone call Putin agreed with Trump to pause strikes on energy infrastructure "
                     "for 30 days."},
        {**neg, "id": "p3e", "article_id": "p3", "parties": ["Ukraine", "France"],
         "evidence": "Zelensky and Macron discussed by phone how European troops could back a ceasefire."},
    ]  # fmt: skip
    _run(con, arts, events)
    c = dict(con.execute("SELECT event_id, cluster_id FROM event_cluster_members").fetchall())
    assert c["h1e"] == c["h2e"]
    assert c["p1e"] == c["p2e"] != c["p3e"]
