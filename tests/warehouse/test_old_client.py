"""Analysts' tools lag behind DuckDB 2.0: a real DuckDB 1.4 client opens the published warehouse."""

from __future__ import annotations

import shutil
import subprocess
import sys
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


def test_duckdb_14_reads_the_published_file(tmp_path: Path) -> None:
    uv = Path(sys.executable).with_name("uv")
    if not uv.exists() and not shutil.which("uv"):
        pytest.skip("uv is not installed in this environment")
    venv = tmp_path / "duckdb14"
    made = subprocess.run([str(uv), "venv", "-q", "-p", sys.executable, str(venv)], capture_output=True, text=True)
    installed = made.returncode == 0 and subprocess.run(
        [str(uv), "pip", "install", "-q", "--python", str(venv / "bin" / "python"), "duckdb>=1.4,<1.5"],
        capture_output=True, text=True, timeout=300).returncode == 0
    if not installed:
        pytest.skip("could not install a DuckDB 1.4 client from the package registry")
    paths = Paths(tmp_path / "data")
    with writer(paths) as con:
        con.execute("""INSERT INTO articles (id, url, canonical_url, feed, content_hash, fetched_at)
                       VALUES ('a1', 'http://x/1', 'http://x/1', 'f', 'h1', now())""")
        publish(con, paths)
    out = subprocess.run([str(venv / "bin" / "python"), "-c", READ, str(paths.warehouse)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["1", "0"]
