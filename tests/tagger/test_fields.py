"""Field resolution: dates relative to publication, gazetteer variants, counts, attribution."""

from __future__ import annotations

from datetime import datetime

import pytest

from transform.tagger import actors, counts, dates, places
from transform.tagger.resources import load

RES = load()
PUB = datetime.fromisoformat("2026-05-06T09:00:00+00:00")  # a Wednesday


@pytest.mark.parametrize(("phrase", "expected", "precision"), [
    ("Drones struck the city on Sunday.", "2026-05-03", "day"),
    ("Drones struck the city overnight.", "2026-05-06", "day"),
    ("Drones struck the city last night.", "2026-05-06", "day"),
    ("Drones struck the city yesterday.", "2026-05-05", "day"),
    ("Drones struck the city earlier this week.", "2026-05-04", "week"),
    ("Drones struck the city last week.", "2026-04-27", "week"),
    ("Drones struck the city on May 3.", "2026-05-03", "day"),
    ("Drones struck the city on 3 May.", "2026-05-03", "day"),
    ("Drones struck the city on December 30.", "2025-12-30", "day"),
    ("Drones struck the city on 2025-11-02.", "2025-11-02", "day"),
    ("Drones struck the city in April.", "2026-04-01", "month"),
])
def test_relative_dates(phrase: str, expected: str, precision: str) -> None:
    got = dates.resolve(phrase, PUB, RES)
    assert got is not None and (got.value.isoformat(), got.precision) == (expected, precision)


def test_future_dates_look_forward() -> None:
    got = dates.resolve("Talks will resume on Monday.", PUB, RES, forward=True)
    assert got is not None and got.value.isoformat() == "2026-05-11"


def test_statement_day_is_not_event_day_and_may_is_not_a_date() -> None:
    assert dates.resolve("The drone attack caused a fire, the governor said on Monday.", PUB, RES) is None
    assert dates.resolve("Drones may have been involved.", PUB, RES) is None


@pytest.mark.parametrize(("text", "place", "admin1", "country"), [
    ("a strike on Kharkov", "Kharkiv", "Kharkiv Oblast", "Ukraine"),
    ("drones over Odessa", "Odesa", "Odesa Oblast", "Ukraine"),
    ("in Kiev overnight", "Kyiv", "Kyiv City", "Ukraine"),
    ("in Mykolayiv", "Mykolaiv", "Mykolaiv Oblast", "Ukraine"),
    ("in the Odesa region", None, "Odesa Oblast", "Ukraine"),
    ("across Kursk oblast", None, "Kursk Oblast", "Russia"),
    ("in the Belgorod Region", None, "Belgorod Oblast", "Russia"),
    ("near Yelabuga in Tatarstan", "Yelabuga", "Tatarstan", "Russia"),
    ("in St. Petersburg", "Saint Petersburg", "Saint Petersburg City", "Russia"),
    ("in the port of Ust-Luga", "Ust-Luga", "Leningrad Oblast", "Russia"),
    ("at talks in Riyadh", "Riyadh", "Riyadh Province", "Saudi Arabia"),
    ("in El Fasher", "El Fasher", "North Darfur", "Sudan"),
])
def test_gazetteer_variants(text: str, place: str | None, admin1: str, country: str) -> None:
    pm = places.best(places.find(text, RES))
    assert pm is not None
    loc = places.as_location(pm)
    assert (loc["place"], loc["admin1"], loc["country"]) == (place, admin1, country)
    assert isinstance(loc["lat"], float) and isinstance(loc["lon"], float)


def test_lowercase_word_is_not_a_place() -> None:
    assert places.find("the reni of the story", RES) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Russia launched twenty-five drones, and 19 were shot down.", {"launched": 25, "downed": 19}),
    ("Air defences downed 40 of 52 drones.", {"launched": 52, "downed": 40}),
    ("The strike killed dozens of people and injured several others.", {"killed": 12, "injured": 10}),
    ("At least 1,200 drones were launched during the week.", {"launched": 1200}),
    ("Two people were killed and a child was wounded.", {"killed": 2, "injured": 1}),
])
def test_counts(sentence: str, expected: dict[str, int]) -> None:
    got = counts.extract([sentence], RES)
    for key, value in expected.items():
        assert got[key] == value, (key, got)


@pytest.mark.parametrize(("sentence", "source"), [
    ("Drones hit the depot, Russia's defence ministry said.", "Russia's defence ministry"),
    ("According to the regional governor, two drones were shot down.", "regional governor"),
])
def test_attribution(sentence: str, source: str) -> None:
    assert actors.attribution(sentence) == source


@pytest.mark.parametrize(("sentence", "attacker", "target"), [
    # The accused is the attacker claimed, not the side named in "President Putin with a drone strike".
    ("Russia accused Ukraine of attempting to assassinate President Vladimir Putin with a drone strike on "
     "Sunday.", "Ukraine", "Russia"),
    ("Sudan's army accused the Rapid Support Forces on Monday of striking a power station in Atbara with "
     "drones.", "RSF", "Sudan"),
    # Where a drone was launched from names its side.
    ("An explosive drone launched from Lebanon crashed into a warehouse in Nahariya on Monday.",
     "Lebanon", "Israel"),
    # The look-alike: a subject that strikes "with drones" is still the attacker.
    ("Russia hit Kharkiv with drones overnight.", "Russia", "Ukraine"),
])
def test_strike_actors_named_by_accusation_and_launch_site(sentence: str, attacker: str, target: str) -> None:
    from transform.tagger import tag
    strikes = [e for e in tag("", sentence, PUB) if e["type"] == "drone_strike"]
    assert [(e["actors"]["attacker"], e["actors"]["target"]) for e in strikes] == [(attacker, target)]
