"""Briefings round (dev_o; engine 2026.12.33): each rule beside the look-alike it must not catch.

dev_o was written blind to look like pages scraped from wires, broadcasters, regional outlets and
newsletters. Texts here are written from the rule, not copied from the tuning file.
PUB (rule_helpers) is Thursday 2026-12-03."""

from __future__ import annotations

from datetime import date

import pytest

from tests.tagger.rule_helpers import PUB, events_of
from transform.tagger import dates
from transform.tagger.resources import load


@pytest.mark.parametrize(("target", "weapon"), [
    ("Ukrainian jets bombed a workshop where Russian crews converted FPV drones near Tokmak on Monday, "
     "the general staff said.",
     "Russian crews used converted FPV drones to hit a workshop near Tokmak on Monday, the general staff said."),
    ("Israeli aircraft struck a storage facility for drones near the village of Shebaa on Monday.",
     "Hezbollah drones struck a storage facility near the town of Metula on Monday."),
])
def test_a_site_where_drones_are_kept_or_modified_is_the_target(target: str, weapon: str) -> None:
    assert not events_of(target, "drone_strike")
    assert events_of(weapon, "drone_strike")


@pytest.mark.parametrize(("summary", "incident"), [
    ("Army officers say drones now account for the bulk of Russian vehicles destroyed near the front.",
     "Army officers say drones destroyed two Russian vehicles near Kupiansk on Monday."),
    ("The militia launched missile and drone attacks on tankers in the Red Sea between 2023 and 2025, sinking two "
     "ships.",
     "The militia launched a drone attack on a tanker off Mokha on Monday, sinking it, a maritime agency said."),
    ("The poll also found that 61% of respondents believed Russia's drone and missile attacks on cities and power "
     "stations were meant to push Kyiv into concessions.",
     "Russian drones attacked a power station in Sumy on Monday, the regional governor said."),
])
def test_shares_year_spans_and_polls_are_summaries(summary: str, incident: str) -> None:
    assert not events_of(summary, "drone_strike")
    assert events_of(incident, "drone_strike")


def test_thousands_of_kilometres_away_is_a_distance_not_a_multitude():
    far = ("On the same day, thousands of kilometres away, an army delegation held talks with the RSF's mediators "
           "in Jeddah on a humanitarian truce.")
    assert [e["subtype"] for e in events_of(far, "negotiation")] == ["talks_held"]
    many = "Thousands of prisoners have been exchanged by the two sides over the course of the war."
    assert not events_of(many, "negotiation")


@pytest.mark.parametrize(("background", "step"), [
    ("Over the following months, the emphasis moved to direct contacts between Washington and Moscow and to "
     "US-drafted peace plans negotiated with each side separately.",
     "On Monday the two delegations exchanged draft peace plans in Geneva, officials said."),
    ("The government in Port Sudan has rejected earlier drafts of the truce plan, saying it favours the RSF.",
     "The mediators handed both sides a revised draft of the truce plan in Jeddah on Monday."),
])
def test_months_later_and_rejected_drafts_are_background(background: str, step: str) -> None:
    assert not events_of(background, "negotiation")
    assert events_of(step, "negotiation")


def test_consultations_with_ones_partners_are_no_talks_even_beside_the_other_side_named_elsewhere():
    allies = ("Coming up: the US envoy will hold consultations with European partners on guarantees in Berlin "
              "on Monday; the EU is drafting rules on frozen Russian funds.")
    assert not events_of(allies, "negotiation")
    both = ("The US envoy will hold consultations with European partners in Berlin on Monday; Russian and "
            "Ukrainian delegations will meet in Geneva on Tuesday.")
    assert events_of(both, "negotiation")


def test_talks_on_quotas_are_trade_talks():
    trade = ("Polish and Ukrainian ministers met in Lublin on Tuesday to resume talks on import quotas for "
             "Ukrainian sugar, a dispute that strains ties despite Warsaw's support for Kyiv against Russia.")
    assert not events_of(trade, "negotiation")
    war = "Russian and Ukrainian delegations met in Istanbul on Tuesday to resume talks on a ceasefire."
    assert events_of(war, "negotiation")


def test_a_night_before_the_report_is_not_the_day_of_talks_to_come():
    res = load()
    upcoming = "The overnight strike came days before the negotiators are due to reconvene in Geneva."
    assert dates.resolve(upcoming, PUB, res, forward=True) is None
    tonight = dates.resolve("Negotiators will meet in Geneva tonight.", PUB, res, forward=True)
    assert tonight is not None and tonight.value == date(2026, 12, 3)
    strike = dates.resolve("Drones struck Odesa overnight.", PUB, res)
    assert strike is not None and strike.value == date(2026, 12, 3)
    text = ("Russian and Ukrainian delegations will meet again in Geneva next week, the Ukrainian negotiator said. "
            "The overnight strike came days before the negotiators are due to reconvene in Switzerland.")
    assert len(events_of(text, "negotiation")) == 1


def test_a_swap_of_bodies_and_a_swap_of_prisoners_are_two_swaps():
    two = ("Ukraine and Russia exchanged 150 prisoners of war each on Tuesday, the coordination headquarters said. "
           "Earlier this month, the two sides also swapped the bodies of fallen soldiers, with Kyiv receiving "
           "900 bodies and returning 40.")
    assert len(events_of(two, "negotiation")) == 2
    one = ("Ukraine and Russia handed over the bodies of fallen soldiers on Friday, the coordination headquarters "
           "said. Kyiv received 900 bodies and returned 40, officials added.")
    assert len(events_of(one, "negotiation")) == 1


def test_talks_on_a_proposed_truce_are_talks_but_a_truce_proposed_is_a_step():
    topic = "An army delegation held talks with US mediators in Washington on Monday on a proposed humanitarian truce."
    assert [e["subtype"] for e in events_of(topic, "negotiation")] == ["talks_held"]
    step = "Ukraine proposed a 30-day truce at the talks in Istanbul on Monday, its delegation said."
    assert "ceasefire" in {e["subtype"] for e in events_of(step, "negotiation")}


def test_a_mandate_is_a_list_of_aims():
    aims = ("Delegations from Ukraine and Russia met in Istanbul on Friday. 14:20 — Speaking in Kyiv, the president "
            "said he had given the delegation a clear mandate: an immediate ceasefire, the release of all prisoners "
            "and the return of deported children.")
    assert [e["subtype"] for e in events_of(aims, "negotiation")] == ["talks_held"]
    done = "The president said the delegations had agreed on Monday to release 500 prisoners each."
    assert events_of(done, "negotiation")


@pytest.mark.parametrize(("content", "step"), [
    ("Under the proposed arrangements, Armenia and Azerbaijan would open embassies, reopen their frontier and build "
     "a rail link to Nakhchivan, with US participation.",
     "Under the agreement signed in Washington on Monday, Armenia and Azerbaijan will open their frontier within a "
     "month."),
    ("Under the proposed arrangements, Armenia and Azerbaijan would open embassies, reopen their frontier and build "
     "a rail link to Nakhchivan, with US participation.",
     "Under the deal, the sides exchanged 200 prisoners on Monday, the mediators said."),
    ("Russia's text demanded that Ukraine withdraw its troops from four southern and eastern regions, declare "
     "permanent neutrality, cap the size of its army and hold early elections, while offering only a short "
     "ceasefire to collect the bodies of the dead.",
     "Russia's envoy on Monday demanded that Ukraine withdraw its troops from four southern and eastern regions, "
     "declare permanent neutrality, cap the size of its army and hold early elections, while offering only a short "
     "ceasefire to collect the bodies of the dead."),
])
def test_what_a_plan_contains_is_no_step_of_its_own(content: str, step: str) -> None:
    assert not events_of(content, "negotiation")
    assert events_of(step, "negotiation")


def test_truces_of_different_lengths_on_one_day_are_two_steps():
    two = ("Russia declared a 30-hour Easter truce on Saturday, the Kremlin said. Ukraine responded on Saturday by "
           "offering a 30-day ceasefire instead, the president said.")
    assert [e["subtype"] for e in events_of(two, "negotiation")] == ["ceasefire", "ceasefire"]
    one = ("Russia declared a 30-hour Easter truce on Saturday, the Kremlin said. The 30-hour truce will begin at "
           "18:00, the defence ministry said on Saturday.")
    assert len(events_of(one, "negotiation")) == 1


@pytest.mark.parametrize(("recounted", "vague"), [
    ("In March 2025, the sides began exchanging wounded prisoners in small groups every few weeks.",
     "The sides have been exchanging prisoners on and off for years."),
    ("Other swaps that spring included one on April 19, 2025, when 246 Ukrainian soldiers and 31 civilians came home.",
     "Other swaps have brought soldiers and civilians home over the years."),
    ("The delegations reportedly agreed to a further exchange of badly wounded prisoners of war, a delegation member "
     "said.",
     "Kyiv hopes for a further exchange of badly wounded prisoners of war, a delegation member said."),
])
def test_recounted_swaps_and_both_sides_agreeing_are_steps(recounted: str, vague: str) -> None:
    assert [e["subtype"] for e in events_of(recounted, "negotiation")] == ["prisoner_exchange"]
    assert not events_of(vague, "negotiation")


@pytest.mark.parametrize(("other", "step"), [
    ("The trade commissioner said the two sides had agreed to extend a truce on retaliatory tariffs by three months.",
     "The mediators said the two sides had agreed to extend the truce in Gaza by three days."),
    ("On the question of a ceasefire, the sides exchanged accusations rather than proposals.",
     "On the question of a ceasefire, the sides exchanged written proposals in Geneva on Monday."),
    ("The minister said the two sides had agreed to set up a working group to monitor trade flows at the border.",
     "The envoy said the two sides had agreed to set up a working group to monitor the ceasefire line."),
])
def test_trade_truces_working_groups_and_rather_than_are_no_steps(other: str, step: str) -> None:
    assert not events_of(other, "negotiation")
    assert events_of(step, "negotiation")


def test_a_meeting_with_a_venue_and_a_day_named_before_its_outcome_was_held():
    dated = ("At a first meeting in Geneva on March 3, 2025, the two delegations exchanged draft memorandums on a "
             "settlement.")
    assert [e["subtype"] for e in events_of(dated, "negotiation")] == ["talks_held", "proposal"]
    undated = ("At the meeting, the two delegations exchanged draft memorandums on a settlement, officials said on "
               "Monday.")
    assert [e["subtype"] for e in events_of(undated, "negotiation")] == ["proposal"]


def test_a_call_about_the_proposed_truce_is_a_call_only():
    topic = "Trump and Putin spoke by phone on Thursday about the war and the proposed truce, the Kremlin said."
    assert [e["subtype"] for e in events_of(topic, "negotiation")] == ["talks_held"]
    step = "Trump and Putin spoke by phone on Thursday, and Putin proposed a 30-day truce, the Kremlin said."
    assert {e["subtype"] for e in events_of(step, "negotiation")} == {"talks_held", "ceasefire"}


@pytest.mark.parametrize(("talks", "not_talks"), [
    ("The US envoy spent nearly five hours in the Kremlin with Vladimir Putin on Thursday night.",
     "Rescuers spent six hours with sniffer dogs searching the rubble in Kyiv on Monday."),
    ("Trump later spoke with Zelensky by phone, the Ukrainian presidency said.",
     "Zelensky spoke with reporters by phone on Monday."),
])
def test_hours_spent_with_the_other_side_and_a_call_with_a_leader_are_talks(talks: str, not_talks: str) -> None:
    assert [e["subtype"] for e in events_of(talks, "negotiation")] == ["talks_held"]
    assert not events_of(not_talks, "negotiation")


def test_a_tally_over_one_country_does_not_absorb_a_hit_in_the_other():
    two = ("Russia's defence ministry said air defences destroyed 40 Ukrainian drones over Russian regions on "
           "Wednesday night. A Russian drone hit a car in the village of Bilozerka in the Kherson region on Wednesday "
           "afternoon, killing the driver.")
    assert [e["subtype"] for e in events_of(two, "drone_strike")] == ["interception_claim", "attack"]
    one = ("Air defences shot down 40 drones over Ukraine overnight, the air force said. A drone hit an apartment "
           "block in Lutsk overnight, wounding two people.")
    assert [e["location"]["place"] for e in events_of(one, "drone_strike")] == ["Lutsk"]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("On the night of May 8 to 9, 2025, officials said, about 300 drones were sent towards the border.",
     date(2025, 5, 9)),
    ("On the night of 12 to 13 November, drones struck Odesa, the governor said.", date(2026, 11, 13)),
    ("Delegations held trilateral talks in Abu Dhabi on January 23 and 24, 2025.", date(2025, 1, 23)),
    ("Drones struck a refinery in Ryazan on May 8, 2025, the governor said.", date(2025, 5, 8)),
])
def test_a_range_of_days_keeps_its_year_and_a_night_its_last_day(sentence: str, expected: date) -> None:
    got = dates.resolve(sentence, PUB, load())
    assert got is not None and (got.value, got.precision) == (expected, "day")


@pytest.mark.parametrize(("strike", "not_a_strike"), [
    ("On May 8, 2025, India said it had used Israeli-made loitering munitions to destroy an air defence radar in "
     "Lahore.",
     "Congolese forces have themselves used armed drones against rebel positions in North Kivu."),
    ("The army said the rebels used drones to attack a base near Goma on Monday.",
     "A villager said the army had used drones against the village twice in the previous month."),
])
def test_drones_used_against_a_target_are_an_attack_and_made_in_is_their_origin(strike: str, not_a_strike: str):
    assert events_of(strike, "drone_strike")
    assert not events_of(not_a_strike, "drone_strike")


def test_a_tally_over_several_cities_is_the_countrys():
    tally = ("On May 8, 2025, Pakistan's army said it had shot down 25 drones sent by India over several cities, "
             "including Lahore.")
    assert [(e["location"]["place"], e["location"]["country"]) for e in events_of(tally, "drone_strike")] \
        == [(None, "Pakistan")]


@pytest.mark.parametrize(("not_a_strike", "strike"), [
    ("The air force said the drones had been launched from three directions, including from the Oryol and Kursk "
     "regions of Russia.",
     "The air force said drones launched from the Kursk region hit Sumy overnight."),
    ("Intelligence officials say the new drone flies twice as fast as the Geran-2, which makes it harder for mobile "
     "fire groups to shoot down.",
     "Intelligence officials say mobile fire groups shot down six Geran-2 drones near Kyiv overnight."),
    ("When Ukrainian drones first began to reach Russian refineries in early 2024, the strikes were seen in Moscow "
     "as an irritant.",
     "Ukrainian drones reached a Russian refinery in Ryazan overnight and set it ablaze, the governor said."),
])
def test_origins_capabilities_and_beginnings_are_no_strike(not_a_strike: str, strike: str) -> None:
    assert not events_of(not_a_strike, "drone_strike")
    assert events_of(strike, "drone_strike")


def test_talks_opened_after_a_long_apposition_and_negotiators_who_worked_on_a_text_held_talks():
    opened = ("Talks between Russian and Ukrainian delegations on the safety of merchant shipping in the Black Sea, "
              "hosted by Turkey with the participation of the United Nations, opened in Istanbul on Tuesday morning "
              "at a government building.")
    assert [e["location"]["place"] for e in events_of(opened, "negotiation")] == ["Istanbul"]
    worked = "The call came a week after Ukrainian and US negotiators worked on a revised framework in Geneva."
    assert [e["subtype"] for e in events_of(worked, "negotiation")] == ["talks_held"]
    alone = "Ukrainian negotiators worked on the draft at home."
    assert not events_of(alone, "negotiation")


@pytest.mark.parametrize(("hedged", "reported"), [
    ("If Russia and Ukraine agree to a ceasefire, the first practical question will be how to monitor it.",
     "Russia and Ukraine agreed to a ceasefire on Monday, the mediators said."),
    ("If Kyiv and Moscow agree to a truce, monitors will be needed along the whole front.",
     "Kyiv and Moscow agreed to a truce on Monday, and monitors will be needed along the whole front."),
])
def test_and_between_two_names_keeps_the_condition_over_the_step(hedged: str, reported: str) -> None:
    assert not events_of(hedged, "negotiation")
    assert events_of(reported, "negotiation")


@pytest.mark.parametrize(("background", "step"), [
    ("Ukraine's army rejected the claim, calling it a provocation meant to discredit Kyiv ahead of the next round "
     "of negotiations with Russia.",
     "The next round of negotiations between Russia and Ukraine will be held in Istanbul on April 2."),
    ("ANKARA, March 24 -- The Turkish foreign minister on Tuesday gave details of the next round of negotiations "
     "between Russia, Ukraine and the United States.",
     "The Turkish foreign minister said on Tuesday the next round of negotiations between Russia and Ukraine would "
     "be held in Istanbul."),
    ("Israel says it is enforcing the terms of the truce with Hezbollah, which require the group to pull its fighters "
     "back from the Litani river.",
     "Israel and the group agreed to a truce on Monday, which requires the group to pull its fighters back."),
])
def test_the_next_round_as_a_time_and_a_truce_enforced_are_background(background: str, step: str) -> None:
    assert not events_of(background, "negotiation")
    assert events_of(step, "negotiation")


def test_a_gathering_of_thirty_countries_is_no_talks_between_the_sides():
    gathering = ("Leaders and ministers from more than 30 countries met in Rome on Friday to agree plans for a "
                 "multinational force that would help secure Ukraine after any ceasefire, even as the negotiations are "
                 "led by Washington.")
    assert not events_of(gathering, "negotiation")
    talks = "Leaders of Armenia and Azerbaijan met in Paris on Friday to finalise a border deal."
    assert events_of(talks, "negotiation")


def test_extending_the_pause_is_a_ceasefire_step_and_a_position_on_a_truce_is_none():
    offer = ("In response, the president proposed extending the pause to 30 days and adding a halt to long-range "
             "strikes on power plants.")
    assert [e["subtype"] for e in events_of(offer, "negotiation")] == ["ceasefire"]
    stance = ("The Kremlin spokesman said the proposal would be studied, but suggested that Moscow's position on a "
              "longer ceasefire had not changed.")
    assert not events_of(stance, "negotiation")


def test_offered_a_needs_a_step_noun_after_it():
    mix = ("For readers in Delhi, the week that ends today offered a familiar, uneasy mix: deadly bombardment on one "
           "day, polite statements from negotiators on the next.")
    assert not events_of(mix, "negotiation")
    roadmap = "Russia proposed a three-stage roadmap to Ukraine in Istanbul on Monday."
    assert [e["subtype"] for e in events_of(roadmap, "negotiation")] == ["proposal"]


def test_a_denied_strike_of_another_year_stays_its_own_event():
    text = ("On June 1, 2025, Ukrainian drones launched from lorries parked near Russian air bases struck strategic "
            "bombers at four airfields. The Kremlin said two drones were disabled over the Senate building in Moscow "
            "on May 3, 2023, and called it an attempt on Putin's life; Kyiv denied any involvement.")
    got = [(e["event_date"], e["disputed"]) for e in events_of(text, "drone_strike")]
    assert got == [("2025-06-01", False), ("2023-05-03", True)]


def test_a_plan_handed_by_one_side_and_a_draft_received_by_the_other_are_two_steps():
    two = ("Ukraine handed the United States a revised version of its peace framework in Geneva on Tuesday, its "
           "chief negotiator said. A Kremlin aide said Russia had received an updated draft from the US envoy and "
           "was studying it.")
    assert [e["subtype"] for e in events_of(two, "negotiation")] == ["proposal", "proposal"]
    one = ("Ukraine handed the United States a revised version of its peace framework in Geneva on Tuesday, its "
           "chief negotiator said. Ukraine's draft keeps the current front line as the starting point, he said.")
    assert len(events_of(one, "negotiation")) == 1


@pytest.mark.parametrize(("text", "expected"), [
    ("Russia launched 146 attack drones against Ukraine overnight, and air defences shot down 109 of them.",
     (None, "Ukraine")),
    ("On June 1, 2025, Ukrainian drones launched from lorries hit strategic bombers at four Russian air bases.",
     (None, "Russia")),
    ("Ukraine's air force said Russia launched 126 drones overnight; 104 of them were shot down or jammed.",
     (None, "Ukraine")),
    ("Russian drones hit an apartment block in Kharkiv overnight, the mayor said.", ("Kharkiv", "Ukraine")),
])
def test_a_strike_on_a_country_as_a_whole_is_placed_in_the_country_struck(text: str, expected: tuple) -> None:
    got = [(e["location"]["place"], e["location"]["country"]) for e in events_of(text, "drone_strike")]
    assert got == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("Belgorod's governor said a Ukrainian drone had hit a car in the village of Zarechnoye-Vtoroye on Sunday "
     "evening, wounding its driver.", ("Zarechnoye-Vtoroye", "Russia")),
    ("A drone strike by the army on a weekly market near the town of Lere in the Timbuktu region on Sunday killed "
     "at least 17 civilians.", ("Lere", "Mali")),
    ("Military drones dropped bombs on a monastery school in Tabayin township in Sagaing Region on Thursday, killing "
     "four children.", ("Tabayin", "Myanmar")),
    ("An Israeli drone struck a car on the road between Nabatieh and the village of Kfar Toufa on Tuesday, killing "
     "two people.", ("Nabatieh", "Lebanon")),
    ("Drones launched from the village of Novaya Tavolzhanka hit Kharkiv overnight, the mayor said.",
     ("Kharkiv", "Ukraine")),
])
def test_a_village_the_gazetteer_does_not_list_is_kept_as_written(text: str, expected: tuple) -> None:
    got = [(e["location"]["place"], e["location"]["country"]) for e in events_of(text, "drone_strike")]
    assert got == [expected]


def test_the_village_named_as_such_beats_the_district_around_it():
    text = ("In the Kupiansk district, a Russian drone hit a car in the village of Kivsharivka on Tuesday afternoon, "
            "wounding two men.")
    assert [e["location"]["place"] for e in events_of(text, "drone_strike")] == ["Kivsharivka"]


def test_of_several_venues_the_one_the_talks_sit_in():
    text = ("DEIR AL-BALAH, Gaza — A drone strike killed two people in Deir al-Balah on Sunday, as negotiators from "
            "Israel and Hamas held separate meetings with mediators in Cairo on the next phase of the truce.")
    assert [e["location"]["place"] for e in events_of(text, "negotiation")] == ["Cairo"]


def test_a_city_where_a_plan_was_judged_is_no_venue():
    judged = ("On Monday the US administration handed Ukraine a framework of 28 points that was seen in Kyiv as "
              "favouring Russian demands.")
    assert [e["location"] for e in events_of(judged, "negotiation")] == [None]
    handed = "On Monday the US envoy handed Ukraine a framework of 28 points in Kyiv."
    assert [e["location"]["place"] for e in events_of(handed, "negotiation")] == ["Kyiv"]


@pytest.mark.parametrize(("etype", "not_an_event", "event"), [
    ("negotiation",
     "Live updates\n\n07:55 Read more: Envoy says next round with Kyiv and Moscow delegations could take place in "
     "Geneva soon",
     "Live updates\n\n07:55 Russian and Ukrainian delegations will meet in Geneva on Friday, the envoy said."),
    ("negotiation",
     "Kyiv has floated the idea of proposing a mutual halt to strikes on energy infrastructure at a future round, but "
     "officials said no such proposal had yet been put to Moscow.",
     "Kyiv proposed a mutual halt to strikes on energy sites at the round in Geneva on Monday."),
    ("negotiation",
     "The Lebanese side raised the continued strikes and the release of Lebanese detainees held in Israel, the "
     "official said.",
     "The Lebanese side agreed on Monday to the release of Israeli detainees held in Lebanon, the official said."),
    ("negotiation",
     "Later in the day the pope met privately with a group of Ukrainian Greek Catholic priests serving near the "
     "front, the Vatican said.",
     "Later in the day the pope met privately with Russian and Ukrainian envoys at the Vatican, officials said."),
    ("drone_strike",
     "Several tankers and bulk carriers were damaged by drones and mines over the winter, driving up insurance "
     "costs.",
     "A tanker was damaged by a drone off Odesa over the weekend, the navy said."),
    ("drone_strike",
     "Strikes on markets, hospitals and fuel depots have been reported across Darfur and Kordofan, and aid groups say "
     "the drones have made aid harder to deliver.",
     "A drone strike on a market in El Fasher on Monday killed 11 people, aid groups said."),
    ("drone_strike",
     "For most of the past year, almost anything that moved near Pokrovsk was hit by first-person-view drones within "
     "minutes, soldiers say.",
     "On Monday, almost anything that moved near Pokrovsk was hit by first-person-view drones, soldiers said."),
    ("drone_strike",
     "Ukraine proposed an immediate ceasefire in the air and at sea that would halt all missile, drone and naval "
     "attacks for 60 days.",
     "Russia launched missile, drone and naval attacks on Odesa overnight, the governor said."),
    ("drone_strike",
     "A court in Cherkasy on Saturday sentenced a Russian officer in absentia to 15 years for his role in a drone "
     "attack on a railway depot.",
     "A Russian drone attack on a railway depot in Cherkasy on Saturday injured two workers, officials said."),
    ("drone_strike",
     "The commander said his operators had downed 27 Orlan-10, Zala and Supercam surveillance drones over the Kherson "
     "sector in seven days, using small, fast quadcopters that ram their targets in mid-air.",
     "Air defences shot down 40 attack drones and two reconnaissance drones over the Kharkiv region overnight."),
])
def test_briefings_second_pass_rules(etype: str, not_an_event: str, event: str) -> None:
    assert not events_of(not_an_event, etype)
    assert events_of(event, etype)


def test_an_occasion_and_an_outlet_in_the_dateline_place_no_strike():
    text = ("KYIV, May 11 (Kyiv Independent) - Russia launched one of its largest drone attacks in weeks against "
            "Ukraine overnight, two days after the Victory Day parade in Moscow, the air force said.")
    assert [(e["location"]["place"], e["location"]["country"]) for e in events_of(text, "drone_strike")] \
        == [(None, "Ukraine")]


def test_memoranda_exchanged_and_a_protocol_providing_for_a_release_are_steps():
    memoranda = ("At the Istanbul talks on Monday, the two sides exchanged written memoranda setting out their "
                 "conditions for a settlement.")
    assert "proposal" in {e["subtype"] for e in events_of(memoranda, "negotiation")}
    habit = "Each side has put forward memoranda setting out its conditions, and they turned out to be mirror images."
    assert not events_of(habit, "negotiation")
    protocol = ("Representatives of Kinshasa and the AFC/M23 signed a protocol in Doha on Friday providing for the "
                "release of detainees held by both sides.")
    assert [e["subtype"] for e in events_of(protocol, "negotiation")] == ["agreement"]


def test_a_night_between_two_days_is_dated_by_the_day_it_ended():
    got = dates.resolve("Air defences shot down 23 drones flying towards Moscow between 23:00 on Tuesday and 05:00 "
                        "on Wednesday, the mayor wrote.", PUB, load())
    assert got is not None and got.value == date(2026, 12, 2)
    strike = dates.resolve("Insurers are still assessing damage from the November 14 strike on the refinery.", PUB,
                           load())
    assert strike is not None and strike.value == date(2026, 11, 14)


def test_arms_control_talks_are_another_domain():
    arms = "Russia and the United States held talks on strategic stability and arms control in Geneva on Monday."
    assert not events_of(arms, "negotiation")
    war = ("Russian and Ukrainian delegations met in Istanbul on Monday and agreed on a ceasefire, while the US and "
           "Russia discussed arms control.")
    assert {e["subtype"] for e in events_of(war, "negotiation")} == {"talks_held", "ceasefire"}
