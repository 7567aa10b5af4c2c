"""Run a per-article function over a batch in worker processes, answers in input order.

Why: extraction and tagging are CPU-bound Python, one article at a time, while the machine that runs
a process task usually has other cores idle: a 2,000-page batch spent about 12 s extracting and 5 s
tagging on one core of a two-core machine (BENCHMARKS.md). Both stages are pure per article, so
workers change when the answers arrive, never what they are, and the stage keeps the input order.

What it will not do is make a batch fail that would have run in one process: when workers cannot
start (Python refuses children to a daemonic process, as Celery's prefork pool can make of a task)
the items run here, and when a worker dies mid-batch (killed for memory, a crash in a C extension)
the items not answered yet run here too. An exception the item function itself raises propagates,
as it would in a loop; the stages' item functions return failure records instead of raising.

Configuration: ``CONFLICTWATCH_WORKERS`` = ``auto`` (the default: the cores this process may use,
within the container's CPU quota, at most four) or a whole number; ``1`` turns workers off. Batches
under 64 articles a worker run in this process, since starting workers costs more than it saves.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TypeVar

from conflictwatch.config import ConfigError

log = logging.getLogger(__name__)

ENV_WORKERS = "CONFLICTWATCH_WORKERS"
MAX_AUTO_WORKERS = 4
MIN_ITEMS_PER_WORKER = 64
# Imported once by the fork server, so that every worker forked from it starts with them loaded:
# "__main__" is the parent's main script (under Airflow its console script, which imports Airflow:
# without it each worker would import that again), then the extractor and the tagger's compiled
# rules (conflictwatch/worker_preload.py).
PRELOAD = ["__main__", "conflictwatch.worker_preload"]
CGROUP_CPU_MAX = Path("/sys/fs/cgroup/cpu.max")

T = TypeVar("T")
R = TypeVar("R")


def _quota_cores(path: Path = CGROUP_CPU_MAX) -> int | None:
    """Cores the cgroup (v2) CPU quota allows ("200000 100000" = 2), or None without a quota."""
    try:
        quota, period = path.read_text().split()[:2]
        return None if quota == "max" else max(1, math.ceil(int(quota) / int(period)))
    except (OSError, ValueError):
        return None


def configured_workers() -> int:
    """Workers asked for by ``CONFLICTWATCH_WORKERS`` (``auto``: usable cores, at most four)."""
    raw = os.environ.get(ENV_WORKERS, "auto").strip().lower() or "auto"
    if raw == "auto":
        try:
            cores = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            cores = os.cpu_count() or 1
        quota = _quota_cores()
        return max(1, min(cores, quota or cores, MAX_AUTO_WORKERS))
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigError(f"{ENV_WORKERS}={raw!r}: expected 'auto' or a whole number of at least 1")
    return value


def workers_for(n_items: int) -> int:
    """Workers worth starting for ``n_items``: never more than one per MIN_ITEMS_PER_WORKER items."""
    return max(1, min(configured_workers(), n_items // MIN_ITEMS_PER_WORKER))


def _exit_with(owner: int) -> None:
    """Worker initializer: leave when the process that started the pool is gone.

    A task killed outright (the kernel's OOM killer, ``kill -9``) cannot shut its pool down, and its
    workers and fork server would otherwise keep each other alive, holding memory and the task's
    log pipe, until someone kills them by hand."""
    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(owner, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                continue  # the pid exists (reused by another user's process is the rare exception)

    threading.Thread(target=watch, name="conflictwatch-owner-watch", daemon=True).start()


def map_ordered(fn: Callable[[T], R], items: Sequence[T], *, label: str) -> list[R]:
    """``[fn(x) for x in items]``, computed in worker processes when the batch is worth it.

    ``fn`` must be a module-level function (workers import it by name) that handles a bad item
    itself; an exception it raises anyway propagates, as it would in the loop.
    """
    workers = workers_for(len(items))
    if workers <= 1:
        return [fn(x) for x in items]
    if multiprocessing.current_process().daemon:
        log.info("%s: running in this process (a daemonic process may not start workers)", label)
        return [fn(x) for x in items]
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    # A few chunks per worker: large enough that pickling is not the cost, small enough that one
    # slow page does not leave the other workers idle at the end.
    chunk = max(1, len(items) // (workers * 8))
    done: list[R] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_exit_with,
                             initargs=(os.getpid(),)) as pool:
        try:
            answers = pool.map(fn, items, chunksize=chunk)  # submits every chunk and starts the workers
        except (AssertionError, OSError) as exc:
            # AssertionError: multiprocessing refuses children to a daemonic process it did not flag above.
            log.warning("%s: worker processes could not start (%s: %s); running in this process",
                        label, type(exc).__name__, exc)
            return [fn(x) for x in items]
        try:
            for answer in answers:
                done.append(answer)
            return done
        except BrokenProcessPool as exc:
            log.warning("%s: a worker process died (%s); the %d item(s) not answered yet run in this process",
                        label, exc, len(items) - len(done))
    return done + [fn(x) for x in items[len(done):]]
