"""Rules of the sixteenth session (guide, "Sixteenth session"), each beside the look-alike it must
leave alone."""

from __future__ import annotations

import pytest

from tests.tagger.rule_helpers import events_of, types_of
from transform.tagger import actors


@pytest.mark.parametrize(("sentence", "source"), [
    # The one who declares a step is its actor; the source is who reports it.
    ("Putin declared a three-day ceasefire for the Victory Day holiday, the Kremlin said on Tuesday.", "Kremlin"),
    ("On Friday evening Vladimir Putin declared an Easter truce lasting until Sunday night, the Kremlin said.",
     "Kremlin"),
    ("Vladimir Putin has declared a 30-hour truce along the front, the Kremlin said, during which all units "
     "would hold fire.", "Kremlin"),
    # With no other source in the sentence the one declaring stays the source.
    ("Qatar announced on Tuesday that the two sides had agreed to exchange 200 prisoners.", "Qatar"),
    ("The defence ministry announced that 40 drones had been shot down over the Belgorod region.", "defence ministry"),
    # A dateline, a weekday and a tense's auxiliary are not part of the source's name.
    ("MOSCOW — Russia's defence ministry said its air defences destroyed 43 drones overnight.",
     "Russia's defence ministry"),
    ("KHARTOUM — Sudan's paramilitary Rapid Support Forces on Sunday declared a three-month truce.",
     "Sudan's paramilitary Rapid Support Forces"),
    ("Azerbaijan has said it will sign the treaty only after Armenia changes its constitution.", "Azerbaijan"),
    ("Gladkov also said a drone had hit a grain elevator in the district.", "Gladkov"),
    # (and a name that begins like an article keeps its first letter)
    ("Armenia's foreign ministry said the commissions would meet on March 20.", "Armenia's foreign ministry"),
    ("An Egyptian official said the delegations met in Cairo on Monday.", "Egyptian official"),
])
def test_the_source_of_a_sentence(sentence: str, source: str) -> None:
    assert actors.attribution(sentence) == source


def test_a_step_declared_by_someone_is_no_source() -> None:
    # ("A truce declared by Putin ended ...": the truce reports nothing)
    got = actors.attribution("MOSCOW/KYIV — A 30-hour Easter truce declared by Vladimir Putin ended at midnight "
                             "with both sides trading blame.")
    assert got is None or "truce" not in got.lower()


# --- Drone false-positive probe (guide, "Sixteenth session") ---

@pytest.mark.parametrize("text", [
    # statistics over a month, and a trend, are no attack
    "Russia's monthly drone launches at Ukraine hit new high in October, data show.",
    "The report also documented the growing use of drones by resistance forces, which it said had improved their "
    "ability to attack military posts but also led to civilian casualties in some towns.",
    # drones destroyed by other weapons were the target, not the weapon
    "An army spokesman said fighter jets bombed the hangar on Sunday evening, destroying several drones and a cargo "
    "aircraft.",
    # a practice on record
    "The RSF has used long-range drones to attack army-held cities far from the front.",
])
def test_drones_that_attacked_nothing_in_particular(text: str) -> None:
    assert "drone_strike" not in types_of(text)


@pytest.mark.parametrize("text", [
    "Russian drones hit a high-rise in Kharkiv on Monday, killing two.",
    "Ukraine's ability to shoot down drones was tested on Sunday night when Russia launched 300 drones at Kyiv, the "
    "air force said.",
    "Ukrainian drones struck the Morozovsk airfield on Sunday, destroying three Russian drones on the ground.",
    "Russia fired missiles at Kyiv overnight, while air defences destroyed 40 drones over the capital region.",
])
def test_strikes_beside_those_words_stay(text: str) -> None:
    assert "drone_strike" in types_of(text)


@pytest.mark.parametrize("text", [
    # arms purchases, a government's own plan, a body named after a truce
    "Myanmar's military-backed government has signed new arms agreements with Russia and China worth hundreds of "
    "millions of dollars this year, according to a UN report released on Tuesday.",
    "Pakistan has signed agreements to buy more Chinese fighter jets and Turkish drones, officials said, as Islamabad "
    "and New Delhi rearm more than a year after their conflict in May 2025.",
    "Lebanon's cabinet on Tuesday approved the second phase of the army's plan to bring all weapons under state "
    "control, despite objections from Hezbollah's ministers.",
    "The United States and France, which sit on the committee monitoring the ceasefire, have welcomed the army's plan "
    "and pledged additional support.",
])
def test_no_step_between_the_sides(text: str) -> None:
    assert "negotiation" not in types_of(text)


@pytest.mark.parametrize(("text", "subtype"), [
    ("The committee monitoring the ceasefire said on Monday that Israel and Lebanon had agreed to extend the truce.",
     "ceasefire"),
    ("Israel and Hamas signed a ceasefire agreement in Sharm el-Sheikh on Thursday.", "agreement"),
    # a moratorium on strikes is a partial truce: proposed or agreed it is a ceasefire, signed an agreement
    ("Two officials said Kyiv had on Monday passed to Russia, through US mediators, a proposal for a moratorium on "
     "strikes against energy facilities.", "ceasefire"),
    ("Russia and Ukraine agreed to a 30-day moratorium on strikes against energy infrastructure, the White House said "
     "on Thursday.", "ceasefire"),
    ("Russian and Ukrainian officials signed a 60-day moratorium on strikes against energy infrastructure in Riyadh on "
     "Thursday.", "agreement"),
])
def test_steps_beside_those_words(text: str, subtype: str) -> None:
    assert [e["subtype"] for e in events_of(text, "negotiation")] == [subtype]
