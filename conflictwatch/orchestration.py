"""What DAG files share: assets, default task arguments, and how a task finds its settings.

Kept out of the DAG files so that each DAG reads like a table of contents, and kept free of heavy
imports because the DAG processor imports this on every parse.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

from airflow.sdk import Asset

from conflictwatch.config import Paths, paths

# The staged batch is written by ingest and consumed by process; the warehouse by alerts.
STAGED = Asset(name="conflictwatch_staged_batches", uri="conflictwatch://staging/batches")
WAREHOUSE = Asset(name="conflictwatch_warehouse", uri="conflictwatch://warehouse/warehouse.duckdb")

WAREHOUSE_POOL = os.environ.get("CONFLICTWATCH_WAREHOUSE_POOL", "conflictwatch_warehouse")
WAREHOUSE_QUEUE = os.environ.get("CONFLICTWATCH_WAREHOUSE_QUEUE", "default")

DEFAULT_ARGS: dict[str, Any] = {
    "owner": "conflictwatch",
    "retries": int(os.environ.get("CONFLICTWATCH_TASK_RETRIES", "2")),
    "retry_delay": timedelta(minutes=1),
    "retry_exponential_backoff": True,
}


def ingest_schedule() -> str | timedelta:
    """Every 15 minutes unless CONFLICTWATCH_INGEST_SCHEDULE says otherwise (cron or minutes)."""
    raw = os.environ.get("CONFLICTWATCH_INGEST_SCHEDULE", "15").strip()
    return timedelta(minutes=int(raw)) if raw.isdigit() else raw


def task_paths(context: dict[str, Any] | None = None) -> Paths:
    """The data dir for a task: the run's conf wins (manual runs, `conflictwatch run`), else env."""
    conf = _conf(context)
    return paths(conf.get("data_dir"))


def task_feeds_file(context: dict[str, Any] | None = None) -> str | None:
    return _conf(context).get("feeds_file")


def _conf(context: dict[str, Any] | None) -> dict[str, Any]:
    if not context:
        return {}
    run = context.get("dag_run")
    conf = getattr(run, "conf", None) or {}
    return dict(conf)
