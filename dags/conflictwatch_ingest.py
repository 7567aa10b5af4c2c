"""
### conflictwatch ingest

Fetches every feed in the feeds file (`CONFLICTWATCH_FEEDS_FILE`, default `config/feeds.yaml`),
finds entries not seen before and downloads their pages into a staged batch under
`<data dir>/staging/<batch_id>/`. One mapped task per feed: a dead feed is recorded in its own
task's output and never fails the batch. Sealing the batch updates the
`conflictwatch_staged_batches` asset, which schedules **conflictwatch_process**.

Schedule: every 15 minutes (`CONFLICTWATCH_INGEST_SCHEDULE`: minutes or a cron expression).
Manual runs accept conf `{"feeds_file": "...", "data_dir": "..."}`.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Metadata, dag, get_current_context, task

from conflictwatch.orchestration import (
    DEFAULT_ARGS,
    STAGED,
    ingest_schedule,
    task_feeds_file,
    task_paths,
)


@dag(
    dag_id="conflictwatch_ingest",
    schedule=ingest_schedule(),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["conflictwatch", "ingest"],
    doc_md=__doc__,
)
def conflictwatch_ingest() -> None:
    @task
    def start_batch() -> dict:
        from conflictwatch.ingest_tasks import start_batch

        ctx = get_current_context()
        return start_batch(task_paths(ctx), ctx["run_id"], task_feeds_file(ctx))

    @task
    def feeds_of(batch: dict) -> list[dict]:
        return batch["feeds"]

    @task(map_index_template="{{ feed.name }}")
    def fetch_feed(feed: dict, batch: dict) -> dict:
        from conflictwatch.ingest_tasks import fetch_feed

        return fetch_feed(task_paths(get_current_context()), feed, batch["batch_dir"])

    # all_done: staged entries are already marked seen, so the batch is sealed even if a feed's
    # task crashed — otherwise the pages it did stage would never be processed.
    @task(outlets=[STAGED], trigger_rule="all_done")
    def seal(batch: dict):
        from conflictwatch.ingest_tasks import seal

        summary = seal(batch["batch_dir"])
        yield Metadata(STAGED, summary)
        return summary

    batch = start_batch()
    fetched = fetch_feed.partial(batch=batch).expand(feed=feeds_of(batch))
    fetched >> seal(batch)


conflictwatch_ingest()
