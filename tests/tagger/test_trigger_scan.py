"""The article is scanned once for both trigger lists; it must find exactly what two scans would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transform.tagger.resources import _combined_triggers, load

EVAL = Path(__file__).resolve().parents[1] / "tagger_eval"


def _split(text: str) -> tuple[list[int], list[int], list[int], list[int]]:
    res = load()
    low = text.lower()
    combined = [(m.start(), m.lastgroup) for m in res.trigger_any.finditer(low)]
    return ([m.start() for m in res.trigger_drone.finditer(low)],
            [p for p, g in combined if g == "d"],
            [m.start() for m in res.trigger_negotiation.finditer(low)],
            [p for p, g in combined if g == "n"])


def test_one_scan_finds_what_two_scans_find_on_every_evaluation_text():
    texts = [json.loads(line)["text"] for path in sorted(EVAL.glob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(texts) > 1000
    for text in texts:
        d_two, d_one, n_two, n_one = _split(text)
        assert d_one == d_two and n_one == n_two, text[:80]


def test_adjacent_triggers_of_both_types_are_both_found():
    d_two, d_one, n_two, n_one = _split("Drone talks: the uav met a truce-drone after peace drones.")
    assert d_one == d_two and len(d_one) == 4
    assert n_one == n_two and len(n_one) == 4


def test_a_trigger_list_of_another_shape_is_refused():
    with pytest.raises(ValueError, match="not of the form"):
        _combined_triggers(r"\b(?:drones?)\b", r"\b(?=[t])(?:talks)\b")
