"""Hard cases from the tagging guide, written from the definitions (cases.jsonl), one test each."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from transform.tagger import tag

CASES = [json.loads(line) for line in (Path(__file__).parent / "cases.jsonl").read_text().splitlines() if line.strip()]


def _published(case: dict) -> datetime:
    return datetime.fromisoformat(case["published"].replace("Z", "+00:00"))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['id']}-{c['case']}" for c in CASES])
def test_case(case: dict) -> None:
    events = tag(case["title"], case["text"], _published(case))
    expected = case["events"]
    got = sorted((e["type"], e["subtype"]) for e in events)
    assert got == sorted((e["type"], e["subtype"]) for e in expected), events
    for exp in expected:
        match = [e for e in events if e["type"] == exp["type"] and e["subtype"] == exp["subtype"]
                 and ("place" not in exp or (e["location"] or {}).get("place") == exp["place"])]
        assert match, (exp, events)
        ev = match[0]
        if "country" in exp:
            assert (ev["location"] or {}).get("country") == exp["country"]
        for key in ("event_date", "date_precision", "disputed"):
            if key in exp:
                assert ev[key] == exp[key], (key, ev)


def test_counts_and_actors_from_context_sentences() -> None:
    case = next(c for c in CASES if c["id"] == "c01")
    (ev,) = tag(case["title"], case["text"], _published(case))
    assert ev["counts"] == {"launched": 64, "downed": 51, "killed": 3, "injured": 7}
    assert ev["actors"]["attacker"] == "Russia"
    assert ev["actors"]["target"] == "Ukraine"
    assert ev["attribution"] == "regional military administration"  # the evidence sentence's source


def test_headline_only_event_is_weaker_than_body_event() -> None:
    pub = datetime.fromisoformat("2026-02-20T09:00:00+00:00")
    (head,) = tag("Drones hit oil depot in Bryansk", "The depot supplied fuel to units near the border.", pub)
    (body,) = tag("Fire at depot", "Ukrainian drones hit an oil depot in Bryansk overnight, the governor said.", pub)
    assert head["evidence_start"] == -1
    assert head["confidence"] < body["confidence"]


def test_body_sentence_preferred_over_headline() -> None:
    pub = datetime.fromisoformat("2026-02-20T09:00:00+00:00")
    text = "Ukrainian drones hit an oil depot in Bryansk overnight, the governor said."
    (ev,) = tag("Drones hit depot in Bryansk", text, pub)
    assert ev["evidence"] == text and ev["evidence_start"] == 0


def test_same_incident_is_one_event() -> None:
    pub = datetime.fromisoformat("2026-03-01T09:00:00+00:00")
    text = ("Russian drones attacked Odesa overnight, damaging port warehouses.\n"
            "The drone attack on Odesa also set a grain silo ablaze, the governor said.\n"
            "Air defences shot down most of the drones over Odesa, officials said.")
    events = tag("", text, pub)
    assert len(events) == 1
    assert events[0]["location"]["place"] == "Odesa"


def test_a_national_tally_does_not_lend_its_downed_figure_to_a_local_strike() -> None:
    pub = datetime.fromisoformat("2026-03-12T09:00:00+00:00")
    local = ("Two Russian attack drones struck a school gym in Sumy before dawn and two people were "
             "injured, the regional governor said. The air force said Russia sent 120 drones across the "
             "country overnight, of which 96 were shot down or jammed.")
    (ev,) = tag("Drones hit school in Sumy", local, pub)
    assert ev["counts"]["launched"] == 2 and ev["counts"]["downed"] is None  # 96 belongs to the tally
    assert ev["counts"]["injured"] == 2
    # The event's own tally in its own sentence keeps both figures.
    own = "Russia launched 60 drones at Odesa overnight and air defences shot down 48 of them, officials said."
    (ev,) = tag("Drones target Odesa", own, pub)
    assert (ev["counts"]["launched"], ev["counts"]["downed"]) == (60, 48)
