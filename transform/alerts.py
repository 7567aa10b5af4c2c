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
   `min_count`, observed >= `min_ratio` x expected and p <= `p_threshold` / len(`windows_days`).
5. **Cooldown.** `record_alerts` stores a candidate only if no alert of the same series lies within
   `cooldown.days` of its window, unless it is an escalation: its excess per day of window
   ((observed - expected) / window days) is at least `escalation_factor` times the largest excess
   per day alerted nearby, and adds at least `min_extra_events` clusters over the window. Alert ids
   hash (series, window, observed), so rerunning the same window inserts nothing.
6. **Coverage.** Candidates are never dropped for bad coverage: when `transform.coverage` says the
   window or the baseline was unhealthy (feeds down, extraction collapsed), the alert is stored with
   `low_confidence = true` and the reasons, because a quiet baseline caused by broken feeds makes an
   ordinary day look like a spike.
"""

from __future__ import annotations

import hashlib
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


def is_candidate(test: WindowTest, detection: dict[str, Any]) -> bool:
    """Rule step 4: enough events, a real relative rise, and a small p-value after Bonferroni."""
    threshold = float(detection["p_threshold"]) / max(1, len(detection["windows_days"]))
    return (
        test.observed >= int(detection["min_count"])
        and test.observed >= float(detection["min_ratio"]) * test.expected
        and test.p_value <= threshold
    )


def cooldown_allows(
    window_start: date,
    window_end: date,
    excess: float,
    nearby: Iterable[tuple[date, date, float]],
    cooldown: dict[str, Any],
) -> bool:
    """Rule step 5. `nearby`: (window_start, window_end, excess) of earlier alerts of the series.

    Dates are inclusive day bounds; excess = observed - expected. An escalation's excess per day
    has grown by `escalation_factor` over the largest nearby alert's, and by `min_extra_events`
    events over the window. Per day, because windows of different lengths accumulate different
    excesses: the 7-day window around an alerted spike holds seven days of the same excess and is
    not news, and a 7-day window around a false alarm must not hide a sharp 1-day spike.
    Order-independent, so a backfill of an earlier day behaves like the live run did.
    """
    gap = timedelta(days=int(cooldown["days"]))
    days = (window_end - window_start).days + 1
    close = [
        prior / ((end - start).days + 1)
        for start, end, prior in nearby
        if start - gap <= window_end and window_start <= end + gap
    ]
    if not close:
        return True
    factor, extra = float(cooldown["escalation_factor"]), float(cooldown["min_extra_events"])
    best = max(close)
    return excess / days >= factor * best and (excess / days - best) * days >= extra


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


def _load_clusters(con: Any, start: date, end: date, event_types: Sequence[str]) -> list[dict[str, Any]]:
    """Clusters counted on days start..end (inclusive), with what the series keys need."""
    rows = con.execute(
        """
        SELECT c.id, c.type, c.place, c.admin1, c.country,
               COALESCE(c.event_date, CAST(c.first_seen AS DATE)) AS day,
               c.n_articles, c.n_sources, c.first_seen, e.parties
        FROM event_clusters c
        LEFT JOIN events e ON e.id = c.representative_event_id
        WHERE COALESCE(c.event_date, CAST(c.first_seen AS DATE)) BETWEEN ? AND ?
          AND list_contains(?, c.type)
        """,
        [start, end, list(event_types)],
    ).fetchall()
    names = ["id", "type", "place", "admin1", "country", "day", "n_articles", "n_sources", "first_seen"]
    return [dict(zip([*names, "parties"], row, strict=True)) for row in rows]


def series_counts(con: Any, series: str, start: date, end: date, cfg: dict[str, Any]) -> list[tuple[date, int]]:
    """Daily cluster counts of one series, every day start..end included (zeros too): for charts."""
    counts: dict[date, int] = defaultdict(int)
    for row in _load_clusters(con, start, end, cfg["series"]["event_types"]):
        if any(s["series"] == series for s in _series_of(row, cfg["series"])):
            counts[row["day"]] += 1
    return [(start + timedelta(days=i), counts[start + timedelta(days=i)]) for i in range((end - start).days + 1)]


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


def _top_clusters(con: Any, ids: Sequence[str], limit: int) -> list[dict[str, Any]]:
    """Most widely reported clusters first, with what a reader needs to check them."""
    if not ids:
        return []
    rows = con.execute(
        """
        SELECT c.id, c.type, c.subtype, c.place, c.admin1, c.country, c.event_date,
               c.n_articles, c.n_sources, c.representative_evidence,
               a.title, a.source, COALESCE(a.url, a.canonical_url), a.published_at
        FROM event_clusters c
        LEFT JOIN articles a ON a.id = c.representative_article_id
        WHERE list_contains(?, c.id)
        ORDER BY c.n_sources DESC, c.n_articles DESC, c.first_seen, c.id
        LIMIT ?
        """,
        [list(ids), limit],
    ).fetchall()
    out = []
    for r in rows:
        out.append(
            {
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
                "headline": r[10],
                "outlet": r[11],
                "link": r[12],
                "published_at": r[13].isoformat() if r[13] else None,
            }
        )
    return out


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
    span_start = end_days[0] - timedelta(days=windows[-1] - 1 + baseline_len)
    clusters = _load_clusters(con, max(span_start, first), today, cfg["series"]["event_types"])

    per_series: dict[str, dict[str, Any]] = {}
    daily: dict[str, dict[date, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in clusters:
        for s in _series_of(row, cfg["series"]):
            per_series.setdefault(s["series"], s)
            daily[s["series"]][row["day"]].append(row["id"])

    coverage_cache: dict[tuple[datetime, datetime], dict] = {}
    candidates = []
    for end_day in end_days:
        for key, meta in sorted(per_series.items()):
            best: tuple[WindowTest, date, list[str]] | None = None
            for length in windows:
                start_day = end_day - timedelta(days=length - 1)
                base_start = max(first, start_day - timedelta(days=baseline_len))
                if (start_day - base_start).days < int(det["min_history_days"]):
                    continue
                base_days = [base_start + timedelta(days=i) for i in range((start_day - base_start).days)]
                base_counts = [len(daily[key].get(d, ())) for d in base_days]
                win_days = [start_day + timedelta(days=i) for i in range(length)]
                ids = [cid for d in win_days for cid in daily[key].get(d, ())]
                result = evaluate_window(base_days, base_counts, win_days, len(ids), det)
                if is_candidate(result, det) and (best is None or result.p_value < best[0].p_value):
                    best = (result, start_day, ids)
            if best is None:
                continue
            result, start_day, ids = best
            candidates.append(_candidate(con, meta, result, start_day, end_day, ids, cfg, coverage_cache))
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
        "top_clusters": _top_clusters(con, ids, int(cfg["message"]["top_clusters"])),
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
        if not cooldown_allows(start, end, excess, nearby, cfg["cooldown"]):
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
