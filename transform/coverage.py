"""Was coverage healthy in a window? So that a quiet period caused by broken feeds is not called calm.

The spike alerts compare event counts over time; a drop in counts means nothing if the feeds were
down, pages came back empty or validation held most rows back. `coverage_health` answers from what
the pipeline recorded in the writer DB: `feed_fetches` (was each feed fetched?), `failures` with
stage 'extract' plus articles quarantined for empty/consent-wall text (did extraction work?),
`articles`, and `validation_runs` (what share of rows passed). Thresholds live in quality.yaml.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from transform.quality_config import load_quality_config

# Quarantine reasons that mean "the page gave no usable article text" (see quality_suites).
_EXTRACTION_REASONS = ("%(text):%", "%(consent_wall):%")


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _tables(con: Any) -> set[str]:
    return {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


def _fetch_ok_sql() -> str:
    # Same rule as quality_frames._fetch_ok: no error and no HTTP error status (304 counts as ok).
    return "(coalesce(trim(error), '') = '' AND (http_status IS NULL OR http_status < 400))"


def _in_feeds(column: str, feeds: list[str]) -> tuple[str, list[Any]]:
    if not feeds:
        return "FALSE", []
    return f"{column} IN ({', '.join('?' for _ in feeds)})", list(feeds)


def _expected_feeds(con: Any, end: datetime, lookback_days: float) -> list[str]:
    rows = con.execute(
        "SELECT DISTINCT feed FROM feed_fetches WHERE fetched_at >= ? AND fetched_at < ? ORDER BY feed",
        [end - timedelta(days=lookback_days), end],
    ).fetchall()
    return [row[0] for row in rows]


def _feed_stats(con: Any, start: datetime, end: datetime, feeds: list[str]) -> dict[str, dict[str, Any]]:
    where, params = _in_feeds("feed", feeds)
    rows = con.execute(
        f"SELECT feed, count(*) AS attempts, count(*) FILTER (WHERE {_fetch_ok_sql()}) AS ok, "
        f"arg_max(coalesce(error, 'HTTP ' || http_status::VARCHAR), fetched_at) "
        f"FILTER (WHERE NOT {_fetch_ok_sql()}) AS last_error "
        f"FROM feed_fetches WHERE fetched_at >= ? AND fetched_at < ? AND {where} GROUP BY feed",
        [start, end, *params],
    ).fetchall()
    return {feed: {"attempts": attempts, "ok": ok, "last_error": error}
            for feed, attempts, ok, error in rows}


def _extraction(con: Any, start: datetime, end: datetime, feeds: list[str],
                tables: set[str]) -> tuple[int, int]:
    """(usable articles, pages that reached extraction) in the window."""
    where, params = _in_feeds("feed", feeds)
    articles = con.execute(
        f"SELECT count(*) FROM articles WHERE fetched_at >= ? AND fetched_at < ? AND {where}",
        [start, end, *params],
    ).fetchall()[0][0]
    failed = con.execute(
        f"SELECT count(*) FROM failures WHERE stage = 'extract' AND occurred_at >= ? "
        f"AND occurred_at < ? AND {where}",
        [start, end, *params],
    ).fetchall()[0][0]
    empty = 0
    if "quarantine" in tables:
        where_q, params_q = _in_feeds("json_extract_string(record, '$.feed')", feeds)
        reasons = " OR ".join("reason LIKE ?" for _ in _EXTRACTION_REASONS)
        empty = con.execute(
            f"SELECT count(*) FROM quarantine WHERE quarantined_at >= ? AND quarantined_at < ? "
            f"AND reason LIKE 'articles: %' AND ({reasons}) AND {where_q}",
            [start, end, *_EXTRACTION_REASONS, *params_q],
        ).fetchall()[0][0]
    return int(articles), int(articles + failed + empty)


def _validation(con: Any, start: datetime, end: datetime, tables: set[str]) -> tuple[int, int]:
    """(rows passed, rows validated) over the row-level suites run in the window."""
    if "validation_runs" not in tables:
        return 0, 0
    rows = con.execute(
        "SELECT statistics FROM validation_runs WHERE run_at >= ? AND run_at < ? "
        "AND suite IN ('articles', 'events')",
        [start, end],
    ).fetchall()
    passed = total = 0
    for (stats,) in rows:
        data = json.loads(stats) if isinstance(stats, str) else (stats or {})
        total += int(data.get("rows") or 0)
        passed += int(data.get("rows_passed") or 0)
    return passed, total


def coverage_health(con: Any, start: datetime, end: datetime, *,
                    feeds: list[str] | None = None, config: dict[str, Any] | None = None) -> dict[str, Any]:
    """Health of the pipeline's coverage in [start, end), with reasons an operator can act on.

    `feeds` names the feeds that should have been fetched; by default every feed fetched in the
    `expected_feeds_lookback_days` before `end`. Rates with nothing to measure count as 1.0 (a feed
    that had no new articles did not fail extraction); a window with no fetches at all is unhealthy.
    """
    cfg = (config or load_quality_config())["coverage"]
    start, end = _utc(start), _utc(end)
    tables = _tables(con)
    expected = sorted(feeds) if feeds is not None else _expected_feeds(
        con, end, cfg["expected_feeds_lookback_days"])
    stats = _feed_stats(con, start, end, expected)
    attempts = sum(s["attempts"] for s in stats.values())
    ok_fetches = sum(s["ok"] for s in stats.values())
    feeds_ok = sum(1 for feed in expected if stats.get(feed, {}).get("ok"))
    fetch_rate = ok_fetches / attempts if attempts else 0.0
    usable, pages = _extraction(con, start, end, expected, tables)
    extraction_rate = usable / pages if pages else 1.0
    passed, validated = _validation(con, start, end, tables)
    validation_rate = passed / validated if validated else 1.0

    window = f"{start:%Y-%m-%d %H:%M}–{end:%Y-%m-%d %H:%M} UTC"
    reasons: list[str] = []
    if not expected:
        reasons.append(f"no feeds were fetched in the {cfg['expected_feeds_lookback_days']} days before "
                       f"{end:%Y-%m-%d %H:%M} UTC: is the ingest DAG running?")
    elif not attempts:
        reasons.append(f"no feed fetches recorded in {window}: is the ingest DAG running?")
    for feed in expected:
        feed_stats = stats.get(feed)
        if not feed_stats:
            reasons.append(f"feed {feed!r} was not fetched in {window}")
        elif not feed_stats["ok"]:
            reasons.append(f"feed {feed!r}: all {feed_stats['attempts']} fetches in {window} failed "
                           f"(last error: {feed_stats['last_error']})")
    if expected and feeds_ok / len(expected) < cfg["min_feeds_ok_share"]:
        reasons.append(f"only {feeds_ok} of {len(expected)} feeds were fetched successfully "
                       f"(minimum {cfg['min_feeds_ok_share']:.0%})")
    if attempts and fetch_rate < cfg["min_fetch_success_rate"]:
        reasons.append(f"fetch success rate {fetch_rate:.0%} below {cfg['min_fetch_success_rate']:.0%} "
                       f"({ok_fetches} of {attempts} attempts)")
    if extraction_rate < cfg["min_extraction_success_rate"]:
        reasons.append(f"extraction success rate {extraction_rate:.0%} below "
                       f"{cfg['min_extraction_success_rate']:.0%} ({usable} usable of {pages} pages)")
    if validation_rate < cfg["min_validation_pass_rate"]:
        reasons.append(f"validation pass rate {validation_rate:.0%} below "
                       f"{cfg['min_validation_pass_rate']:.0%} ({passed} of {validated} rows)")
    # Individual dead feeds are reasons worth reading, but only the thresholds decide health, so
    # one flaky feed out of twenty does not mute every alert.
    threshold_failures = [r for r in reasons if not r.startswith("feed ")]
    return {
        "healthy": not threshold_failures,
        "reasons": reasons,
        "feeds_expected": len(expected),
        "feeds_ok": feeds_ok,
        "fetch_success_rate": round(fetch_rate, 4),
        "extraction_success_rate": round(extraction_rate, 4),
        "validation_pass_rate": round(validation_rate, 4),
    }
