"""Rules of the fourth precision round (dev_e, the retired heldout_d, 2026-12-06), each with a positive
and a hard negative.

Every sentence here was written for this file (none is copied from an evaluation set or a published
article). See docs/TAGGING_GUIDE.md § 10, "Fourth precision round".
"""

from __future__ import annotations

import pytest

from transform.tagger import tag

from .rule_helpers import PUB
from .rule_helpers import types_of as _types


@pytest.mark.parametrize(("text", "expected"), [
    # "Consultations" and a truce worded as a verb ("agreed to stop attacking") are negotiation words.
    ("Consultations between Russian and Ukrainian negotiators opened on Wednesday in a villa outside Doha, "
     "Qatar's foreign ministry said.", {"negotiation"}),
    ("Kyiv and Moscow agreed on Tuesday to stop attacking each other's power plants, Saudi mediators said.",
     {"negotiation"}),
    ("Residents want the shelling to stop, and many say they no longer follow the news.", set()),
    # Sitting at the table is talks held; being urged back to it is an appeal.
    ("Both delegations sat at the table in Riyadh until late on Monday, a Saudi official said.", {"negotiation"}),
    ("The envoy urged both delegations to return to the negotiating table in Riyadh.", set()),
])
def test_talks_worded_without_the_word_talks(text: str, expected: set[str]) -> None:
    assert _types(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A national security council (and its secretary) speaks for a party; the UN Security Council is a forum.
    ("Ukraine's national security council said its secretary held talks with Russian negotiators in Istanbul "
     "on Friday.", {"negotiation"}),
    ("The UN Security Council held talks on Friday on the situation in Ukraine.", set()),
])
def test_a_national_security_council_is_not_the_un_forum(text: str, expected: set[str]) -> None:
    assert _types(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Sudan's army said on Monday it had agreed to send a delegation to talks with the RSF in Jeddah next week.",
     {"negotiation"}),
    ("Diplomats are waiting for word on the next round of talks in Jeddah, which has not been scheduled.", set()),
])
def test_agreeing_to_attend_is_talks_arranged_and_unscheduled_talks_are_not(text: str, expected: set[str]) -> None:
    assert _types(text) == expected


def test_talks_resumed_after_a_long_list_of_parties() -> None:
    # The verb may come after the full names of both parties ("... Alliance Army resumed").
    text = ("Talks between the Sudanese army and the Rapid Support Forces delegations resumed in Jeddah on "
            "Tuesday, Saudi Arabia's foreign ministry said.")
    assert _types(text) == {"negotiation"}
    assert _types("Talks between the two airlines' unions and the management resumed in Nairobi on Tuesday "
                  "over a wage dispute.") == set()


@pytest.mark.parametrize(("text", "expected"), [
    # Parties of other conflicts are parties, so their talks have the two sides the rule asks for.
    ("Myanmar's military and the Arakan Army held talks in Kunming on Tuesday.", {"negotiation"}),
    # ... while the junta's talks with an ally stay an allies' meeting.
    ("Myanmar's military and Russia's defence ministry held talks in Naypyitaw on Tuesday on arms purchases.",
     set()),
])
def test_parties_of_other_conflicts(text: str, expected: set[str]) -> None:
    assert _types(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # A tally over a span of months is a statistic; bracing for attacks is not an attack; practising a
    # shoot-down is training; drones carrying contraband are not weapons.
    ("Monitors counted 180 civilians killed by drones between March and August, most of them in frontline "
     "towns.", set()),
    ("Monitors said a drone killed three civilians in Kherson on Tuesday.", {"drone_strike"}),
    ("Poland will buy more radars as the country braces for Russian drone incursions this winter.", set()),
    ("Crews spent Tuesday practising how to shoot down drones at a range near Rzeszow.", set()),
    ("Gunners spent the week practising how to track and shoot down attack drones near Suwalki.", set()),
    ("During a drill on Tuesday, air defence crews in Rivne region shot down 12 Russian drones that "
     "crossed into the region.", set()),
    ("A drone hit a training ground in Dnipropetrovsk region on Tuesday, killing two soldiers.", {"drone_strike"}),
    ("Air defence crews shot down 12 Russian drones over Rivne region on Tuesday.", {"drone_strike"}),
    ("Guards shot down a drone carrying cigarettes across the border from Belarus on Tuesday.", set()),
])
def test_drone_words_that_are_not_strikes(text: str, expected: set[str]) -> None:
    assert _types(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Attacks named as what someone means to stop or prevent are not attacks reported ...
    ("The council urged both armies to stop attacks on civilians, including by drones.", set()),
    ("The army set up jammers to prevent drone attacks on the depot in Sumy on Tuesday.", set()),
    # ... while a strike reported before such a call, or one repelled, stays a strike.
    ("Drones struck Kharkiv overnight, hours after Kyiv called on Moscow to stop attacks on energy sites.",
     {"drone_strike"}),
    ("Ukraine scrambled fighter jets to repel a drone attack on Kyiv overnight, the air force said.",
     {"drone_strike"}),
])
def test_attacks_someone_means_to_stop(text: str, expected: set[str]) -> None:
    assert _types(text) == expected


@pytest.mark.parametrize(("text", "place", "admin1", "country"), [
    # "the Ukrainian capital", "Russia's capital": wire copy names the capital by its country.
    ("Russian drones struck an energy facility in the Ukrainian capital overnight, killing two people.",
     "Kyiv", "Kyiv City", "Ukraine"),
    ("Ukrainian drones hit an oil depot outside Russia's capital on Tuesday, the mayor said.",
     "Moscow", "Moscow City", "Russia"),
    # A list of regions sharing one plural suffix is regions, not the first region's capital city; and
    # several regions in one claim give only the country (guide § 5; engine 2026.12.11).
    ("Russian air defences destroyed 41 Ukrainian drones over the Bryansk, Kursk and Belgorod regions "
     "overnight, the defence ministry said.", None, None, "Russia"),
    ("A drone hit a fuel depot in Bryansk overnight, the governor said.", "Bryansk", "Bryansk Oblast", "Russia"),
])
def test_capitals_named_by_country_and_lists_of_regions(text: str, place: str | None, admin1: str,
                                                        country: str) -> None:
    (event,) = tag("", text, PUB)
    loc = event["location"]
    assert (loc["place"], loc["admin1"], loc["country"]) == (place, admin1, country)
