"""The `conflictwatch` command: a stable contract other tools rely on.

Commands and flags are named in the README and never change meaning. Each command is a thin shell
over a library function so that scripts can call either.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from conflictwatch.config import ConfigError, paths

DATA_DIR_HELP = "Data dir (default ./data, or CONFLICTWATCH_DATA_DIR)."


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """conflictwatch: drone-strike and negotiation events from news feeds, with evidence."""


@main.command()
@click.option("--data-dir", type=click.Path(file_okay=False), help=DATA_DIR_HELP)
@click.option("--port", type=int, default=8765, show_default=True,
              help="Port for the sample feed server; keep it the same between runs (the URLs include it).")
def demo(data_dir: str | None, port: int) -> None:
    """Serve the bundled sample feeds on 127.0.0.1 and run the whole pipeline once through Airflow."""
    from conflictwatch.demo import run_demo

    sys.exit(run_demo(paths(data_dir), port=port))


@main.command()
@click.option("--feeds", "feeds_file", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Feeds file (YAML: `feeds:` a list of {name, url}).")
@click.option("--data-dir", type=click.Path(file_okay=False), help=DATA_DIR_HELP)
def run(feeds_file: str, data_dir: str | None) -> None:
    """Run ingest → process → alerts once through Airflow for the feeds in FILE."""
    from conflictwatch.airflow_runner import RunFailed, run_pipeline
    from conflictwatch.config import load_feeds

    target = paths(data_dir)
    try:
        load_feeds(feeds_file)
        results = run_pipeline(target, feeds_file)
    except (ConfigError, RunFailed) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(summarise(results))
    click.echo(f"warehouse: {target.warehouse}")


# The stages in the order the DAGs run them, so the demo's counts read as the pipeline does.
_STAGES = ("start_batch", "feeds_of", "fetch_feed", "seal", "plan", "extract", "dedupe", "tag", "validate", "load",
           "check_batch_health", "spike_check")


def _stage_rank(task_id: str) -> tuple[int, str]:
    return (_STAGES.index(task_id) if task_id in _STAGES else len(_STAGES), task_id)


def summarise(results: list[Any]) -> str:
    """Counts per stage from the task return values of each DAG run."""
    lines = []
    for result in results:
        lines.append(f"{result.dag_id}: {result.state} (run {result.run_id})")
        for task_id, value in sorted(result.returns.items(), key=lambda kv: _stage_rank(kv[0])):
            # (start_batch's value carries the feed list itself, not a count: nothing to show)
            if isinstance(value, dict) and not isinstance(value.get("feeds"), list):
                shown = {k: v for k, v in value.items() if not isinstance(v, dict | list)}
                lines.append(f"  {task_id}: {json.dumps(shown, default=str)}")
        bad = {t: s for t, s in result.tasks.items() if "success" not in s.lower()}
        for task_id, state in sorted(bad.items()):
            lines.append(f"  {task_id}: {state}")
    return "\n".join(lines)


@main.command()
def tag() -> None:
    """Tag JSON lines on stdin ({"id","title","text","published"}); one JSON line out per input."""
    from extract.articles import parse_datetime
    from transform.tagger import tag as tag_text

    for n, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
            problem = None if isinstance(doc, dict) else "not a JSON object"
        except ValueError:
            problem = "invalid JSON"
        if problem is not None:
            click.echo(f"error: line {n} is {problem}: each line must be one JSON object "
                       '{"id", "title", "text", "published"}', err=True)
            click.echo(json.dumps({"id": None, "events": [], "error": f"line {n}: {problem}"}))
            continue
        raw = doc.get("published")
        published = parse_datetime(raw) if isinstance(raw, str) else None
        out: dict[str, Any] = {"id": doc.get("id"), "events": []}
        if raw not in (None, "") and published is None:
            # Tag anyway (a date in the text still resolves if absolute), but say why relative dates fell back.
            warning = f"line {n}: published {raw!r} is not an ISO-8601 date; relative dates were not resolved"
            click.echo(f"warning: {warning}", err=True)
            out["warning"] = warning
        out["events"] = tag_text(doc.get("title") or "", doc.get("text") or "", published)
        click.echo(json.dumps(out, ensure_ascii=False, default=str))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def extract(files: tuple[str, ...]) -> None:
    """Extract title, text, published date and language from HTML files; one JSON line per file."""
    from extract.articles import ExtractionError, extract_page

    status = 0
    for name in files:
        try:
            page = extract_page(Path(name).read_bytes(), url=None)
            out: dict[str, Any] = {"title": page.title, "text": page.text, "published": page.published,
                                   "language": page.language}
        except (OSError, ExtractionError) as exc:
            click.echo(f"error: {name}: {exc}", err=True)
            out = {"title": None, "text": None, "published": None, "language": None, "error": str(exc)}
            status = 1
        click.echo(json.dumps(out, ensure_ascii=False))
    sys.exit(status)


@main.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--data-dir", type=click.Path(file_okay=False), help=DATA_DIR_HELP)
def sql(query: str, fmt: str, data_dir: str | None) -> None:
    """Run a read-only QUERY on the warehouse (one statement).

    The table format cuts cells at 60 characters and marks the cut with …; --format json or csv
    prints every value whole."""
    import duckdb

    from conflictwatch.report import render
    from warehouse.store import WarehouseError, reader

    try:
        # One statement, as documented: "SELECT 1; SELECT 2" would otherwise print only the last
        # result and hide that the first ran at all.
        statements = len(duckdb.extract_statements(query))
    except duckdb.Error as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if statements != 1:
        click.echo(f"error: sql takes exactly one statement; this query has {statements}", err=True)
        sys.exit(1)
    try:
        with reader(paths(data_dir)) as con:
            cursor = con.execute(query)
            columns = [d[0] for d in cursor.description or []]
            rows = cursor.fetchall()
    except WarehouseError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except duckdb.Error as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(render(columns, rows, fmt))


@main.command()
@click.option("--data-dir", type=click.Path(file_okay=False), help=DATA_DIR_HELP)
@click.option("--days", type=click.IntRange(min=1), default=14, show_default=True, help="How many days to show.")
def trend(data_dir: str | None, days: int) -> None:
    """Print events (clusters) and reports per day by type, ending today."""
    from conflictwatch.demo import trend_table
    from warehouse.store import WarehouseError

    try:
        click.echo(trend_table(paths(data_dir), datetime.now(UTC).date(), days))
    except WarehouseError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


@main.command()
@click.option("--data-dir", type=click.Path(file_okay=False), help=DATA_DIR_HELP)
@click.option("--force", is_flag=True,
              help="re-tag every stored article, also those the current tagger version already tagged")
def reprocess(data_dir: str | None, force: bool) -> None:
    """Re-tag stored articles with the current rules, replacing each article's events in one transaction.

    By default only articles with no events from the current tagger version are re-tagged, so a rerun
    after a rule change finds none left; --force re-tags them all (after a gazetteer fix that did not
    change the version, say).
    """
    from conflictwatch.retag import retag_all

    counts = retag_all(paths(data_dir), force=force)
    click.echo(json.dumps(counts))


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
