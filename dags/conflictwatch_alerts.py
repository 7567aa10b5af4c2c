"""
### conflictwatch alerts

Runs the spike check whenever the warehouse changes (scheduled on the `conflictwatch_warehouse`
asset): per event type, per type × region and per negotiation thread, over event clusters (not raw
reports), coverage-aware. New alerts are stored in `alerts` and delivered through the configured
channels (email, Slack, JSON webhook); with none configured they go to this task's log.
See `docs/ALERTS.md` for the rule and its parameters.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import dag, get_current_context, task

from conflictwatch.orchestration import DEFAULT_ARGS, WAREHOUSE, WAREHOUSE_POOL, WAREHOUSE_QUEUE, task_paths


@dag(
    dag_id="conflictwatch_alerts",
    schedule=[WAREHOUSE],
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["conflictwatch", "alerts"],
    doc_md=__doc__,
)
def conflictwatch_alerts() -> None:
    @task(pool=WAREHOUSE_POOL, queue=WAREHOUSE_QUEUE)
    def spike_check() -> dict:
        from conflictwatch.alert_tasks import spike_check

        return spike_check(task_paths(get_current_context()))

    spike_check()


conflictwatch_alerts()
