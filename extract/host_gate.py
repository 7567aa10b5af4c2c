"""Per-host politeness shared by every process that fetches with the same data directory.

Airflow maps one fetch task per feed, and several feeds often live on one outlet's host: an
in-process semaphore would let each task hit that host at full rate, so N parallel tasks would
send N times the configured rate. The limits therefore live in the file system, next to the fetch
state: ``<host>.slot<i>`` files held with ``flock`` bound concurrent requests, and a
``<host>.last`` file records when the last request started, so spacing holds across processes and
threads alike. ``flock`` locks belong to an open file description, so two threads of one process
exclude each other exactly as two processes do; a crashed process releases its locks with its
file descriptors, so nothing stays blocked. Workers on several machines share these limits when
they share the data volume (as in ``docker-compose.yml``); ``flock`` on NFS is not relied on.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

_POLL = 0.02  # seconds between tries for a free slot; requests last far longer
_STAMP_WIDTH = 32  # bytes of a ``<host>.last`` file: a time.time() stamp with 6 decimals, space-padded


class HostBusy(TimeoutError):
    """No request slot for the host became free before the caller's deadline."""


def _safe(host: str) -> str:
    """A file name for ``host`` that cannot climb out of the gate directory."""
    return re.sub(r"[^a-z0-9.-]", "_", host.lower()).lstrip(".") or "_"


def _open(path: Path) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)


@contextlib.contextmanager
def host_turn(directory: Path, host: str, concurrency: int, delay: float, deadline: float) -> Iterator[float]:
    """Hold one of ``concurrency`` request slots for ``host`` after waiting out ``delay`` since the last start.

    ``deadline`` is a ``time.monotonic()`` value; waiting past it raises ``HostBusy`` so a busy
    host turns into a transient fetch failure instead of a task that hangs. Yields the seconds
    spent waiting (for logs and tests).
    """
    directory.mkdir(parents=True, exist_ok=True)
    name = _safe(host)
    waited_from = time.monotonic()
    slot_fd = _acquire_slot(directory, name, max(1, concurrency), deadline)
    try:
        _wait_spacing(directory / f"{name}.last", delay, deadline)
        yield time.monotonic() - waited_from
    finally:
        fcntl.flock(slot_fd, fcntl.LOCK_UN)
        os.close(slot_fd)


def _acquire_slot(directory: Path, name: str, concurrency: int, deadline: float) -> int:
    while True:
        for i in range(concurrency):
            fd = _open(directory / f"{name}.slot{i}")
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            return fd
        if time.monotonic() >= deadline:
            raise HostBusy(f"all {concurrency} request slot(s) for this host stayed busy until the deadline")
        time.sleep(_POLL)


def _wait_spacing(path: Path, delay: float, deadline: float) -> None:
    """Sleep until ``delay`` seconds after the previous start recorded in ``path``, then record ours.

    The lock is held while sleeping so that the next caller reads our start time, not the old one;
    wall-clock time is used because monotonic clocks are not comparable across processes.
    """
    fd = _open(path)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        raw = os.pread(fd, 64, 0)
        text = raw.decode("ascii", "replace").strip()
        try:
            last = float(text) if text else 0.0
        except ValueError:
            last = 0.0  # a torn or foreign file only costs one unspaced request
        pause = min(last + delay - time.time(), delay)  # a clock step backwards never blocks longer
        if pause > 0:
            if time.monotonic() + pause > deadline:
                raise HostBusy(f"the host's {delay:g} s request spacing would pass the deadline")
            time.sleep(pause)
        # Overwrite in place with a fixed-width, space-padded stamp: truncating first cost a metadata
        # journal write per request, and the padding means a shorter stamp never leaves old digits.
        stamp = f"{time.time():.6f}".encode("ascii").ljust(_STAMP_WIDTH)
        if len(raw) > _STAMP_WIDTH:  # a foreign or older, longer file
            os.ftruncate(fd, 0)
        os.pwrite(fd, stamp, 0)
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
