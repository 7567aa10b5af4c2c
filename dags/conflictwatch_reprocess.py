"""
### conflictwatch reprocess

Re-tags every stored article whose events were produced by an older tagger version, after the
rules or lexicons in `transform/tagger/data/` change. Each article's events are replaced in one
transaction; clusters follow. Trigger it by hand after deploying new rules (conf
`{"force": true}` re-tags everything). The same as `conflictwatch reprocess`.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import dag, get_current_context, task

from conflictwatch.orchestration import DEFAULT_ARGS, WAREHOUSE, WAREHOUSE_POOL, WAREHOUSE_QUEUE, task_paths


@dag(
    dag_id="conflictwatch_reprocess",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["conflictwatch", "maintenance"],
    doc_md=__doc__,
)
def conflictwatch_reprocess() -> None:
    @task(outlets=[WAREHOUSE], pool=WAREHOUSE_POOL, queue=WAREHOUSE_QUEUE)
    def retag() -> dict:
        from conflictwatch.retag import retag_all

        ctx = get_current_context()
        force = bool((getattr(ctx.get("dag_run"), "conf", None) or {}).get("force", False))
        return retag_all(task_paths(ctx), force=force)

    retag()


conflictwatch_reprocess()
