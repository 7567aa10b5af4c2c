"""The single-writer store: analysts keep reading while the pipeline publishes; failures keep the old file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conflictwatch.config import Paths
from warehouse import migrate
from warehouse.store import WarehouseError, publish, reader, writer


def _add_article(con: duckdb.DuckDBPyConnection, n: int) -> None:
    con.execute("""INSERT INTO articles (id, url, canonical_url, feed, content_hash, fetched_at)
                   VALUES (?, ?, ?, 'f', ?, now())""", [f"a{n}", f"http://x/{n}", f"http://x/{n}", f"h{n}"])


def test_migrations_apply_once(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    first = migrate.apply(con)
    assert first[0] == "001_core.sql" and first == sorted(first)
    assert migrate.apply(con) == []
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"articles", "events", "feed_fetches", "failures", "quarantine", "batches", "alerts",
            "event_clusters", "validation_runs", "daily_event_counts"} <= tables


def test_publish_is_atomic_and_readable_by_old_storage(tmp_path: Path) -> None:
    paths = Paths(tmp_path)
    with writer(paths) as con:
        _add_article(con, 1)
        publish(con, paths)
    with reader(paths) as ro:
        assert ro.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
        tags = ro.execute("SELECT tags FROM duckdb_databases() WHERE database_name = 'warehouse'").fetchone()[0]
        assert tags["storage_version"].startswith("v1.4.0")
    assert not list(tmp_path.glob(".warehouse.duckdb.*"))


ANALYST = r"""
import duckdb, sys
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("SELECT count(*) FROM articles").fetchone()[0], flush=True)
sys.stdin.readline()
print(con.execute("SELECT count(*) FROM articles").fetchone()[0], flush=True)
con.close()
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("SELECT count(*) FROM articles").fetchone()[0], flush=True)
"""


def test_analyst_session_survives_publish(tmp_path: Path) -> None:
    paths = Paths(tmp_path)
    with writer(paths) as con:
        _add_article(con, 1)
        publish(con, paths)
    analyst = subprocess.Popen([sys.executable, "-c", ANALYST, str(paths.warehouse)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    assert analyst.stdout and analyst.stdin
    assert analyst.stdout.readline().strip() == "1"
    with writer(paths) as con:          # the analyst holds the published file open meanwhile
        _add_article(con, 2)
        publish(con, paths)
    analyst.stdin.write("\n")
    analyst.stdin.flush()
    assert analyst.stdout.readline().strip() == "1"   # the open session keeps its snapshot
    assert analyst.stdout.readline().strip() == "2"   # a new session sees the new data
    assert analyst.wait(timeout=30) == 0


def test_second_writer_waits_then_gives_a_clear_error(tmp_path: Path) -> None:
    paths = Paths(tmp_path)
    with writer(paths), pytest.raises(WarehouseError, match="another conflictwatch writer"), \
            writer(paths, timeout=0.5):
        pass


def test_publish_refuses_early_when_disk_is_short(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil
    from collections import namedtuple

    paths = Paths(tmp_path)
    with writer(paths) as con:
        _add_article(con, 1)
        publish(con, paths)
        _add_article(con, 2)
        usage = namedtuple("usage", "total used free")
        monkeypatch.setattr(shutil, "disk_usage", lambda _p: usage(10, 10, 0))
        with pytest.raises(WarehouseError, match="not enough disk to publish"):
            publish(con, paths)
    with reader(paths) as ro:
        assert ro.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_real_full_disk_keeps_the_published_file(tmp_path: Path, tiny_disk: Path) -> None:
    writer_paths = Paths(tmp_path / "writer")
    published = Paths(tiny_disk)
    # The writer DB lives on the big disk; the analysts' copy on the tiny one, so publishing fills it.
    with writer(writer_paths) as con:
        _add_article(con, 1)
        publish(con, published)
        con.execute("""INSERT INTO articles (id, url, canonical_url, feed, content_hash, fetched_at, text)
                       SELECT 'b' || i, 'http://y/' || i, 'http://y/' || i, 'f', md5(i::VARCHAR), now(),
                              repeat(md5(i::VARCHAR), 40)
                       FROM range(20000) t(i)""")
        with pytest.raises((WarehouseError, duckdb.Error, OSError)) as info:
            publish(con, published)
        assert "disk" in str(info.value).lower() or "space" in str(info.value).lower()
    with reader(published) as ro:
        assert ro.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert not list(tiny_disk.glob(".warehouse.duckdb.*"))
