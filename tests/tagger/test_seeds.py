"""Document-level labels of the real articles in ../shared/seeds (read by path, never copied).

By the definitions: 000 reports talks scheduled in Istanbul on a date and no drone strike; 001 a named
mass drone attack on a date and talks in Istanbul; 002 a drone attack on a named place and date
(denied by Kyiv, so disputed) and only generic calls for talks; 003 a drone attack in Belgorod region
and peace talks convening in Paris. Skipped when the seeds are not present."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from transform.tagger import tag

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
EXPECTED = {  # prefix: (drone_strike, negotiation)
    "000": (False, True),
    "001": (True, True),
    "002": (True, False),
    "003": (True, True),
}
PUB = datetime.fromisoformat("2025-06-05T08:00:00+00:00")


def _seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed {prefix} not present in {SEEDS}")
    return found[0]


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_document_labels(prefix: str) -> None:
    title, _, body = _seed(prefix).read_text(encoding="utf-8").partition("\n")
    events = tag(title, body, PUB)
    drone = [e for e in events if e["type"] == "drone_strike"]
    talks = [e for e in events if e["type"] == "negotiation"]
    assert (bool(drone), bool(talks)) == EXPECTED[prefix], events
    # Background, opinion and history must not multiply into events.
    assert len(drone) <= 2 and len(talks) <= 3, events


def test_seed_002_strike_is_disputed() -> None:
    title, _, body = _seed("002").read_text(encoding="utf-8").partition("\n")
    drone = [e for e in tag(title, body, PUB) if e["type"] == "drone_strike"]
    assert drone and all(e["disputed"] for e in drone)
    assert all((e["location"] or {}).get("place") != "Kyiv" for e in drone)  # Kyiv denied; it was not hit


def test_seed_002_attacker_is_the_side_accused() -> None:
    """"Russia accused Ukraine of attempting an assassination of President Putin with a drone strike": the
    accused side is the attacker claimed, the Kremlin's side the target (not "Putin with a drone")."""
    title, _, body = _seed("002").read_text(encoding="utf-8").partition("\n")
    drone = [e for e in tag(title, body, PUB) if e["type"] == "drone_strike"]
    assert drone and all((e["actors"]["attacker"], e["actors"]["target"]) == ("Ukraine", "Russia") for e in drone)
