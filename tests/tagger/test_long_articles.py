"""Long articles written for this test (cases_long.jsonl): background paragraphs, opinion, quotes,
weapon lists and production news around one or two concrete events. The tagger must find the
events and must not turn the background into events."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from transform.tagger import tag

HERE = Path(__file__).parent
_LINES = (HERE / "cases_long.jsonl").read_text(encoding="utf-8").splitlines()
LONG = [json.loads(line) for line in _LINES if line.strip()]
TYPES = ("drone_strike", "negotiation")


def _published(raw: str) -> datetime:
    return datetime.fromisoformat(raw.replace("Z", "+00:00"))


def _loc(event: dict, key: str) -> str | None:
    return (event["location"] or {}).get(key)


@pytest.mark.parametrize("case", LONG, ids=[c["id"] for c in LONG])
def test_long_article(case: dict) -> None:
    events = tag(case["title"], case["text"], _published(case["published"]))
    for t in TYPES:
        n = sum(e["type"] == t for e in events)
        expected = [e for e in case["events"] if e["type"] == t]
        assert bool(n) == bool(expected), (t, events)
        assert n <= case["max_events"].get(t, len(expected)), (t, events)  # background stays background
    for exp in case["events"]:
        match = [e for e in events if e["type"] == exp["type"]
                 and ("subtype" not in exp or e["subtype"] == exp["subtype"])
                 and ("place" not in exp or _loc(e, "place") == exp["place"])
                 and ("admin1" not in exp or _loc(e, "admin1") == exp["admin1"])]
        assert match, (exp, events)


# One sentence each: the many ways a concrete negotiation step is reported, and look-alikes that are not.
STEPS = [
    ("Russia handed over the bodies of 1,000 Ukrainian soldiers on Tuesday, the coordination centre said.",
     "prisoner_exchange", None),
    ("Putin and Zelensky spoke by phone on Sunday, the first call between the two leaders in years.",
     "talks_held", None),
    ("Delegations from Armenia and Azerbaijan gathered in Abu Dhabi for a third round of consultations.",
     "talks_held", "Abu Dhabi"),
    ("The trilateral talks in Abu Dhabi concluded on Saturday without a breakthrough, officials said.",
     "talks_held", "Abu Dhabi"),
    ("A meeting between Ukrainian and Russian envoys in Riyadh ended after four hours on Friday.",
     "talks_held", "Riyadh"),
    ("Talks between Russia and Ukraine are set for March 20 in Istanbul, the Turkish foreign ministry said.",
     "talks_scheduled", "Istanbul"),
    ("Ukraine and Russia carried out a swap of 84 captives on Thursday, mediated by the UAE.",
     "prisoner_exchange", None),
    ("While peace talks convene in Geneva this week, both armies keep digging in, even after a truce is reached.",
     "talks_held", "Geneva"),
]
NOT_STEPS = [
    "Brazil offered to host peace talks wherever the parties want.",
    "Previous rounds of negotiations have produced little beyond prisoner exchanges.",
    "European leaders met in London on Sunday to coordinate support for Kyiv.",
    "Prisoner exchanges have been one of the few areas of cooperation between the two sides.",
    "Since the talks in Istanbul collapsed in 2022, neither side has shown any appetite for compromise.",
    "The United Nations, Turkey and the Gulf states have all offered to mediate.",
    "China's minister repeated its position on promoting peace talks during his meeting with his Russian counterpart.",
]
PUB = datetime.fromisoformat("2026-03-12T08:00:00+00:00")


@pytest.mark.parametrize(("text", "subtype", "place"), STEPS)
def test_negotiation_step_wordings(text: str, subtype: str, place: str | None) -> None:
    events = [e for e in tag("", text, PUB) if e["type"] == "negotiation"]
    assert [e["subtype"] for e in events] == [subtype], events
    if place:
        assert _loc(events[0], "place") == place


@pytest.mark.parametrize("text", NOT_STEPS)
def test_not_a_negotiation_step(text: str) -> None:
    assert not [e for e in tag("", text, PUB) if e["type"] == "negotiation"]


def test_speaker_is_not_the_struck_place() -> None:
    """"which Kyiv denied": Kyiv speaks; the attacked place is the one after "at"."""
    text = "On Sunday, Moscow accused Ukraine of a drone attack on an airfield near Kursk, which Kyiv denied."
    (ev,) = tag("", text, PUB)
    assert ev["disputed"] and _loc(ev, "place") == "Kursk"


def test_talks_venue_is_not_the_struck_place() -> None:
    text = ("A day after the drone attack on Russian air bases on June 1, the delegations met in Istanbul "
            "for a second round of talks.")
    events = tag("", text, datetime.fromisoformat("2026-06-05T08:00:00+00:00"))
    strike = next(e for e in events if e["type"] == "drone_strike")
    talks = next(e for e in events if e["type"] == "negotiation")
    assert _loc(strike, "place") != "Istanbul"
    assert _loc(talks, "place") == "Istanbul"
