"""The known traps of issue 9, measured on this machine rather than quoted.

- DuckDB ``executemany`` inserts row by row; a DataFrame ``INSERT … SELECT`` inserts in bulk.
- datasketch ``MinHash.update()`` per shingle versus one ``update_batch`` call.
- ``import great_expectations`` in a fresh process, cold (no bytecode cache) and warm.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def executemany_vs_frame(rows: int, runs: int) -> dict[str, Any]:
    import duckdb
    import pandas as pd

    now = datetime.now(UTC)
    data = [(f"f{i:015d}", "feed", f"https://x.example/{i}", now, 200) for i in range(rows)]
    frame = pd.DataFrame(data, columns=["id", "feed", "url", "fetched_at", "status"])
    ddl = ("CREATE OR REPLACE TABLE t (id VARCHAR PRIMARY KEY, feed VARCHAR, url VARCHAR, fetched_at TIMESTAMPTZ, "
           "status INT)")
    many, bulk = [], []
    with tempfile.TemporaryDirectory() as tmp:
        con = duckdb.connect(str(Path(tmp) / "t.duckdb"))
        for _ in range(runs):
            con.execute(ddl)
            start = time.perf_counter()
            con.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", data)
            many.append(time.perf_counter() - start)
            con.execute(ddl)
            start = time.perf_counter()
            con.register("bench_frame", frame)
            con.execute("INSERT INTO t SELECT * FROM bench_frame")
            con.unregister("bench_frame")
            bulk.append(time.perf_counter() - start)
        con.close()
    m, b = statistics.median(many), statistics.median(bulk)
    return {"rows": rows, "executemany_rows_per_s": rows / m, "frame_rows_per_s": rows / b, "speedup": m / b}


def minhash_update_vs_batch(texts: list[str], runs: int) -> dict[str, Any]:
    from datasketch import MinHash

    from transform.dedupe import settings, shingles

    cfg = settings()
    sets = [[s.encode("utf-8") for s in shingles(t)] for t in texts]
    loop, batch = [], []
    for _ in range(runs):
        start = time.perf_counter()
        for sh in sets:
            m = MinHash(num_perm=cfg["num_perm"], seed=cfg["minhash_seed"], scheme=cfg["minhash_scheme"])
            for s in sh:
                m.update(s)
        loop.append(time.perf_counter() - start)
        start = time.perf_counter()
        for sh in sets:
            m = MinHash(num_perm=cfg["num_perm"], seed=cfg["minhash_seed"], scheme=cfg["minhash_scheme"])
            m.update_batch(sh)
        batch.append(time.perf_counter() - start)
    lo, ba = statistics.median(loop), statistics.median(batch)
    return {"texts": len(sets), "shingles": sum(len(s) for s in sets), "update_loop_s": lo,
            "update_batch_s": ba, "ratio": lo / ba if ba else None}


def _import_seconds(module: str, env: dict[str, str]) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=REPO,
                          check=True)
    return float(proc.stdout.strip().splitlines()[-1])


def import_cost(runs: int, pycache: Path, modules: tuple[str, ...] = ("great_expectations",)) -> dict[str, Any]:
    """Seconds to import each module in a fresh interpreter, without and with a bytecode cache."""
    base = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as empty:
        cold_env = {**base, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": empty}
        warm_env = {**base, "PYTHONPYCACHEPREFIX": str(pycache)}
        for module in modules:
            _import_seconds(module, warm_env)  # fills the cache
            out[module] = {
                "cold_s": statistics.median(_import_seconds(module, cold_env) for _ in range(runs)),
                "warm_s": statistics.median(_import_seconds(module, warm_env) for _ in range(runs)),
            }
    return out
