"""Publishing by file copy: the writer DB is kept in storage v1.4.0, so the published file is a byte copy.

What must hold however it is published: all committed data reaches the copy (none left in a WAL),
an old v2 writer DB is converted once without losing rows, constraints or indexes, a conversion or
a publish that fails or crashes leaves every file usable, and a full disk keeps the old file.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conflictwatch.config import Paths
from warehouse import migrate, store
from warehouse.store import WarehouseError, publish, reader, writer

TABLES = ("articles", "events", "event_clusters", "event_cluster_members", "feed_fetches", "schema_migrations")


def _add_articles(con: duckdb.DuckDBPyConnection, lo: int, hi: int) -> None:
    con.execute("""INSERT INTO articles (id, url, canonical_url, feed, content_hash, fetched_at, text)
                   SELECT 'a' || i, 'http://x/' || i, 'http://x/' || i, 'f', md5(i::VARCHAR), now(),
                          repeat(md5(i::VARCHAR), 4)
                   FROM range(?, ?) t(i)""", [lo, hi])


def _fingerprint(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, str | None]]:
    """Row count and an order-independent hash of every row, per table: equal means same data."""
    out = {}
    for table in TABLES:
        row = con.execute(f"SELECT count(*), sum(hash(t::VARCHAR))::VARCHAR FROM {table} t").fetchall()[0]
        out[table] = (row[0], row[1])
    return out


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _make_v2_writer_db(paths: Paths, n: int) -> None:
    """A writer DB as releases before this change created it: DuckDB's default (v2) storage."""
    paths.writer_db.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(paths.writer_db))
    try:
        migrate.apply(con)
        _add_articles(con, 0, n)
        assert store.storage_version(con).startswith("v2"), "the test needs a v2 file to convert"
    finally:
        con.close()


def test_new_writer_db_is_v14_and_publish_copies_it_with_wal_data(tmp_path: Path) -> None:
    paths = Paths(tmp_path)
    with writer(paths) as con:
        assert store.is_publishable(con)
        _add_articles(con, 0, 50)
        assert _wal(paths.writer_db).exists(), "the rows are committed to the WAL only, not checkpointed"
        publish(con, paths)
        assert not _wal(paths.writer_db).exists(), "publish checkpoints, so no committed data stays in a WAL"
        # Nothing written since: the published file is the writer file byte for byte.
        assert paths.warehouse.read_bytes() == paths.writer_db.read_bytes()
        expected = _fingerprint(con)
    with reader(paths) as ro:
        assert _fingerprint(ro) == expected
        assert expected["articles"][0] == 50
        assert store.storage_version(ro).startswith(store.PUBLISHED_STORAGE_VERSION)
    assert not _wal(paths.warehouse).exists()
    assert not list(tmp_path.glob(".warehouse.duckdb.*"))


def test_writer_db_keeps_v14_after_updates_and_reopening(tmp_path: Path) -> None:
    """DuckDB 2.0 must not silently upgrade the file on later writes or checkpoints."""
    paths = Paths(tmp_path)
    for round_ in range(3):
        with writer(paths) as con:
            _add_articles(con, round_ * 100, round_ * 100 + 100)
            con.execute("UPDATE articles SET title = 't' || id WHERE id LIKE 'a1%'")
            con.execute("DELETE FROM articles WHERE id LIKE 'a2%'")
            con.execute("CHECKPOINT")
            assert store.is_publishable(con)
            publish(con, paths)
            expected = _fingerprint(con)
        with reader(paths) as ro:
            assert _fingerprint(ro) == expected


def test_v2_writer_db_is_converted_once_with_everything_kept(tmp_path: Path) -> None:
    paths = Paths(tmp_path)
    _make_v2_writer_db(paths, 300)
    with duckdb.connect(str(paths.writer_db), read_only=True) as old:
        before = _fingerprint(old)
        indexes = old.execute("SELECT count(*) FROM duckdb_indexes()").fetchall()[0][0]
        constraints = old.execute("SELECT count(*) FROM duckdb_constraints()").fetchall()[0][0]
        views = old.execute("SELECT count(*) FROM duckdb_views() WHERE NOT internal").fetchall()[0][0]
    with writer(paths) as con:
        assert store.is_publishable(con), "writer() converted the v2 file"
        assert _fingerprint(con) == before
        assert con.execute("SELECT count(*) FROM duckdb_indexes()").fetchall()[0][0] == indexes
        assert con.execute("SELECT count(*) FROM duckdb_constraints()").fetchall()[0][0] == constraints
        assert con.execute("SELECT count(*) FROM duckdb_views() WHERE NOT internal").fetchall()[0][0] == views
        with pytest.raises(duckdb.ConstraintException):   # primary keys survive the conversion
            _add_articles(con, 0, 1)
        publish(con, paths)
    assert store.convert_writer_db(paths.writer_db) is False, "already converted: nothing to do"
    assert not list(paths.writer_db.parent.glob(".*.tmp*"))
    with reader(paths) as ro:
        assert _fingerprint(ro) == before


def test_failed_conversion_keeps_the_v2_db_and_publish_falls_back(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    paths = Paths(tmp_path)
    _make_v2_writer_db(paths, 40)
    real_replace = os.replace

    def no_space(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store.os, "replace", no_space)
    assert store.convert_writer_db(paths.writer_db) is False
    monkeypatch.setattr(store.os, "replace", real_replace)
    assert not list(paths.writer_db.parent.glob(".*.tmp*")), "the half-made conversion is removed"
    monkeypatch.setattr(store, "convert_writer_db", lambda _path: False)   # say the disk stays full
    with writer(paths) as con:
        assert not store.is_publishable(con)
        assert con.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 40
        _add_articles(con, 40, 45)
        publish(con, paths)                      # re-encodes into v1.4.0 instead of copying
        expected = _fingerprint(con)
    with reader(paths) as ro:
        assert store.storage_version(ro).startswith(store.PUBLISHED_STORAGE_VERSION)
        assert _fingerprint(ro) == expected


CRASH_PUBLISH = r"""
import os, shutil, sys
from pathlib import Path
from conflictwatch.config import Paths
from warehouse import store
paths = Paths(Path(sys.argv[1]))
where = sys.argv[2]
if where == "copy":
    def half_copy(src, dst, *a, **k):
        with open(src, "rb") as s, open(dst, "wb") as d:
            d.write(s.read(os.path.getsize(src) // 2))
        os._exit(9)
    shutil.copyfile = half_copy
else:
    os.replace = lambda *a, **k: os._exit(9)
with store.writer(paths) as con:
    con.execute("INSERT INTO articles (id, url, canonical_url, feed, content_hash, fetched_at) "
                "VALUES ('crash', 'http://c/', 'http://c/', 'f', 'hc', now())")
    store.publish(con, paths)
"""


@pytest.mark.parametrize("where", ["copy", "replace"])
def test_crash_mid_publish_breaks_nothing(tmp_path: Path, where: str) -> None:
    paths = Paths(tmp_path)
    with writer(paths) as con:
        _add_articles(con, 0, 10)
        publish(con, paths)
    died = subprocess.run([sys.executable, "-c", CRASH_PUBLISH, str(tmp_path), where], capture_output=True,
                          text=True, timeout=120)
    assert died.returncode == 9, died.stderr
    assert list(tmp_path.glob(".warehouse.duckdb.*.tmp")), "the crash left its temporary file"
    with reader(paths) as ro:                      # the old published file is whole and unchanged
        assert ro.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 10
    with writer(paths) as con:                     # the writer DB kept the committed row
        assert con.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 11
        publish(con, paths)
    assert not list(tmp_path.glob(".warehouse.duckdb.*")), "the next publish removed the crash's leftovers"
    with reader(paths) as ro:
        assert ro.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 11


CRASH_CONVERT = r"""
import os, sys
from pathlib import Path
from warehouse import store
os.replace = lambda *a, **k: os._exit(9)
store.convert_writer_db(Path(sys.argv[1]))
"""


def test_crash_mid_conversion_keeps_the_old_writer_db(tmp_path: Path) -> None:
    paths = Paths(tmp_path)
    _make_v2_writer_db(paths, 25)
    died = subprocess.run([sys.executable, "-c", CRASH_CONVERT, str(paths.writer_db)], capture_output=True,
                          text=True, timeout=120)
    assert died.returncode == 9, died.stderr
    with duckdb.connect(str(paths.writer_db), read_only=True) as old:
        assert store.storage_version(old).startswith("v2")
        assert old.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 25
    with writer(paths) as con:                     # the next open converts and removes the leftover
        assert store.is_publishable(con)
        assert con.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 25
    assert not list(paths.writer_db.parent.glob(".*.tmp*"))


def test_copy_filling_a_real_disk_keeps_the_published_file(tmp_path: Path, tiny_disk: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The early space check is skipped here so the byte copy itself hits ENOSPC."""
    writer_paths = Paths(tmp_path / "writer")
    published = Paths(tiny_disk)
    with writer(writer_paths) as con:
        _add_articles(con, 0, 1)
        publish(con, published)
        con.execute("""INSERT INTO articles (id, url, canonical_url, feed, content_hash, fetched_at, text)
                       SELECT 'b' || i, 'http://y/' || i, 'http://y/' || i, 'f', md5(i::VARCHAR), now(),
                              repeat(md5(i::VARCHAR), 40)
                       FROM range(20000) t(i)""")
        monkeypatch.setattr(store, "_check_space", lambda _paths: None)
        with pytest.raises(WarehouseError, match="disk full"):
            publish(con, published)
    with reader(published) as ro:
        assert ro.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 1
    assert not list(tiny_disk.glob(".warehouse.duckdb.*"))
