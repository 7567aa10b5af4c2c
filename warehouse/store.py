"""One writer, many readers: how the pipeline writes DuckDB without locking analysts out.

DuckDB lets one process write a file and refuses it while any other process holds the file, even
read-only. So the pipeline writes only its private database (`state/pipeline.duckdb`), serialised
by an OS file lock, and *publishes* the analysts' `warehouse.duckdb` by building a complete new file
and `os.replace`-ing it over the old one. Sessions already open keep reading their snapshot; new
sessions see the new data. The published file uses storage version v1.4.0 so DuckDB 1.4+ clients
(many analysts' tools lag behind 2.0) can open it.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from conflictwatch.config import Paths
from warehouse import migrate

PUBLISHED_STORAGE_VERSION = "v1.4.0"


class WarehouseError(RuntimeError):
    """The warehouse could not be written; the message says what to do."""


@contextmanager
def _file_lock(path: Path, timeout: float) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise WarehouseError(
                        f"another conflictwatch writer has held {path} for over {timeout:.0f}s; "
                        "is a load or alert run stuck?"
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextmanager
def writer(paths: Paths, *, timeout: float = 900.0) -> Iterator[Any]:
    """The only way to write: an exclusive connection to the writer DB, migrations applied."""
    import duckdb

    with _file_lock(paths.lock, timeout):
        paths.writer_db.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(paths.writer_db))
        try:
            migrate.apply(con)
            yield con
        finally:
            con.close()


@contextmanager
def reader(paths: Paths) -> Iterator[Any]:
    """A read-only connection to the analysts' published file."""
    import duckdb

    if not paths.warehouse.exists():
        raise WarehouseError(
            f"no warehouse at {paths.warehouse} yet: run `conflictwatch run` or `make demo` first "
            "(or pass --data-dir / set CONFLICTWATCH_DATA_DIR)"
        )
    con = duckdb.connect(str(paths.warehouse), read_only=True)
    try:
        yield con
    finally:
        con.close()


def publish(con: Any, paths: Paths) -> Path:
    """Copy the writer DB into a new analysts' file and swap it in atomically.

    Call with the writer connection (the lock is held, so nothing changes during the copy).
    On any failure — a full disk included — the old published file stays untouched.
    """
    target = paths.warehouse
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    _check_space(paths)
    alias = "cw_publish"
    try:
        tmp.unlink(missing_ok=True)
        con.execute(f"ATTACH '{tmp}' AS {alias} (STORAGE_VERSION '{PUBLISHED_STORAGE_VERSION}')")
        try:
            con.execute(f"COPY FROM DATABASE {_db_name(con)} TO {alias}")
        finally:
            con.execute(f"DETACH {alias}")
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise WarehouseError(f"disk full while publishing {target}; free space and rerun") from exc
        raise
    except Exception as exc:
        tmp.unlink(missing_ok=True)
        if "No space left" in str(exc):
            raise WarehouseError(f"disk full while publishing {target}; free space and rerun") from exc
        raise
    finally:
        for leftover in target.parent.glob(f".{target.name}.{os.getpid()}.tmp.wal"):
            leftover.unlink(missing_ok=True)
    return target


def _db_name(con: Any) -> str:
    return str(con.execute("SELECT current_database()").fetchall()[0][0])


def _check_space(paths: Paths) -> None:
    """Refuse early, with a clear message, when the copy cannot fit."""
    need = paths.writer_db.stat().st_size if paths.writer_db.exists() else 0
    free = shutil.disk_usage(paths.warehouse.parent).free
    if need and free < need * 1.2:
        raise WarehouseError(
            f"not enough disk to publish the warehouse: need about {need * 1.2 / 1e6:.0f} MB, "
            f"{free / 1e6:.0f} MB free under {paths.warehouse.parent}"
        )
