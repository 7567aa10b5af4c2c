#!/usr/bin/env bash
# Operator's local Airflow: `airflow standalone` (LocalExecutor on SQLite) with dags/ as the DAG folder.
# Ingest runs every 15 minutes (CONFLICTWATCH_INGEST_SCHEDULE) on CONFLICTWATCH_FEEDS_FILE (default config/feeds.yaml).
set -euo pipefail
cd "$(dirname "$0")/.."
# `airflow standalone` starts its scheduler, api-server, dag-processor and triggerer by the bare
# name `airflow`: the venv must be on PATH, or each of them fails with FileNotFoundError.
export PATH="$PWD/.venv/bin:$PATH"
DATA_DIR="${CONFLICTWATCH_DATA_DIR:-$PWD/data}"
export CONFLICTWATCH_DATA_DIR="$DATA_DIR"
export AIRFLOW_HOME="${AIRFLOW_HOME:-$DATA_DIR/airflow}"
export AIRFLOW__CORE__DAGS_FOLDER="$PWD/dags"
export AIRFLOW__CORE__PLUGINS_FOLDER="$PWD/plugins"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
# Airflow's default parallelism (32) makes the LocalExecutor fork 32 workers at start-up, whatever the
# machine: two per core (at least four) keeps a laptop usable and is more than SQLite serves anyway.
# An operator's own AIRFLOW__CORE__PARALLELISM wins.
CORES="$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)"
export AIRFLOW__CORE__PARALLELISM="${AIRFLOW__CORE__PARALLELISM:-$(( CORES * 2 > 4 ? CORES * 2 : 4 ))}"
export CONFLICTWATCH_FEEDS_FILE="${CONFLICTWATCH_FEEDS_FILE:-$PWD/config/feeds.yaml}"
mkdir -p "$AIRFLOW_HOME"
.venv/bin/airflow db migrate >/dev/null
# One writer for the DuckDB warehouse: the load and alert tasks share a one-slot pool.
.venv/bin/airflow pools set "${CONFLICTWATCH_WAREHOUSE_POOL:-conflictwatch_warehouse}" 1 "single DuckDB writer" >/dev/null
echo "Airflow home: $AIRFLOW_HOME   data dir: $DATA_DIR   feeds: $CONFLICTWATCH_FEEDS_FILE"
echo "UI: http://localhost:8080 (the admin password is printed below and saved in $AIRFLOW_HOME/simple_auth_manager_passwords.json.generated)"
# DAGs start paused (Airflow's default): unpause ingest, process and alerts so feeds are watched
# as soon as the scheduler is up; reprocess stays paused and is triggered after a rule change.
for dag in conflictwatch_ingest conflictwatch_process conflictwatch_alerts; do
  (sleep 45; airflow dags unpause "$dag" >/dev/null 2>&1 || echo "could not unpause $dag: unpause it in the UI") &
done
exec airflow standalone
