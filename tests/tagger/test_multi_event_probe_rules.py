"""Rules from the fifteenth session's multi-event probe (50 stories written by a helper who never read the
rules, with every event listed before running the tagger; guide, "Multi-event probe round")."""

from __future__ import annotations

from datetime import datetime

from transform.tagger import tag

PUB = datetime.fromisoformat("2026-09-22T09:00:00+00:00")


def _strike_places(text: str) -> list[str | None]:
    return [(e["location"] or {}).get("place") for e in tag("", text, PUB) if e["type"] == "drone_strike"]


def test_the_missiles_target_is_not_the_drones() -> None:
    assert _strike_places("Russia struck Rivne with cruise missiles overnight, while a second wave of drones "
                          "targeted Sumy, officials said.") == ["Sumy"]
    assert _strike_places("The Houthis fired a ballistic missile at the airport near Tel Aviv and launched two "
                          "drones at Eilat on Monday.") == ["Eilat"]


def test_drones_and_missiles_aimed_at_one_place_keep_it() -> None:
    assert _strike_places("Russia attacked Zaporizhzhia with missiles and drones overnight, hitting a "
                          "substation.") == ["Zaporizhzhia"]
    # a drone's own munition
    assert _strike_places("An Israeli drone fired a missile at a car on the road south of Tyre on Monday, "
                          "killing two people.") == ["Tyre"]


def test_an_imported_town_placed_in_another_country_is_a_namesake() -> None:
    # GeoNames has a Ramon in Russia's Voronezh region; this one is Israel's airport.
    events = [e for e in tag("", "A drone hit the terminal at Ramon airport in southern Israel on Monday.", PUB)
              if e["type"] == "drone_strike"]
    assert [(e["location"] or {}).get("country") for e in events] != ["Russia"]
    assert [e["actors"]["target"] for e in events] != ["Russia"]


def test_a_swap_agreed_and_the_swap_begun_are_two_steps() -> None:
    text = ("Russia and Ukraine agreed in Istanbul on Friday to swap 800 prisoners each. The swap began on Sunday, "
            "when the first 200 prisoners from each side crossed the border.")
    swaps = [e for e in tag("", text, PUB) if e["subtype"] == "prisoner_exchange"]
    assert sorted(e["event_date"] for e in swaps) == ["2026-09-18", "2026-09-20"]
    # look-alike: a later detail of the swap agreed, with no swap done, stays with it
    text = ("Russia and Ukraine agreed in Istanbul on Friday to swap 800 prisoners each. The exchange will include "
            "200 wounded soldiers, officials said.")
    assert len([e for e in tag("", text, PUB) if e["subtype"] == "prisoner_exchange"]) == 1
