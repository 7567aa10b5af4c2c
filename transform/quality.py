"""Quality gates between tagging and loading: bad rows are held back with a reason, never dropped.

`validate_batch` runs three great-expectations suites on the run's frames (articles, events,
feed_health), turns row-level failures into `quarantine` rows (the record and the failed
expectation), keeps the rest for loading, and phrases batch-level failures for the operator. The
process DAG loads the good rows first and then fails a visible task for each batch problem, so one
bad feed neither blocks the data nor passes silently. Every suite run becomes a `validation_runs`
row and a Data Docs page under ``<data dir>/gx``.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from transform.quality_config import load_quality_config
from transform.quality_frames import article_frame, event_frame, feed_health_frame, fetch_history
from transform.quality_suites import data_docs_index


@dataclass
class QualityResult:
    """What the loader needs: good rows, held-back rows, the run log and the operator's problems."""

    articles: pd.DataFrame
    events: pd.DataFrame
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    validation_runs: list[dict[str, Any]] = field(default_factory=list)
    batch_problems: list[str] = field(default_factory=list)
    data_docs_index: Path = Path()


def _hash(*parts: object) -> str:
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def _jsonable(value: Any) -> Any:
    """Plain JSON values: NaN/NaT become null (DuckDB's JSON rejects NaN), arrays become lists."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, (datetime, date, pd.Timestamp)):
        return value.isoformat()
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        return _jsonable(value.tolist())
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (str, int, bool)):
        return value
    return str(value)


def _record(row: dict[str, Any]) -> str:
    return json.dumps({k: _jsonable(v) for k, v in row.items()}, ensure_ascii=False)


@dataclass
class _SuiteOutcome:
    """One suite run read back: failing rows with reasons, failed batch-level checks, the log row."""

    row_reasons: dict[int, list[str]]
    batch_failures: list[tuple[Any, dict[str, Any]]]  # (expectation config, GX result dict)
    run: dict[str, Any]
    extraction_failed_rows: set[int]


def _read_result(suite: str, result: Any, rows: int, *, batch_id: str, run_at: datetime,
                 page: str | None) -> _SuiteOutcome:
    row_reasons: dict[int, list[str]] = {}
    extraction_failed: set[int] = set()
    batch_failures: list[tuple[Any, dict[str, Any]]] = []
    failed_names: dict[str, int] = {}
    for item in result.results:
        config = item.expectation_config
        reason = f"{suite}: {config.description or config.type}"
        meta = config.meta or {}
        raised = bool((item.exception_info or {}).get("raised_exception"))
        if item.success and not raised:
            continue
        details = item.result or {}
        failed_names[config.description or config.type] = int(details.get("unexpected_count") or 0)
        if raised or meta.get("level") == "batch":
            batch_failures.append((config, {**details, "exception": item.exception_info}))
            continue
        for index in details.get("unexpected_index_list") or []:
            row_reasons.setdefault(int(index), []).append(reason)
            if meta.get("extraction"):
                extraction_failed.add(int(index))
    stats = dict(result.statistics)
    passed = rows - len(row_reasons)
    statistics = {
        **{k: _jsonable(v) for k, v in stats.items()},
        "rows": rows,
        "rows_passed": passed,
        "failed_expectations": failed_names,
        "data_docs_page": page,
    }
    run = {
        "id": _hash(batch_id, suite),
        "batch_id": batch_id,
        "suite": suite,
        "success": bool(result.success),
        "evaluated": int(stats.get("evaluated_expectations") or 0),
        "successful": int(stats.get("successful_expectations") or 0),
        "unsuccessful": int(stats.get("unsuccessful_expectations") or 0),
        "statistics": statistics,  # serialised once the whole batch is judged
        "run_at": run_at,
    }
    return _SuiteOutcome(row_reasons, batch_failures, run, extraction_failed)


def _feed_problem(config: Any, row: pd.Series, batch_id: str, cfg: dict[str, Any]) -> str:
    """Words an operator can act on, with the numbers that tripped the check."""
    column = config.kwargs.get("column")
    feed = row["feed"]
    if column == "extraction_success_rate":
        return (f"feed {feed!r}: only {row['usable']} of {row['pages']} fetched articles gave usable "
                f"text ({row['extraction_success_rate']:.0%}; minimum "
                f"{cfg['min_extraction_success_rate']:.0%}). The site may have changed its layout, "
                f"put up a consent wall or be serving non-HTML bodies: see quarantine and failures "
                f"for batch {batch_id}.")
    if column == "consecutive_fetch_failures":
        return (f"feed {feed!r}: its last {row['consecutive_fetch_failures']} fetches failed (latest: "
                f"{row['last_error']}). Check that {row['url']} still answers, or fix its entry in the "
                f"feeds file.")
    return (f"feed {feed!r}: no new entries for {row['hours_since_new_entries']:.1f} h, "
            f"{row['silence_ratio']:.1f}x its usual interval of {row['usual_interval_hours']:.1f} h"
            + (f" (latest fetch error: {row['last_error']})" if row["last_error"] else "")
            + ". Check whether the outlet moved or stopped its feed.")


def _batch_problem(suite: str, config: Any, details: dict[str, Any], frame: pd.DataFrame,
                   batch_id: str, cfg: dict[str, Any]) -> list[str]:
    exception = details.get("exception") or {}
    if exception.get("raised_exception"):
        return [f"suite {suite}: expectation {config.description or config.type} could not be "
                f"evaluated ({exception.get('exception_message')}); fix the data or the suite."]
    if suite == "feed_health":
        rows = details.get("unexpected_index_list") or []
        return [_feed_problem(config, frame.iloc[int(i)], batch_id, cfg["feed_health"]) for i in rows]
    share = 100.0 - float(details.get("unexpected_percent") or 0.0)
    return [f"suite {suite}: {config.description} — only {share:.0f}% of "
            f"{details.get('element_count')} matching rows passed in batch {batch_id}. "
            f"Check the tagger's location rules and gazetteer."]


def _quarantine_rows(frame: pd.DataFrame, reasons: dict[int, list[str]], urls: pd.Series,
                     *, batch_id: str, now: datetime) -> list[dict[str, Any]]:
    rows = []
    for index, why in sorted(reasons.items()):
        record = frame.iloc[index].to_dict()
        reason = " | ".join(why)
        url = urls.iloc[index]
        url = None if pd.isna(url) else str(url)
        rows.append({
            "id": _hash(batch_id, url, reason, record.get("id"), index),
            "batch_id": batch_id,
            "url": url,
            "reason": reason,
            "record": _record(record),
            "quarantined_at": now,
        })
    return rows


def validate_batch(
    articles: pd.DataFrame,
    events: pd.DataFrame,
    feed_fetches: pd.DataFrame,
    failures: pd.DataFrame,
    *,
    data_dir: Path,
    batch_id: str,
    now: datetime,
    con: Any = None,
    config: dict[str, Any] | None = None,
) -> QualityResult:
    """Validate one run's frames; see the module docstring for what happens to failures.

    `con` (the writer DB) supplies each feed's fetch history for the silence check; without it,
    feeds are judged on this batch alone. `config` overrides quality.yaml (tests, experiments).
    """
    from transform.quality_suites import GXProject

    cfg = config or load_quality_config()
    now = (now if now.tzinfo else now.replace(tzinfo=UTC)).astimezone(UTC)
    articles = articles.reset_index(drop=True)
    events = events.reset_index(drop=True)
    project = GXProject(Path(data_dir), cfg)
    runs: list[dict[str, Any]] = []
    problems: list[str] = []

    # articles
    art = article_frame(articles, cfg)
    latest = now + timedelta(hours=cfg["articles"]["published_at"]["future_tolerance_hours"])
    key, result = project.run("articles", art, batch_id=batch_id, run_time=now,
                              parameters={"latest_published_at": latest.isoformat()})
    keys = [key]  # Data Docs are built once for the three results, after the last suite
    art_out = _read_result("articles", result, len(art), batch_id=batch_id, run_at=now, page=None)
    runs.append(art_out.run)
    problems += [p for c, d in art_out.batch_failures
                 for p in _batch_problem("articles", c, d, art, batch_id, cfg)]
    quarantine = _quarantine_rows(articles, art_out.row_reasons, articles["url"], batch_id=batch_id, now=now)
    bad_articles = {articles.iloc[i]["id"]: " | ".join(r) for i, r in art_out.row_reasons.items()}

    # events
    ev = event_frame(events, articles)
    key, result = project.run("events", ev, batch_id=batch_id, run_time=now)
    keys.append(key)
    ev_out = _read_result("events", result, len(ev), batch_id=batch_id, run_at=now, page=None)
    runs.append(ev_out.run)
    problems += [p for c, d in ev_out.batch_failures
                 for p in _batch_problem("events", c, d, ev, batch_id, cfg)]
    event_reasons = {i: list(r) for i, r in ev_out.row_reasons.items()}
    for i, article in enumerate(events["article_id"].tolist()):
        if article in bad_articles:
            event_reasons.setdefault(i, []).append(f"events: its article was quarantined "
                                                   f"({bad_articles[article]})")
    ev_out.run["statistics"].update(
        rows_passed=len(events) - len(event_reasons),
        rows_held_with_article=len(set(event_reasons) - set(ev_out.row_reasons)))
    article_urls = events["article_id"].map(articles.drop_duplicates("id").set_index("id")["url"])
    quarantine += _quarantine_rows(events, event_reasons, article_urls, batch_id=batch_id, now=now)

    # feed health
    feed_cfg = cfg["feed_health"]
    failures = failures.reindex(columns=sorted({*failures.columns, "stage", "feed"}))
    extract_failures = failures[failures["stage"] == "extract"]
    pages = articles.groupby("feed").size().add(extract_failures.groupby("feed").size(), fill_value=0)
    usable_mask = ~articles.index.isin(sorted(art_out.extraction_failed_rows))
    usable = articles[usable_mask].groupby("feed").size()
    history = fetch_history(con, now - timedelta(days=feed_cfg["history_days"]), batch_id)
    health = feed_health_frame(feed_fetches, history, pages, usable, now=now, cfg=feed_cfg)
    key, result = project.run("feed_health", health, batch_id=batch_id, run_time=now)
    keys.append(key)
    health_out = _read_result("feed_health", result, len(health), batch_id=batch_id, run_at=now, page=None)
    runs.append(health_out.run)
    problems += [p for c, d in health_out.batch_failures
                 for p in _batch_problem("feed_health", c, d, health, batch_id, cfg)]

    project.build_docs(keys)
    for run, result_key in zip(runs, keys, strict=True):
        run["statistics"]["data_docs_page"] = project.page_of(result_key)

    # whole batch
    validated = len(articles) + len(events)
    held = len(art_out.row_reasons) + len(event_reasons)
    pass_rate = (validated - held) / validated if validated else 1.0
    minimum = cfg["batch"]["min_validation_pass_rate"]
    docs = data_docs_index(Path(data_dir))
    if pass_rate < minimum:
        problems.append(f"only {pass_rate:.0%} of the {validated} validated rows passed the row-level "
                        f"checks (minimum {minimum:.0%}); the rest are in quarantine for batch "
                        f"{batch_id}. Look for an extractor or tagger regression; Data Docs: {docs}")
    project.prune(cfg["data_docs"]["keep_results_per_suite"])
    for run in runs:
        run["statistics"] = json.dumps(run["statistics"])
    keep_articles = ~articles.index.isin(list(art_out.row_reasons))
    keep_events = ~events.index.isin(list(event_reasons))
    return QualityResult(
        articles=articles[keep_articles].reset_index(drop=True),
        events=events[keep_events].reset_index(drop=True),
        quarantine=quarantine,
        validation_runs=runs,
        batch_problems=problems,
        data_docs_index=docs,
    )
