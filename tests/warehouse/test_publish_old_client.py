"""A real DuckDB 1.4 client reads byte-copied warehouses: after many 2.0 writes, and after a v2 conversion."""

from __future__ import annotations

import subprocess
from pathlib import Path

import duckdb
import pytest

from conflictwatch.config import Paths
from warehouse import migrate, store
from warehouse.store import publish, writer

pytestmark = pytest.mark.slow

# Version-stable digests (no hash(), whose values may differ between releases).
DIGEST = """
SELECT count(*), md5(coalesce(string_agg(id || '|' || coalesce(title, '') || '|' || coalesce(text, ''), ','
                                         ORDER BY id), ''))
FROM articles
"""

READ = f"""
import duckdb, sys
assert duckdb.__version__.startswith("1.4"), duckdb.__version__
con = duckdb.connect(sys.argv[1], read_only=True)
n, digest = con.execute('''{DIGEST}''').fetchall()[0]
print(n, digest, con.execute("SELECT count(*) FROM daily_event_counts").fetchall()[0][0])
"""


def _write(con: duckdb.DuckDBPyConnection, lo: int, hi: int) -> None:
    con.execute("""INSERT INTO articles (id, url, canonical_url, feed, content_hash, fetched_at, text)
                   SELECT printf('a%06d', i), 'http://x/' || i, 'http://x/' || i, 'f', md5(i::VARCHAR), now(),
                          repeat(md5(i::VARCHAR), 8)
                   FROM range(?, ?) t(i)""", [lo, hi])
    con.execute("UPDATE articles SET title = 'updated ' || id WHERE id LIKE '%3'")
    con.execute("DELETE FROM articles WHERE id LIKE '%7'")


def _read_with_14(python: Path, path: Path) -> list[str]:
    out = subprocess.run([str(python), "-c", READ, str(path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def _expected(paths: Paths) -> list[str]:
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        n, digest = con.execute(DIGEST).fetchall()[0]
        days = con.execute("SELECT count(*) FROM daily_event_counts").fetchall()[0][0]
    return [str(n), digest, str(days)]


def test_duckdb_14_reads_a_copy_after_many_writes(tmp_path: Path, duckdb14: Path) -> None:
    paths = Paths(tmp_path / "data")
    for round_ in range(3):    # several runs: reopened by 2.0, written, checkpointed, copied
        with writer(paths) as con:
            _write(con, round_ * 20000, round_ * 20000 + 20000)
            publish(con, paths)
        expected = _expected(paths)
        assert int(expected[0]) > 0
        assert _read_with_14(duckdb14, paths.warehouse) == expected


def test_duckdb_14_reads_a_copy_of_a_converted_v2_writer_db(tmp_path: Path, duckdb14: Path) -> None:
    paths = Paths(tmp_path / "data")
    paths.writer_db.parent.mkdir(parents=True)
    con = duckdb.connect(str(paths.writer_db))      # how releases before this change made the writer DB
    migrate.apply(con)
    _write(con, 0, 5000)
    assert store.storage_version(con).startswith("v2")
    con.close()
    with writer(paths) as con:
        assert store.is_publishable(con)
        _write(con, 5000, 6000)
        publish(con, paths)
    assert _read_with_14(duckdb14, paths.warehouse) == _expected(paths)
