"""The great-expectations project under ``<data dir>/gx``: suites, checkpoints and Data Docs.

Each expectation exists for a failure we have seen or expect from scraping news (see the
`description` of each, which is also the quarantine reason and what Data Docs show). An expectation
carries `meta.level`: "row" failures quarantine the offending rows and the batch goes on; "batch"
failures (a `mostly`, a per-feed rate) become operator-facing batch problems.

great_expectations is imported inside functions only: it costs seconds, and DAG files import the
modules that import this one.
"""

from __future__ import annotations

import logging
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pandas as pd

log = logging.getLogger(__name__)

SUITES = ("articles", "events", "feed_health")
DATASOURCE = "conflictwatch_batch"
DOCS_SITE = "local_site"


def data_docs_index(data_dir: Path) -> Path:
    """Where the Data Docs home page lands (stable: the README and the DAG link to it)."""
    return Path(data_dir) / "gx" / "uncommitted" / "data_docs" / DOCS_SITE / "index.html"


def _described(expectation: Any, why: str, *, level: str = "row", extraction: bool = False) -> Any:
    """Name the expectation and its column in the description, so reasons and Data Docs match."""
    column = getattr(expectation, "column", None)
    name = f"{expectation.expectation_type}({column})" if column else expectation.expectation_type
    expectation.description = f"{name}: {why}"
    expectation.meta = {"level": level, "extraction": extraction}
    return expectation


def build_expectations(cfg: dict[str, Any]) -> dict[str, list[Any]]:
    """The three suites' expectations from the thresholds in quality.yaml."""
    import great_expectations.expectations as gxe
    from great_expectations.expectations.row_conditions import Column

    art, ev, feeds = cfg["articles"], cfg["events"], cfg["feed_health"]
    lo, hi = art["text_chars"]["min"], art["text_chars"]["max"]
    langs = art["allowed_languages"]
    articles = [
        _described(gxe.ExpectColumnValuesToNotBeNull(column="id"), "every article needs an id"),
        _described(gxe.ExpectColumnValuesToBeUnique(column="id"),
                   "one row per article id (dedupe let a repeat through)"),
        _described(gxe.ExpectColumnValuesToBeUnique(column="canonical_url"),
                   "one row per canonical URL (the warehouse key)"),
        _described(gxe.ExpectColumnValuesToNotBeNull(column="canonical_url"), "canonical URL missing"),
        _described(gxe.ExpectColumnValuesToMatchRegex(
            column="canonical_url", regex=r"^https?://[^\s/?#@]+(?::\d+)?(?:[/?#]\S*)?$"),
            "canonical URL must be a valid http(s) URL"),
        _described(gxe.ExpectColumnValuesToNotBeNull(column="url"), "fetched URL missing"),
        _described(gxe.ExpectColumnValuesToNotBeNull(column="feed"), "feed missing"),
        _described(gxe.ExpectColumnValuesToNotBeNull(column="content_hash"), "content hash missing"),
        _described(gxe.ExpectColumnValuesToNotBeNull(column="fetched_at"),
                   "fetch time missing or unparseable"),
        _described(gxe.ExpectColumnValuesToNotBeNull(column="text"),
                   "no text extracted", extraction=True),
        _described(gxe.ExpectColumnValueLengthsToBeBetween(column="text", min_value=lo, max_value=hi),
                   f"text length outside {lo}..{hi} chars (empty extraction, teaser or runaway page)",
                   extraction=True),
        _described(gxe.ExpectColumnValuesToBeInSet(column="consent_wall", value_set=[False]),
                   "text looks like a cookie/consent wall, not an article", extraction=True),
        _described(gxe.ExpectColumnValuesToNotBeNull(column="published_at"),
                   "publication date missing or unparseable"),
        _described(gxe.ExpectColumnValuesToBeBetween(
            column="published_at", min_value=art["published_at"]["earliest"],
            max_value={"$PARAMETER": "latest_published_at"}),
            f"published_at in the future (> now + {art['published_at']['future_tolerance_hours']} h) "
            f"or before {art['published_at']['earliest'][:4]} (a date-parsing error)"),
        _described(gxe.ExpectColumnValuesToNotBeNull(column="language"), "language not recognised"),
        _described(gxe.ExpectColumnValuesToBeInSet(column="language", value_set=langs),
                   f"language not in the allowed list {langs}"),
    ]
    events = [
        _described(gxe.ExpectColumnValuesToNotBeNull(column="id"), "every event needs an id"),
        _described(gxe.ExpectColumnValuesToBeUnique(column="id"), "one row per event id"),
        _described(gxe.ExpectColumnValuesToNotBeNull(column="article_id"), "event without its article"),
        _described(gxe.ExpectColumnValuesToBeInSet(column="type", value_set=ev["types"]),
                   f"event type not one of {ev['types']}"),
        _described(gxe.ExpectColumnValuesToNotBeNull(column="confidence"), "confidence missing"),
        _described(gxe.ExpectColumnValuesToBeBetween(column="confidence", min_value=0, max_value=1),
                   "confidence outside [0, 1]"),
        _described(gxe.ExpectColumnValuesToBeInSet(column="evidence_in_article", value_set=[True]),
                   "evidence not found verbatim in its article's text or title"),
        _described(gxe.ExpectColumnValuesToBeBetween(
            column="days_after_publication", max_value=ev["max_days_after_publication"]),
            f"event_date more than {ev['max_days_after_publication']} day(s) after publication"),
        _described(gxe.ExpectColumnValuesToNotBeNull(
            column="place", mostly=ev["drone_strike_location_mostly"],
            row_condition=Column("type") == "drone_strike"),
            f"fewer than {ev['drone_strike_location_mostly']:.0%} of drone strikes have a resolved place",
            level="batch"),
    ]
    feed_health = [
        _described(gxe.ExpectColumnValuesToBeBetween(
            column="extraction_success_rate", min_value=feeds["min_extraction_success_rate"]),
            f"per-feed extraction success rate below {feeds['min_extraction_success_rate']:.0%}",
            level="batch"),
        _described(gxe.ExpectColumnValuesToBeBetween(
            column="consecutive_fetch_failures", max_value=feeds["max_consecutive_fetch_failures"]),
            f"more than {feeds['max_consecutive_fetch_failures']} fetches in a row failed", level="batch"),
        _described(gxe.ExpectColumnValuesToBeBetween(
            column="silence_ratio", max_value=feeds["silence_factor"]),
            f"no new entries for longer than {feeds['silence_factor']}x the feed's usual interval",
            level="batch"),
    ]
    return {"articles": articles, "events": events, "feed_health": feed_health}


class GXProject:
    """One file-backed GX context per validate_batch call, with the three checkpoints ready.

    Suites are rebuilt from quality.yaml on every open (cheap: JSON files), so a threshold change
    takes effect on the next batch with no migration step.
    """

    def __init__(self, data_dir: Path, cfg: dict[str, Any]) -> None:
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self.data_dir = Path(data_dir)
        self.cfg = cfg
        self.context = gx.get_context(mode="file", project_root_dir=str(self.data_dir))
        bars = self.context.variables.progress_bars
        enabled = bars.get("globally", True) if isinstance(bars, dict) else getattr(bars, "globally", True)
        if enabled:
            # Progress bars would flood the Airflow task log with one line per metric.
            self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
            self.context.variables.save()
        self._configure_site(int(cfg["data_docs"]["index_results"]))
        try:
            source = self.context.data_sources.get(DATASOURCE)
        except KeyError:
            source = self.context.data_sources.add_pandas(DATASOURCE)
        self.checkpoints = {}
        for name, expectations in build_expectations(cfg).items():
            try:
                asset = source.get_asset(name)
            except LookupError:
                asset = source.add_dataframe_asset(name)
            try:
                batch_definition = asset.get_batch_definition("whole_batch")
            except KeyError:
                batch_definition = asset.add_batch_definition_whole_dataframe("whole_batch")
            suite = self.context.suites.add_or_update(
                gx.ExpectationSuite(name=name, expectations=expectations,
                                    meta={"notes": "built from transform/data/quality.yaml"}))
            definition = self.context.validation_definitions.add_or_update(
                gx.ValidationDefinition(name=name, data=batch_definition, suite=suite))
            self.checkpoints[name] = self.context.checkpoints.add_or_update(gx.Checkpoint(
                name=name,
                validation_definitions=[definition],
                # No UpdateDataDocsAction: it rebuilt the site (index included) after each of the
                # three suites; validate_batch calls build_docs once for all three (issue 9).
                actions=[],
                # COMPLETE: the unexpected row positions are what quarantine is built from.
                result_format={"result_format": "COMPLETE"},
            ))

    def _configure_site(self, index_results: int) -> None:
        """Cap the index at the newest results: GX reloads every listed result on every build."""
        sites = dict(self.context.variables.data_docs_sites or {})
        site = dict(sites.get(DOCS_SITE) or {})
        index = dict(site.get("site_index_builder") or {"class_name": "DefaultSiteIndexBuilder"})
        if index.get("validation_results_limit") == index_results and site.get("show_how_to_buttons") is False:
            return
        index["validation_results_limit"] = index_results
        site.update(site_index_builder=index, show_how_to_buttons=False)
        site.setdefault("class_name", "SiteBuilder")
        site.setdefault("store_backend", {"class_name": "TupleFilesystemStoreBackend",
                                          "base_directory": f"uncommitted/data_docs/{DOCS_SITE}/"})
        sites[DOCS_SITE] = site
        self.context.variables.data_docs_sites = sites
        self.context.variables.save()

    def build_docs(self, result_identifiers: list[Any]) -> None:
        """Render these validation results and their suites into Data Docs, and the index, in one build.

        The same resources UpdateDataDocsAction renders per result (the result and its suite page),
        but one site build instead of one per suite: each build re-renders the index.
        """
        from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

        resources: list[Any] = []
        for key in result_identifiers:
            resources += [key, ExpectationSuiteIdentifier(name=key.expectation_suite_identifier.name)]
        if resources:
            self.context.build_data_docs(site_names=[DOCS_SITE], resource_identifiers=resources,
                                         dry_run=False, build_index=True)

    def page_of(self, result_identifier: Any) -> str | None:
        """Path of one validation result's Data Docs page, for the validation_runs row."""
        urls = self.context.get_docs_sites_urls(resource_identifier=result_identifier,
                                                site_names=[DOCS_SITE], only_if_exists=True)
        url = urls[0].get("site_url") if urls else None
        # GX returns a file:// URL, percent-encoded: Airflow run ids carry ':' and '+'.
        return unquote(urlparse(url).path) if url else None

    def run(self, suite: str, frame: pd.DataFrame, *, batch_id: str, run_time: datetime,
            parameters: dict[str, Any] | None = None) -> Any:
        """Validate one frame with one suite; the result is stored (render it with :meth:`build_docs`)."""
        from great_expectations.core.run_identifier import RunIdentifier

        result = self.checkpoints[suite].run(
            batch_parameters={"dataframe": frame},
            expectation_parameters=parameters or {},
            run_id=RunIdentifier(run_name=batch_id, run_time=run_time),
        )
        identifier, outcome = next(iter(result.run_results.items()))
        return identifier, outcome

    def prune(self, keep_per_suite: int) -> int:
        """Delete all but the newest results per suite (and their pages) so Data Docs stay fast."""
        store = self.context.validation_results_store
        by_suite: dict[str, list[Any]] = {}
        for key in store.list_keys():
            by_suite.setdefault(key.expectation_suite_identifier.name, []).append(key)
        site = data_docs_index(self.data_dir).parent / "validations"
        removed = 0
        for keys in by_suite.values():
            keys.sort(key=lambda k: str(k.run_id.run_time))
            for key in keys[:-keep_per_suite] if keep_per_suite > 0 else keys:
                store.remove_key(key)
                page_dir = site.joinpath(key.expectation_suite_identifier.name, str(key.run_id.run_name
                                                                                    or "__none__"))
                stamp = key.run_id.run_time.strftime("%Y%m%dT%H%M%S.%fZ")
                shutil.rmtree(page_dir / stamp, ignore_errors=True)
                removed += 1
        if removed:
            log.info("pruned %d old validation results from %s", removed, site)
        return removed
