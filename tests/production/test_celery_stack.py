"""The production topology for real, without Docker: PostgreSQL metadata DB, Redis broker,
CeleryExecutor, api-server, scheduler, dag-processor and two Celery workers as processes.

The sample corpus is served on 127.0.0.1; ingest is triggered once and the asset events must carry
the work through process and alerts. Then the warehouse must hold the sample, tasks must have run
on both workers, and every warehouse-queue task (the single DuckDB writer) on worker 1 only.
"""

from __future__ import annotations

import contextlib
import importlib.util
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

pytestmark = [pytest.mark.production, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
DEADLINE_SECONDS = 480
# Yearly: unpausing ingest makes the scheduler start exactly one run (the latest cron point since
# start_date, catchup=False), and no second one arrives while the test waits.
ONCE_A_YEAR = "0 0 1 1 *"


def _load_launcher() -> Any:
    spec = importlib.util.spec_from_file_location("production_stack", REPO / "scripts" / "production_stack.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


ps = _load_launcher()


@pytest.fixture(scope="module")
def services() -> None:
    missing = [f"{name} on 127.0.0.1:{port}" for name, port in (("PostgreSQL", 5432), ("Redis", 6379))
               if not ps.reachable("127.0.0.1", port)]
    if missing:
        pytest.skip(f"production stack test needs {' and '.join(missing)} (CI has both; start them locally "
                    "to run this test)")


def _runs(stack: Any) -> dict[str, list[tuple[str, str, str]]]:
    rows = stack.metadata_query("SELECT dag_id, run_id, run_type, state FROM dag_run WHERE dag_id = ANY(%s) "
                                "ORDER BY id", (list(ps.PIPELINE_DAGS),))
    out: dict[str, list[tuple[str, str, str]]] = {dag: [] for dag in ps.PIPELINE_DAGS}
    for dag_id, run_id, run_type, state in rows:
        out[dag_id].append((run_id, str(run_type), str(state)))
    return out


def _task_states(stack: Any) -> list[tuple[Any, ...]]:
    return stack.metadata_query(
        "SELECT dag_id, task_id, map_index, state, hostname, queue, pool FROM task_instance "
        "WHERE dag_id = ANY(%s) ORDER BY dag_id, start_date", (list(ps.PIPELINE_DAGS),))


def _wait_for_pipeline(stack: Any) -> dict[str, list[tuple[str, str, str]]]:
    """Until ingest, then process and alerts started by asset events, have all finished."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    runs: dict[str, list[tuple[str, str, str]]] = {}
    while time.monotonic() < deadline:
        stack.check_alive()
        runs = _runs(stack)
        finished = all(runs[dag] and all(state in ("success", "failed") for _, _, state in runs[dag])
                       for dag in ps.PIPELINE_DAGS)
        failed_early = any(state == "failed" for dag in ps.PIPELINE_DAGS[:2] for _, _, state in runs[dag])
        if finished or failed_early:
            return runs
        time.sleep(3)
    pytest.fail(f"pipeline not finished after {DEADLINE_SECONDS} s: runs {runs}\n"
                f"tasks {_task_states(stack)}\nscheduler log:\n{stack.tail('scheduler')}")


def _ensure_one_ingest_run(stack: Any, wait: float = 180) -> None:
    """The run unpausing creates; a manual trigger only if the scheduler made none (then the
    timetable changed, and the test still exercises the same path)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if _runs(stack)["conflictwatch_ingest"]:
            return
        time.sleep(2)
    stack.airflow("dags", "trigger", "conflictwatch_ingest")


@contextlib.contextmanager
def _feeds_file(tmp: Path) -> Iterator[Path]:
    from conflictwatch.sample.server import render_feeds_file, serve

    with serve(port=0) as server:
        path = tmp / "feeds.yaml"
        path.write_text(render_feeds_file(server.base_url, None), encoding="utf-8")
        yield path


def test_pipeline_on_two_celery_workers(services: None, tmp_path: Path) -> None:
    data = tmp_path / "data"
    worker_1, worker_2 = (w.name for w in ps.DEFAULT_WORKERS)
    with contextlib.ExitStack() as cleanup:
        feeds = cleanup.enter_context(_feeds_file(tmp_path))
        db = cleanup.enter_context(ps.temporary_postgres_db())
        broker = cleanup.enter_context(ps.temporary_redis_db())
        stack = cleanup.enter_context(ps.ProductionStack(
            home=tmp_path / "airflow", data_dir=data, sql_alchemy_conn=db, broker_url=broker,
            extra_env={
                "CONFLICTWATCH_FEEDS_FILE": str(feeds),
                "CONFLICTWATCH_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
                "CONFLICTWATCH_INGEST_SCHEDULE": ONCE_A_YEAR,
                "CONFLICTWATCH_TASK_RETRIES": "0",
            }))
        stack.init()
        stack.start()
        stack.wait_for_dags()
        stack.airflow("dags", "unpause", "--treat-dag-id-as-regex", "-y",
                      "^(" + "|".join(ps.PIPELINE_DAGS) + ")$")
        _ensure_one_ingest_run(stack)
        runs = _wait_for_pipeline(stack)
        tasks = _task_states(stack)
        diagnosis = f"runs {runs}\ntasks {tasks}\nworker-1 log:\n{stack.tail(worker_1)}"

        # One ingest; process and alerts were started by the assets, and all succeeded.
        assert [s for _, _, s in runs["conflictwatch_ingest"]] == ["success"], diagnosis
        for dag in ("conflictwatch_process", "conflictwatch_alerts"):
            assert runs[dag], f"{dag} never ran: {diagnosis}"
            assert all(t == "asset_triggered" for _, t, _ in runs[dag]), diagnosis
            assert all(s == "success" for _, _, s in runs[dag]), diagnosis

        # Work was shared: both worker host names ran task instances (conflictwatch/hostname.py).
        hosts = {row[4] for row in tasks}
        print("task instances per worker:", {h: sum(1 for row in tasks if row[4] == h) for h in sorted(hosts)})
        assert {worker_1, worker_2} <= hosts, diagnosis
        # The one DuckDB writer: every warehouse-queue task ran on worker 1, in the one-slot pool.
        writers = [row for row in tasks if row[5] == ps.WAREHOUSE_QUEUE]
        assert {(row[0], row[1]) for row in writers} >= {("conflictwatch_process", "load"),
                                                          ("conflictwatch_alerts", "spike_check")}, diagnosis
        for dag_id, task_id, _, state, host, _, pool in writers:
            assert (host, pool, state) == (worker_1, ps.WAREHOUSE_POOL, "success"), (dag_id, task_id, diagnosis)

    _assert_warehouse(data / "warehouse.duckdb")


def _assert_warehouse(db: Path) -> None:
    """The sample corpus is in the analysts' file: every article accounted for, events of both types."""
    manifest = yaml.safe_load((REPO / "conflictwatch" / "sample" / "manifest.yaml").read_text(encoding="utf-8"))
    assert db.exists(), f"no published warehouse at {db}"
    con = duckdb.connect(str(db), read_only=True)
    try:
        urls = [row[0] for row in con.execute("SELECT url FROM articles").fetchall()]
        held = [row[0] for row in con.execute("SELECT url FROM quarantine").fetchall()]
        events = dict(con.execute("SELECT type, count(*) FROM events GROUP BY 1").fetchall())
        evidence = con.execute("SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id "
                               "WHERE strpos(a.text, e.evidence) > 0 OR strpos(a.title, e.evidence) > 0"
                               ).fetchall()[0][0]
        batches = con.execute("SELECT count(*) FROM batches").fetchall()[0][0]
    finally:
        con.close()
    expected = [item["url_path"] for item in manifest["articles"]]
    loaded = [p for p in expected if any(p in url for url in urls)]
    unaccounted = [p for p in expected if p not in loaded and not any(p in url for url in held)]
    assert not unaccounted, f"sample articles neither loaded nor quarantined: {unaccounted}"
    assert len(loaded) >= 0.8 * len(expected), f"only {len(loaded)} of {len(expected)} sample articles loaded"
    assert len(urls) == len(set(urls)), "an article was loaded twice"
    assert events.get("drone_strike", 0) > 0 and events.get("negotiation", 0) > 0, events
    assert evidence == sum(events.values()), "every event's evidence is verbatim in its article"
    assert batches == 1
