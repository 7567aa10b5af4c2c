"""The per-sentence memos (places, dates, counts, classification, actors) must never change an answer.

They are keyed by sentence text and the loaded rule set; these tests pin the parts a memo could get
wrong: a second call, a caller that edits what it got back, a different publication day, and the
order in which an event's sentences contribute counts.
"""

from __future__ import annotations

from datetime import datetime

from transform.tagger import counts, dates, places, tag
from transform.tagger.classify import classify_drone, classify_negotiation
from transform.tagger.resources import load

RES = load()
STRIKE = "Russian drones struck an energy facility in Odesa on Sunday, killing two people, the governor said."


def test_tagging_twice_gives_the_same_events() -> None:
    pub = datetime.fromisoformat("2026-05-06T09:00:00+00:00")
    text = f"{STRIKE}\nAir defences shot down 12 of 15 drones over the region overnight."
    first = tag("Drones hit Odesa", text, pub)
    second = tag("Drones hit Odesa", text, pub)
    assert first and first == second


def test_a_caller_editing_a_result_does_not_edit_the_memo() -> None:
    found = places.find(STRIKE, RES)
    assert [pm.place.place for pm in found] == ["Odesa"]
    found.clear()
    assert [pm.place.place for pm in places.find(STRIKE, RES)] == ["Odesa"]

    cand = classify_drone(STRIKE, 3, RES, False)
    assert cand is not None and cand.sentence_index == 3 and cand.place_mentions
    cand.place_mentions = []
    cand.creates = not cand.creates
    again = classify_drone(STRIKE, 7, RES, False)
    assert again is not None and again.sentence_index == 7
    assert again.place_mentions and again.creates != cand.creates


def test_negotiation_reading_depends_on_the_actors_passed() -> None:
    sentence = "Delegations met in Istanbul on Monday for a new round of talks."
    with_parties = classify_negotiation(sentence, 0, RES, False, ["Russia", "Ukraine"])
    allies_only = classify_negotiation(sentence, 0, RES, False, ["France", "Germany"])
    assert with_parties is not None and with_parties.subtype == "talks_held" and with_parties.creates
    # Two allies of one side at the table is no negotiation step (fields.yaml blocs), even though the
    # same sentence text was just classified with the two parties.
    assert allies_only is None


def test_relative_dates_follow_the_publication_day_not_the_first_caller() -> None:
    sentence = "Drones struck the city on Sunday."
    wednesday = dates.resolve(sentence, datetime.fromisoformat("2026-05-06T09:00:00+00:00"), RES)
    friday = dates.resolve(sentence, datetime.fromisoformat("2026-05-15T09:00:00+00:00"), RES)
    assert wednesday is not None and friday is not None
    assert (wednesday.value.isoformat(), friday.value.isoformat()) == ("2026-05-03", "2026-05-10")
    forward = dates.resolve(sentence, datetime.fromisoformat("2026-05-06T09:00:00+00:00"), RES, forward=True)
    assert forward is not None and forward.value.isoformat() == "2026-05-10"
    assert dates.resolve(sentence, None, RES) is None


def test_counts_take_the_first_sentence_that_states_each_figure() -> None:
    lead = "Drones killed three people in Kharkiv."
    toll = "Officials later said five people were killed and 20 people were injured."
    downed = "Air defences shot down 12 of 15 drones."
    got = counts.extract([lead, toll, downed], RES)
    assert got == {"launched": 15, "downed": 12, "killed": 3, "injured": 20}
    # The same sentences in another order: each figure comes from the first sentence stating it.
    got = counts.extract([toll, downed, lead], RES)
    assert got == {"launched": 15, "downed": 12, "killed": 5, "injured": 20}
