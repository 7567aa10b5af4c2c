"""Thirteenth session (engine 2026.12.37): dates listed side by side, the day of a statement, and a step
agreed at talks. Each rule beside the look-alike it must not catch; texts written here from the rules.

PUB (rule_helpers) is Thursday 2026-12-03."""

from __future__ import annotations

from tests.tagger.rule_helpers import events_of


def _talks(text: str) -> list[tuple[str, str]]:
    return sorted((e["subtype"], e["event_date"]) for e in events_of(text, "negotiation"))


def test_meetings_on_two_listed_dates_are_two_meetings():
    text = "Russian and Ukrainian delegations met in Istanbul on May 16 and June 2 without agreeing on a truce."
    assert _talks(text) == [("talks_held", "2026-05-16"), ("talks_held", "2026-06-02")]
    with_on = "The two sides held talks in Geneva on 10 March and on 24 April, officials in Kyiv said."
    assert _talks(with_on) == [("talks_held", "2026-03-10"), ("talks_held", "2026-04-24")]


def test_a_span_of_dates_or_dates_in_two_clauses_stay_one_meeting():
    # Look-alikes: "May 16 and 17" is one round over two days, "from ... to ..." a span, and a date in the
    # next clause belongs to what that clause tells.
    assert len(_talks("Russian and Ukrainian delegations met in Istanbul on May 16 and 17.")) == 1
    assert len(_talks("Russian and Ukrainian delegations met in Istanbul from May 16 to June 2.")) == 1
    told = _talks("Russian and Ukrainian delegations met in Istanbul on May 16, and a prisoner swap followed "
                  "on May 23.")
    assert told == [("prisoner_exchange", "2026-05-23"), ("talks_held", "2026-05-16")]
    clause = _talks("Russian and Ukrainian delegations met in Istanbul on May 16, and on June 2 they exchanged "
                    "1,000 prisoners each.")
    assert [d for st, d in clause if st == "talks_held"] == ["2026-05-16"]
    # (a comma before "and" does close a list of three)
    three = _talks("Russian and Ukrainian delegations met in Istanbul on May 16, June 2, and July 23.")
    assert three == [("talks_held", "2026-05-16"), ("talks_held", "2026-06-02"), ("talks_held", "2026-07-23")]


def test_overnight_is_the_night_before_the_statement_when_the_statement_is_dated():
    # Thursday's paper quoting Wednesday's statement: the night before Wednesday.
    (said_wednesday,) = events_of("Russia launched 40 drones at Kharkiv overnight, Ukraine's air force said on "
                                  "Wednesday.", "drone_strike")
    assert (said_wednesday["event_date"], said_wednesday["date_basis"]) == ("2026-12-02",
                                                                           "overnight before the statement")
    # Look-alikes: a statement of the publication day, or of no named day, leaves the night before publication.
    for text in ("Russia launched 40 drones at Kharkiv overnight, Ukraine's air force said on Thursday.",
                 "Russia launched 40 drones at Kharkiv overnight, Ukraine's air force said."):
        (event,) = events_of(text, "drone_strike")
        assert (event["event_date"], event["date_basis"]) == ("2026-12-03", "overnight before publication")


def test_an_exchange_agreed_at_talks_is_a_step_beside_the_talks():
    agreeing = ("Russian and Ukrainian delegations held a third round of direct talks in Istanbul on Wednesday, "
                "meeting for less than an hour and agreeing on a new exchange of 1,200 prisoners of war.")
    assert _talks(agreeing) == [("prisoner_exchange", "2026-12-02"), ("talks_held", "2026-12-02")]
    ended_with = ("Russian, Ukrainian and US delegations concluded two days of talks in Abu Dhabi on Tuesday with an "
                  "agreement on a new prisoner exchange, officials said.")
    assert _talks(ended_with) == [("prisoner_exchange", "2026-12-01"), ("talks_held", "2026-12-01")]
    # The look-alike: talks about an exchange, with nothing agreed, are the talks alone.
    topic = ("Russian and Ukrainian delegations held talks in Istanbul on Wednesday on a new exchange of prisoners "
             "of war.")
    assert _talks(topic) == [("talks_held", "2026-12-02")]


def test_review_look_alikes_of_listed_dates_and_the_statement_day():
    # Found by a review: talks to come take the next such dates; a list that holds no date of the talks' own
    # words is another clause's; a year written once belongs to the list; a new clause after the list ends it.
    assert _talks("Russian and Ukrainian delegations will meet in Geneva on January 12 and February 2.") \
        == [("talks_scheduled", "2027-01-12"), ("talks_scheduled", "2027-02-02")]
    assert _talks("Russian and Ukrainian delegations met in Istanbul on Monday, after rounds on May 16 and "
                  "June 2.") == [("talks_held", "2026-11-30")]
    assert _talks("Russian and Ukrainian delegations met in Istanbul on May 16 and June 2, 2025.") \
        == [("talks_held", "2025-05-16"), ("talks_held", "2025-06-02")]
    clause = _talks("Russian and Ukrainian delegations met in Istanbul on May 16 and on June 2 they exchanged "
                    "1,000 prisoners each.")
    assert [d for st, d in clause if st == "talks_held"] == ["2026-05-16"]
    # Another statement, in a clause of its own, does not date the night; "last Thursday" is a week back.
    (night,) = events_of("Russia launched 400 drones at Kyiv overnight, days after Zelensky said on Monday that "
                         "Moscow was preparing a massive strike.", "drone_strike")
    assert night["event_date"] == "2026-12-03"
    (week,) = events_of("Russia launched 40 drones at Kharkiv overnight, Ukraine's air force said last Thursday.",
                        "drone_strike")
    assert week["event_date"] == "2026-11-26"
