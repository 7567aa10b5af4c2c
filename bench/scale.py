"""A generated warehouse at 10 thousand … 1 million articles (10 events each), and what it costs to use.

Why generate in SQL: ``INSERT … SELECT`` from ``range()`` writes millions of rows a second, a
Python loop a few thousand; a 1 M-article warehouse is then a minute of setup, not an hour.
Rows follow the real schema (migrations applied), every index included, so lookups and inserts
pay what they would in production: 40 LSH band rows per article fetched within the dedupe window
(older bands are pruned by every load) and one signature per article, one cluster
per 4 events, two years of dates, 100 regions × 2 event types (200 region series for alerts).

Article text is drawn from a pool of generated paragraphs (compresses well in DuckDB), so file
sizes and `publish` times are a lower bound for a warehouse of real articles.
"""

from __future__ import annotations

import random
import shutil
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

EVENTS_PER_ARTICLE = 10
EVENTS_PER_CLUSTER = 4
BANDS_PER_ARTICLE = 40
REGIONS = 100
SPAN_DAYS = 730


DAILY_COUNTS_JOIN = """
    SELECT c.event_date AS day, c.type AS event_type, COUNT(DISTINCT c.id) AS events,
           COUNT(DISTINCT CASE WHEN m.independent THEN m.article_id END) AS articles,
           COUNT(DISTINCT CASE WHEN m.independent THEN m.article_id END) AS reports
    FROM event_clusters c JOIN event_cluster_members m ON m.cluster_id = c.id
    WHERE c.event_date IS NOT NULL
    GROUP BY c.event_date, c.type"""


def _median_time(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(runs):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def _text_pool(con: Any, size: int = 200) -> None:
    from bench.corpus import _paragraphs

    rng = random.Random(11)
    rows = [(k, "\n".join(_paragraphs(rng, rng.choice(["strike", "talks", "other"]), 250))) for k in range(size)]
    con.execute("CREATE TEMP TABLE IF NOT EXISTS bench_texts (k INTEGER, t VARCHAR)")
    con.execute("DELETE FROM bench_texts")
    con.executemany("INSERT INTO bench_texts VALUES (?, ?)", rows)


def grow(con: Any, lo: int, hi: int, now: datetime) -> dict[str, float]:
    """Add articles [lo, hi) with their events, clusters, members, signatures and bands."""
    _text_pool(con)
    pool = con.execute("SELECT count(*) FROM bench_texts").fetchall()[0][0]
    secs: dict[str, float] = {}
    # Epoch arithmetic, not TIMESTAMPTZ - INTERVAL: the latter goes through ICU per row and is ~10x slower.
    span_s = SPAN_DAYS * 86400
    epoch = int(now.timestamp())
    fetched = f"to_timestamp({epoch} - (hash(i) % {span_s})::BIGINT)"
    today = now.date().isoformat()
    params = [lo, hi]

    def step(name: str, sql: str, args: list[Any]) -> None:
        start = time.perf_counter()
        con.execute(sql, args)
        secs[name] = time.perf_counter() - start

    step("articles", f"""
        INSERT INTO articles (id, url, canonical_url, feed, source, guid, title, text, published_at,
            published_basis, fetched_at, language, content_hash, duplicate_of, duplicate_kind, similarity,
            version, batch_id, loaded_at)
        SELECT printf('a%015d', i), printf('https://outlet-%d.example/news/%d.html', i % 40, i),
            printf('https://outlet-%d.example/news/%d.html', i % 40, i), printf('feed-%d', i % 40),
            printf('outlet-%d.example', i % 40), printf('g%d', i), printf('Generated headline %d', i), t.t,
            f_pub, 'feed', f, 'en', md5(i::VARCHAR), NULL, NULL, NULL, 1,
            printf('batch-%d', i // 2000), f
        FROM (SELECT i, {fetched} AS f, {fetched.replace('(hash', '3600 - (hash')} AS f_pub
              FROM range(?, ?) r(i)) s
        JOIN bench_texts t ON t.k = s.i % {pool}
    """, params)
    step("signatures", f"""
        INSERT INTO article_signatures
        SELECT printf('a%015d', i), md5(i::VARCHAR), NULL, 300, NULL, {fetched}, now()
        FROM range(?, ?) r(i)
    """, params)
    # No index on band_hash (migration 006 dropped it: the lookup is a hash semi-join over one scan,
    # and a 40 M-key ART index cost seconds per COMMIT and ~1.4 GB of file).
    # Bands only for articles fetched within the dedupe window (+1 day): every load prunes older ones
    # (transform.dedupe.prune_bands), so that is what a warehouse of this size holds.
    from transform.dedupe import settings as dedupe_settings

    keep_s = (int(dedupe_settings()["window_days"]) + 1) * 86400
    step("bands", f"""
        INSERT INTO article_signature_bands
        SELECT hash(i * {BANDS_PER_ARTICLE} + b), printf('a%015d', i), {fetched}
        FROM range(?, ?) r(i), range({BANDS_PER_ARTICLE}) q(b)
        WHERE hash(i) % {span_s} < {keep_s}
    """, params)
    e_lo, e_hi = lo * EVENTS_PER_ARTICLE, hi * EVENTS_PER_ARTICLE
    cluster = f"(k // {EVENTS_PER_CLUSTER})"
    step("events", f"""
        INSERT INTO events (id, article_id, type, subtype, evidence, evidence_start, location_text, place,
            admin1, country, event_date, date_precision, date_basis, attacker, target, parties,
            drones_launched, killed, disputed, confidence, tagger_version, cluster_id, created_at)
        SELECT printf('e%015d', k), printf('a%015d', k // {EVENTS_PER_ARTICLE}),
            CASE WHEN {cluster} % 10 < 7 THEN 'drone_strike' ELSE 'negotiation' END, 'attack',
            printf('Drones struck region %d overnight, officials said (%d).', ({cluster} // 10) % {REGIONS}, k), 0,
            printf('Place %d', ({cluster} // 10) % {REGIONS}), printf('Place %d', ({cluster} // 10) % {REGIONS}),
            printf('Region %d', ({cluster} // 10) % {REGIONS}),
            CASE WHEN {cluster} % 2 = 0 THEN 'Ukraine' ELSE 'Russia' END,
            DATE '{today}' - ({cluster} * 7919 % {SPAN_DAYS})::INTEGER, 'day', 'text',
            'Russia', NULL, ['Russia', 'Ukraine'], 20, NULL, false, 0.9, 'bench', printf('c%015d', {cluster}),
            now()
        FROM range(?, ?) r(k)
    """, [e_lo, e_hi])
    c_lo = -(-e_lo // EVENTS_PER_CLUSTER)
    c_hi = -(-e_hi // EVENTS_PER_CLUSTER)
    step("clusters", f"""
        INSERT OR IGNORE INTO event_clusters
        SELECT printf('c%015d', c), CASE WHEN c % 10 < 7 THEN 'drone_strike' ELSE 'negotiation' END, 'attack',
            printf('Place %d', (c // 10) % {REGIONS}), printf('Region %d', (c // 10) % {REGIONS}),
            CASE WHEN c % 2 = 0 THEN 'Ukraine' ELSE 'Russia' END,
            DATE '{today}' - (c * 7919 % {SPAN_DAYS})::INTEGER, now(), now(),
            {EVENTS_PER_CLUSTER}, 2, 'Drones struck overnight, officials said.',
            printf('e%015d', c * {EVENTS_PER_CLUSTER}),
            printf('a%015d', c * {EVENTS_PER_CLUSTER} // {EVENTS_PER_ARTICLE}), now(),
            DATE '{today}' - (c * 7919 % {SPAN_DAYS})::INTEGER, DATE '{today}' - (c * 7919 % {SPAN_DAYS})::INTEGER,
            ['Russia', 'Ukraine'], ['Russia']  -- date_lo, date_hi, parties, attackers (migration 007)
        FROM range(?, ?) r(c)
    """, [c_lo, c_hi])
    step("members", f"""
        INSERT INTO event_cluster_members
        SELECT printf('c%015d', k // {EVENTS_PER_CLUSTER}), printf('e%015d', k),
               printf('a%015d', k // {EVENTS_PER_ARTICLE}), printf('outlet-%d.example', k % 40), true
        FROM range(?, ?) r(k)
    """, [e_lo, e_hi])
    # Clusters were written around transform.cluster, so the daily counts table is rebuilt here.
    from transform.cluster import rebuild_daily_counts

    start = time.perf_counter()
    rebuild_daily_counts(con)
    secs["daily_counts"] = time.perf_counter() - start
    return secs


def _copy_db(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    wal = src.with_name(src.name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, dst.with_name(dst.name + ".wal"))


def per_thousand(base_db: Path, workdir: Path, new_articles: Path, new_events: Path, runs: int,
                 *, with_publish: bool = True) -> dict[str, Any]:
    """dedupe + cluster + load (+ publish, reported apart) of one new batch against ``base_db``.

    Each run starts from a fresh copy of ``base_db`` so every run sees the same stored history.
    ``with_publish=False`` skips the publish (minutes at 1 M articles) when only the batch cost is wanted.
    """
    import pandas as pd

    import transform.cluster
    from bench.stages import Timers

    articles = pd.read_parquet(new_articles)
    events = pd.read_parquet(new_events)
    results: list[dict[str, float]] = []
    timers = Timers()
    original = transform.cluster.assign_clusters
    transform.cluster.assign_clusters = timers.wrap("assign_clusters", original)  # load_run imports it per call
    try:
        for r in range(runs):
            results.append(_one_batch(r, base_db, workdir, articles, events, timers, with_publish))
    finally:
        transform.cluster.assign_clusters = original
    n = max(1, len(articles))
    med = {k: statistics.median(r[k] for r in results) for k in results[0]}
    med["per_1000_s"] = (med["dedupe"] + med["load"]) * 1000 / n
    med["new_articles"] = n
    return med


def _one_batch(r: int, base_db: Path, workdir: Path, articles: Any, events: Any, timers: Any,
               with_publish: bool = True) -> dict[str, float]:
    import pandas as pd

    from conflictwatch import process
    from conflictwatch.config import Paths
    from conflictwatch.records import EVENT_COLUMNS
    from warehouse.load import LoadInput, load_run
    from warehouse.store import publish, writer

    paths = Paths(workdir / f"run{r}")
    _copy_db(base_db, paths.writer_db)
    out = process.run_dir(paths, "bench")
    articles.to_parquet(out / "articles_extracted.parquet", index=False)
    t0 = time.perf_counter()
    process.dedupe_stage(paths, out)
    t1 = time.perf_counter()
    deduped = pd.read_parquet(out / "articles.parquet")
    ev = events[events["article_id"].isin(set(deduped["id"]))][EVENT_COLUMNS]
    data = LoadInput(run_id=f"bench-{r}", batch_ids=[f"bench-new-{r}"], articles=deduped, events=ev,
                     feed_fetches=pd.DataFrame(columns=process.FETCH_COLUMNS),
                     failures=pd.DataFrame(columns=process.FAILURE_COLUMNS))
    cluster_before = timers.seconds.get("assign_clusters", 0.0)
    with writer(paths) as con:
        t2 = time.perf_counter()
        counts = load_run(con, data)
        t3 = time.perf_counter()
        if with_publish:
            publish(con, paths)
        t4 = time.perf_counter()
    row = {"dedupe": t1 - t0, "load": t3 - t2, "assign_clusters": timers.seconds["assign_clusters"] - cluster_before,
           "publish": t4 - t3 if with_publish else float("nan"), "articles": counts["articles"],
           "events": counts["events"], "writer_db_mb": paths.writer_db.stat().st_size / 1e6,
           "warehouse_mb": paths.warehouse.stat().st_size / 1e6 if with_publish else float("nan")}
    shutil.rmtree(paths.root, ignore_errors=True)
    return row


def publish_only(base_db: Path, workdir: Path) -> float:
    """Seconds of ``warehouse.store.publish`` for a writer DB copied from ``base_db``."""
    from conflictwatch.config import Paths
    from warehouse.store import publish, writer

    paths = Paths(workdir)
    _copy_db(base_db, paths.writer_db)
    try:
        with writer(paths) as con:
            start = time.perf_counter()
            publish(con, paths)
            return time.perf_counter() - start
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def queries(con: Any, now: datetime, runs: int) -> dict[str, Any]:
    """The analyst and alert queries the issue sets at ≤ 1 s each."""
    from transform import alerts

    today = now.date()
    year_ago = today - timedelta(days=365)
    t_daily, rows = _median_time(lambda: con.execute(
        "SELECT * FROM daily_event_counts WHERE day BETWEEN ? AND ? ORDER BY day, event_type",
        [year_ago, today]).fetchall(), runs)
    # The join migration 002 defined the view as, for the before/after comparison (005 serves a table).
    t_join, joined = _median_time(lambda: con.execute(
        f"SELECT * FROM ({DAILY_COUNTS_JOIN}) WHERE day BETWEEN ? AND ? ORDER BY day, event_type",
        [year_ago, today]).fetchall(), runs)
    cfg = alerts.load_alert_config()
    t_spikes, found = _median_time(lambda: alerts.detect_spikes(con, now, cfg), runs)
    series = con.execute(
        "SELECT count(DISTINCT type || ':' || COALESCE(admin1, country)) FROM event_clusters").fetchall()[0][0]
    return {"daily_event_counts_year_s": t_daily, "daily_rows": len(rows), "daily_join_year_s": t_join,
            "daily_join_same_rows": joined == rows,
            "detect_spikes_s": t_spikes, "spike_candidates": len(found), "region_series": int(series)}


def load_rate(con: Any, rows: int, runs: int) -> dict[str, Any]:
    """Rows/s of a DataFrame and of an Arrow table ``INSERT … SELECT`` into `events`."""
    import pandas as pd
    import pyarrow as pa

    now = datetime.now(UTC)
    frame = pd.DataFrame({
        "id": [f"L{i:015d}" for i in range(rows)], "article_id": [f"a{i % 1000:015d}" for i in range(rows)],
        "type": ["drone_strike"] * rows, "evidence": ["Drones struck a depot overnight."] * rows,
        "event_date": [date(2026, 1, 1) + timedelta(days=i % 300) for i in range(rows)],
        "tagger_version": ["bench"] * rows, "created_at": [now] * rows,
    })
    table = pa.Table.from_pandas(frame, preserve_index=False)
    out: dict[str, Any] = {"rows": rows}
    for name, obj in (("dataframe", frame), ("arrow", table)):
        times = []
        for _ in range(runs):
            con.execute("BEGIN")
            con.register("bench_rows", obj)
            start = time.perf_counter()
            con.execute("INSERT INTO events BY NAME SELECT * FROM bench_rows")
            times.append(time.perf_counter() - start)
            con.unregister("bench_rows")
            con.execute("ROLLBACK")
        out[f"{name}_rows_per_s"] = rows / statistics.median(times)
    return out


def build_and_measure(workdir: Path, sizes: list[int], new_articles: Path, new_events: Path, runs: int,
                      load_rows: int, batch_runs: int = 1, batch_sizes: list[int] | None = None) -> dict[str, Any]:
    """Grow one warehouse through ``sizes``; at each size measure the batch cost; queries at the last."""
    import duckdb

    # Pay one-off imports and first-call setup before any clock starts (datasketch alone is ~2 s).
    from transform import cluster, dedupe
    from warehouse import migrate
    from warehouse.store import WRITER_CONFIG

    dedupe.signature("warm up the minhash code path with enough words to form several shingles here")
    cluster.settings()
    import pyarrow  # noqa: F401

    now = datetime.now(UTC)
    db = workdir / "scale" / "pipeline.duckdb"
    db.parent.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    con = duckdb.connect(str(db), config=WRITER_CONFIG)  # v1.4.0 storage, as the pipeline writes it
    migrate.apply(con)
    result: dict[str, Any] = {"sizes": {}, "events_per_article": EVENTS_PER_ARTICLE}
    done = before = 0
    for size in sizes:
        start = time.perf_counter()
        steps = grow(con, done, size, now)
        con.execute("CHECKPOINT")
        gen = time.perf_counter() - start
        rows = sum(con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                   for t in ("articles", "events", "event_clusters", "event_cluster_members",
                             "article_signatures", "article_signature_bands"))
        done = size
        con.close()
        if batch_sizes is None or size in batch_sizes:
            cost = per_thousand(db, workdir / "batch", new_articles, new_events, batch_runs)
        else:  # the batch is not measured at this size (see Plan.batch_sizes); publish still is
            cost = {"publish": publish_only(db, workdir / "publish"), "per_1000_s": None}
        con = duckdb.connect(str(db), config=WRITER_CONFIG)  # v1.4.0 storage, as the pipeline writes it
        result["sizes"][str(size)] = {"generate_s": gen, "total_rows": rows,
                                      "generate_rows_per_s": (rows - before) / gen, "generate_steps": steps,
                                      "db_mb": db.stat().st_size / 1e6, **cost}
        before = rows
    result["events"] = con.execute("SELECT count(*) FROM events").fetchall()[0][0]
    result["articles"] = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
    result["queries"] = queries(con, now, runs)
    result["load_rate"] = load_rate(con, load_rows, runs)
    con.close()
    shutil.rmtree(workdir / "scale", ignore_errors=True)
    return result
