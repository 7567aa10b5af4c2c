"""The field set and its scorer (scripts/eval_fields.py): every field is scored, and a wrong gold
value is counted as wrong (the scorer can fail)."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import eval_fields


def test_the_field_set_scores_every_field() -> None:
    docs = eval_fields.load()
    assert len(docs) >= 150
    report = eval_fields.evaluate(docs[:40])
    for field, row in report["fields"].items():
        assert row["checked"] > 0, field
        assert 0 <= row["right"] <= row["checked"]


def test_a_wrong_gold_value_is_counted_wrong() -> None:
    doc = next(d for d in eval_fields.load() if d["fields"]["attribution"] and "attribution" not in d["soft"])
    before = eval_fields.evaluate([doc])["fields"]
    altered = copy.deepcopy(doc)
    altered["fields"]["attribution"] = "a source nobody named"
    altered["fields"]["killed"] = 9999
    after = eval_fields.evaluate([altered])["fields"]
    assert after["attribution"]["right"] == before["attribution"]["right"] - 1
    assert after["killed"]["right"] == before["killed"]["right"] - int("killed" not in doc["soft"])
