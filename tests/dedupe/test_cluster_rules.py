"""Identity rules learnt from a pair set written by someone who never saw the rules (pairs_b).

Each rule is shown with the look-alike it must keep apart: the same night dated two ways vs two
consecutive nights, a district vs another town of the region, a venue-less talks report vs talks
between other parties. Runs through the real ``assign_clusters`` on a real DuckDB file.
"""

from __future__ import annotations

from typing import Any

from dedupe_helpers import article, load_and_cluster, one_batch_each, strike


def same(a: str, b: str) -> bool:
    """Whether two actor names stand for one actor (their keys intersect)."""
    from transform.cluster import actor_keys, settings

    ka, kb = actor_keys(a, settings()), actor_keys(b, settings())
    return bool(ka and kb and ka & kb)


def _clusters(con: Any) -> dict[str, str]:
    return dict(con.execute("SELECT event_id, cluster_id FROM event_cluster_members").fetchall())


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


def test_one_night_dated_to_evening_and_morning_is_one_event_across_batches(con: Any) -> None:
    # Batch 1: the night (9th) and the morning (10th) of one attack, reported that morning, join
    # (the overnight rule); batch 2, two days on, a report dated to the night: it only meets the
    # stored cluster through the dates stored with it.
    arts = [article("x1", "Morning.", "2025-06-10T04:00:00+00:00", "city.example"),
            article("x2", "Night.", "2025-06-10T06:00:00+00:00", "wire.example"),
            article("x3", "Later.", "2025-06-11T20:00:00+00:00", "weekly.example")]
    events = [strike("y1", "x1", "Drones hit a tower block at dawn.", day="2025-06-10", killed=3),
              strike("y2", "x2", "Russia attacked the capital on the night of June 9.", day="2025-06-09",
                     killed=4),
              strike("y3", "x3", "Monday night's raid on the capital killed six in all.", day="2025-06-09",
                     killed=6)]  # fmt: skip
    load_and_cluster(con, arts[:2], events[:2])
    stored = con.execute("SELECT date_lo, date_hi FROM event_clusters").fetchall()
    assert [(str(lo), str(hi)) for lo, hi in stored] == [("2025-06-09", "2025-06-10")]
    load_and_cluster(con, arts[2:], events[2:])
    assert len(set(_clusters(con).values())) == 1


def test_publication_date_fallback_does_not_widen_the_cluster(con: Any) -> None:
    arts = [article("p1", "Strike.", "2025-03-10T05:00:00+00:00", "a.example"),
            article("p2", "Undated.", "2025-03-11T08:00:00+00:00", "b.example"),
            article("p3", "Next night.", "2025-03-12T06:00:00+00:00", "c.example")]
    events = [strike("w1", "p1", "Drones struck the city before dawn.", day="2025-03-10", killed=6),
              strike("w2", "p2", "The bombardment of the city left six dead.", day="2025-03-11",
                     date_precision="publication", killed=6),
              strike("w3", "p3", "One man died as drones returned on Tuesday night.", day="2025-03-11",
                     killed=1)]  # fmt: skip
    load_and_cluster(con, arts[:1], events[:1])
    load_and_cluster(con, arts[1:2], events[1:2])
    load_and_cluster(con, arts[2:], events[2:])
    clusters = _clusters(con)
    assert clusters["w1"] == clusters["w2"] != clusters["w3"]


def test_cluster_remembers_parties_across_batches(con: Any) -> None:
    arts = [article("j1", "Announced.", "2025-10-13T09:00:00+00:00", "a.example"),
            article("j2", "Held.", "2025-10-14T13:00:00+00:00", "b.example"),
            article("j3", "Next day.", "2025-10-15T07:00:00+00:00", "c.example")]
    talks = [_talks("k1", "j1", ["Saudi Arabia", "United States"], "Jeddah", "Saudi Arabia"),
             _talks("k2", "j2", ["Sudanese Armed Forces", "Rapid Support Forces", "Saudi Arabia", "United States"],
                    "Jeddah", "Saudi Arabia"),
             _talks("k3", "j3", ["RSF", "Sudanese army"], "Jeddah", "Saudi Arabia")]  # fmt: skip
    for art, event in zip(arts, talks, strict=True):  # three batches
        event["event_date"] = "2025-10-14"
        load_and_cluster(con, [art], [event])
    assert len(set(_clusters(con).values())) == 1


def test_actor_names_compare_by_what_they_stand_for() -> None:
    assert same("Moscow", "Russia") and same("Russian armed forces", "Russia")
    assert same("Security Service of Ukraine", "Ukraine") and same("SBU", "Ukraine")
    assert same("the Israeli military", "Israel") and same("Myanmar junta", "Myanmar military")
    assert same("RSF", "Rapid Support Forces") and same("TNLA", "Ta'ang National Liberation Army")
    assert not same("Russia", "Ukraine") and not same("Rapid Support Forces", "Sudanese Armed Forces")


def test_copies_of_a_round_up_follow_the_matching_event(con: Any) -> None:
    roundup = article("ru", "Two cities.", "2025-10-01T08:00:00+00:00", "wire.example")
    copy = article("rc", "Two cities (copy).", "2025-10-01T09:15:00+00:00", "reprint.example",
                   duplicate_of="ru", duplicate_kind="near", similarity=0.9)

    def two(aid: str) -> list[dict[str, Any]]:
        return [strike(f"{aid}-k", aid, "Drones hit an oil depot in Krasnodar.", place="Krasnodar",
                       admin1="Krasnodar Krai", attacker="Ukraine", country="Russia"),
                strike(f"{aid}-n", aid, "A sea drone struck the port of Novorossiysk.", place="Novorossiysk",
                       admin1="Krasnodar Krai", attacker="Ukraine", country="Russia")]  # fmt: skip

    load_and_cluster(con, [roundup], two("ru"))
    load_and_cluster(con, [copy], two("rc"))
    clusters = _clusters(con)
    assert clusters["rc-k"] == clusters["ru-k"] != clusters["rc-n"] == clusters["ru-n"]


def test_one_shared_death_does_not_tie_consecutive_days(con: Any) -> None:
    arts = [article("s1", "Day one.", "2025-10-02T13:00:00+00:00", "a.example"),
            article("s2", "Day two.", "2025-10-03T12:30:00+00:00", "b.example")]
    events = [strike("t1", "s1", "A drone hit a bus stop in the city; one woman died.", day="2025-10-02",
                     killed=1),
              strike("t2", "s2", "A second drone attack killed a man near the market.", day="2025-10-03",
                     killed=1)]  # fmt: skip
    load_and_cluster(con, arts[:1], events[:1])
    load_and_cluster(con, arts[1:], events[1:])
    assert len(set(_clusters(con).values())) == 2


def test_weekly_round_up_joins_its_strike_but_not_another_city_or_week(con: Any) -> None:
    arts = [article("wk1", "Strike.", "2025-12-12T19:30:00+00:00", "a.example"),
            article("wk2", "Other city.", "2025-12-12T20:00:00+00:00", "b.example"),
            article("wk3", "Round-up.", "2025-12-14T18:00:00+00:00", "c.example"),
            article("wk4", "Next week.", "2025-12-21T18:00:00+00:00", "d.example")]
    events = [strike("r1", "wk1", "Drones hit the port of Odesa, killing eight.", place="Odesa", admin1="Odesa Oblast",
                     day="2025-12-12", killed=8),
              strike("r2", "wk2", "Drones hit a depot in Izmail.", place="Izmail", admin1="Odesa Oblast",
                     day="2025-12-12"),
              strike("r3", "wk3", "This week's deadliest raid was on Odesa.", place="Odesa", admin1="Odesa Oblast",
                     day="2025-12-08", date_precision="week", killed=9),
              strike("r4", "wk4", "Odesa was attacked again this week.", place="Odesa", admin1="Odesa Oblast",
                     day="2025-12-15", date_precision="week")]  # fmt: skip
    one_batch_each(con, arts, events)
    clusters = _clusters(con)
    assert clusters["r3"] == clusters["r1"]
    assert len({clusters["r1"], clusters["r2"], clusters["r4"]}) == 3


def test_talks_over_several_days_at_one_venue_are_one_round_but_not_weeks_apart(con: Any) -> None:
    arts = [article(f"g{i}", f"Geneva {i}.", f"2025-12-{day}T18:00:00+00:00", f"o{i}.example")
            for i, day in enumerate(("10", "12", "30"))]
    events = [_talks(f"gv{i}", f"g{i}", ["Ukraine", "Russia"], "Geneva", "Switzerland") for i in range(3)]
    for event, day in zip(events, ("2025-12-10", "2025-12-12", "2025-12-30"), strict=True):
        event["event_date"] = day
    one_batch_each(con, arts, events)
    clusters = _clusters(con)
    assert clusters["gv0"] == clusters["gv1"] != clusters["gv2"]


def test_actor_forms_possessive_slash_and_bare_generic() -> None:
    from transform.cluster import actor_keys, settings

    assert same("Mali's army", "Malian armed forces") and same("M23", "AFC/M23")
    assert not same("Mali's army", "Burkina Faso's army")
    assert actor_keys("the military", settings()) is None  # whose military is not said: no veto


def test_romanisations_of_one_town_join_but_other_towns_stay_apart(con: Any) -> None:
    arts = [article(f"z{i}", f"Report {i}.", "2026-05-09T14:00:00+00:00", f"o{i}.example") for i in range(3)]
    events = [strike("z0", "z0", "Drones killed two people on a street in Izium.", place="Izium",
                     admin1="Kharkiv Oblast", day="2026-05-09"),
              strike("z1", "z1", "Two civilians died in a drone attack on the town of Izyum.", place="Izyum",
                     admin1="Kharkiv Oblast", day="2026-05-09"),
              strike("z2", "z2", "A drone hit a shop in Izmail.", place="Izmail", admin1="Odesa Oblast",
                     day="2026-05-09")]  # fmt: skip
    load_and_cluster(con, arts, events)
    clusters = _clusters(con)
    assert clusters["z0"] == clusters["z1"] != clusters["z2"]


def test_actor_names_plurals_acronyms_and_backers() -> None:
    assert same("the Russians", "Russia") and same("AFU", "Ukrainian Armed Forces")
    assert same("Ukrainian Defence Forces", "Ukraine") and same("FAMa", "Malian army")
    assert same("Iran-backed Houthi rebels", "Houthis") and same("Yemeni Armed Forces", "Houthis")
    assert same("Russia", "the Ukrainian side") is False and same("Ukraine", "the Ukrainian side")
    assert not same("the Russians", "Ukrainians") and not same("Iran-backed Houthi rebels", "Iran")


def test_talks_named_by_venue_or_by_its_country_are_one_round(con: Any) -> None:
    arts = [article(f"u{i}", f"Talks {i}.", f"2026-05-1{3 + min(i, 1)}T16:00:00+00:00", f"o{i}.example")
            for i in range(3)]
    trio = ["United States", "Russia", "Ukraine"]
    first = dict(_talks("a0", "u0", trio, "Abu Dhabi", "United Arab Emirates"), event_date="2026-05-13")
    second = dict(_talks("a1", "u1", trio, None, "United Arab Emirates"), event_date="2026-05-14")
    other = dict(_talks("a2", "u2", ["RSF", "Sudanese army"], None, "United Arab Emirates"), event_date="2026-05-14")
    load_and_cluster(con, arts[:1], [first])
    load_and_cluster(con, arts[1:], [second, other])
    clusters = _clusters(con)
    assert clusters["a0"] == clusters["a1"] != clusters["a2"]


def _brief(eid: str, aid: str, killed: int) -> dict[str, Any]:
    return strike(eid, aid, f"Drones hit a port in the country's south, killing {killed}.", place=None,
                  admin1=None, day="2026-03-12", killed=killed)


def test_placeless_report_joins_the_only_strike_of_its_day_with_its_toll(con: Any) -> None:
    arts = [article(f"p{i}", f"Report {i}.", "2026-03-12T08:00:00+00:00", f"o{i}.example") for i in range(5)]
    load_and_cluster(con, arts[:2], [
        strike("odesa", "p0", "Drones struck the port of Odesa; two people were killed.", place="Odesa",
               admin1="Odesa Oblast", day="2026-03-12", killed=2),
        strike("sumy", "p1", "A drone killed one man at a bus stop in Sumy.", place="Sumy",
               admin1="Sumy Oblast", day="2026-03-12", killed=1)])  # fmt: skip
    load_and_cluster(con, arts[2:3], [_brief("brief2", "p2", 2)])
    load_and_cluster(con, arts[3:4], [_brief("brief3", "p3", 3)])  # no strike of the day killed three
    clusters = _clusters(con)
    assert clusters["brief2"] == clusters["odesa"] and clusters["brief3"] not in (clusters["odesa"], clusters["sumy"])


def test_placeless_toll_shared_by_two_strikes_of_the_day_joins_neither(con: Any) -> None:
    arts = [article(f"q{i}", f"Report {i}.", "2026-03-12T08:00:00+00:00", f"o{i}.example") for i in range(3)]
    load_and_cluster(con, arts[:2], [
        strike("kherson", "q0", "Two died when a drone hit a car in Kherson.", place="Kherson",
               admin1="Kherson Oblast", day="2026-03-12", killed=2),
        strike("nikopol", "q1", "A drone killed two on a Nikopol street.", place="Nikopol",
               admin1="Dnipropetrovsk Oblast", day="2026-03-12", killed=2)])  # fmt: skip
    load_and_cluster(con, arts[2:], [_brief("brief", "q2", 2)])
    clusters = _clusters(con)
    assert clusters["brief"] not in (clusters["kherson"], clusters["nikopol"])


def test_venueless_swap_and_truce_of_one_day_stay_two(con: Any) -> None:
    arts = [article(f"w{i}", f"Report {i}.", "2026-04-11T13:00:00+00:00", f"o{i}.example") for i in range(3)]
    pair = ["Russia", "Ukraine"]
    swap = dict(_talks("s0", "w0", pair, None, None), event_date="2026-04-11",
                evidence="Russia and Ukraine swapped 246 prisoners each on Saturday.")
    swap2 = dict(_talks("s1", "w1", pair, None, None), event_date="2026-04-11",
                 evidence="Some 246 soldiers came home from captivity in the Easter exchange.")
    truce = dict(_talks("s2", "w2", ["Russia"], None, None), event_date="2026-04-11",
                 evidence="The Kremlin declared a 30-hour Easter truce starting at 16:00.")
    load_and_cluster(con, arts, [swap, swap2, truce])
    clusters = _clusters(con)
    assert clusters["s0"] == clusters["s1"] != clusters["s2"]


def test_two_events_of_one_article_never_share_a_cluster(con: Any) -> None:
    art = article("m0", "Two strikes.", "2026-03-12T08:00:00+00:00", "wire.example")
    events = [strike("m1", "m0", "Drones struck a depot on the city's edge overnight.", place="Kyiv"),
              strike("m2", "m0", "Later a second wave of drones struck a depot near the station.", place="Kyiv")]
    load_and_cluster(con, [art], events)
    clusters = _clusters(con)
    assert clusters["m1"] != clusters["m2"]


def test_attacker_with_weapon_words_is_its_state() -> None:
    assert same("Russian Shahed drones", "Russia") and same("Russian drone operators", "Moscow")
    assert same("the Congolese army", "DRC") and not same("Russian Shahed drones", "Ukrainian drones")


def test_city_tallies_of_one_day_join_but_nationwide_tallies_of_two_nights_do_not(con: Any) -> None:
    arts = [article(f"n{i}", f"Report {i}.", f"2026-03-{14 + i // 3}T08:00:00+00:00", f"o{i}.example")
            for i in range(5)]
    kyiv = [strike("k0", "n0", "Hundreds of drones struck the capital overnight, killing nine.", place="Kyiv",
                   day="2026-03-14", drones_launched=100),
            strike("k1", "n1", "Russia launched 430 drones at Ukraine, with Kyiv the main target.", place="Kyiv",
                   day="2026-03-14", drones_launched=430)]
    nights = [strike("t0", "n2", "Russia launched 145 drones at Ukraine overnight, the air force said.", place=None,
                     admin1=None, day="2026-03-14", drones_launched=145),
              strike("t1", "n3", "The air force said 145 drones were fired overnight, 120 of them downed.",
                     place=None, admin1=None, day="2026-03-14", drones_launched=145),
              strike("t2", "n4", "Russia launched 98 drones at Ukraine overnight, the air force said.", place=None,
                     admin1=None, day="2026-03-15", drones_launched=98)]  # fmt: skip
    load_and_cluster(con, arts[:3], [*kyiv, nights[0]])
    load_and_cluster(con, arts[3:], nights[1:])
    clusters = _clusters(con)
    assert clusters["k0"] == clusters["k1"]
    assert clusters["t0"] == clusters["t1"] != clusters["t2"]


def test_village_at_a_city_edge_joins_but_a_suburb_hit_beside_the_city_does_not(con: Any) -> None:
    arts = [article(f"e{i}", f"Report {i}.", f"2026-03-1{i // 2}T{6 + i:02d}:00:00+00:00", f"o{i}.example")
            for i in range(4)]
    edge = strike("c0", "e0", "A drone exploded at a bus stop on the northern outskirts of Chernihiv on Thursday.",
                  place="Chernihiv", admin1="Chernihiv Oblast", day="2026-03-10")
    village = strike("c1", "e1", "Five people were hurt in Kyinka, a village just outside Chernihiv, when a drone "
                     "struck on Thursday.", place="Kyinka", admin1="Chernihiv Oblast", day="2026-03-10")
    city = strike("k0", "e2", "Drones hit an office block in central Kyiv overnight.", place="Kyiv",
                  admin1="Kyiv Oblast", day="2026-03-11")
    suburb = strike("k1", "e3", "In Brovary, east of Kyiv, a drone hit a private house overnight.", place="Brovary",
                    admin1="Kyiv Oblast", day="2026-03-11")  # fmt: skip
    load_and_cluster(con, arts[:1], [edge])
    load_and_cluster(con, arts[1:2], [village])
    load_and_cluster(con, arts[2:3], [city])
    load_and_cluster(con, arts[3:], [suburb])
    clusters = _clusters(con)
    assert clusters["c0"] == clusters["c1"] and clusters["k0"] != clusters["k1"]


def test_live_evening_report_joins_the_morning_reports_of_that_night_only(con: Any) -> None:
    # Sunday evening's strike (reported Sunday), then Monday night: a live report at 20:10 UTC dated
    # Monday, and the morning report dating the same night to Tuesday.
    arts = [article("l0", "Sunday.", "2026-07-05T19:00:00+00:00", "a.example"),
            article("l1", "Live.", "2026-07-06T20:10:00+00:00", "b.example"),
            article("l2", "Morning.", "2026-07-07T04:55:00+00:00", "c.example")]
    sunday = strike("s0", "l0", "A drone hit a shop in Kharkiv on Sunday evening.", place="Kharkiv",
                    admin1="Kharkiv Oblast", day="2026-07-05")
    live = strike("s1", "l1", "Kharkiv is under attack by drones, with explosions heard on Monday night.",
                  place="Kharkiv", admin1="Kharkiv Oblast", day="2026-07-06")
    morning = strike("s2", "l2", "Two people were killed when drones struck a residential area of Kharkiv "
                     "overnight.", place="Kharkiv", admin1="Kharkiv Oblast", day="2026-07-07", killed=2)
    one_batch_each(con, arts, (sunday, live, morning))
    clusters = _clusters(con)
    assert clusters["s1"] == clusters["s2"] != clusters["s0"]


def test_an_unnamed_attacker_word_is_no_veto() -> None:
    from transform.cluster import actor_keys, settings

    cfg = settings()
    assert actor_keys("paramilitary", cfg) is None and actor_keys("jihadists", cfg) is None
    assert actor_keys("RSF paramilitaries", cfg) & actor_keys("RSF", cfg)  # type: ignore[operator]


def test_venueless_readout_joins_a_round_bucketed_under_its_announcement(con: Any) -> None:
    # The round's cluster is founded by an announcement dated to the week (Monday 22nd); the talks
    # themselves are reported on the 23rd; a venue-less readout of the 23rd must still find it.
    arts = [article(f"r{i}", f"Talks {i}.", f"2026-06-2{i + 1}T12:00:00+00:00", f"o{i}.example") for i in range(3)]
    trio = ["Russia", "Ukraine", "Turkey"]
    announced = dict(_talks("r0", "r0", ["Ukraine", "Russia"], "Istanbul", "Turkey"), event_date="2026-06-22",
                     date_precision="week", evidence="The delegation will travel to Istanbul next week for talks.")
    opened = dict(_talks("r1", "r1", trio, "Istanbul", "Turkey"), event_date="2026-06-23",
                  evidence="Russian and Ukrainian delegations began a round of talks in Istanbul on Tuesday.")
    readout = dict(_talks("r2", "r2", trio, None, None), event_date="2026-06-23", date_precision="publication",
                   evidence="Fidan, who opened the meeting, said the sides agreed to keep talking.")
    one_batch_each(con, arts, (announced, opened, readout))
    clusters = _clusters(con)
    assert clusters["r0"] == clusters["r1"] == clusters["r2"]


def test_one_template_with_other_figures_on_the_next_day_is_the_next_bulletin(con: Any) -> None:
    arts = [article("t0", "One.", "2026-10-01T05:40:00+00:00", "mayor.example"),
            article("t1", "Two.", "2026-10-01T14:30:00+00:00", "mayor.example"),
            article("t2", "Three.", "2026-10-02T04:50:00+00:00", "mayor.example")]
    first = strike("m0", "t0", "Air defences shot down 17 drones flying toward Moscow, the mayor said.",
                   place="Moscow", admin1="Moscow City", day="2026-10-01", date_precision="publication")
    # The same day's running count is the same wave ...
    update = strike("m1", "t1", "Since the morning, air defences have destroyed 23 drones heading for Moscow, "
                    "the mayor wrote.", place="Moscow", admin1="Moscow City", day="2026-10-01")
    # ... the next morning's bulletin, worded alike with another figure, is the next night.
    next_night = strike("m2", "t2", "Air defences shot down nine drones flying toward Moscow overnight, the mayor "
                        "said.", place="Moscow", admin1="Moscow City", day="2026-10-02")
    one_batch_each(con, arts, (first, update, next_night))
    clusters = _clusters(con)
    assert clusters["m0"] == clusters["m1"] != clusters["m2"]


def test_a_live_report_of_the_next_evening_starts_a_new_night(con: Any) -> None:
    arts = [article("k0", "Tue.", "2026-09-15T19:05:00+00:00", "city.example"),
            article("k1", "Wed morning.", "2026-09-16T05:20:00+00:00", "wire.example"),
            article("k2", "Wed night.", "2026-09-16T20:40:00+00:00", "city.example"),
            article("k3", "Wed evening toll.", "2026-09-16T18:30:00+00:00", "news.example")]
    tuesday = strike("e0", "k0", "Drones struck a high-rise in Kharkiv on Tuesday evening, killing one person.",
                     place="Kharkiv", admin1="Kharkiv Oblast", day="2026-09-15", killed=1)
    morning = strike("e1", "k1", "Shahed drones slammed into an apartment block in Kharkiv overnight, killing one.",
                     place="Kharkiv", admin1="Kharkiv Oblast", day="2026-09-16", killed=1)
    wednesday = strike("e2", "k2", "Drones hit an industrial site in Kharkiv on Wednesday night, causing a fire.",
                       place="Kharkiv", admin1="Kharkiv Oblast", day="2026-09-16")
    # A follow-up that evening with the same toll is still Tuesday's attack.
    toll = strike("e3", "k3", "Drones that slammed into an apartment block in Kharkiv killed one person, "
                  "officials said on Wednesday.", place="Kharkiv", admin1="Kharkiv Oblast", day="2026-09-16",
                  killed=1)
    one_batch_each(con, arts[:2], (tuesday, morning))
    load_and_cluster(con, [arts[3]], [toll])
    load_and_cluster(con, [arts[2]], [wednesday])
    clusters = _clusters(con)
    assert clusters["e0"] == clusters["e1"] == clusters["e3"] != clusters["e2"]


def test_capitals_stand_for_their_governments_as_attackers() -> None:
    from transform.cluster import actor_keys, settings

    cfg = settings()
    assert actor_keys("Kinshasa", cfg) & actor_keys("the Congolese army", cfg)  # type: ignore[operator]
    assert not actor_keys("Kinshasa", cfg) & actor_keys("Kigali", cfg)  # type: ignore[operator]


def test_placeless_month_round_up_joins_the_exchange_whose_figure_it_repeats(con: Any) -> None:
    arts = [article("x0", "Swap.", "2026-11-06T14:00:00+00:00", "a.example"),
            article("x1", "Other swap.", "2026-11-20T14:00:00+00:00", "b.example"),
            article("x2", "Round-up.", "2026-11-28T10:00:00+00:00", "c.example")]
    pair = ["Russia", "Ukraine"]
    first = dict(_talks("w0", "x0", pair, None, None), event_date="2026-11-06",
                 evidence="Ukraine brought home 185 soldiers in an exchange with Russia on Friday.")
    second = dict(_talks("w1", "x1", pair, None, None), event_date="2026-11-20",
                  evidence="Russia and Ukraine swapped 90 prisoners each on Friday.")
    recap = dict(_talks("w2", "x2", pair, None, None), event_date="2026-11-01", date_precision="month",
                 evidence="Friday's swap was the second this month, after the two sides exchanged 185 "
                          "prisoners each earlier in November.")
    one_batch_each(con, arts, (first, second, recap))
    clusters = _clusters(con)
    assert clusters["w2"] == clusters["w0"] != clusters["w1"]


def test_generic_words_for_the_other_side_and_mediators_veto_nothing() -> None:
    from transform.cluster import actor_keys, settings

    cfg = settings()
    assert actor_keys("the enemy", cfg) is None and actor_keys("Terrorists", cfg) is None
    assert actor_keys("Resistance forces", cfg) is None


def test_talks_announced_for_next_week_join_the_round_held_in_that_week(con: Any) -> None:
    arts = [article("n0", "Announced.", "2027-03-12T14:00:00+00:00", "a.example"),
            article("n1", "Held.", "2027-03-19T11:20:00+00:00", "b.example"),
            article("n2", "Other round.", "2027-04-02T11:00:00+00:00", "c.example")]
    pair = ["Russia", "Ukraine"]
    announced = dict(_talks("p0", "n0", pair, "Istanbul", "Turkey"), event_date="2027-03-15", date_precision="week",
                     evidence="The delegations will reconvene in Istanbul next week, the foreign ministry said.")
    held = dict(_talks("p1", "n1", pair, "Istanbul", "Turkey"), event_date="2027-03-19",
                date_precision="publication", evidence="The delegations are holding talks in Istanbul.")
    later = dict(_talks("p2", "n2", pair, "Istanbul", "Turkey"), event_date="2027-04-02",
                 evidence="A further round of talks opened in Istanbul on Friday.")
    one_batch_each(con, arts, (announced, held, later))
    clusters = _clusters(con)
    assert clusters["p0"] == clusters["p1"] != clusters["p2"]


def test_an_exchange_reported_with_its_mediator_is_the_same_exchange(con: Any) -> None:
    arts = [article(f"q{i}", f"Swap {i}.", "2027-02-06T13:00:00+00:00", f"o{i}.example") for i in range(3)]
    ours = dict(_talks("g0", "q0", ["Ukraine", "Russia"], None, None), event_date="2027-02-06",
                evidence="Ukraine and Russia exchanged 157 prisoners each on Saturday.")
    theirs = dict(_talks("g1", "q1", ["Russia", "United Arab Emirates"], None, None), event_date="2027-02-06",
                  evidence="Russia got back 157 servicemen from captivity in an exchange mediated by the UAE.")
    other = dict(_talks("g2", "q2", ["Sudan", "United Arab Emirates"], None, None), event_date="2027-02-06",
                 evidence="Sudan's army freed 40 captives in an exchange mediated by the UAE.")
    load_and_cluster(con, arts, [ours, theirs, other])
    clusters = _clusters(con)
    assert clusters["g0"] == clusters["g1"] != clusters["g2"]


def test_one_nights_tally_rounded_or_dated_to_either_day_is_one_event(con: Any) -> None:
    arts = [article(f"t{i}", f"Tally {i}.", f"2027-02-2{7 + i // 3}T0{6 + i}:00:00+00:00", f"o{i}.example")
            for i in range(4)]
    tally = [strike("n0", "t0", "Russia launched 142 drones at Ukraine overnight, the air force said.", place=None,
                    admin1=None, day="2027-02-27", drones_launched=142),
             strike("n1", "t1", "Russia attacked Ukraine with more than 140 drones overnight, the air force reported.",
                    place=None, admin1=None, day="2027-02-27", drones_launched=140),
             strike("n2", "t2", "Ukraine's air force said Russia fired 142 drones at the country on Friday night.",
                    place=None, admin1=None, day="2027-02-26", drones_launched=142),
             strike("n3", "t3", "Russia launched 97 drones at Ukraine overnight, the air force said.", place=None,
                    admin1=None, day="2027-02-28", drones_launched=97)]  # fmt: skip
    one_batch_each(con, arts, tally)
    clusters = _clusters(con)
    assert clusters["n0"] == clusters["n1"] == clusters["n2"] != clusters["n3"]


def test_a_morning_and_an_evening_strike_on_one_city_stay_two_but_one_night_told_both_ways_is_one(con: Any) -> None:
    arts = [article(f"w{i}", f"Report {i}.", ts, f"o{i}.example") for i, ts in enumerate(
        ["2026-05-12T07:30:00+00:00", "2026-05-12T19:10:00+00:00", "2026-05-11T20:30:00+00:00",
         "2026-05-12T06:00:00+00:00"])]
    morning = strike("w0e", "w0", "A drone hit a school in Poltava on Tuesday morning, wounding four staff.",
                     place="Poltava", day="2026-05-12")
    evening = strike("w1e", "w1", "On Tuesday evening drones set a fuel depot in Poltava ablaze, the mayor said.",
                     place="Poltava", day="2026-05-12")
    # One night told by a live report ("late on Monday") and a morning report ("early on Tuesday").
    live = strike("w2e", "w2", "Explosions rang out over Dnipro late on Monday as drones approached.",
                  place="Dnipro", day="2026-05-11")
    dawn = strike("w3e", "w3", "Drones struck a warehouse in Dnipro early on Tuesday, starting a fire.",
                  place="Dnipro", day="2026-05-12")
    one_batch_each(con, arts, (morning, evening, live, dawn))
    clusters = _clusters(con)
    assert clusters["w0e"] != clusters["w1e"]
    assert clusters["w2e"] == clusters["w3e"]


def test_parts_of_the_day_named_in_the_evidence() -> None:
    from transform.cluster import times_of_day

    assert times_of_day("struck early on Sunday, hours before an evening raid") == {"morning", "evening"}
    assert times_of_day("Drones hit the city overnight.") == {"morning"}  # a night ends at dawn
    assert times_of_day("The toll from Friday's attack rose to nine overnight.") == frozenset()
    assert times_of_day("The toll from Monday evening's strike on a university has risen to two.") == {"evening"}
    # Another attack's time, and a rise that is no toll's, do not set this one's.
    assert times_of_day("Drones hit the depot on Tuesday afternoon, hours after an overnight raid.") == {"evening"}
    assert times_of_day("Smoke rose over Kharkiv after the strike on Monday evening.") == {"evening"}


def test_a_ship_named_by_both_reports_ties_them_and_two_named_ships_stay_two(con: Any) -> None:
    arts = [article(f"s{i}", f"Sea {i}.", f"2026-08-04T{9 + 2 * i:02d}:00:00+00:00", f"o{i}.example")
            for i in range(3)]
    claim = strike("s0e", "s0", "The rebels' spokesman said their naval units targeted the tanker Silver Heron "
                   "with missiles and an explosive boat.", place=None, admin1=None, country=None,
                   attacker="Houthis", day="2026-08-04")
    owner = strike("s1e", "s1", "The Silver Heron was hit by a projectile in the Red Sea, its operator confirmed; "
                   "the crew are safe.", place=None, admin1=None, country=None, attacker=None, day="2026-08-04")
    # Alike wording, another ship: a second attack that day.
    other = strike("s2e", "s2", "The rebels' spokesman said their naval units targeted the tanker Blue Marlin "
                   "with missiles and an explosive boat.", place=None, admin1=None, country=None,
                   attacker="Houthis", day="2026-08-04")
    one_batch_each(con, arts, (claim, owner, other))
    clusters = _clusters(con)
    assert clusters["s0e"] == clusters["s1e"] != clusters["s2e"]


def test_an_affiliation_names_nobody_but_a_named_affiliate_keeps_its_name() -> None:
    from transform.cluster import actor_keys, settings

    # "al-Qaeda-linked militants" says whose ally, not who: no veto against "JNIM" ...
    assert actor_keys("al-Qaeda-linked militants", settings()) is None
    # ... while a group named after its affiliation keeps its own name, and a backer is never the actor.
    assert same("IS-linked ADF rebels", "ADF") and not same("IS-linked ADF rebels", "JNIM")
    assert same("Iran-backed Houthi rebels", "Houthis") and not same("Iran-backed Houthi rebels", "Iran")
    # A General Staff is its state's military, like a defence ministry.
    assert same("Ukraine's General Staff", "Ukraine") and not same("Ukraine's General Staff", "Russia")


def test_a_countryless_tally_joins_the_nights_tally_by_its_figure_but_a_countryless_toll_does_not(con: Any) -> None:
    arts = [article(f"u{i}", f"Tally {i}.", f"2027-03-05T0{5 + i}:00:00+00:00", f"o{i}.example") for i in range(5)]
    events = [strike("c0", "u0", "Russia attacked Ukraine overnight with 74 drones, 58 of them downed, officials said.",
                     place=None, admin1=None, day="2027-03-05", drones_launched=74),
              # The same night in the air force's own words, no country named: the figure ties it ...
              strike("c1", "u1", "The enemy attacked with 74 strike UAVs overnight; air defence neutralised 58.",
                     place=None, admin1=None, country=None, attacker=None, day="2027-03-05", drones_launched=74),
              # ... but not another figure, and not a small toll shared with a placeless strike of the day.
              strike("c2", "u2", "The enemy attacked with 81 strike UAVs overnight; air defence neutralised 63.",
                     place=None, admin1=None, country=None, attacker=None, day="2027-03-05", drones_launched=81),
              strike("c3", "u3", "Two people died when a drone hit a car in the south, officials said.",
                     place=None, admin1=None, day="2027-03-05", killed=2),
              strike("c4", "u4", "A drone attack on a farm killed two workers, rescuers reported.",
                     place=None, admin1=None, country=None, attacker=None, day="2027-03-05", killed=2)]  # fmt: skip
    one_batch_each(con, arts, events)
    clusters = _clusters(con)
    assert clusters["c0"] == clusters["c1"]
    assert len({clusters["c0"], clusters["c2"], clusters["c3"], clusters["c4"]}) == 4


def test_a_truce_accepted_with_either_mediator_named_is_one_but_talks_with_a_mediator_are_not(con: Any) -> None:
    arts = [article(f"h{i}", f"Truce {i}.", "2027-05-08T13:00:00+00:00", f"o{i}.example") for i in range(3)]
    accepted = dict(_talks("k0", "h0", ["Rapid Support Forces", "Quad"], None, None), event_date="2027-05-08",
                    evidence="The RSF said it accepted the Quad's proposal for a humanitarian truce.")
    wire = dict(_talks("k1", "h1", ["RSF", "United States"], None, None), event_date="2027-05-08",
                evidence="Sudan's paramilitaries agreed to a U.S.-backed three-month ceasefire.")
    # Another side's truce that day, with the same mediator, is another truce ...
    other = dict(_talks("k2", "h2", ["Sudanese army", "United States"], None, None), event_date="2027-05-08",
                 evidence="The army agreed to a U.S.-backed ceasefire in Kordofan.")
    load_and_cluster(con, arts[:3], [accepted, wire, other])
    # ... and talks with a mediator at the table are their own format, not the truce it brokered.
    talks = dict(_talks("k3", "h3", ["RSF", "Quad"], None, None), event_date="2027-05-20",
                 evidence="RSF envoys met Quad officials for talks on the truce.")
    truce = dict(_talks("k4", "h4", ["RSF", "African Union"], None, None), event_date="2027-05-20",
                 evidence="The RSF accepted a truce proposed by the African Union.")
    load_and_cluster(con, [article("h3", "Talks.", "2027-05-20T13:00:00+00:00", "o3.example"),
                           article("h4", "AU truce.", "2027-05-20T14:00:00+00:00", "o4.example")], [talks])
    load_and_cluster(con, [], [truce])
    clusters = _clusters(con)
    assert clusters["k0"] == clusters["k1"]
    assert len({clusters["k0"], clusters["k2"]}) == 2
    assert clusters["k3"] != clusters["k4"]


def _abroad(eid: str, aid: str, evidence: str, place: str | None, country: str, day: str = "2026-07-08",
            **extra: Any) -> dict[str, Any]:
    return strike(eid, aid, evidence, place=place, admin1=extra.pop("admin1", place), country=country, day=day,
                  attacker=extra.pop("attacker", "Israel"), **extra)


def test_a_country_only_report_joins_its_countrys_only_strike_of_the_day_but_not_one_of_two(con: Any) -> None:
    arts = [article(f"g{i}", f"Report {i}.", f"2026-07-08T{8 + i:02d}:00:00+00:00", f"o{i}.example") for i in range(7)]
    load_and_cluster(con, arts[:3], [
        _abroad("tent", "g0", "An Israeli drone struck a tent in al-Mawasi west of Khan Younis, killing four.",
                "Khan Younis", "Palestine", killed=4),
        _abroad("tyre", "g1", "An Israeli drone struck a car near Tyre, killing two.", "Tyre", "Lebanon", killed=2),
        _abroad("bint", "g2", "A drone hit a motorcycle in Bint Jbeil, killing one man.", "Bint Jbeil", "Lebanon",
                killed=1)])  # fmt: skip
    load_and_cluster(con, arts[3:], [
        # The wire's words and toll differ, but Gaza had one strike that day ...
        _abroad("wire", "g3", "An Israeli drone strike on a tent camp in southern Gaza killed six people.", None,
                "Palestine", killed=6),
        # ... while southern Lebanon had two: which one is not said.
        _abroad("south", "g4", "The army said it killed a Hezbollah operative in southern Lebanon.", None, "Lebanon"),
        # Another country's report, and a report of the day before, join nothing.
        _abroad("iraq", "g5", "A drone hit a gas field in northern Iraq.", None, "Iraq", attacker=None),
        _abroad("eve", "g6", "An Israeli drone struck a tent camp in southern Gaza.", None, "Palestine",
                day="2026-07-07")])  # fmt: skip
    clusters = _clusters(con)
    assert clusters["wire"] == clusters["tent"]
    assert len({clusters[e] for e in ("tyre", "bint", "south", "iraq", "eve", "tent")}) == 6


def test_an_attack_on_a_ship_joins_the_port_named_report_but_not_a_strike_ashore(con: Any) -> None:
    arts = [article(f"m{i}", f"Sea {i}.", f"2026-07-28T{9 + 2 * i:02d}:00:00+00:00", f"o{i}.example")
            for i in range(3)]
    agency = strike("m0e", "m0", "A merchant vessel was attacked by drones 55 nautical miles west of Hodeidah.",
                    place="Hodeidah", admin1="Hodeidah Governorate", country="Yemen", attacker=None, day="2026-07-28")
    # At sea: no town and no country, other words; the ship is the tie.
    claim = strike("m1e", "m1", "The Houthis said they attacked a Liberia-flagged bulk carrier in the Red Sea.",
                   place=None, admin1=None, country=None, attacker="Houthis", day="2026-07-28")
    # No ship: a drone launched at a city that day is another attack.
    ashore = strike("m2e", "m2", "The Houthis said they launched drones at vital targets in the south.",
                    place=None, admin1=None, country=None, attacker="Houthis", day="2026-07-28")
    one_batch_each(con, arts, (agency, claim, ashore))
    clusters = _clusters(con)
    assert clusters["m0e"] == clusters["m1e"] != clusters["m2e"]


def test_two_attacks_on_ships_of_one_day_leave_an_unnamed_ship_report_alone(con: Any) -> None:
    arts = [article(f"n{i}", f"Sea {i}.", f"2026-07-30T{9 + 2 * i:02d}:00:00+00:00", f"o{i}.example")
            for i in range(3)]
    events = [strike("n0e", "n0", "A container ship was hit by a drone 90 nautical miles east of Aden.",
                     place="Aden", admin1="Aden Governorate", country="Yemen", attacker=None, day="2026-07-30"),
              strike("n1e", "n1", "A tanker reported an explosion nearby, 40 nautical miles west of Mokha.",
                     place="Mokha", admin1="Taiz Governorate", country="Yemen", attacker=None, day="2026-07-30"),
              strike("n2e", "n2", "The Houthis said they targeted a ship with drones on Thursday.",
                     place=None, admin1=None, country=None, attacker="Houthis", day="2026-07-30")]  # fmt: skip
    load_and_cluster(con, arts[:2], events[:2])
    load_and_cluster(con, arts[2:], events[2:])
    assert len(set(_clusters(con).values())) == 3


def test_a_placeless_toll_still_joins_its_strike_beside_another_strike_of_the_country(con: Any) -> None:
    # A second strike of the day makes a country-only tie ambiguous, not a toll tie: the toll names its strike.
    arts = [article(f"t{i}", f"Report {i}.", "2026-03-12T08:00:00+00:00", f"o{i}.example") for i in range(3)]
    load_and_cluster(con, arts[:2], [
        strike("port", "t0", "Drones struck the port of Odesa; two people were killed.", place="Odesa",
               admin1="Odesa Oblast", day="2026-03-12", killed=2),
        strike("berth", "t1", "A berth in Chornomorsk was damaged in a drone attack.", place="Chornomorsk",
               admin1="Odesa Oblast", day="2026-03-12")])  # fmt: skip
    load_and_cluster(con, arts[2:], [_brief("brief", "t2", 2)])
    clusters = _clusters(con)
    assert clusters["brief"] == clusters["port"] != clusters["berth"]


def _venueless(eid: str, aid: str, evidence: str, country: str, parties: list[str]) -> dict[str, Any]:
    return {"id": eid, "article_id": aid, "type": "negotiation", "evidence": evidence, "place": None,
            "admin1": None, "country": country, "event_date": "2025-12-19", "date_precision": "day",
            "attacker": None, "parties": parties, "killed": None}


def test_one_exchange_told_where_each_side_received_its_men_but_talks_in_two_countries_stay_two(con: Any) -> None:
    arts = [article(f"x{i}", f"Swap {i}.", f"2025-12-19T{10 + i:02d}:00:00+00:00", f"o{i}.example") for i in range(4)]
    events = [_venueless("kyiv", "x0", "Ukraine brought home 150 defenders in a prisoner exchange on Friday.",
                         "Ukraine", ["Ukraine", "Russia"]),
              _venueless("mod", "x1", "150 Russian servicemen were returned in an exchange and are now in Belarus.",
                         "Belarus", ["Russia", "Ukraine"]),
              # Talks, not a handover: a country named is where they met, so two countries are two meetings.
              _venueless("talks1", "x2", "Ukrainian and Russian delegations met for talks in Turkey on Friday.",
                         "Turkey", ["Ukraine", "Russia"]),
              _venueless("talks2", "x3", "Russian and Ukrainian negotiators held talks in Saudi Arabia on Friday.",
                         "Saudi Arabia", ["Russia", "Ukraine"])]  # fmt: skip
    one_batch_each(con, arts, events)
    clusters = _clusters(con)
    assert clusters["kyiv"] == clusters["mod"]
    assert len({clusters["kyiv"], clusters["talks1"], clusters["talks2"]}) == 3


def test_a_village_placed_in_or_beside_a_town_joins_the_towns_report_of_the_same_scene_only(con: Any) -> None:
    # The town's reports do not put their strike at its edge; the village's report places its
    # village by the town ("in the Bilopillia community", "just south of", "between ... and") and
    # tells the same scene (a minibus; the same toll). A second target near the town, told
    # differently (a warehouse beside flats), stays apart however it is placed.
    arts = [article(f"v{i}", f"Report {i}.", f"2026-10-20T{6 + i:02d}:00:00+00:00", f"o{i}.example") for i in range(7)]
    towns = [strike("bus", "v0", "A Russian FPV drone hit a minibus carrying civilians in Bilopillia, killing three.",
                    place="Bilopillia", admin1="Sumy Oblast", day="2026-10-20", killed=3),
             strike("tyre", "v1", "An Israeli drone struck a car near the port city on Wednesday, killing one man.",
                    place="Tyre", admin1="South Governorate", country="Lebanon", attacker="Israel",
                    day="2026-10-20", killed=1),
             strike("flats", "v2", "Russian drones struck apartment blocks in Kyiv overnight, killing four.",
                    place="Kyiv", admin1="Kyiv Oblast", day="2026-10-20", killed=4)]
    villages = [strike("vill", "v3", "Four people were killed when a drone struck a minibus near the village of "
                       "Mykolaivka in the Bilopillia community.", place="Mykolaivka", admin1="Sumy Oblast",
                       day="2026-10-20", killed=4),
                strike("road", "v4", "A drone targeted a vehicle on the road between Burj al-Shemali and Tyre, "
                       "killing its driver.", place="Burj al-Shemali", admin1="South Governorate", country="Lebanon",
                       attacker=None, day="2026-10-20", killed=1),
                strike("depot", "v5", "Drones set a logistics warehouse ablaze in Brovary, just east of Kyiv, "
                       "overnight.", place="Brovary", admin1="Kyiv Oblast", day="2026-10-20"),
                # Another village of the community, another scene: not the minibus.
                strike("farm", "v6", "A drone dropped a munition on a tractor in Pavlivka in the Bilopillia "
                       "community, wounding the driver.", place="Pavlivka", admin1="Sumy Oblast", day="2026-10-20",
                       injured=1)]  # fmt: skip
    load_and_cluster(con, arts[:3], towns)
    one_batch_each(con, arts[3:], villages)
    clusters = _clusters(con)
    assert clusters["vill"] == clusters["bus"] and clusters["road"] == clusters["tyre"]
    assert clusters["depot"] != clusters["flats"] and clusters["farm"] not in (clusters["bus"], clusters["vill"])


def test_an_attack_under_way_this_evening_is_not_the_one_reported_this_morning(con: Any) -> None:
    # Reports fetched before noon tell the night or the morning; a live report that evening, dated
    # that day, tells a later attack, even dated by its publication ...
    arts = [article(f"s{i}", f"Report {i}.", ts, f"o{i}.example") for i, ts in enumerate(
        ["2026-11-14T07:45:00+00:00", "2026-11-14T19:20:00+00:00", "2026-11-14T21:10:00+00:00",
         "2026-11-14T18:30:00+00:00", "2026-11-14T20:00:00+00:00"])]
    morning = strike("am", "s0", "Russian drones struck a tram depot in Kharkiv, wounding three workers.",
                     place="Kharkiv", admin1="Kharkiv Oblast", day="2026-11-14", injured=3)
    live = strike("live", "s1", "A drone has hit a high-rise apartment building in Kharkiv, the mayor says.",
                  place="Kharkiv", admin1="Kharkiv Oblast", day="2026-11-14", date_precision="publication")
    again = strike("again", "s2", "Russian forces attacked Kharkiv with drones for the second time on Saturday.",
                   place="Kharkiv", admin1="Kharkiv Oblast", day="2026-11-14")
    # ... while that evening's follow-ups of the morning's strike, told in the past or with its toll, join it.
    update = strike("upd", "s3", "Three workers were wounded when a drone hit a municipal depot in Kharkiv on "
                    "Saturday, the governor said.", place="Kharkiv", admin1="Kharkiv Oblast", day="2026-11-14")
    toll = strike("toll", "s4", "Later, officials said the drone that has hit the depot in Kharkiv wounded three.",
                  place="Kharkiv", admin1="Kharkiv Oblast", day="2026-11-14", injured=3)
    load_and_cluster(con, arts[:1], [morning])
    one_batch_each(con, arts[3:], (update, toll))
    one_batch_each(con, arts[1:3], (live, again))
    clusters = _clusters(con)
    assert clusters["am"] == clusters["upd"] == clusters["toll"]
    assert clusters["live"] == clusters["again"] != clusters["am"]


def test_reports_naming_other_weekdays_or_a_further_attack_are_other_days_unless_one_tells_a_night(
        con: Any) -> None:
    arts = [article(f"d{i}", f"Report {i}.", ts, f"o{i}.example") for i, ts in enumerate(
        ["2027-04-14T08:40:00+00:00", "2027-04-15T08:00:00+00:00", "2027-04-14T10:40:00+00:00",
         "2027-04-15T12:00:00+00:00", "2027-03-18T21:30:00+00:00", "2027-03-19T06:50:00+00:00",
         "2027-03-19T07:30:00+00:00"])]
    # One template, one district, "Wednesday morning" / "Thursday morning": two days ...
    wed = strike("wed", "d0", "A Russian drone dropped explosives on a municipal bus in Kherson's Dniprovskyi "
                 "district on Wednesday morning, wounding the driver, the governor said.", place="Kherson",
                 admin1="Kherson Oblast", day="2027-04-14")
    thu = strike("thu", "d1", "A Russian drone dropped explosives on a municipal bus in Kherson's Dniprovskyi "
                 "district on Thursday morning, wounding the driver, the governor said.", place="Kherson",
                 admin1="Kherson Oblast", day="2027-04-15")
    # ... and "for the second day in a row" is not the day before's strike, though its toll is the same.
    tyre = strike("tyre", "d2", "An Israeli drone strike on a car near Tyre killed one person.", place="Tyre",
                  admin1="South Governorate", country="Lebanon", attacker="Israel", day="2027-04-14", killed=1)
    again = strike("again", "d3", "For the second day in a row, an Israeli drone strike near Tyre killed a man.",
                   place="Tyre", admin1="South Governorate", country="Lebanon", attacker="Israel", day="2027-04-15",
                   date_precision="publication", killed=1)
    # One night told "late on Thursday" and "overnight ... officials said on Friday", and a second
    # straight night reported the next morning: the night joins both ways.
    live = strike("live", "d4", "Air defences destroyed 12 drones flying towards Moscow late on Thursday.",
                  place="Moscow", admin1="Moscow City", country="Russia", attacker="Ukraine", day="2027-03-18")
    straight = strike("straight", "d5", "Ukraine targeted Moscow with drones for a second straight night, officials "
                      "said on Friday, with 12 shot down.", place="Moscow", admin1="Moscow City", country="Russia",
                      attacker="Ukraine", day="2027-03-19")
    friday = strike("fri", "d6", "Drones flew at Moscow overnight, officials said on Friday; there was no damage.",
                    place="Moscow", admin1="Moscow City", country="Russia", attacker="Ukraine", day="2027-03-19")
    one_batch_each(con, arts, (wed, thu, tyre, again, live, straight, friday))
    clusters = _clusters(con)
    assert clusters["wed"] != clusters["thu"] and clusters["tyre"] != clusters["again"]
    assert clusters["live"] == clusters["straight"] == clusters["fri"]


def test_a_signing_is_not_the_talks_of_other_days_but_joins_its_own_days_reports(con: Any) -> None:
    arts = [article(f"g{i}", f"Doha {i}.", f"2027-{ts}:00+00:00", f"o{i}.example") for i, ts in enumerate(
        ("09-29T15:00", "09-30T15:00", "10-02T15:00", "10-02T17:00", "10-03T06:00"))]
    sides = ["DRC government", "AFC/M23"]

    def doha(eid: str, aid: str, day: str, evidence: str, **extra: Any) -> dict[str, Any]:
        return dict(_talks(eid, aid, sides, "Doha", "Qatar"), event_date=day, evidence=evidence, **extra)

    thursday = doha("thu", "g0", "2027-09-30", "Negotiators for Kinshasa and the AFC/M23 held talks in Doha on "
                    "Thursday on the final text of the agreement.")
    friday = doha("fri", "g1", "2027-10-01", "The talks in Doha continued on Friday behind closed doors.")
    signed = doha("sig", "g2", "2027-10-02", "The Congolese government and the AFC/M23 signed a framework "
                  "agreement for peace in Doha on Saturday.")
    signatures = doha("sig2", "g3", "2027-10-02", "Kinshasa and the rebels put their signatures to a framework "
                      "accord in the Qatari capital on Saturday, ending the latest round.")
    # Dated only by its publication: it may be the signing's day, and joins it.
    readout = dict(doha("pub", "g4", "2027-10-03", "Kinshasa and the rebels agreed in Doha to a framework for "
                        "peace, the foreign ministry said.", date_precision="publication"), place=None)
    one_batch_each(con, arts, (thursday, friday, signed, signatures, readout))
    clusters = _clusters(con)
    assert clusters["thu"] == clusters["fri"] != clusters["sig"]
    assert clusters["sig"] == clusters["sig2"] == clusters["pub"]


def test_a_town_beside_a_city_shares_a_scene_by_what_was_hit_not_by_how_much(con: Any) -> None:
    arts = [article(f"h{i}", f"Report {i}.", f"2027-10-{22 + i // 2}T{5 + i:02d}:00:00+00:00", f"o{i}.example")
            for i in range(4)]
    # "several districts" and "several houses" tell no common scene ...
    city = strike("city", "h0", "Kharkiv is under a massive attack by drones, with explosions heard in several "
                  "districts.", place="Kharkiv", admin1="Kharkiv Oblast", day="2027-10-22")
    town = strike("town", "h1", "In Chuhuiv, south-east of Kharkiv, drones damaged several houses overnight.",
                  place="Chuhuiv", admin1="Kharkiv Oblast", day="2027-10-22")
    # ... a kindergarten does.
    school = strike("school", "h2", "Drones damaged a kindergarten and several houses in Kharkiv overnight.",
                    place="Kharkiv", admin1="Kharkiv Oblast", day="2027-10-23")
    edge = strike("edge", "h3", "In Rohan, just east of Kharkiv, a drone hit a kindergarten overnight.",
                  place="Rohan", admin1="Kharkiv Oblast", day="2027-10-23")
    one_batch_each(con, arts, (city, town, school, edge))
    clusters = _clusters(con)
    assert clusters["city"] != clusters["town"] and clusters["school"] == clusters["edge"]


def test_a_region_only_report_joins_the_town_whose_scene_it_tells_when_the_region_had_two(con: Any) -> None:
    arts = [article(f"o{i}", f"Report {i}.", f"2027-02-{10 + i // 3}T{5 + i:02d}:00:00+00:00", f"o{i}.example")
            for i in range(5)]
    port = strike("port", "o0", "Russian attack drones damaged a grain terminal in Izmail overnight, the Odesa "
                  "regional administration said.", place="Izmail", admin1="Odesa Oblast", day="2027-02-10")
    grid = strike("grid", "o1", "A drone hit a power substation in Bilhorod-Dnistrovskyi overnight.",
                  place="Bilhorod-Dnistrovskyi", admin1="Odesa Oblast", day="2027-02-10")
    # Two towns of the region that night: the substation tells which (not the region both name,
    # nor the words the region's statements share).
    region = strike("region", "o2", "Russian attack drones struck the Odesa region overnight, hitting a power "
                    "substation, the regional administration said.", place=None, admin1="Odesa Oblast",
                    day="2027-02-10")
    # One town of the region that night: the region-only report is its, whatever it tells.
    refinery = strike("refinery", "o3", "Russian drones hit the Kremenchuk oil refinery overnight.",
                      place="Kremenchuk", admin1="Poltava Oblast", day="2027-02-11")
    vague = strike("vague", "o4", "An industrial site in the Poltava region was set ablaze in a night-time drone "
                   "attack, authorities said.", place=None, admin1="Poltava Oblast", day="2027-02-11")
    one_batch_each(con, arts, (port, grid, region, refinery, vague))
    clusters = _clusters(con)
    assert clusters["region"] == clusters["grid"] != clusters["port"]
    assert clusters["vague"] == clusters["refinery"]


def test_a_copys_extra_paragraph_about_another_town_does_not_follow_its_original(con: Any) -> None:
    original = article("wo", "Sumy region.", "2025-12-09T08:40:00+00:00", "wire.example")
    copy = article("wc", "Sumy region, with a local paragraph.", "2025-12-09T10:30:00+00:00", "local.example",
                   duplicate_of="wo", duplicate_kind="near", similarity=0.85)
    town = article("wt", "Shostka.", "2025-12-09T05:00:00+00:00", "town.example")
    text = "Tens of thousands of households in northern Sumy region lost power after drones hit a substation."
    # The original's region-only report joined the town's (Shostka) report of that night.
    load_and_cluster(con, [town], [strike("wt-e", "wt", "Russian drones struck an energy facility in Shostka "
                                          "overnight, cutting power.", place="Shostka", admin1="Sumy Oblast",
                                          day="2025-12-09")])
    load_and_cluster(con, [original], [strike("wo-e", "wo", text, place=None, admin1="Sumy Oblast", day="2025-12-09")])
    load_and_cluster(con, [copy], [
        # The original's paragraph follows it, even dated otherwise by the copy ...
        strike("wc-e", "wc", text, place=None, admin1="Sumy Oblast", day="2025-12-11"),
        # ... the copy's own paragraph about a town is another strike.
        strike("wc-k", "wc", "Separately, a drone hit a grain elevator on the outskirts of Konotop late on Monday.",
               place="Konotop", admin1="Sumy Oblast", day="2025-12-08")])  # fmt: skip
    clusters = _clusters(con)
    assert clusters["wc-e"] == clusters["wo-e"] == clusters["wt-e"] != clusters["wc-k"]


def test_attacks_at_sea_in_other_seas_or_on_other_kinds_of_ship_stay_apart(con: Any) -> None:
    arts = [article(f"s{i}", f"Shipping {i}.", f"2027-05-10T0{6 + i}:00:00+00:00", f"o{i}.example") for i in range(4)]

    def at_sea(eid: str, aid: str, text: str) -> dict[str, Any]:
        return strike(eid, aid, text, place=None, admin1=None, country="Yemen", attacker="Houthis", day="2027-05-10")

    bulk = at_sea("bulk", "s0", "Houthi drones attacked a Liberian-flagged bulk carrier in the Red Sea on Monday.")
    # Another sea the same day: another attack, though both are at sea off Yemen ...
    aden = at_sea("aden", "s1", "A container ship was struck by a drone in the Gulf of Aden on Monday.")
    # ... while a claim naming only "the vessel" and its sea is the first attack ...
    claim = at_sea("claim", "s2", "The Houthis said they had attacked the vessel in the Red Sea with drones.")
    # ... and another kind of ship in the same sea is another attack.
    tanker = at_sea("tanker", "s3", "An oil tanker reported a drone exploding beside it in the Red Sea on Monday.")
    one_batch_each(con, arts, (bulk, aden, claim, tanker))
    clusters = _clusters(con)
    assert clusters["claim"] == clusters["bulk"]
    assert len({clusters["bulk"], clusters["aden"], clusters["tanker"]}) == 3


def test_an_evening_strike_is_not_the_one_reported_at_midday_but_its_evening_update_is(con: Any) -> None:
    # A strike reported by 12:30 UTC happened by then; a report fetched that evening of a strike "on
    # Thursday evening" in the same city is a second strike ...
    arts = [article(f"k{i}", f"Report {i}.", ts, f"o{i}.example") for i, ts in enumerate(
        ["2027-09-02T12:30:00+00:00", "2027-09-02T19:00:00+00:00", "2027-09-02T18:00:00+00:00"])]
    noon = strike("noon", "k0", "Four people were killed when an Israeli drone struck a tent in Khan Younis on "
                  "Thursday, hospital officials said.", place="Khan Younis", admin1="Khan Younis Governorate",
                  day="2027-09-02", killed=4)
    evening = strike("eve", "k1", "An Israeli drone strike on Thursday evening killed two people in the eastern "
                     "part of Khan Younis, medics said.", place="Khan Younis", admin1="Khan Younis Governorate",
                     day="2027-09-02", killed=2)
    # ... while an evening follow-up of the midday strike, told in the past, joins it.
    update = strike("upd", "k2", "The four people killed by a drone in a tent in Khan Younis on Thursday were "
                    "from one family, relatives said.", place="Khan Younis", admin1="Khan Younis Governorate",
                    day="2027-09-02", killed=4)
    one_batch_each(con, arts, (noon, evening, update))
    clusters = _clusters(con)
    assert clusters["upd"] == clusters["noon"] != clusters["eve"]


def test_two_districts_of_one_city_are_two_strikes_but_a_raid_on_several_districts_is_one(con: Any) -> None:
    # An evening strike on one district and the after-midnight raid on another, both dated that day ...
    arts = [article(f"z{i}", f"Report {i}.", ts, f"o{i}.example") for i, ts in enumerate(
        ["2027-05-20T16:10:00+00:00", "2027-05-20T21:40:00+00:00", "2027-05-21T04:00:00+00:00"])]
    kw = {"place": "Kharkiv", "admin1": "Kharkiv Oblast", "day": "2027-05-20"}
    evening = strike("ev", "z0", "Drones hit a petrol station in Kharkiv's Slobidskyi district, injuring two "
                     "people, officials said.", **kw)
    night = strike("nt", "z1", "Explosions rocked Kharkiv as Russian drones hit the city's Osnovianskyi "
                   "district, the mayor said.", **kw)
    # ... while a report of the raid naming that district among others joins the raid.
    morning = strike("mo", "z2", "Russian drones struck the Osnovianskyi and Kyivskyi districts of Kharkiv, "
                     "damaging a shopping centre, the mayor said.", **kw)
    one_batch_each(con, arts, (evening, night, morning))
    clusters = _clusters(con)
    assert clusters["nt"] == clusters["mo"] != clusters["ev"]


def test_districts_named_reads_lists_and_spelling_variants() -> None:
    from transform.cluster import districts_named

    assert districts_named("the Darnytskyi and Solomianskyi districts") == districts_named(
        "Solomianskyi, Darnytskyi districts")
    assert districts_named("a depot in the Saltivka district") == districts_named("Kharkiv's Saltivskyi district")
    assert districts_named("the Northern District police said") == frozenset()


def test_strikes_on_opposite_sides_of_one_town_stay_apart_but_one_side_named_twice_joins(con: Any) -> None:
    kw = {"place": "Khan Younis", "admin1": "Khan Younis Governorate"}
    arts = [article(f"s{i}", f"Report {i}.", ts, f"o{i}.example") for i, ts in enumerate(
        ["2026-04-03T08:40:00+00:00", "2026-04-04T12:10:00+00:00", "2026-04-03T11:00:00+00:00"])]
    # A tent west of the town, dated by publication, and a crowd east of it the next day: two strikes ...
    west = strike("we", "s0", "An Israeli drone strike on a tent in al-Mawasi, west of Khan Younis, killed three "
                  "people, the civil defence said.", day="2026-04-03", date_precision="publication", killed=3, **kw)
    east = strike("ea", "s1", "Two men died on Saturday after a quadcopter opened fire on a crowd waiting for "
                  "flour at a distribution site east of Khan Younis, hospital staff said.", day="2026-04-04",
                  killed=2, **kw)
    # ... while another outlet's report of the western strike ("north-west": west in common) joins it.
    again = strike("ag", "s2", "Three people died when a drone hit a tent north-west of Khan Younis, medics said.",
                   day="2026-04-03", killed=3, **kw)
    one_batch_each(con, arts, (west, east, again))
    clusters = _clusters(con)
    assert clusters["we"] == clusters["ag"] != clusters["ea"]


def test_a_strike_late_on_its_day_is_not_the_one_reported_before_that_evening(con: Any) -> None:
    # Kyiv hit overnight into Thursday, reported at dawn; debris falling "late on Thursday", reported on
    # Friday and dated Thursday, is the next night's attack ...
    kw = {"place": "Kyiv", "admin1": "Kyiv City", "day": "2026-12-03"}
    arts = [article(f"d{i}", f"Report {i}.", ts, f"o{i}.example") for i, ts in enumerate(
        ["2026-12-03T05:40:00+00:00", "2026-12-04T07:10:00+00:00", "2026-12-04T10:30:00+00:00"])]
    night = strike("nt", "d0", "Russian drones and missiles struck Kyiv overnight, killing four people and "
                   "setting fire to apartment blocks, the mayor said.", killed=4, **kw)
    # ... while Friday's report of the night's toll by Thursday evening (when it was said) joins the night.
    toll = strike("tl", "d1", "The toll from the overnight strike on Kyiv rose to seven on Thursday evening as "
                  "rescuers searched the apartment blocks, officials said.", killed=7, **kw)
    late = strike("lt", "d2", "Debris from a downed Shahed fell on a residential building in Kyiv late on "
                  "Thursday, lightly injuring two people, city officials said.", **kw)
    one_batch_each(con, arts, (night, toll, late))
    clusters = _clusters(con)
    assert clusters["tl"] == clusters["nt"] != clusters["lt"]


def test_after_dark_reads_the_evening_of_the_reports_own_day_only() -> None:
    from datetime import date

    from transform.cluster import after_dark

    thursday = date(2026, 12, 3)
    assert after_dark("Debris fell on a building in Kyiv late on Thursday.", thursday)
    assert after_dark("Drones hit an energy facility in Odesa this evening.", thursday)
    assert not after_dark("Drones attacked Kyiv late on Wednesday.", thursday)  # the night ran into Thursday
    assert not after_dark("The toll from the overnight strike rose on Thursday evening.", thursday)
    assert not after_dark("A drone hit a bus on Thursday afternoon.", thursday)


def test_a_region_only_report_joins_the_town_telling_more_of_its_scene(con: Any) -> None:
    arts = [article(f"u{i}", f"Report {i}.", f"2026-09-10T{4 + i:02d}:30:00+00:00", f"o{i}.example")
            for i in range(4)]
    kw = {"admin1": "Odesa Oblast", "day": "2026-09-10"}
    city = strike("city", "u0", "Russian drones attacked port infrastructure in Odesa overnight, setting a grain "
                  "terminal on fire and killing two people, the regional governor said.", place="Odesa",
                  killed=2, **kw)
    danube = strike("izmail", "u1", "In Izmail, drones damaged a ferry terminal of the port; no one was injured.",
                    place="Izmail", **kw)
    # Both towns' reports share "terminal" with it; the ferry terminal tells which ...
    ports = strike("ports", "u2", "Russian drones attacked the Danube ports in the south of the Odesa region "
                   "overnight, damaging a ferry terminal, local authorities said.", place=None, **kw)
    # ... and the grain terminal and the toll tell the city's.
    grain = strike("grain", "u3", "Drones set a grain terminal on fire in the Odesa region overnight, killing "
                   "two people, the governor said.", place=None, killed=2, **kw)
    one_batch_each(con, arts, (city, danube, ports, grain))
    clusters = _clusters(con)
    assert clusters["ports"] == clusters["izmail"] != clusters["city"]
    assert clusters["grain"] == clusters["city"]


def test_a_shipping_deal_and_an_energy_truce_of_one_day_are_two_agreements(con: Any) -> None:
    def deal(eid: str, aid: str, evidence: str) -> dict[str, Any]:
        return {"id": eid, "article_id": aid, "type": "negotiation", "evidence": evidence, "place": None,
                "admin1": None, "country": None, "event_date": "2027-04-13", "date_precision": "publication",
                "attacker": None, "parties": ["Russia", "Ukraine", "United States"], "killed": None}

    arts = [article(f"b{i}", f"Report {i}.", f"2027-04-13T{18 + i}:00:00+00:00", f"o{i}.example") for i in range(3)]
    energy = deal("energy", "b0", "Russia and Ukraine agreed to a 30-day halt to strikes on each other's energy "
                  "facilities, the Kremlin said.")
    sea = deal("sea", "b1", "Washington announced agreements with Moscow and Kyiv to guarantee safe shipping "
               "and to bar the use of commercial vessels for military purposes in the Black Sea.")
    # Another outlet's report of the shipping deal joins it.
    sea2 = deal("sea2", "b2", "The White House said Russia and Ukraine had agreed to ensure safe navigation in "
                "the Black Sea.")
    one_batch_each(con, arts, (energy, sea, sea2))
    clusters = _clusters(con)
    assert clusters["sea2"] == clusters["sea"] != clusters["energy"]


def test_capitals_and_demonyms_of_more_states_name_the_same_sides_at_one_round(con: Any) -> None:
    """Day 1 of Istanbul talks between "Pakistan and the Afghan Taliban", day 2 between "Islamabad
    and Kabul": one round. Another pair of sides at the same venue on day 2 stays apart."""
    assert same("Islamabad", "Pakistan") and same("the Afghan Taliban", "Kabul")
    assert not same("Kabul", "Islamabad") and not same("Pakistani forces", "Indian army")
    arts = [article(f"pk{i}", f"Istanbul {i}.", f"2027-10-2{5 + i}T16:00:00+00:00", f"o{i}.example") for i in range(3)]
    events = [
        _talks("pk0e", "pk0", ["Pakistan", "Afghan Taliban", "Turkey", "Qatar"], "Istanbul", "Turkey"),
        _talks("pk1e", "pk1", ["Islamabad", "Kabul"], "Istanbul", "Turkey"),
        _talks("pk2e", "pk2", ["Armenia", "Azerbaijan"], "Istanbul", "Turkey"),
    ]
    for event, day in zip(events, ("2027-10-25", "2027-10-26", "2027-10-26"), strict=True):
        event["event_date"] = day
    one_batch_each(con, arts, events)
    clusters = _clusters(con)
    assert clusters["pk0e"] == clusters["pk1e"] != clusters["pk2e"]


def test_an_exchange_told_without_sides_joins_its_days_exchange_by_the_figure_only(con: Any) -> None:
    """Next-day recap "Friday's swap of 157 prisoners each" (no sides, no venue) joins Friday's
    exchange of 157 in a later batch; a recap with another figure, and a sideless truce report
    sharing a "30", stay apart."""
    pair = ["Russia", "Ukraine"]
    first = [article("x0", "Swap.", "2026-03-13T12:00:00+00:00", "o0.example"),
             article("x1", "Truce.", "2026-03-13T13:00:00+00:00", "o1.example")]
    swap = dict(_talks("x0e", "x0", pair, None, None), event_date="2026-03-13",
                evidence="Russia and Ukraine swapped 157 prisoners of war each on Friday after 30 days of talks.")
    truce = dict(_talks("x1e", "x1", ["Russia"], None, None), event_date="2026-03-13",
                 evidence="Moscow proposed a 30-day truce on energy strikes on Friday.")
    load_and_cluster(con, first, [swap, truce])
    later = [article("x2", "Recap.", "2026-03-16T09:00:00+00:00", "o2.example"),
             article("x3", "Other recap.", "2026-03-16T09:10:00+00:00", "o3.example"),
             article("x4", "Truce recap.", "2026-03-16T09:20:00+00:00", "o4.example")]
    recap = dict(_talks("x2e", "x2", [], None, None), event_date="2026-03-13",
                 evidence="Friday's swap of 157 prisoners each brought this year's total of freed men above 1,000.")
    other = dict(_talks("x3e", "x3", [], None, None), event_date="2026-03-13",
                 evidence="Friday's exchange of 84 prisoners each was the second this month.")
    truce_recap = dict(_talks("x4e", "x4", [], None, None), event_date="2026-03-13",
                       evidence="A 30-day pause on strikes at power plants was proposed on Friday.")
    load_and_cluster(con, later, [recap, other, truce_recap])
    clusters = _clusters(con)
    assert clusters["x2e"] == clusters["x0e"]
    assert clusters["x3e"] not in (clusters["x0e"], clusters["x1e"])
    assert clusters["x4e"] != clusters["x0e"]


def test_two_steps_read_from_one_sentence_are_one_round_but_a_recounted_step_is_not(con: Any) -> None:
    """"Talks in Istanbul ended with an agreement to swap 500 each": the tagger's talks_held and
    prisoner_exchange of that sentence share one cluster (docs/EVENT_IDENTITY.md, convention 1).
    "Friday's swap was the second this month, after 185 were exchanged earlier": two exchanges of one
    sentence on other dates stay two."""
    pair = ["Russia", "Ukraine"]
    arts = [article("s0", "Round.", "2027-04-14T19:40:00+00:00", "wire.example"),
            article("s1", "Recap.", "2027-11-28T10:00:00+00:00", "brief.example")]
    said = "Talks in Istanbul between Kyiv and Moscow ended on Wednesday with an agreement to swap 500 each."
    talks = dict(_talks("s0t", "s0", pair, "Istanbul", "Turkey"), event_date="2027-04-14", evidence=said,
                 subtype="talks_held")
    swap = dict(_talks("s0x", "s0", pair, "Istanbul", "Turkey"), event_date="2027-04-14", evidence=said,
                subtype="prisoner_exchange")
    recap = "Friday's swap was the second this month, after 185 prisoners each were exchanged earlier in November."
    friday = dict(_talks("s1a", "s1", pair, None, None), event_date="2027-11-26", evidence=recap)
    earlier = dict(_talks("s1b", "s1", pair, None, None), event_date="2027-11-01", evidence=recap,
                   date_precision="month")
    load_and_cluster(con, arts, [talks, swap, friday, earlier])
    clusters = _clusters(con)
    assert clusters["s0t"] == clusters["s0x"]
    assert clusters["s1a"] != clusters["s1b"]


def test_an_overnight_raid_and_that_afternoons_strike_on_one_city_stay_two(con: Any) -> None:
    """"Drones hit Zaporizhzhia overnight" and "missiles and drones struck it on Monday afternoon",
    both dated Monday: two strikes. "Before dawn on Monday" is the overnight raid, and a toll that
    "rose to six overnight" names no time of the attack it updates."""
    arts = [article(f"z{i}", f"Report {i}.", ts, f"o{i}.example") for i, ts in enumerate(
        ["2027-03-01T05:30:00+00:00", "2027-03-01T07:00:00+00:00", "2027-03-01T14:40:00+00:00",
         "2027-03-02T06:00:00+00:00"])]
    night = strike("z0e", "z0", "Russian attack drones hit Zaporizhzhia overnight, cutting power to thousands.",
                   place="Zaporizhzhia", day="2027-03-01")
    dawn = strike("z1e", "z1", "Shahed drones struck infrastructure in Zaporizhzhia before dawn on Monday.",
                  place="Zaporizhzhia", day="2027-03-01")
    afternoon = strike("z2e", "z2", "Missiles and drones struck a Zaporizhzhia shopping centre on Monday afternoon.",
                       place="Zaporizhzhia", day="2027-03-01")
    toll = strike("z3e", "z3", "The toll from Monday's strike on a Zaporizhzhia shopping centre rose to six overnight.",
                  place="Zaporizhzhia", day="2027-03-01")
    one_batch_each(con, arts, (night, dawn, afternoon, toll))
    clusters = _clusters(con)
    assert clusters["z0e"] == clusters["z1e"] != clusters["z2e"]
    assert clusters["z3e"] == clusters["z2e"]


def test_a_ship_placed_off_a_port_is_in_that_ports_sea(con: Any) -> None:
    """A bulk carrier attacked "off Hodeidah" is in the Red Sea: a ship targeted in the Gulf of Aden
    that day, with no place of its own, is another attack, while a report "60 nautical miles west of
    Hodeidah" joins the first."""
    arts = [article(f"h{i}", f"Sea {i}.", f"2027-08-09T{14 + i:02d}:00:00+00:00", f"o{i}.example")
            for i in range(3)]
    kw = {"admin1": "Hodeidah Governorate", "country": "Yemen", "attacker": "Houthis", "day": "2027-08-09"}
    first = strike("h0e", "h0", "The Houthis attacked a Liberian-flagged bulk carrier off Hodeidah with drones "
                   "on Monday, a maritime agency said.", place="Hodeidah", **kw)
    same = strike("h1e", "h1", "A merchant vessel was hit by a drone about 60 nautical miles west of Hodeidah on "
                  "Monday.", place="Hodeidah", **kw)
    gulf = strike("h2e", "h2", "Another ship was targeted by two drones in the Gulf of Aden on Monday but was "
                  "not hit.", place=None, admin1=None, country=None, attacker=None, day="2027-08-09")
    one_batch_each(con, arts, (first, same, gulf))
    clusters = _clusters(con)
    assert clusters["h0e"] == clusters["h1e"] != clusters["h2e"]


def test_beiruts_southern_suburbs_by_their_own_names_are_beirut(con: Any) -> None:
    """"A flat in Dahiyeh" and "an apartment in Beirut's southern suburbs" (resolved to Beirut) on one
    day are one strike; a car hit in Nabatieh that day stays apart."""
    arts = [article(f"b{i}", f"Lebanon {i}.", f"2027-09-22T{12 + i:02d}:00:00+00:00", f"o{i}.example")
            for i in range(3)]
    kw = {"country": "Lebanon", "attacker": "Israel", "day": "2027-09-22"}
    suburbs = strike("b0e", "b0", "An Israeli drone strike hit an apartment in Beirut's southern suburbs on "
                     "Wednesday.", place="Beirut", admin1="Beirut Governorate", **kw)
    dahiyeh = strike("b1e", "b1", "An Israeli drone targeted a flat in Dahiyeh, south of Beirut, on Wednesday.",
                     place="Dahiyeh", admin1="Mount Lebanon Governorate", **kw)
    south = strike("b2e", "b2", "An Israeli drone strike on a car in Nabatieh killed two people on Wednesday.",
                   place="Nabatieh", admin1="Nabatieh Governorate", **kw)
    one_batch_each(con, arts, (suburbs, dahiyeh, south))
    clusters = _clusters(con)
    assert clusters["b0e"] == clusters["b1e"] != clusters["b2e"]


def test_a_reply_to_a_memorandum_is_a_step_of_its_own_without_a_venue(con: Any) -> None:
    """Venue-less reports of one day between the same sides: the receipt of a reply to a memorandum,
    then a swap deal told twice, then a truce. The reply names a step (a written position), so the
    swap does not join it and the truce joins neither; the two swap reports stay together."""
    pair = ["Russia", "Ukraine"]
    arts = [article(f"r{i}", f"Report {i}.", f"2027-10-12T{8 + 2 * i:02d}:30:00+00:00", f"o{i}.example")
            for i in range(4)]
    texts = ["The Russian side has received Kyiv's response to the memorandum presented in Istanbul.",
             "Russia and Ukraine agreed on Tuesday to exchange 300 prisoners of war each before the winter.",
             "Moscow and Kyiv have reached an agreement on a new exchange of prisoners on a 300-for-300 basis.",
             "Russia and Ukraine announced on Tuesday a 72-hour truce near the nuclear plant for repairs."]
    events = [dict(_talks(f"r{i}e", f"r{i}", pair, None, None), event_date="2027-10-12", evidence=text)
              for i, text in enumerate(texts)]
    one_batch_each(con, arts, events)
    clusters = _clusters(con)
    assert clusters["r1e"] == clusters["r2e"]
    assert len({clusters["r0e"], clusters["r1e"], clusters["r3e"]}) == 3


def test_a_night_across_midnight_does_not_absorb_the_next_afternoons_strike(con: Any) -> None:
    """"Late on Monday" (live) and "overnight" on Tuesday morning are one night's raid, dated to both
    days; a strike on Tuesday afternoon is another attack, while the toll update of the night joins it."""
    arts = [article(f"n{i}", f"Report {i}.", ts, f"o{i}.example") for i, ts in enumerate(
        ["2028-03-13T21:20:00+00:00", "2028-03-14T05:15:00+00:00", "2028-03-14T13:40:00+00:00",
         "2028-03-14T15:00:00+00:00"])]
    kw = {"place": "Zaporizhzhia", "admin1": "Zaporizhzhia Oblast"}
    live = strike("n0e", "n0", "Russian drones struck an infrastructure facility in Zaporizhzhia late on Monday.",
                  day="2028-03-13", **kw)
    morning = strike("n1e", "n1", "Overnight, Russian drones attacked Zaporizhzhia, injuring a 52-year-old woman.",
                     day="2028-03-14", **kw)
    afternoon = strike("n2e", "n2", "Russian drones struck Zaporizhzhia again on Tuesday afternoon, hitting a bus "
                       "depot.", day="2028-03-14", **kw)
    toll = strike("n3e", "n3", "The number injured in the attack on Zaporizhzhia during the night has reached three.",
                  day="2028-03-14", **kw)
    one_batch_each(con, arts, (live, morning, afternoon, toll))
    clusters = _clusters(con)
    assert clusters["n0e"] == clusters["n1e"] == clusters["n3e"] != clusters["n2e"]


def test_an_outcome_agreed_without_a_venue_on_the_rounds_day_is_the_round(con: Any) -> None:
    """Istanbul talks, then "Russia and Ukraine agreed on Friday to swap 1,200 each" (no venue): one
    round. "The two countries swapped 205 prisoners at the border on Friday" (carried out, no venue)
    is another event."""
    pair = ["Russia", "Ukraine"]
    arts = [article(f"v{i}", f"Report {i}.", f"2027-06-11T{12 + 2 * i:02d}:00:00+00:00", f"o{i}.example")
            for i in range(3)]
    talks = dict(_talks("v0e", "v0", pair, "Istanbul", "Turkey"), event_date="2027-06-11",
                 evidence="Russian and Ukrainian delegations met for talks in Istanbul on Friday.")
    deal = dict(_talks("v1e", "v1", pair, None, None), event_date="2027-06-11",
                evidence="Russia and Ukraine agreed on Friday to swap 1,200 prisoners of war each.")
    border = dict(_talks("v2e", "v2", pair, None, None), event_date="2027-06-11",
                  evidence="The two countries swapped 205 prisoners of war each at the border on Friday.")
    one_batch_each(con, arts, (talks, deal, border))
    clusters = _clusters(con)
    assert clusters["v0e"] == clusters["v1e"] != clusters["v2e"]


def _tally_night(con: Any, towns: list[str]) -> dict[str, str]:
    """The air force's tally at dawn, then each town's report, then a batch the next afternoon."""
    return _night(con, "Russia", [(town, "Russia", f"A drone crashed into a warehouse in {town} overnight.", "Ukraine")
                                  for town in towns],
                  prefix="tn", tally="Russia launched 64 attack drones at Ukraine overnight; air defences downed 51.",
                  tally_source="airforce.example", first_hour=5, hour_step=1)


def test_a_nights_tally_joins_its_one_struck_town_once_the_night_is_settled(con: Any) -> None:
    """docs/EVENT_IDENTITY.md convention 2: the tally and Lutsk, the night's one place hit, are one
    event, counted once in daily_event_counts."""
    clusters = _tally_night(con, ["Lutsk"])
    assert clusters["tn0e"] == clusters["tn1e"]
    (events,) = con.execute("SELECT events FROM daily_event_counts WHERE day = DATE '2028-06-04'").fetchone()
    assert events == 1
    (n_articles,) = con.execute("SELECT n_articles FROM event_clusters WHERE id = ?", [clusters["tn1e"]]).fetchone()
    assert n_articles == 2
    (stored,) = con.execute("SELECT cluster_id FROM events WHERE id = 'tn0e'").fetchone()
    assert stored == clusters["tn1e"]  # the events table follows its members


def test_a_nights_tally_with_two_struck_towns_stays_its_own_event(con: Any) -> None:
    """The tally came first and Lutsk first after it, but Rivne was hit too: the tally cannot be
    pinned to either (it used to stay in Lutsk's cluster)."""
    clusters = _tally_night(con, ["Lutsk", "Rivne"])
    assert len({clusters["tn0e"], clusters["tn1e"], clusters["tn2e"]}) == 3


def test_an_outcome_agreed_without_a_venue_joins_a_round_reported_after_it(con: Any) -> None:
    """The same round as in the test above, the other way round: the venue-less deal is stored first."""
    pair = ["Russia", "Ukraine"]
    arts = [article(f"w{i}", f"Report {i}.", f"2027-06-11T{12 + 2 * i:02d}:00:00+00:00", f"o{i}.example")
            for i in range(2)]
    deal = dict(_talks("w0e", "w0", pair, None, None), event_date="2027-06-11",
                evidence="Russia and Ukraine agreed on Friday to swap 1,200 prisoners of war each.")
    talks = dict(_talks("w1e", "w1", pair, "Istanbul", "Turkey"), event_date="2027-06-11",
                 evidence="Russian and Ukrainian delegations met for talks in Istanbul on Friday.")
    one_batch_each(con, arts, (deal, talks))
    clusters = _clusters(con)
    assert clusters["w0e"] == clusters["w1e"]


def _night(con: Any, tally_attacker: str, places: list[tuple[str, str, str, str]], *, prefix: str = "nt",
           tally: str = "Air defences destroyed 43 drones over several regions overnight.",
           tally_source: str = "mod.example", first_hour: int = 6, hour_step: int = 3) -> dict[str, str]:
    """A tally at dawn, then (town, attacker, evidence, country) reports, then a load the next afternoon."""
    arts = [article(f"{prefix}0", "Tally.", "2028-06-04T05:30:00+00:00", tally_source)]
    events = [dict(strike(f"{prefix}0e", f"{prefix}0", tally, place=None, admin1=None, day="2028-06-04"),
                   attacker=tally_attacker)]
    for i, (town, attacker, evidence, country) in enumerate(places, 1):
        arts.append(article(f"{prefix}{i}", f"{town}.", f"2028-06-04T{first_hour + hour_step * i:02d}:15:00+00:00",
                            f"o{i}.example"))
        events.append(dict(strike(f"{prefix}{i}e", f"{prefix}{i}", evidence, place=town, admin1=f"{town} Oblast",
                                  day="2028-06-04"), attacker=attacker, country=country))
    one_batch_each(con, arts, events)
    load_and_cluster(con, [article(f"{prefix}9", "Later.", "2028-06-05T13:00:00+00:00", "o9.example")],
                     [strike(f"{prefix}9e", f"{prefix}9", "A drone hit a depot in Kherson on Thursday afternoon.",
                             place="Kherson", admin1="Kherson Oblast", day="2028-06-05")])
    return _clusters(con)


def test_a_tally_never_folds_into_that_afternoons_strike_but_into_the_nights_place(con: Any) -> None:
    clusters = _night(con, "Russia", [
        ("Lutsk", "Russia", "A drone hit a warehouse in Lutsk overnight.", "Ukraine"),
        ("Kharkiv", "Russia", "A drone struck a bus depot in Kharkiv on Thursday afternoon.", "Ukraine")])
    assert clusters["nt0e"] == clusters["nt1e"] != clusters["nt2e"]


def test_a_tally_never_folds_into_the_other_sides_strike(con: Any) -> None:
    """A tally of the drones one side launched, and a town of the same country hit that night by the
    other side (as in occupied Donetsk): not the tally's night, so no fold."""
    clusters = _night(con, "Ukraine", [
        ("Donetsk", "Russia", "A drone hit a market in Donetsk overnight, the local authorities said.", "Ukraine")])
    assert clusters["nt0e"] != clusters["nt1e"]


def test_a_tally_folds_by_the_batch_clock_in_utc_and_after_a_reprocess(con: Any) -> None:
    """The settle cutoff is taken in UTC whatever offset the clock carries; a tally whose reports were
    seen long ago (as after a reprocess) folds when asked from its date on (``since``)."""
    from datetime import UTC, date, datetime, timedelta, timezone

    from transform.cluster import bind_settled_tallies, settings

    arts = [article("r0", "Tally.", "2028-06-04T05:30:00+00:00", "af.example"),
            article("r1", "Lutsk.", "2028-06-04T06:30:00+00:00", "o1.example")]
    events = [strike("r0e", "r0", "Russia launched 64 attack drones at Ukraine overnight.", place=None, admin1=None,
                     day="2028-06-04"),
              strike("r1e", "r1", "A drone hit a warehouse in Lutsk overnight.", place="Lutsk", admin1="Volyn Oblast",
                     day="2028-06-04")]
    load_and_cluster(con, arts, events)  # one batch: both touched, nothing folds yet
    clusters = _clusters(con)
    assert clusters["r0e"] != clusters["r1e"]
    cfg = settings()
    # 11:30 UTC on the 5th is 35.5 h after the 4th began: not settled, though it is the 5th 14:30 at +03:00.
    assert bind_settled_tallies(con, datetime(2028, 6, 5, 14, 30, tzinfo=timezone(timedelta(hours=3))), cfg) == 0
    later = datetime(2028, 7, 30, tzinfo=UTC)  # long after: its reports were seen outside the window
    assert bind_settled_tallies(con, later, cfg) == 0
    assert bind_settled_tallies(con, later, cfg, since=date(2028, 6, 1)) == 1
    clusters = _clusters(con)
    assert clusters["r0e"] == clusters["r1e"]
