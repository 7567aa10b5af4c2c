"""Rules of the fifth precision round (dev_f, the retired heldout_e, 2026-12-06), each with a positive
and a hard negative.

Every sentence here was written for this file (none is copied from an evaluation set or a published
article). See docs/TAGGING_GUIDE.md § 10, "Fifth precision round".
"""

from __future__ import annotations

import pytest

from transform.tagger import tag

from .rule_helpers import PUB
from .rule_helpers import types_of as _types


@pytest.mark.parametrize(("text", "expected"), [
    # Allies who meet and pledge support for a party: the party is the beneficiary, not at the table.
    ("The leaders of Poland, France and Germany met in Warsaw on Saturday and pledged to increase their "
     "support for Ukraine.", set()),
    ("Ukrainian and Russian negotiators met in Warsaw on Saturday and pledged to continue the talks.",
     {"negotiation"}),
    # Talks of another domain: embassies, consular work, a minority's rights.
    ("American and Russian diplomats held talks in Istanbul on Friday on the functioning of their embassies.",
     set()),
    ("Slovak and Ukrainian officials held talks in Bratislava on Monday on the rights of the Slovak minority.",
     set()),
    # ... an embassy as the speaker does not make the talks another domain.
    ("Israeli and Lebanese envoys will meet in Naqoura on Friday for talks on the border, the U.S. embassy said.",
     {"negotiation"}),
    # "met their demands": fulfilled, not a meeting.
    ("Kyiv says it has met most of Bratislava's demands on language rules.", set()),
])
def test_who_is_at_the_table_and_what_about(text: str, expected: set[str]) -> None:
    assert _types(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Peskov denied reports that Moscow was planning a new exchange of prisoners before the holidays.", set()),
    ("Russia and Ukraine exchanged 84 prisoners each on Tuesday, the Coordination Headquarters said.",
     {"negotiation"}),
    ("Moscow has rejected proposals for an unconditional ceasefire, and Kyiv has refused to cede land.", set()),
    ("Moscow on Tuesday rejected the 30-day ceasefire proposed by Kyiv on Monday.", {"negotiation"}),
    ("The three leaders called on Moscow to agree to a \"full and unconditional ceasefire\" on Tuesday.", set()),
    ("The Black Sea Grain Initiative, signed in Istanbul on July 22, 2022, by Ukraine and Russia with Turkey "
     "and the United Nations, reopened the ports.", {"negotiation"}),
    ("The Karen National Union said its delegates would meet officials of the junta in Kunming next week "
     "for talks hosted by China, the first such meeting this year.", {"negotiation"}),
])
def test_steps_planned_rejected_appealed_for_or_recounted(text: str, expected: set[str]) -> None:
    assert _types(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Drones that are tools or cargo; attacks as a habit; an attack whose only drones are negated.
    ("Farmers near Poltava now use spraying drones to treat fields damaged by shelling.", set()),
    ("The strike on Tuesday destroyed two launchers, a fuel truck and a lorry carrying drones.", set()),
    ("Fighters used bomb-carrying drones to attack an army post near Djibo on Saturday, killing four.",
     {"drone_strike"}),
    ("Airports near Moscow were not closed on Wednesday, which usually happens during drone attacks.", set()),
    ("Rights groups say both sides have killed civilians with drones in Rakhine state.", set()),
    ("The attack on Kharkiv on Tuesday involved two Iskander missiles, and no attack drones were detected.", set()),
    ("Drones struck Kharkiv on Tuesday, and no missiles were detected, the air force said.", {"drone_strike"}),
])
def test_drones_that_did_not_strike(text: str, expected: set[str]) -> None:
    assert _types(text) == expected


@pytest.mark.parametrize(("text", "country", "expected"), [
    # Countries and towns of further conflicts resolve (at least to the country) ...
    ("Jihadist fighters attacked an army post near Djibo with drones on Saturday, killing four soldiers.",
     "Burkina Faso", {"drone_strike"}),
    ("A drone struck a market in Somalia's Lower Shabelle region on Tuesday, killing three people.",
     "Somalia", {"drone_strike"}),
    # ... and a country named beside "similar claims" does not make a claim of a class of strikes concrete.
    ("In Burkina Faso, the army has made similar claims of successful drone strikes against insurgents.",
     None, set()),
])
def test_further_conflict_countries(text: str, country: str | None, expected: set[str]) -> None:
    events = tag("", text, PUB)
    assert {e["type"] for e in events} == expected
    if country:
        assert events[0]["location"]["country"] == country
