"""`make demo`: the whole pipeline on embedded defaults, nothing to install by hand.

Serves the bundled sample corpus from a local HTTP server on 127.0.0.1, allows exactly that host
through the fetcher's private-address guard, runs ingest → process → alerts through Airflow and
prints the trend table and where the warehouse is.
"""

from __future__ import annotations

import os
import shutil
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import click

from conflictwatch.config import Paths
from conflictwatch.report import TREND_SQL, table


def trend_table(paths: Paths, today: date, days: int = 14) -> str:
    from warehouse.store import reader

    sql = TREND_SQL.replace("INTERVAL 13 DAY", f"INTERVAL {max(days, 1) - 1} DAY")
    with reader(paths) as con:
        cursor = con.execute(sql, [today, today])
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    return table(columns, rows)


def run_demo(paths: Paths, port: int = 0) -> int:
    from conflictwatch.airflow_runner import RunFailed, run_pipeline
    from conflictwatch.cli import summarise
    from conflictwatch.sample.server import render_feeds_file, serve

    paths.root.mkdir(parents=True, exist_ok=True)
    allowed = {h for h in os.environ.get("CONFLICTWATCH_ALLOW_PRIVATE_HOSTS", "").split(",") if h}
    os.environ["CONFLICTWATCH_ALLOW_PRIVATE_HOSTS"] = ",".join(sorted(allowed | {"127.0.0.1"}))
    # Every sample feed is on one local host: politeness delays would only slow the demo down.
    os.environ.setdefault("CONFLICTWATCH_FETCH_PER_HOST_DELAY", "0")
    try:
        server_cm = serve(port=port)
    except OSError as exc:
        click.echo(f"error: cannot serve the sample feeds on 127.0.0.1:{port} ({exc.strerror}); "
                   "pass --port N, or `make demo DEMO_PORT=N` (use the same port on every demo run: article URLs "
                   "include it)", err=True)
        return 2
    with server_cm as server:
        feeds_file = paths.root / "demo_feeds.yaml"
        feeds_file.write_text(render_feeds_file(server.base_url, None), encoding="utf-8")
        click.echo(f"serving sample feeds at {server.base_url} (feeds file {feeds_file})")
        try:
            results = run_pipeline(paths, str(feeds_file))
        except RunFailed as exc:
            click.echo(f"error: {exc}", err=True)
            return 1
    click.echo(summarise(results))
    click.echo("")
    click.echo("Events (clusters) and reports per day, last 14 days:")
    click.echo(trend_table(paths, datetime.now(UTC).date()))
    docs = paths.root / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    if docs.exists():
        click.echo(f"data quality report: {docs}")
    click.echo(f"warehouse: {paths.warehouse}")
    exe = shutil.which("conflictwatch") or str(Path(sys.executable).with_name("conflictwatch"))
    click.echo(f"try: {exe} sql \"SELECT type, place, event_date, evidence FROM events LIMIT 5\" "
               f"--data-dir {paths.root}")
    return 0


def sample_root() -> Path:
    return Path(__file__).resolve().parent / "sample"
