"""The benchmark suite runs and reports every section with numbers (issue 9). Times are not asserted:
benchmarks measure, tests check that the measuring works."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import corpus
from bench.report import SECTIONS, metrics

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def _numbers(value: object) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        return [float(value)]
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    return []


def test_corpus_pages_are_realistic_sizes_with_copies(tmp_path: Path) -> None:
    pages = corpus.generate(tmp_path / "site", 40, n_feeds=4, seed=3)
    assert len(pages) == 40
    assert all(corpus.MIN_PAGE_BYTES <= p.size <= corpus.MAX_PAGE_BYTES for p in pages)
    assert any(p.copy_of is not None for p in pages)
    assert {p.topic for p in pages} >= {"strike", "talks"}
    feeds = corpus.feeds_for(tmp_path / "site", "http://127.0.0.1:1")
    assert len(feeds) == 4 and all(f["url"].startswith("http://127.0.0.1:1/feeds/") for f in feeds)
    body = (tmp_path / "site" / pages[0].path).read_text(encoding="utf-8")
    assert "<article" in body and "<nav>" in body and "datePublished" in body


def test_quick_benchmark_reports_every_section(tmp_path: Path, airflow_home: Path) -> None:
    out = tmp_path / "report.json"
    md = tmp_path / "report.md"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "CONFLICTWATCH"))}
    env["AIRFLOW_HOME"] = str(airflow_home)
    proc = subprocess.run(
        [sys.executable, "scripts/bench.py", "--quick", "--json", str(out), "--markdown", str(md)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    for section in SECTIONS:
        assert report.get(section), f"section {section} missing or empty"
        if section not in ("machine", "profile"):
            numbers = _numbers(report[section])
            assert numbers and all(math.isfinite(n) for n in numbers), section
    # every headline metric is a real number, and the table shows each of them
    for name, value, _target, _ok in metrics(report):
        assert isinstance(value, int | float) and math.isfinite(value) and value >= 0, name
    text = md.read_text(encoding="utf-8")
    assert "| metric | median | target | met |" in text and "Profile of the slowest stage" in text
    assert report["e2e"]["loaded"] > 0 and report["fixed_cost"]["loaded"] == 0
    assert report["stages"]["articles"] == report["corpus"]["pages"]
    assert report["profile"]["top"], "the profile of the slowest stage has no rows"
