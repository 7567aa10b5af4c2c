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
