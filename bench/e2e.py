"""End to end through Airflow: ``run_pipeline`` (ingest → process → alerts as real DAG runs).

Runs in a child process because Airflow reads its configuration at first import, and because a
fresh process is what ``conflictwatch run`` is. The Airflow metadata DB is migrated before the
clock starts (a one-off install cost, not a per-run one).

``python -m bench.e2e DATA_DIR FEEDS_FILE`` prints ``BENCH-JSON {...}``.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    sys.path.insert(0, str(REPO))
    from conflictwatch.airflow_runner import prepare_environment, run_pipeline
    from conflictwatch.config import Paths

    paths = Paths(Path(argv[0]))
    prepare_environment(paths)
    ready = time.perf_counter()
    results = run_pipeline(paths, argv[1])
    done = time.perf_counter()
    load = next((r.returns.get("load") for r in results if r.dag_id == "conflictwatch_process"), None) or {}
    from conflictwatch.parallel import configured_workers

    print("BENCH-JSON " + json.dumps({
        "run_pipeline_s": done - ready, "setup_s": ready - started,
        "dags": {r.dag_id: r.state for r in results}, "load": load,
        "workers": configured_workers(),
        # The run's own process only: workers are children of the fork server, which is still
        # running here, so RUSAGE_CHILDREN would not see them (scripts/measure_stage_memory.py does).
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }, default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
