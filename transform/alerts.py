"""Spike detection over event clusters, with a cooldown so that one spike alerts once.

The rule (also in docs/ALERTS.md; every number comes from transform/data/alerts.yaml):

1. **What is counted.** Event clusters (one real-world event, however many outlets reported it),
   never raw reports, so syndication and duplicate copies cannot make a spike. A cluster counts on
   its `event_date` (its first-seen day when the date is unknown). Series: per event type
   (`type:drone_strike`), per type x region where region is the oblast (`admin1`) or else the
   country (`region:drone_strike:Kharkiv Oblast`), and for negotiations per thread of talks, keyed by
   the set of parties of the cluster's representative event or else its venue
   (`thread:negotiation:russia+ukraine+united states`).
2. **Windows.** Each run tests windows of `windows_days` days ending with the day of `now`, and also
   windows ending on the `late_report_days` days before (reports dated yesterday arrive today).
3. **Expected count.** A trailing `baseline_days` baseline right before the window. Weekday factors
   from the baseline, shrunk towards 1 by `weekday_prior_events`, turn days into exposure. The daily
   rate has a Gamma(`prior_events` + baseline events, `prior_days` + baseline exposure) posterior, so
   the predictive count of the window is negative binomial: a Poisson whose mean is itself only
   estimated. When the baseline is overdispersed (Pearson dispersion > `overdispersion_threshold`)
   the predictive variance is inflated by that dispersion (negative binomial, method of moments).
4. **Test.** Upper-tail p-value P(X >= observed). A window is a candidate when observed >=
   `min_count`, observed >= `min_ratio` x expected and p <= `p_threshold` / len(`windows_days`),
   times the window length in days when `scale_threshold_with_window` is on (consecutive w-day
   windows share w - 1 days, so a w-day window gets a fresh look only every w days; see
   `window_threshold`). Per series and end day the most significant window length is kept.
5. **Cooldown.** `record_alerts` stores a candidate only if no alert of the same series lies within
   `cooldown.days` of its window, unless it is news: an escalation (its excess per day of window,
   (observed - expected) / window days, is at least `escalation_factor` times the excess per day
   of every alert nearby, and adds at least `min_extra_events` clusters), or a new episode (the
   nearby alert's window ended at least `quiet_days` days before this window starts and the series
   was back nearer its expected level than the alerted one on those days). Alert ids hash
   (series, window, observed), so rerunning the same window inserts nothing.
6. **Coverage.** Candidates are never dropped for bad coverage: when `transform.coverage` says the
   window or the baseline was unhealthy (feeds down, extraction collapsed), the alert is stored with
   `low_confidence = true` and the reasons, because a quiet baseline caused by broken feeds makes an
   ordinary day look like a spike.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import logging
import math
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import yaml

from conflictwatch.config import deep_merge

log = logging.getLogger(__name__)

DEFAULT_CONFIG = Path(__file__).with_name("data") / "alerts.yaml"
CONFIG_ENV = "CONFLICTWATCH_ALERTS_CONFIG"


# ---------------------------------------------------------------------------------------- config


def load_alert_config(path: Path | None = None) -> dict[str, Any]:
    """The shipped alerts.yaml merged with a user file (`path`, else $CONFLICTWATCH_ALERTS_CONFIG)."""
    config = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    user = path or (Path(os.environ[CONFIG_ENV]) if os.environ.get(CONFIG_ENV) else None)
    if user is not None:
        override = yaml.safe_load(Path(user).read_text(encoding="utf-8")) or {}
        if not isinstance(override, dict):
            raise ValueError(f"{user}: an alerts config must be a mapping, got {type(override).__name__}")
        config = deep_merge(config, override)
    return config


# ------------------------------------------------------------------------------------ statistics


def _nb_upper_tail(observed: int, size: float, p: float) -> float:
    """P(X >= observed) for a negative binomial with `size` and success probability `p`."""
    if observed <= 0:
        return 1.0
    from scipy.special import betainc  # scipy ships with great-expectations; heavy, so imported late

    return float(betainc(observed, size, 1.0 - p))


def _poisson_upper_tail(observed: int, mean: float) -> float:
    """P(X >= observed) for a Poisson with a known mean (the limit of the negative binomial)."""
    if observed <= 0:
        return 1.0
    from scipy.special import gammainc

    return float(gammainc(observed, mean))


def weekday_factors(days: Sequence[date], counts: Sequence[int], prior_events: float) -> list[float]:
    """Seven multipliers (Monday first) whose mean over `days` is 1.

    Shrinkage matters: with 28 baseline days each weekday has four samples, and a quiet series would
    otherwise get a "Sunday effect" from one event.
    """
    n = len(days)
    total = float(sum(counts))
    if n == 0 or total == 0:
        return [1.0] * 7
    rate = total / n
    sums = [0.0] * 7
    ndays = [0] * 7
    for day, count in zip(days, counts, strict=True):
        sums[day.weekday()] += count
        ndays[day.weekday()] += 1
    raw = [(sums[w] + prior_events) / (ndays[w] * rate + prior_events) for w in range(7)]
    exposure = sum(raw[day.weekday()] for day in days)
    return [f * n / exposure for f in raw]


@dataclass(frozen=True)
class WindowTest:
    """The outcome of testing one window of one series against its baseline."""

    observed: int
    expected: float
    p_value: float
    method: str  # "poisson" (gamma-Poisson) | "negbin" (overdispersed baseline)
    dispersion: float

    @property
    def ratio(self) -> float:
        return self.observed / self.expected if self.expected > 0 else math.inf

    @property
    def score(self) -> float:
        """-log10(p): how surprising, on a scale that sorts alerts of different series."""
        return -math.log10(max(self.p_value, 1e-300))


def evaluate_window(
    baseline_days: Sequence[date],
    baseline_counts: Sequence[int],
    window_days: Sequence[date],
    observed: int,
    detection: dict[str, Any],
) -> WindowTest:
    """Expected count and upper-tail p-value of `observed` in `window_days` (rule steps 3 and 4)."""
    factors = weekday_factors(baseline_days, baseline_counts, float(detection["weekday_prior_events"]))
    total = float(sum(baseline_counts))
    exposure = float(sum(factors[d.weekday()] for d in baseline_days))
    window_exposure = float(sum(factors[d.weekday()] for d in window_days))
    shape = total + float(detection["prior_events"])
    rate = exposure + float(detection["prior_days"])
    expected = shape * window_exposure / rate

    dispersion = 1.0
    if total > 0 and len(baseline_days) > 1:
        daily = total / exposure
        chi2 = 0.0
        for day, count in zip(baseline_days, baseline_counts, strict=True):
            mu = daily * factors[day.weekday()]
            chi2 += (count - mu) ** 2 / mu
        dispersion = chi2 / (len(baseline_days) - 1)
    overdispersed = dispersion > float(detection["overdispersion_threshold"])
    phi = dispersion if overdispersed else 1.0
    # Variance = overdispersion around the rate + uncertainty of the rate itself (Gamma posterior).
    variance = expected * phi + expected**2 / shape
    if variance <= expected:
        p_value = _poisson_upper_tail(observed, expected)
    else:
        size = expected**2 / (variance - expected)
        p_value = _nb_upper_tail(observed, size, size / (size + expected))
    return WindowTest(observed, expected, p_value, "negbin" if overdispersed else "poisson", dispersion)


def window_threshold(length: int, detection: dict[str, Any]) -> float:
    """Rule step 4: the p-value threshold of a window of `length` days.

    Bonferroni over the window lengths (`p_threshold` / number of lengths), and, with
    `scale_threshold_with_window`, times the window length. Why the scaling is fair: on a quiet
    series, consecutive w-day windows share w - 1 days, so a w-day window gets a fresh,
    independent look only about every w days, and the cooldown turns a run of crossings into one
    alert. A w-times larger threshold then costs about the same number of false alerts per month as
    the 1-day window's, and buys the power that a slow 7-day rise in a quiet series needs.
    """
    scale = int(length) if detection.get("scale_threshold_with_window", False) else 1
    return float(detection["p_threshold"]) * scale / max(1, len(detection["windows_days"]))


def is_candidate(test: WindowTest, detection: dict[str, Any], length: int = 1) -> bool:
    """Rule step 4: enough events, a real relative rise, and a small p-value for its window length."""
    return (
        test.observed >= int(detection["min_count"])
        and test.observed >= float(detection["min_ratio"]) * test.expected
        and test.p_value <= window_threshold(length, detection)
    )


def best_window(
    days: Sequence[date], counts: Sequence[int], end: int, first: int, detection: dict[str, Any]
) -> tuple[WindowTest, int] | None:
    """Rule steps 2-4 for one series and one end day: the most significant candidate window, or None.

    `days`/`counts` are consecutive days of one series; `end` is the index of the window's last day
    and `first` the index of the first day with any history (before it the pipeline did not exist).
    Returns the test and the index of the window's first day. Shared by `detect_spikes` and
    scripts/simulate_alerts.py, so the simulation measures exactly the production rule.
    """
    windows = sorted(int(w) for w in detection["windows_days"])
    baseline_len = int(detection["baseline_days"])
    best: tuple[WindowTest, int] | None = None
    for length in windows:
        start = end - length + 1
        base_start = max(first, start - baseline_len)
        if start - base_start < int(detection["min_history_days"]):
            continue
        result = evaluate_window(
            days[base_start:start],
            counts[base_start:start],
            days[start : end + 1],
            int(sum(counts[start : end + 1])),
            detection,
        )
        if is_candidate(result, detection, length) and (best is None or result.p_value < best[0].p_value):
            best = (result, start)
    return best


def cooldown_allows(
    window_start: date,
    window_end: date,
    excess: float,
    nearby: Iterable[tuple[date, date, float]],
    cooldown: dict[str, Any],
    lead_in: Sequence[int] | None = None,
    expected_per_day: float | None = None,
) -> bool:
    """Rule step 5. `nearby`: (window_start, window_end, excess) of earlier alerts of the series.

    Dates are inclusive day bounds; excess = observed - expected. A candidate within `days` of an
    alert is held back unless, against every such alert, it is news in one of two ways:

    - sharper: its excess per day of window has grown by `escalation_factor`, adding at least
      `min_extra_events` clusters. Per day, because windows of different lengths accumulate
      different excesses: the 7-day window around an alerted 1-day spike holds the same excess and
      is not news, and a 7-day window around a false alarm must not hide a sharp 1-day spike;
    - a new episode: the alert's window ended at least `quiet_days` days before this one starts,
      and on the days in between the series was nearer its expected level than the alerted one
      (`lead_in`: the counts of the days right before `window_start`, oldest first;
      `expected_per_day`: this candidate's expected count per day). A spike that is still going on
      rarely has such a lull; a sustained rise that starts a few quiet days after a 1-day false
      alarm does, and must not be hidden by it (its excess per day is smaller than the blip's, so
      "sharper" alone would hold it back). It must also add at least `min_extra_events` clusters.
      Without `lead_in` this test is not made (held back, as before).
    """
    gap = timedelta(days=int(cooldown["days"]))
    days = (window_end - window_start).days + 1
    factor, extra = float(cooldown["escalation_factor"]), float(cooldown["min_extra_events"])
    quiet_days = int(cooldown.get("quiet_days", 0))

    def news(start: date, end: date, prior: float) -> bool:
        prior_per_day = prior / ((end - start).days + 1)
        if excess / days >= factor * prior_per_day and (excess / days - prior_per_day) * days >= extra:
            return True
        between = (window_start - end).days - 1  # days strictly between the alert and this window
        if quiet_days <= 0 or lead_in is None or expected_per_day is None or between < quiet_days:
            return False
        if between > len(lead_in):
            return False
        lull = expected_per_day + prior_per_day / 2  # nearer the expected level than the alerted one
        return sum(lead_in[len(lead_in) - between :]) <= lull * between and excess >= extra

    return all(
        news(start, end, prior)
        for start, end, prior in nearby
        if start - gap <= window_end and window_start <= end + gap
    )


# ---------------------------------------------------------------------------------------- series


def _thread_key(parties: Sequence[str] | None, place: str | None) -> str | None:
    names = sorted({p.strip().lower() for p in (parties or []) if p and p.strip()})
    if names:
        return "+".join(names)
    if place:
        return f"venue={place.strip().lower()}"
    return None


def _series_of(row: dict[str, Any], series_cfg: dict[str, Any]) -> list[dict[str, Any]]:
    """The series a cluster counts in: (key, kind, event_type, region, thread)."""
    event_type = row["type"]
    out = []
    if series_cfg.get("per_type", True):
        out.append({"series": f"type:{event_type}", "kind": "type", "event_type": event_type})
    region = row.get("admin1") or row.get("country")
    if series_cfg.get("per_region", True) and region:
        out.append(
            {
                "series": f"region:{event_type}:{region}",
                "kind": "region",
                "event_type": event_type,
                "region": region,
            }
        )
    if series_cfg.get("per_thread", True) and event_type in series_cfg.get("thread_types", []):
        thread = _thread_key(row.get("parties"), row.get("place"))
        if thread:
            out.append(
                {
                    "series": f"thread:{event_type}:{thread}",
                    "kind": "thread",
                    "event_type": event_type,
                    "thread": thread,
                }
            )
    return out


def _thread_types(series_cfg: dict[str, Any]) -> list[str]:
    return list(series_cfg.get("thread_types", [])) if series_cfg.get("per_thread", True) else []


@dataclass
class _SeriesDays:
    """What detection needs of one series: its keys, clusters per day, and the clusters of recent days.

    For the days a window can cover: `ids[day]`, the clusters of the day; `top[day]`, (rank key, id)
    of the day's most widely reported clusters within each group of the GROUP BY. Every cluster is
    in exactly one group, so the alert's top clusters are among the union of its groups' tops.
    """

    meta: dict[str, Any]
    counts: dict[date, int]
    ids: dict[date, list[str]]
    top: dict[date, list[tuple[tuple[Any, ...], str]]]


_PARTY_SEP = chr(31)  # joins a representative event's parties in SQL; never part of a name
_SPAN = """
    SELECT id, type, admin1, country, place, representative_event_id AS rep, n_sources, n_articles, first_seen,
           COALESCE(event_date, CAST(first_seen AS DATE)) AS day
    FROM event_clusters
    WHERE COALESCE(event_date, CAST(first_seen AS DATE)) BETWEEN $start AND $end AND list_contains($types, type)
"""
_PER_DAY = """
    count(*) AS n, list(c.id) FILTER (WHERE c.day >= $ids_from) AS ids,
    min_by({'id': c.id, 'sources': c.n_sources, 'articles': c.n_articles, 'seen': epoch_us(c.first_seen)},
           {'s': -c.n_sources, 'a': -c.n_articles, 'f': COALESCE(epoch_us(c.first_seen), $never), 'id': c.id},
           $top) FILTER (WHERE c.day >= $ids_from) AS top
"""


def _daily_counts(
    con: Any, start: date, end: date, cfg: dict[str, Any], ids_from: date | None = None
) -> dict[str, _SeriesDays]:
    """Per series, clusters per day on days start..end (inclusive), and their ids from `ids_from` on.

    Counted by DuckDB GROUP BYs over exactly the columns the series keys need, so a 2-year,
    million-article warehouse returns a few thousand groups instead of every cluster; Python then
    only maps each group to its series. Ids (and the most widely reported clusters of each group)
    are aggregated only for the days a candidate window can cover, not for the baseline. Type and
    region series come from the clusters alone; only thread series need the representative event's
    parties, so only clusters of thread types are joined to `events` (the costly part: a scan of
    every event id), in a second query.
    """
    series_cfg = cfg["series"]
    threads = [t for t in _thread_types(series_cfg) if t in series_cfg["event_types"]]
    params = {
        "start": start,
        "end": end,
        "ids_from": ids_from or end + timedelta(days=1),
        "top": max(1, int(cfg["message"]["top_clusters"])),
        "never": 2**63 - 1,  # first_seen unknown sorts last, as NULLS LAST does
    }
    queries = [
        (
            f"SELECT c.type, c.admin1, c.country, NULL, NULL, c.day, {_PER_DAY} FROM ({_SPAN}) c GROUP BY ALL",
            {**params, "types": list(series_cfg["event_types"])},
            {**series_cfg, "per_thread": False},
        )
    ]
    if threads:
        queries.append(
            (
                f"""
                WITH c AS ({_SPAN}),
                -- A representative event is a member of its cluster, and clusters never mix event types
                -- (transform.cluster), so the type filter is exact; it spares most of the id probes.
                -- Parties are grouped as one string (unit-separator joined): grouping by a list is slower.
                p AS (SELECT id, parties FROM events WHERE list_contains($types, type) AND id IN (SELECT rep FROM c))
                SELECT c.type, NULL, NULL, c.place, array_to_string(p.parties, chr(31)), c.day, {_PER_DAY}
                FROM c LEFT JOIN p ON p.id = c.rep
                GROUP BY ALL
                """,
                {**params, "types": threads},
                {**series_cfg, "per_type": False, "per_region": False},
            )
        )
    out: dict[str, _SeriesDays] = {}
    for sql, args, keys in queries:
        for event_type, admin1, country, place, parties, day, n, ids, top in con.execute(sql, args).fetchall():
            if parties is not None:
                parties = parties.split(_PARTY_SEP)
            row = {"type": event_type, "admin1": admin1, "country": country, "place": place, "parties": parties}
            ranked = [_rank(m) for m in top or ()]
            for s in _series_of(row, keys):
                series = out.setdefault(
                    s["series"], _SeriesDays(s, defaultdict(int), defaultdict(list), defaultdict(list))
                )
                series.counts[day] += int(n)
                if ids:
                    series.ids[day].extend(ids)
                    series.top[day].extend(ranked)
    return out


def _rank(member: dict[str, Any]) -> tuple[tuple[Any, ...], str]:
    """Sort key of a cluster in an alert's list: most outlets, then most articles, then earliest seen."""
    seen = member["seen"]
    return (-int(member["sources"]), -int(member["articles"]), seen is None, seen or 0, member["id"]), member["id"]


def series_counts(con: Any, series: str, start: date, end: date, cfg: dict[str, Any]) -> list[tuple[date, int]]:
    """Daily cluster counts of one series, every day start..end included (zeros too): for charts."""
    found = _daily_counts(con, start, end, cfg).get(series)
    counts = found.counts if found else {}
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    return [(day, counts.get(day, 0)) for day in days]


def _first_day(con: Any) -> date | None:
    """The first day with any cluster: before it the pipeline did not exist, so zeros mean nothing."""
    row = con.execute("SELECT MIN(COALESCE(event_date, CAST(first_seen AS DATE))) FROM event_clusters").fetchall()
    return row[0][0] if row else None


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


# ------------------------------------------------------------------------------------- detection


def _coverage(con: Any, start: datetime, end: datetime, cache: dict[tuple[datetime, datetime], dict]) -> dict:
    """coverage_health, cached per interval; a failure to measure counts as unhealthy, never as fine."""
    key = (start, end)
    if key not in cache:
        try:
            from transform.coverage import coverage_health

            cache[key] = dict(coverage_health(con, start, end))
        except Exception as exc:  # an unmeasurable window must not pass as a healthy one
            log.warning("coverage_health failed for %s..%s: %s", start, end, exc)
            cache[key] = {"healthy": False, "reasons": [f"coverage could not be measured: {exc}"]}
    return cache[key]


def _cluster_details(con: Any, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """What a reader needs to check each cluster, for all alerts of a run at once.

    One lookup per run, not one per candidate: on a million-article warehouse each lookup reads the
    cluster and article ids (about 0.3 s), and a run can have a hundred candidates. Ids go in as
    explicit IN lists of parameters, which DuckDB pushes into the scans as filters (measured 2-3x
    faster than a semi-join on a list parameter, and a join to `articles` for a few ids).
    """
    clusters: list[tuple[Any, ...]] = []
    for chunk in _chunks(ids):
        clusters += con.execute(
            f"""
            SELECT id, type, subtype, place, admin1, country, event_date, n_articles, n_sources,
                   representative_evidence, representative_article_id
            FROM event_clusters WHERE id IN ({", ".join("?" * len(chunk))})
            """,
            chunk,
        ).fetchall()
    article_ids = sorted({r[10] for r in clusters if r[10] is not None})
    articles: dict[str, tuple[Any, ...]] = {}
    for chunk in _chunks(article_ids):
        for r in con.execute(
            f"""
            SELECT id, title, source, COALESCE(url, canonical_url), published_at
            FROM articles WHERE id IN ({", ".join("?" * len(chunk))})
            """,
            chunk,
        ).fetchall():
            articles[r[0]] = r
    out: dict[str, dict[str, Any]] = {}
    for r in clusters:
        a = articles.get(r[10]) or (None, None, None, None, None)
        out[r[0]] = {
            "cluster_id": r[0],
            "type": r[1],
            "subtype": r[2],
            "place": r[3],
            "admin1": r[4],
            "country": r[5],
            "event_date": r[6].isoformat() if r[6] else None,
            "n_articles": r[7],
            "n_sources": r[8],
            "evidence": r[9],
            "headline": a[1],
            "outlet": a[2],
            "link": a[3],
            "published_at": a[4].isoformat() if a[4] else None,
        }
    return out


_IN_LIST = 2000  # ids per IN list: keeps each statement small


def _chunks(ids: Sequence[str]) -> list[list[str]]:
    return [list(ids[i : i + _IN_LIST]) for i in range(0, len(ids), _IN_LIST)]


def detect_spikes(con: Any, now: datetime, cfg: dict[str, Any]) -> list[dict[str, Any]]:
    """Candidate alerts for the windows ending today and the `late_report_days` days before.

    At most one candidate per series and end day (the most significant window length). Nothing is
    written: `record_alerts` applies the cooldown and stores.
    """
    det = cfg["detection"]
    today = (now.astimezone(UTC) if now.tzinfo else now.replace(tzinfo=UTC)).date()
    windows = sorted(int(w) for w in det["windows_days"])
    baseline_len = int(det["baseline_days"])
    first = _first_day(con)
    if first is None:
        return []
    end_days = [today - timedelta(days=k) for k in range(int(det["late_report_days"]), -1, -1)]
    span_start = max(end_days[0] - timedelta(days=windows[-1] - 1 + baseline_len), first)
    daily = _daily_counts(con, span_start, today, cfg, ids_from=end_days[0] - timedelta(days=windows[-1] - 1))

    days = [span_start + timedelta(days=i) for i in range((today - span_start).days + 1)]
    first_index = max(0, (first - span_start).days)
    lead_days = int(cfg["cooldown"]["days"])
    limit = int(cfg["message"]["top_clusters"])
    found = []
    for end_day in end_days:
        end = (end_day - span_start).days
        for key in sorted(daily):
            series = daily[key]
            counts = [series.counts.get(d, 0) for d in days]
            best = best_window(days, counts, end, first_index, det)
            if best is None:
                continue
            result, start = best
            window = days[start : end + 1]
            top = [cid for _, cid in heapq.nsmallest(limit, [m for d in window for m in series.top.get(d, ())])]
            # The days right before the window, for the cooldown's "new episode" test (rule step 5).
            lead_in = counts[max(first_index, start - lead_days) : start]
            ids = sorted(cid for d in window for cid in series.ids.get(d, ()))
            found.append((series.meta, result, days[start], end_day, ids, top, lead_in))

    details = _cluster_details(con, sorted({cid for *_, top, _ in found for cid in top}))
    coverage_cache: dict[tuple[datetime, datetime], dict] = {}
    candidates = []
    for meta, result, start_day, end_day, ids, top, lead_in in found:
        cand = _candidate(con, meta, result, start_day, end_day, ids, cfg, coverage_cache)
        cand["top_clusters"] = [details[cid] for cid in top if cid in details]
        cand["lead_in"] = lead_in
        candidates.append(cand)
    candidates.sort(key=lambda c: (c["window_end"], c["p_value"]))
    return candidates


def _candidate(
    con: Any,
    meta: dict[str, Any],
    result: WindowTest,
    start_day: date,
    end_day: date,
    ids: Sequence[str],
    cfg: dict[str, Any],
    coverage_cache: dict[tuple[datetime, datetime], dict],
) -> dict[str, Any]:
    window_start, window_end = _day_start(start_day), _day_start(end_day + timedelta(days=1))
    baseline_start = window_start - timedelta(days=int(cfg["detection"]["baseline_days"]))
    window_cov = _coverage(con, window_start, window_end, coverage_cache)
    baseline_cov = _coverage(con, baseline_start, window_start, coverage_cache)
    reasons = [f"window: {r}" for r in window_cov.get("reasons") or []] if not window_cov["healthy"] else []
    if not baseline_cov["healthy"]:
        reasons += [f"baseline: {r}" for r in baseline_cov.get("reasons") or []]
    low_confidence = not (window_cov["healthy"] and baseline_cov["healthy"])
    if low_confidence and not reasons:
        reasons = ["coverage unhealthy (no reason given)"]
    return {
        "series": meta["series"],
        "kind": meta["kind"],
        "event_type": meta["event_type"],
        "region": meta.get("region"),
        "thread": meta.get("thread"),
        "window_start": window_start,
        "window_end": window_end,
        "window_days": (end_day - start_day).days + 1,
        "observed": result.observed,
        "expected": round(result.expected, 4),
        "ratio": round(result.ratio, 3) if math.isfinite(result.ratio) else None,
        "p_value": result.p_value,
        "score": round(result.score, 3),
        "method": result.method,
        "dispersion": round(result.dispersion, 3),
        "low_confidence": low_confidence,
        "low_confidence_reasons": reasons,
        "coverage": {"window": window_cov, "baseline": baseline_cov, "reasons": reasons},
        "top_clusters": [],  # filled by detect_spikes from one query for all candidates
        "cluster_ids": list(ids),
    }


# --------------------------------------------------------------------------------------- storage


def alert_id(series: str, window_start: datetime, window_end: datetime, observed: int) -> str:
    """Same series, window and count: same id, so a rerun is a no-op; a grown count is a new id."""
    raw = f"{series}|{window_start.isoformat()}|{window_end.isoformat()}|{observed}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


_COLUMNS = (
    "id, series, kind, event_type, region, thread, window_start, window_end, window_days, observed, "
    "expected, ratio, p_value, score, method, dispersion, low_confidence, coverage, top_clusters, "
    "created_at, delivered, delivery_errors"
)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def record_alerts(con: Any, candidates: Sequence[dict[str, Any]], cfg: dict[str, Any]) -> list[dict[str, Any]]:
    """Insert what is new after the cooldown; returns the inserted alerts (rule step 5)."""
    inserted = []
    for cand in sorted(candidates, key=lambda c: (c["window_end"], c["p_value"])):
        aid = alert_id(cand["series"], cand["window_start"], cand["window_end"], cand["observed"])
        if con.execute("SELECT 1 FROM alerts WHERE id = ?", [aid]).fetchall():
            continue
        prior = con.execute(
            "SELECT window_start, window_end, observed - expected FROM alerts WHERE series = ?",
            [cand["series"]],
        ).fetchall()
        nearby = [
            (s.astimezone(UTC).date(), (e.astimezone(UTC) - timedelta(days=1)).date(), float(x)) for s, e, x in prior
        ]
        start = cand["window_start"].date()
        end = (cand["window_end"] - timedelta(days=1)).date()
        excess = cand["observed"] - cand["expected"]
        per_day = cand["expected"] / max(1, int(cand["window_days"]))
        if not cooldown_allows(start, end, excess, nearby, cfg["cooldown"], cand.get("lead_in"), per_day):
            log.info("cooldown holds back %s %s..%s (observed %s)", cand["series"], start, end, cand["observed"])
            continue
        alert = {**cand, "id": aid, "created_at": datetime.now(UTC), "delivered": [], "delivery_errors": None}
        con.execute(
            f"INSERT INTO alerts ({_COLUMNS}) VALUES ({', '.join(['?'] * 22)})",
            [
                aid,
                alert["series"],
                alert["kind"],
                alert["event_type"],
                alert.get("region"),
                alert.get("thread"),
                alert["window_start"],
                alert["window_end"],
                alert["window_days"],
                alert["observed"],
                alert["expected"],
                alert.get("ratio"),
                alert["p_value"],
                alert["score"],
                alert["method"],
                alert["dispersion"],
                alert["low_confidence"],
                json.dumps(alert["coverage"], default=_json_default),
                json.dumps(alert["top_clusters"], default=_json_default),
                alert["created_at"],
                [],
                None,
            ],
        )
        inserted.append(alert)
        log.warning(
            "ALERT %s %s %s..%s observed %d expected %.2f p=%.2g%s",
            aid,
            alert["series"],
            start,
            end,
            alert["observed"],
            alert["expected"],
            alert["p_value"],
            " LOW CONFIDENCE" if alert["low_confidence"] else "",
        )
    return inserted
