"""Run a per-article function over a batch in worker processes, answers in input order.

Why: extraction and tagging are CPU-bound Python, one article at a time, while the machine that runs
a process task usually has other cores idle: a 2,000-page batch spent about 13 s extracting and 6 s
tagging on one core of a two-core machine (BENCHMARKS.md). Both stages are pure per article, so
workers change when the answers arrive, never what they are, and the stage keeps the input order.

What it will not do is make a batch fail that would have run in one process: when workers cannot
start (a daemonic Celery pool process may not have children; a sandbox may forbid it) the items run
here, and when a worker dies mid-batch (killed for memory, a crash in a C extension) the items it
did not answer run here too. The per-item function must never raise for a bad item: it returns a
failure record instead, as the serial stages always did.

Configuration: ``CONFLICTWATCH_WORKERS`` = ``auto`` (the default: the cores this process may use,
at most four) or a whole number; ``1`` turns workers off. Batches under 64 articles a worker run
in this process, since starting workers costs more than it saves there.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from conflictwatch.config import ConfigError

log = logging.getLogger(__name__)

ENV_WORKERS = "CONFLICTWATCH_WORKERS"
MAX_AUTO_WORKERS = 4
MIN_ITEMS_PER_WORKER = 64
# Imported once by the fork server, so that every worker forked from it starts with the extractor
# and the tagger's compiled rules already loaded (see conflictwatch/worker_preload.py).
PRELOAD = ["conflictwatch.worker_preload"]

T = TypeVar("T")
R = TypeVar("R")


def configured_workers() -> int:
    """Workers asked for by ``CONFLICTWATCH_WORKERS`` (``auto``: usable cores, at most four)."""
    raw = os.environ.get(ENV_WORKERS, "auto").strip().lower() or "auto"
    if raw == "auto":
        try:
            cores = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            cores = os.cpu_count() or 1
        return max(1, min(cores, MAX_AUTO_WORKERS))
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


def map_ordered(fn: Callable[[T], R], items: Sequence[T], *, label: str) -> list[R]:
    """``[fn(x) for x in items]``, computed in worker processes when the batch is worth it.

    ``fn`` must be a module-level function (workers import it by name) that handles a bad item
    itself; an exception it raises anyway propagates, as it would in the loop.
    """
    workers = workers_for(len(items))
    if workers <= 1:
        return [fn(x) for x in items]
    done: list[R] = []
    try:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        # A few chunks per worker: large enough that pickling is not the cost, small enough that
        # one slow page does not leave the other workers idle at the end.
        chunk = max(1, len(items) // (workers * 8))
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for result in pool.map(fn, items, chunksize=chunk):
                done.append(result)
        return done
    except (BrokenProcessPool, AssertionError, OSError, PermissionError) as exc:
        # AssertionError: multiprocessing refuses children to a daemonic process (a Celery pool).
        rest = items[len(done):]
        log.warning("%s: worker processes failed (%s: %s); the %d item(s) not answered yet run in this process",
                    label, type(exc).__name__, exc, len(rest))
        return done + [fn(x) for x in rest]
