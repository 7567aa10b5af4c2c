"""Measure the spike rule on simulated series: detection of 3x spikes and false alerts per month.

Why a simulation: real feeds have too few labelled spikes to tell a good threshold from a lucky
one. Backgrounds are Poisson with weekday effects at several base rates (small ones included);
3x spikes of 1, 3 and 7 days are injected at random times. The detector is the production code
(`transform.alerts.evaluate_window`, `is_candidate`, `cooldown_allows`) with the shipped config,
stepped one day at a time like the daily runs.

- detection: share of spikes with an alert whose window ends inside the spike (in the interval
  they happen, not after);
- false alerts: alerts whose window does not overlap any spike, per series per 30 days;
- repeat alerts: alerts beyond the first whose window overlaps the same spike (what the cooldown
  is for), per spike;
- bound: the best detection any test on the same window length could reach at the same false-alert
  budget if it knew the true rate exactly (a Poisson threshold at 1/30 per day). Where the bound is
  below 95%, no detector meets the target: the spike is too small for its window.

Usage: python scripts/simulate_alerts.py [--series 40] [--days 360] [--seed 7] [--config FILE]
"""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from transform.alerts import cooldown_allows, evaluate_window, is_candidate, load_alert_config

RATES = [0.3, 1.0, 2.0, 5.0, 10.0, 25.0]
DURATIONS = [1, 3, 7]
WEEKDAY = np.array([1.15, 1.1, 1.05, 1.0, 1.0, 0.8, 0.9])  # Monday first; weekends quieter
MULTIPLIER = 3.0
FIRST_DAY = date(2025, 1, 6)  # a Monday


def simulate_series(rng: np.random.Generator, rate: float, duration: int, days: int, burn_in: int):
    """Daily counts and the spike intervals [start, end] (day indexes, inclusive)."""
    weekday = np.array([WEEKDAY[(FIRST_DAY + timedelta(days=i)).weekday()] for i in range(days)])
    weekday = weekday / weekday.mean()
    mean = rate * weekday
    spikes = []
    t = burn_in + int(rng.integers(5, 30))
    while t + duration < days:
        spikes.append((t, t + duration - 1))
        mean[t : t + duration] *= MULTIPLIER
        # Next spike after the baseline has forgotten this one (28 days) and a random gap.
        t += duration + 35 + int(rng.integers(0, 30))
    return rng.poisson(mean), spikes


def run_detector(counts: np.ndarray, burn_in: int, cfg: dict) -> list[tuple[int, int]]:
    """Alerts (window start, window end) as day indexes, stepping day by day like the DAG."""
    det = cfg["detection"]
    windows = sorted(int(w) for w in det["windows_days"])
    baseline = int(det["baseline_days"])
    days = [FIRST_DAY + timedelta(days=i) for i in range(len(counts))]
    alerts: list[tuple[date, date, float]] = []
    out = []
    for end in range(burn_in, len(counts)):
        best = None
        for length in windows:
            start = end - length + 1
            base = max(0, start - baseline)
            if start - base < int(det["min_history_days"]):
                continue
            res = evaluate_window(
                days[base:start],
                counts[base:start].tolist(),
                days[start : end + 1],
                int(counts[start : end + 1].sum()),
                det,
            )
            if is_candidate(res, det) and (best is None or res.p_value < best[0].p_value):
                best = (res, start)
        if best is None:
            continue
        res, start = best
        excess = res.observed - res.expected
        if cooldown_allows(days[start], days[end], excess, alerts, cfg["cooldown"]):
            alerts.append((days[start], days[end], excess))
            out.append((start, end))
    return out


def poisson_bound(rate: float, duration: int) -> float:
    """Best detection of a known-rate Poisson test on a `duration`-day window at 1 false alert/30 days."""
    from scipy.stats import poisson

    lam, spike = rate * duration, MULTIPLIER * rate * duration
    threshold = int(poisson.isf(1 / 30, lam)) + 1  # smallest t with P(X >= t) <= 1/30
    return float(poisson.sf(threshold - 1, spike))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--series", type=int, default=40, help="series per (rate, duration) cell")
    parser.add_argument("--days", type=int, default=360, help="simulated days after the burn-in")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--config", type=Path, default=None, help="alerts config overriding the shipped one")
    args = parser.parse_args()
    cfg = load_alert_config(args.config)
    rng = np.random.default_rng(args.seed)
    burn_in = int(cfg["detection"]["baseline_days"]) + max(int(w) for w in cfg["detection"]["windows_days"])
    total_days = burn_in + args.days

    print(
        f"windows {cfg['detection']['windows_days']} d, baseline {cfg['detection']['baseline_days']} d, "
        f"p <= {cfg['detection']['p_threshold']}, min_count {cfg['detection']['min_count']}, "
        f"cooldown {cfg['cooldown']['days']} d; {args.series} series x {args.days} days per cell, seed {args.seed}"
    )
    print()
    print(
        "| base rate /day | spike days | 3x spikes | detected | bound "
        "| repeat alerts / spike | false alerts / series / 30 d | meets |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|:---|")
    for rate in RATES:
        for duration in DURATIONS:
            n_spikes = detected = false = repeats = 0
            for _ in range(args.series):
                counts, spikes = simulate_series(rng, rate, duration, total_days, burn_in)
                alerts = run_detector(counts, burn_in, cfg)
                n_spikes += len(spikes)
                detected += sum(any(s <= end <= e for _, end in alerts) for s, e in spikes)
                overlapping = [sum(start <= e and s <= end for start, end in alerts) for s, e in spikes]
                repeats += sum(max(0, n - 1) for n in overlapping)
                false += sum(not any(start <= e and s <= end for s, e in spikes) for start, end in alerts)
            rate_detected = detected / n_spikes
            false_per_month = false / (args.series * args.days / 30)
            bound = poisson_bound(rate, duration)
            if bound < 0.95:
                verdict = "n/a (undetectable: bound < 95%)" if false_per_month <= 1 else "NO (false alerts)"
            else:
                verdict = "yes" if rate_detected >= 0.95 and false_per_month <= 1 else "NO"
            print(
                f"| {rate:g} | {duration} | {n_spikes} | {rate_detected:.1%} | {bound:.1%} "
                f"| {repeats / n_spikes:.2f} | {false_per_month:.2f} | {verdict} |"
            )


if __name__ == "__main__":
    main()
