"""Analysts' tools lag behind DuckDB 2.0: a real DuckDB 1.4 client opens the published warehouse."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conflictwatch.config import Paths
from warehouse.store import publish, writer

pytestmark = pytest.mark.slow

READ = """
import duckdb, sys
assert duckdb.__version__.startswith("1.4"), duckdb.__version__
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("SELECT count(*) FROM articles").fetchall()[0][0])
print(con.execute("SELECT count(*) FROM daily_event_counts").fetchall()[0][0])
"""


def test_duckdb_14_reads_the_published_file(tmp_path: Path, duckdb14: Path) -> None:
    paths = Paths(tmp_path / "data")
    with writer(paths) as con:
        con.execute("""INSERT INTO articles (id, url, canonical_url, feed, content_hash, fetched_at)
                       VALUES ('a1', 'http://x/1', 'http://x/1', 'f', 'h1', now())""")
        publish(con, paths)
    out = subprocess.run([str(duckdb14), "-c", READ, str(paths.warehouse)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["1", "0"]
