"""Every DAG imports cleanly, follows the house rules, and does no heavy work at parse time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DAG_FILES = sorted((REPO / "dags").glob("*.py"))
HEAVY = ["great_expectations", "trafilatura", "duckdb", "datasketch", "matplotlib", "pandas", "feedparser"]

PROBE = r"""
import json, os, sys, importlib.util
from airflow.dag_processing.dagbag import DagBag
before = set(sys.modules)
bag = DagBag(dag_folder=os.environ["AIRFLOW__CORE__DAGS_FOLDER"])
loaded = sorted(m.split(".")[0] for m in set(sys.modules) - before)
dags = {d.dag_id: {"tags": sorted(d.tags), "owner": d.owner, "catchup": d.catchup,
                   "schedule": type(d.timetable).__name__, "doc": bool(d.doc_md),
                   "retries": [t.retries for t in d.tasks]} for d in bag.dags.values()}
print(json.dumps({"errors": {k: str(v) for k, v in bag.import_errors.items()}, "dags": dags, "loaded": loaded}))
"""


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update({"AIRFLOW_HOME": str(tmp_path_factory.mktemp("af")),
                "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
                "AIRFLOW__CORE__LOAD_EXAMPLES": "False"})
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_no_import_errors(parsed: dict) -> None:
    assert parsed["errors"] == {}


def test_all_pipeline_dags_present(parsed: dict) -> None:
    assert {"conflictwatch_ingest", "conflictwatch_process", "conflictwatch_alerts"} <= set(parsed["dags"])
    assert len(parsed["dags"]) >= len(DAG_FILES)


@pytest.mark.parametrize("dag_id", ["conflictwatch_ingest", "conflictwatch_process", "conflictwatch_alerts",
                                    "conflictwatch_reprocess"])
def test_house_rules(parsed: dict, dag_id: str) -> None:
    dag = parsed["dags"][dag_id]
    assert "conflictwatch" in dag["tags"]
    assert dag["owner"] == "conflictwatch"
    assert dag["catchup"] is False
    assert dag["doc"], "doc_md=__doc__ puts the module docstring in the UI"
    assert all(r >= 1 for r in dag["retries"]) or dag_id == "conflictwatch_reprocess"


def test_asset_driven_schedules(parsed: dict) -> None:
    assert parsed["dags"]["conflictwatch_process"]["schedule"] == "AssetTriggeredTimetable"
    assert parsed["dags"]["conflictwatch_alerts"]["schedule"] == "AssetTriggeredTimetable"
    assert parsed["dags"]["conflictwatch_ingest"]["schedule"] == "DeltaTriggerTimetable"


def test_no_heavy_imports_at_parse_time(parsed: dict) -> None:
    heavy = sorted(set(HEAVY) & set(parsed["loaded"]))
    assert heavy == [], f"DAG files import {heavy} at parse time; import them inside tasks"
