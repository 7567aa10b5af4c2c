"""The frames great-expectations validates: the batch's rows plus a few computed columns.

GX checks columns, so a rule that spans tables ("the evidence is in its article") or needs
configuration GX cannot hold ("looks like a consent wall") becomes a boolean or numeric column here,
and GX validates that column. The checks themselves stay in the suites; this module only measures.
Row positions are kept (0..n-1) so GX's `unexpected_index_list` maps straight back to input rows.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

import pandas as pd


def to_utc(values: pd.Series) -> pd.Series:
    """Timestamps from strings or datetimes; anything unparseable becomes NaT (a null GX reports)."""
    if values.empty:
        return pd.Series(pd.to_datetime([], utc=True), index=values.index)
    return pd.to_datetime(values, utc=True, errors="coerce", format="ISO8601")


def _text(values: pd.Series) -> pd.Series:
    return values.astype(object).where(values.notna(), "")


def consent_wall(texts: pd.Series, cfg: dict[str, Any]) -> pd.Series:
    """True where a short text carries cookie/consent-banner phrases instead of an article."""
    phrases = [p.lower() for p in cfg["phrases"]]
    lowered = _text(texts).map(lambda t: t.lower())
    hits = lowered.map(lambda t: sum(p in t for p in phrases))
    return ((lowered.str.len() < cfg["max_chars"]) & (hits >= cfg["min_hits"])).astype(bool)


def article_frame(articles: pd.DataFrame, cfg: dict[str, Any]) -> pd.DataFrame:
    """Articles with parsed timestamps and the consent-wall flag, positionally indexed."""
    frame = articles.reset_index(drop=True).copy()
    for column in ("published_at", "fetched_at"):
        frame[column] = to_utc(frame[column])
    frame["consent_wall"] = consent_wall(frame["text"], cfg["articles"]["consent_wall"])
    return frame


def event_frame(events: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Events with `evidence_in_article` and `days_after_publication` measured against the batch."""
    frame = events.reset_index(drop=True).copy()
    by_id = articles.drop_duplicates("id").set_index("id")
    texts = _text(frame["article_id"].map(by_id["text"]))
    titles = _text(frame["article_id"].map(by_id["title"]))
    evidence = _text(frame["evidence"])
    frame["evidence_in_article"] = [
        bool(ev) and (ev in text or ev in title)
        for ev, text, title in zip(evidence, texts, titles, strict=True)
    ]
    published = to_utc(frame["article_id"].map(by_id["published_at"]))
    published_day = published.dt.tz_convert(None).dt.normalize()
    event_day = pd.to_datetime(frame["event_date"].astype(object), errors="coerce", format="ISO8601")
    if getattr(event_day.dt, "tz", None) is not None:
        event_day = event_day.dt.tz_convert(None)
    frame["days_after_publication"] = (event_day.dt.normalize() - published_day).dt.days.astype(float)
    # Scheduled talks are dated when they will take place, so only reported events must not lie
    # in the article's future; a null is not checked by the "between" expectation.
    if "subtype" in frame.columns:
        frame.loc[frame["subtype"] == "talks_scheduled", "days_after_publication"] = float("nan")
    frame["confidence"] = pd.to_numeric(frame["confidence"], errors="coerce")
    return frame


# --- feed health -------------------------------------------------------------------------------

def _fetch_ok(frame: pd.DataFrame) -> pd.Series:
    """A fetch succeeded when it raised no error and got no HTTP error status (304 is success)."""
    error = frame["error"].astype(object)
    no_error = error.isna() | (error.astype(str).str.strip() == "")
    status = pd.to_numeric(frame["http_status"], errors="coerce")
    return no_error & (status.isna() | (status < 400))


def fetch_history(con: Any, since: datetime, exclude_batch: str | None) -> pd.DataFrame:
    """Earlier fetch attempts from the writer DB: what each feed's usual rhythm is learned from."""
    columns = ["feed", "fetched_at", "http_status", "new_entries", "error", "url"]
    if con is None:
        return pd.DataFrame(columns=columns)
    rows = con.execute(
        "SELECT feed, fetched_at, http_status, new_entries, error, url FROM feed_fetches "
        "WHERE fetched_at >= ? AND batch_id IS DISTINCT FROM ?",
        [since, exclude_batch],
    ).fetchall()
    return pd.DataFrame(rows, columns=columns)


def _trailing_failures(ok: pd.Series) -> int:
    count = 0
    for value in reversed(ok.tolist()):
        if value:
            break
        count += 1
    return count


def _usual_interval(times: pd.Series, cfg: dict[str, Any]) -> float:
    """A high quantile of the gaps between fetches that brought new entries, in hours.

    A high quantile rather than the median, because news feeds go quiet every night: "usual"
    must include the usual lulls or every feed is called silent at 3 a.m.
    """
    gaps = times.sort_values().diff().dropna().dt.total_seconds() / 3600.0
    if len(gaps) < cfg["min_history_intervals"]:
        return math.nan
    return max(float(gaps.quantile(cfg["usual_interval_quantile"])), cfg["min_interval_hours"])


def feed_health_frame(
    feed_fetches: pd.DataFrame,
    history: pd.DataFrame,
    pages: pd.Series,
    usable: pd.Series,
    *,
    now: datetime,
    cfg: dict[str, Any],
) -> pd.DataFrame:
    """One row per feed seen in this batch: extraction rate, failure streak and silence ratio.

    `pages` counts pages per feed that reached extraction (articles + extraction failures) and
    `usable` those whose text passed the extraction-related article expectations.
    """
    columns = ["feed", "url", "fetched_at", "http_status", "new_entries", "error"]
    current = feed_fetches.reindex(columns=columns)
    both = pd.concat([history.reindex(columns=columns), current], ignore_index=True)
    both["fetched_at"] = to_utc(both["fetched_at"])
    both = both.dropna(subset=["feed", "fetched_at"]).drop_duplicates(["feed", "fetched_at"])
    both = both.sort_values("fetched_at", kind="stable")
    both["ok"] = _fetch_ok(both)
    new = pd.to_numeric(both["new_entries"], errors="coerce").fillna(0) > 0
    both["fresh"] = both["ok"] & new
    now_ts = pd.Timestamp(now).tz_convert("UTC") if pd.Timestamp(now).tzinfo else pd.Timestamp(now, tz="UTC")

    feeds = sorted(set(current["feed"].dropna()) | set(pages.index) | set(usable.index))
    rows = []
    for feed in feeds:
        mine = both[both["feed"] == feed]
        fresh_times = mine.loc[mine["fresh"], "fetched_at"]
        usual = _usual_interval(fresh_times, cfg) if len(fresh_times) else math.nan
        silent_hours = (
            (now_ts - fresh_times.max()).total_seconds() / 3600.0 if len(fresh_times) else math.nan
        )
        failed = mine.loc[~mine["ok"]]
        last = mine.iloc[-1] if len(mine) else None
        n_pages = int(pages.get(feed, 0))
        rows.append({
            "feed": feed,
            "url": None if last is None else last["url"],
            "pages": n_pages,
            "usable": int(usable.get(feed, 0)),
            "extraction_success_rate": usable.get(feed, 0) / n_pages if n_pages else math.nan,
            "consecutive_fetch_failures": _trailing_failures(mine["ok"]),
            "last_error": None if failed.empty else str(failed.iloc[-1]["error"] or
                                                        f"HTTP {failed.iloc[-1]['http_status']}"),
            "hours_since_new_entries": silent_hours,
            "usual_interval_hours": usual,
            "silence_ratio": silent_hours / usual if usual == usual and usual > 0 else math.nan,
        })
    frame = pd.DataFrame(rows, columns=[
        "feed", "url", "pages", "usable", "extraction_success_rate", "consecutive_fetch_failures",
        "last_error", "hours_since_new_entries", "usual_interval_hours", "silence_ratio",
    ])
    for column in ("extraction_success_rate", "hours_since_new_entries", "usual_interval_hours",
                   "silence_ratio"):
        frame[column] = frame[column].astype(float)
    return frame


def history_since(now: datetime, cfg: dict[str, Any]) -> datetime:
    return now - timedelta(days=cfg["history_days"])
