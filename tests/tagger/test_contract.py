"""The event dict contract the pipeline and the CLI rely on (docs/CONTRACTS.md)."""

from __future__ import annotations

import re
from datetime import datetime

from transform.tagger import TAGGER_VERSION, tag
from transform.tagger.resources import data_hash

PUB = datetime.fromisoformat("2026-04-14T08:00:00+00:00")
TEXT = (
    "Photo: smoke over the port (Reuters)\n"
    "Russia fired 90 drones at Ukraine overnight, and 70 were shot down, the air force said.\n"
    "A drone hit a warehouse in Odesa, injuring two people.\n"
    "Separately, Ukrainian and Russian delegations met in Geneva on Monday for talks on a prisoner exchange."
)
KEYS = {"type", "subtype", "evidence", "evidence_start", "confidence", "tagger_version", "location", "event_date",
        "date_precision", "date_basis", "actors", "counts", "attribution", "disputed"}


def test_event_shape_and_verbatim_evidence() -> None:
    events = tag("Drones over Odesa; talks in Geneva", TEXT, PUB)
    assert {e["type"] for e in events} == {"drone_strike", "negotiation"}
    for e in events:
        assert set(e) == KEYS
        assert TEXT[e["evidence_start"]:e["evidence_start"] + len(e["evidence"])] == e["evidence"]
        assert 0.0 <= e["confidence"] <= 1.0
        assert e["tagger_version"] == TAGGER_VERSION
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", e["event_date"])
        assert e["date_precision"] in {"day", "week", "month", "publication"}
        assert set(e["counts"]) == {"launched", "downed", "killed", "injured"}
        assert set(e["actors"]) == {"attacker", "target", "parties"}
        assert set(e["location"]) == {"text", "place", "admin1", "country", "lat", "lon"}
        assert isinstance(e["disputed"], bool)
    neg = next(e for e in events if e["type"] == "negotiation")
    assert neg["location"]["place"] == "Geneva"
    assert set(neg["actors"]["parties"]) >= {"Russia", "Ukraine"}


def test_title_evidence_has_offset_minus_one() -> None:
    title = "Drone strike sets Tuapse refinery ablaze"
    (ev,) = tag(title, "Firefighters were still at the site in the afternoon.", PUB)
    assert ev["evidence_start"] == -1 and ev["evidence"] in title


def test_no_publication_date_gives_no_event_date() -> None:
    (ev,) = tag("", "Ukrainian drones hit the Tuapse refinery, the governor said.", None)
    assert ev["event_date"] is None and ev["date_precision"] == "publication"


def test_empty_and_irrelevant_input() -> None:
    assert tag("", "", PUB) == []
    assert tag("Weather", "Sunny spells and light winds are expected across the region.", PUB) == []


def test_version_follows_data_files() -> None:
    assert TAGGER_VERSION.endswith("+" + data_hash())
    assert re.fullmatch(r"\d{4}\.\d+\.\d+\+[0-9a-f]{8}", TAGGER_VERSION)
