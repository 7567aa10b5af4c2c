"""Identity rules learnt from a pair set written by someone who never saw the rules (pairs_b).

Each rule is shown with the look-alike it must keep apart: the same night dated two ways vs two
consecutive nights, a district vs another town of the region, a venue-less talks report vs talks
between other parties. Runs through the real ``assign_clusters`` on a real DuckDB file.
"""

from __future__ import annotations

from typing import Any

from dedupe_helpers import article, load_and_cluster, strike


def _clusters(con: Any) -> dict[str, str]:
    return dict(con.execute("SELECT event_id, cluster_id FROM event_cluster_members").fetchall())


def test_one_night_dated_to_evening_and_morning_is_one_event(con: Any) -> None:
    arts = [article("n1", "Morning report.", "2025-06-10T04:20:00+00:00", "city.example"),
            article("n2", "Wire report.", "2025-06-10T06:05:00+00:00", "wire.example"),
            article("n3", "Follow-up.", "2025-06-12T09:00:00+00:00", "daily.example")]
    events = [strike("m1", "n1", "Three died when drones hit a high-rise before dawn.", day="2025-06-10", killed=3),
              strike("m2", "n2", "Russia sent 300 drones at the capital on the night of June 9.", day="2025-06-09",
                     killed=4),
              strike("m3", "n3", "The toll from Tuesday's raid on the capital rose to five.", day="2025-06-10",
                     killed=5)]  # fmt: skip
    load_and_cluster(con, arts[:2], events[:2])
    load_and_cluster(con, arts[2:], events[2:])
    assert len(set(_clusters(con).values())) == 1


def test_consecutive_nights_reported_each_morning_stay_two(con: Any) -> None:
    arts = [article("c1", "Monday.", "2025-06-09T05:00:00+00:00", "city.example"),
            article("c2", "Tuesday.", "2025-06-10T05:00:00+00:00", "wire.example")]
    events = [strike("q1", "c1", "Drones hit a depot in the city overnight, injuring two.", day="2025-06-09"),
              strike("q2", "c2", "A second wave struck a school overnight; one guard died.", day="2025-06-10",
                     killed=1)]  # fmt: skip
    load_and_cluster(con, arts, events)
    assert len(set(_clusters(con).values())) == 2


def test_district_joins_its_city_but_not_another_town_of_the_region(con: Any) -> None:
    arts = [article(f"r{i}", f"Report {i}.", "2025-06-10T06:00:00+00:00", f"o{i}.example") for i in range(3)]
    events = [strike("d0", "r0", "Drones hit apartment blocks in Kharkiv overnight.", place="Kharkiv",
                     admin1="Kharkiv Oblast"),
              strike("d1", "r1", "Fire crews fought blazes in the Saltivskyi district after the raid.",
                     place="Saltivskyi district", admin1="Kharkiv Oblast"),
              strike("d2", "r2", "A drone damaged a rail depot in Chuhuiv overnight.", place="Chuhuiv",
                     admin1="Kharkiv Oblast")]  # fmt: skip
    load_and_cluster(con, arts, events)
    clusters = _clusters(con)
    assert clusters["d0"] == clusters["d1"] != clusters["d2"]


def _talks(eid: str, aid: str, parties: list[str], place: str | None, country: str | None) -> dict[str, Any]:
    return {"id": eid, "article_id": aid, "type": "negotiation", "evidence": f"Delegations met ({eid}).",
            "place": place, "admin1": place, "country": country, "event_date": "2025-07-23",
            "date_precision": "day", "attacker": None, "parties": parties, "killed": None}


def test_talks_report_without_venue_joins_same_parties_only(con: Any) -> None:
    arts = [article(f"t{i}", f"Talks {i}.", "2025-07-23T18:00:00+00:00", f"o{i}.example") for i in range(3)]
    events = [_talks("v0", "t0", ["Russia", "Ukraine"], "Istanbul", "Turkey"),
              _talks("v1", "t1", ["Ukraine", "Russia"], None, "Turkey"),
              _talks("v2", "t2", ["United States", "Russia"], None, "Turkey")]  # fmt: skip
    load_and_cluster(con, arts, events)
    clusters = _clusters(con)
    assert clusters["v0"] == clusters["v1"] != clusters["v2"]
