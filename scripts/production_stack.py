"""The production topology as local processes: what docker-compose.yml runs, without Docker.

PostgreSQL holds Airflow's metadata, Redis is the Celery broker, and these Airflow processes run
side by side, each in its own process group so that stopping the stack never leaves orphans:

    api-server (UI, REST and the execution API task runners report to)
    scheduler (CeleryExecutor)        dag-processor
    worker-1: queues default,warehouse (the one DuckDB writer)
    worker-2: queue default

Used by tests/production/test_celery_stack.py, and by an operator who wants to try the distributed
setup on one machine before deploying compose:

    .venv/bin/python scripts/production_stack.py --data-dir /tmp/cw --feeds config/feeds.yaml

(needs PostgreSQL with a `postgres` user allowed to create databases, and Redis, on 127.0.0.1;
Ctrl-C stops every process and drops the database it created).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PIPELINE_DAGS = ("conflictwatch_ingest", "conflictwatch_process", "conflictwatch_alerts")
WAREHOUSE_QUEUE = "warehouse"
WAREHOUSE_POOL = "conflictwatch_warehouse"


class StackError(RuntimeError):
    """The stack could not start or a command in it failed; the message names the log to read."""


@dataclass(frozen=True)
class Worker:
    """One Celery worker: its recorded host name and the queues it consumes."""

    name: str
    queues: tuple[str, ...]
    concurrency: int = 1


DEFAULT_WORKERS = (
    Worker("conflictwatch-worker-1", ("default", WAREHOUSE_QUEUE)),
    Worker("conflictwatch-worker-2", ("default",)),
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def reachable(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


# --- disposable backing services ---------------------------------------------------------------

@contextlib.contextmanager
def temporary_postgres_db(host: str = "127.0.0.1", port: int = 5432, user: str = "postgres") -> Iterator[str]:
    """A fresh database for one stack; dropped afterwards (connections forced closed first)."""
    import psycopg

    name = f"cw_airflow_{uuid.uuid4().hex[:10]}"
    admin = f"host={host} port={port} user={user} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg2://{user}@{host}:{port}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def temporary_redis_db(host: str = "127.0.0.1", port: int = 6379) -> Iterator[str]:
    """An empty Redis database number for one stack's broker; flushed afterwards.

    Claimed with a marker key (SET NX) so that two stacks started at once never share a broker.
    """
    import redis

    marker = f"conflictwatch-stack:{uuid.uuid4().hex}"
    for number in range(15, 0, -1):
        client = redis.Redis(host=host, port=port, db=number)
        if client.dbsize() == 0 and client.set("conflictwatch-stack-claim", marker, nx=True):
            break
        client.close()
    else:
        raise StackError(f"no empty Redis database among 1..15 on {host}:{port}")
    try:
        yield f"redis://{host}:{port}/{number}"
    finally:
        client.flushdb()
        client.close()


# --- the stack ---------------------------------------------------------------------------------

@dataclass
class ProductionStack:
    """Airflow's distributed processes on one machine, configured like docker-compose.yml."""

    home: Path
    data_dir: Path
    sql_alchemy_conn: str
    broker_url: str
    extra_env: dict[str, str] = field(default_factory=dict)
    workers: tuple[Worker, ...] = DEFAULT_WORKERS
    api_port: int = 0
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    _logs: list[IO[bytes]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.api_port = self.api_port or free_port()
        # Every component must agree on these secrets (tokens signed by the scheduler are checked
        # by the api-server), exactly as compose passes one .env to every service.
        self._secrets = {
            "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_urlsafe(32),
            "AIRFLOW__API__SECRET_KEY": secrets.token_urlsafe(32),
            "AIRFLOW__CORE__FERNET_KEY": _fernet_key(),
        }

    @property
    def log_dir(self) -> Path:
        return self.home / "process-logs"

    def env(self, worker: Worker | None = None) -> dict[str, str]:
        """The environment of every process; a worker adds its name (see conflictwatch/hostname.py)."""
        base = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "CONFLICTWATCH"))}
        base.update(self._secrets)
        base.update({
            "AIRFLOW_HOME": str(self.home),
            "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": self.sql_alchemy_conn,
            "AIRFLOW__CELERY__BROKER_URL": self.broker_url,
            "AIRFLOW__CELERY__RESULT_BACKEND": "db+" + self.sql_alchemy_conn.replace("+psycopg2", ""),
            "AIRFLOW__CELERY__WORKER_PREFETCH_MULTIPLIER": "1",
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{self.api_port}/execution/",
            "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
            "AIRFLOW__CORE__PLUGINS_FOLDER": str(REPO / "plugins"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
            "AIRFLOW__CORE__HOSTNAME_CALLABLE": "conflictwatch.hostname.worker_hostname",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
            "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(self.home / "logs"),
            # Parse new DAG files quickly: a test waits for the first parse.
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
            "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
            "CONFLICTWATCH_DATA_DIR": str(self.data_dir),
            "CONFLICTWATCH_WAREHOUSE_QUEUE": WAREHOUSE_QUEUE,
            "CONFLICTWATCH_WAREHOUSE_POOL": WAREHOUSE_POOL,
            "PYTHONUNBUFFERED": "1",
        })
        base.update(self.extra_env)
        if worker is not None:
            base["CONFLICTWATCH_WORKER_NAME"] = worker.name
        return base

    def airflow(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        """One Airflow CLI command against this stack; raises StackError with its output on failure."""
        proc = subprocess.run([str(VENV_BIN / "airflow"), *args], env=self.env(), capture_output=True, text=True,
                              timeout=timeout, cwd=self.home)
        if proc.returncode != 0:
            raise StackError(f"`airflow {' '.join(args)}` failed ({proc.returncode}):\n"
                             f"{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
        return proc

    def init(self) -> None:
        """What compose's airflow-init does: migrate the metadata DB and create the writer pool."""
        self.airflow("db", "migrate", timeout=300)
        self.airflow("pools", "set", WAREHOUSE_POOL, "1", "single DuckDB writer (conflictwatch)")

    def start(self) -> None:
        """Start every long-running process; returns once the api-server answers."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self._spawn("api-server", ["api-server", "--host", "127.0.0.1", "--port", str(self.api_port),
                                   "--workers", "1"])
        self._spawn("scheduler", ["scheduler"])
        self._spawn("dag-processor", ["dag-processor"])
        for worker in self.workers:
            # Logs of both workers land in one local folder the api-server reads directly, so the
            # per-worker log server (a fixed port two local workers would fight over) is not needed.
            self._spawn(worker.name, ["celery", "worker", "--queues", ",".join(worker.queues),
                                      "--celery-hostname", f"{worker.name}@%h",
                                      "--concurrency", str(worker.concurrency), "--skip-serve-logs"],
                        worker=worker)
        self.wait_for_api()

    def _spawn(self, name: str, args: list[str], worker: Worker | None = None) -> None:
        log = (self.log_dir / f"{name}.log").open("ab")
        self._logs.append(log)
        self.procs[name] = subprocess.Popen([str(VENV_BIN / "airflow"), *args], env=self.env(worker),
                                            stdout=log, stderr=subprocess.STDOUT, cwd=self.home,
                                            start_new_session=True)

    def check_alive(self) -> None:
        """Fail fast, naming the log, when a component died (a dead scheduler would otherwise look
        like a slow pipeline until the deadline)."""
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                raise StackError(f"{name} exited with {proc.returncode}; its log ends:\n{self.tail(name)}")

    def tail(self, name: str, chars: int = 3000) -> str:
        path = self.log_dir / f"{name}.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else "(no log)"

    def wait_for_api(self, timeout: float = 120) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{self.api_port}/execution/health"
        while time.monotonic() < deadline:
            self.check_alive()
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url, timeout=2).status_code == 200:
                    return
            time.sleep(1)
        raise StackError(f"api-server did not answer {url} within {timeout:.0f} s:\n{self.tail('api-server')}")

    def metadata_query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Read Airflow's metadata DB directly (the test checks where task instances ran)."""
        import psycopg

        dsn = self.sql_alchemy_conn.replace("postgresql+psycopg2://", "postgresql://")
        with psycopg.connect(dsn) as con:
            return list(con.execute(sql, params).fetchall())

    def wait_for_dags(self, dag_ids: tuple[str, ...] = PIPELINE_DAGS, timeout: float = 120) -> None:
        """Until the dag-processor has parsed and stored every DAG we are about to unpause."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_alive()
            rows = self.metadata_query("SELECT dag_id FROM dag WHERE dag_id = ANY(%s)", (list(dag_ids),))
            if len(rows) == len(dag_ids):
                return
            time.sleep(2)
        errors = self.metadata_query("SELECT filename, stacktrace FROM import_error")
        raise StackError(f"DAGs {dag_ids} not parsed within {timeout:.0f} s; import errors: {errors}\n"
                         f"{self.tail('dag-processor')}")

    def stop(self, grace: float = 20) -> None:
        """SIGTERM every process group (Celery warm shutdown), then SIGKILL what is left."""
        for proc in self.procs.values():
            _signal_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for proc in self.procs.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        for proc in self.procs.values():
            # The group may outlive its leader (task supervisors, pool children): kill it regardless.
            _signal_group(proc, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
        for log in self._logs:
            log.close()
        self._logs.clear()

    def __enter__(self) -> ProductionStack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _signal_group(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


def _fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="CONFLICTWATCH_DATA_DIR for the workers")
    parser.add_argument("--feeds", type=Path, default=REPO / "config" / "feeds.yaml", help="feeds file")
    parser.add_argument("--trigger", action="store_true", help="unpause the pipeline and trigger ingest once")
    args = parser.parse_args(argv)
    data_dir = args.data_dir.resolve()
    extra = {"CONFLICTWATCH_FEEDS_FILE": str(args.feeds.resolve())}
    for key in ("CONFLICTWATCH_ALLOW_PRIVATE_HOSTS", "CONFLICTWATCH_INGEST_SCHEDULE"):
        if os.environ.get(key):
            extra[key] = os.environ[key]
    with temporary_postgres_db() as db, temporary_redis_db() as broker, \
            ProductionStack(data_dir / "airflow-celery", data_dir, db, broker, extra_env=extra) as stack:
        stack.init()
        stack.start()
        print(f"UI and API on http://127.0.0.1:{stack.api_port}  (process logs in {stack.log_dir})", flush=True)
        if args.trigger:
            stack.wait_for_dags()
            stack.airflow("dags", "unpause", "--treat-dag-id-as-regex", "-y", "^(" + "|".join(PIPELINE_DAGS) + ")$")
            stack.airflow("dags", "trigger", PIPELINE_DAGS[0])
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                stack.check_alive()
                time.sleep(5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
