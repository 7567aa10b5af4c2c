"""Reporting round (dev_j, the retired heldout_h; engine 2026.12.30): each rule beside the look-alike it
must not catch. Texts written here from the rule, not copied from the tuning file.

PUB (rule_helpers) is Thursday 2026-12-03."""

from __future__ import annotations

import pytest

from tests.tagger.rule_helpers import events_of


@pytest.mark.parametrize(("record", "incident"), [
    # A perfect-tense predicate over many unnamed targets, undated and uncounted, is a record.
    ("Coalition warships have intercepted many drones and missiles over the Gulf of Aden.",
     "Coalition warships have intercepted a drone over the Gulf of Aden, the navy said."),
    ("In North Darfur, army drones have struck markets, water points and fuel convoys.",
     "In North Darfur, army drones have struck a market in Kutum, killing four people."),
    ("Iranian-designed drones have been used in strikes that killed civilians in Sudan and Yemen.",
     "Russian drones have struck Kherson, the regional governor said."),
])
def test_perfect_tense_over_many_undated_targets_is_a_record(record: str, incident: str) -> None:
    assert not events_of(record, "drone_strike")
    assert len(events_of(incident, "drone_strike")) == 1


def test_the_drone_after_a_surveillance_drone_is_that_drone():
    text = ("The army said it had shot down a Hezbollah surveillance drone over the western Galilee on "
            "Tuesday.\n\n"
            "The drone was intercepted by an air defence missile near the border town of Shlomi, it said.")
    assert not events_of(text, "drone_strike")
    # The look-alike: after an attack drone, "the drone" is the weapon and its hit the event.
    attack = ("Hezbollah launched an explosive drone at the western Galilee on Tuesday, the army said.\n\n"
              "The drone hit a barn near the border town of Shlomi, it said.")
    assert events_of(attack, "drone_strike")


def test_drones_inside_a_described_video_are_what_it_shows():
    text = ("On Friday, the brigade destroyed a Russian Orlan-10 reconnaissance drone over the Kherson front by "
            "ramming it, its commander said, showing a video in which a small quadcopter closes on the larger "
            "drone.")
    assert not events_of(text, "drone_strike")
    look_alike = ("On Friday, a Russian attack drone struck a bus in Kherson, the governor said, releasing a "
                  "video that shows the burnt vehicle.")
    assert events_of(look_alike, "drone_strike")


def test_a_campaign_continued_without_a_day_is_background():
    text = ("The talks resumed after a pause of two months, during which Ukraine continued its long-range drone "
            "strikes on Russian refineries and airfields.")
    assert not events_of(text, "drone_strike")
    dated = "Ukraine continued its drone strikes on Russian refineries overnight, hitting a plant in Saratov."
    assert events_of(dated, "drone_strike")


def test_drones_readied_or_stored_at_a_struck_site_are_its_targets():
    site = ("The General Staff said the strike hit a depot near Khomutovka, where Russian forces had been "
            "storing and launching Geran drones.")
    assert not events_of(site, "drone_strike")
    readied = ("Ukrainian rockets hit an airfield in the Kursk region on Thursday, destroying drones that the "
               "General Staff said were being prepared for attacks.")
    assert not events_of(readied, "drone_strike")
    # The look-alike: drones launched from the site that then hit a town are the weapon.
    launched = ("Russian forces launched Geran drones from a site near Khomutovka overnight, hitting a school in "
                "Shostka.")
    assert events_of(launched, "drone_strike")


@pytest.mark.parametrize(("background", "step"), [
    ("The Holy See has been involved in humanitarian efforts linked to the war, including the return of "
     "Ukrainian children taken to Russia and the exchange of prisoners.",
     "The Holy See helped arrange the exchange of 90 prisoners between Russia and Ukraine on Tuesday."),
    ("Lukashenko has at times presented himself as a mediator between Russia and the West and has released "
     "political prisoners in deals with the United States.",
     "Belarus released 14 political prisoners on Wednesday in a deal with the United States."),
])
def test_a_habit_or_an_involvement_recounted_is_background(background: str, step: str) -> None:
    assert not events_of(background, "negotiation")
    assert events_of(step, "negotiation")


def test_a_communique_after_a_bodys_own_meeting_is_not_talks():
    text = ("In a communiqué after a meeting at ministerial level, the council urged Kinshasa and the M23 "
            "rebels to choose dialogue over drones.")
    assert not events_of(text, "negotiation")
    talks = ("Delegations of Kinshasa and the M23 rebels met in Doha on Monday for a second round of talks, "
             "Qatar said.")
    assert events_of(talks, "negotiation")


def test_an_envoy_who_cancelled_his_trip_holds_no_talks():
    text = "The U.S. envoy, who was expected in Doha for the meeting with Hamas negotiators, cancelled his trip."
    assert not events_of(text, "negotiation")
    held = "The U.S. envoy, who arrived in Doha on Monday, met Hamas negotiators for three hours."
    assert events_of(held, "negotiation")


def test_an_agreement_of_arms_makers_is_industry_not_a_negotiation():
    text = ("Several European defence companies signed memorandums with Ukrainian firms on Thursday to produce "
            "drones in Europe, out of reach of Russian strikes.")
    assert not events_of(text, "negotiation")
    deal = "Russia and Ukraine signed a memorandum on a Black Sea moratorium in Istanbul on Thursday."
    assert events_of(deal, "negotiation")


def test_peacefully_is_not_a_word_of_the_war():
    text = ("A standoff in a street in Leeds ended peacefully on Friday when a man surrendered to police after "
            "talks with negotiators.")
    assert not events_of(text, "negotiation")


def test_a_line_that_names_no_meeting_keeps_the_allies_meeting_the_one_meant():
    text = ("Leaders of more than thirty countries that support Ukraine met in Paris on Thursday and pledged "
            "more air defence.\n\n"
            "\"Every Russian drone must meet a Ukrainian interceptor,\" Zelensky said.\n\n"
            "The summit took place against the background of intensified Russian attacks on Ukrainian cities.")
    assert not events_of(text, "negotiation")
    # The look-alike: talks between the parties named in between become "the meeting" meant after.
    talks = ("Leaders of more than thirty countries that support Ukraine met in Paris on Thursday.\n\n"
             "Russian and Ukrainian negotiators met in Istanbul on Friday to discuss a prisoner swap.\n\n"
             "The meeting lasted two hours, Turkish officials said.")
    assert events_of(talks, "negotiation")


def test_an_arrow_bulleted_teaser_is_a_link_not_a_report():
    text = ("Residents of Nabatieh buried two men on Thursday.\n\n"
            "› Drone hits car in Nabatieh, two killed (November)\n\n"
            "» Israeli drone strikes motorbike near Tyre (October)")
    assert not events_of(text, "drone_strike")
    prose = "An Israeli drone hit a car in Nabatieh on Thursday, killing two men, the health ministry said."
    assert events_of(prose, "drone_strike")


def test_what_talks_focused_on_is_their_topic():
    text = ("The presidency said the talks with Israel in Naqoura on Monday had focused on the withdrawal from "
            "five hilltops and the release of Lebanese detainees held by Israel.")
    assert "prisoner_exchange" not in [e["subtype"] for e in events_of(text, "negotiation")]
    # The look-alike: a release agreed at the talks is a step of its own.
    agreed = ("Lebanon and Israel met in Naqoura on Monday and agreed on the release of four Lebanese detainees "
              "held by Israel.")
    assert "prisoner_exchange" in [e["subtype"] for e in events_of(agreed, "negotiation")]


def test_a_monitors_documented_toll_is_a_record():
    text = ("The UN monitoring mission has documented hundreds of civilian casualties from short-range drones "
            "in the Kherson region and has described the attacks as deliberate.")
    assert not events_of(text, "drone_strike")
    dated = ("The UN monitoring mission said a short-range drone killed a civilian in the Kherson region on "
             "Tuesday.")
    assert events_of(dated, "drone_strike")


@pytest.mark.parametrize(("background", "step"), [
    ("A ceasefire brokered by Qatar and Turkey between Pakistan and Afghanistan has largely held along the "
     "border.",
     "A ceasefire between Pakistan and Afghanistan brokered by Qatar and Turkey took effect on Sunday."),
    ("The last large exchange between Russia and Ukraine, brokered by the UAE, saw nearly 900 prisoners "
     "freed.",
     "The last exchange between Russia and Ukraine, on June 12, saw 390 prisoners freed."),
])
def test_a_truce_that_held_and_the_last_exchange_undated_are_background(background: str, step: str) -> None:
    assert not events_of(background, "negotiation")
    assert events_of(step, "negotiation")


def test_a_claim_to_have_downed_drones_is_no_perfect_tense_record():
    claim = "Moscow claims to have downed drones over the Bryansk region."
    assert [e["subtype"] for e in events_of(claim, "drone_strike")] == ["interception_claim"]
    record = "Russian air defences have downed many drones over the Bryansk region."
    assert not events_of(record, "drone_strike")


def test_a_negotiation_in_the_singular_can_be_under_way():
    text = ("A separate negotiation between the Congolese government and the M23, mediated by Qatar, is under "
            "way in Doha.")
    assert [e["subtype"] for e in events_of(text, "negotiation")] == ["talks_held"]
    assert not events_of("A negotiation between the Congolese government and the M23 is what Qatar wants.",
                         "negotiation")


def test_a_draft_presented_to_both_sides_is_a_step():
    text = "The mediators presented both sides with a draft for a three-month humanitarian truce."
    assert events_of(text, "negotiation")
    # The look-alike: both sides named only as those who want something is no step.
    assert not events_of("The mediators said both sides want a three-month humanitarian truce.", "negotiation")


def test_an_apposition_about_the_target_does_not_make_the_strike_a_summary():
    text = ("In February 2024, naval drones sank the landing ship Tsezar Kunikov near Alupka, one of several "
            "large vessels lost by the fleet in the first two years of the war.")
    assert [e["subtype"] for e in events_of(text, "drone_strike")] == ["sea_drone_attack"]
    summary = "Naval drones sank several large vessels near Crimea in the first two years of the war."
    assert not events_of(summary, "drone_strike")


def test_envoys_who_joined_a_meeting_held_talks():
    text = ("Civilian envoys from Lebanon and Israel joined a meeting of the ceasefire monitoring committee in "
            "Naqoura on December 3.")
    assert [e["subtype"] for e in events_of(text, "negotiation")] == ["talks_held"]
    assert not events_of("Civilian envoys from Lebanon and Israel may join a meeting of the committee in "
                         "Naqoura.", "negotiation")


def test_the_history_in_a_which_clause_is_the_objects_not_the_steps():
    text = ("In Riyadh, Saudi and Houthi delegations agreed to extend the truce along the border, which has "
            "largely held for several years, and to continue talks on salaries.")
    assert "ceasefire" in [e["subtype"] for e in events_of(text, "negotiation")]
    # The look-alike: when the clause holds the step itself, its history is what the sentence says.
    habit = ("The United Arab Emirates, which has mediated dozens of prisoner exchanges between Russia and "
             "Ukraine, has emerged as a venue for discreet contacts.")
    assert not events_of(habit, "negotiation")


def test_a_step_listed_among_issues_is_a_topic():
    text = ("Turkey will keep contributing to the resolution of humanitarian issues between Russia and Ukraine, "
            "including the exchange of prisoners.")
    assert not events_of(text, "negotiation")
    step = "Turkey said Russia and Ukraine had completed the exchange of 300 prisoners on Tuesday."
    assert events_of(step, "negotiation")


def test_teams_the_leaders_agreed_would_meet_are_talks_scheduled():
    text = ("The two leaders agreed that their negotiating teams would meet in Abu Dhabi next week, a Kremlin aide "
            "told reporters.")
    assert [e["subtype"] for e in events_of(text, "negotiation")] == ["talks_scheduled"]
    assert not events_of("The two leaders could agree that their teams might meet in Abu Dhabi at some point.",
                         "negotiation")



# dev_k (the first half of this session's blind set, scored once, then tuned on).

@pytest.mark.parametrize(("called_off", "step"), [
    ("The ombudsman said a prisoner exchange between Russia and Ukraine that families had expected this week "
     "would not take place.",
     "The ombudsman said a prisoner exchange between Russia and Ukraine took place on Tuesday."),
    ("A ceremony at which Kinshasa and the M23 were to sign a protocol on the release of prisoners, planned for "
     "Thursday in Doha, has been postponed.",
     "Kinshasa and the M23 signed a protocol on the release of prisoners in Doha on Thursday."),
])
def test_a_step_called_off_after_its_noun_is_negated(called_off: str, step: str) -> None:
    assert not events_of(called_off, "negotiation")
    assert events_of(step, "negotiation")


def test_a_summit_of_the_sahel_juntas_is_one_blocs_meeting():
    text = ("The leaders of Mali, Burkina Faso and Niger announced a joint drone unit at a summit in Bamako on "
            "Monday.")
    assert not events_of(text, "negotiation")
    talks = "Mali and the JNIM held talks in Bamako on Monday on a local ceasefire, mediators said."
    assert events_of(talks, "negotiation")


def test_exchanges_of_information_and_a_role_played_are_no_swap():
    text = ("The Vatican has played a quiet role during the war between Russia and Ukraine, facilitating exchanges "
            "of information about prisoners.")
    assert not events_of(text, "negotiation")
    swap = "The Vatican said Russia and Ukraine had exchanged 84 prisoners on Friday."
    assert events_of(swap, "negotiation")


@pytest.mark.parametrize("text", [
    "HIMARS rockets hit a launch site in the Donetsk region on Tuesday, destroying a lorry used to transport the "
    "drones.",
    "The package lists suppliers of engines found in the wreckage of Geran drones shot down over Ukraine on "
    "Tuesday.",
    "The truce is to begin at midnight on Saturday and cover long-range strikes with missiles and drones.",
])
def test_drones_carried_wrecked_or_covered_by_a_truce_are_no_strike(text: str) -> None:
    assert not events_of(text, "drone_strike")


def test_drones_shot_down_over_ukraine_on_a_day_are_still_an_interception():
    assert events_of("Air defences shot down 40 Geran drones over Ukraine on Tuesday, the air force said.",
                     "drone_strike")


@pytest.mark.parametrize("text", [
    "Special envoys of Turkey and Armenia met at the border on Wednesday for talks on normalising relations.",
    "In Brussels, EU and Azerbaijani officials held talks on Monday on increasing gas supplies to Europe.",
])
def test_normalisation_and_gas_talks_are_another_domain(text: str) -> None:
    assert not events_of(text, "negotiation")


def test_a_named_step_dated_in_its_apposition_is_a_recounted_step_at_its_city():
    text = "The Pretoria agreement, signed in November 2022, ended two years of war in Tigray."
    events = events_of(text, "negotiation")
    assert [(e["subtype"], e["location"]["place"], e["event_date"], e["date_precision"]) for e in events] == [
        ("agreement", "Pretoria", "2022-11-01", "month")]
    # The look-alike: the month and year date the war, not the truce named as the subject.
    undated = ("The Gaza ceasefire, brokered by the United States, Egypt and Qatar, ended two years of war that "
               "followed the attack on Israel in October 2023.")
    assert not events_of(undated, "negotiation")


def test_a_city_naming_the_talks_is_their_venue():
    events = events_of("The Istanbul talks between Russia and Ukraine ended on Monday after two hours.",
                       "negotiation")
    assert [e["location"]["place"] for e in events] == ["Istanbul"]
    # The look-alike: a capital standing for its government is no venue.
    spoken = events_of("Moscow said talks with Ukraine in Geneva ended on Monday after two hours.", "negotiation")
    assert [e["location"]["place"] for e in spoken] == ["Geneva"]


@pytest.mark.parametrize("text", [
    "The previous round, held in Abu Dhabi on January 23, ended after two days without a joint statement.",
    "A second session, in Geneva on February 18, produced the first draft of a mechanism for monitoring a "
    "future ceasefire.",
])
def test_an_ordinal_round_with_its_venue_and_day_is_talks_held(text: str) -> None:
    assert [e["subtype"] for e in events_of(text, "negotiation")] == ["talks_held"]


def test_a_round_without_venue_or_day_is_not_talks():
    assert not events_of("The previous round of sanctions ended the trade in Abu Dhabi gold.", "negotiation")
    assert not events_of("A second session of parliament produced the first budget outline on Friday.",
                         "negotiation")


@pytest.mark.parametrize(("background", "step"), [
    ("Exchanges of prisoners and bodies have been among the few areas where Moscow and Kyiv have continued to "
     "cooperate.",
     "Moscow and Kyiv carried out an exchange of prisoners and bodies on Friday."),
    ("Russia has rejected a ceasefire with Ukraine before a comprehensive agreement.",
     "Russia on Monday rejected the ceasefire proposal Ukraine handed over in Istanbul on Friday."),
    ("Lebanon's army said it has taken control of most Hezbollah positions south of the Litani, in line with the "
     "ceasefire agreed with Israel.",
     "Lebanon and Israel agreed to a ceasefire on Wednesday, the US envoy said."),
])
def test_habits_stances_and_a_truce_in_force_are_background(background: str, step: str) -> None:
    assert not events_of(background, "negotiation")
    assert events_of(step, "negotiation")


def test_a_negotiator_meeting_lawmakers_holds_no_talks():
    text = ("Umerov, who had flown to the United States earlier in the week, met members of Congress in Washington "
            "instead, his office said.")
    assert not events_of(text, "negotiation")
    talks = "Umerov met the Russian delegation in Istanbul on Monday, his office said."
    assert events_of(talks, "negotiation")


# Recall: words the tuning files showed missing.

@pytest.mark.parametrize(("text", "subtype"), [
    ("Russian drones pound Chernihiv overnight, leaving 30,000 homes without power.", "attack"),
    ("\"Three drones came overnight, and one went straight into the school gym in Kherson,\" a teacher said.",
     "attack"),
    ("An uncrewed explosive boat struck a bulk carrier west of Hodeidah on Friday, the maritime agency said.",
     "sea_drone_attack"),
])
def test_headline_verbs_flying_into_and_explosive_boats(text: str, subtype: str) -> None:
    assert [e["subtype"] for e in events_of(text, "drone_strike")] == [subtype]


def test_no_strike_without_the_drone_hitting():
    assert not events_of("Three drones came overnight and flew back towards the border, a teacher in Kherson said.",
                         "drone_strike")


@pytest.mark.parametrize(("text", "subtype"), [
    ("Military delegations from Ukraine and Russia began a second day of talks in Abu Dhabi on Wednesday.",
     "talks_held"),
    ("Delegations of the Sudanese army and the RSF wrapped up two days of indirect talks in Washington on "
     "Wednesday.", "talks_held"),
])
def test_long_talks_phrases(text: str, subtype: str) -> None:
    assert subtype in [e["subtype"] for e in events_of(text, "negotiation")]



def test_a_drone_in_a_video_of_it_is_what_the_video_shows():
    text = ("On a recent morning the crew brought down an Orlan over the Kinburn spit, the commander said, showing "
            "a video of the drone spiralling into the water after a burst of fire.")
    assert not events_of(text, "drone_strike")
    proof = ("Ukrainian drones struck a Russian radar near the Kinburn spit on Tuesday, the navy said, releasing "
             "a video of the strike.")
    assert events_of(proof, "drone_strike")


def test_returning_to_talks_is_no_return_of_civilians():
    text = ("The African Union's council on Thursday urged Sudan's army and the RSF to return to negotiations and to "
            "stop attacks on civilians.")
    assert not events_of(text, "negotiation")
    handed = "Sudan's army and the RSF returned 40 detainees to their families on Thursday, the ICRC said."
    assert events_of(handed, "negotiation")


def test_the_topic_of_a_forum_is_no_strike():
    text = ("The UN Security Council held an emergency session on Thursday on Russian drone attacks on Ukrainian "
            "cities.")
    assert not events_of(text, "drone_strike")
    attack = "Russian drone attacks on Kharkiv on Thursday killed two people, the governor said."
    assert events_of(attack, "drone_strike")


def test_a_truce_that_took_effect_as_the_time_of_something_else_is_background():
    text = ("The Houthis largely halted their attacks on merchant shipping after the Gaza ceasefire took effect, "
            "although they still threaten Israel.")
    assert not events_of(text, "negotiation")
    step = "The Gaza ceasefire between Israel and Hamas took effect on Sunday morning, mediators said."
    assert events_of(step, "negotiation")


def test_names_after_discussed_are_the_topic_not_the_parties():
    text = ("European leaders also discussed using frozen Russian assets for Ukraine, an issue EU leaders are due to "
            "take up at their summit in Brussels next month.")
    assert not events_of(text, "negotiation")
    call = "Putin and Trump discussed a ceasefire in Ukraine in a phone call on Tuesday, the Kremlin said."
    assert events_of(call, "negotiation")


# One drone_strike event per attacked place (guide § 1).

@pytest.mark.parametrize(("text", "places"), [
    ("Russian drones struck Dnipro and Pavlohrad overnight; at least five people were injured.",
     ["Dnipro", "Pavlohrad"]),
    ("Russian drones struck an industrial enterprise in Lutsk and an energy facility in the Rivne region "
     "overnight, officials said.", ["Lutsk", None]),
])
def test_a_strike_sentence_naming_two_places_gives_one_event_each(text: str, places: list[str | None]) -> None:
    assert [e["location"]["place"] for e in events_of(text, "drone_strike")] == places


@pytest.mark.parametrize("text", [
    "Drones struck an industrial facility in Bila Tserkva, south of Kyiv, on Saturday night, officials said.",
    "Russian drones struck Kharkiv and the Kharkiv region overnight, the governor said.",
    "Two people were killed when drones struck a farm in the village of Mezhova, in the Synelnykove district, "
    "on Tuesday.",
    "Russia attacked Ukraine overnight with 140 drones launched from Kursk, Oryol and Millerovo, hitting Odesa.",
    "On June 1, Ukrainian FPV drones hit bombers at four air bases, including Belaya and Olenya.",
    "An Israeli drone fired on tents west of Khan Younis on Monday, Gaza's civil defence said.",
])
def test_reference_points_regions_origins_and_examples_are_not_second_places(text: str) -> None:
    assert len(events_of(text, "drone_strike")) == 1


def test_attacks_that_have_killed_civilians_are_a_record():
    text = "Officials there say Ukrainian drone attacks have killed civilians in Oleshky and Hola Prystan."
    assert not events_of(text, "drone_strike")
    one = "Officials say a Ukrainian drone attack has killed two civilians in Oleshky."
    assert events_of(one, "drone_strike")


def test_a_tally_over_several_regions_joins_the_nights_strike_on_a_town():
    text = ("A Ukrainian drone attack in the early hours of Thursday hit the Lukoil refinery in Kstovo, in the "
            "Nizhny Novgorod region, two industry sources said.\n\n"
            "Russia's defence ministry said 61 Ukrainian drones had been shot down overnight over eight regions, "
            "including Nizhny Novgorod.")
    events = events_of(text, "drone_strike")
    assert [e["location"]["place"] for e in events] == ["Kstovo"]
    # The look-alike: alone, the tally is one event for the country.
    alone = events_of("Russia's defence ministry said 61 Ukrainian drones had been shot down overnight over eight "
                      "regions, including Nizhny Novgorod.", "drone_strike")
    assert [(e["location"]["place"], e["location"]["country"]) for e in alone] == [(None, "Russia")]


def test_a_city_hit_late_in_the_evening_and_the_nights_tally_are_one_wave():
    text = ("Russian drones hit the centre of Odesa late on Wednesday, injuring five people, the governor said.\n\n"
            "Ukraine's air force said Russia had launched 88 drones at Ukraine overnight and that 72 had been shot "
            "down.")
    assert [e["location"]["place"] for e in events_of(text, "drone_strike")] == ["Odesa"]
    # The look-alike: a strike two days before the tally is another event.
    earlier = ("Russian drones hit the centre of Odesa on Monday, injuring five people, the governor said.\n\n"
               "Ukraine's air force said Russia had launched 88 drones at Ukraine overnight and that 72 had been "
               "shot down.")
    assert len(events_of(earlier, "drone_strike")) == 2


def test_talks_as_the_time_of_fighting_and_returnees_met_by_medics_are_no_talks():
    assert not events_of("Russian and Ukrainian forces have continued to strike each other's ports during the talks "
                         "in Istanbul.", "negotiation")
    swap = events_of("The exchange of prisoners between Russia and Ukraine took place at the border, where the "
                     "returnees were met by medics.", "negotiation")
    assert [e["subtype"] for e in swap] == ["prisoner_exchange"]
    # The look-alikes: talks held during a lull, and delegations that met.
    assert events_of("Russian and Ukrainian delegations met in Istanbul on Monday during a lull in the fighting.",
                     "negotiation")


def test_prisoners_who_were_held_add_no_talks():
    text = "The 200 prisoners, who were held in camps near Kursk, were exchanged by Russia and Ukraine on Friday."
    assert [e["subtype"] for e in events_of(text, "negotiation")] == ["prisoner_exchange"]
    talks = "Russia and Ukraine met in Istanbul on Friday and agreed to exchange 200 prisoners."
    assert sorted(e["subtype"] for e in events_of(talks, "negotiation")) == ["prisoner_exchange", "talks_held"]


@pytest.mark.parametrize(("topic", "step"), [
    ("Lebanon says the talks with Israel will focus only on the withdrawal, the release of Lebanese detainees "
     "and the border.", "prisoner_exchange"),
    ("An RSF delegation held talks with US officials in Washington on Tuesday, focusing on a proposed "
     "humanitarian truce.", "ceasefire"),
    ("The draft, delivered to the army in Port Sudan and to the RSF in Nairobi, provides for a three-month "
     "cessation of hostilities.", "ceasefire"),
])
def test_what_talks_focus_on_or_a_draft_provides_for_is_their_content(topic: str, step: str) -> None:
    assert step not in [e["subtype"] for e in events_of(topic, "negotiation")]


def test_a_guarantor_of_the_truce_and_stalled_talks_are_no_step():
    assert not events_of("Turkey, a guarantor of the Gaza ceasefire, has said it is ready to train a police force.",
                         "negotiation")
    assert not events_of("Talks between Kinshasa and the M23 had stalled over the release of prisoners and the "
                         "reopening of banks.", "negotiation")
    assert events_of("Talks between Kinshasa and the M23 resumed in Doha on Monday, Qatar said.", "negotiation")


def test_a_step_compared_with_the_one_reported_is_another_step():
    text = ("Russia and Ukraine exchanged 390 prisoners each on Tuesday, the coordination headquarters said.\n\n"
            "It follows a smaller exchange of 150 prisoners for 150 earlier this month.")
    assert len(events_of(text, "negotiation")) == 2
    same = ("Russia and Ukraine exchanged 390 prisoners each on Friday, the coordination headquarters said.\n\n"
            "The exchange of 390 prisoners was mediated by the United Arab Emirates.")
    assert len(events_of(same, "negotiation")) == 1


# Dates (PUB is Thursday 2026-12-03).

def _date(text: str, etype: str) -> list[str]:
    return [e["event_date"] for e in events_of(text, etype)]


def test_the_datelines_date_yields_to_the_events_own():
    text = ("PORT SUDAN, Dec 3 — RSF drones struck a fuel depot near the southern quay of Port Sudan on Tuesday, "
            "the army said.")
    assert _date(text, "drone_strike") == ["2026-12-01"]
    alone = "PORT SUDAN, Dec 2 — RSF drones struck a fuel depot near the southern quay of Port Sudan."
    assert _date(alone, "drone_strike") == ["2026-12-02"]


def test_of_two_named_days_the_one_nearest_the_predicate_dates_the_event():
    text = ("Oil prices rose on Wednesday after Ukrainian drones hit the Sheskharis terminal in Novorossiysk on "
            "Tuesday night.")
    assert _date(text, "drone_strike") == ["2026-12-01"]
    relative = "One year ago today, the presidents of the United States and Russia met in Anchorage."
    assert _date(relative, "negotiation") == ["2025-12-03"]


def test_a_truce_from_a_date_was_agreed_on_the_day_named_for_the_agreement():
    text = ("Russia and Ukraine agreed on Tuesday to a three-day ceasefire from December 9, the Kremlin and "
            "Ukraine's foreign ministry said.")
    assert _date(text, "negotiation") == ["2026-12-01"]
    damage = "Insurers are still assessing damage from the November 14 strike in which drones set fire to a refinery."
    assert _date(damage, "drone_strike") == ["2026-11-14"]


def test_the_next_day_after_a_named_date_dates_the_step_it_introduces():
    text = ("Following the drone assault on Russian air bases on November 1, delegates of Russia and Ukraine "
            "gathered the next day for another round of direct negotiations in Istanbul.")
    assert _date(text, "drone_strike") == ["2026-11-01"]
    assert _date(text, "negotiation") == ["2026-11-02"]


def test_a_truce_from_a_clock_time_on_a_day_was_declared_on_the_day_named_for_it():
    text = ("Putin on Tuesday declared a ceasefire with Ukraine from 16:00 Moscow time on Saturday until midnight on "
            "Sunday, the Kremlin said.")
    assert _date(text, "negotiation") == ["2026-12-01"]
