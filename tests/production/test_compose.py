"""docker-compose.yml, Dockerfile and .env.example agree with each other and with the code.

There is no Docker engine where these tests run, so they check what can go wrong without one: the
services of the topology exist, every Airflow process gets the settings the code reads, the single
DuckDB writer is pinned to one worker, and no variable the code reads is missing from .env.example.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from conflictwatch import hostname

REPO = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES: dict[str, Any] = COMPOSE["services"]
AIRFLOW_SERVICES = ["airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer",
                    "airflow-worker-1", "airflow-worker-2", "airflow-init"]
WORKERS = ["airflow-worker-1", "airflow-worker-2"]
CODE_DIRS = ["conflictwatch", "extract", "transform", "warehouse", "dags", "plugins", "scripts"]
DATA_DIR = "/opt/conflictwatch/data"
# The local launcher sets a whole Airflow installation's configuration, as docker-compose.yml does;
# it reads none of it from the operator's environment.
NOT_READ = {REPO / "scripts" / "production_stack.py"}


def _env(service: str) -> dict[str, str]:
    env = SERVICES[service].get("environment") or {}
    assert isinstance(env, dict), f"{service}: environment must be a mapping"
    return {k: str(v) for k, v in env.items()}


def _mounts(service: str) -> dict[str, str]:
    """container path -> source (named volume or host path)."""
    out = {}
    for item in SERVICES[service].get("volumes") or []:
        spec = re.sub(r":(ro|rw)$", "", str(item))
        source, target = spec.rsplit(":", 1)
        out[target] = source
    return out


def _command(service: str) -> str:
    command = SERVICES[service].get("command") or ""
    return command if isinstance(command, str) else " ".join(command)


def _env_example_names() -> set[str]:
    text = (REPO / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.M))


def _code_names(prefix: str) -> set[str]:
    """Every `PREFIX...` name in the code; names ending in `_` are prefixes (built with f-strings)."""
    names: set[str] = set()
    pattern = re.compile(rf"\b{prefix}[A-Z0-9_]*")
    for folder in CODE_DIRS:
        for path in sorted(set((REPO / folder).rglob("*.py")) - NOT_READ):
            names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return names


def test_services_of_the_topology() -> None:
    for name in ["postgres", "redis", *AIRFLOW_SERVICES]:
        assert name in SERVICES, f"docker-compose.yml has no service {name}"
    commands = {name: _command(name) for name in AIRFLOW_SERVICES}
    assert commands["airflow-apiserver"] == "api-server"
    assert commands["airflow-scheduler"] == "scheduler"
    assert commands["airflow-dag-processor"] == "dag-processor"
    assert commands["airflow-triggerer"] == "triggerer"
    assert all(commands[w].startswith("celery worker") for w in WORKERS)
    init = commands["airflow-init"]
    assert "airflow db migrate" in init
    assert re.search(r"airflow pools set conflictwatch_warehouse 1\b", init), "init creates the one-slot pool"
    assert "AIRFLOW_CONN_" in init, "init checks the connections given in the environment"


def test_airflow_services_use_the_project_image() -> None:
    for name in AIRFLOW_SERVICES:
        service = SERVICES[name]
        assert service.get("build") == ".", f"{name} must be built from ./Dockerfile"
        assert service.get("image", "").startswith("${CONFLICTWATCH_IMAGE"), name


def test_every_airflow_service_gets_the_settings_the_code_reads() -> None:
    for name in AIRFLOW_SERVICES:
        env = _env(name)
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://"), name
        assert "@postgres/" in env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"], name
        assert env["AIRFLOW__CELERY__RESULT_BACKEND"].startswith("db+postgresql://"), name
        assert re.match(r"redis://:\$\{REDIS_PASSWORD[^}]*\}@redis:6379/\d+$", env["AIRFLOW__CELERY__BROKER_URL"]), name
        assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://airflow-apiserver:8080/execution/", name
        # One secret for every component: tokens signed by the scheduler are checked by the api-server.
        assert env["AIRFLOW__API_AUTH__JWT_SECRET"].startswith("${AIRFLOW_JWT_SECRET:?"), name
        assert env["AIRFLOW__CORE__FERNET_KEY"].startswith("${AIRFLOW_FERNET_KEY:?"), name
        assert env["AIRFLOW__CORE__DAGS_FOLDER"] == "/opt/conflictwatch/dags", name
        assert env["AIRFLOW__CORE__LOAD_EXAMPLES"].lower() == "false", name
        assert env["AIRFLOW__CORE__HOSTNAME_CALLABLE"] == "conflictwatch.hostname.worker_hostname", name
        assert env["CONFLICTWATCH_DATA_DIR"] == DATA_DIR, name
        assert env["CONFLICTWATCH_FEEDS_FILE"].startswith("/opt/conflictwatch/config/"), name
        # Read when DAG files are parsed: the dag-processor and the workers must agree.
        assert env["CONFLICTWATCH_WAREHOUSE_QUEUE"] == "warehouse", name
        assert env["CONFLICTWATCH_WAREHOUSE_POOL"] == "conflictwatch_warehouse", name
        env_files = SERVICES[name].get("env_file") or []
        assert any(f.get("path") == ".env" and f.get("required") is False for f in env_files), name


def test_the_single_writer_is_worker_1() -> None:
    queues = {w: re.search(r"--queues\s+(\S+)", _command(w)) for w in WORKERS}
    assert queues["airflow-worker-1"] and set(queues["airflow-worker-1"].group(1).split(",")) == {"default",
                                                                                                  "warehouse"}
    assert queues["airflow-worker-2"] and queues["airflow-worker-2"].group(1).split(",") == ["default"]
    serving_warehouse = [name for name in SERVICES if "warehouse" in re.findall(r"--queues\s+\S*?(warehouse)",
                                                                                _command(name))]
    assert serving_warehouse == ["airflow-worker-1"], "exactly one worker may serve the warehouse queue"
    # Worker 1 holds the data volume with the warehouse; staging there is reached by every worker.
    for worker in WORKERS:
        assert _mounts(worker).get(DATA_DIR) == "conflictwatch-data", worker
    assert "conflictwatch-data" in COMPOSE["volumes"]
    assert _env("airflow-worker-1")["CONFLICTWATCH_WORKER_NAME"] == SERVICES["airflow-worker-1"]["hostname"]
    # The scalable worker has no fixed name: each replica reports its own container name.
    assert "CONFLICTWATCH_WORKER_NAME" not in _env("airflow-worker-2")
    assert "hostname" not in SERVICES["airflow-worker-2"]


def test_backing_services_take_secrets_from_env() -> None:
    pg = SERVICES["postgres"]["environment"]
    assert pg["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert any("--requirepass" in str(part) for part in SERVICES["redis"]["command"])
    raw = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
    assert not re.search(r"(PASSWORD|SECRET|FERNET_KEY)\w*:\s*['\"]?[A-Za-z0-9]{8,}", raw), "a literal secret"


def test_env_example_lists_every_variable_the_code_reads() -> None:
    listed = _env_example_names()
    names = _code_names("CONFLICTWATCH_") | _code_names("AIRFLOW__") | _code_names("AIRFLOW_CONN_")
    exact = {n for n in names if not n.endswith("_")}
    missing = sorted(exact - listed)
    assert not missing, f".env.example does not list {missing}"
    for prefix in sorted(n for n in names if n.endswith("_")):
        assert any(n.startswith(prefix) for n in listed), f".env.example lists nothing named {prefix}*"
    # CONFLICTWATCH_FETCH_<KEY> exists for every key of the fetch settings file.
    fetch_keys = yaml.safe_load((REPO / "config" / "fetch.yaml").read_text(encoding="utf-8"))
    missing_fetch = sorted({f"CONFLICTWATCH_FETCH_{k.upper()}" for k in fetch_keys} - listed)
    assert not missing_fetch, f".env.example does not list {missing_fetch}"


def test_env_example_fills_every_compose_variable() -> None:
    raw = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
    interpolated = set(re.findall(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)", raw))
    missing = sorted(interpolated - _env_example_names())
    assert not missing, f"docker-compose.yml reads {missing}, which .env.example does not list"
    required = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*):\?", raw))
    text = (REPO / ".env.example").read_text(encoding="utf-8")
    for name in required:
        assert re.search(rf"^{name}=", text, flags=re.M), f"required {name} must be an uncommented line"


def test_dockerfile_matches_the_pinned_airflow() -> None:
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    base = re.search(r"^FROM\s+apache/airflow:(\S+)-python(\S+)$", dockerfile, flags=re.M)
    assert base, "Dockerfile must start FROM apache/airflow:<version>-python<version>"
    version, python = base.groups()
    deps = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pinned = [re.search(r"==([\w.]+)", d) for d in deps["dependencies"] if re.match(r"apache-airflow(\[|==)", d)]
    assert pinned and pinned[0] and pinned[0].group(1) == version
    assert deps["requires-python"].startswith(f">={python}")
    lock = REPO / "requirements.lock"
    if lock.exists():
        locked = re.search(r"^apache-airflow==(\S+)", lock.read_text(encoding="utf-8"), flags=re.M)
        assert locked and locked.group(1) == version, "requirements.lock pins another Airflow than the image"
    assert re.search(rf"^ARG AIRFLOW_VERSION={re.escape(version)}$", dockerfile, flags=re.M)
    assert "-r requirements.lock" in dockerfile and "--no-deps" in dockerfile
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    assert ".env" in ignored and ".venv" in ignored and "data" in ignored


def test_dockerfile_copies_what_the_package_and_dags_need() -> None:
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    copied = set(re.findall(r"^COPY\s+(?:--\S+\s+)*(\S+)", dockerfile, flags=re.M))
    packages = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    for pattern in packages["packages"]["find"]["include"]:
        assert pattern.rstrip("*") in copied, f"the image misses package {pattern}"
    for folder in ("dags", "plugins", "config"):
        assert folder in copied, folder


def test_worker_hostname(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFLICTWATCH_WORKER_NAME", " worker-7 ")
    assert hostname.worker_hostname() == "worker-7"
    monkeypatch.setenv("CONFLICTWATCH_WORKER_NAME", "  ")
    assert hostname.worker_hostname() and hostname.worker_hostname() != "  "
    monkeypatch.delenv("CONFLICTWATCH_WORKER_NAME")
    import socket

    assert hostname.worker_hostname() == socket.getfqdn()


def test_docker_compose_config_validates(tmp_path: Path) -> None:
    docker = shutil.which("docker")
    if docker is None:
        pytest.skip("no docker client installed: `docker compose config` cannot validate the file here")
    probe = subprocess.run([docker, "compose", "version"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip("the docker client has no compose plugin: `docker compose config` cannot run here")
    env = tmp_path / ".env"
    text = (REPO / ".env.example").read_text(encoding="utf-8")
    env.write_text(re.sub(r"^([A-Z_]+)=$", r"\1=test-value", text, flags=re.M), encoding="utf-8")
    proc = subprocess.run([docker, "compose", "-f", str(REPO / "docker-compose.yml"), "--env-file", str(env),
                           "--project-directory", str(REPO), "config", "--quiet"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
