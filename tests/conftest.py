"""Shared fixtures: an isolated data dir and Airflow home per test session, never the user's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def airflow_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated Airflow metadata DB (SQLite) for the whole session: migrations cost seconds."""
    home = tmp_path_factory.mktemp("airflow_home")
    return home


@pytest.fixture
def cli_env(airflow_home: Path, tmp_path: Path) -> dict[str, str]:
    """Environment for running the real `conflictwatch` CLI in a subprocess."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "CONFLICTWATCH"))}
    env.update({
        "AIRFLOW_HOME": str(airflow_home),
        "CONFLICTWATCH_DATA_DIR": str(tmp_path / "data"),
        "CONFLICTWATCH_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
        "CONFLICTWATCH_TASK_RETRIES": "0",
        "CONFLICTWATCH_PUBLISH_MAX_AGE": "0",   # every run publishes, so tests read what it wrote
    })
    return env
