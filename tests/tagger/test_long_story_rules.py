"""Long-story round (dev_i, whole wire stories; engine 2026.12.19; calls after meetings, 2026.12.36): each
rule beside the look-alike it must not catch. Texts written here from the rule, not copied from the tuning file.

PUB (rule_helpers) is Thursday 2026-12-03."""

from __future__ import annotations

import pytest

from tests.tagger.rule_helpers import events_of


def _dates(text: str, etype: str = "negotiation") -> list[str]:
    return sorted(e["event_date"] for e in events_of(text, etype))


def test_a_step_recounted_from_last_year_is_not_merged_into_todays():
    # The lead has no date of its own (the day is the statement's): it is the article's news, and a truce
    # dated a year earlier is another step, not more detail on this one.
    text = ("Russia and Ukraine have agreed to a 72-hour truce over the New Year holiday, the Turkish foreign "
            "ministry said on Thursday.\n\n"
            "A year ago, Moscow declared a unilateral Christmas truce on January 6, which both sides accused each "
            "other of breaking within hours.")
    assert _dates(text) == ["2026-01-06", "2026-12-03"]


def test_a_dated_mention_within_the_week_stays_the_leads_step():
    text = ("Ukraine and Russia have exchanged 150 prisoners of war each, the coordination headquarters said.\n\n"
            "The exchange on Tuesday was mediated by the United Arab Emirates, the headquarters added.")
    assert len(events_of(text, "negotiation")) == 1


def test_two_months_apart_are_two_ceasefires_one_month_and_a_day_in_it_one():
    apart = ("China brokered a ceasefire between the junta and the rebel alliance in Kunming in January 2024.\n\n"
             "The alliance agreed a new ceasefire with the junta in Kunming in March 2025.")
    assert _dates(apart) == ["2024-01-01", "2025-03-01"]
    inside = ("China brokered a ceasefire between the junta and the rebel alliance in Kunming in March 2025.\n\n"
              "The ceasefire between the junta and the alliance was agreed in Kunming on March 14, 2025.")
    assert len(events_of(inside, "negotiation")) == 1


def test_a_strike_recounted_from_an_earlier_year_is_its_own_event():
    text = ("Ukrainian naval drones struck a Russian patrol boat near Novorossiysk overnight, the navy said on "
            "Thursday.\n\n"
            "In March 2024, naval drones struck a Russian patrol ship near Novorossiysk in a similar raid.")
    assert _dates(text, "drone_strike") == ["2024-03-01", "2026-12-03"]


def test_sinking_and_disabling_a_ship_are_attack_verbs():
    sank = events_of("Ukrainian naval drones sank a Russian landing ship near Feodosia on Tuesday night, the navy "
                     "said.", "drone_strike")
    assert [(e["subtype"], e["location"]["place"]) for e in sank] == [("sea_drone_attack", "Feodosia")]
    disabled = events_of("Ukrainian sea drones disabled two tankers near Novorossiysk on Sunday, the security "
                         "service said.", "drone_strike")
    assert [e["location"]["place"] for e in disabled] == ["Novorossiysk"]
    # The look-alike: a ship that sank with no drone doing it is no drone strike.
    assert not events_of("A Russian landing ship sank near Feodosia on Tuesday after a fire in its engine room, "
                         "the navy said.", "drone_strike")


def test_parts_of_a_city_are_not_drone_parts():
    # "parts of" reads as components of drones only when the words before the drone noun are its
    # modifiers, not a place and a clause ("parts of Odesa after Russian drones struck").
    struck = events_of("Power was knocked out in parts of Odesa after Russian drones struck a substation on Sunday.",
                       "drone_strike")
    assert [e["location"]["place"] for e in struck] == ["Odesa"]
    assert not events_of("Spare parts of Iranian attack drones were found in a warehouse in Kyiv on Sunday.",
                         "drone_strike")


def test_last_year_after_a_date_moves_it_to_the_year_before_publication():
    day = events_of("On October 4 last year, a drone strike on a train at the station in Shostka injured 30 people.",
                    "drone_strike")
    assert [(e["event_date"], e["date_precision"]) for e in day] == [("2025-10-04", "day")]
    month = events_of("In October last year, a drone strike on a train in Shostka injured 30 people.", "drone_strike")
    assert [(e["event_date"], e["date_precision"]) for e in month] == [("2025-10-01", "month")]
    # The look-alike: without the phrase, a date two months back is this year's.
    plain = events_of("On October 4, a drone strike on a train at the station in Shostka injured 30 people.",
                      "drone_strike")
    assert [e["event_date"] for e in plain] == ["2026-10-04"]


def test_would_after_a_reporting_verb_is_a_plan_even_past_a_quote_and_an_adverb():
    text = ('Peskov said the talks had been "constructive" and that the delegations would meet again in Geneva in '
            "January.")
    assert [(e["subtype"], e["location"]["place"]) for e in events_of(text, "negotiation")] == [
        ("talks_scheduled", "Geneva")]
    # The look-alike: a condition keeps "would" hypothetical.
    assert not events_of("Peskov said the delegations would meet again in Geneva if Kyiv accepted the terms.",
                         "negotiation")


def test_footage_named_after_the_report_is_its_proof_not_its_subject():
    text = ("Ukrainian naval drones struck a Russian patrol ship near Sevastopol early on Wednesday, the navy said, "
            "releasing a video that it said showed the moment of impact.")
    assert [e["location"]["place"] for e in events_of(text, "drone_strike")] == ["Sevastopol"]
    # The look-alike: the sentence is about the footage (now also with six words before "showed").
    assert not events_of("Footage released by the navy on Wednesday showed naval drones striking a Russian patrol "
                         "ship near Sevastopol.", "drone_strike")


@pytest.mark.parametrize(("text", "look_alike"), [
    # A deal named with its date in a reduced relative clause is a recounted, concrete step ...
    ("A similar moratorium, agreed by Moscow and Kyiv through US mediation in March 2025, collapsed within a month.",
     # ... an undated one is background.
     "The grain deal, brokered by Turkey and the UN, allowed Ukraine to ship grain from its ports."),
    # A phase of a peace plan signed is a deal signed ...
    ("Israel and Hamas signed the first phase of the US-backed plan in Sharm el-Sheikh on October 9, 2025.",
     # ... a plan of another domain is not.
     "Defence ministers signed a plan on joint drone production in Brussels on Tuesday."),
])
def test_recounted_deals_and_signed_plan_phases(text: str, look_alike: str) -> None:
    assert [e["subtype"] for e in events_of(text, "negotiation")] == ["agreement"]
    assert not events_of(look_alike, "negotiation")


def test_an_ordinal_or_superlative_step_is_another_step_not_a_reference_back():
    text = ("Ukraine and Russia each freed 150 prisoners of war on Wednesday in a swap mediated by the United Arab "
            "Emirates, the coordination headquarters said.\n\n"
            "The largest exchange of the war, a 1,000-for-1,000 swap agreed at talks in Istanbul, was carried out "
            "over three days in May 2025.")
    assert _dates(text) == ["2025-05-01", "2026-12-02"]
    # The look-alike: a plain definite reference is the step just reported.
    same = ("Ukraine and Russia each freed 150 prisoners of war on Wednesday, the coordination headquarters said.\n\n"
            "The exchange, mediated by the United Arab Emirates, was the fourth this year.")
    assert len(events_of(same, "negotiation")) == 1


def test_a_step_placed_only_years_ago_is_background():
    assert not events_of("The last large exchange between the two sides was carried out several years ago with Red "
                         "Cross help, when nearly 900 prisoners were freed.", "negotiation")
    # The look-alike: the same step with its year is concrete (a bare year resolves to no date of its own).
    dated = events_of("The last large exchange between the two sides was carried out in 2019 with Red Cross help, "
                      "when nearly 900 prisoners were freed.", "negotiation")
    assert [e["subtype"] for e in dated] == ["prisoner_exchange"]


@pytest.mark.parametrize(("text", "look_alike"), [
    # A reconnaissance drone model as the target of an interceptor is no drone strike ...
    ("One interceptor rammed a Supercam drone that was directing artillery fire near Huliaipole on Tuesday.",
     # ... an attack drone that hits a town is.
     "A Russian attack drone rammed a minibus near Huliaipole on Tuesday, killing two people."),
    # What a launch site served for, undated, is background ...
    ("The General Staff said the site had been used to launch drones that struck cities in northern Ukraine.",
     # ... the same with a night is an attack.
     "The General Staff said drones launched from the site struck Sumy on Sunday night, killing one person."),
    # "in the past" names no time ...
    ("Russia has in the past launched more drones at Ukrainian cities as the summer approached.",
     # ... "in the past week" does.
     "In the past week, Russian drones struck Sumy three times, killing four people."),
])
def test_background_drone_mentions_in_long_stories(text: str, look_alike: str) -> None:
    assert not events_of(text, "drone_strike")
    assert len(events_of(look_alike, "drone_strike")) == 1


def test_a_sentence_about_the_allies_meeting_keeps_it_the_allies_meeting():
    text = ("Leaders of the coalition of the willing met in London on Wednesday to discuss a reassurance force for "
            "Ukraine.\n\n"
            "President Volodymyr Zelensky joined the meeting in person, his office said.\n\n"
            "The meeting took place as hopes faded for a new round of direct talks between Russia and Ukraine.")
    assert not events_of(text, "negotiation")
    # The look-alike: when the last meeting named is the warring sides', the definite reference is theirs.
    sides = ("Russian and Ukrainian delegations met in Istanbul on Wednesday, the Turkish foreign ministry said.\n\n"
             "The meeting took place as hopes faded for a broader ceasefire.")
    assert [e["subtype"] for e in events_of(sides, "negotiation")] == ["talks_held"]


def test_a_plan_handed_to_both_sides_is_a_step_not_an_intention():
    sent = events_of("Boulos said on Wednesday that Washington and its partners had sent both sides a revised plan for "
                     "a three-month humanitarian truce in Sudan.", "negotiation")
    assert [e["subtype"] for e in sent] == ["ceasefire"]
    # The look-alike: plans still being drawn up are an intention.
    assert not events_of("Washington and its partners are drawing up plans for a three-month humanitarian truce in "
                         "Sudan, Boulos said on Wednesday.", "negotiation")


def test_victim_nouns_are_whole_words_and_include_combatants():
    # "kid" inside "Kidal" once counted as the victims; "militants" was no victim noun at all.
    for text, killed in [
        ("A drone strike killed three suspected militants in North Waziristan on Tuesday, officials said.", 3),
        ("A drone strike killed four fighters near Kidal on Tuesday, the army said.", 4),
    ]:
        assert [e["counts"]["killed"] for e in events_of(text, "drone_strike")] == [killed]
    # The look-alike: a figure that counts no people is no toll.
    assert [e["counts"]["killed"] for e in events_of(
        "A drone strike hit three warehouses near Kidal on Tuesday, the army said.", "drone_strike")] == [None]


def test_a_step_on_the_agenda_is_a_topic_of_the_talks():
    held = "Russia and Ukraine held ceasefire talks in Istanbul on Monday, with a prisoner exchange on the agenda."
    assert [e["subtype"] for e in events_of(held, "negotiation")] == ["talks_held"]
    listed = ("The agenda of Monday's talks in Istanbul between Russian and Ukrainian delegations included a "
              "prisoner exchange.")
    assert "prisoner_exchange" not in [e["subtype"] for e in events_of(listed, "negotiation")]


def test_a_step_agreed_at_the_talks_is_still_its_own_event():
    text = "Russian and Ukrainian delegations met in Istanbul on Monday and agreed a prisoner exchange."
    assert sorted(e["subtype"] for e in events_of(text, "negotiation")) == ["prisoner_exchange", "talks_held"]


def _held(text: str) -> list[dict]:
    return [e for e in events_of(text, "negotiation") if e["subtype"] == "talks_held"]


def test_a_phone_call_after_a_meeting_is_a_step_of_its_own():
    # The meeting is in a room and the call is at a distance: the same day, but two steps (12th session).
    meeting = ("Russian and American delegations met in Riyadh on Wednesday for four hours of talks on a truce, "
               "the Saudi foreign ministry said.\n\n")
    for call in ("On his way back, the US envoy phoned Zelensky to brief him on the talks, Kyiv said.",
                 "Trump called Zelensky on Wednesday evening to tell him what had been discussed, Kyiv said.",
                 "Zelensky said he had spoken with Trump by phone after the talks and found the call useful."):
        assert len(_held(meeting + call)) == 2, call
    # "in a call" names no phone: the call is told by its noun.
    assert len(_held(meeting + "Zelensky and Trump held talks in a call on Wednesday evening, Kyiv said.")) == 2
    # The look-alikes: a sentence that only goes on about the meeting, one that calls *for* something, and
    # one that calls something by a name, add nothing.
    for more in ("The delegations met again after lunch and agreed to keep talking, the ministry said.",
                 "After the talks in Riyadh on Wednesday, Kyiv called for a full ceasefire, the ministry said.",
                 "Ukraine called Russia's demands unacceptable after the talks in Riyadh on Wednesday, Kyiv said."):
        assert len(_held(meeting + more)) == 1, more


def test_the_call_told_twice_stays_one_call():
    # A call first, then the call again: both sentences are at a distance, so they stay one step.
    text = ("Trump and Putin spoke by phone for two hours on Wednesday about a truce, the Kremlin said.\n\n"
            "During the call, the two presidents also discussed a prisoner exchange, Ushakov said.")
    assert len(_held(text)) == 1


def test_talks_in_a_named_city_after_a_call_are_a_step_of_their_own():
    call = "Trump phoned Putin on Monday morning, the Kremlin said.\n\n"
    talks = ("Later on Monday, Witkoff and Dmitriev held talks with Ukrainian officials in Riyadh, the Saudi "
             "foreign ministry said.")
    assert sorted((e["location"] or {}).get("place") or "" for e in _held(call + talks)) == ["", "Riyadh"]
    # The look-alike: a sentence with no venue goes on about the call.
    more = "The two presidents discussed a ceasefire and a prisoner exchange for more than an hour, Ushakov said."
    assert len(_held(call + more)) == 1


@pytest.mark.parametrize("text, date", [
    ("Trump said he would speak to Putin on Tuesday about a ceasefire, the White House said.", "2026-12-08"),
    ("Zelensky will talk with Trump again on Friday, his office said.", "2026-12-04"),
])
def test_a_call_arranged_for_a_day_is_scheduled_talks(text: str, date: str) -> None:
    got = events_of(text, "negotiation")
    assert [(e["subtype"], e["event_date"]) for e in got] == [("talks_scheduled", date)]


@pytest.mark.parametrize("text", [
    "Trump said he would talk to reporters on Friday.",  # no other side on the line
    "Putin said he would speak to the nation on Tuesday.",
    "Zelensky will speak to the nation on Friday about Russia's latest strikes.",  # a side named as a topic
    "Zelensky will talk to reporters on Friday about Putin's offer.",
    "Russia refuses to speak to Zelensky, Peskov said on Monday.",  # a refusal sets no call
    "Trump said he would speak to Putin if Russia agreed to a ceasefire.",  # a condition
    'Trump said he would speak to Putin "at some point".',  # no day
])
def test_speaking_that_arranges_no_call_is_no_step(text: str) -> None:
    assert events_of(text, "negotiation") == []


def test_the_other_sides_counter_offer_to_a_truce_is_a_step_of_its_own():
    lead = ("Putin declared a 30-hour Easter truce on Saturday, ordering his forces to halt all military activity, "
            "the Kremlin said.\n\n")
    for answer in ("Zelensky responded on Saturday by proposing to extend the pause on strikes against energy "
                   "facilities to 30 days.",
                   "Zelensky proposed on Saturday that both sides stop strikes on energy facilities for a month."):
        assert [e["subtype"] for e in events_of(lead + answer, "negotiation")] == ["ceasefire", "ceasefire"], answer
    # The look-alikes: the other side keeping the truce (even "responding to the offer"), and the same side's
    # offer told again, add no step.
    for more in ("Zelensky said on Saturday that Ukraine would observe the truce and answer any attack in kind.",
                 "Ukraine's forces will also halt fire during the truce, Zelensky said on Saturday, responding to "
                 "the offer.",
                 "The Kremlin said on Saturday that Putin had offered the truce for humanitarian reasons."):
        assert len(events_of(lead + more, "negotiation")) == 1, more


def test_a_sides_own_draft_is_a_proposal_of_its_own():
    lead = ("Russia handed the Ukrainian delegation a memorandum on a settlement at the talks in Istanbul on Monday, "
            "Medinsky said.\n\n")
    for answer in ("Ukraine had sent its own draft to Russia before the meeting, Umerov said.",
                   "Kyiv has sent Moscow its counter-proposals on the memorandum, Umerov said on Monday."):
        assert [e["subtype"] for e in events_of(lead + answer, "negotiation")] == ["proposal", "proposal"], answer
    # The look-alikes: the same text told again, and an answer only promised, add no step.
    for more in ("The memorandum was handed over at the end of the session, Medinsky said.",
                 "Ukraine said it would study the memorandum and respond with its own proposals within a week."):
        assert len(events_of(lead + more, "negotiation")) == 1, more


def test_the_war_a_call_is_about_is_not_a_side_on_the_line():
    # Ukraine is the war's name in the first call, so the call with Zelensky has other sides: two calls.
    later = "Trump later spoke with Zelensky by phone, the Ukrainian presidency said."
    for war in ("the war in Ukraine", "the Ukraine war"):
        first = f"Trump and Putin spoke by phone for two hours on Monday about ending {war}, the White House said.\n\n"
        assert len(_held(first + later)) == 2, war
    # The look-alike: the same two leaders again are the same call.
    assert len(_held(first + "Trump and Putin also discussed a prisoner exchange by phone, Ushakov said.")) == 1
