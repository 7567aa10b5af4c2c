"""Per-stage timings of one batch, run for real in a child process: fetch → extract → … → publish.

Why through `conflictwatch.process` and not hand-made calls: the stage functions named in
docs/CONTRACTS.md (extract_page, mark_duplicates, tag, assign_clusters, validate_batch, load_run,
publish, …) are wrapped with timers and the real process stages call them, so each number is that
function's time on real inputs inside the real pipeline, and the stage wall times around them show
the overhead (Parquet, pandas, file reads) too.

Why a child process: its peak RSS (``ru_maxrss``) is the memory of exactly these stages, and each
repetition starts cold like an Airflow task does.

Run as ``python -m bench.stages CORPUS BASE_URL WORKDIR CONCURRENCY [PROFILE_OUT]``; prints JSON.
"""

from __future__ import annotations

import cProfile
import functools
import io
import json
import os
import pstats
import resource
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

# (module, attribute) of every stage function timed inside the real stages.
TIMED = [
    ("extract.ingest", "ingest_feed"),
    ("extract.articles", "extract_page"),
    ("transform.dedupe", "mark_duplicates"),
    ("transform.tagger", "tag"),
    ("transform.quality", "validate_batch"),
    ("warehouse.load", "load_run"),
    ("transform.cluster", "assign_clusters"),
    ("transform.dedupe", "store_signatures"),
    ("warehouse.store", "publish"),
]
PROCESS_STAGES = ["plan", "extract", "dedupe", "tag", "validate", "load"]


class Timers:
    """Accumulated seconds and calls per wrapped function."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start
                self.calls[name] = self.calls.get(name, 0) + 1

        return timed


def install_timers(timers: Timers) -> None:
    import importlib

    for module_name, attr in TIMED:
        module = importlib.import_module(module_name)
        setattr(module, attr, timers.wrap(attr, getattr(module, attr)))


def fetch(feeds: list[dict[str, Any]], batch_dir: Path, state: Path, concurrency: int) -> dict[str, Any]:
    """Ingest every feed as the ingest DAG's mapped tasks would, ``concurrency`` at a time."""
    from extract.http import FetchSettings
    from extract.ingest import ingest_feed

    settings = FetchSettings.from_env()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        counts = list(pool.map(lambda f: ingest_feed(f, batch_dir, state, settings), feeds))
    seconds = time.perf_counter() - start
    pages = sum(int(c.get("pages_staged") or 0) for c in counts)
    return {"seconds": seconds, "pages": pages, "failed": sum(int(c.get("pages_failed") or 0) for c in counts),
            "pages_per_s": pages / seconds if seconds else 0.0, "concurrency": concurrency}


def trafilatura_baseline(pages: list[Path]) -> dict[str, Any]:
    """``trafilatura.extract`` alone, defaults, on the very bytes the pipeline staged."""
    import trafilatura

    bodies = [p.read_bytes() for p in pages]
    start = time.perf_counter()
    extracted = sum(1 for body in bodies if trafilatura.extract(body))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "pages": len(bodies), "extracted": extracted,
            "ms_per_page": 1000 * seconds / max(1, len(bodies))}


def _profile_text(prof: cProfile.Profile, limit: int = 25) -> str:
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.sort_stats("cumulative").print_stats(limit)
    out.write("\n--- by own time ---\n")
    stats.sort_stats("tottime").print_stats(limit)
    return out.getvalue()


def run(corpus: Path, base_url: str, workdir: Path, concurrency: int, profile_out: Path | None = None,
        sequential_fetch: bool = True) -> dict[str, Any]:
    from bench.corpus import feeds_for
    from conflictwatch import process
    from conflictwatch.config import Paths
    from extract.staging import new_batch_dir, seal_batch

    os.environ.setdefault("CONFLICTWATCH_ALLOW_PRIVATE_HOSTS", "127.0.0.1")
    paths = Paths(workdir / "data")
    feeds = feeds_for(corpus, base_url)
    timers = Timers()
    result: dict[str, Any] = {"fetch": {}}

    if sequential_fetch:  # one feed at a time: what `dag.test()` does with mapped tasks
        scratch = Paths(workdir / "scratch")
        result["fetch"]["sequential"] = fetch(feeds, new_batch_dir(scratch.staging, "seq"), scratch.fetch_state, 1)
    install_timers(timers)
    batch_dir = new_batch_dir(paths.staging, "bench-batch")
    result["fetch"]["concurrent"] = fetch(feeds, batch_dir, paths.fetch_state, concurrency)
    seal_batch(batch_dir)

    run_id = "bench-run"
    stage_seconds: dict[str, float] = {}
    counts: dict[str, Any] = {}
    profiles: dict[str, str] = {}
    out: Path | None = None

    def stage(name: str, call: Callable[[], Any]) -> Any:
        prof = cProfile.Profile() if profile_out else None
        start = time.perf_counter()
        if prof:
            prof.enable()
        try:
            return call()
        finally:
            if prof:
                prof.disable()
                profiles[name] = _profile_text(prof)
            stage_seconds[name] = time.perf_counter() - start

    planned = stage("plan", lambda: process.plan(paths, run_id))
    out = Path(planned["run_dir"])
    counts["extract"] = stage("extract", lambda: process.extract_stage(paths, out))
    counts["dedupe"] = stage("dedupe", lambda: process.dedupe_stage(paths, out))
    counts["tag"] = stage("tag", lambda: process.tag_stage(out))
    counts["validate"] = stage("validate", lambda: process.validate_stage(paths, out, run_id))
    counts["load"] = stage("load", lambda: process.load_stage(paths, out, run_id))
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    import pandas as pd

    articles = pd.read_parquet(out / "articles.parquet")
    text_chars = int(articles["text"].fillna("").str.len().sum()) if len(articles) else 0
    staged = sorted((batch_dir / "pages").glob("*.html"))
    from conflictwatch.parallel import workers_for

    result.update({
        "workers": workers_for(len(articles)),
        "stages": stage_seconds,
        "functions": {"seconds": timers.seconds, "calls": timers.calls},
        "counts": json.loads(json.dumps(counts, default=str)),
        "articles": len(articles),
        "text_chars": text_chars,
        "html_bytes": sum(p.stat().st_size for p in staged),
        "peak_rss_mb": peak_kb / 1024,
        "warehouse_bytes": paths.warehouse.stat().st_size if paths.warehouse.exists() else 0,
        "trafilatura": trafilatura_baseline(staged),
        "run_dir": str(out),
    })
    if profile_out:
        profile_out.write_text(json.dumps(profiles), encoding="utf-8")
    return result


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(REPO))
    corpus, base_url, workdir, concurrency = Path(argv[0]), argv[1], Path(argv[2]), int(argv[3])
    profile_out = Path(argv[4]) if len(argv) > 4 and argv[4] else None
    result = run(corpus, base_url, workdir, concurrency, profile_out)
    print("BENCH-JSON " + json.dumps(result, default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
