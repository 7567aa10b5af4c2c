"""
### conflictwatch process

Turns every staged batch not yet loaded into warehouse rows: extract text (trafilatura) →
mark duplicates → tag drone-strike and negotiation events → great-expectations gates → load the
writer DB in one transaction and publish `<data dir>/warehouse.duckdb`.

Scheduled on the `conflictwatch_staged_batches` asset, but correct however it is started (asset
event, manual trigger, a test): `plan` picks every sealed batch not in the `batches` table.
The load runs in the one-slot pool `conflictwatch_warehouse` (one writer). `check_batch_health`
runs after the load and fails visibly when a batch-level quality gate failed — the good rows are
already loaded; the failure is for the operator to look at.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Metadata, dag, get_current_context, task

from conflictwatch.orchestration import (
    DEFAULT_ARGS,
    STAGED,
    WAREHOUSE,
    WAREHOUSE_POOL,
    WAREHOUSE_QUEUE,
    task_paths,
)


@dag(
    dag_id="conflictwatch_process",
    schedule=[STAGED],
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["conflictwatch", "process"],
    doc_md=__doc__,
)
def conflictwatch_process() -> None:
    # Every task that opens the writer DB runs in the one-slot pool on the warehouse queue.
    @task(pool=WAREHOUSE_POOL, queue=WAREHOUSE_QUEUE)
    def plan() -> dict:
        from conflictwatch import process

        ctx = get_current_context()
        return process.plan(task_paths(ctx), ctx["run_id"])

    @task
    def extract(planned: dict) -> dict:
        from pathlib import Path

        from conflictwatch import process

        return process.extract_stage(task_paths(get_current_context()), Path(planned["run_dir"]))

    @task(pool=WAREHOUSE_POOL, queue=WAREHOUSE_QUEUE)
    def dedupe(planned: dict, _extracted: dict) -> dict:
        from pathlib import Path

        from conflictwatch import process

        return process.dedupe_stage(task_paths(get_current_context()), Path(planned["run_dir"]))

    @task
    def tag(planned: dict, _deduped: dict) -> dict:
        from pathlib import Path

        from conflictwatch import process

        return process.tag_stage(Path(planned["run_dir"]))

    @task(pool=WAREHOUSE_POOL, queue=WAREHOUSE_QUEUE)
    def validate(planned: dict, _tagged: dict) -> dict:
        from pathlib import Path

        from conflictwatch import process

        ctx = get_current_context()
        return process.validate_stage(task_paths(ctx), Path(planned["run_dir"]), ctx["run_id"])

    @task(outlets=[WAREHOUSE], pool=WAREHOUSE_POOL, queue=WAREHOUSE_QUEUE)
    def load(planned: dict, _validated: dict):
        from pathlib import Path

        from conflictwatch import process

        ctx = get_current_context()
        counts = process.load_stage(task_paths(ctx), Path(planned["run_dir"]), ctx["run_id"])
        yield Metadata(WAREHOUSE, counts)
        return counts

    @task
    def check_batch_health(planned: dict, _loaded: dict) -> list[str]:
        from pathlib import Path

        from conflictwatch import process

        problems = process.batch_problems(Path(planned["run_dir"]))
        if problems:
            from airflow.exceptions import AirflowFailException

            from conflictwatch.operator_notify import notify_operator

            ctx = get_current_context()
            notify_operator(problems, dag_id=ctx["dag"].dag_id, run_id=ctx["run_id"])

            raise AirflowFailException("batch-level quality gates failed: " + "; ".join(problems))
        return problems

    planned = plan()
    extracted = extract(planned)
    deduped = dedupe(planned, extracted)
    tagged = tag(planned, deduped)
    validated = validate(planned, tagged)
    loaded = load(planned, validated)
    check_batch_health(planned, loaded)


conflictwatch_process()
