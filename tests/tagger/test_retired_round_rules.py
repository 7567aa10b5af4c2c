"""Retired-files round (dev_v and dev_w, the former heldout_u and heldout_t; engine 2026.12.35).

Each rule beside the look-alike it must not catch. Texts are written from the rule, not copied from
the tuning files or the seeds. PUB (rule_helpers) is Thursday 2026-12-03."""

from __future__ import annotations

import pytest

from tests.tagger.rule_helpers import events_of


@pytest.mark.parametrize(("not_weapon", "weapon"), [
    ("Estonia and Ukraine on Monday launched a \"drone coalition\" to pool orders from a dozen countries.",
     "Russia launched \"kamikaze\" drones at Kharkiv on Monday, the governor said."),
    ("Norway on Monday launched a fund that aims to supply Ukrainian brigades with 50,000 interceptor and FPV "
     "drones next year.",
     "Russian troops armed with Lancet drones struck a howitzer near Kupiansk on Monday."),
])
def test_a_drone_coalition_or_drones_supplied_are_no_weapon_launched(not_weapon: str, weapon: str) -> None:
    assert not events_of(not_weapon, "drone_strike")
    assert events_of(weapon, "drone_strike")


def test_a_drone_count_hitting_a_record_is_no_hit() -> None:
    body = "Figures showed that Russia launched more drones at Ukrainian cities in June than in any other month."
    title = "New drone packages from London as Russia's June drone count hits record"
    assert not events_of(body, "drone_strike", title=title)
    assert events_of("", "drone_strike", title="Russian drones hit Odesa port overnight")


@pytest.mark.parametrize(("rate", "strike"), [
    ("Russia's defence ministry claims to shoot down hundreds of Ukrainian drones each week, but it rarely reports "
     "damage.",
     "The ministry said it shot down 48 Ukrainian drones over the Bryansk region overnight."),
    ("In July, Russia's defence ministry claimed to shoot down hundreds of Ukrainian drones each week.",
     "In Kherson, a drone struck the same bus depot for the second time in a week on Monday, the governor said."),
])
def test_a_rate_is_no_strike(rate: str, strike: str) -> None:
    assert not events_of(rate, "drone_strike")
    assert events_of(strike, "drone_strike")


def test_a_habit_stated_far_before_the_verb_is_still_a_habit() -> None:
    habit = ("The defence ministry, which usually publishes the number of Ukrainian drones it says were shot down "
             "overnight, issued no such figures on Monday.")
    assert not events_of(habit, "drone_strike")
    assert events_of("The defence ministry said on Monday that 31 Ukrainian drones were shot down overnight over the "
                     "Kursk region.", "drone_strike")


@pytest.mark.parametrize("total", [
    "The air force said Russia launched more than 1,100 drones during the week that ended on Sunday.",
    "Britain announced new drone packages for Ukraine on Monday, as figures from the air force showed that Russia "
    "launched more drones at Ukrainian cities in June than in any other month.",
])
def test_a_weeks_total_or_a_comparison_of_totals_is_no_attack(total: str) -> None:
    assert not events_of(total, "drone_strike")
    assert events_of("The air force said Russia launched 112 drones at Ukraine overnight, 90 of which were downed.",
                     "drone_strike")


def test_strikes_named_as_what_a_proposed_halt_covers_are_no_strikes() -> None:
    proposal = ("Kyiv handed the mediators a proposal for a mutual halt to long-range drone and missile strikes on "
                "energy sites on Monday.")
    assert not events_of(proposal, "drone_strike")
    assert events_of("Long-range drone and missile strikes hit energy sites in Lviv on Monday.", "drone_strike")


def test_learning_to_shoot_down_drones_is_training() -> None:
    assert not events_of("Near Pabrade, soldiers from four armies spent last week learning to shoot down drones.",
                         "drone_strike")
    assert events_of("Near Pabrade, soldiers shot down two Russian drones that crossed the border on Monday.",
                     "drone_strike")


def test_a_reported_comparison_of_gerunds_is_general() -> None:
    assert not events_of("Engineers in Kyiv say that destroying drones at their launch sites is cheaper than shooting "
                         "them down over cities.", "drone_strike")
    assert events_of("Officials in Kyiv say that drones hit two warehouses in the city's Obolon district on Monday.",
                     "drone_strike")


def test_damaged_or_sunk_several_is_a_record() -> None:
    assert not events_of("Sea drones such as the Magura V5 have damaged or sunk several Russian warships, Kyiv says.",
                         "drone_strike")
    got = events_of("Ukrainian sea drones have damaged or sunk the landing ship Olenegorsky Gornyak near Novorossiysk.",
                    "drone_strike")
    assert [e["subtype"] for e in got] == ["sea_drone_attack"]


def test_a_tally_over_listed_regions_joins_the_nights_hit_in_one_of_them() -> None:
    joined = ("A drone hit a warehouse on the edge of Kaluga overnight, the governor said. The defence ministry said "
              "its forces had downed 41 Ukrainian drones over the Bryansk, Kaluga and Rostov regions overnight.")
    got = events_of(joined, "drone_strike")
    assert [e["location"]["place"] for e in got] == ["Kaluga"]
    apart = ("A drone hit a warehouse on the edge of Kaluga overnight, the governor said. The defence ministry said "
             "its forces had downed 41 Ukrainian drones over the Bryansk, Kursk and Rostov regions overnight.")
    assert len(events_of(apart, "drone_strike")) == 2


@pytest.mark.parametrize(("not_step", "step"), [
    ("Ukrainian officials dismissed the offer and said Kyiv wanted a full, unconditional ceasefire of at least "
     "30 days.",
     "Ukrainian officials on Monday proposed a full, unconditional ceasefire of at least 30 days."),
    ("Diplomats in Cairo say Hamas and Israel remain far apart on the terms of a new ceasefire.",
     "Diplomats in Cairo say Hamas and Israel agreed on Monday on the terms of a new ceasefire."),
    ("The final declaration, endorsed by 70 delegations, focused on food security and the return of prisoners and "
     "deported children.",
     "Russia and Ukraine agreed in Istanbul on Monday on the return of 1,000 prisoners each."),
])
def test_a_wish_a_gap_or_a_topic_is_no_step(not_step: str, step: str) -> None:
    assert not events_of(not_step, "negotiation")
    assert events_of(step, "negotiation")


@pytest.mark.parametrize(("unset", "scheduled"), [
    ("US officials say they will make a new attempt at a truce in Gaza after the killing of the Hamas leader last "
     "week, but no new round has been scheduled.",
     "Officials say the next round will be held in Doha on Tuesday."),
    ("Mediators say they will make a new attempt at a truce in Gaza after the killing of the Hamas leader last "
     "week, but no new meeting has been set.",
     "The envoys say they will meet again in Geneva on Tuesday."),
])
def test_talks_with_no_date_set_are_not_scheduled(unset: str, scheduled: str) -> None:
    # ("Witkoff is expected in Moscow, although no date has been confirmed" keeps a visit to a named place:
    # the blind writers label it both ways, so only "no round / no meeting has been set" takes the talks back.)
    assert not events_of(unset, "negotiation")
    assert [e["subtype"] for e in events_of(scheduled, "negotiation")] == ["talks_scheduled"]


def test_will_also_not_take_place_is_a_cancellation() -> None:
    assert not events_of("A meeting between Rubio and Lavrov, which had been expected this week, will also not take "
                         "place, officials said.", "negotiation")
    assert events_of("A meeting between Rubio and Lavrov will take place in Riyadh on Tuesday, officials said.",
                     "negotiation")


def test_talks_that_were_suspended_are_the_news_of_their_halt() -> None:
    assert not events_of("Talks between the two sides hosted by Saudi Arabia and the United States in Jeddah were "
                         "suspended in December, and attempts by African mediators to arrange a meeting between the "
                         "two generals have failed.",
                         "negotiation")
    resumed = events_of("Army and RSF envoys met in Jeddah on Monday, the first contact since talks were suspended "
                        "in December.", "negotiation")
    assert [e["subtype"] for e in resumed] == ["talks_held"]


@pytest.mark.parametrize(("call", "no_call"), [
    ("Zelensky wrote on X after speaking to Trump by phone on Monday morning.",
     "\"Moscow keeps up the pressure while talking to Washington,\" an analyst said."),
    ("The statement mentioned a halt to strikes on power plants, which Trump and Putin discussed by phone on Monday.",
     "The statement mentioned a halt to strikes on power plants, which the ministers discussed in Brussels on "
     "Monday."),
])
def test_calls_told_with_by_phone_are_talks_held(call: str, no_call: str) -> None:
    assert [e["subtype"] for e in events_of(call, "negotiation")] == ["talks_held"]
    assert not events_of(no_call, "negotiation")


def test_a_tally_over_the_moscow_region_covers_the_capital() -> None:
    text = ("Sobyanin said air defences had shot down 19 drones approaching Moscow overnight. The defence ministry "
            "said 105 Ukrainian drones had been destroyed over Russia overnight, including over the Moscow, Bryansk "
            "and Kursk regions.")
    assert [e["location"]["place"] for e in events_of(text, "drone_strike")] == ["Moscow"]


def test_a_summit_of_one_sides_allies_in_a_clause_after_the_strike_is_theirs() -> None:
    allies = ("Russia launched a heavy air attack on Ukraine overnight, killing eight people in Kyiv, officials said "
              "on Monday, as NATO leaders gathered in The Hague for a summit expected to focus on defence spending.")
    assert not events_of(allies, "negotiation")
    sides = ("Russia launched a heavy air attack on Ukraine overnight, killing eight people in Kyiv, officials said on "
             "Monday, as Russian and Ukrainian delegations gathered in Istanbul for talks.")
    assert [e["subtype"] for e in events_of(sides, "negotiation")] == ["talks_held"]


def test_a_summit_of_the_csto_is_russias_allies() -> None:
    assert not events_of("Speaking in Bishkek on Monday after a summit of the Collective Security Treaty Organization, "
                         "Putin said Russia was ready for talks with Ukraine.", "negotiation")


def test_a_town_told_long_before_the_meeting_is_not_its_venue() -> None:
    text = ("Russia says Ukraine launched 91 drones at Putin's residence at Valdai in the Novgorod region overnight, "
            "an accusation Kyiv dismissed as a fabrication designed to derail peace efforts days after Zelensky met "
            "Trump in Florida.")
    assert [e["location"] for e in events_of(text, "negotiation")] == [None]
    near = "Delegations of Russia and Ukraine met at the Ciragan Palace in Istanbul on Monday for an hour."
    assert [e["location"]["place"] for e in events_of(near, "negotiation")] == ["Istanbul"]


def test_where_a_train_was_heading_or_where_sources_sit_is_not_the_target() -> None:
    train = ("The train, which was heading to Kyiv, had just pulled into the station in Konotop when the first drone "
             "hit a carriage, the governor said.")
    assert [e["location"]["place"] for e in events_of(train, "drone_strike")] == ["Konotop"]
    sources = ("Ukraine and Russia swapped 205 prisoners each on Sunday, officials in Kyiv and Moscow said, while "
               "Russian drones struck the south of Ukraine overnight.")
    assert [e["location"]["place"] for e in events_of(sources, "drone_strike")] == [None]
    heading = "Drones heading to Kyiv were shot down overnight, the air force said."
    assert [e["location"]["place"] for e in events_of(heading, "drone_strike")] == ["Kyiv"]


def test_a_destroyed_village_is_no_drone_destroyed() -> None:
    assert not events_of("For families returning to their destroyed villages, the drones overhead are a reminder that "
                         "the war could start again.", "drone_strike")
    assert events_of("Fragments of a downed drone damaged a house in Bila Tserkva overnight.", "drone_strike")


def test_nuclear_plants_resolve_to_their_towns_and_jammu_and_kashmir_is_a_region() -> None:
    plant = events_of("A drone struck the training centre of the Zaporizhzhia nuclear power plant on Sunday.",
                      "drone_strike")
    assert [e["location"]["place"] for e in plant] == ["Enerhodar"]
    region = events_of("On Sunday night Pakistan launched drones at army sites across Jammu and Kashmir, Punjab and "
                       "Rajasthan, India said.", "drone_strike")
    assert [e["location"]["place"] for e in region] == [None]
    assert [e["location"]["place"] for e in events_of("Pakistani drones hit Jammu on Sunday night.",
                                                       "drone_strike")] == ["Jammu"]


def test_talks_hosted_later_this_month_are_scheduled() -> None:
    got = events_of("Qatar is due to host indirect talks between Russian and Ukrainian delegations later this month.",
                    "negotiation")
    assert [(e["subtype"], e["date_precision"]) for e in got] == [("talks_scheduled", "month")]
    assert not events_of("Qatar is due to host indirect talks between Russian and Ukrainian delegations.",
                         "negotiation")


def test_forces_that_would_cease_hostilities_on_stated_days_are_a_ceasefire() -> None:
    got = events_of("Putin announced on Monday that Russian forces would cease hostilities from May 8 to May 10, and "
                    "called on Kyiv to follow suit.", "negotiation")
    assert [e["subtype"] for e in got] == ["ceasefire"]
    assert not events_of("Analysts said Russia would cease hostilities only if Kyiv gave up land.", "negotiation")


def test_a_row_of_latest_headlines_is_page_furniture() -> None:
    row = ("Latest headlines: Ukraine and Russia swap bodies of fallen soldiers · Sea drones attack tanker off "
           "Crimea · EU leaders meet in Brussels · Gaza truce talks resume in Doha")
    assert not events_of("The central bank kept its key rate unchanged on Monday.\n\n" + row, "drone_strike")
    assert not events_of("The central bank kept its key rate unchanged on Monday.\n\n" + row, "negotiation")
    prose = "Sea drones attacked a tanker off Crimea on Monday, the navy said."
    assert events_of(prose, "drone_strike")


@pytest.mark.parametrize(("not_strike", "strike"), [
    ("Intelligence officials warned that Russia could be stockpiling several thousand Geran-2 drones for a series of "
     "mass raids.",
     "Russia launched several thousand Geran-2 drones at Ukrainian cities overnight, the air force said."),
    ("Ukraine's army struck a site in Russia's Kursk region used to launch Shahed-type attack drones, the General "
     "Staff said on Monday.",
     "Shahed-type attack drones launched from Russia's Kursk region struck Sumy on Monday, the governor said."),
    ("In Sudan, both the army and the Rapid Support Forces deploy long-range drones to strike infrastructure hundreds "
     "of kilometres from the front.",
     "In Sudan, the RSF used long-range drones to strike the power station in Port Sudan on Monday."),
    ("Oman's diplomacy produced a breakthrough in Muscat this week, even as the Houthis resumed launching drones "
     "toward Israel.",
     "Oman's diplomacy produced a breakthrough in Muscat this week, even as the Houthis launched three drones at "
     "Eilat on Monday."),
])
def test_stockpiles_launch_sites_practices_and_resumed_campaigns_are_no_strikes(not_strike: str,
                                                                                strike: str) -> None:
    assert not events_of(not_strike, "drone_strike")
    assert events_of(strike, "drone_strike")


@pytest.mark.parametrize(("incident", "habit"), [
    ("Shahed drones hit a residential area of Zaporizhzhia twice in less than an hour shortly after midnight, killing "
     "a woman.",
     "Shahed drones have hit residential areas of Zaporizhzhia twice in a month."),
    ("A drone crashed into a building of the steelworks in Lipetsk, causing a fire, the governor said, adding that "
     "the plant was operating normally.",
     "Drones normally hit the steelworks in Lipetsk at night, the governor said."),
])
def test_twice_within_the_hour_and_a_plant_operating_normally_are_one_strike(incident: str, habit: str) -> None:
    assert events_of(incident, "drone_strike")
    assert not events_of(habit, "drone_strike")


def test_a_possible_settlement_discussed_in_a_call_does_not_hedge_the_call() -> None:
    got = events_of("Trump and Putin discussed a possible settlement of the war in a phone call lasting an hour on "
                    "Monday, the Kremlin said.", "negotiation")
    assert [e["subtype"] for e in got] == ["talks_held"]
    assert not events_of("Trump and Putin could discuss a possible settlement in a phone call on Monday.",
                         "negotiation")


def test_a_role_at_the_talks_is_no_round() -> None:
    assert not events_of("Medinsky, who heads the Russian delegation at the talks with Ukraine, said Moscow had made "
                         "a humanitarian offer.", "negotiation")
    got = events_of("Umerov, who led the Ukrainian delegation at the talks in Istanbul on Monday, said the sides had "
                    "made progress.", "negotiation")
    assert [(e["subtype"], e["location"]["place"]) for e in got] == [("talks_held", "Istanbul")]


def test_the_two_armies_agreeing_to_stop_firing_are_the_parties() -> None:
    got = events_of("The two DGMOs spoke over the hotline on Monday and agreed to stop all firing along the Line of "
                    "Control, the Indian Army said.", "negotiation")
    assert "ceasefire" in {e["subtype"] for e in got}
    assert not events_of("The two leaders signed documents on a common energy market on Monday.", "negotiation")


@pytest.mark.parametrize(("not_step", "step"), [
    ("Critics fear that the US might concede Russian demands, such as a ban on NATO membership, before negotiations "
     "begin.",
     "Negotiations began in Riyadh on Monday, with Rubio and Lavrov leading their delegations."),
    ("The announcement came during a televised meeting with the chief of the general staff, Valery Gerasimov, and "
     "Putin said he expected Ukraine to follow suit.",
     "The announcement came during a meeting with the US envoy in Moscow on Monday, and Putin said he expected "
     "Ukraine to follow suit."),
    ("Only days after announcing a second summit with Putin in Budapest, Trump has put it on hold.",
     "Trump announced on Monday that he would meet Putin in Budapest next week."),
    ("The communique, endorsed by around 80 delegations, focused on three relatively uncontroversial issues: nuclear "
     "safety, food security and the return of prisoners and deported children.",
     "Russia and Ukraine agreed in Istanbul on Monday on the return of 1,000 prisoners each."),
])
def test_talks_as_a_time_a_sides_own_meeting_a_summit_on_hold_a_topic_list(not_step: str, step: str) -> None:
    assert not events_of(not_step, "negotiation")
    assert events_of(step, "negotiation")


@pytest.mark.parametrize(("not_strike", "strike"), [
    ("When Russia launched its full-scale invasion in February 2022, drones were a supporting weapon.",
     "When Russia launched 40 drones at Kharkiv on Monday, air defences downed most of them."),
    ("Ukraine's energy system has been badly damaged by Russian missiles and Shahed drones, and millions of people "
     "face blackouts in the cold.",
     "Ukraine's energy system was badly damaged by Russian missiles and Shahed drones in Lviv on Monday."),
])
def test_an_invasion_launched_and_a_record_of_damage_are_no_strikes(not_strike: str, strike: str) -> None:
    assert not events_of(not_strike, "drone_strike")
    assert events_of(strike, "drone_strike")


def test_without_a_publication_date_the_basis_says_why_no_date_was_resolved() -> None:
    from transform.tagger import tag

    got = tag("", "Russian drones struck Odesa port on Monday, the governor said.", None)
    assert [(e["event_date"], e["date_basis"]) for e in got] == [
        (None, "no publication date to resolve the event's date against")]


def test_a_dateline_of_two_cities_names_no_place_for_a_placeless_report() -> None:
    two = events_of("KYIV/MOSCOW — Drones struck an oil depot overnight, officials said.", "drone_strike")
    assert [e["location"] for e in two] == [None]
    one = events_of("KYIV — Drones struck an oil depot overnight, officials said.", "drone_strike")
    assert [e["location"]["place"] for e in one] == ["Kyiv"]
    hit = events_of("Drones struck Muscat and Jerusalem overnight, officials said.", "drone_strike")
    assert sorted(e["location"]["place"] for e in hit) == ["Jerusalem", "Muscat"]
