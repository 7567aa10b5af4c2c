"""Commentary round (seeds and dev_r/dev_s; engine 2026.12.34): each rule beside the look-alike it must not catch.

dev_r and dev_s were written blind to look like the seed articles: news hooks wrapped in speculation,
columns, interviews and translated commentary. Texts here are written from the rule, not copied from
the tuning files or the seeds. PUB (rule_helpers) is Thursday 2026-12-03."""

from __future__ import annotations

import pytest

from tests.tagger.rule_helpers import events_of


@pytest.mark.parametrize(("excepted", "negated"), [
    ("Beyond a handful of vague statements, the talks in Doha on Monday produced nothing except an agreement "
     "to exchange 300 detainees.",
     "The talks in Doha on Monday produced no agreement to exchange detainees."),
    ("At the meeting in Istanbul on Monday, little of substance was agreed apart from another swap of prisoners.",
     "At the meeting in Istanbul on Monday, the sides did not agree on another swap of prisoners."),
    ("The round in Geneva on Monday ended without a breakthrough beyond a deal to swap the bodies of fallen "
     "soldiers.",
     "The round in Geneva on Monday ended without a deal to swap the bodies of fallen soldiers."),
])
def test_a_step_named_as_the_exception_to_nothing_agreed_is_agreed(excepted: str, negated: str) -> None:
    assert [e["subtype"] for e in events_of(excepted, "negotiation")] == ["prisoner_exchange"]
    assert not [e for e in events_of(negated, "negotiation") if e["subtype"] == "prisoner_exchange"]


def test_the_dead_of_the_war_name_its_sides_and_a_round_names_the_venue() -> None:
    got = events_of("The round in Vienna on Monday ended with a deal to swap the bodies of fallen servicemen.",
                    "negotiation")
    assert [(e["subtype"], e["location"]["place"]) for e in got] == [("prisoner_exchange", "Vienna")]
    assert not events_of("The council said the bodies of the flood victims were returned to their families on "
                         "Monday.", "negotiation")


def test_a_round_of_exchanges_is_no_round_of_talks() -> None:
    swaps = events_of("The latest round of exchanges took place near Sumy on Monday, with 120 prisoners freed by "
                      "each side.", "negotiation")
    assert [e["subtype"] for e in swaps] == ["prisoner_exchange"]
    talks = events_of("The latest round of talks took place in Doha on Monday.", "negotiation")
    assert [e["subtype"] for e in talks] == ["talks_held"]


def test_hitting_is_a_hit() -> None:
    through = events_of("Air defences downed 35 drones overnight, but several got through, hitting a substation in "
                        "Poltava.", "drone_strike")
    assert [(e["subtype"], e["location"]["place"]) for e in through] == [("attack", "Poltava")]
    traded = events_of("Russia and Ukraine traded heavy drone strikes overnight, hitting Kharkiv and Kursk.",
                       "drone_strike")
    assert sorted(e["location"]["place"] for e in traded) == ["Kharkiv", "Kursk"]
    downed = events_of("Air defences downed 35 drones overnight over Poltava, the air force said.", "drone_strike")
    assert [e["subtype"] for e in downed] == ["interception_claim"]


def test_a_list_flattened_onto_one_line_is_one_sentence_per_item() -> None:
    from transform.tagger.resources import load
    from transform.tagger.sentences import split

    line = "- Two ships were sunk near Sevastopol. - Talks resume in Geneva on Monday. - Prices rose."
    assert [s.text for s in split(line, load())] == [
        "- Two ships were sunk near Sevastopol.", "Talks resume in Geneva on Monday.", "Prices rose."]
    # A dash inside a sentence is no bullet: "The talks - the first in months - ended."
    assert len(split("The talks - the first in months - ended on Monday. Prices rose.", load())) == 2


@pytest.mark.parametrize(("allies", "talks"), [
    ("Zelensky met President Joe Biden in the Oval Office on Tuesday to plead for more air defence.",
     "Zelensky met President Trump in the Oval Office on Tuesday to discuss a ceasefire."),
    ("Kuleba held talks with Antony Blinken in Washington on Monday on the next aid package.",
     "Kuleba held talks with Lavrov in Antalya on Monday, with the Turkish foreign minister in the chair."),
])
def test_the_2021_2025_us_administration_is_kyivs_backer_not_a_go_between(allies: str, talks: str) -> None:
    assert not events_of(allies, "negotiation")
    assert [e["subtype"] for e in events_of(talks, "negotiation")] == ["talks_held"]


def test_envoys_and_ministers_are_named_for_their_side() -> None:
    got = events_of("On March 10, Dmytro Kuleba and Sergei Lavrov met in Antalya with Mevlut Cavusoglu in the chair.",
                    "negotiation")
    assert [(e["subtype"], e["location"]["place"]) for e in got] == [("talks_held", "Antalya")]
    assert not events_of("On March 10, Dmytro Kuleba met his Polish counterpart in Rzeszow to discuss grain transit.",
                         "negotiation")


def test_leaders_of_several_eu_countries_are_one_sides_allies() -> None:
    assert not events_of("A meeting of leaders from several EU countries and Britain in Paris on Monday produced no "
                         "common position on a ceasefire force.", "negotiation")
    assert events_of("A meeting of Russian and Ukrainian delegations in Istanbul on Monday produced no common "
                     "position on a ceasefire.", "negotiation")


def test_the_call_a_meeting_followed_is_a_step_of_its_own() -> None:
    text = ("Russian and US delegations met in Riyadh on Tuesday. The meeting followed a long phone call between "
            "Trump and Putin on February 12.")
    got = events_of(text, "negotiation")
    assert sorted(e["event_date"] for e in got) == ["2026-02-12", "2026-12-01"]
    same = ("Russian and US delegations met in Riyadh on Tuesday. The meeting lasted four hours, and the sides "
            "agreed to restore embassy staff.")
    assert len([e for e in events_of(same, "negotiation") if e["subtype"] == "talks_held"]) == 1


@pytest.mark.parametrize(("call", "no_call"), [
    ("Trump called Ukrainian President Volodymyr Zelensky on Tuesday to brief him on the envoy's visit.",
     "Zelensky called Putin a war criminal on Tuesday."),
    ("Putin phoned Trump on Tuesday and told him about the attack.",
     "Kyiv denied the attack on Tuesday and called the Russian claims 'absurd'."),
    ("Erdogan, who spoke with Putin on Tuesday, offered again to host the talks.",
     "Lavrov spoke to Turkish media on Tuesday about the talks."),
    ("On Tuesday the two presidents talked for about two hours.",
     "The French and German leaders spoke to Trump by phone on Tuesday."),
])
def test_a_call_between_the_sides_or_with_the_mediator_is_talks_held(call: str, no_call: str) -> None:
    got = events_of(call, "negotiation")
    assert [(e["subtype"], e["location"]) for e in got] == [("talks_held", None)]
    assert not events_of(no_call, "negotiation")


def test_a_call_has_no_venue() -> None:
    got = events_of("Trump called Zelensky on Tuesday from his plane back to Washington.", "negotiation")
    assert [(e["subtype"], e["location"]) for e in got] == [("talks_held", None)]


def test_the_step_before_a_hedged_one_is_the_step_reported() -> None:
    deal = ("On Monday in Cairo, the mediators announced that the two sides had agreed to a truce in two phases, "
            "during which 20 captives would be released in exchange for 200 prisoners.")
    assert "ceasefire" in {e["subtype"] for e in events_of(deal, "negotiation")}
    answer = ("The army chief rejected the proposal in a speech on Monday, saying the army would not accept any truce "
              "that left the militia in the cities.")
    assert not events_of(answer, "negotiation")


def test_an_undated_refusal_of_a_plan_is_no_proposal() -> None:
    assert not events_of("The army-led government rejected parts of the plan, objecting to a role for the UAE, which "
                         "it accuses of arming the RSF.",
                         "negotiation")
    assert events_of("The mediators handed both sides a revised plan in Jeddah on Monday.", "negotiation")


@pytest.mark.parametrize(("step", "not_step"), [
    ("Medinsky said Moscow had offered a ceasefire of two to three days on parts of the front to collect the dead.",
     "The Pope has called for a ceasefire of at least three days over Christmas."),
    ("The RSF said it had accepted a three-month humanitarian truce proposed by the mediators.",
     "The spokesperson said the aim was to agree a three-month humanitarian truce before the rainy season."),
])
def test_a_truce_of_stated_length_is_singled_out(step: str, not_step: str) -> None:
    assert [e["subtype"] for e in events_of(step, "negotiation")] == ["ceasefire"]
    assert not events_of(not_step, "negotiation")


def test_days_of_talks_are_one_round_not_many() -> None:
    got = events_of("In April 2023, a Saudi delegation held several days of talks with Houthi leaders in Sanaa.",
                    "negotiation")
    assert [(e["subtype"], e["location"]["place"]) for e in got] == [("talks_held", "Sanaa")]
    assert not events_of("Saudi and Houthi delegations have held several rounds of talks since 2022.", "negotiation")


def test_strikes_named_as_what_is_banned_or_refused_are_no_strike() -> None:
    assert not events_of("Monitoring a ban on long-range drone strikes would need trust that does not exist.",
                         "drone_strike")
    assert not events_of("On Sunday, Zelensky proposed refusing strikes with long-range drones on civilian sites for "
                         "thirty days.", "drone_strike")
    assert events_of("Russian drones struck Odesa on Sunday, ending a pause in attacks on the port.", "drone_strike")


@pytest.mark.parametrize(("reference", "report"), [
    ("Trump, who had praised the prisoner exchange on Friday, wrote on Sunday that Putin had gone too far.",
     "Russia and Ukraine carried out a prisoner exchange on Friday, freeing 300 men each."),
    ("The exchange was the main concrete result of the direct talks that Russia and Ukraine resumed recently.",
     "Russia and Ukraine resumed direct talks in Istanbul on Friday."),
    ("Russian and Ukrainian delegations had been expected to travel to Doha this month for indirect talks.",
     "Russian and Ukrainian delegations are expected to travel to Doha this month for indirect talks."),
    ("Netanyahu told ministers during the overnight cabinet meeting that the war would resume after the pause.",
     "Israeli and Hamas negotiators held an overnight meeting in Doha with the mediators."),
])
def test_reactions_results_past_plans_and_cabinet_meetings_report_no_step(reference: str, report: str) -> None:
    assert not events_of(reference, "negotiation")
    assert events_of(report, "negotiation")


def test_an_allys_envoy_received_as_go_between_is_talks_held() -> None:
    got = events_of("China's special envoy Li Hui was received by Sergei Lavrov in Moscow on Friday.", "negotiation")
    assert [(e["subtype"], e["location"]["place"]) for e in got] == [("talks_held", "Moscow")]
    assert not events_of("Xi Jinping met Putin in Moscow on Friday.", "negotiation")
    assert not events_of("The wounded were received by doctors in Kyiv on Friday.", "negotiation")


def test_hours_of_talks_and_a_call_before_a_hedged_truce() -> None:
    long = events_of("On Tuesday, Rubio and Lavrov held four and a half hours of talks in Riyadh.", "negotiation")
    assert [(e["subtype"], e["location"]["place"]) for e in long] == [("talks_held", "Riyadh")]
    call = events_of("On Saturday, Pakistan's military operations chief called his Indian counterpart, and the two "
                     "agreed that both sides would stop all firing.", "negotiation")
    assert "talks_held" in {e["subtype"] for e in call}


def test_analysts_expecting_strikes_report_none() -> None:
    assert not events_of("Analysts expect Russia to step up drone attacks on the power grid as temperatures fall.",
                         "drone_strike")
    assert events_of("Russian drones attacked the power grid in Kharkiv overnight, officials said.", "drone_strike")


def test_two_calls_with_different_sides_are_two_steps() -> None:
    text = ("On Wednesday, Trump and Putin spoke by telephone for about ninety minutes. Trump then called Zelensky "
            "the same afternoon to brief him.")
    assert [e["subtype"] for e in events_of(text, "negotiation")] == ["talks_held", "talks_held"]
    same = ("On Wednesday, Trump and Putin spoke by telephone for about ninety minutes. The Kremlin said the call "
            "had been frank and useful.")
    assert [e["subtype"] for e in events_of(same, "negotiation")] == ["talks_held"]


@pytest.mark.parametrize(("practice", "incident"), [
    ("Around El Fasher, drones are used alongside artillery against a population that has nowhere to go.",
     "Around El Fasher, drones struck a market on Monday, killing 12 people."),
    ("The Houthis began attacking ships in the Red Sea and launching drones towards Israel.",
     "The Houthis launched drones at a tanker in the Red Sea on Monday."),
    ("Western intelligence services estimate that Iran has sent several hundred Shaheds to Russia so far.",
     "Russia sent 120 Shaheds against Ukraine overnight, the air force said."),
])
def test_practices_campaign_starts_and_records_to_date_are_no_incident(practice: str, incident: str) -> None:
    assert not events_of(practice, "drone_strike")
    assert events_of(incident, "drone_strike")


@pytest.mark.parametrize(("not_step", "step"), [
    ("The ministry recalled that the BRICS summit will open in Kazan next week.",
     "The ministry said Russian and Ukrainian delegations will meet in Istanbul next week."),
    ("African leaders are to attend the Russia-Africa summit in St Petersburg next week.",
     "Russian and Ukrainian delegations will meet in St Petersburg next week for a new round of talks."),
    ("Both delegations agreed to conclude the agreement on Ukraine's critical minerals as soon as possible.",
     "Both delegations agreed to exchange 300 prisoners as soon as possible."),
    ("The administration had set a deadline for Moscow to agree a ceasefire or face secondary sanctions.",
     "On Monday, Moscow agreed to a 30-day ceasefire on energy strikes."),
    ("At Tuesday's briefing, he said the terms include the release of ten hostages per day in exchange for thirty "
     "prisoners.",
     "On Tuesday ten hostages were released in exchange for thirty prisoners, the mediators said."),
])
def test_forums_minerals_deadlines_and_terms_are_no_step(not_step: str, step: str) -> None:
    assert not events_of(not_step, "negotiation")
    assert events_of(step, "negotiation")


def test_a_takeaways_item_joins_the_event_it_restates_whatever_its_day() -> None:
    text = ("Israel and Hezbollah agreed on Tuesday to a 60-day ceasefire brokered by Washington and Paris.\n\n"
            "Key Takeaways\n\n- A 60-day ceasefire between Israel and Hezbollah began on Wednesday.\n"
            "- Russian drones hit Kharkiv overnight, injuring four people.")
    assert [e["subtype"] for e in events_of(text, "negotiation")] == ["ceasefire"]
    # An item that restates nothing told in the story (a live page's key points) still reports its own event.
    assert [e["location"]["place"] for e in events_of(text, "drone_strike")] == ["Kharkiv"]


def test_attacks_that_paused_are_no_attack() -> None:
    assert not events_of("Shahed attacks paused overnight, but shelling continued.", "drone_strike")
    assert events_of("Shahed attacks resumed overnight, hitting Kharkiv.", "drone_strike")


@pytest.mark.parametrize(("etype", "text", "look_alike"), [
    ("negotiation",
     "That arrangement, signed in Istanbul on July 22, 2022, by Russia and Ukraine, let grain ships sail.",
     "Analysts say any arrangement on grain would need guarantees from Turkey."),
    ("negotiation", "The previous swap, on August 7, 2023, brought home 22 Ukrainian soldiers.",
     "Each swap brings hope to families of soldiers still held in Russia."),
    ("drone_strike", "In Lviv, drones set a warehouse complex on fire on Friday morning, the mayor said.",
     "In Lviv, firefighters put out a fire at a warehouse complex on Friday morning, the mayor said."),
    ("drone_strike", "Early on February 1, the unit used uncrewed boats to sink a missile corvette near Donuzlav Bay.",
     "Ukraine wants to sink the Black Sea Fleet with uncrewed boats."),
])
def test_arrangements_swaps_that_bring_men_home_fires_and_sinkings(etype: str, text: str, look_alike: str) -> None:
    assert events_of(text, etype)
    assert not events_of(look_alike, etype)


@pytest.mark.parametrize(("not_step", "step"), [
    ("Kyiv's advisers are preparing for a meeting with partners in Davos this month that Russia will not attend.",
     "Kyiv's advisers met Russian envoys in Geneva on Monday."),
    ("The Summit on Peace in Ukraine ended on Sunday with a communique backed by around 80 countries.",
     "The talks between Russia and Ukraine ended on Sunday with a joint communique."),
    ("Kyiv will want a detailed account of the Moscow talks from the American envoys.",
     "The American envoys will hold talks in Moscow on Thursday."),
    ("The EU is due to decide on opening accession negotiations with Ukraine this week.",
     "Russia and Ukraine are due to open negotiations in Istanbul this week."),
    ("The document, drafted by Witkoff with input from Dmitriev, would require Ukraine to cap its army and to "
     "exchange all prisoners.",
     "Witkoff handed the revised peace plan to Zelensky in Kyiv on Thursday."),
])
def test_absent_sides_peace_summits_accounts_accession_and_plan_contents_are_no_step(not_step: str, step: str) -> None:
    assert not events_of(not_step, "negotiation")
    assert events_of(step, "negotiation")


def test_until_now_with_the_perfect_is_a_record() -> None:
    assert not events_of("Until now, drone attacks on Moscow have mostly involved a handful of aircraft.",
                         "drone_strike")
    assert events_of("Drone attacks on Moscow overnight involved 34 aircraft, the mayor said.", "drone_strike")


@pytest.mark.parametrize(("step", "not_step"), [
    ("On Monday evening the fourth exchange took place: eleven hostages were released from Gaza and 33 women were "
     "freed from Israeli prisons.",
     "He released one hostage in the afternoon in exchange for food and water, and surrendered at 9 p.m."),
    ("The CIA director and the head of the Mossad are in Doha today for meetings with Qatar's prime minister on "
     "extending the pause.",
     "After a series of separate meetings between US envoys and each side in late 2025, Washington pushed for a "
     "three-way format."),
])
def test_hostages_and_meetings(step: str, not_step: str) -> None:
    assert events_of(step, "negotiation")
    assert not events_of(not_step, "negotiation")


def test_a_venue_proposed_in_a_statement_is_no_venue() -> None:
    got = events_of("Shortly after midnight on Sunday, Putin proposed in a televised statement that Russia and "
                    "Ukraine resume the direct negotiations interrupted in 2022, in Istanbul on Thursday.",
                    "negotiation")
    assert [(e["subtype"], e["location"]) for e in got] == [("proposal", None)]


def test_a_lunch_that_was_cancelled_does_not_cancel_the_talks() -> None:
    held = events_of("On Friday in Anchorage, Trump and Putin talked for nearly three hours, first with aides and then "
                     "over a working lunch that was cancelled at the last minute.", "negotiation")
    assert [(e["subtype"], e["location"]["place"]) for e in held] == [("talks_held", "Anchorage")]
    assert not events_of("The meeting between Trump and Putin in Budapest, planned for Friday, was cancelled at the "
                         "last minute.", "negotiation")


def test_the_northern_alliance_is_a_side_and_a_thousand_is_a_number() -> None:
    talks = events_of("The Myanmar military and the three armed groups of the Northern Alliance held peace talks in "
                      "Kunming on Wednesday.", "negotiation")
    assert [(e["subtype"], e["location"]["place"]) for e in talks] == [("talks_held", "Kunming")]
    swap = events_of("The only concrete result of the meeting was an agreement to exchange a thousand prisoners of "
                     "war for a thousand.", "negotiation")
    assert [e["subtype"] for e in swap] == ["prisoner_exchange"]


def test_numbered_takeaways_join_their_own_day_first() -> None:
    text = ("Russian drones struck port facilities in Izmail overnight into Monday, injuring two people.\n\n"
            "A peace deal was initialled in Washington on Friday.\n\n"
            "Key Takeaways\n\n1. Russian drones hit the Danube port of Izmail overnight. 2. A peace deal was "
            "initialled in Washington on Friday.")
    assert len(events_of(text, "drone_strike")) == 1
    assert [e["location"]["place"] for e in events_of(text, "negotiation")] == ["Washington"]


@pytest.mark.parametrize(("opinion", "report"), [
    ("Zakharova commented on the 'victory plan' presented by Zelensky.",
     "Zelensky presented the 'victory plan' to Russian envoys in Istanbul on Monday."),
    ("Pessimists note that the delegations in Jeddah are military ones, negotiating only the terms of a truce.",
     "Army and RSF delegations in Jeddah negotiated the terms of a truce on Monday, the mediators said."),
])
def test_comments_on_a_plan_and_pessimists_notes_are_no_step(opinion: str, report: str) -> None:
    assert not events_of(opinion, "negotiation")
    assert events_of(report, "negotiation")


def test_the_talks_just_told_single_out_an_outcome_reached_at_them() -> None:
    got = events_of("At the recent talks, little of substance was agreed beyond a prisoner swap.", "negotiation")
    assert [e["subtype"] for e in got] == ["prisoner_exchange"]
    assert not events_of("Prisoner swaps are often agreed at such talks.", "negotiation")
    assert not events_of("The United States, which brokered the initial ceasefire, has an observer at the talks.",
                         "negotiation")


@pytest.mark.parametrize(("text", "place"), [
    ("Russian and Ukrainian delegations met in the Dolmabahce Palace on Friday.", "Istanbul"),
    ("Zelensky met Trump in the Oval Office on Friday.", "Washington"),
])
def test_landmark_venues_resolve_to_their_city(text: str, place: str) -> None:
    assert [e["location"]["place"] for e in events_of(text, "negotiation")] == [place]


def test_belarus_regions_and_gomel_are_in_the_gazetteer() -> None:
    got = events_of("A drone crashed near a house in Gomel on Friday, the regional authorities said.", "drone_strike")
    assert [(e["location"]["place"], e["location"]["admin1"]) for e in got] == [("Gomel", "Gomel Region")]


def test_a_verb_between_a_meeting_and_a_city_puts_the_strike_there() -> None:
    got = events_of("On Saturday, the day before the meeting, Russia attacked Kyiv with around 500 drones.",
                    "drone_strike")
    assert [e["location"]["place"] for e in got] == ["Kyiv"]


def test_two_named_days_of_one_step_date_it_by_the_first() -> None:
    # PUB is Thursday 2026-12-03.
    talks = events_of("On Monday and Tuesday, Russian and Ukrainian delegations met in Abu Dhabi.", "negotiation")
    assert [e["event_date"] for e in talks] == ["2026-11-30"]
    night = events_of("On the night of Monday to Tuesday, Russian drones hit Kyiv.", "drone_strike")
    assert [e["event_date"] for e in night] == ["2026-12-01"]


def test_talks_in_a_leading_time_clause_take_no_city_from_the_main_clause() -> None:
    talks = events_of("As the talks opened on Friday, Russian drones struck energy facilities in Kyiv.", "negotiation")
    assert [(e["subtype"], e["location"]) for e in talks] == [("talks_held", None)]
    venue = events_of("As delegations met in Geneva on Friday, Russian drones struck Kyiv.", "negotiation")
    assert [e["location"]["place"] for e in venue] == ["Geneva"]


@pytest.mark.parametrize(("not_step", "step"), [
    ("China's foreign minister called on Saturday for all parties in the Ukraine war to return to the table, after a "
     "phone call with his Turkish counterpart.",
     "Turkey's foreign minister held a phone call with Lavrov on Saturday about a new round of talks."),
    ("Envoys of the Quad - the United States, Saudi Arabia, the UAE and Egypt - met in Washington on Monday to "
     "discuss a truce plan.",
     "The two delegations will return to Jeddah later this month for negotiations on a truce, the Saudi and US "
     "foreign ministries said."),
    ("Leaders of the Group of 20 called on Monday for a just and lasting peace in Ukraine, in a declaration that "
     "avoided naming Russia, after a summit in Johannesburg.",
     "Russian and Ukrainian delegations met on the sidelines of a summit in Istanbul on Monday."),
    ("Sybiha said on Monday he saw little reason to expect a ceasefire from the next round of talks.",
     "Sybiha said on Monday the next round of talks would be held in Geneva on Friday."),
    ("Since mid-August, the debate over Ukraine has shifted from ceasefire terms to security guarantees.",
     "Since mid-August, the two sides have agreed a ceasefire on energy strikes, officials said on Monday."),
])
def test_go_betweens_among_themselves_declarations_expectations_and_shifted_debates(not_step: str, step: str) -> None:
    assert not events_of(not_step, "negotiation")
    assert events_of(step, "negotiation")


def test_an_explainers_headline_reports_no_step() -> None:
    assert not events_of("Ceasefire in the air and at sea: what Zelensky proposed and what Moscow said",
                         "negotiation", title="Ceasefire in the air and at sea: what Zelensky proposed")


@pytest.mark.parametrize(("step", "not_step"), [
    ("Witkoff, Trump's special envoy, is expected in Moscow later this week, people familiar with the plans said.",
     "The EU envoy is expected in Brussels next week."),
    ("The previous exchange, on August 14, returned 84 Ukrainians, including 33 civilians.",
     "The previous census, on August 14, counted 84 Ukrainians in the village."),
    ("A round hosted by Switzerland in August 2024 went ahead with the RSF and the mediators.",
     "The harvest festival in Switzerland went ahead in August 2024."),
    ("Zelensky said he had held a long and substantive conversation with Trump by phone early on Saturday.",
     "Zelensky said he had held a long conversation with his generals early on Saturday."),
])
def test_envoys_expected_exchanges_that_returned_people_rounds_that_went_ahead_and_conversations(
        step: str, not_step: str) -> None:
    assert events_of(step, "negotiation")
    assert not events_of(not_step, "negotiation")


@pytest.mark.parametrize(("not_strike", "strike"), [
    ("HIMARS rockets hit a launch site used for Shahed drones near Donetsk on Monday, the general staff said.",
     "Shahed drones hit a launch site near Donetsk on Monday, the general staff said."),
    ("Russia has continued its offensive in the Donetsk region and its drone and missile attacks on Ukrainian cities.",
     "Russia continued its drone attacks on Kharkiv overnight, injuring three people, the governor said."),
    ("A Russian drone flew into Polish airspace on Monday, the Polish army said.",
     "A Russian drone flew into a block of flats in Kharkiv on Monday, the mayor said."),
])
def test_launch_sites_continued_campaigns_and_airspace(not_strike: str, strike: str) -> None:
    assert not events_of(not_strike, "drone_strike")
    assert events_of(strike, "drone_strike")


def test_talks_joined_are_the_talks_told_before_and_a_step_named_first_keeps_the_next_one() -> None:
    joined = ("Israeli and Hamas negotiators held indirect talks in Sharm el-Sheikh on Monday. Witkoff and Kushner "
              "joined the talks on Wednesday.")
    assert [e["subtype"] for e in events_of(joined, "negotiation")] == ["talks_held"]
    also = ("At talks in Istanbul on Saturday, Ukraine and Russia agreed to exchange 1,000 prisoners of war each. "
            "Apart from the prisoner exchange, the two sides agreed to hand over the bodies of soldiers killed in "
            "action.")
    assert [e["subtype"] for e in events_of(also, "negotiation")].count("prisoner_exchange") == 2
    assert not events_of("In Kyiv, families of prisoners of war welcomed the new exchange agreement.", "negotiation")


@pytest.mark.parametrize(("step", "not_step"), [
    ("Medinsky said Russia had proposed short ceasefires of 24 to 48 hours on parts of the front line.",
     "Ceasefires have repeatedly collapsed in Sudan."),
    ("Moscow had offered short truces of 24 to 48 hours on the front line, Medinsky said.",
     "Previous truces in Sudan lasted only hours."),
])
def test_truces_in_the_plural_are_truces(step: str, not_step: str) -> None:
    assert [e["subtype"] for e in events_of(step, "negotiation")] == ["ceasefire"]
    assert not events_of(not_step, "negotiation")


def test_talks_since_a_weekday_with_go_betweens_shuttling_between_the_delegations() -> None:
    text = ("Negotiators have been holding indirect talks in Sharm el-Sheikh since Monday, with Egyptian, Qatari and "
            "Turkish officials shuttling between the delegations.")
    assert [(e["subtype"], e["location"]["place"]) for e in events_of(text, "negotiation")] == [
        ("talks_held", "Sharm el-Sheikh")]
    assert not events_of("Egyptian, Qatari and Turkish officials have met in Cairo since Monday to coordinate.",
                         "negotiation")


def test_a_drone_that_crashed_in_a_field_hit_nothing() -> None:
    assert not events_of("A drone crashed in a field near the village of Ocnita in Moldova on Wednesday without "
                         "exploding.", "drone_strike")
    assert events_of("A Russian drone crashed into a house in Kharkiv on Wednesday, injuring two.", "drone_strike")


@pytest.mark.parametrize(("not_strike", "strike"), [
    ("14:45 - An analyst said Russia had launched more than 5,000 long-range drones at Ukraine in May, a monthly "
     "record.",
     "14:45 - The air force said Russia had launched 120 long-range drones at Ukraine overnight, hitting Kyiv."),
    ("An air strike near Jouaiyya on Tuesday killed a Hezbollah commander responsible for the group's drone launches.",
     "A Hezbollah drone struck a house near Metula on Tuesday, killing a farmer."),
    ("Major Koval commands a drone battalion in one of the assault brigades fighting in the Donetsk region.",
     "A drone battalion's FPV drones struck a Russian depot near Horlivka on Monday, the brigade said."),
    ("European countries could learn from the interceptor drones that Ukraine uses against Russian attack drones.",
     "Russian attack drones struck Lviv on Monday, injuring four people."),
    ("Drone footage published on Wednesday purported to show Russian FPV drones destroying armoured vehicles near "
     "Avdiivka.",
     "Russian FPV drones destroyed two armoured vehicles near Avdiivka on Wednesday, the ministry said."),
])
def test_month_totals_commanders_units_practices_and_footage_are_no_strike(not_strike: str, strike: str) -> None:
    assert not events_of(not_strike, "drone_strike")
    assert events_of(strike, "drone_strike")


@pytest.mark.parametrize(("not_step", "step"), [
    ("Welcome to our live coverage of the drone industry forum in Kyiv, where manufacturers and officials are "
     "meeting.",
     "Welcome to our live coverage of the talks in Istanbul, where Russian and Ukrainian delegations are meeting."),
    ("The United States and France have been working on a proposal for a ceasefire in Lebanon, diplomats said.",
     "The United States and France handed Israel and Lebanon a proposal for a ceasefire on Monday, diplomats said."),
    ("Some European navies have signed agreements with Ukrainian manufacturers for joint development of sea drones.",
     "Russia and Ukraine signed agreements with Turkey and the UN on grain exports in Istanbul on July 22, 2022."),
    ("The document commits both sides to halt attacks on power plants for an initial period of 90 days.",
     "Both sides agreed on Monday to halt attacks on power plants for an initial period of 90 days."),
])
def test_forums_work_in_progress_deals_with_manufacturers_and_a_texts_commitments(not_step: str, step: str) -> None:
    assert not events_of(not_step, "negotiation")
    assert events_of(step, "negotiation")
