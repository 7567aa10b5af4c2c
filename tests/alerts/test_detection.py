"""Detection, cooldown and coverage flags on a real DuckDB file."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, timedelta

from tests.alerts.conftest import NOW, TODAY, add_cluster, add_day, add_history
from transform.alerts import cooldown_allows, detect_spikes, evaluate_window, record_alerts, window_threshold


def test_zero_to_two_is_not_a_spike(con, cfg, coverage):
    add_cluster(con, "old", TODAY - timedelta(days=40), admin1="Sumy Oblast")  # the pipeline existed
    add_day(con, 2)
    assert detect_spikes(con, NOW, cfg) == []


def test_two_a_day_to_twelve_is_a_spike_with_evidence(con, cfg, coverage):
    add_history(con, 2)
    add_day(con, 12)
    candidates = detect_spikes(con, NOW, cfg)
    by_series = {c["series"]: c for c in candidates}
    assert set(by_series) == {"type:drone_strike", "region:drone_strike:Kharkiv Oblast"}
    spike = by_series["type:drone_strike"]
    assert spike["observed"] == 12
    assert 1.5 < spike["expected"] < 2.6
    assert spike["p_value"] < 1e-4
    assert spike["window_days"] == 1
    assert spike["window_start"].date() == TODAY
    assert spike["low_confidence"] is False
    top = spike["top_clusters"]
    assert len(top) == cfg["message"]["top_clusters"]
    assert top[0]["n_sources"] == 4  # most widely reported first
    assert top[0]["headline"].startswith("Overnight attack") and top[0]["link"].startswith("https://")
    assert top[0]["outlet"] == "news.example.org" and "drones reached" in top[0]["evidence"]


def test_steady_history_gives_no_alert(con, cfg, coverage):
    add_history(con, 3)
    add_day(con, 3)
    assert detect_spikes(con, NOW, cfg) == []


def test_negotiation_threads_are_separate_series(con, cfg, coverage):
    add_cluster(con, "old", TODAY - timedelta(days=40), event_type="negotiation", admin1=None)
    talks = {"event_type": "negotiation", "admin1": None, "country": "Turkey", "place": "Istanbul"}
    add_history(con, 1, parties=["Ukraine", "Russia"], **talks)
    add_day(con, 8, parties=["Russia", "Ukraine", "United States"], tag="new-thread", **talks)
    series = {c["series"] for c in detect_spikes(con, NOW, cfg)}
    assert "thread:negotiation:russia+ukraine+united states" in series
    assert "thread:negotiation:russia+ukraine" not in series


def test_rerun_of_the_same_window_records_nothing_new(con, cfg, coverage):
    add_history(con, 2)
    add_day(con, 12)
    first = record_alerts(con, detect_spikes(con, NOW, cfg), cfg)
    assert {a["series"] for a in first} == {"type:drone_strike", "region:drone_strike:Kharkiv Oblast"}
    assert record_alerts(con, detect_spikes(con, NOW, cfg), cfg) == []
    # Later the same day two more reports: same spike, not an escalation.
    add_day(con, 2, tag="late")
    assert record_alerts(con, detect_spikes(con, NOW + timedelta(hours=2), cfg), cfg) == []
    # The next day is still high but not higher: the cooldown holds it back.
    add_day(con, 12, day=TODAY + timedelta(days=1), tag="next")
    assert record_alerts(con, detect_spikes(con, NOW + timedelta(days=1), cfg), cfg) == []
    assert con.execute("SELECT count(*) FROM alerts").fetchall()[0][0] == 2


def test_escalation_alerts_again(con, cfg, coverage):
    add_history(con, 2)
    add_day(con, 12)
    assert record_alerts(con, detect_spikes(con, NOW, cfg), cfg)
    add_day(con, 30, tag="escalation")
    again = record_alerts(con, detect_spikes(con, NOW + timedelta(hours=3), cfg), cfg)
    assert {a["observed"] for a in again} == {42}


def test_broken_coverage_flags_but_keeps_the_alert(con, cfg, coverage):
    add_history(con, 2)
    add_day(con, 12)
    coverage["healthy"] = False
    coverage["reasons"] = ["feed kyiv-wire: 0 of 4 fetches succeeded"]
    stored = record_alerts(con, detect_spikes(con, NOW, cfg), cfg)
    assert stored and all(a["low_confidence"] for a in stored)
    row = con.execute("SELECT low_confidence, coverage FROM alerts WHERE series = 'type:drone_strike'").fetchall()[0]
    assert row[0] is True
    reasons = json.loads(row[1])["reasons"]
    assert "window: feed kyiv-wire: 0 of 4 fetches succeeded" in reasons
    assert any(start.date() == TODAY for start, _ in coverage["calls"])


def test_coverage_that_cannot_be_measured_is_not_healthy(con, cfg, coverage, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("feed_fetches is empty")

    monkeypatch.setattr(sys.modules["transform.coverage"], "coverage_health", broken)
    add_history(con, 2)
    add_day(con, 12)
    candidates = detect_spikes(con, NOW, cfg)
    assert candidates and all(c["low_confidence"] for c in candidates)
    assert "feed_fetches is empty" in candidates[0]["low_confidence_reasons"][0]


def test_overdispersed_baseline_uses_negative_binomial(cfg):
    det = cfg["detection"]
    days = [date(2026, 1, 5) + timedelta(days=i) for i in range(28)]
    bursty = [0, 9, 0, 0, 1, 0, 0, 0, 0, 0, 8, 0, 0, 2, 7, 0, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 9, 0]
    steady = [2, 3, 2, 2, 3, 2, 2] * 4
    wide = evaluate_window(days, bursty, [date(2026, 2, 2)], 10, det)
    narrow = evaluate_window(days, steady, [date(2026, 2, 2)], 10, det)
    assert wide.method == "negbin" and narrow.method == "poisson"
    assert wide.p_value > narrow.p_value


def test_cooldown_per_day_escalation(cfg):
    d = date(2026, 3, 1)
    alerted = [(d, d, 20.0)]  # a 1-day alert with 20 extra clusters
    seven_days = (d - timedelta(days=3), d + timedelta(days=3))
    assert not cooldown_allows(*seven_days, 25.0, alerted, cfg["cooldown"])  # same spike, longer window
    assert not cooldown_allows(d + timedelta(days=2), d + timedelta(days=2), 22.0, alerted, cfg["cooldown"])
    assert cooldown_allows(d + timedelta(days=2), d + timedelta(days=2), 35.0, alerted, cfg["cooldown"])
    assert cooldown_allows(d + timedelta(days=20), d + timedelta(days=20), 5.0, alerted, cfg["cooldown"])


def _rule(cfg, **detection):
    """A copy of the config with some detection or cooldown keys changed (the shipped file is not touched)."""
    out = {**cfg, "detection": {**cfg["detection"]}, "cooldown": {**cfg["cooldown"]}}
    for key, value in detection.items():
        section = "cooldown" if key in cfg["cooldown"] else "detection"
        out[section][key] = value
    return out


def test_longer_windows_get_proportionally_larger_thresholds(cfg):
    det = cfg["detection"]
    one, seven = window_threshold(1, det), window_threshold(7, det)
    assert one == det["p_threshold"] / len(det["windows_days"])
    assert seven == 7 * one
    flat = _rule(cfg, scale_threshold_with_window=False)["detection"]
    assert window_threshold(7, flat) == window_threshold(1, flat) == one


def test_slow_seven_day_rise_in_a_quiet_series_is_caught_on_its_last_days(con, cfg, coverage):
    # One cluster a day for five weeks, then two a day for a week: no single day, nor three days,
    # is surprising; the week is, and only the 7-day window with its own threshold sees it.
    rise_start = TODAY - timedelta(days=6)
    add_history(con, 1, days=35, end=rise_start)
    for k in range(7):
        add_day(con, 2, day=rise_start + timedelta(days=k), tag=f"rise{k}")
    early = datetime.combine(rise_start + timedelta(days=3), NOW.timetz())
    assert detect_spikes(con, early, cfg) == []  # day 4 of the rise: not yet significant
    found = {c["series"]: c for c in detect_spikes(con, NOW, cfg)}
    spike = found["type:drone_strike"]
    assert spike["window_days"] == 7 and spike["observed"] >= 13
    assert spike["window_end"].date() - timedelta(days=1) >= rise_start  # fires while the rise is on
    # The old rule (the same threshold for every window length) misses it.
    assert detect_spikes(con, NOW, _rule(cfg, scale_threshold_with_window=False)) == []


def test_false_alarm_does_not_hide_a_sustained_rise_after_a_lull(con, cfg, coverage):
    blip = TODAY - timedelta(days=11)
    rise_start = TODAY - timedelta(days=6)
    add_history(con, 1, days=45, end=rise_start)  # one a day, also on the quiet days after the blip
    add_day(con, 6, day=blip, tag="blip")
    first = record_alerts(con, detect_spikes(con, datetime.combine(blip, NOW.timetz()), cfg), cfg)
    assert {a["window_days"] for a in first} == {1}
    for k in range(7):
        add_day(con, 3, day=rise_start + timedelta(days=k), tag=f"rise{k}")
    # Without the lull test the blip (more excess per day) would hold the week back.
    strict = _rule(cfg, quiet_days=0)
    week = detect_spikes(con, NOW, strict)
    assert week and record_alerts(con, week, strict) == []
    again = record_alerts(con, detect_spikes(con, NOW, cfg), cfg)
    assert "type:drone_strike" in {a["series"] for a in again}
    assert all(a["window_start"].date() >= rise_start - timedelta(days=1) for a in again)
    # One spike alerts once: the next run, same week, sends nothing new.
    later = NOW + timedelta(hours=3)
    rerun = detect_spikes(con, later, cfg)
    assert rerun and record_alerts(con, rerun, cfg) == []


def test_new_episode_needs_a_lull_between_the_alerts(cfg):
    cd = cfg["cooldown"]
    blip = date(2026, 3, 1)
    alerted = [(blip, blip, 5.0)]  # a 1-day alert, 5 clusters over expected
    start, end = blip + timedelta(days=5), blip + timedelta(days=11)  # a week, 4 days after it
    excess = 14.0  # 2 a day: less per day than the blip, so never "sharper"
    assert cooldown_allows(start, end, excess, alerted, cd, [1, 1, 1, 1, 1, 1, 1], 1.0)
    # Still elevated in between: the same episode going on, held back.
    assert not cooldown_allows(start, end, excess, alerted, cd, [1, 1, 1, 4, 5, 4, 4], 1.0)
    # Right after the blip there is no lull to speak of.
    assert not cooldown_allows(blip + timedelta(days=1), end, excess, alerted, cd, [1] * 7, 1.0)
    # Without the counts the test cannot be made: held back, as before.
    assert not cooldown_allows(start, end, excess, alerted, cd)


def test_top_clusters_of_a_series_spanning_regions_are_the_most_reported(con, cfg, coverage):
    # Counted per region and day in SQL, the type series' list is merged from each group's best:
    # it must still be the overall most widely reported clusters, in order.
    add_history(con, 1, admin1="Kharkiv Oblast")
    add_history(con, 1, admin1="Sumy Oblast")
    for i in range(8):
        add_cluster(con, f"k{i}", TODAY, admin1="Kharkiv Oblast", n_sources=1 + i % 3)
        add_cluster(con, f"s{i}", TODAY, admin1="Sumy Oblast", n_sources=2 + i % 4)
    spike = {c["series"]: c for c in detect_spikes(con, NOW, cfg)}["type:drone_strike"]
    expected = con.execute(
        "SELECT id FROM event_clusters WHERE event_date = ? ORDER BY n_sources DESC, n_articles DESC, first_seen, id "
        "LIMIT ?",
        [TODAY, cfg["message"]["top_clusters"]],
    ).fetchall()
    assert [c["cluster_id"] for c in spike["top_clusters"]] == [r[0] for r in expected]
    assert len(spike["cluster_ids"]) == 16
