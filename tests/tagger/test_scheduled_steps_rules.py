"""Scheduled-steps round (engine 2026.12.45): wording of steps still to come, or told beside a detail that
looks like a hedge, from the multi-step files' misses. Each rule sits beside the look-alike it must not
catch. Texts written here from the rules, not copied.

PUB (rule_helpers) is Thursday 2026-12-03."""

from __future__ import annotations

from tests.tagger.rule_helpers import events_of


def _steps(text: str) -> list[tuple[str, str | None]]:
    return sorted((e["subtype"], e["event_date"]) for e in events_of(text, "negotiation"))


def _places(text: str) -> list[str | None]:
    return [(e.get("location") or {}).get("place") for e in events_of(text, "negotiation")]


def test_a_day_a_round_is_planned_for_is_its_date():
    assert _steps("The next round of talks between the two delegations is planned for December 10 in Doha, "
                  "a Qatari official said.") == [("talks_scheduled", "2026-12-10")]
    assert _steps("Russian and Ukrainian negotiators are set for Monday in Istanbul, the ministry said.") \
        == [("talks_scheduled", "2026-12-07")]
    # The look-alike: a truce "for" days is the period it covers, not a day it was set for.
    truce = events_of("Russia and Ukraine agreed on Tuesday to a truce for December 24 and 25.", "negotiation")
    assert [e["event_date"] for e in truce] == ["2026-12-01"]


def test_a_date_not_announced_does_not_call_the_round_off():
    text = ("A further round of talks is due to open in Geneva on December 14, an official said, speaking on "
            "condition of anonymity because the date had not yet been announced.")
    assert _steps(text) == [("talks_scheduled", "2026-12-14")]
    # The look-alike: a round whose date was never set is not arranged.
    assert not events_of("Officials said a further round of talks was planned, but the date has not been set.",
                         "negotiation")


def test_a_denied_meeting_is_kept_and_disputed():
    text = ("Ukraine's chief negotiator met a Kremlin envoy in Dubai on Monday, two officials said, but the "
            "Kremlin denied on Wednesday that any such meeting had taken place.")
    events = events_of(text, "negotiation")
    assert [(e["subtype"], e["event_date"]) for e in events] == [("talks_held", "2026-11-30")]
    assert events[0]["disputed"] is True
    # The look-alike: "any future meeting" is still no particular meeting.
    assert not events_of("The Kremlin said any future meeting between the negotiators would need careful "
                         "preparation.", "negotiation")


def test_a_video_call_held_is_talks_and_not_an_appeal():
    text = ("The Ukrainian ombudsman and his Russian counterpart held a video call on Tuesday and agreed to "
            "exchange 120 civilians held by each side.")
    assert _steps(text) == [("prisoner_exchange", "2026-12-01"), ("talks_held", "2026-12-01")]
    # The look-alike: a call on a side to do something is still an appeal.
    assert not events_of("The UN rights chief renewed her call on Russia and Ukraine to exchange all detained "
                         "civilians.", "negotiation")


def test_delegations_returning_to_a_venue_is_a_round_scheduled():
    assert _steps("The foreign minister said the delegations would return to Geneva on December 12 to discuss "
                  "a ceasefire.") == [("talks_scheduled", "2026-12-12")]
    # The look-alike: people returning to a city is not a round of talks.
    assert not events_of("Displaced families will return to Kherson once the ceasefire holds, the mayor said.",
                         "negotiation")
    # Nor is a team going home to report, unless a round is set after it.
    assert not events_of("The negotiators will return to Kyiv on Friday to report to the president.", "negotiation")
    assert _steps("The negotiators will return to Istanbul next week for another round.") \
        == [("talks_scheduled", "2026-12-07")]
    # A round set after the trip home keeps its own venue, not the city gone home to.
    assert _places("The negotiators will return to Kyiv on Friday to brief the president, and the delegations will "
                   "meet again in Geneva on Monday.") == ["Geneva"]


def test_a_modal_inside_the_topic_does_not_hedge_the_meeting():
    text = ("Diplomats said envoys from the three mediating states would meet army and RSF representatives in "
            "Jeddah next week to discuss how a truce could be monitored.")
    assert _steps(text) == [("talks_scheduled", "2026-12-07")]
    experts = ("Both sides said military experts had met in Riyadh on November 25, with American and Saudi officials "
               "present, to discuss how a halt to strikes on power plants might work.")
    assert _steps(experts) == [("talks_held", "2026-11-25")]
    # The look-alike: a modal that governs the meeting itself still hedges it.
    assert not events_of("Diplomats said envoys from the three mediating states could meet army and RSF "
                         "representatives in Jeddah next week.", "negotiation")


def test_a_negotiator_or_named_envoys_travelling_is_a_round_scheduled():
    assert _places("Ukraine's chief negotiator, Rustem Umerov, will travel to Washington next week to discuss "
                   "a renewal of the moratorium with American officials, his office said.") == ["Washington"]
    assert _places("US envoys Steve Witkoff and Jared Kushner are due in Moscow on December 9 to present the "
                   "revised draft to Putin, an official said.") == ["Moscow"]
    # The look-alike: a minister of an ally travelling is no step between the sides.
    assert not events_of("The German defence minister will travel to Kyiv next week to discuss air defence.",
                         "negotiation")


def test_a_joint_body_of_both_sides_meeting_is_talks():
    assert _places("The ceasefire monitoring committee will convene in Naqoura on December 9 with officers from "
                   "both armies, a Lebanese official said.") == ["Naqoura"]
    assert _places("The two countries' border commissions are due to meet next in Tbilisi on December 15, "
                   "according to a joint statement.") == ["Tbilisi"]
    # The look-alike: one side's own committee is not a body of both sides.
    assert not events_of("The parliamentary defence committee will convene in Kyiv on December 9 to discuss the "
                         "ceasefire proposal.", "negotiation")


def test_a_headline_in_the_present_reports_the_meeting():
    events = events_of("The two ministers talked for three hours.", "negotiation",
                       title="Armenian, Azerbaijani foreign ministers meet in Doha to finalise border deal")
    assert [(e["subtype"], (e.get("location") or {}).get("place")) for e in events] == [("talks_held", "Doha")]
    # The look-alike: the generic present in body text names no meeting.
    assert not events_of("Delegations of the two sides meet in Gulf hotels, far from the cameras.", "negotiation")


def test_sitting_with_the_other_side_is_talks_held():
    text = ("\"We sat with the Russians in Abu Dhabi on Tuesday for five hours and went through the map,\" the "
            "Ukrainian negotiator said.")
    assert _steps(text) == [("talks_held", "2026-12-01")]
    # The look-alike: sitting with people who are no side at a table is not talks.
    assert not events_of("The students sat with the Russians in the canteen during the ceasefire.", "negotiation")


def test_a_venue_named_before_session_is_the_venue_and_a_topic_modal_does_not_hedge():
    text = ("At the third Doha session on November 24, officers from both sides discussed how a future ceasefire "
            "could be monitored by drones.")
    assert [(e["event_date"], (e.get("location") or {}).get("place")) for e in events_of(text, "negotiation")] \
        == [("2026-11-24", "Doha")]
    # The look-alike: a modal on the meeting's own outcome still hedges what follows it.
    assert not events_of("Officers from both sides could discuss a ceasefire in Doha on November 24.",
                         "negotiation")


def test_a_round_dated_by_its_name_is_recounted_even_as_a_result():
    text = "The swap is so far the only concrete result of the Istanbul talks of November 16."
    assert [(e["subtype"], e["event_date"]) for e in events_of(text, "negotiation")] \
        == [("talks_held", "2026-11-16")]
    # The look-alike: talks named only as the setting of an outcome, undated, are no round of their own.
    assert not events_of("The exchange was so far the only concrete result of the direct talks.", "negotiation")


def test_bodies_repatriated_by_agreement_and_captives_with_a_history():
    assert _steps("The two sides also agreed by phone on Tuesday to repatriate the bodies of another 500 fallen "
                  "soldiers each, a source said.") == [("prisoner_exchange", "2026-12-01")]
    # (undated, so that the history in the relative clause is all that could make it a habit)
    text = ("On the same day, Ukraine and Russia swapped 60 civilians each, among them residents of the Kursk "
            "region who had been held in Ukraine since 2024, officials said.")
    assert [e["subtype"] for e in events_of(text, "negotiation")] == ["prisoner_exchange"]
    # The look-alike: a history of swaps in the main clause is still a habit, not one swap.
    assert not events_of("Ukraine and Russia have swapped civilians regularly since 2024, officials said.",
                         "negotiation")
    # The remains of soldiers name the sides at war, as their bodies do.
    assert _steps("The leaders agreed on Tuesday to exchange the remains of soldiers recovered along the line.") \
        == [("prisoner_exchange", "2026-12-01")]


def test_an_agreement_told_with_its_mediators_between_commas():
    text = "Israel and Hamas have agreed, through Egyptian and Qatari mediators, to reopen the Kerem Shalom crossing."
    assert [e["subtype"] for e in events_of(text, "negotiation")] == ["agreement"]
    assert _steps("Israel and Hamas, negotiating through Egyptian mediators, agreed in Cairo on Tuesday on a "
                  "mechanism for handing over the remaining weapons.") == [("agreement", "2026-12-01")]
    # The look-alike: analysts who agree on something report no deal.
    assert not events_of("Analysts have agreed, through years of study, that the mediators' mechanism is flawed.",
                         "negotiation")


def test_a_rate_in_a_deal_s_terms_is_no_habit():
    text = ("Hamas said it had reached an agreement with Israel, through Egyptian mediators, to allow 600 aid trucks "
            "a day into Gaza.")
    assert [e["subtype"] for e in events_of(text, "negotiation")] == ["agreement"]
    # The look-alike: drones a day beside talks is the war's rhythm, and names no step.
    assert not events_of("Russia has launched 100 drones a day at Ukraine, while talks continue.", "negotiation")


def test_the_two_militaries_on_their_hotline():
    text = ("The directors general of military operations of the two countries spoke on the hotline on Tuesday "
            "and agreed to stop all firing along the border.")
    assert _steps(text) == [("ceasefire", "2026-12-01"), ("talks_held", "2026-12-01")]
    # The look-alike: leaders of two unnamed countries meeting is no step between sides at war.
    assert not events_of("The leaders of the two countries met in London on Monday.", "negotiation")


def test_look_alikes_found_by_the_review_of_the_round():
    """A fresh helper's review of 2026.12.45 (each read wrongly with the round's first version)."""
    none = [
        # a modal that governs the meeting itself, inside "discussing whether"
        "Officials are discussing whether Putin and Zelensky could meet in Istanbul next week.",
        "The mediators discussed how the two delegations would meet in Doha on Monday.",
        # "the call on" a side "to" act is an appeal
        "Qatar echoed the call on Israel and Hamas to exchange the remaining hostages and prisoners.",
        # a return to talks on a condition
        "The negotiators would return to Geneva on December 12 to discuss a ceasefire if Moscow accepted the draft.",
        # one side's own bodies, and a parliament's committee
        "The Israeli government will convene on Friday to ratify the hostage deal with Hamas.",
        "Ukraine's National Security Council will convene on Friday to review the peace plan with Russia.",
        "The Lebanese army's ceasefire committee will convene in Beirut on Monday.",
        "The Joint Committee on Human Rights will meet in London on Wednesday to discuss the ceasefire.",
        # an evacuation is no exchange
        "Britain will repatriate 150 civilians from Lebanon on Tuesday as fighting intensifies.",
        # a plan denied is no step (guide § 7)
        "The Kremlin denied that any such talks with Kyiv were scheduled for next week.",
        # families are no side at the table
        "Israeli hostage families sat with the Americans in Tel Aviv on Monday to press for a deal.",
    ]
    for text in none:
        assert not events_of(text, "negotiation"), text
    for title in ("India, Pakistan meet in Dubai in Asia Cup final",
                  "Why Russian and Ukrainian negotiators meet in Istanbul, not Geneva",
                  "Russian and Ukrainian children's choirs meet in Vienna for peace concert"):
        assert not [e for e in events_of("Officials gave no details.", "negotiation", title=title)
                    if e["evidence"] == title], title
    # "The meeting on December 9" is as often still to come: not a round recounted in the past.
    assert not [e for e in events_of("The Kremlin confirmed its delegation for the meeting on December 9 in "
                                     "Abu Dhabi.", "negotiation") if e["subtype"] == "talks_held"]
    # A truce scheduled for a day is dated by its agreement; only a round is dated by the day it is set for.
    assert _steps("Russia and Ukraine agreed on Tuesday to a truce scheduled for December 24 and 25.") \
        == [("ceasefire", "2026-12-01")]
    strike = tag_one("A drone hit the stadium in Kharkiv where a football match was scheduled for Saturday, the "
                     "governor said.", "drone_strike")
    assert strike["event_date"] == "2026-12-03"
    # The remains of 1,000 soldiers (the comma in the count, and "remains" as the trigger).
    assert _steps("Russia handed over the remains of 1,000 soldiers to Ukraine on Tuesday.") \
        == [("prisoner_exchange", "2026-12-01")]
    # Talks held beside a step still to come keep their own (past) day.
    held = [e for e in events_of("Pashinyan held a phone call with Aliyev on Monday and agreed to continue talks on "
                                 "the treaty.", "negotiation") if e["subtype"] == "talks_held"]
    assert [e["event_date"] for e in held] == ["2026-11-30"]


def tag_one(text: str, etype: str) -> dict:
    found = events_of(text, etype)
    assert len(found) == 1, found
    return found[0]
