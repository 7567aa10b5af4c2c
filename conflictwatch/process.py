"""The process stages: staged batches -> articles -> duplicates marked -> events -> checked -> loaded.

Each stage is a plain function over a run's work dir (`<data>/work/<run_id>/`) so that Airflow
tasks pass only paths and counts, a failed task can be retried without redoing earlier stages,
and every stage can be called from tests or a notebook without Airflow.
"""

from __future__ import annotations

import json
import logging
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from conflictwatch.config import Paths
from conflictwatch.records import EVENT_COLUMNS, article_id, event_row, failure_row

log = logging.getLogger(__name__)

ARTICLE_COLUMNS = [
    "id", "url", "canonical_url", "feed", "source", "guid", "title", "text", "published_at",
    "published_basis", "fetched_at", "language", "content_hash", "duplicate_of", "duplicate_kind",
    "similarity", "batch_id",
]
FETCH_COLUMNS = [
    "batch_id", "feed", "url", "fetched_at", "http_status", "entries", "new_entries", "error",
    "not_modified", "body_sha256", "elapsed_ms",
]
FAILURE_COLUMNS = ["id", "batch_id", "stage", "url", "feed", "error", "occurred_at"]


def run_dir(paths: Paths, run_id: str) -> Path:
    from conflictwatch.config import slug

    path = paths.work / slug(run_id)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write(frame: pd.DataFrame, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    frame.to_parquet(tmp, index=False)
    tmp.replace(path)


def _read(path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame(columns=columns or [])
    return pd.read_parquet(path)


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


# --- plan --------------------------------------------------------------------------------------

def plan(paths: Paths, run_id: str) -> dict[str, Any]:
    """Choose every sealed batch not loaded yet, whatever triggered this run."""
    from extract.staging import sealed_batches
    from warehouse.store import writer

    sealed = sealed_batches(paths.staging)
    with writer(paths) as con:
        loaded = {row[0] for row in con.execute("SELECT batch_id FROM batches").fetchall()}
    pending = [p.name for p in sealed if p.name not in loaded]
    out = run_dir(paths, run_id)
    (out / "plan.json").write_text(json.dumps({"run_id": run_id, "batches": pending}), encoding="utf-8")
    return {"run_dir": str(out), "batches": len(pending)}


def planned_batches(out: Path) -> list[str]:
    return list(json.loads((out / "plan.json").read_text(encoding="utf-8"))["batches"])


# --- extract -----------------------------------------------------------------------------------

def extract_one(item: tuple[str, str, str | None, str | None]) -> dict[str, Any]:
    """Extract one staged page (url, body path, feed date, feed title): {"page": ...} or {"error": ...}.

    Runs in a worker process (conflictwatch.parallel), so it takes and returns plain values and
    never raises for a bad page."""
    from extract.articles import ExtractionError, extract_page

    url, body_path, feed_published, feed_title = item
    try:
        body = Path(body_path).read_bytes()
        page = extract_page(body, url, feed_published=feed_published, feed_title=feed_title)
    except (ExtractionError, OSError) as exc:
        return {"error": str(exc)}
    except Exception as exc:  # one odd page never sinks the batch
        return _crashed("extractor", exc)
    return {"page": page.as_dict()}


def _crashed(what: str, exc: Exception) -> dict[str, str]:
    """The answer of an item function whose code crashed. The traceback goes back with it: the stage
    logs it once, with the URL, wherever the item ran (a worker's own log output would bypass the
    task's logging)."""
    return {"error": f"{what} crashed: {type(exc).__name__}: {exc}", "trace": traceback.format_exc()}


def extract_stage(paths: Paths, out: Path) -> dict[str, int]:
    """Extract every staged page; a page that yields no article becomes a failure row."""
    from conflictwatch.parallel import map_ordered
    from extract.staging import read_batch
    from transform.canonical import canonicalize_url, outlet_of
    from transform.dedupe import content_hash

    articles: list[dict[str, Any]] = []
    fetches: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    staged: list[tuple[str, str, dict[str, Any], str]] = []  # (batch id, url, meta, body path), staging order
    for batch_id in planned_batches(out):
        batch = read_batch(paths.staging / batch_id)
        for fetch in batch.feed_fetches:
            fetches.append({**{c: fetch.get(c) for c in FETCH_COLUMNS}, "batch_id": batch_id})
        failures.extend(failure_row(f, batch_id) for f in batch.failures)
        staged.extend((batch_id, meta.get("final_url") or meta["url"], meta, str(body_path))
                      for meta, body_path in batch.pages)
    results = map_ordered(extract_one, [(url, body, meta.get("entry_published"), meta.get("entry_title"))
                                        for _b, url, meta, body in staged], label="extract")
    for (batch_id, url, meta, _body), got in zip(staged, results, strict=True):
        if "error" in got:
            if "trace" in got:
                log.error("extraction crashed on %s\n%s", url, got["trace"])
            failures.append(failure_row({"stage": "extract", "url": url, "feed": meta.get("feed"),
                                         "error": got["error"]}, batch_id))
            continue
        page = got["page"]
        canonical = canonicalize_url(meta["url"])
        fetched_at = meta.get("fetched_at") or datetime.now(UTC).isoformat()
        published = page["published"]
        basis = page["published_basis"]
        if published is None:
            published, basis = fetched_at, "fetched_at"
        articles.append({
            "id": article_id(canonical),
            "url": url,
            "canonical_url": canonical,
            "feed": meta.get("feed"),
            "source": meta.get("source") or outlet_of(url),
            "guid": meta.get("guid"),
            "title": page["title"],
            "text": page["text"],
            "published_at": published,
            "published_basis": basis,
            "fetched_at": fetched_at,
            "language": page["language"],
            "content_hash": content_hash(page["text"]),
            "duplicate_of": None,
            "duplicate_kind": None,
            "similarity": None,
            "batch_id": batch_id,
        })
    frame = _frame(articles, ARTICLE_COLUMNS)
    # The same URL staged twice (a crash between staging and marking seen) keeps its first copy.
    frame = frame.sort_values(["fetched_at", "id"]).drop_duplicates("id", keep="first")
    _write(frame, out / "articles_extracted.parquet")
    _write(_frame(fetches, FETCH_COLUMNS), out / "feed_fetches.parquet")
    _write(_frame(failures, FAILURE_COLUMNS).drop_duplicates("id"), out / "failures.parquet")
    return {"articles": len(frame), "failures": len(failures), "feeds": len(fetches)}


# --- dedupe ------------------------------------------------------------------------------------

def dedupe_stage(paths: Paths, out: Path) -> dict[str, int]:
    """Mark exact and near copies against this run and recent stored articles."""
    from transform.cluster import key_in
    from transform.dedupe import mark_duplicates, signature_sidecar
    from warehouse.store import writer

    frame = _read(out / "articles_extracted.parquet", ARTICLE_COLUMNS)
    records = frame.to_dict("records")
    with writer(paths) as con:
        keyed, args = key_in([str(r["id"]) for r in records])  # index lookups, not a scan of all ids
        known = dict(con.execute(f"SELECT id, content_hash FROM articles WHERE id IN {keyed}",
                                 args).fetchall()) if records else {}
        # Unchanged articles (a rerun, or one URL in two feeds) are dropped here; a changed text at a
        # known URL goes on and replaces the stored text, keeping the old one in article_versions.
        records = [r for r in records if known.get(r["id"]) != r["content_hash"]]
        marked = mark_duplicates(con, records) if records else []
    for row in marked:
        if row.get("duplicate_of") == row["id"]:
            row.update(duplicate_of=None, duplicate_kind=None, similarity=None)
    result = _frame(marked, ARTICLE_COLUMNS)
    _write(result, out / "articles.parquet")
    # The MinHash signatures just computed, so the load stage stores them instead of recomputing.
    _write(signature_sidecar(marked), out / "signatures.parquet")
    copies = int(result["duplicate_of"].notna().sum()) if len(result) else 0
    return {"articles": len(result), "duplicates": copies, "unchanged": len(frame) - len(result)}


# --- tag ---------------------------------------------------------------------------------------

def tag_one(item: tuple[str, str, str]) -> dict[str, Any]:
    """Tag one article (title, text, published): {"events": [...]} or {"error": message}.

    Runs in a worker process (conflictwatch.parallel): plain values in and out, never raises."""
    from extract.articles import parse_datetime
    from transform.tagger import tag

    title, text, published = item
    try:
        return {"events": tag(title, text, parse_datetime(published))}
    except Exception as exc:  # a tagger bug on one article is recorded, not fatal
        return _crashed("tagger", exc)


def tag_stage(out: Path) -> dict[str, int]:
    """Tag every new or changed article (copies too: they join the original's cluster)."""
    from conflictwatch.parallel import map_ordered
    from transform.tagger import TAGGER_VERSION

    frame = _read(out / "articles.parquet", ARTICLE_COLUMNS)
    now = datetime.now(UTC)
    rows: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    records = frame.to_dict("records")
    results = map_ordered(tag_one, [(art["title"] or "", art["text"] or "", str(art["published_at"]))
                                    for art in records], label="tag")
    for art, got in zip(records, results, strict=True):
        if "error" in got:
            log.error("tagger crashed on %s\n%s", art["url"], got["trace"])
            failures.append(failure_row({"stage": "tag", "url": art["url"], "feed": art["feed"],
                                         "error": got["error"]}, art["batch_id"]))
            continue
        rows.extend(event_row(art["id"], ev, now) for ev in got["events"])
    events_frame = _frame(rows, EVENT_COLUMNS).drop_duplicates("id")
    _write(events_frame, out / "events.parquet")
    # Which tagger read these articles, for the batch rows: articles without events leave no version
    # in `events`, and reprocess must not take them for untagged.
    (out / "tagger_version.txt").write_text(TAGGER_VERSION, encoding="utf-8")
    if failures:
        old = _read(out / "failures.parquet", FAILURE_COLUMNS)
        _write(pd.concat([old, _frame(failures, FAILURE_COLUMNS)]).drop_duplicates("id"),
               out / "failures.parquet")
    return {"events": len(events_frame), "articles_with_events": events_frame["article_id"].nunique()}


def _tagger_version(out: Path) -> str | None:
    """The version the tag stage recorded (None for a run directory written by an older version)."""
    path = out / "tagger_version.txt"
    return path.read_text(encoding="utf-8").strip() or None if path.exists() else None


# --- validate ----------------------------------------------------------------------------------

def validate_stage(paths: Paths, out: Path, run_id: str) -> dict[str, Any]:
    """Great-expectations gates: bad rows to quarantine, batch-level problems kept for later."""
    from transform.quality import validate_batch
    from warehouse.store import writer

    articles = _read(out / "articles.parquet", ARTICLE_COLUMNS)
    events = _read(out / "events.parquet", EVENT_COLUMNS)
    fetches = _read(out / "feed_fetches.parquet", FETCH_COLUMNS)
    failures = _read(out / "failures.parquet", FAILURE_COLUMNS)
    with writer(paths) as con:
        result = validate_batch(articles, events, fetches, failures, data_dir=paths.root,
                                batch_id=run_id, now=datetime.now(UTC), con=con)
    _write(result.articles, out / "articles_ok.parquet")
    _write(result.events, out / "events_ok.parquet")
    (out / "quarantine.json").write_text(json.dumps(result.quarantine, default=str), encoding="utf-8")
    (out / "validation_runs.json").write_text(json.dumps(result.validation_runs, default=str),
                                              encoding="utf-8")
    (out / "problems.json").write_text(json.dumps(result.batch_problems), encoding="utf-8")
    return {"articles_ok": len(result.articles), "events_ok": len(result.events),
            "quarantined": len(result.quarantine), "problems": len(result.batch_problems),
            "data_docs": str(result.data_docs_index)}


# --- load --------------------------------------------------------------------------------------

def load_stage(paths: Paths, out: Path, run_id: str) -> dict[str, Any]:
    """Load the run in one transaction, then publish the analysts' file."""
    from transform.dedupe import remember_signatures
    from warehouse.load import LoadInput, load_run
    from warehouse.store import publish, writer

    sidecar = out / "signatures.parquet"
    if sidecar.exists():  # optional: without it store_signatures computes the signatures itself
        remember_signatures(pd.read_parquet(sidecar))
    data = LoadInput(
        run_id=run_id,
        batch_ids=planned_batches(out),
        articles=_read(out / "articles_ok.parquet", ARTICLE_COLUMNS),
        events=_read(out / "events_ok.parquet", EVENT_COLUMNS),
        feed_fetches=_read(out / "feed_fetches.parquet", FETCH_COLUMNS),
        failures=_read(out / "failures.parquet", FAILURE_COLUMNS),
        quarantine=json.loads((out / "quarantine.json").read_text(encoding="utf-8")),
        validation_runs=json.loads((out / "validation_runs.json").read_text(encoding="utf-8")),
        tagger_version=_tagger_version(out),
    )
    with writer(paths) as con:
        counts = load_run(con, data)
        if _needs_publish(paths, counts):
            publish(con, paths)
            counts["published"] = True
    return {**counts, "warehouse": str(paths.warehouse)}


def _needs_publish(paths: Paths, counts: dict[str, Any]) -> bool:
    """Publishing copies the whole writer DB, so a run that added only fetch records (nothing new
    in the feeds) republishes at most every CONFLICTWATCH_PUBLISH_MAX_AGE minutes (default 60)."""
    import os
    import time

    changed = any(counts.get(k) for k in ("articles", "updated", "events", "failures", "quarantined"))
    if changed or not paths.warehouse.exists():
        return True
    max_age = float(os.environ.get("CONFLICTWATCH_PUBLISH_MAX_AGE", "60")) * 60
    return time.time() - paths.warehouse.stat().st_mtime > max_age


def batch_problems(out: Path) -> list[str]:
    path = out / "problems.json"
    return list(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else []
