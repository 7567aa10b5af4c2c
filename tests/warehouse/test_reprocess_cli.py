"""`conflictwatch reprocess` re-tags what the current tagger has not tagged, and everything with --force."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from test_load import TEXT, article, run_input, strike

from conflictwatch.cli import main
from conflictwatch.config import Paths
from warehouse.load import load_run
from warehouse.store import writer


def _reprocess(data_dir: Path, *extra: str) -> dict:
    result = CliRunner().invoke(main, ["reprocess", "--data-dir", str(data_dir), *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.output.strip().splitlines()[-1])


def test_reprocess_retags_untagged_articles_once_and_everything_with_force(tmp_path: Path) -> None:
    odesa = article("https://northwire.example/odesa-port", TEXT, source="northwire.example")
    with writer(Paths(tmp_path)) as con:
        # The hand-made event carries another tagger version, as after a rule change.
        load_run(con, run_input("b1", [odesa], [strike(odesa)]))
    first = _reprocess(tmp_path)
    assert first["articles"] == 1 and first["events_after"] >= 1
    assert _reprocess(tmp_path)["articles"] == 0  # nothing left for this tagger version
    forced = _reprocess(tmp_path, "--force")
    assert forced["articles"] == 1 and forced["events_before"] == forced["events_after"] == first["events_after"]


def test_an_article_without_events_is_retagged_once_not_on_every_run(tmp_path: Path) -> None:
    quiet = article("https://northwire.example/grain-prices", "Grain prices rose slightly on Tuesday as exporters "
                    "waited for the new harvest figures from the ministry.", source="northwire.example")
    with writer(Paths(tmp_path)) as con:
        load_run(con, run_input("b1", [quiet], []))
    first = _reprocess(tmp_path)
    assert first["articles"] == 1 and first["events_after"] == 0
    assert _reprocess(tmp_path)["articles"] == 0  # remembered in retagged_articles
    assert _reprocess(tmp_path, "--force")["articles"] == 1


def test_an_article_without_a_publication_time_is_retagged_not_crashed_on(tmp_path: Path) -> None:
    """The pipeline always stores a time (the fetch time at worst), but rows imported by hand or by an
    older version may hold NULL: DuckDB hands that to pandas as NaT, which is not None, and a NaT
    publication date used to reach the tagger's date arithmetic and fail the whole reprocess."""
    sunday = article("https://northwire.example/odesa-sunday", "Russian drones struck the port of Odesa on Sunday, "
                     "killing two dock workers, the regional governor said.", source="northwire.example")
    with writer(Paths(tmp_path)) as con:
        load_run(con, run_input("b1", [sunday], []))
        con.execute("UPDATE articles SET published_at = NULL")
    got = _reprocess(tmp_path)
    assert got["articles"] == 1 and got["events_after"] == 1
    with writer(Paths(tmp_path)) as con:
        # No publication date: "on Sunday" cannot be resolved, and the event says so.
        assert con.execute("SELECT event_date, date_precision FROM events").fetchall() == [(None, "publication")]


def test_articles_the_pipeline_tagged_without_events_are_not_retagged_until_the_rules_change(tmp_path: Path) -> None:
    """The load keeps the tag stage's version on the batch rows, so an article that yielded no event
    counts as read by that tagger: right after a run, reprocess has nothing to do."""
    from dataclasses import replace

    from transform.tagger import TAGGER_VERSION

    quiet = article("https://northwire.example/harvest", "Grain prices rose slightly on Tuesday as exporters "
                    "waited for the new harvest figures from the ministry.", source="northwire.example")
    older = article("https://northwire.example/rates", "The central bank left its main rate unchanged on Thursday, "
                    "citing slowing inflation.", source="northwire.example") | {"batch_id": "b2"}
    with writer(Paths(tmp_path)) as con:
        load_run(con, replace(run_input("b1", [quiet], []), tagger_version=TAGGER_VERSION))
        load_run(con, replace(run_input("b2", [older], []), tagger_version="2026.1.1+oldrules"))
    first = _reprocess(tmp_path)
    assert first["articles"] == 1  # only the article an older tagger read
    assert _reprocess(tmp_path)["articles"] == 0
    assert _reprocess(tmp_path, "--force")["articles"] == 2
