"""Which stored clusters a new batch reads: only those some event can match, selected in SQL.

Why these tests: ``_load_recent`` no longer lists the whole date window in Python; it joins the
batch's (type, day, place) keys against ``event_clusters``. Place keys are computed in Python
(case folding, "Oblast" suffixes, aliases), events without a place match through evidence text, and a
copy follows its original wherever that sits in the window. Each path must still find the cluster a
full scan would have found, across two loads (the stored history, then the new batch).
"""

from __future__ import annotations

from typing import Any

from dedupe_helpers import article, load_and_cluster, strike

from transform import cluster
from transform.cluster import profile_of, settings

DAY = "2025-03-10"
TEXT = "Russian drones struck an oil depot near the river port overnight, regional officials reported."


def _event(eid: str, aid: str, place: str | None, day: str = DAY, evidence: str = TEXT, **extra: Any) -> dict:
    return strike(eid, aid, evidence, place, day, **extra)


_load = load_and_cluster


def _cluster_of(con: Any, event_id: str) -> str:
    return con.execute("SELECT cluster_id FROM events WHERE id = ?", [event_id]).fetchall()[0][0]


def _art(aid: str, hour: int, source: str, **extra: Any) -> dict:
    return article(aid, f"Report {aid} about a strike on a depot.", f"{DAY}T{hour:02d}:00:00+00:00", source, **extra)


def test_stored_cluster_found_under_another_spelling_of_its_place(con: Any) -> None:
    # "Odesa Oblast" and "odesa" share one place key only after suffix stripping and case folding.
    _load(con, [_art("s1", 5, "first.example")], [_event("e1", "s1", "Odesa Oblast")])
    _load(con, [_art("s2", 9, "second.example")], [_event("e2", "s2", "odesa")])
    assert _cluster_of(con, "e2") == _cluster_of(con, "e1")
    n = con.execute("SELECT n_articles, n_sources FROM event_clusters WHERE id = ?", [_cluster_of(con, "e1")])
    assert n.fetchall() == [(2, 2)]


def test_placeless_event_joins_by_text_and_only_by_text(con: Any) -> None:
    _load(con, [_art("s1", 5, "first.example")], [_event("e1", "s1", "Izmail")])
    near = _event("e2", "s2", None, evidence=TEXT.replace("overnight", "before dawn"))
    # No country either: a report naming its country joins that country's only cluster of the day
    # (country_match), which is not what this test is about.
    far = _event("e3", "s3", None, evidence="Negotiators met again to discuss a prisoner exchange schedule.",
                 country=None)
    _load(con, [_art("s2", 9, "second.example"), _art("s3", 10, "third.example")], [near, far])
    assert _cluster_of(con, "e2") == _cluster_of(con, "e1")
    assert _cluster_of(con, "e3") not in {_cluster_of(con, "e1"), None}


def test_copy_follows_its_original_outside_the_date_tolerance(con: Any) -> None:
    # The original's cluster is 4 days from the copy's resolved date: no key bucket reaches it.
    _load(con, [_art("s1", 5, "wire.example")], [_event("e1", "s1", "Kharkiv", day="2025-03-06")])
    copy = _art("s2", 9, "reprint.example", duplicate_of="s1", duplicate_kind="near", similarity=0.9)
    _load(con, [copy], [_event("e2", "s2", "Kharkiv")])
    assert _cluster_of(con, "e2") == _cluster_of(con, "e1")
    indep = con.execute("SELECT independent FROM event_cluster_members WHERE event_id = 'e2'").fetchall()
    assert indep == [(False,)]


def test_selection_keeps_every_matchable_cluster_and_drops_other_places(con: Any) -> None:
    places = ["Kyiv", "Lviv", "Dnipro", None]
    days = ["2025-03-08", "2025-03-09", "2025-03-10", "2025-03-11", "2025-03-12"]
    arts, events, n = [], [], 0
    for place in places:
        for day in days:
            n += 1
            # Each report fetched on its own event day: consecutive nights, each reported that morning.
            arts.append(article(f"s{n}", f"Report s{n} about a strike on a depot.",
                                f"{day}T{1 + n % 20:02d}:00:00+00:00", f"o{n}.example"))
            # Distinct evidence per cluster so that text alone never merges two stored ones, and no
            # country on the placeless ones, which would join a day's only cluster (country_match).
            events.append(_event(f"e{n}", f"s{n}", place, day=day, admin1=None,
                                 evidence=f"Item {n}: {' '.join(f'w{n}x{k}' for k in range(6))}.",
                                 **({} if place else {"country": None})))
    _load(con, arts, events)
    cfg = settings()
    # b2 names no country: it matches through its words only (a country would reach its whole day).
    batch = [_event("b1", "t1", "kyiv"), _event("b2", "t2", None, admin1=None, country=None,
                                                evidence=events[6]["evidence"])]
    profiles = [profile_of(e, cfg) for e in batch]
    tol = int(cfg["date_tolerance_days"])
    lo, hi = cluster._date("2025-03-01"), cluster._date("2025-03-20")
    loaded = cluster._load_recent(con, ["drone_strike"], lo, hi, set(), profiles, tol, cfg)
    got = {c.row["id"] for c in loaded}
    stored = cluster._load_recent(con, ["drone_strike"], lo, hi, set(), [profile_of(dict(e, event_date=None), cfg)
                                                                         for e in batch], tol, cfg)
    assert len(stored) == len(places) * len(days)  # an undated profile still reads the whole window
    matchable = {c.row["id"] for c in stored
                 if any(cluster.match_score(p, c.profile, cfg) is not None for p in profiles)}
    assert matchable <= got
    kept = {(c.row["place"], str(c.row["event_date"])) for c in loaded}
    assert {p for p, _ in kept} <= {"Kyiv", None, "Lviv"}  # Lviv only through b2's shared evidence
    assert ("Kyiv", "2025-03-08") not in kept and ("Kyiv", "2025-03-12") not in kept  # beyond ±1 day
    assert ("Lviv", "2025-03-09") in kept and ("Lviv", "2025-03-10") not in kept
    order = [c.row["id"] for c in stored]
    assert [c.row["id"] for c in loaded] == [cid for cid in order if cid in got]  # table order kept


def test_selection_reaches_whole_days_for_tolls_and_venue_countries(con: Any) -> None:
    # A placeless report with a toll and a venue-less talks report naming the venue's country are
    # compared with their whole day(s): the SQL selection must return every cluster they can match.
    arts, events = [], []
    for n, (place, day, killed) in enumerate([("Odesa", "2025-03-10", 2), ("Sumy", "2025-03-10", 1),
                                              ("Kherson", "2025-03-11", 2), ("Lviv", "2025-03-09", 2)]):
        arts.append(article(f"s{n}", f"Report {n}.", f"{day}T08:00:00+00:00", f"o{n}.example"))
        events.append(_event(f"e{n}", f"s{n}", place, day=day, killed=killed,
                             evidence=f"Item {n}: {' '.join(f'w{n}x{k}' for k in range(6))}."))
    talks = {"id": "t0", "article_id": "s9", "type": "negotiation", "evidence": "Delegations met in Abu Dhabi.",
             "place": "Abu Dhabi", "admin1": None, "country": "United Arab Emirates", "event_date": "2025-03-08",
             "date_precision": "day", "attacker": None, "parties": ["Russia", "Ukraine"], "killed": None}
    arts.append(article("s9", "Talks.", "2025-03-08T18:00:00+00:00", "o9.example"))
    _load(con, arts, [*events, talks])
    cfg = settings()
    batch = [profile_of(_event("b1", "t1", None, admin1=None, killed=2, evidence="Two died in the south."), cfg),
             profile_of(dict(talks, id="b2", place=None, event_date="2025-03-10"), cfg)]
    lo, hi = cluster._date("2025-03-01"), cluster._date("2025-03-20")
    tol = int(cfg["date_tolerance_days"])
    loaded = {c.row["id"] for c in cluster._load_recent(con, ["drone_strike", "negotiation"], lo, hi, set(), batch,
                                                        tol, cfg)}
    every = cluster._load_recent(con, ["drone_strike", "negotiation"], lo, hi, set(),
                                 [profile_of(dict(talks, event_date=None), cfg)], tol, cfg)
    matchable = {c.row["id"] for c in every if any(cluster.match_score(p, c.profile, cfg) is not None for p in batch)}
    # Odesa (toll 2, same day), Sumy (the same day and country: country_match, which assign_clusters
    # takes only while it is the day's one weak candidate) and the Abu Dhabi round.
    assert len(matchable) == 3 and matchable <= loaded


def test_selection_looks_up_the_town_a_report_says_it_lies_outside(con: Any) -> None:
    arts = [article("s1", "One.", f"{DAY}T06:00:00+00:00", "a.example"), article("s2", "Two.", f"{DAY}T07:00:00+00:00",
                                                                               "b.example")]
    _load(con, arts, [_event("e1", "s1", "Chernihiv", admin1="Chernihiv Oblast",
                             evidence="A drone exploded on the northern outskirts of Chernihiv."),
                      _event("e2", "s2", "Lviv", admin1="Lviv Oblast", evidence="A drone hit a depot in Lviv.")])
    cfg = settings()
    batch = [profile_of(_event("b1", "t1", "Kyinka", admin1="Chernihiv Oblast",
                               evidence="A drone struck Kyinka, a village just outside Chernihiv."), cfg)]
    loaded, matchable = _selected_and_matchable(con, batch[0], cfg)
    assert len(matchable) == 1 and matchable <= loaded


def test_selection_reaches_every_day_of_a_placeless_round_up_with_a_figure(con: Any) -> None:
    arts, events = [], []
    for n, day in enumerate(["2025-03-03", "2025-03-17", "2025-03-28"]):
        arts.append(article(f"s{n}", f"Swap {n}.", f"{day}T12:00:00+00:00", f"o{n}.example"))
        events.append({"id": f"e{n}", "article_id": f"s{n}", "type": "negotiation", "place": None, "admin1": None,
                       "country": None, "event_date": day, "date_precision": "day", "attacker": None,
                       "parties": ["Russia", "Ukraine"], "killed": None,
                       "evidence": f"Russia and Ukraine exchanged {150 + n} prisoners each (item {n})."})
    _load(con, arts, events)
    cfg = settings()
    recap = profile_of({"id": "b1", "article_id": "t1", "type": "negotiation", "place": None, "admin1": None,
                        "country": None, "event_date": "2025-03-01", "date_precision": "month", "attacker": None,
                        "parties": ["Russia", "Ukraine"], "killed": None,
                        "evidence": "The month's second swap followed one of 151 prisoners each."}, cfg)
    lo, hi = cluster._date("2025-02-20"), cluster._date("2025-04-10")
    tol = int(cfg["date_tolerance_days"])
    loaded = {c.row["id"] for c in cluster._load_recent(con, ["negotiation"], lo, hi, set(), [recap], tol, cfg)}
    undated = profile_of(dict(events[0], event_date=None), cfg)
    every = cluster._load_recent(con, ["negotiation"], lo, hi, set(), [undated], tol, cfg)
    matchable = {c.row["id"] for c in every if cluster.match_score(recap, c.profile, cfg) is not None}
    assert len(matchable) == 1 and matchable <= loaded


def test_selection_reaches_a_week_announcement_and_the_tally_of_the_night_before(con: Any) -> None:
    week = {"id": "e0", "article_id": "s0", "type": "negotiation", "place": "Istanbul", "admin1": None,
            "country": "Turkey", "event_date": "2025-03-10", "date_precision": "week", "attacker": None,
            "parties": ["Russia", "Ukraine"], "killed": None, "evidence": "Talks in Istanbul next week."}
    tally = _event("e1", "s1", None, day="2025-03-13", admin1=None, drones_launched=142,
                   evidence="Russia launched 142 drones overnight.")
    _load(con, [article("s0", "Week.", "2025-03-07T12:00:00+00:00", "a.example"),
                article("s1", "Tally.", "2025-03-13T06:00:00+00:00", "b.example")], [week, tally])
    cfg = settings()
    batch = [profile_of(dict(week, id="b0", event_date="2025-03-14", date_precision="day"), cfg),
             profile_of(_event("b1", "t1", None, day="2025-03-14", admin1=None, drones_launched=142,
                               evidence="The air force counted 142 drones."), cfg)]
    lo, hi = cluster._date("2025-03-01"), cluster._date("2025-03-20")
    tol = int(cfg["date_tolerance_days"])
    loaded = {c.row["id"] for c in cluster._load_recent(con, ["drone_strike", "negotiation"], lo, hi, set(), batch,
                                                        tol, cfg)}
    undated = profile_of(dict(week, event_date=None), cfg)
    every = cluster._load_recent(con, ["drone_strike", "negotiation"], lo, hi, set(), [undated], tol, cfg)
    matchable = {c.row["id"] for c in every if any(cluster.match_score(p, c.profile, cfg) is not None for p in batch)}
    assert len(matchable) == 2 and matchable <= loaded


def test_selection_reaches_a_cluster_naming_the_ship_of_a_placeless_report(con: Any) -> None:
    # A placeless report sharing fewer than min_shared_content_words words with the cluster, but the
    # name of the ship that cluster's report gives: the SQL selection must return it (and not the other ship's).
    arts = [article("s1", "One.", f"{DAY}T06:00:00+00:00", "a.example"),
            article("s2", "Two.", f"{DAY}T07:00:00+00:00", "b.example")]
    _load(con, arts, [_event("e1", "s1", None, admin1=None, country=None,
                             evidence="Rebels said they struck the freighter Grey Albatross with drones."),
                      _event("e2", "s2", None, admin1=None, country=None,
                             evidence="Rebels said they struck the freighter Lone Petrel with drones.")])
    cfg = settings()
    batch = [profile_of(_event("b1", "t1", None, admin1=None, country=None,
                               evidence="The Grey Albatross limped into port, its manager confirmed."), cfg)]
    loaded, matchable = _selected_and_matchable(con, batch[0], cfg)
    assert len(matchable) == 1 and matchable <= loaded


def test_selection_reaches_the_day_of_a_countryless_tally(con: Any) -> None:
    # A report naming no place, region or country, sharing no words with the night's tally but its
    # figure of launched drones: the SQL selection must return that tally's cluster.
    arts = [article("s1", "One.", f"{DAY}T06:00:00+00:00", "a.example")]
    _load(con, arts, [_event("e1", "s1", None, admin1=None, drones_launched=74,
                             evidence="Item 1: w1x0 w1x1 w1x2 w1x3 w1x4 w1x5.")])
    cfg = settings()
    batch = [profile_of(_event("b1", "t1", None, admin1=None, country=None, attacker=None, drones_launched=74,
                               evidence="The enemy used 74 strike UAVs."), cfg)]
    loaded, matchable = _selected_and_matchable(con, batch[0], cfg)
    assert len(matchable) == 1 and matchable <= loaded


def _selected_and_matchable(con: Any, prof: Any, cfg: dict[str, Any]) -> tuple[set[str], set[str]]:
    """(clusters the SQL selection loads for one drone-strike report, clusters of the whole window
    the Python rules would match it with): the superset guarantee is the second within the first."""
    lo, hi = cluster._date("2025-03-01"), cluster._date("2025-03-20")
    tol = int(cfg["date_tolerance_days"])
    loaded = {c.row["id"] for c in cluster._load_recent(con, ["drone_strike"], lo, hi, set(), [prof], tol, cfg)}
    undated = profile_of(dict(_event("x", "s1", None), event_date=None), cfg)  # reads the whole window
    every = cluster._load_recent(con, ["drone_strike"], lo, hi, set(), [undated], tol, cfg)
    return loaded, {c.row["id"] for c in every if cluster.match_score(prof, c.profile, cfg) is not None}


def test_selection_reaches_the_day_of_a_country_only_report_and_of_an_attack_at_sea(con: Any) -> None:
    # Neither shares words with the cluster it can join (country_match): the SQL selection must still
    # return that cluster, and no other country's or day's.
    arts = [article(f"s{n}", f"Report {n}.", f"{DAY}T0{6 + n}:00:00+00:00", f"o{n}.example") for n in range(3)]
    _load(con, arts, [_event("e0", "s0", "Djibo", admin1="Sahel Region", country="Burkina Faso",
                             evidence="JNIM attacked the army base in Djibo with drones."),
                      _event("e1", "s1", "Hodeidah", admin1="Hodeidah Governorate", country="Yemen", attacker=None,
                             evidence="A merchant vessel was struck west of Hodeidah."),
                      _event("e2", "s2", "Djibo", admin1="Sahel Region", country="Burkina Faso", day="2025-03-12",
                             evidence="Another drone raid on Djibo.")])
    cfg = settings()
    for prof in (profile_of(_event("b1", "t1", None, admin1=None, country="Burkina Faso", attacker=None,
                                   evidence="Fighters hit a military camp in the north."), cfg),
                 profile_of(_event("b2", "t2", None, admin1=None, country=None, attacker="Houthis",
                                   evidence="Rebels said they targeted a bulk carrier."), cfg)):
        loaded, matchable = _selected_and_matchable(con, prof, cfg)
        assert len(matchable) == 1 and matchable <= loaded


def test_selection_looks_up_the_community_and_the_road_ends_a_report_names(con: Any) -> None:
    arts = [article(f"s{n}", f"Report {n}.", f"{DAY}T0{6 + n}:00:00+00:00", f"o{n}.example") for n in range(2)]
    _load(con, arts, [_event("e0", "s0", "Bilopillia", admin1="Sumy Oblast", killed=3,
                             evidence="A drone hit a minibus in Bilopillia, killing three."),
                      _event("e1", "s1", "Tyre", admin1="South Governorate", country="Lebanon", killed=1,
                             evidence="A drone struck a car near the port, killing one.")])
    cfg = settings()
    for prof in (profile_of(_event("b1", "t1", "Mykolaivka", admin1="Sumy Oblast", killed=3,
                                   evidence="A minibus was hit near Mykolaivka in the Bilopillia community."), cfg),
                 profile_of(_event("b2", "t2", "Burj al-Shemali", admin1="South Governorate", country="Lebanon",
                                   killed=1, evidence="A car was hit between Burj al-Shemali and Tyre."), cfg)):
        loaded, matchable = _selected_and_matchable(con, prof, cfg)
        assert len(matchable) == 1 and matchable <= loaded
