"""Ingest task bodies: the glue between the DAG and `extract`, callable without Airflow."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from conflictwatch.config import Paths, load_feeds, slug

log = logging.getLogger(__name__)


def start_batch(paths: Paths, run_id: str, feeds_file: str | None) -> dict[str, Any]:
    """Open a batch for this run. A retried run whose batch is already sealed gets a fresh one,
    so pages fetched by the retry are never hidden in a batch that was already loaded."""
    from extract.staging import new_batch_dir

    feeds = load_feeds(feeds_file)
    base = slug(run_id)
    batch_id, n = base, 1
    while (paths.staging / batch_id / "_SEALED").exists():
        n += 1
        batch_id = f"{base}-r{n}"
    batch_dir = new_batch_dir(paths.staging, batch_id)
    log.info("batch %s: %d feeds", batch_id, len(feeds))
    return {"batch_id": batch_id, "batch_dir": str(batch_dir), "feeds": feeds}


def fetch_feed(paths: Paths, feed: dict[str, Any], batch_dir: str) -> dict[str, Any]:
    from extract.http import FetchSettings
    from extract.ingest import ingest_feed

    counts = ingest_feed(feed, Path(batch_dir), paths.fetch_state, FetchSettings.from_env())
    if counts.get("error"):
        log.warning("feed %s: %s", feed["name"], counts["error"])
    return counts


def seal(batch_dir: str) -> dict[str, Any]:
    """Counts come from the staged files themselves, so a retried feed task is never counted twice."""
    from extract.staging import seal_batch

    return seal_batch(Path(batch_dir))
