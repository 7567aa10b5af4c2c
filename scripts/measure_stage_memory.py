"""Peak memory of the extract and tag stages, summed over the task's whole process tree.

    python scripts/measure_stage_memory.py DATA_DIR RUN_DIR [--workers 1,2] [--interval 0.02]

Why: with worker processes (conflictwatch.parallel) a stage's memory is spread over the task's
process, the fork server and its workers, and ``ru_maxrss`` sees one process at a time. This runs
each stage in a child process per worker setting and samples every process of the child's tree
from /proc: the sum of RSS (pages shared between forked processes counted once per process, so an
upper bound) and the sum of PSS (shared pages divided among the processes sharing them, the fair
share). DATA_DIR/RUN_DIR come from a benchmark stage run (``scripts/bench.py --workdir W`` keeps
``W/stages0/data`` and ``W/stages0/data/work/bench-run``); the run dir is copied, never changed.
Linux only (/proc).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from conflictwatch import process
from conflictwatch.config import Paths
{call}
"""
CALLS = {"extract": "process.extract_stage(Paths(Path({data!r})), Path({out!r}))",
         "tag": "process.tag_stage(Path({out!r}))"}


def _children(pid: int) -> list[int]:
    try:
        tids = Path(f"/proc/{pid}/task").iterdir()
        out: list[int] = []
        for tid in tids:
            text = (tid / "children").read_text()
            out.extend(int(c) for c in text.split())
        return out
    except OSError:
        return []


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(_children(p))
    return found


def _kb(pid: int, field: str) -> int:
    """One field of the process's smaps_rollup, in kB; 0 once the process has gone."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in lines if line.startswith(field + ":")), 0)


def measure(data: Path, run_dir: Path, stage: str, workers: str, interval: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="cw-mem-") as tmp:
        out = Path(tmp) / "run"
        shutil.copytree(run_dir, out)
        env = {**os.environ, "CONFLICTWATCH_WORKERS": workers}
        code = CHILD.format(root=str(ROOT), call=CALLS[stage].format(data=str(data), out=str(out)))
        proc = subprocess.Popen([sys.executable, "-c", code], env=env)
        peak_rss = peak_pss = 0
        most = 0
        start = time.perf_counter()
        while proc.poll() is None:
            pids = _tree(proc.pid)
            peak_rss = max(peak_rss, sum(_kb(p, "Rss") for p in pids))
            peak_pss = max(peak_pss, sum(_kb(p, "Pss") for p in pids))
            most = max(most, len(pids))
            time.sleep(interval)
        if proc.returncode != 0:
            raise SystemExit(f"{stage} stage failed in the child ({proc.returncode})")
        return {"stage": stage, "workers": workers, "seconds": time.perf_counter() - start,
                "processes": most, "peak_rss_mb": peak_rss / 1024, "peak_pss_mb": peak_pss / 1024}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("run_dir", type=Path)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--interval", type=float, default=0.02)
    args = ap.parse_args(argv)
    for workers in args.workers.split(","):
        for stage in ("extract", "tag"):
            print(json.dumps(measure(args.data_dir, args.run_dir, stage, workers.strip(), args.interval)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
