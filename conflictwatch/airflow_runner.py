"""Run the DAGs once, for real, through Airflow (`dag.test()`), on an embedded SQLite metadata DB.

Why `dag.test()`: it creates real DAG runs and task instances in Airflow's metadata DB and runs
every task through Airflow's task runner (mapping, XCom, asset events), without needing a
scheduler process — so `make demo`, `conflictwatch run` and the end-to-end tests exercise the very
DAG files an operator deploys.

Airflow reads its configuration when first imported, so `prepare_environment` must run before any
`airflow` import in this process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conflictwatch.config import Paths

DAGS_FOLDER = Path(__file__).resolve().parent.parent / "dags"
PIPELINE = ("conflictwatch_ingest", "conflictwatch_process", "conflictwatch_alerts")


class RunFailed(RuntimeError):
    """A DAG run itself failed (not a feed or an article: those are recorded, not fatal)."""


@dataclass
class DagResult:
    dag_id: str
    run_id: str
    state: str
    tasks: dict[str, str] = field(default_factory=dict)
    returns: dict[str, Any] = field(default_factory=dict)


def prepare_environment(paths: Paths, *, quiet: bool = True) -> Path:
    """Point Airflow at our DAG folder and an embedded home; migrate its DB once."""
    home = Path(os.environ.get("AIRFLOW_HOME") or paths.airflow_home)
    home.mkdir(parents=True, exist_ok=True)
    defaults = {
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_FOLDER),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "WARNING" if quiet else "INFO",
        # One pass in the foreground: a task that fails is reported at once, not retried after
        # minutes of backoff (the scheduler-driven deployment keeps its retries).
        "CONFLICTWATCH_TASK_RETRIES": "0",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
    os.environ["CONFLICTWATCH_DATA_DIR"] = str(paths.root)
    _migrate_once(home)
    return home


def _migrate_once(home: Path) -> None:
    import importlib.metadata

    version = importlib.metadata.version("apache-airflow-core")
    marker = home / ".conflictwatch-migrated"
    if marker.exists() and marker.read_text().strip() == version:
        return
    proc = subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], capture_output=True,
                          text=True, env=os.environ.copy())
    if proc.returncode != 0:
        raise RunFailed(f"`airflow db migrate` failed in {home}:\n{proc.stderr[-4000:]}")
    marker.write_text(version)


def run_dag(dag_id: str, conf: dict[str, Any]) -> DagResult:
    """One real DAG run; returns task states and their return values (XCom)."""
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAGS_FOLDER))
    if bag.import_errors:
        raise RunFailed(f"DAG files failed to import: {json.dumps(bag.import_errors, indent=1)}")
    dag = bag.get_dag(dag_id)
    if dag is None:
        raise RunFailed(f"DAG {dag_id} not found in {DAGS_FOLDER}")
    # dag.test() talks to Airflow's execution API in-process through Starlette's test client, which
    # warns about its own httpx transport on first import: nothing an operator can act on, and the
    # first thing a new user would see.
    warnings.filterwarnings("ignore", message=r"Using `httpx` with `starlette\.testclient` is deprecated")
    run = dag.test(run_conf=conf)
    return DagResult(dag_id, run.run_id, str(run.state), *_task_outcomes(dag_id, run.run_id))


def _task_outcomes(dag_id: str, run_id: str) -> tuple[dict[str, str], dict[str, Any]]:
    from airflow.models.taskinstance import TaskInstance
    from airflow.models.xcom import XComModel
    from airflow.utils.session import create_session

    states: dict[str, str] = {}
    returns: dict[str, Any] = {}
    with create_session() as session:
        for ti in session.query(TaskInstance).filter_by(dag_id=dag_id, run_id=run_id):
            key = ti.task_id if ti.map_index < 0 else f"{ti.task_id}[{ti.map_index}]"
            states[key] = str(ti.state)
        rows = session.execute(XComModel.get_many(run_id=run_id, dag_ids=dag_id, key="return_value"))
        for (row,) in rows:
            key = row.task_id if row.map_index < 0 else f"{row.task_id}[{row.map_index}]"
            returns[key] = _xcom_value(row)
    return states, returns


def _xcom_value(row: Any) -> Any:
    """XCom values are stored serialised; fall back to the raw value if that fails."""
    from airflow.models.xcom import XComModel

    try:
        return XComModel.deserialize_value(row)
    except (ValueError, TypeError, KeyError):
        return row.value


def run_pipeline(paths: Paths, feeds_file: str | None) -> list[DagResult]:
    """ingest → process → alerts, each a real DAG run; raises RunFailed if a run failed.

    `check_batch_health` failing is a quality finding, not a failed run: it is reported, and the
    data it guards is already loaded.
    """
    prepare_environment(paths)
    conf = {"data_dir": str(paths.root)}
    if feeds_file:
        conf["feeds_file"] = str(Path(feeds_file).resolve())
    results = []
    for dag_id in PIPELINE:
        result = run_dag(dag_id, conf)
        results.append(result)
        hard = {t: s for t, s in result.tasks.items()
                if s not in ("success", "skipped", "TaskInstanceState.SUCCESS") and t != "check_batch_health"}
        failed = {t: s for t, s in hard.items() if "fail" in s or "upstream" in s}
        if failed:
            raise RunFailed(f"{dag_id} run {result.run_id} failed: {failed}")
    return results
