"""Profile one 1,000-article batch (dedupe + cluster + load) against a large stored warehouse.

Why a separate script: ``make bench`` rebuilds everything and deletes its generated warehouse, so
finding out *which statement* grows with history took a full 11-minute run per question. This
keeps the generated warehouse and the new batch in ``--workdir`` between calls, so each rerun is
one DB copy plus one batch, and it prints the cProfile rows (cumulative) that the batch spent in.

Usage: python scripts/profile_scale.py --workdir /tmp/cw-scale [--size 1000000] [--runs 1] [--top 40]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def new_batch(workdir: Path, articles: int) -> tuple[Path, Path]:
    """The scale benchmark's batch: real extracted articles and their tagged events, made once."""
    a, e = workdir / "new_articles.parquet", workdir / "new_events.parquet"
    if a.exists() and e.exists():
        return a, e
    from bench import corpus
    from bench.server import CorpusServer
    from bench.suite import _new_batch, child_env, run_child

    site = workdir / "site"
    shutil.rmtree(site, ignore_errors=True)
    corpus.generate(site, 2 * articles, n_feeds=16)  # as make bench: the first half of a 2,000-page run
    with CorpusServer(site) as server:
        out = run_child(["-m", "bench.stages", str(site), server.base_url, str(workdir / "stages"), "4"],
                        child_env(workdir / "pycache"))
    return _new_batch(Path(out["run_dir"]), workdir, articles)


def stored(workdir: Path, size: int) -> Path:
    """A generated writer DB with ``size`` articles (10 events each), built once and kept."""
    import duckdb

    from bench.scale import grow
    from warehouse import migrate
    from warehouse.store import WRITER_CONFIG

    db = workdir / f"stored-{size}" / "pipeline.duckdb"
    if db.exists():
        return db
    db.parent.mkdir(parents=True, exist_ok=True)
    partial = db.with_name("building.duckdb")  # renamed into place only when complete
    partial.unlink(missing_ok=True)
    con = duckdb.connect(str(partial), config=WRITER_CONFIG)
    migrate.apply(con)
    start = time.perf_counter()
    step = 250_000
    for lo in range(0, size, step):
        grow(con, lo, min(size, lo + step), datetime.now(UTC))
    con.execute("CHECKPOINT")
    con.close()
    partial.replace(db)
    print(f"generated {size:,} articles in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return db


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--no-profile", action="store_true", help="time only (cProfile adds overhead)")
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)

    new_articles, new_events = new_batch(args.workdir, args.articles)
    db = stored(args.workdir, args.size)

    import pandas as pd

    import transform.cluster
    from bench.scale import _one_batch
    from bench.stages import Timers
    from transform import dedupe

    dedupe.signature("warm up the minhash code path with enough words to form several shingles here")
    transform.cluster.settings()
    articles, events = pd.read_parquet(new_articles), pd.read_parquet(new_events)
    timers = Timers()
    original = transform.cluster.assign_clusters
    transform.cluster.assign_clusters = timers.wrap("assign_clusters", original)
    rows = []
    for r in range(args.runs):
        prof = None if args.no_profile else cProfile.Profile()
        if prof:
            prof.enable()
        rows.append(_one_batch(r, db, args.workdir / "batch", articles, events, timers, with_publish=False))
        if prof:
            prof.disable()
            buf = io.StringIO()
            pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(args.top)
            print(buf.getvalue())
    for row in rows:
        row["per_1000_s"] = (row["dedupe"] + row["load"]) * 1000 / len(articles)
    print(json.dumps({"size": args.size, "runs": rows}, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
