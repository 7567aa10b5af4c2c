"""Rules of the sixteenth session (guide, "Sixteenth session"), each beside the look-alike it must
leave alone."""

from __future__ import annotations

import pytest

from tests.tagger.rule_helpers import PUB, events_of, types_of
from transform.tagger import actors, tag


@pytest.mark.parametrize(("sentence", "source"), [
    # The one who declares a step is its actor; the source is who reports it.
    ("Putin declared a three-day ceasefire for the Victory Day holiday, the Kremlin said on Tuesday.", "Kremlin"),
    ("On Friday evening Vladimir Putin declared an Easter truce lasting until Sunday night, the Kremlin said.",
     "Kremlin"),
    ("Vladimir Putin has declared a 30-hour truce along the front, the Kremlin said, during which all units "
     "would hold fire.", "Kremlin"),
    # With no other source in the sentence the one declaring stays the source.
    ("Qatar announced on Tuesday that the two sides had agreed to exchange 200 prisoners.", "Qatar"),
    ("The defence ministry announced that 40 drones had been shot down over the Belgorod region.", "defence ministry"),
    # A dateline, a weekday and a tense's auxiliary are not part of the source's name.
    ("MOSCOW — Russia's defence ministry said its air defences destroyed 43 drones overnight.",
     "Russia's defence ministry"),
    ("KHARTOUM — Sudan's paramilitary Rapid Support Forces on Sunday declared a three-month truce.",
     "Sudan's paramilitary Rapid Support Forces"),
    ("Azerbaijan has said it will sign the treaty only after Armenia changes its constitution.", "Azerbaijan"),
    ("Gladkov also said a drone had hit a grain elevator in the district.", "Gladkov"),
    # (and a name that begins like an article keeps its first letter)
    ("Armenia's foreign ministry said the commissions would meet on March 20.", "Armenia's foreign ministry"),
    ("An Egyptian official said the delegations met in Cairo on Monday.", "Egyptian official"),
])
def test_the_source_of_a_sentence(sentence: str, source: str) -> None:
    assert actors.attribution(sentence) == source


def test_a_step_declared_by_someone_is_no_source() -> None:
    # ("A truce declared by Putin ended ...": the truce reports nothing)
    got = actors.attribution("MOSCOW/KYIV — A 30-hour Easter truce declared by Vladimir Putin ended at midnight "
                             "with both sides trading blame.")
    assert got is None or "truce" not in got.lower()


# --- Drone false-positive probe (guide, "Sixteenth session") ---

@pytest.mark.parametrize("text", [
    # statistics over a month, and a trend, are no attack
    "Russia's monthly drone launches at Ukraine hit new high in October, data show.",
    "The report also documented the growing use of drones by resistance forces, which it said had improved their "
    "ability to attack military posts but also led to civilian casualties in some towns.",
    # drones destroyed by other weapons were the target, not the weapon
    "An army spokesman said fighter jets bombed the hangar on Sunday evening, destroying several drones and a cargo "
    "aircraft.",
    # a practice on record
    "The RSF has used long-range drones to attack army-held cities far from the front.",
])
def test_drones_that_attacked_nothing_in_particular(text: str) -> None:
    assert "drone_strike" not in types_of(text)


@pytest.mark.parametrize("text", [
    "Russian drones hit a high-rise in Kharkiv on Monday, killing two.",
    "Ukraine's ability to shoot down drones was tested on Sunday night when Russia launched 300 drones at Kyiv, the "
    "air force said.",
    "Ukrainian drones struck the Morozovsk airfield on Sunday, destroying three Russian drones on the ground.",
    "Russia fired missiles at Kyiv overnight, while air defences destroyed 40 drones over the capital region.",
])
def test_strikes_beside_those_words_stay(text: str) -> None:
    assert "drone_strike" in types_of(text)


@pytest.mark.parametrize("text", [
    # arms purchases, a government's own plan, a body named after a truce
    "Myanmar's military-backed government has signed new arms agreements with Russia and China worth hundreds of "
    "millions of dollars this year, according to a UN report released on Tuesday.",
    "Pakistan has signed agreements to buy more Chinese fighter jets and Turkish drones, officials said, as Islamabad "
    "and New Delhi rearm more than a year after their conflict in May 2025.",
    "Lebanon's cabinet on Tuesday approved the second phase of the army's plan to bring all weapons under state "
    "control, despite objections from Hezbollah's ministers.",
    "The United States and France, which sit on the committee monitoring the ceasefire, have welcomed the army's plan "
    "and pledged additional support.",
])
def test_no_step_between_the_sides(text: str) -> None:
    assert "negotiation" not in types_of(text)


@pytest.mark.parametrize(("text", "subtype"), [
    ("The committee monitoring the ceasefire said on Monday that Israel and Lebanon had agreed to extend the truce.",
     "ceasefire"),
    ("Israel and Hamas signed a ceasefire agreement in Sharm el-Sheikh on Thursday.", "agreement"),
    # a moratorium on strikes is a partial truce: proposed or agreed it is a ceasefire, signed an agreement
    ("Two officials said Kyiv had on Monday passed to Russia, through US mediators, a proposal for a moratorium on "
     "strikes against energy facilities.", "ceasefire"),
    ("Russia and Ukraine agreed to a 30-day moratorium on strikes against energy infrastructure, the White House said "
     "on Thursday.", "ceasefire"),
    ("Russian and Ukrainian officials signed a 60-day moratorium on strikes against energy infrastructure in Riyadh on "
     "Thursday.", "agreement"),
])
def test_steps_beside_those_words(text: str, subtype: str) -> None:
    assert [e["subtype"] for e in events_of(text, "negotiation")] == [subtype]


# --- Negotiation recall probe (guide, "Sixteenth session") ---

_JEDDAH = ("Delegations from the Sudanese Armed Forces and the Rapid Support Forces met in Jeddah on Wednesday for "
           "a new round of talks, Saudi officials said.\n\n")


@pytest.mark.parametrize(("later", "subtype"), [
    ("They will meet again in Jeddah on November 19 to discuss a nationwide truce, the statement added.",
     "talks_scheduled"),
    ("The two sides also agreed to let convoys of food and medicine pass through three crossing points.",
     "agreement"),
    ("A draft protocol on the handover of recruited minors was delivered to the army delegation on Thursday.",
     "proposal"),
])
def test_a_later_step_of_the_same_sides(later: str, subtype: str) -> None:
    steps = events_of(_JEDDAH + later, "negotiation")
    later_steps = [e for e in steps if e["evidence"] == later]
    assert [e["subtype"] for e in later_steps] == [subtype]
    # the subject stands for the sides of the step told before
    assert {"SAF", "RSF"} <= set(later_steps[0]["actors"]["parties"])


@pytest.mark.parametrize("later", [
    "They will meet again in Jeddah on November 19 to discuss a nationwide truce, the statement added.",
    "The two sides also agreed to let convoys of food and medicine pass through three crossing points.",
])
def test_no_sides_told_before_no_later_step(later: str) -> None:
    # (an allies' meeting, not a step between two sides, comes first)
    text = "European foreign ministers met in Brussels on Wednesday to discuss aid for Sudan.\n\n" + later
    assert [e for e in events_of(text, "negotiation") if e["evidence"] == later] == []


def test_a_habit_told_of_them_is_no_step() -> None:
    text = (_JEDDAH + '"They sign protocols in hotels, and here people are still being killed," said a community '
            "leader in El Fasher.")
    assert [e["subtype"] for e in events_of(text, "negotiation")] == ["talks_held"]


@pytest.mark.parametrize("text", [
    "President Recep Tayyip Erdogan discussed the arrangement by phone with Vladimir Putin on Thursday evening, the "
    "Turkish presidency said.",
    "It added that President Sheikh Mohamed bin Zayed had received a phone call from Zelensky on Thursday in which "
    "the two discussed efforts to end the war.",
    "At the initiative of the American side, a telephone conversation took place between Russian President Vladimir "
    "Putin and US President Donald Trump.",
    "A conversation between the directors general of military operations of India and Pakistan took place over the "
    "hotline on Tuesday, the army said.",
])
def test_calls_told_other_ways(text: str) -> None:
    assert [e["subtype"] for e in events_of(text, "negotiation")] == ["talks_held"]


def test_a_call_from_anyone_else_is_no_talks() -> None:
    assert types_of("The mayor received a phone call from a resident on Tuesday about the broken water main.") == set()


@pytest.mark.parametrize("text", [
    "The Thai and Cambodian foreign ministers accepted a 10-day humanitarian pause on Monday.",
    "A truce between Thailand and Cambodia was restored on November 28 after clashes.",
    # an observer mission of ASEAN is a go-between, not a summit of its members
    "Thai and Cambodian defence officials met in Kuala Lumpur on Wednesday under the auspices of the ASEAN observer "
    "mission, Malaysia's foreign ministry said.",
])
def test_truce_and_talks_words(text: str) -> None:
    assert "negotiation" in types_of(text)


@pytest.mark.parametrize("text", [
    "Aid agencies called for a humanitarian pause to reach civilians in El Fasher.",
    "ASEAN leaders met in Kuala Lumpur on Sunday for their annual summit.",
])
def test_appeals_and_summits_stay_out(text: str) -> None:
    assert "negotiation" not in types_of(text)


def test_a_second_verb_after_the_day_is_no_statement() -> None:
    got = events_of("Zelensky and Trump met in Florida on Sunday and reported progress.", "negotiation")
    assert [e["event_date"] for e in got] == ["2026-11-29"]  # PUB is Thursday 3 December


# --- Places written with diacritics, bare regions, Colombia ---

@pytest.mark.parametrize(("text", "place", "country"), [
    ("Delegations met in Bogotá on Monday for talks between the government and the ELN.", "Bogota", "Colombia"),
    ("A drone struck a police station in Jamundí, in Valle del Cauca, on Sunday, killing two officers.", "Jamundi",
     "Colombia"),
    ("Junta drones struck a village in Sagaing on Friday, killing five.", None, "Myanmar"),
])
def test_places_beyond_the_ascii_and_the_suffix(text: str, place: str | None, country: str) -> None:
    events = [e for e in tag("", text, PUB)]
    assert len(events) == 1
    loc = events[0]["location"]
    assert (loc["place"], loc["country"]) == (place, country)


def test_a_bare_region_that_names_a_people_is_no_place() -> None:
    got = events_of("Kachin fighters said drones struck their positions on Friday, killing two.", "drone_strike")
    assert all((e["location"] or {}).get("admin1") != "Kachin State" for e in got)


@pytest.mark.parametrize("text", [
    "The two sides agreed to set up a joint working group on licences for Ukrainian grain exports.",
    "The leaders agreed to set up a coordination cell in Paris and to finance the production of interceptor drones "
    "in Ukraine.",
])
def test_a_deal_agreed_without_two_sides_or_a_table(text: str) -> None:
    assert "negotiation" not in types_of(text)


@pytest.mark.parametrize("later", [
    '"The next session is set for Mekelle on November 20," the spokesman said.',
    "The General Border Committee is due to convene in Phnom Penh next month.",
    "A meeting of the ceasefire verification mechanism is scheduled for October 6 in Goma.",
])
def test_the_next_session_of_the_same_process(later: str) -> None:
    steps = [e for e in events_of(_JEDDAH + later, "negotiation") if e["evidence"] == later]
    assert [e["subtype"] for e in steps] == ["talks_scheduled"]


def test_a_next_session_of_nobody_in_particular() -> None:
    # (no step between two sides before it: the European ministers' next session is theirs)
    later = '"The next session is set for Mekelle on November 20," the spokesman said.'
    alone = "European foreign ministers met in Brussels on Wednesday to discuss aid for Sudan.\n\n" + later
    assert [e for e in events_of(alone, "negotiation") if e["evidence"] == later] == []


def test_colombia_talks_and_an_earlier_halt() -> None:
    text = ("On Monday, government negotiators and ELN commanders met in Havana for the first time since talks were "
            "suspended in January 2025, the Cuban foreign ministry said.")
    got = events_of(text, "negotiation")
    assert [(e["subtype"], e["location"]["place"]) for e in got] == [("talks_held", "Havana")]
    assert "Colombian armed groups" in got[0]["actors"]["parties"]
    # a halt that is the news stays a halt
    assert types_of("The talks in Havana between the government and the ELN were suspended on Monday.") == set()


# --- Date probe (guide, "Sixteenth session") ---

@pytest.mark.parametrize(("text", "date", "precision"), [
    ("Ten years ago today, the Colombian government and the FARC signed a bilateral ceasefire agreement in Havana.",
     "2016-12-03", "day"),
    ("A year ago today, drones struck a hospital in Sumy, killing nine.", "2025-12-03", "day"),
    ("In mid-November, Kinshasa and the M23 exchanged draft texts in Doha.", "2026-11-01", "month"),
    ("Russian and Ukrainian negotiators are expected to meet again in Vienna by the middle of the month, officials "
     "said.", "2026-12-01", "month"),
    # no statement to date: the day is the talks'
    ("Russian and Ukrainian negotiators ended a day of talks in Riyadh without a joint statement on Monday.",
     "2026-11-30", "day"),
])
def test_dates_told_these_ways(text: str, date: str, precision: str) -> None:
    events = tag("", text, PUB)
    assert [(e["event_date"], e["date_precision"]) for e in events] == [(date, precision)]


def test_a_statement_day_stays_a_statement_day() -> None:
    # (the look-alike: a statement there is, dated Monday; the talks' own day is Saturday)
    got = events_of("Russian and Ukrainian negotiators met in Riyadh on Saturday, a joint statement said on Monday.",
                    "negotiation")
    assert [e["event_date"] for e in got] == ["2026-11-28"]


# --- A fresh review of the session's rules (guide, "Sixteenth session") ---

@pytest.mark.parametrize(("sentence", "source"), [
    ("KYIV, Dec 3 (Reuters) - Ukraine's air force said 40 drones were downed.", "Ukraine's air force"),
    ("PORT SUDAN, Sudan (AP) — Sudan's military on Monday said drones hit the airport.", "Sudan's military"),
    ("Belgorod governor Vyacheslav Gladkov had earlier said two people were hurt.",
     "Belgorod governor Vyacheslav Gladkov"),
    ("The army late on Monday said drones struck the base.", "army"),
    # look-alikes: an abbreviation in brackets, a newspaper named after a weekday
    ("The Rapid Support Forces (RSF) said they shot down a drone.", "Rapid Support Forces (RSF)"),
    ("The Mail on Sunday reported that drones hit the base.", "Mail on Sunday"),
])
def test_source_names_without_datelines_or_adverbs(sentence: str, source: str) -> None:
    assert actors.attribution(sentence) == source


@pytest.mark.parametrize("text", [
    "A Russian glide bomb hit a Ukrainian drone workshop in Kharkiv, destroying dozens of drones.",
])
def test_drones_destroyed_by_a_bomb(text: str) -> None:
    assert "drone_strike" not in types_of(text)


@pytest.mark.parametrize("text", [
    "Pakistan and Saudi Arabia signed a mutual defence agreement in Riyadh.",
    "Chinese and US trade negotiators met in Kuala Lumpur on Sunday.",
    "Putin discussed the situation in Ukraine by phone with Alexander Lukashenko on Tuesday.",
])
def test_no_step_between_sides_at_war(text: str) -> None:
    assert "negotiation" not in types_of(text)


@pytest.mark.parametrize(("text", "subtypes"), [
    ("A draft protocol on prisoner exchanges was handed to the Russian delegation on Thursday.", ["proposal"]),
    # (a proposal still to be raised is no step of its own; the delegation expected in Geneva is talks to come)
    ("Ukraine's delegation is expected to raise a new proposal for the exchange of prisoners in Geneva.",
     ["talks_scheduled"]),
    ("Russian and Ukrainian delegations met in Istanbul on Wednesday and set out their positions on a ceasefire, "
     "prisoner exchanges and the Zaporizhzhia nuclear plant.", ["talks_held"]),
    ("Russian and Ukrainian delegations met in Istanbul on Wednesday and agreed to exchange 1,000 prisoners each.",
     ["talks_held", "prisoner_exchange"]),
])
def test_steps_and_topics(text: str, subtypes: list[str]) -> None:
    assert [e["subtype"] for e in events_of(text, "negotiation")] == subtypes


def test_a_live_page_clock_is_no_day() -> None:
    got = events_of("Mon 30 Nov 22.15 GMT: Russian drones hit an apartment block in Kharkiv, the mayor said.",
                    "drone_strike")
    assert [e["event_date"] for e in got] == ["2026-11-30"]


@pytest.mark.parametrize(("text", "place", "admin1", "country"), [
    ("A Cambodian drone dropped a bomb near a Thai outpost in Sa Kaeo province on Tuesday.", None,
     "Sa Kaeo Province", "Thailand"),
    ("A drone attack on a police post in Santander killed two officers on Sunday.", None, "Santander Department",
     "Colombia"),
    # a town that names its province too is the town
    ("Drones hit a market in Surin on Monday, wounding four.", "Surin", None, "Thailand"),
])
def test_border_provinces_and_departments(text: str, place: str | None, admin1: str | None, country: str) -> None:
    [event] = events_of(text, "drone_strike")
    loc = event["location"]
    assert (loc["place"], loc["country"]) == (place, country)
    if admin1 is not None:
        assert loc["admin1"] == admin1


@pytest.mark.parametrize(("text", "found"), [
    ("Anwar Ibrahim hosted the Thai and Cambodian prime ministers in Kuala Lumpur on Sunday.", True),
    ("Erdogan hosted the Russian and Ukrainian foreign ministers in Antalya on Thursday.", True),
    # one side's allies hosted are no talks
    ("Macron hosted European leaders in Paris on Monday to discuss security guarantees for Ukraine.", False),
])
def test_a_host_and_the_sides_he_hosted(text: str, found: bool) -> None:
    assert [e["subtype"] for e in events_of(text, "negotiation")] == (["talks_held"] if found else [])


# --- A second review: "they" after another pair ---

_SWAP = "Ukraine and Russia exchanged 84 prisoners of war on Tuesday.\n\n"


@pytest.mark.parametrize("between", [
    "Ukraine and Hungary met in Budapest on Tuesday to discuss minority rights.",
    "In Kyiv, the ruling party and opposition factions agreed to form a working group on wartime elections.",
    "Israeli opposition leaders met Prime Minister Netanyahu on Monday.",
])
def test_they_after_another_pair_are_not_the_sides(between: str) -> None:
    later = "They will meet again in Uzhhorod on December 14."
    got = [e for e in events_of(_SWAP + between + " " + later, "negotiation") if e["evidence"] == later]
    assert got == []


def test_they_after_a_go_between_s_remark_are_the_sides() -> None:
    text = (_SWAP + "The exchange was mediated by the United Arab Emirates, officials said. It was the sixth this year."
            "\n\nThey will meet again in Abu Dhabi on December 14.")
    got = [e for e in events_of(text, "negotiation") if e["evidence"].startswith("They will meet")]
    assert [e["subtype"] for e in got] == ["talks_scheduled"]
    assert {"Ukraine", "Russia"} <= set(got[0]["actors"]["parties"])


@pytest.mark.parametrize("text", [
    "A training session for drone operators was held in Kyiv on Monday.",
    "A plenary session of the Verkhovna Rada was held in Kyiv on Tuesday.",
    # a state's own document in the passive is no step between sides
    _SWAP + "A draft of the new election law was handed to the parliament on Wednesday.",
])
def test_sessions_and_documents_of_one_side(text: str) -> None:
    assert [e for e in events_of(text, "negotiation") if e["subtype"] in ("talks_held", "proposal")] == []


@pytest.mark.parametrize("later", [
    "They will reconvene in Jeddah on December 14.",
    '"We will meet again in Geneva on December 16," the army negotiator said.',
])
def test_the_sides_reconvene(later: str) -> None:
    got = [e for e in events_of(_JEDDAH + later, "negotiation") if e["evidence"] == later]
    assert [e["subtype"] for e in got] == ["talks_scheduled"]


def test_a_body_reconvening_is_no_talks() -> None:
    later = "Lawmakers are due to reconvene in Khartoum on Monday."
    assert [e for e in events_of(_JEDDAH + later, "negotiation") if e["evidence"] == later] == []


def test_south_sudan_talks_and_a_stalled_deal_as_their_topic() -> None:
    got = events_of("In Juba, South Sudan's government and the opposition SPLM-IO met on Monday to discuss the "
                    "stalled peace deal.", "negotiation")
    assert [(e["subtype"], e["location"]["place"]) for e in got] == [("talks_held", "Juba")]
    assert {"South Sudan", "SPLM-IO"} <= set(got[0]["actors"]["parties"])
    # talks that stalled are no talks held
    assert types_of("Talks between South Sudan's government and the SPLM-IO in Juba stalled on Monday.") == set()


def test_a_go_between_s_own_mission_is_no_party() -> None:
    text = ("Leaders of the countries contributing troops to the African Union's mission in Somalia met in Kampala on "
            "Tuesday to discuss funding.")
    assert "negotiation" not in types_of(text)


@pytest.mark.parametrize(("text", "date"), [
    ("Three years ago, drones hit a power plant in Kurakhove on December 1, killing two workers.", "2023-12-01"),
    # (a clause about years ago does not move another clause's date)
    ("Drones hit a power plant in Kurakhove on December 1, two years after the first strike there, killing two.",
     "2026-12-01"),
    ("Russian and Ukrainian delegations will meet in Istanbul on Thursday next week, officials said.", "2026-12-10"),
    ("Russian and Ukrainian delegations will meet in Istanbul on Friday, officials said.", "2026-12-04"),
])
def test_years_back_and_a_weekday_next_week(text: str, date: str) -> None:
    assert [e["event_date"] for e in tag("", text, PUB)] == [date]


# --- A drone-page precision probe ---

@pytest.mark.parametrize("text", [
    "Rights groups say civilian casualties from air and drone strikes are rarely investigated.",
    "Courts have convicted dozens of people for passing coordinates of energy facilities to Russian intelligence, "
    "which prosecutors say were used to plan missile and drone strikes.",
    "US Central Command said aircraft destroyed two Houthi drone boats and a storage site near Salif before they "
    "could be used against shipping.",
    "The brigade says its interceptors destroyed more than 300 Shaheds in October.",
])
def test_drone_strikes_in_general_or_as_targets(text: str) -> None:
    assert "drone_strike" not in types_of(text)


@pytest.mark.parametrize("text", [
    # drone boats destroyed on their way to attack were the weapon of an attack intercepted
    "Russia's defence ministry said its aircraft had destroyed two uncrewed boats in the western Black Sea on "
    "Tuesday morning as they headed toward Crimea.",
    "Air defences destroyed 40 drones over the Kyiv region overnight, the air force said.",
])
def test_drones_destroyed_in_an_attack_stay(text: str) -> None:
    assert "drone_strike" in types_of(text)
