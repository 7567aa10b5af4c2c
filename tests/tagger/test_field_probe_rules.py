"""Field rules from the fifteenth session's black-box field probe (151 one-event documents written
by a helper who never read the rules; guide, "Field probe round").

Each case sits beside a look-alike that must keep its old reading.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from transform.tagger import actors, counts, dates, tag
from transform.tagger.resources import load

RES = load()
PUB = datetime.fromisoformat("2026-06-08T09:00:00+00:00")  # a Monday


@pytest.mark.parametrize(("sentence", "expected"), [
    # "and" ends the noun phrase a figure counts: the injured are not the three killed.
    ("A drone strike on a bus station in Sloviansk killed three civilians and injured 14.",
     {"killed": 3, "injured": 14}),
    ("The attack killed one woman and wounded six, the mayor said.", {"killed": 1, "injured": 6}),
    # the figure left out before a passive verb
    ("Three people were killed and two were injured when a drone hit their minibus.", {"killed": 3, "injured": 2}),
    # ... but "no one" is nobody
    ("A drone hit a warehouse; no one was injured.", {"injured": None}),
    # an aside between the victims and the verb
    ("At least nine people, including three children, were killed when drones struck the block.", {"killed": 9}),
    # victims named by nationality or by what they were doing
    ("An Israeli drone strike killed four Palestinians in Khan Younis.", {"killed": 4}),
    ("Twelve worshippers were killed when a drone hit the mosque.", {"killed": 12}),
    # a time after the bare figure
    ("The strike killed 11 people and wounded at least 30 on Friday.", {"killed": 11, "injured": 30}),
    ("The number of people killed in the attack has risen to eight.", {"killed": 8}),
    # "a dozen" is twelve, "two dozen" twenty-four
    ("Air defences destroyed a dozen drones over the city.", {"downed": 12}),
    ("Air defences destroyed two dozen drones over the city.", {"downed": 24}),
    # "N drones out of M": the launched figure after "out of"
    ("Air defences downed 70 drones out of 95 that Russia launched overnight.", {"downed": 70, "launched": 95}),
])
def test_counts_from_the_field_probe(sentence: str, expected: dict[str, int | None]) -> None:
    got = counts.extract([sentence], RES)
    for key, value in expected.items():
        assert got[key] == value, (key, got)


@pytest.mark.parametrize(("sentence", "source"), [
    # A lower-case source that closes the sentence after a comma.
    ("Drones hit a substation in Sumy overnight, regional governor Oleh Hryhorov said on Tuesday.",
     "regional governor Oleh Hryhorov"),
    ("Russian drones struck a depot near Poltava, local officials said.", "local officials"),
    ("The delegation will travel to Cairo on Thursday, a senior Hamas official told AFP.", "senior Hamas official"),
    ("Drones struck the refinery overnight, a security source said, adding that a tank caught fire.",
     "security source"),
    # The name set off by commas after its title.
    ("Debris injured two people, the head of the city military administration, Ivan Petrenko, said.", "Ivan Petrenko"),
])
def test_attribution_from_the_field_probe(sentence: str, source: str) -> None:
    assert actors.attribution(sentence) == source


@pytest.mark.parametrize("sentence", [
    # Look-alikes: a clause ending in a participle, a comparison, a relative clause.
    "Drones hit the depot overnight, with no damage reported.",
    "The talks resumed on Monday, though no date has been announced.",
    "For many in Kyiv, the timing, hours after the talks in Geneva, said more about Moscow's aims than anything "
    "that was said at the table.",
    "The round will go ahead on Wednesday, a meeting the Kremlin said was useful.",
])
def test_attribution_look_alikes_name_no_source(sentence: str) -> None:
    assert actors.attribution(sentence) is None


def _place(text: str) -> str | None:
    events = tag("", text, PUB)
    assert events, text
    return (events[0]["location"] or {}).get("place")


def test_where_the_speaker_stands_is_not_the_place_hit() -> None:
    assert _place("Speaking at a news conference in Kyiv on Monday, Zelensky said Russian drones had hit a "
                  "residential quarter of Odesa overnight, killing two people.") == "Odesa"
    # look-alike: the city of the news conference is the place hit when the drones hit it
    assert _place("Russian drones hit a residential quarter of Kyiv overnight, killing two people, officials "
                  "told a news conference.") == "Kyiv"


def test_a_town_named_after_its_description_is_a_venue() -> None:
    assert _place("Negotiators from Armenia and Azerbaijan will meet next Tuesday in the Georgian capital Tbilisi, "
                  "officials said.") == "Tbilisi"


def test_days_ago_and_the_weekend() -> None:
    got = dates.resolve("A drone hit the plant in Kremenchuk three days ago.", PUB, RES)
    assert got is not None and (got.value.isoformat(), got.precision) == ("2026-06-05", "day")
    got = dates.resolve("Russia launched 400 drones at Ukraine over the weekend.", PUB, RES)
    assert got is not None and (got.value.isoformat(), got.precision) == ("2026-06-01", "week")


def test_a_truce_that_will_take_effect_on_a_weekday_looks_ahead() -> None:
    events = [e for e in tag("", "A ceasefire between Israel and Hamas will take effect on Sunday, Egypt's foreign "
                             "ministry announced.", datetime.fromisoformat("2026-06-05T09:00:00+00:00"))
              if e["type"] == "negotiation"]
    assert [e["event_date"] for e in events] == ["2026-06-07"]
    # look-alike: a truce agreed on a weekday is that past day
    events = [e for e in tag("", "Israel and Hamas agreed a ceasefire on Sunday, Egypt's foreign ministry said.",
                             datetime.fromisoformat("2026-06-05T09:00:00+00:00"))
              if e["type"] == "negotiation"]
    assert [e["event_date"] for e in events] == ["2026-05-31"]


def test_pm_does_not_end_a_sentence() -> None:
    events = tag("", "Putin declared a 30-hour ceasefire in Ukraine starting at 6 p.m. Moscow time on Saturday, "
                 "the Kremlin said.", PUB)
    assert events and events[0]["evidence"].endswith("the Kremlin said.")
