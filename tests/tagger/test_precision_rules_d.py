"""Rules of the third precision round (dev_d, the retired heldout_c, 2026-12-06), each with a positive
and a hard negative.

Every sentence here was written for this file (none is copied from an evaluation set or a published
article). Each pair keys on one linguistic feature, so a test fails when the feature stops working,
not when a particular phrase changes. See docs/TAGGING_GUIDE.md § 10, "Third precision round".
"""

from __future__ import annotations

import pytest

from .rule_helpers import events_of as _events
from .rule_helpers import types_of as _types

# --- background spanning years ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # A state that has lasted years is a period, not an incident, even with a region named.
    ("In Mali's Mopti region, clashes between the army and jihadist groups have gone on for more than "
     "three years, with drone strikes on villages and markets.", set()),
    ("In Mali's Mopti region, an army drone struck a market in the village of Dinangourou on Tuesday, "
     "killing four people.", {"drone_strike"}),
    ("Armenia and Azerbaijan have observed a ceasefire along their border for several years.", set()),
    ("Armenia and Azerbaijan agreed a ceasefire along their border on Tuesday, mediators in Doha said.",
     {"negotiation"}),
    ("In Kupiansk, residents have lived with drone attacks for months.", set()),
    ("In Kupiansk, a drone attack damaged two apartment blocks overnight.", {"drone_strike"}),
    # A numbered span of days or months is a truce's term, not a period of background.
    ("Russia and Ukraine agreed on Tuesday to halt strikes on energy facilities for 30 days.", {"negotiation"}),
])
def test_a_state_lasting_years_is_background(text: str, expected: set[str]) -> None:
    assert _types(text) == expected


# --- page furniture ---------------------------------------------------------------------------------

def test_a_photo_caption_line_is_clutter() -> None:
    caption = "Photo caption: The bridge, damaged by a drone strike on the river port in the spring."
    assert _types("The city's new bridge opened to traffic on Wednesday.\n\n" + caption) == set()
    prose = "A drone struck the river port in Kherson on Wednesday, damaging the bridge, the governor said."
    assert _types("The city's new bridge opened to traffic on Wednesday.\n\n" + prose) == {"drone_strike"}


# --- drones as the object of another weapon, or no particular strike ----------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # Another weapon's strike with the drones as its object: the drones were the target.
    ("The army said its missile strike destroyed a dozen drones at a rebel airstrip near Kidal on Sunday.",
     set()),
    ("The army said its drones destroyed a rebel airstrip near Kidal on Sunday.", {"drone_strike"}),
    # ... but a clause break after the other weapon's verb starts a new clause with its own instrument.
    ("Missiles hit the rail station and drones struck a depot in Kryvyi Rih on Sunday, the mayor said.",
     {"drone_strike"}),
    # An attack noun under a free-choice or universal quantifier names no particular strike.
    ("A long-range drone can fly for twelve hours, and both armies blame each other for any strike that "
     "goes astray.", set()),
    ("Commanders say a drone strike on a field hospital near Kupiansk killed two medics on Tuesday.",
     {"drone_strike"}),
])
def test_drones_as_object_and_quantified_strikes(text: str, expected: set[str]) -> None:
    assert _types(text) == expected


# --- negotiation ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # "negotiated" / "negotiating" after a determiner or a possessive is an adjective: a goal or a stance.
    ('"Weapons for Ukraine are weapons for a negotiated settlement," the minister said, adding that Moscow '
     "would take talks seriously only under pressure.", set()),
    ("Russian and Ukrainian delegations negotiated for six hours in Istanbul on Tuesday, the Turkish foreign "
     "ministry said.", {"negotiation"}),
])
def test_negotiated_as_an_adjective(text: str, expected: set[str]) -> None:
    assert _types(text) == expected


def test_the_meeting_after_an_allies_meeting_is_that_meeting() -> None:
    allies = ("Defence ministers of the coalition of the willing met in Paris on Tuesday to discuss security "
              "guarantees for Ukraine.")
    later = "The meeting was held as U.S.-led efforts to broker a ceasefire with Russia continued."
    assert _types(f"{allies}\n\nAllies pledged new air defence systems.\n\n{later}") == set()
    # The same sentence after talks between the sides refers to those talks.
    talks = "Russian and Ukrainian delegations met in Istanbul on Tuesday for a third round of talks."
    got = _events(f"{talks}\n\nThe sides discussed a prisoner exchange.\n\n{later}", "negotiation")
    assert [e["subtype"] for e in got if e["subtype"] == "talks_held"] == ["talks_held"]


# --- recall: step and strike wordings --------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # "Stop / halt / refrain from attacking" agreed is a truce, as "halt attacks" is; urged is an appeal.
    ("Turkey's foreign ministry said on Wednesday that Russia and Ukraine had agreed through Turkish "
     "mediation to stop attacking each other's grain ports.", {"negotiation"}),
    ("Turkey's foreign minister urged Russia and Ukraine on Wednesday to stop attacking each other's grain "
     "ports.", set()),
    # Civilians and remains exchanged or returned are an exchange; "held by both sides" names the parties.
    ("The ombudsman said on Monday that Moscow and Kyiv had agreed to exchange civilians detained by both "
     "sides, with Turkey acting as mediator.", {"negotiation"}),
    ("The ombudsman said on Monday that civilians detained by both sides should be exchanged, with Turkey "
     "offering to mediate.", set()),
    ("Armenia and Azerbaijan agreed on Wednesday to return the remains of 40 soldiers next week, the "
     "mediators said.", {"negotiation"}),
    ("Armenia and Azerbaijan should return the remains of soldiers killed in the war, the mediators said "
     "on Wednesday.", set()),
    # "Have been meeting" reports talks under way, as "are meeting" does.
    ("Armenian and Azerbaijani delegations have been meeting in Abu Dhabi this week under Emirati "
     "mediation, officials said.", {"negotiation"}),
    ("Armenian and Azerbaijani delegations have been preparing for a meeting in Abu Dhabi.", set()),
    # "Came down on" a target and "set fire to" are strike verbs; a drone landing in a field hits nothing.
    ('"The drone came down on the roof of the school just after midnight," a teacher in Kherson said.',
     {"drone_strike"}),
    ('"The drone came down in a field behind the school just after midnight," a teacher in Kherson said.',
     set()),
    ("In the Mykolaiv region, a drone set fire to a grain store in the village of Halytsynove overnight, "
     "the governor said.", {"drone_strike"}),
    ("Firefighters in Kherson set fire to dry grass along the embankment on Tuesday to stop wildfires.", set()),
])
def test_recall_wordings(text: str, expected: set[str]) -> None:
    assert _types(text) == expected


# --- fields and weak evidence ------------------------------------------------------------------------

def test_a_strike_with_no_place_takes_the_headline_then_the_dateline() -> None:
    text = ("KUPIANSK, Ukraine - The school gym is now a shelter.\n\n"
            '"A drone came down on the roof just after midnight on Tuesday," said a teacher, 52.\n\n'
            "The town lies on the Oskil River.")
    [event] = _events(text, "drone_strike", title="A school becomes a shelter")
    assert event["location"]["place"] == "Kupiansk"
    # A strike that names its country keeps it: the dateline does not override a stated place.
    text = "KYIV - Officials met on Tuesday.\n\nA drone hit a school in Russia's Kursk region on Tuesday."
    [event] = _events(text, "drone_strike")
    assert event["location"]["admin1"] == "Kursk Oblast"


def test_a_river_named_after_a_town_is_not_the_town() -> None:
    text = ("A drone hit a bus stop on Tuesday morning, killing one passenger, the governor said. "
            "The town lies on the Dnipro River opposite the occupied nuclear plant, under fire for years.")
    [event] = _events(text, "drone_strike", title="")
    assert (event["location"] or {}).get("place") != "Dnipro"
    [event] = _events("A drone hit a bus stop in Dnipro on Tuesday morning, killing one passenger.", "drone_strike")
    assert event["location"]["place"] == "Dnipro"


def test_a_reference_back_to_a_step_is_not_its_evidence() -> None:
    # The first sentence dates only the statement, the second the truce's start: the first still reports it.
    first = ("Russia and Ukraine agreed to a 48-hour truce to recover the dead from the front, officials said "
             "on Tuesday.")
    text = f"{first}\n\nThe truce, brokered by the Red Cross, begins at dawn on Friday."
    [event] = _events(text, "negotiation")
    assert event["evidence"] == first


def test_a_numbered_step_in_a_headline_is_strong_enough() -> None:
    body = "Families waited for hours at the hospital.\n\nSome of those released had been held since 2022."
    got = _events(body, "negotiation", title="Russia and Ukraine swap 120 prisoners each in Emirati-brokered deal")
    assert [e["subtype"] for e in got] == ["prisoner_exchange"]
    # A headline with no number, place or date is strong enough only when it names both sides at war
    # (engine 2026.12.45): "Russia and Ukraine swap prisoners" is the article's news; "Prisoners swapped in
    # Emirati-brokered deal" names no side.
    assert [e["subtype"] for e in _events(body, "negotiation",
                                          title="Russia and Ukraine swap prisoners in Emirati-brokered deal")] \
        == ["prisoner_exchange"]
    assert _events(body, "negotiation", title="Prisoners swapped in Emirati-brokered deal, families say") == []


def test_an_opening_in_city_before_a_speaker_is_not_the_venue() -> None:
    said = ("In Kyiv, Ukraine's foreign minister said on Tuesday that Russia had received a revised peace plan "
            "from the United States.")
    [event] = _events(said, "negotiation")
    assert event["location"] is None
    met = "In Istanbul, the Russian and Ukrainian delegations met on Tuesday for a second round of talks."
    [event] = _events(met, "negotiation")
    assert event["location"]["place"] == "Istanbul"
