"""One writer, many readers: how the pipeline writes DuckDB without locking analysts out.

DuckDB lets one process write a file and refuses it while any other process holds the file, even
read-only. So the pipeline writes only its private database (`state/pipeline.duckdb`), serialised
by an OS file lock, and *publishes* the analysts' `warehouse.duckdb` by putting a complete new file
next to it and `os.replace`-ing it over the old one. Sessions already open keep reading their
snapshot; new sessions see the new data. The published file uses storage version v1.4.0 so DuckDB
1.4+ clients (many analysts' tools lag behind 2.0) can open it.

Why the writer DB itself is kept in storage version v1.4.0: then publishing is a CHECKPOINT and a
plain file copy (seconds at 1 M articles) instead of re-encoding every row with `COPY FROM
DATABASE` into a v1.4.0 file (minutes). A writer DB made by an older release in the v2 format is
converted once, atomically, when `writer` opens it; until that succeeds (say the disk is too full
for the one-off copy) `publish` falls back to the re-encoding path, so nothing breaks.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import shutil
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from conflictwatch.config import Paths
from warehouse import migrate

PUBLISHED_STORAGE_VERSION = "v1.4.0"
# New writer DBs are created in the published storage version, so publishing can copy the file as is.
WRITER_CONFIG: dict[str, str] = {"storage_compatibility_version": PUBLISHED_STORAGE_VERSION}

log = logging.getLogger(__name__)


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
        con = duckdb.connect(str(paths.writer_db), config=WRITER_CONFIG)
        if not is_publishable(con):   # a v2 file from an older release: convert it once, then reopen
            con.close()
            convert_writer_db(paths.writer_db)
            con = duckdb.connect(str(paths.writer_db), config=WRITER_CONFIG)
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
    """Put a copy of the writer DB in place as the analysts' file, atomically.

    Call with the writer connection (the lock is held, so nothing changes during the copy).
    When the writer DB is in the published storage version the file is checkpointed and copied
    byte for byte; otherwise (a v2 writer DB not converted yet) it is re-encoded with
    ``COPY FROM DATABASE``. On any failure — a full disk included — the old published file stays
    untouched, and a crash leaves at most a hidden temporary file that the next publish removes.
    """
    target = paths.warehouse
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    _check_space(paths)
    _remove_stale_temporaries(target)
    try:
        tmp.unlink(missing_ok=True)
        source = _copyable_file(con)
        if source is not None:
            shutil.copyfile(source, tmp)
        else:
            _copy_database(con, tmp)
        _fsync(tmp)
        os.replace(tmp, target)
        _fsync(target.parent)
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
        _wal_of(tmp).unlink(missing_ok=True)
    return target


def frame(result: Any) -> Any:
    """A DuckDB result as a pandas DataFrame, without DuckDB's own pandas deprecation noise.

    DuckDB 2.0's ``.df()`` calls ``DataFrame.drop(inplace=True)`` internally, which pandas 3.1 flags
    with a ``Pandas4Warning`` attributed to our call line; the frame is right, so only that one
    warning is silenced here (any other warning still surfaces).
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"The inplace keyword in DataFrame\.drop is deprecated")
        return result.df()


def storage_version(con: Any) -> str:
    """The storage version of the connection's main database, e.g. ``v1.4.0+`` or ``v2.0.0+``."""
    row = con.execute(
        "SELECT tags FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()
    tags = row[0][0] if row else {}
    return str((tags or {}).get("storage_version", ""))


def is_publishable(con: Any) -> bool:
    """Whether the main database's file is in the storage version analysts' clients read."""
    return storage_version(con).startswith(PUBLISHED_STORAGE_VERSION)


def convert_writer_db(path: Path) -> bool:
    """Rewrite a writer DB in an older-than-published format (v2) into v1.4.0, once; True if converted.

    Why here and not in `publish`: the file can only be swapped while no connection has it open,
    which is the moment `writer` holds the lock and has not connected yet. The new file is built
    beside the old one and `os.replace`d, so a crash or a full disk leaves the old DB as it was;
    a failed conversion is logged and the pipeline keeps working (publish then re-encodes).
    """
    import duckdb

    tmp = path.with_name(f".{path.name}.convert.tmp")
    _discard(tmp)
    try:
        con = duckdb.connect(str(path), config=WRITER_CONFIG)
        try:
            before = storage_version(con)
            if before.startswith(PUBLISHED_STORAGE_VERSION):
                return False
            _copy_database(con, tmp)
        finally:
            con.close()
        if _wal_of(path).exists() or _wal_of(tmp).exists():
            # A WAL left after close would be replayed onto the new file; keep the old one instead.
            raise RuntimeError("a write-ahead log is still present after closing")
        _fsync(tmp)
        os.replace(tmp, path)
        _fsync(path.parent)
    except Exception as exc:
        _discard(tmp)
        log.warning("could not convert %s to storage %s (%s); publishing re-encodes the data until it is "
                    "converted", path, PUBLISHED_STORAGE_VERSION, exc)
        return False
    log.info("converted %s from storage %s to %s", path, before, PUBLISHED_STORAGE_VERSION)
    return True


def _discard(tmp: Path) -> None:
    for leftover in (tmp, _wal_of(tmp)):
        leftover.unlink(missing_ok=True)


def _copyable_file(con: Any) -> Path | None:
    """The writer DB's file, checkpointed, when a byte copy of it is a valid published file; else None."""
    if not is_publishable(con):
        return None
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()
    if not row or not row[0][0]:
        return None
    source = Path(row[0][0])
    try:
        con.execute("CHECKPOINT")
    except Exception as exc:  # e.g. another transaction of this process is still open
        log.warning("CHECKPOINT of %s failed (%s); publishing by re-encoding", source, exc)
        return None
    wal = _wal_of(source)
    if wal.exists() and wal.stat().st_size > 0:
        # Committed data still only in the WAL would be missing from the copy; re-encode instead.
        log.warning("%s still has a write-ahead log after CHECKPOINT; publishing by re-encoding", source)
        return None
    return source


def _copy_database(con: Any, tmp: Path) -> None:
    """Re-encode every object of the connection's database into a new v1.4.0 file at ``tmp``."""
    alias = "cw_copy"
    tmp.unlink(missing_ok=True)
    con.execute(f"ATTACH '{tmp}' AS {alias} (STORAGE_VERSION '{PUBLISHED_STORAGE_VERSION}')")
    try:
        con.execute(f"COPY FROM DATABASE {_db_name(con)} TO {alias}")
    finally:
        con.execute(f"DETACH {alias}")


def _remove_stale_temporaries(target: Path) -> None:
    """Delete temporary files a crashed publish left behind (their process is gone)."""
    for leftover in target.parent.glob(f".{target.name}.*.tmp*"):
        pid = leftover.name[len(target.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _wal_of(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _fsync(path: Path) -> None:
    """Flush a file (or a directory, so a rename survives power loss) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
