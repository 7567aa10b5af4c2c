"""The probe sets stay well formed, and their scorer counts every label once."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import score_probes  # noqa: E402

FILES = sorted((ROOT / "tests" / "tagger_eval" / "probes").glob("*.jsonl"))


def test_there_are_probe_sets() -> None:
    assert len(FILES) >= 5


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_probe_file_is_well_formed(path: Path) -> None:
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = [d["id"] for d in docs]
    assert len(ids) == len(set(ids))
    for d in docs:
        assert d["published"].endswith("Z")
        for e in d["events"]:
            assert e["type"] in ("drone_strike", "negotiation")
            assert e["evidence"] in d["text"] or e["evidence"] == d.get("title"), (d["id"], e["evidence"])


def test_scorer_counts_every_label_and_prediction(tmp_path: Path) -> None:
    doc = {"id": "t-1", "title": "", "published": "2026-12-03T09:00:00Z",
           "text": "Russian drones hit a school in Sumy on Tuesday, killing two, the governor said.",
           "events": [{"type": "drone_strike", "subtype": "attack", "place": "Sumy", "country": "Ukraine",
                       "evidence": "Russian drones hit a school in Sumy on Tuesday, killing two, the governor said.",
                       "event_date": "2026-12-01"},
                      # a label the tagger cannot find: counted as missed, not dropped
                      {"type": "negotiation", "subtype": "talks_held", "place": None, "country": None,
                       "evidence": "Russian drones hit a school in Sumy on Tuesday, killing two, the governor said.",
                       "event_date": "2026-12-01"}]}
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    out: list[str] = []
    counts = score_probes.score(path, out=out)
    assert counts["event"]["drone_strike"] == [1, 0, 0]
    assert counts["event"]["negotiation"] == [0, 0, 1]
    assert any(line.startswith("  MISSED negotiation") for line in out)
