"""Ingest state in SQLite: conditional-GET validators per feed and the fate of every entry.

Why SQLite in WAL mode: mapped Airflow tasks ingest feeds in parallel processes. WAL lets readers
run beside the one writer, ``BEGIN IMMEDIATE`` serialises the short write transactions, and
``busy_timeout`` makes a second process wait instead of failing. The state is small (one row per
entry ever seen), so a plain file next to the warehouse is enough and survives restarts.

Claiming: an entry is "new" if neither its guid (within its feed) nor its canonical URL (in any
feed) was staged before. Two feeds of one outlet that list the same article may run at the same
time, so checking and claiming happen in one transaction: the first claim wins, the article is
downloaded once. A claim left by a crashed process expires after ``claim_ttl`` seconds.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

STAGED = "staged"
FAILED_PERMANENT = "failed_permanent"
FAILED_TRANSIENT = "failed_transient"
FETCHING = "fetching"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    url             TEXT PRIMARY KEY,
    etag            TEXT,
    last_modified   TEXT,
    body_sha256     TEXT,
    last_fetched_at TEXT,
    last_ok_at      TEXT
);
CREATE TABLE IF NOT EXISTS entries (
    feed_url        TEXT NOT NULL,
    guid            TEXT NOT NULL,
    canonical_url   TEXT NOT NULL,
    url             TEXT,
    status          TEXT NOT NULL,   -- fetching | staged | failed_permanent | failed_transient
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    entry_json      TEXT,            -- the feed entry, so transient failures can be retried later
    claimed_at      REAL,
    first_seen_at   TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (feed_url, guid)
);
CREATE INDEX IF NOT EXISTS entries_canonical ON entries (canonical_url, status);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _use_wal(con: sqlite3.Connection, deadline_s: float = 60.0) -> None:
    """Put the file in WAL mode (persistent: once set, every later connection finds it set).

    Why a loop: parallel feed tasks create the state file together on a first run, and SQLite can
    refuse a journal-mode change with "database is locked" without consulting the busy handler while
    another connection is starting on the new file (seen in the benchmark's 4-way fetch, and in
    tests/extract/test_state_staging.py). The change is retried with a short jittered sleep until
    the deadline; a file already in WAL mode needs no lock at all.
    """
    give_up = time.monotonic() + deadline_s
    while True:
        try:
            if con.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            con.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > give_up:
                raise
            time.sleep(0.01 + random.random() * 0.04)


class FetchState:
    """Handle on the state file: one long-lived connection per thread, one short transaction per operation.

    Why keep the connection open: opening a connection costs schema parsing and WAL-index setup, and
    closing the last connection to a WAL database checkpoints the WAL and fsyncs the database file.
    Per operation (two per entry) that was most of the fetch stage's cost per page. Every operation
    is still its own committed transaction, so a crash loses at most the one entry in flight and a
    rerun completes it, exactly as before. ``close()`` (or ``with``) releases the connections.
    """

    def __init__(self, path: Path, claim_ttl: float = 3600.0) -> None:
        self.path = Path(path)
        self.claim_ttl = claim_ttl
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._conns_lock = threading.Lock()
        con = self._connection()
        _use_wal(con)
        con.executescript(_SCHEMA)  # idempotent; executescript manages its own transaction

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection (sqlite3 connections must not cross threads or a fork)."""
        con = getattr(self._local, "con", None)
        if con is not None and self._local.pid == os.getpid():
            return con
        con = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        con.execute("PRAGMA busy_timeout = 60000")
        con.execute("PRAGMA synchronous = NORMAL")
        self._local.con, self._local.pid = con, os.getpid()
        with self._conns_lock:
            self._conns.append(con)
        return con

    def close(self) -> None:
        """Close every connection this handle opened (a later operation reopens one)."""
        with self._conns_lock:
            conns, self._conns = self._conns, []
        self._local = threading.local()
        for con in conns:
            with contextlib.suppress(sqlite3.Error):
                con.close()

    def __enter__(self) -> FetchState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        con = self._connection()
        if con.in_transaction:  # left open by an interrupted commit: never build on it
            con.execute("ROLLBACK")
        con.execute("BEGIN IMMEDIATE")
        try:
            yield con
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    con.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------ feeds

    def feed_validators(self, url: str) -> dict[str, Any]:
        """Stored etag, last_modified, body_sha256, ... of a feed ({} if never fetched)."""
        with self._tx() as con:
            cur = con.execute("SELECT * FROM feeds WHERE url = ?", (url,))
            row = cur.fetchone()
            names = [d[0] for d in cur.description]
        return dict(zip(names, row, strict=True)) if row else {}

    def record_feed(self, url: str, ok: bool, validators: dict[str, str | None] | None = None) -> None:
        """Note a fetch; ``validators`` (etag, last_modified, body_sha256) replace stored ones if given."""
        now = _now()
        with self._tx() as con:
            con.execute("INSERT OR IGNORE INTO feeds (url) VALUES (?)", (url,))
            con.execute(
                "UPDATE feeds SET last_fetched_at = ?, last_ok_at = CASE WHEN ? THEN ? ELSE last_ok_at END "
                "WHERE url = ?",
                (now, ok, now, url),
            )
            if validators is not None:
                con.execute(
                    "UPDATE feeds SET etag = ?, last_modified = ?, body_sha256 = ? WHERE url = ?",
                    (validators.get("etag"), validators.get("last_modified"), validators.get("body_sha256"), url),
                )

    # ------------------------------------------------------------ entries

    def claim(self, feed_url: str, entry: dict[str, Any], max_attempts: int) -> str:
        """Decide and reserve in one transaction. Returns ``new``, ``retry`` or why it is skipped.

        Skips: ``seen`` (staged before, by guid in this feed or canonical URL anywhere), ``gone``
        (permanent failure), ``gave_up`` (``max_attempts`` transient failures), ``busy`` (another
        process is fetching it right now).
        """
        guid, canonical = entry["guid"], entry["canonical_url"]
        now_s, now = _now(), time.time()
        with self._tx() as con:
            staged = con.execute(
                "SELECT 1 FROM entries WHERE status = ? AND ((feed_url = ? AND guid = ?) OR canonical_url = ?) LIMIT 1",
                (STAGED, feed_url, guid, canonical),
            ).fetchone()
            if staged:
                return "seen"
            busy = con.execute(
                "SELECT 1 FROM entries WHERE status = ? AND canonical_url = ? AND claimed_at > ? "
                "AND NOT (feed_url = ? AND guid = ?) LIMIT 1",
                (FETCHING, canonical, now - self.claim_ttl, feed_url, guid),
            ).fetchone()
            if busy:
                return "busy"
            row = con.execute(
                "SELECT status, attempts, claimed_at FROM entries WHERE feed_url = ? AND guid = ?",
                (feed_url, guid),
            ).fetchone()
            if row is None:
                verdict = "new"
            else:
                status, attempts, claimed_at = row
                if status == FAILED_PERMANENT:
                    return "gone"
                if status == FETCHING and claimed_at and claimed_at > now - self.claim_ttl:
                    return "busy"
                if attempts >= max_attempts:
                    return "gave_up"
                verdict = "retry"
            con.execute(
                "INSERT INTO entries (feed_url, guid, canonical_url, url, status, attempts, entry_json, "
                "claimed_at, first_seen_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?) "
                "ON CONFLICT (feed_url, guid) DO UPDATE SET status = excluded.status, "
                "claimed_at = excluded.claimed_at, canonical_url = excluded.canonical_url, "
                "url = excluded.url, entry_json = excluded.entry_json, updated_at = excluded.updated_at",
                (feed_url, guid, canonical, entry.get("url"), FETCHING, json.dumps(entry), now, now_s, now_s),
            )
            return verdict

    def finish(self, feed_url: str, guid: str, status: str, error: str | None = None) -> int:
        """Record the outcome of a claimed entry; returns its attempt count so far."""
        if status not in (STAGED, FAILED_PERMANENT, FAILED_TRANSIENT):
            raise ValueError(f"unknown entry status {status!r}")
        with self._tx() as con:
            con.execute(
                "UPDATE entries SET status = ?, last_error = ?, claimed_at = NULL, updated_at = ?, "
                "attempts = attempts + CASE WHEN ? = 'staged' THEN 0 ELSE 1 END "
                "WHERE feed_url = ? AND guid = ?",
                (status, error, _now(), status, feed_url, guid),
            )
            row = con.execute(
                "SELECT attempts FROM entries WHERE feed_url = ? AND guid = ?", (feed_url, guid)
            ).fetchone()
        return int(row[0]) if row else 0

    def pending_retries(self, feed_url: str, max_attempts: int) -> list[dict[str, Any]]:
        """Entries of this feed whose earlier attempts failed transiently and may be tried again.

        Why: an unchanged feed costs one 304 and is not parsed again, so retries cannot wait for
        the entry to reappear in a parsed feed.
        """
        with self._tx() as con:
            rows = con.execute(
                "SELECT entry_json FROM entries WHERE feed_url = ? AND status = ? AND attempts < ? "
                "ORDER BY first_seen_at",
                (feed_url, FAILED_TRANSIENT, max_attempts),
            ).fetchall()
        return [json.loads(r[0]) for r in rows if r[0]]

    def entry_status(self, feed_url: str, guid: str) -> dict[str, Any] | None:
        """Status row of one entry (for tests and debugging)."""
        with self._tx() as con:
            row = con.execute(
                "SELECT status, attempts, last_error, canonical_url FROM entries WHERE feed_url = ? AND guid = ?",
                (feed_url, guid),
            ).fetchone()
        return dict(zip(("status", "attempts", "last_error", "canonical_url"), row, strict=True)) if row else None
