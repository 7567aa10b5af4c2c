"""Precision rules of the second accuracy round (dev_c, 2026-11-22), each with a positive and a hard negative.

Every sentence here was written for this file (none is copied from an evaluation set or a published
article). Each pair keys on one linguistic feature, so a test fails when the feature stops working,
not when a particular phrase changes. See docs/TAGGING_GUIDE.md § 10.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from transform.tagger import dates, tag
from transform.tagger.resources import load, lower, lower_sentence

PUB = datetime.fromisoformat("2026-11-19T09:00:00+00:00")  # a Thursday


def _types(text: str, title: str = "") -> set[str]:
    return {e["type"] for e in tag(title, text, PUB)}


def _subtypes(text: str, etype: str) -> list[str]:
    return sorted(e["subtype"] for e in tag("", text, PUB) if e["type"] == etype)


# --- drone_strike -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # Drills: "to practise / rehearse / simulate" puts the interception in a purpose clause, also across
    # two coordinated gerunds.
    ("NATO troops began a week-long drill near Rzeszow on Tuesday to practise tracking and shooting down "
     "incoming drones, the alliance said.", set()),
    ("Polish air defences downed two drones near Rzeszow on Tuesday night, the army said.", {"drone_strike"}),
    # A modal before "drone and missile attacks": "and" joins two weapon nouns, not two clauses.
    ("The rebels said on Friday they would renew drone and missile attacks on tankers in the Red Sea "
     "if the blockade continued.", set()),
    ("The rebels said on Friday that their drone and missile attacks had hit two tankers off Hodeidah.",
     {"drone_strike"}),
    # A participle after a coordinated weapon noun phrase still modifies it (reduced relative clause).
    ("Sumy sits 25 kilometres from the border, so drones and rockets fired from the Kursk region can reach "
     "it within minutes.", set()),
    ("Drones and rockets fired from the Kursk region hit Sumy overnight, injuring three people.",
     {"drone_strike"}),
])
def test_scope_and_predicate(text: str, expected: set[str]) -> None:
    assert _types(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Tallies of a period and repeated hits are summaries: "over the past week", "N drones this month",
    # "several times", "months of raids", habituation ("grown used to").
    ("The air force said Russia had sent more than 900 drones over the past week.", set()),
    ("The air force said Russia had sent 90 drones overnight, 80 of which were shot down.", {"drone_strike"}),
    ("Moscow says it has downed more than 3,000 drones over the Bryansk region this month.", set()),
    ("The fuel depot in Chernihiv has been struck by drones several times.", set()),
    ("Chernihiv was struck by drones on Tuesday night, the mayor said.", {"drone_strike"}),
    ("Fuel prices in the region rose in May after months of drone raids on oil depots.", set()),
    ("Residents of Belgorod have grown used to alerts announcing that drones were shot down near the city.",
     set()),
    # The day a summary was published dates no incident.
    ("Russia has launched more than 20,000 drones at Ukraine since March, the air force said in a "
     "quarterly report on Monday.", set()),
    ("Russia launched 120 drones at Ukraine on Monday, the air force said in a report.", {"drone_strike"}),
    # Drones as the topic of messages or warnings.
    ("The governor posted messages during the week about drones being destroyed over Kursk.", set()),
])
def test_period_tallies_and_habits_are_trends(text: str, expected: set[str]) -> None:
    assert _types(text) == expected


@pytest.mark.parametrize(("title", "expected"), [
    # A headline whose attack noun sits in a prepositional phrase of another event is not a strike report.
    ("Hundreds mourn victims of drone strike in Sumy", set()),
    ("Drone strike kills two in Sumy", {"drone_strike"}),
    # "air-raid" (hyphenated) is an alert, not a raid.
    ("Drone light display in Poltava cancelled over air-raid fears", set()),
])
def test_headline_background_nouns(title: str, expected: set[str]) -> None:
    body = "Organisers postponed a drone light show in Poltava, the city council said."
    assert _types(body, title=title) == expected


# --- negotiation ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # A meeting that "had not taken place" is negated like "did not take place".
    ("The Kremlin said on Monday that a meeting of the two delegations planned for Friday in Istanbul "
     "had not taken place.", set()),
    ("The Kremlin said on Monday that a meeting of the two delegations had taken place in Istanbul on "
     "Friday.", {"negotiation"}),
    # "Any future negotiations" are a prospect, not scheduled talks.
    ("Officials in Kyiv say the new front line will weigh heavily in any future negotiations.", set()),
    ("Russian and Ukrainian negotiators will meet in Geneva on Monday, the Swiss government said.",
     {"negotiation"}),
    # A truce named as the object of breaking or violating it is already in force, dated or not.
    ("The army said on Sunday that rebel fighters had shelled two villages overnight, breaking the truce "
     "agreed in Jeddah.", set()),
    ("The army and the rebels agreed a truce in Jeddah on Sunday, Saudi mediators said.", {"negotiation"}),
    # "Tariff truce": the excluded domain's own truce.
    ("Chinese and U.S. trade officials agreed in London on Monday to extend their tariff truce by 90 days.",
     set()),
    # A UN Security Council session is a debate, not talks between the parties.
    ("The UN Security Council met on Tuesday at the request of Britain and France to discuss strikes on "
     "Ukrainian ports.", set()),
    # Countries after "to discuss" are the topic of a meeting, not the parties at it.
    ("Nordic defence ministers met in Oslo to discuss training for Ukraine and sanctions on Russia.", set()),
    ("Russian and Ukrainian envoys met in Oslo to discuss a prisoner exchange.", {"negotiation"}),
])
def test_negotiation_precision(text: str, expected: set[str]) -> None:
    assert _types(text) == expected


@pytest.mark.parametrize("text", [
    # "held/concluded N words ... talks" with up to three words between: the talks and the outcome.
    "Russian and Ukrainian delegations concluded two days of talks in Geneva on Thursday, agreeing to "
    "exchange 300 prisoners of war.",
    "Russia and Ukraine held their second direct talks in Istanbul on Friday and agreed to exchange "
    "800 prisoners.",
])
def test_talks_and_agreed_exchange_are_two_steps(text: str) -> None:
    assert _subtypes(text, "negotiation") == ["prisoner_exchange", "talks_held"]


def test_talks_ended_without_a_truce_are_talks_held_only() -> None:
    text = ("Russian and U.S. delegations ended three days of talks in Riyadh on Monday without agreeing "
            "on the terms of a grain corridor truce.")
    assert _subtypes(text, "negotiation") == ["talks_held"]


def test_initialism_dots_do_not_end_a_clause() -> None:
    text = "Ukraine has handed U.S. negotiators a revised draft of the peace framework, Kyiv said on Tuesday."
    assert _subtypes(text, "negotiation") == ["proposal"]
    s = "Talks in the U.K. began at 5 a.m. today."
    assert len(lower_sentence(s)) == len(s)
    assert "u k " in lower_sentence(s) and "a.m." in lower_sentence(s)
    assert lower(s) == s.lower()


@pytest.mark.parametrize(("text", "expected"), [
    # "would" after a reporting verb in a relative clause ("which X said would be held") is the
    # future seen from the past; "the parties" name the sides at the table.
    ("Russian and Ukrainian delegations are preparing for a new round of talks, which Turkey's foreign "
     "ministry said would be held in Ankara on Monday.", ["talks_scheduled"]),
    ("Russian and Ukrainian delegations are preparing for a new round of talks, which Turkey's foreign "
     "ministry said would be held only once a truce was in place.", []),
    ("A Qatari spokesman said the parties would meet again in Doha on March 3.", ["talks_scheduled"]),
    ("A Qatari spokesman said the parties would meet again in Doha only if the shelling stopped.", []),
    # "discussed X by phone" is a call held between the named leaders.
    ("Putin and Trump discussed a grain corridor by phone on Tuesday, the Kremlin said.", ["talks_held"]),
    ("Putin and Trump may discuss a grain corridor by phone next week, the Kremlin said.", []),
])
def test_reported_future_and_calls(text: str, expected: list[str]) -> None:
    assert _subtypes(text, "negotiation") == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Mediators count as one side: an undated proposal by mediators alone names no party.
    ("Qatar, Egypt and the United States have proposed a humanitarian truce followed by talks on a "
     "political transition.", []),
    ("Qatar and Egypt handed Israel and Hamas a proposal for a humanitarian truce, mediators said.", ["ceasefire"]),
    # A step noun as the subject of "has been discussed / raised" is a topic, not a step.
    ("A grain corridor truce has been discussed in several formats, but Russia and Ukraine have not "
     "agreed any text.", []),
    ("Russia and Ukraine agreed a grain corridor truce in Istanbul, Turkish officials said.", ["ceasefire"]),
])
def test_mediators_and_topics(text: str, expected: list[str]) -> None:
    assert _subtypes(text, "negotiation") == expected


@pytest.mark.parametrize(("text", "expected"), [
    # "Were expected to discuss": the agenda of talks already under way, not talks arranged for a date.
    ("The talks in Doha were also expected to discuss the release of detainees, officials said, but no "
     "statement followed.", []),
    ("Israeli and Hamas negotiators are expected to meet in Doha on Sunday, officials said.", ["talks_scheduled"]),
])
def test_past_agenda_is_not_a_schedule(text: str, expected: list[str]) -> None:
    assert _subtypes(text, "negotiation") == expected


@pytest.mark.parametrize(("sentence", "day", "precision"), [
    # A date right before a reporting or denial verb is the statement's day, not the event's.
    ("The Kremlin on Tuesday denied a report that Putin and Trump had discussed a grain truce by phone "
     "last week.", "2026-11-09", "week"),
    ("Russia on Tuesday launched 80 drones at Kharkiv, the air force said.", "2026-11-17", "day"),
    ("Drones hit a depot in Kherson overnight, he said.", "2026-11-19", "day"),
])
def test_a_date_before_a_reporting_verb_is_the_statement_day(sentence: str, day: str, precision: str) -> None:
    got = dates.resolve(sentence, PUB, load())
    assert got is not None
    assert (got.value.isoformat(), got.precision) == (day, precision)


@pytest.mark.parametrize(("text", "subtype"), [
    # Debris as the subject: the drone was downed, whatever the debris damaged.
    ("Debris from a downed drone fell on a garage in the Kursk suburb of Lgov overnight, injuring one "
     "man, the governor said.", "interception_claim"),
    ("A drone fell on a garage in Lgov overnight, injuring one man, the governor said.", "attack"),
    # An intercept verb whose object is people is a kill.
    ("The army said drone strikes had neutralised about 20 militants near Gao on Tuesday.", "attack"),
    ("The army said it had neutralised 20 drones near Gao on Tuesday.", "interception_claim"),
])
def test_strike_subtype(text: str, subtype: str) -> None:
    assert _subtypes(text, "drone_strike") == [subtype]


@pytest.mark.parametrize(("text", "subtype"), [
    # A response to a proposal about an exchange is a proposal step, not the exchange.
    ("Hamas handed Qatari mediators its response to the proposal on the exchange of detainees on Monday.",
     "proposal"),
    ("Israel and Hamas exchanged 30 detainees on Monday under a deal brokered by Qatar.", "prisoner_exchange"),
])
def test_response_to_an_exchange_proposal(text: str, subtype: str) -> None:
    assert subtype in _subtypes(text, "negotiation")


def test_passive_used_to_is_not_habituation() -> None:
    # "were used to strike" is a passive with a purpose infinitive, not "have grown used to".
    text = "Drones were used to strike a fuel depot in the Bryansk region, the governor said."
    assert _types(text) == {"drone_strike"}


def test_a_noun_in_ing_before_and_still_ends_the_clause() -> None:
    # Only two coordinated gerunds share a scope; "no warning and drones hit" reports the hit.
    text = "There was no warning and drones hit a market in Kherson on Tuesday morning, killing two people."
    assert _types(text) == {"drone_strike"}
    assert _types("In practice, drones struck a depot in Kherson on Tuesday, the governor said.") == {"drone_strike"}
