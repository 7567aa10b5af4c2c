"""Sixth precision round (dev_g, the former heldout_f; engine 2026.12.10): each rule beside the
look-alike it must not catch. Texts written here from the rule, not copied from the tuning file."""

from __future__ import annotations

from tests.tagger.rule_helpers import events_of, types_of
from transform.tagger import places
from transform.tagger.resources import load


def test_a_meeting_described_by_whom_its_members_back_is_one_sides_allies() -> None:
    assert "negotiation" not in types_of(
        "Leaders and ministers from more than twenty countries that support Ukraine met in Rome on Tuesday to "
        "discuss the guarantees they would offer Kyiv after a ceasefire.")
    assert "negotiation" in types_of(
        "Russian and Ukrainian delegations met in Istanbul on Tuesday to discuss a truce.")


def test_a_forum_of_other_states_is_no_negotiation_unless_both_adversaries_meet_there() -> None:
    assert "negotiation" not in types_of(
        "Leaders of the Group of 20 called on Sunday for a just peace in Ukraine after a summit in Rio de Janeiro.")
    assert "negotiation" in types_of(
        "Russian and Ukrainian envoys met in Rio de Janeiro on Sunday on the sidelines of the G20 summit to "
        "discuss a prisoner exchange.")


def test_a_meeting_whose_only_named_side_is_an_ally_is_no_negotiation() -> None:
    assert "negotiation" not in types_of(
        "The minister spoke after a meeting with his Polish counterpart in Warsaw on Monday, where they "
        "discussed border crossings.")
    assert "negotiation" in types_of(
        "The minister spoke after a meeting with his Russian counterpart in Istanbul on Monday, where they "
        "discussed a prisoner exchange.")


def test_talks_as_what_is_obstructed_are_not_scheduled() -> None:
    assert "negotiation" not in types_of(
        "Moscow and Kyiv traded accusations over who was stalling the next round of talks.")
    assert "negotiation" in types_of(
        "Moscow and Kyiv said the next round of talks would be held in Istanbul on Monday.")


def test_a_definite_reference_to_another_domains_deal_stays_that_deal() -> None:
    assert "negotiation" not in types_of(
        "Ukraine and Denmark signed an agreement in Copenhagen on Friday under which the two countries will jointly "
        "produce long-range drones.\n\nThe agreement, signed by Ukraine's defence minister and a senior Pentagon "
        "official in Washington on Friday, runs for ten years.")
    assert "negotiation" in types_of(
        "Russia and Ukraine signed an agreement in Istanbul on Friday on the exchange of prisoners.\n\n"
        "The agreement, signed by the two delegations, covers 1,000 prisoners on each side.")


def test_a_step_in_the_clause_a_plan_waits_for_is_not_reported() -> None:
    assert "negotiation" not in types_of(
        "Kyiv intends to suggest fresh talks between security advisers once Washington has shared Moscow's newest "
        "response to the peace framework, a Ukrainian official said.")
    assert "negotiation" in types_of(
        "Russia handed Washington its response to the peace plan on Thursday, the Kremlin said.")


def test_an_appeal_to_return_to_talks_and_agree_a_truce_is_an_appeal() -> None:
    assert "negotiation" not in types_of(
        'The UN chief called on Russia and Ukraine to "return to the table without delay" and to agree a ceasefire.')
    assert "negotiation" in types_of(
        "Russia and Ukraine returned to talks in Geneva on Monday and agreed a ceasefire, the mediators said.")


def test_a_stockpile_of_drones_is_a_target_not_the_weapon() -> None:
    assert "drone_strike" not in types_of(
        "Ukrainian forces struck a depot near Kursk with missiles on Monday, destroying a stockpile of drones.")
    assert "drone_strike" in types_of("Ukrainian drones struck a fuel depot near Kursk on Monday, the governor said.")


def test_a_majority_of_incoming_drones_is_a_capability_not_a_night() -> None:
    assert "drone_strike" not in types_of(
        "Officials say the combination of helicopters, machine guns and interceptors allowed Ukraine to shoot down "
        "the large majority of incoming Shahed drones in Kharkiv.")
    assert "drone_strike" in types_of("Ukraine shot down 40 of the 45 drones launched overnight, the air force said.")


def test_many_civilians_without_a_day_is_a_summary() -> None:
    assert "drone_strike" not in types_of(
        "Drone strikes damaged schools and killed many civilians, the city's authorities said.")
    assert "drone_strike" in types_of(
        "A drone strike damaged a school in Sumy overnight and killed two civilians, the city's authorities said.")


def test_a_bulleted_teaser_is_a_link_not_a_report() -> None:
    page = ("Daily briefing\n\nGrain exports rose in November, the ministry said.\n\nRead more:\n\n"
            "— Russian drones hit Odesa overnight, three injured (from Monday)\n\n— Why the grid is under strain")
    assert "drone_strike" not in types_of(page)
    live = "Key events\n\n— Russian drones hit Odesa overnight, injuring three people, the governor said."
    assert "drone_strike" in types_of(live)


def test_drone_surveillance_is_observation_not_an_attack() -> None:
    assert "drone_strike" not in types_of(
        "Engineers showed a robot designed to evacuate wounded soldiers from areas under drone surveillance.")
    assert "drone_strike" in types_of("A drone wounded two soldiers near Pokrovsk on Monday, the brigade said.")


def test_a_town_named_right_after_its_region_is_where_it_happened() -> None:
    ev = events_of("In the Sumy region, Shostka, a town near the border, was hit by drones overnight.", "drone_strike")
    assert [e["location"]["place"] for e in ev] == ["Shostka"]
    ev = events_of("In the Sumy region, officials said drones damaged a power line overnight.", "drone_strike")
    assert [(e["location"]["place"], e["location"]["admin1"]) for e in ev] == [(None, "Sumy Oblast")]


def test_a_longer_name_that_begins_like_an_imported_town_is_not_the_town() -> None:
    found = [pm.place.place for pm in places.find("A drone hit a storage tank at the Khor Mor gas field.", load())]
    assert "Khor" not in found
    assert "Khor" in [pm.place.place for pm in places.find("A drone hit a warehouse in Khor overnight.", load())]




def test_several_regions_in_one_claim_give_the_country() -> None:
    ev = events_of("Russia's air defences destroyed 23 Ukrainian drones over the Kaluga and Tula regions overnight, "
                   "the defence ministry said.", "drone_strike")
    assert [(e["location"]["place"], e["location"]["admin1"], e["location"]["country"]) for e in ev] == [
        (None, None, "Russia")]
    ev = events_of("Russia's air defences destroyed 23 Ukrainian drones over the Kaluga region overnight, "
                   "the defence ministry said.", "drone_strike")
    assert [(e["location"]["admin1"], e["location"]["country"]) for e in ev] == [("Kaluga Oblast", "Russia")]


def test_a_swap_carried_out_has_no_venue_but_one_agreed_at_talks_has() -> None:
    ev = events_of("Sudan's army and the Rapid Support Forces exchanged 80 prisoners in Kosti on Tuesday, the Red "
                   "Cross said.", "negotiation")
    assert [e["location"] for e in ev] == [None]
    ev = events_of("The army and the Rapid Support Forces agreed in Jeddah on Tuesday to exchange 80 prisoners.",
                   "negotiation")
    assert [e["location"]["place"] for e in ev] == ["Jeddah"]


def test_a_swap_done_and_a_further_swap_agreed_are_two_steps() -> None:
    ev = events_of("On 3 May, Ukraine and Russia exchanged 150 prisoners of war each.\n\nA further deal followed in "
                   "Istanbul, where the delegations agreed to swap 900 prisoners each.", "negotiation")
    assert sorted((e["location"] or {}).get("place") or "" for e in ev) == ["", "Istanbul"]
    ev = events_of("Russian and Ukrainian delegations agreed in Geneva on Saturday to exchange 500 prisoners of war "
                   "each.\n\nThe Russian side said it had handed over a list of civilians it wants returned.",
                   "negotiation")
    assert [e["location"]["place"] for e in ev] == ["Geneva"]


def test_the_city_of_a_proposed_meeting_is_not_where_the_proposal_was_made() -> None:
    ev = events_of("Russia on Wednesday formally proposed to Ukraine holding a new round of direct talks in Istanbul "
                   "next month, the foreign ministry said.", "negotiation")
    assert [e["location"] for e in ev if e["subtype"] == "proposal"] == [None]
    ev = events_of("Ukraine's delegation handed the US side a revised peace framework at a meeting in Berlin on "
                   "Wednesday, the foreign minister said.", "negotiation")
    assert [e["location"]["place"] for e in ev if e["subtype"] == "proposal"] == ["Berlin"]


def test_a_truce_proposed_at_a_meeting_keeps_the_meetings_city() -> None:
    ev = events_of("Kyiv again proposed an unconditional thirty-day ceasefire at the meeting in Istanbul on Monday, "
                   "the delegation head said.", "negotiation")
    assert {(e["location"] or {}).get("place") for e in ev} == {"Istanbul"}


def test_a_place_in_a_sources_title_is_not_where_it_happened() -> None:
    ev = events_of("Hours earlier, drones struck the Engels air base in Russia's Saratov region, according to Saratov "
                   "governor Roman Busargin.", "drone_strike")
    assert [e["location"]["place"] for e in ev] == ["Engels"]


def test_a_facility_near_a_city_is_in_the_town_it_is_named_after() -> None:
    ev = events_of("On Tuesday night drones struck the Kstovo refinery near Nizhny Novgorod, the governor said.",
                   "drone_strike")
    assert [e["location"]["place"] for e in ev] == ["Kstovo"]
    ev = events_of("On Tuesday night a drone hit the Zaporizhzhia nuclear plant in Enerhodar, the operator said.",
                   "drone_strike")
    assert [e["location"]["place"] for e in ev] == ["Enerhodar"]
