"""scripts/tagger_phases.py times the tagger's phases and leaves the engine as it found it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_phase_shares_cover_the_engines_phases(tmp_path: Path) -> None:
    cache = tmp_path / "articles.jsonl"
    docs = [{"title": "Drones hit Kharkiv", "published": "2026-05-04T08:00:00+00:00",
             "text": "Russian drones struck Kharkiv overnight, injuring three people, the governor said.\n\n"
                     "Delegations of Russia and Ukraine met in Istanbul on Monday for talks on a truce."},
            {"title": "", "published": None, "text": "The city council met on Tuesday to discuss the budget."}]
    cache.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    out = subprocess.run([sys.executable, str(REPO / "scripts" / "tagger_phases.py"), "--cache", str(cache)],
                         capture_output=True, text=True, check=True, cwd=REPO).stdout
    assert out.startswith("2 articles, ")
    timed = {line.split()[0] for line in out.splitlines()[1:] if "%" in line}
    # the phases every tagged article passes through were timed
    assert {"_sentences_with_triggers", "classify_drone", "classify_negotiation", "_group", "_build"} <= timed


def test_the_engine_is_restored_after_timing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The script puts scripts/ on sys.path, where scripts/bench.py would shadow the bench package:
    # monkeypatch gives the other tests their sys.path back.
    monkeypatch.setattr(sys, "path", [str(REPO / "scripts"), *sys.path])
    import tagger_phases

    from transform.tagger import engine

    before = {name: getattr(engine, name) for name in tagger_phases.PHASES}
    cache = tmp_path / "articles.jsonl"
    cache.write_text(json.dumps({"title": "", "text": "Drones struck Odesa on Monday.", "published": None}) + "\n",
                     encoding="utf-8")
    assert tagger_phases.main(["--cache", str(cache)]) == 0
    assert {name: getattr(engine, name) for name in tagger_phases.PHASES} == before
