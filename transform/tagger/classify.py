"""Decide, sentence by sentence, whether a trigger sentence reports a specific event.

A drone strike needs a drone as the *instrument* (not a drone factory as the target, not drone
footage), an attack or interception predicate, realis mood (no modal, conditional or future scope
over the predicate), and a concrete anchor (place, time, number or casualties) unless the sentence
is plainly about one incident. A negotiation step needs a negotiation noun, a step predicate (talks
held or scheduled, a proposal exchanged, a ceasefire or deal agreed, prisoners swapped), and must
not be an appeal, an opinion or another domain's talks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from transform.tagger import actors, places
from transform.tagger.resources import SENTENCE_CACHE_SIZE, Resources, lower_sentence

# "and" joining two weapon nouns ("would resume drone and missile attacks") or two gerunds ("to practise
# detecting and shooting down drones") coordinates within a phrase, not two clauses, so a modal before
# it still governs the word after it.
# Two participles of seeing ("without being seen and attacked") are joined the same way. (Python's
# look-behinds take one fixed width each, hence one per word.)
_NOT_A_CLAUSE_BEFORE_AND = ("ing", "drone", "drones", "missile", "missiles", "rocket", "rockets")
_SEEING_PARTICIPLES = ("seen", "spotted", "detected", "tracked")
_CLAUSE_BREAK = re.compile(
    r"[;:—–()]|,\s|\b(?:"
    + "".join(rf"(?<!{w}\s)" for w in _NOT_A_CLAUSE_BEFORE_AND + _SEEING_PARTICIPLES) + r"and|"
    + r"(?<=ing\s)and(?!\s+\w+ing\b)|"
    + "".join(rf"(?<={w}\s)and(?!\s+\w+ed\b)|" for w in _SEEING_PARTICIPLES)
    + r"but|while|whereas|although|though|after|as|when|which|who)\b")


@dataclass
class Candidate:
    type: str
    subtype: str
    sentence_index: int
    score: float
    creates: bool  # strong enough to create an event on its own
    negated: bool = False
    disputed: bool = False
    hedged: bool = False
    sea: bool = False
    impact: bool = False
    intercept: bool = False
    future: bool = False
    also_held: bool = False  # the sentence also says talks were held ("met ... and agreed a swap")
    held_at: int = -1  # where it says so: the talks' own date is the one nearest that, not the step's
    cue_at: int = -1  # where the predicate (start) or step cue (end) sits: the date nearest it is the event's
    # a strike told as it happened but tied to no place, time or victim ("Of the 300 drones, 270 were shot
    # down"): the engine lets the sentence before it, if that reports the attack, tie it
    unanchored: bool = False
    place_mentions: list[places.PlaceMention] = field(default_factory=list)


def _in_scope(cue: re.Pattern[str], sentence: str, pos: int, window: int = 70,
              skip: re.Pattern[str] | None = None, original: str = "") -> bool:
    """Whether a cue governs the word at pos: it precedes it within the same clause.

    `sentence` is lower-cased; `original` keeps the case, to tell the month May from the modal."""
    lo = max(0, pos - window)
    # Search the sentence itself from lo (not a slice of it): a slice would start mid-word and let
    # "nor" in "Governor" or "no" in "Kyno" read as a negation at the window's edge.
    for m in cue.finditer(sentence, lo, pos):
        if m.group() == "may" and original[m.start():m.start() + 1] == "M":
            continue  # the month, not the modal
        if skip is not None and any(s.start() <= m.start() < s.end() for s in skip.finditer(sentence)):
            continue
        # Searched past pos (not cut at it), so that lookaheads see the word at pos ("detecting and shooting").
        brk = _CLAUSE_BREAK.search(sentence, m.end())
        while brk is not None and brk.start() < pos and original and _names_joined(original, brk):
            brk = _CLAUSE_BREAK.search(sentence, brk.end())  # "If Russia and Ukraine agree": one subject
        if brk is None or brk.start() >= pos:
            return True
    return False


def _names_joined(original: str, brk: re.Match[str]) -> bool:
    """Whether a break is an "and" between two capitalised names ("Russia and Ukraine", "Kyiv and Moscow")."""
    if brk.group() != "and":
        return False
    before = original[:brk.start()].rsplit(None, 1)  # (only the words next to the break are read)
    after = original[brk.end():].split(None, 1)
    return bool(before and after and before[-1][:1].isupper() and after[0][:1].isupper())


def _anchors(sentence: str, original: str, res: Resources) -> tuple[bool, bool]:
    """(any anchor, strong anchor) for the time words of a sentence.

    Any anchor makes a sentence concrete. Only a strong one (a day, a night, a date, a clock time)
    outweighs aggregate and background cues: in long articles "in March", "this week" or "for hours"
    sit as easily in a summary as in a report, and the day someone *said* something ("officials said
    this week") or the start of a span ("since January") dates no incident at all."""
    rx = res.rx
    weak, not_event = rx["timing.anchor_weak"], rx["timing.anchor_not_event"]
    found = strong = False
    for m in rx["timing.anchor"].finditer(sentence):
        word = m.group().strip()
        if word.endswith("may") and original[m.end() - 3] != "M":
            continue  # the modal, not the month
        if not_event.search(sentence, max(0, m.start() - 40), m.start()):
            continue
        found = True
        if not weak.fullmatch(word) and not _DAY_OF_MONTH_ONLY.fullmatch(word):
            strong = True
    return found, strong


# "on 12" alone is not a month-day; a month with a day ("march 18", "3 may") is strong.
_DAY_OF_MONTH_ONLY = re.compile(r"(?:on\s+)?\d{1,2}")


def _instrument_drones(sentence: str, res: Resources) -> list[re.Match[str]]:
    after, before = res.rx["drone.non_instrument_after"], res.rx["drone.non_instrument_before"]
    out = []
    shown = _FOOTAGE_CLAUSE.search(sentence)
    for m in res.trigger_drone.finditer(sentence, 0, shown.start() if shown else len(sentence)):
        if after.match(sentence, m.end()):
            continue
        if before.search(sentence[max(0, m.start() - 64):m.start()]) and not _ARMED_AFTER.match(sentence, m.end()):
            continue  # (a hobby drone "rigged with grenades" is a weapon all the same)
        if (_DESTROYING_BEFORE.search(sentence, max(0, m.start() - 40), m.start())
                and _OTHER_WEAPON_STRUCK.search(sentence, 0, m.start())) \
                or (_OTHER_WEAPON_OBJECT_BEFORE.search(sentence, max(0, m.start() - 70), m.start())
                    and _ON_THE_GROUND.search(sentence)):
            continue  # "fighter jets bombed the hangar, destroying several drones": the drones were the target
        if _REASON_BEFORE.search(sentence, max(0, m.start() - 60), m.start()) \
                and _PLURAL_ATTACKS.match(sentence, m.end()):
            continue  # "jets struck Sanaa airport, citing repeated Houthi drone attacks": the reason, in general
        word = m.group().lower()
        if word.startswith("kamikaze") and not re.match(r"\s*(?:drones?|uavs?|boats?)", sentence[m.end():]):
            continue
        out.append(m)
    return out


# Drones destroyed as the result of a strike by other weapons: "warplanes bombed the hangar on Sunday, destroying
# several drones" (not "air defences destroyed 40 drones", a finite verb of interception).
_DESTROYING_BEFORE = re.compile(r"(?:,\s*|\band\s+)(?:destroying|damaging|wrecking|burning)\s+(?:[\w'’-]+\s+){0,3}$")
_OTHER_WEAPONS = r"jets|warplanes|aircraft|bombers|helicopters|artillery|himars|atacms"
_OTHER_WEAPON_STRUCK = re.compile(rf"\b(?:{_OTHER_WEAPONS}|missiles?|rockets?|bombs?|shells)\b[^.;]{{0,40}}?"
                                  r"\b(?:bombed|struck|hit|shelled|pounded|targeted|destroyed|raided)\b")
# Drones as the object of another weapon's verb: "aircraft destroyed two Houthi drone boats and a storage site".
_OTHER_WEAPON_OBJECT_BEFORE = re.compile(rf"\b(?:{_OTHER_WEAPONS})\s+(?:[\w'’-]+\s+){{0,2}}?"
                                         r"(?:destroyed|bombed|struck|hit|sank|raided)\s+(?:[\w'’-]+\s+){0,4}$")
# (Only drones not yet launched: "aircraft destroyed two uncrewed boats as they headed toward Crimea" intercepted
# an attack.)
_ON_THE_GROUND = re.compile(r"\b(?:storage|depots?|sites?|hangars?|workshops?|warehouses?|factory|factories|"
                            r"on\s+the\s+ground|before\s+(?:they|it)\s+could)\b")
# A strike's reason given as drone attacks in general, closing the sentence ("..., in retaliation for Ukrainian
# drone attacks on Russian territory."): those drones are not the weapon of the sentence's strike (attacks
# told further, "on Eilat overnight that wounded two", still are; so is a source "citing" someone).
_REASON_BEFORE = re.compile(r"\b(?:citing|(?:response|retaliation|reprisal)\s+(?:to|for))\s+"
                            r"(?:(?!(?:said|says|reported)\b)[\w'’,-]+\s+){0,4}?$")
_PLURAL_ATTACKS = re.compile(r"s?\s+(?:attacks|strikes|raids)(?:\s+(?:on|against|in)\s+(?:[\w'’-]+\s+){0,3}?[\w'’-]+)?"
                             r"\s*[.;]?[\"”’']?\s*$")
_ARMED_AFTER = re.compile(r"\s+(?:rigged|armed|fitted|modified|converted|adapted|loaded|laden)\s+(?:\w+\s+){0,2}?"
                          r"(?:with|to\s+carry)\s+(?:[\w-]+\s+){0,2}?(?:explosives?|grenades?|bombs?|munitions?|warheads?|mortar)")
# "..., showing a video in which a small quadcopter closes in on the drone": drones named inside the
# description of a video are what it shows, not the weapon of the sentence's strike.
_FOOTAGE_CLAUSE = re.compile(r"\b(?:footage|video|clip|images|imagery)\s+"
                             r"(?:in\s+which|where|that\s+shows|showing|of)\b")
# A question reports nothing ("Could Putin and Zelensky meet?", "Will drones decide the war?").
_QUESTION = re.compile(r"\?[\"'”’)]*\s*$")
# A step noun marked as still to come: "the next prisoner exchange", "a possible truce".
_UNREALISED_BEFORE = re.compile(r"\b(?:next|upcoming|possible|potential|future|planned|eventual|any|"
                                r"preparations?\s+for(?:\s+the)?)\s+(?:[\w-]+\s+)?$")
# "a new exchange of prisoners of war with Russia was 'being prepared'": a step still to come.
_UNREALISED_AFTER = re.compile(r"(?:\s+(?!(?:that|which|who|and|while|as|but|when|whereas|after|before)\b)"
                               r"[\w'’,-]+){0,6}?"
                               r"\s+(?:is|are|was|were)\s+(?:still\s+|now\s+)?[\"“'‘]?"
                               r"(?:being\s+(?:prepared|worked\s+out|negotiated|discussed|finali[sz]ed)|"
                               r"in\s+(?:preparation|the\s+works))\b")
_POSSESSIVE = re.compile(r"['’]s\b")
# "a drone launched from Belgorod can reach...": a participle right after the drone noun and before a
# source/goal phrase modifies the drone (a reduced relative clause); the clause's verb is elsewhere.
_REDUCED_RELATIVE = re.compile(r"\s+(?:from|by|towards?|against)\b")
# "the cost of striking", "capable of attacking": a gerund after a preposition names an activity.
_PREP_BEFORE = re.compile(r"\b(?:of|for|in|at|about|without|to)\s+$")
_PURPOSE_BEFORE = re.compile(r"\bfor\s+(?:[\w-]+\s+){0,2}$")
_TOPIC_OF_FORUM = re.compile(r"\b(?:session|meeting|debate|hearing|briefing|discussions?|conference|resolution|"
                             r"inquiry|investigation|report)\s+(?:[\w'’-]+\s+){0,4}?(?:on|about|into|over|concerning)\s+"
                             r"(?:[\w'’-]+\s+){0,3}$")
_DETERMINER_BEFORE = re.compile(r"\b(?:a|an|the|its|their)\s+$")
# "Footage released by the army showed a drone ...": the sentence reports what a video shows.
_FOOTAGE_SUBJECT = re.compile(r"\b(?:footage|video|videos|images?|imagery|photos?|photographs?|clip)\s+"
                              r"(?:[\w-]+\s+){0,8}?"
                              r"(?:shows?|showed|showing|appears?\s+to\s+show|appeared\s+to\s+show|captured|depicts?|"
                              r"purport(?:s|ed)?\s+to\s+show)\b")
_ACCUSATION = re.compile(r"\b(?:accus\w+|blam\w+|charg\w+|responsib\w+|convicted|suspected|claim\w*)\b")


_CAMPAIGN_OBJECT = re.compile(r"\s+(?:its|their|his|a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:invasion|offensive|"
                              r"counter-?offensive|war|operation|campaign|assault\s+on\s+(?:the\s+)?(?:city|town|region)|incursion)\b")


def _not_a_predicate(sentence: str, m: re.Match[str], drones: list[re.Match[str]]) -> bool:
    """Whether an attack word is a modifier or an activity noun rather than the clause's verb."""
    word = m.group()
    if word.endswith("ed") and _DETERMINER_BEFORE.search(sentence, max(0, m.start() - 6), m.start()):
        return True  # "a destroyed tank": an adjective, not the clause's verb
    if word in _ATTACK_NOUNS and _CRIME_BEFORE.search(sentence, max(0, m.start() - 140), m.start()):
        return True  # "sentenced a Russian officer ... for his role in a drone attack": a crime tried, not news
    if word in _ATTACK_NOUNS and _PURPOSE_BEFORE.search(sentence, max(0, m.start() - 30), m.start()):
        return True  # "for long-range strikes, Russia combines missiles and drones": a purpose, not an attack
    if word in _ATTACK_NOUNS and _TOPIC_OF_FORUM.search(sentence, max(0, m.start() - 90), m.start()):
        return True  # "held an emergency session on Russian drone attacks on cities": the forum's topic
    if word in ("crashed", "crashing into", "slamming into") \
            and _EMPTY_GROUND_AFTER.match(sentence, m.end() - (5 if word.endswith(" into") else 0)):
        return True  # "a drone crashed in a field near Ocnita without exploding": a stray drone, nothing hit
    if word in ("launched", "launches", "launch", "launching") and _CAMPAIGN_OBJECT.match(sentence, m.end()):
        return True  # "when Russia launched its full-scale invasion in February 2022, drones were ...": the war
    if word == "launched" and _ORIGIN_AFTER.match(sentence, m.end()):
        return True  # "the drones had been launched from several directions": where they came from
    if word.endswith("ing") and _PREP_BEFORE.search(sentence, max(0, m.start() - 12), m.start()):
        # ... unless the gerund is the content of an accusation or claim ("accused Kyiv of sending drones").
        return not _ACCUSATION.search(sentence, max(0, m.start() - 50), m.start())
    return word.endswith("ed") and any(0 < m.start() - d.end() <= 1
                                       or _COORDINATED_WEAPON.fullmatch(sentence, d.end(), m.start())
                                       for d in drones) \
        and bool(_REDUCED_RELATIVE.match(sentence, m.end()))


_EMPTY_GROUND_AFTER = re.compile(r"\s+(?:in|into|on|onto)\s+(?:a|an|the)\s+(?:[\w-]+\s+)?(?:field|forest|woods?|meadow|"
                                 r"wasteland|river|lake|swamp|marsh|orchard|vineyard)\b")
_ORIGIN_AFTER = re.compile(r"\s+from\b")
# (With the long-endurance models that watch more than they strike: "shot down a US MQ-9 Reaper drone over
# Marib", "downed an Israeli Hermes 900 drone"; the same drones striking a car are still a strike.)
_SURVEILLANCE = re.compile(r"\b(?:reconnaissance|recon|surveillance|spy|observation|scout|spotter|mq-?\d+|reaper|"
                           r"hermes|heron|global\s+hawk|scaneagle)\s+(?:[\w-]+\s+)?"
                           r"(?:drones?|uavs?)\b")
_CRIME_BEFORE = re.compile(r"\b(?:sentenced|convicted|jailed|charged|indicted|tried|prosecuted|found\s+guilty)\b"
                           r"[^.;]{0,100}?\bfor\s+(?:(?:his|her|their|its)\s+(?:role|part|involvement)\s+in\s+)?(?:[\w-]+\s+){0,4}$")
# "drones and missiles launched from Belgorod can reach it": the participle follows a coordinated
# weapon noun phrase and still modifies it.
_COORDINATED_WEAPON = re.compile(r"\s+(?:and|or)\s+(?:[\w-]+\s+)?(?:missiles?|rockets?|bombs?|shells|aircraft|jets)\s+")
_NUMBER = re.compile(r"\b\d+\b|\b(?:dozens|hundreds|several|two|three|four|five|six|seven|eight|nine|ten)\b")
# A stated figure, not a vague one: "have damaged or sunk several warships" is still a record.
_EXACT_NUMBER = re.compile(r"\b\d+\b|\b(?:two|three|four|five|six|seven|eight|nine|ten)\b")
_HURT_WORDS = r"killed|killing|injured|injuring|wounded|wounding|dead|died"
_CASUALTY = re.compile(rf"\b(?:{_HURT_WORDS}|casualt\w+|damaged|destroyed|fire|blaze|ablaze)\b")
# In a headline, an attack noun inside a prepositional phrase ("Funerals held for victims of drone
# strike", "Repairs begin after drone attack") is the background of another headline event.
_ATTACK_NOUNS = frozenset({"attack", "attacks", "strike", "strikes", "raid", "raids"})
_TITLE_PP_BEFORE = re.compile(r"\b(?:of|for|after|following|since)\s+(?:[\w'’-]+\s+){0,3}$")
# "blaming the other for any strike that goes wrong", "every attack costs money": an attack noun under a
# free-choice or universal quantifier names no particular strike.
_GENERIC_QUANTIFIER = re.compile(r"\b(?:any|every|each|whatever|whichever)\s+(?:[\w-]+\s+){0,2}$")
_NOUN_MODIFIERS = frozenset({"attack", "attacks", "strike", "strikes", "raid", "assault", "kill", "hit"})
_MODIFIER = re.compile(r"[\s-]+(?:drones?|uavs?|craft|aircraft|helicopters?|jets?|weapons?|capabilit\w+)\b")
_TOPIC_OF_TALKS = re.compile(r"\b(?:on|about|over|discuss\w*|to\s+discuss|regarding|concerning)\s+(?:\w+\s+){0,3}$")
# "negotiations on the second phase of the ceasefire plan", "positions on the stalled second phase of the Gaza
# ceasefire": a phase of a step already made is the topic, unless the sentence says the phase was agreed.
_PHASE_TOPIC = re.compile(r"\b(?:on|about|over|regarding|concerning|to)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}"
                          r"phases?\s+of\s+(?:the\s+|a\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}$")
_SIGNED = re.compile(r"\b(?:signed|inked|initial(?:l)?ed)\b")


_PLACE_ANAPHOR = re.compile(r"\bthe\s+(?:city|town|village|port|harbou?r|region|oblast|province|district|"
                            r"settlement|suburb)(?:'s|’s)?\b")


def _fresh(cand: Candidate | None, index: int) -> Candidate | None:
    """A private copy of a memoised candidate: the engine edits candidates (their place list)."""
    if cand is None:
        return None
    # A shallow copy of the instance dict, then the two fields that differ: what dataclasses.replace
    # gives (Candidate has no __post_init__ and no validation), without re-running __init__.
    copy = object.__new__(Candidate)
    copy.__dict__.update(cand.__dict__)
    copy.sentence_index = index
    copy.place_mentions = list(cand.place_mentions)
    return copy


def classify_drone(original: str, index: int, res: Resources, is_title: bool) -> Candidate | None:
    """The drone-strike reading of a sentence, or None (memoised per sentence text)."""
    return _fresh(_classify_drone(original, res, is_title), index)


@lru_cache(maxsize=SENTENCE_CACHE_SIZE)
def _classify_drone(original: str, res: Resources, is_title: bool) -> Candidate | None:
    index = 0  # the memoised candidate is shared; callers get a copy with their own index
    rx = res.rx
    sentence = lower_sentence(original)
    drones = _instrument_drones(sentence, res)
    if not drones:
        return None
    # "attack drones", "strike UAVs": the word modifies the drone, it is not a predicate.
    attacks = [m for m in rx["drone.attack"].finditer(sentence)
               if not (m.group() in _NOUN_MODIFIERS and _MODIFIER.match(sentence, m.end()))
               and not _not_a_predicate(sentence, m, drones)
               and not (m.group() in _ATTACK_NOUNS
                        and _GENERIC_QUANTIFIER.search(sentence, max(0, m.start() - 30), m.start()))
               and not (is_title and m.group() in _ATTACK_NOUNS
                        and _TITLE_PP_BEFORE.search(sentence, max(0, m.start() - 40), m.start()))]
    # "returning to their destroyed villages": a participle before a noun describes it; "a downed drone" is still one.
    intercepts = [m for m in rx["drone.intercept"].finditer(sentence)
                  if not (m.group().endswith("ed")
                          and _DETERMINER_BEFORE.search(sentence, max(0, m.start() - 6), m.start())
                          and not any(d.start() <= m.end() + 12 and d.start() > m.end() for d in drones))]
    if not attacks and not intercepts:
        return None
    surveillance = _SURVEILLANCE.search(sentence) if not attacks else None
    if surveillance is not None and all(d.start() > surveillance.start() for d in drones):
        # "downed 27 Orlan-10 and Supercam surveillance drones, using fast quadcopters that ram them": the
        # drones brought down watch, they do not strike; the drones named after them are the interceptors.
        return None
    hypo = rx["modality.hypothetical"]
    neg, harmless = rx["modality.negation"], rx["modality.negation_harmless"]
    predicates = attacks + intercepts
    prescribed = _PRESCRIPTION.search(sentence)
    realis = [p for p in predicates if not _in_scope(hypo, sentence, p.start(), original=original)
              and not (prescribed and p.start() >= prescribed.end())
              and not _in_scope(_TO_STOP, sentence, p.start(), 40)
              and not _WOULD_STOP_BEFORE.search(sentence, max(0, p.start() - 70), p.start())
              and not _in_scope(_HABITUAL, sentence, p.start(), 80)
              and not (p.group() in _ATTACK_NOUNS
                       and (_NO_STRIKES_BEFORE.search(sentence, max(0, p.start() - 50), p.start())
                            or _STRIKES_STOPPED_AFTER.match(sentence, p.end())))]
    if realis and all(
            p in intercepts and _SURVEILLANCE.search(sentence, max(0, p.start() - 40), p.start()) for p in realis):
        # "Ukraine Warns of Massive Russian Drone Attack as Recon Drone Downed Over Sumy": the attack only
        # warned of, the one drone brought down a watcher.
        return None
    # Whole-sentence hypotheticals ("in a scenario where drones hit...") and topic words.
    hedged = not realis
    negated = bool(realis) and all(_in_scope(neg, sentence, p.start(), 50, skip=harmless) for p in realis)
    if not negated and all(_in_scope(neg, sentence, d.start(), 25, skip=harmless)
                           or _HABIT_OF_BEFORE.search(sentence, max(0, d.start() - 30), d.start()) for d in drones):
        # "the attack involved three missiles, and no attack drones were detected": every drone named is
        # negated, so whatever was attacked, it was not with drones.
        negated = True
    if not negated:
        # "no drones were launched": the negation sits on the drones, not on the verb.
        negated = any(_in_scope(neg, sentence, d.start(), 25, skip=harmless) for d in drones) and not any(
            not _in_scope(neg, sentence, p.start(), 50, skip=harmless) and p.start() < drones[0].start()
            for p in realis)
    disputed = bool(rx["modality.denial"].search(sentence))
    mentions = _strike_places(original, sentence, places.find(original, res), res)
    if hedged or negated:
        return Candidate("drone_strike", "attack", index, 0.3, False, negated=negated, disputed=disputed,
                         hedged=hedged, place_mentions=mentions)
    anchor, strong_anchor = _anchors(sentence, original, res)
    # "sank the landing ship X near Alupka, one of several vessels lost in two years of war": the
    # apposition describes the target, it does not make the strike a summary.
    apposition = _ONE_OF.search(sentence)
    aggregate = rx["drone.aggregate"].search(sentence, 0, apposition.start() if apposition else len(sentence))
    number = _NUMBER.search(sentence)
    casualty = _CASUALTY.search(sentence)
    # A place is an anchor where the sentence puts the strike ("in Sumy", "near Kursk", "Kharkiv's
    # substation"); a city standing for its government ("Moscow blames Kyiv") anchors nothing.
    specific_place = any(
        pm.place.kind != "country" and (pm.locative or _POSSESSIVE.match(original, pm.start + len(pm.text)))
        for pm in mentions)
    impact = _has_impact(sentence, drones)
    # "the city's port was hit": the anaphor points at a place named just before, which the engine
    # resolves from the neighbouring sentences or the headline; with reported damage it is concrete.
    anaphoric = bool(impact and _PLACE_ANAPHOR.search(sentence))
    concrete = bool(anchor or specific_place or casualty or (number and mentions) or anaphoric
                    or _NAMED_VESSEL.search(original))
    # (Each cue is only searched for where it can change the outcome: most trigger sentences are
    # anchored, and then footage and topic words do not matter.)
    general = not strong_anchor and bool(aggregate or rx["modality.analysis"].search(sentence))
    if aggregate and rx["drone.vague_plural"].search(sentence):
        general = True  # "several drone attacks over the past year": a summary even with a date nearby
    if _MONTH_TOTAL.search(sentence):
        general = True  # a month's total, whatever the time stamp before it
    if not strong_anchor and _RATE.search(sentence):
        general = True  # "claims to shoot down hundreds of Ukrainian drones each week": a rate
    if not strong_anchor and not casualty and not specific_place and _WINDOW_TOTAL.search(sentence):
        general = True  # "this week alone, more than 1,200 drones", "86% of the drones": a window's total or rate
    if _NIGHTS_OF.search(sentence):
        general = True  # "have hit Kherson on 9 of 11 nights": a count of nights, not one of them
    if not strong_anchor and (_VAGUE_PAST.search(sentence) or _PRACTICE_OR_RECORD.search(sentence)):
        general = True  # "when Russia has in the past increased the number of drones it launches": background
    verbs = {p.start() for p in realis}  # "have damaged or sunk": the damage word is the verb, not a casualty
    if not (strong_anchor or _EXACT_NUMBER.search(sentence)) and all(
            _PERFECT_BEFORE.search(sentence, max(0, p.start() - 30), p.start())
            and not _ONE_OBJECT.match(sentence, p.end()) and not _NAMED_OBJECT.match(original, p.end())
            and (not casualty or _BARE_VICTIMS.match(sentence, p.end())
                 or not (specific_place or any(c.start() not in verbs for c in _CASUALTY.finditer(sentence))))
            for p in realis if not (p.group() in _ATTACK_NOUNS and _HAVE_AFTER.match(sentence, p.end()))):
        # "navies have intercepted many drones over the Red Sea", "drones have struck markets and
        # convoys": a record of many, not an incident; "drones have hit an apartment block" stays one.
        general = True
    if not strong_anchor and (_EVERY_BEFORE.search(sentence, max(0, drones[0].start() - 20), drones[0].start())
                              or _EVERY_DRONE_SUBJECT.match(sentence)):
        general = True  # "Every drone destroyed on the ground is a drone that will not hit ...": none in particular
    told_before = [b.span() for b in _KILLED_IN_THE_ATTACK.finditer(sentence)] if realis else []
    if told_before and all(any(a <= p.start() < b for a, b in told_before) for p in realis):
        general = True  # "the families of the soldiers killed in the drone attack": the attack told before
    if not strong_anchor and _GERUND_SUBJECT.match(sentence):
        general = True  # "Shooting down a drone over a city risks injuring people": an activity, not an incident
    if _TRUCE_SCOPE.search(sentence):
        general = True  # "the truce ... is to cover strikes with missiles and drones": what a truce halts
    if _SIMULATION.search(sentence) or (_DRILL.search(sentence) and not _HURT.search(sentence)):
        # an exercise's scenario, whatever it "destroyed"; a drill's mock targets (not "killing 12 soldiers during a
        # drill")
        general = True
    plot = _FOILED_PLOT.search(sentence)
    if plot is not None and all(d.start() > plot.start() for d in drones):
        general = True  # "the FSB said it foiled a Ukrainian plot to attack a refinery with drones": never carried out
    if not casualty and _TRAINING.search(sentence):
        general = True  # "spent the week practising how to detect and shoot down drones": training, dated or not
    footage = _FOOTAGE_SUBJECT.search(sentence)
    if footage and footage.start() < min(p.start() for p in realis):
        # A description of footage, however precise, is not a report of the strike; footage named after
        # the report ("struck a patrol ship ..., releasing a video that it said showed the impact") is its proof.
        general = True
    if not (anchor or casualty) and (rx["drone.footage"].search(sentence)
                                     or rx["drone.topic_exclude"].search(sentence)):
        general = True  # footage of drones, or drones as a topic, with nothing tying it to an incident
    sea = bool(rx["drone.sea"].search(sentence))
    score = 0.5
    score += 0.15 if anchor else 0
    score += 0.15 if specific_place else 0
    score += 0.1 if casualty else 0
    score += 0.05 if number else 0
    creates = not hedged and not negated and not general and concrete and not _QUESTION.search(original)
    if is_title:
        score -= 0.2
    return Candidate(
        unanchored=not (hedged or negated or general or concrete or is_title) and not _QUESTION.search(original),
        type="drone_strike",
        subtype="sea_drone_attack" if sea else ("attack" if impact or not intercepts else "interception_claim"),
        sentence_index=index,
        score=score,
        creates=creates,
        negated=negated,
        disputed=disputed,
        hedged=hedged,
        sea=sea,
        impact=impact,
        # (debris as the subject, "Drone debris damaged four houses", stays an interception claim: guide § 2)
        intercept=bool(intercepts) or bool(_DEBRIS_SUBJECT.match(sentence)),
        cue_at=min(p.start() for p in realis) if realis else -1,
        place_mentions=mentions,
    )


# "Three steps would help: a ceasefire verification mechanism; ...", "What could work: ...": what follows
# the colon is a list of prescriptions, not of things that happened.
# "He had given the delegation a clear mandate: an immediate ceasefire, the release of all prisoners": aims.
_PRESCRIPTION = re.compile(r"\b(?:would|could|might|should|must|can)\s+(?:\w+\s+){0,2}?(?:help|include|require|"
                           r"involve|need|matter|work|be\s+needed)\b[^.;:]{0,40}:|"
                           r"\b(?:mandate|instructions|priorities|demands|goals|aims|objectives|conditions|red\s+lines|"
                           r"wish\s+list|agenda)\b[^.;:]{0,20}:")
# "... had not used any attack drones, a pause after weeks of nightly Shahed attacks": drones named in the
# habit the sentence contrasts with are not the weapon of its clause.
_HABIT_OF_BEFORE = re.compile(r"\b(?:weeks|months|years|nights|days)\s+of\s+(?:[\w-]+\s+){0,2}$")
# "urged both armies to stop attacks, including by drones", "jammers to prevent drone attacks": attacks
# named as what someone means to stop are not attacks reported (for strikes only: "agreed to stop
# attacking" is how a truce is worded).
_TO_STOP = re.compile(r"\bto\s+(?:stop|halt|end|cease|prevent|deter)\b")
# "a ceasefire that would halt all missile, drone and naval attacks for 60 days": attacks named as what a truce
# stops (a list of weapons, commas included, may sit between).
_WOULD_STOP_BEFORE = re.compile(r"\b(?:would|will|to)\s+(?:\w+\s+)?(?:halt|stop|end|suspend|pause|cease)\s+"
                                r"[^.;:]{0,45}$")
# "which usually happens during drone attacks": a habit, whatever date the sentence carries elsewhere.
# "the site had been used to launch drones at cities": what something served for, not one attack.
# Strikes named as what is banned, refused or halted: "a ban on long-range drone strikes", "proposed ... refusing
# strikes with long-range drones", "a moratorium on attacks against energy sites".
_NO_STRIKES_BEFORE = re.compile(r"\b(?:bans?\s+on|banning|moratori(?:um|a)\s+on|halt\s+(?:to|on)|halting|"
                                r"pause\s+(?:in|on)|end\s+to|ending|refus(?:e|es|ed|ing)|renounc(?:e|es|ed|ing)|forgo(?:es|ing)?|"
                                r"refrain(?:s|ed|ing)?\s+from|abstain(?:s|ed|ing)?\s+from|stopping|suspend(?:s|ed|ing)?)\s+"
                                r"(?:all\s+|any\s+|the\s+|further\s+|a\s+)?(?:mutual\s+)?(?:[\w-]+\s+){0,5}$")
_STRIKES_STOPPED_AFTER = re.compile(r"\s+(?:were\s+|was\s+|have\s+|had\s+)?"
                                    r"(?:paused|halted|stopped|ceased|suspended)\b")
# A month's total is no attack, whatever time stamp a live page puts before it: "Russia launched more than
# 5,000 long-range drones at Ukraine in May, a monthly record".
_MONTH_TOTAL = re.compile(r"\b(?:launched|fired|sent|used|destroyed|downed|intercepted|shot\s+down)\s+"
                          r"(?:around\s+|about\s+|more\s+than\s+|over\s+|nearly\s+|"
                          r"almost\s+|some\s+|a\s+record\s+)?\d[\d,]*\s+(?:[\w-]+\s+){0,3}(?:drones|uavs|shaheds|gerans)\b"
                          r"[^.;]{0,40}?\b(?:in|during|throughout)\s+(?:january|february|march|april|may|june|july|august|"
                          r"september|october|november|december)\b(?!\s+\d)|\bmonthly\s+(?:record|total|high|tally)\b|"
                          # "launched more than 1,300 drones during the week that ended on Sunday"
                          r"\b(?:launched|fired|sent|used)\s+(?:around\s+|about\s+|more\s+than\s+|over\s+|nearly\s+|"
                          r"almost\s+|some\s+)?\d[\d,]*\s+(?:[\w-]+\s+){0,3}(?:drones|uavs|shaheds|gerans)\b[^.;]{0,40}?"
                          r"\b(?:during|over|in|throughout)\s+the\s+(?:past\s+|last\s+|previous\s+)?(?:week|month|year)\b|"
                          # "launched more drones at Ukrainian cities in June than in any month": a comparison of totals
                          r"\b(?:launched|fired|sent|used)\s+more\s+(?:[\w-]+\s+){0,3}(?:drones|uavs|shaheds|gerans)\b"
                          r"[^.;]{0,60}?\bthan\b")
_HABITUAL = re.compile(r"\b(?:usually|typically|normally|routinely|habitually)\b")
# "claims to shoot down hundreds of drones each week", "downs about 50 drones a night": a rate, not a night.
_RATE = re.compile(r"\b(?:each|every|per)\s+(?:single\s+)?(?:night|day|week|month)\b|"
                   r"(?<!\bin\s)(?<!within\s)(?<!\bthan\s)(?<!\bfor\s)\ba\s+(?:night|day|week|month)\b"
                   r"(?!\s+(?:earlier|later|before|after|ago|of)\b)")
# "the site had been used to launch drones at cities": what something served for, unless dated to a day.
_PRACTICE_OR_RECORD = re.compile(r"\b(?:had|has|have)\s+been\s+used\s+(?:to|in|for)\b|"
                      # "coordinates ... which prosecutors say were used to plan missile and drone strikes": a purpose
                      r"\b(?:were|was)\s+used\s+to\s+(?:plan|prepare|guide|direct|coordinate|carry\s+out)\b|"
                      # "interceptor drones ... that Ukraine uses against Russian attack drones": a practice
                      r"\b(?:uses?|employs?|deploys?)\s+against\b|"
                      # "drones are used alongside artillery against ...": the present of a practice
                      r"\b(?:are|is)\s+(?:being\s+)?used\s+(?:to|in|for|against|alongside|as)\b|"
                      # "the Houthis began attacking ships": a campaign's start, not one attack
                      r"\b(?:began|begun|started|resumed)\s+(?:attacking|launching|striking|firing|sending|targeting|using)\b|"
                      # "both the army and the RSF deploy long-range drones to strike infrastructure": a practice
                      r"\b(?:use|employ|deploy)\s+(?:[\w-]+\s+){0,3}?(?:drones|uavs)\s+to\s+|"
                      # "The RSF has used long-range drones to attack army-held cities": a record of a practice
                      r"\b(?:has|have|had)\s+(?:long\s+|repeatedly\s+|also\s+)?(?:used|employed|deployed)\s+"
                      r"(?:[\w'’-]+\s+){0,3}?(?:drones|uavs)\s+to\s+|"
                      # "Iran has sent several hundred Shaheds to Russia so far": a record to date
                      r"\b(?:has|have)\s+(?:\w+\s+){1,8}?(?:so\s+far|to\s+date|thus\s+far)\b|"
                      r"\b(?:until|up\s+to|till)\s+now\b[^.;]{0,80}?\b(?:has|have)\s+|"
                      # "Russia has continued its offensive ... and its drone and missile attacks on cities"
                      r"\b(?:has|have|had)\s+(?:continued|kept\s+up|pressed\s+on\s+with)\s+(?:its|their)\b")
# "navies have intercepted", "drones have been used": the perfect tense of a record.
_PERFECT_BEFORE = re.compile(r"(?<!\bto\s)\b(?:has|have)\s+(?:(?:also|repeatedly|already|often|frequently|regularly|"
                             r"increasingly)\s+)?(?:been\s+)?(?:(?:badly|heavily|severely|seriously|repeatedly)\s+)?"
                             r"(?:[a-z]+(?:ed|en|un|ck|ht|it|ot)\s+(?:or|and)\s+)?$")
# ... unless the object is one thing or a name: "drones have hit an apartment block", "have struck Odesa".
_ONE_OBJECT = re.compile(r"\s+(?:down\s+|on\s+)?(?:a|an|the|this|one|its|their)\b")
_HAVE_AFTER = re.compile(r"\s+(?:have|has)\b")  # "attacks have killed": the noun is the subject of the perfect
# "attacks have killed civilians in Oleshky": victims in the bare plural are a record's, not one strike's.
# The nouns may carry a modifier or two ("jihadist commanders", "Russian army officers").
_BARE_VICTIMS = re.compile(r"\s+(?!(?:a|an|the|this|that|its|their|his|her|one|two|three|four|five|\d+)\b)"
                           r"(?:[a-z-]+\s+){0,2}?(?:civilians|people|residents|soldiers|children|villagers|commanders|"
                           r"fighters|militants|troops|officers|servicemen|workers|leaders|operatives)\b")
# A ship named as the target ("the Liberian-flagged bulk carrier Tutor was hit by a Houthi drone boat"): as
# specific as a place.
_NAMED_VESSEL = re.compile(r"\b(?:carrier|tanker|freighter|ship|vessel|frigate|corvette|destroyer|cruiser|"
                           r"trawler)\s+(?:the\s+)?[A-Z][\w'’-]+")
_NAMED_OBJECT = re.compile(r"\s+(?:down\s+|on\s+)?[A-Z]")
_EVERY_BEFORE = re.compile(r"\b(?:every|any)\s+(?:[\w-]+\s+)?$")
_EVERY_DRONE_SUBJECT = re.compile(r"\W*(?:every|any)\s+(?:[\w-]+\s+)?(?:drones?|uavs?|shaheds?)\b")
_KILLED_IN_THE_ATTACK = re.compile(r"\b(?:killed|wounded|injured|hurt|died)\s+in\s+the\s+(?:[\w-]+\s+){0,2}"
                                   r"(?:attacks?|strikes?|raids?)\b(?!\s+(?:on|in|at|near|against|targeting)\b)")
_GERUND_SUBJECT = re.compile(r"\W*(?:shooting\s+down|intercepting|downing|jamming|striking|attacking|launching|"
                             r"hitting|targeting)\b|"
                             # "Officials say that destroying drones on the ground is cheaper than ...": reported
                             r"[\w'’ ]{0,40}?\b(?:says?|said|argue[sd]?|believe[sd]?)\s+(?:that\s+)?"
                             r"(?:shooting\s+down|intercepting|downing|jamming|striking|attacking|launching|"
                             r"hitting|targeting|destroying)\b[^.;]{0,60}?\b(?:is|are|was|were|costs?|risks?|remains?)\b")
_TRUCE_SCOPE = re.compile(r"\b(?:truce|ceasefire|cease-fire|moratorium|cessation)\b[^.;]{0,80}?\b(?:cover(?:s|ed|ing)?|"
                          r"appl(?:y|ies|ied)\s+to|ban(?:s|ned|ning)?|extend(?:s|ed)?\s+to)\b")
# Training: crews practising or rehearsing a shoot-down, a drill, an exercise (guide: not an event).
_TRAINING = re.compile(r"\b(?:practi[sc](?:ed|ing)|to\s+practi[sc]e|learn(?:s|ed|t|ing)?\s+(?:how\s+)?to\s+|"
                       r"rehears(?:e|es|ed|ing|al)|drills?|"
                       r"(?:military|joint|air[- ]defen[cs]e|training)\s+exercises?)\b")
# A simulation destroys nothing real: "destroyed by a swarm of simulated drones in one scenario".
_SIMULATION = re.compile(r"\b(?:simulat\w+|scenarios?|war[\s-]?games?|tabletop)\b")
# Nor does a drill, unless people died in it: "an attack drone struck a mock launcher during a live-fire drill in
# the Negev", "destroyed targets during the Great Prophet exercise" (not "in the exercise of its right to ...").
_HURT = re.compile(rf"\b(?:{_HURT_WORDS})\b")
_DRILL = re.compile(r"\b(?:mock\s+(?:enemy\s+)?(?:targets?|positions?|launchers?|bases?|villages?|convoys?)|"
                    r"live[\s-]fire\s+(?:drills?|exercises?|training|demonstrations?|tests?)|"
                    r"(?:during|in|at)\s+(?:a|an|the|its|their)\s+(?:[\w'’-]+\s+){0,4}?"
                    r"(?:exercises?(?!\s+of\b)|drills?|weapons?\s+tests?|trials))\b")


# A window's total or rate of drones, told without a place or victims of its own.
_WINDOW_TOTAL = re.compile(
    r"\b(?:this\s+week\s+alone|(?:in\s+)?the\s+(?:past|last)\s+(?:seven|7|ten|10|fourteen|14|few)\s+days|"
    r"so\s+far\s+(?:in|this)\s+(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"week|quarter)|(?:this|last|the\s+past)\s+quarter|"
    r"\d{1,3}(?:\.\d+)?\s*(?:%|per\s*cent|percent)\s+of\s+(?:the\s+|all\s+)?(?:[\w-]+\s+){0,3}(?:drones|uavs|shaheds)|"
    r"(?:last|this|past)\s+week\b[^.;]{0,40}?\b\d{1,3}(?:,\d{3})+\s+(?:[\w-]+\s+){0,3}(?:drones|uavs|shaheds|decoys)\b|"
    r"\d{1,3}(?:,\d{3})+\s+(?:[\w-]+\s+){0,3}(?:drones|uavs|shaheds|decoys)\b[^.;]{0,60}?\b(?:last|this|past)\s+week)\b")
_NIGHTS_OF = re.compile(r"\bon\s+\d+\s+of\s+(?:the\s+)?(?:last\s+|past\s+)?\d+\s+nights\b")
_FOILED_PLOT = re.compile(r"\b(?:foiled|foils|thwarted|thwarts|prevented|uncovered|disrupted|exposed)\s+(?:a|an|the)\s+"
                         r"(?:[\w'’-]+\s+){0,3}?(?:plot|plan|conspiracy)\b")


# A place named as the one speaking ("which Kyiv denied", "Moscow said") is a government, not a target.
_SPEAKER_AFTER = re.compile(r"\s*(?:has\s+|had\s+|have\s+)?(?:denied|denies|said|says|claimed|claims|accused|"
                            r"insisted|announced|rejected|blamed|reported|stated|confirmed|warned|responded)\b")
_OUTLET_IN_DATELINE = re.compile(r"[^()]{0,25}\)\s*[—–-]{1,2}\s")
_OCCASION_BEFORE = re.compile(r"\b(?:after|before|ahead\s+of|since|during)\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,3}"
                             r"(?:parade|celebrations?|ceremony|summit|visit|funeral|festival|commemorations?|"
                             r"election|vote|match|concert)\s+(?:in|at)\s+$")
# A talks noun before a place in a strike sentence makes the place the venue of the talks.
_TALKS_BEFORE = re.compile(r"\b(?:talks|negotiations|delegat\w+|summit|meeting|round|envoys?|negotiators)\b")


def _strike_places(original: str, sentence: str, mentions: list[places.PlaceMention],
                   res: Resources) -> list[places.PlaceMention]:
    """Places that can be the strike's target: not a speaker, not the venue of talks named earlier in
    the same sentence ("after the drone attack, delegates met in Istanbul")."""
    out = []
    spoken_in: list[places.PlaceMention] = []
    for pm in mentions:
        end = pm.start + len(pm.text)
        if places.is_dateline(original, pm) or _OUTLET_IN_DATELINE.match(original, pm.start + len(pm.text)):
            # "MOSCOW — the ministry said...": where the story was filed, not where drones flew; "KYIV, May 11
            # (Kyiv Independent) -": the outlet's name
            continue
        if pm.place.kind == "city" and not pm.locative and _SPEAKER_AFTER.match(sentence, end):
            continue
        if not pm.locative and _ADDRESSEE_BEFORE.search(sentence, max(0, pm.start - 24), pm.start) \
                and not _RESIDENTS_AFTER.match(sentence, end):
            continue  # "accused Kinshasa of violating ...": a capital standing for its government
        if _FROM_BEFORE.search(sentence, max(0, pm.start - 120), pm.start) \
                and _LAUNCH_VERB.search(sentence, max(0, pm.start - 90), pm.start):
            continue  # "the drone had been launched from occupied Crimea": where it came from, not what it hit
        if pm.place.kind == "city" and _GOVERNMENT_AFTER.match(sentence, end):
            continue  # "the Kiev regime's attempt": the government, not the city
        if pm.place.kind == "city" and _FIRST_NAME_BEFORE.search(original, max(0, pm.start - 20), pm.start) \
                and _PERSON_AFTER.match(original, end):
            continue  # "Oleg Nikolayev, the head of Chuvashia, said": a person's surname, not the city
        if not pm.locative and _NAMES_A_STEP_OR_FRAMEWORK.match(original, end):
            continue  # "the commitments it made under the Doha framework": a step's name, not a target
        before = sentence[max(0, pm.start - 9):pm.start]
        if (" to " in before or " for " in before or "towards " in before) \
                and _VEHICLE_BOUND_BEFORE.search(sentence, max(0, pm.start - 70), pm.start):
            continue  # "The train, which was heading to Kyiv, ... when the drone hit a carriage": where it was going
        if before.endswith(" in ") and _SOURCES_IN_BEFORE.search(sentence, max(0, pm.start - 40), pm.start) \
                and _AND_CITY_SAID.match(original, end):
            continue  # "officials in Kyiv and Moscow said": where the sources sit, not what was hit
        if _SPEAKING_IN_BEFORE.search(sentence, max(0, pm.start - 60), pm.start) or (
                _BODY_IN_BEFORE.search(sentence, max(0, pm.start - 30), pm.start) and _SAID_AFTER.match(sentence, end)):
            # "Speaking at a news conference in Kyiv, Zelensky said", "the ministry in Moscow said": where a speaker
            # stands (kept when the sentence names no other place: "struck the capital overnight")
            spoken_in.append(pm)
            continue
        if _OCCASION_BEFORE.search(sentence, max(0, pm.start - 60), pm.start):
            continue  # "two days after the Victory Day parade in Moscow": an occasion's place, not the target
        if pm.place.kind == "city" and _TALKS_BEFORE.search(sentence, max(0, pm.start - 80), pm.start):
            drone_near = [m for m in res.trigger_drone.finditer(sentence, max(0, pm.start - 80), pm.start)]
            talks_last = max(m.start() for m in _TALKS_BEFORE.finditer(sentence, max(0, pm.start - 80), pm.start))
            if (not drone_near or drone_near[-1].start() < talks_last) \
                    and not res.rx["drone.attack"].search(sentence, talks_last, pm.start):
                continue  # (but "the day before the meeting, Russia attacked Kyiv": the verb between hits Kyiv)
        out.append(pm)
    # "Russia struck Lviv with cruise missiles, while drones targeted Chernihiv", "fired a missile at Ben Gurion
    # airport near Tel Aviv and launched three drones at Eilat": the missiles' target is not the drones', when
    # the sentence gives the drones one of their own.
    # (Never a city given up for a bare country.)
    drones_own = [pm for pm in out if not _missile_target(sentence, pm, res)]
    if drones_own and len(drones_own) < len(out) and any(pm.place.kind != "country" for pm in drones_own):
        out = drones_own
    if all(pm.place.kind == "country" for pm in out):
        out = out + spoken_in  # "Speaking in Kharkiv, the mayor said a drone had hit a kindergarten in the city"
    return out


_MISSILE_WITH_AFTER = re.compile(r"\s+(?:\w+\s+){0,2}?(?:with|using)\s+(?:[\w-]+\s+){0,3}?(?:missiles?|rockets?|"
                                 r"artillery|shells|bombs)\b")
_MISSILE_AT_BEFORE = re.compile(r"\b(?:missiles?|rockets?|shells)\s+(?:[\w'’-]+\s+){0,6}?"
                                r"(?:at|on|towards|into|against)\s+(?:[\w'’-]+\s+){0,5}?$")


def _missile_target(sentence: str, pm: places.PlaceMention, res: Resources) -> bool:
    """Whether a place is where the sentence's missiles (not its drones) went."""
    end = pm.start + len(pm.text)
    # ("with missiles and drones", "with rockets and drones": the drones aimed there too)
    after = _MISSILE_WITH_AFTER.match(sentence, end)
    if after is not None and not res.trigger_drone.search(sentence, end, after.end() + 25):
        return True
    # (not "an Israeli drone fired a missile at ...", the drone's own munition, nor "472 drones and seven
    # missiles at Ukraine", both aimed there)
    before = _MISSILE_AT_BEFORE.search(sentence, max(0, pm.start - 90), pm.start)
    return before is not None and not res.trigger_drone.search(sentence, max(0, before.start() - 40), pm.start)


_VEHICLE_BOUND_BEFORE = re.compile(r"\b(?:train|bus|car|lorry|truck|ship|vessel|tanker|plane|flight|ferry|convoy|"
                                  r"ambulance|minibus)\b[^.;]{0,40}?\b(?:heading|headed|bound|travell?ing|en\s+route)\s+"
                                  r"(?:to|for|towards)\s+$")
# Where a speaker stands: "Speaking at a news conference in Kyiv", "told reporters in Brussels".
# (only the setting itself may lie between: "told reporters a drone hit a kindergarten in Kharkiv" names the target)
_SPEAKING_IN_BEFORE = re.compile(r"\b(?:speaking|spoke|briefing|(?:news|press)\s+conference|"
                                 r"told\s+(?:reporters|journalists)|interview)\s+(?:(?:at|during|to|with)\s+"
                                 r"(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?)?(?:in|at)\s+(?:the\s+)?$")
_BODY_IN_BEFORE = re.compile(r"\b(?:ministry|office|headquarters|command|staff|embassy|spokes(?:man|woman|person))"
                             r"\s+in\s+$")
_SAID_AFTER = re.compile(r"\s+(?:said|says|reported|reports|announced|claimed|claims|stated|confirmed)\b(?!\s+to\b)")
_SOURCES_IN_BEFORE = re.compile(r"\b(?:officials|authorities|sources|diplomats|governments)\s+in\s+$")
_AND_CITY_SAID = re.compile(r"\s+and\s+[A-Z][\w'’-]+\s+(?:said|say|says|confirmed|reported)\b")
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?(?:directions?\s+of\s+)?(?:(?:village|town|settlement|area)\s+of\s+)?"
                          r"(?:(?:russian-)?occupied\s+|annexed\s+)?"
                          r"(?:(?:[\w'’-]+\s+){0,2}[\w'’-]+(?:,\s+|,?\s+and\s+|\s+in\s+(?:(?:russian-)?occupied\s+)?)){0,6}$")
_LAUNCH_VERB = re.compile(r"\b(?:launched|fired|flew|took\s+off|sent|came|coming|flying)\b")
_GOVERNMENT_AFTER = re.compile(r"(?:['’]s)?\s+(?:regime|government|leadership)\b")
_FIRST_NAME_BEFORE = re.compile(r"(?<![.!?]\s)\b[A-Z][a-z]{2,}\s+$")
_PERSON_AFTER = re.compile(r",\s+(?:the\s+)?(?:[\w-]+\s+){0,2}(?:head|governor|mayor|chief|leader|"
                           r"spokes(?:man|woman|person)|minister|commander|director|adviser|aide|deputy)\b|"
                           r"\s+(?:said|says|told|wrote)\b")
# A city naming a step ("the Minsk agreements", "the Istanbul talks"): the nouns of _NAMES_A_STEP; in a strike
# sentence a framework or a summit named after its city ("under the Doha framework") is no target either.
_STEP_NAME_NOUNS = (r"agreements?|accords?|declaration|talks|memorandum|protocol|deal|round|session|process|format|"
                    r"communiqu[eé]")
_NAMES_A_STEP_OR_FRAMEWORK = re.compile(rf"\s+(?:peace\s+)?(?:{_STEP_NAME_NOUNS}|framework|summit)\b", re.IGNORECASE)
_RESIDENTS_AFTER = re.compile(r"(?:['’]s)?\s+(?:residents|people|citizens|inhabitants|families)\b")
_ADDRESSEE_BEFORE = re.compile(r"\b(?:accus(?:ed|es|ing)|blam(?:ed|es|ing)|urg(?:ed|es|ing)|warn(?:ed|s|ing)|"
                               r"call(?:ed|s)\s+on|told|critici[sz](?:ed|es|ing)|condemn(?:ed|s|ing)|demanded\s+that)\s+$")
# Words saying the attack did something (damage, casualties). "Launched", "targeted" or "a drone
# attack on" do not: "air defences repelled a drone attack on Kyiv" is an interception claim.
_IMPACT = re.compile(
    r"\b(?:struck|hit|hits|hitting|striking(?!\s+(?:distance|range|image|example|contrast|similarit\w*|feature))|"
    r"slammed|crashed\s+into|exploded|damag(?:ed|ing|e)|set\s+(?:[\w-]+\s+){0,3}?(?:ablaze|on\s+fire)|"
    # "the enemy attacked Ukraine with 143 drones" says they were launched, not that they hit anything
    r"attacked(?!\s+(?:[\w'’-]+\s+){0,2}?with\b)|fires?|blaze|ablaze|burn(?:ed|ing|t)|killed|killing|injur(?:ed|ing|ies)|wounded|wounding|dead|died|destroyed|"
    r"casualt\w+|explosions?|disrupt\w*|outages?|power\s+cuts?)\b")
_NO_HARM = re.compile(r"\b(?:no|without)\s+(?:\w+\s+)?(?:casualties|damage|injuries|deaths|fatalities|fire)\b|"
                      r"\bnobody\s+was|\bno\s+one\s+was|\bnot\s+(?:hurt|injured|damaged)")


_BE = re.compile(r"\b(?:were|was|been|are)\b")
# Between "destroyed" and its drone object: a noun phrase has no clause break or preposition.
_NP_BREAK = re.compile(r"[,;]|\b(?:and|in|at|on|of|over|near|the)\b")
_DEBRIS = re.compile(r"\b(?:debris|fragments|wreckage|shrapnel\s+from\s+(?:a\s+)?downed)\b(?:(?![,;]|\band\b).)*$")
# Debris as the sentence's subject: whatever it damaged, the drone itself was downed.
_DEBRIS_SUBJECT = re.compile(r"\W*(?:[\w'’-]+\s+){0,2}?(?:debris|fragments|wreckage)\s+(?:from|of)\b|"
                             r"\W*(?:the\s+)?(?:falling\s+)?(?:drone|uav)\s+(?:debris|fragments|wreckage)\b")
# An intercept verb whose object is people reports a kill ("neutralised dozens of fighters").
_KILLED_PEOPLE = re.compile(r"\b(?:neutrali[sz]ed|eliminated)['’]?\s+(?:[\w-]+\s+){0,3}(?:fighters|militants|"
                            r"terrorists|insurgents|soldiers|troops|rebels|gunmen|members|commanders?|people)\b")
_BE_BEFORE = re.compile(r"\b(?:were|was|been)\s+$")


def _has_impact(sentence: str, drones: list[re.Match[str]]) -> bool:
    """Whether the sentence reports harm done, as opposed to drones only being shot down."""
    if _DEBRIS_SUBJECT.match(sentence):
        return False  # "Debris from a downed drone fell on a house ..., injuring two": still an interception
    if _KILLED_PEOPLE.search(sentence):
        return True  # "drone strikes 'neutralised' dozens of fighters": the intercept word kills people
    cleaned = _NO_HARM.sub(" ", sentence)
    for m in _IMPACT.finditer(cleaned):
        if m.group() == "destroyed" and any(
                (0 <= d.start() - m.end() < 60 and not _NP_BREAK.search(cleaned, m.end(), d.start()))
                or (0 <= m.start() - d.end() < 30 and _BE.search(cleaned[d.end():m.start()]))
                for d in drones):
            continue  # "destroyed 40 (Ukrainian fixed-wing) drones" / "drones were destroyed": an interception
        if _DEBRIS.search(cleaned, max(0, m.start() - 40), m.start()):
            continue  # "falling debris damaged a house": the drone was downed; debris alone stays an interception
        if m.group() in ("hit", "struck") and _BE_BEFORE.search(cleaned[max(0, m.start() - 12):m.start()]):
            continue  # passive "drones were hit" by air defences
        return True
    return False


# "a tariff truce" or "trade peace" is the excluded domain's own word, not a conflict's.
_CONFLICT_WORD = re.compile(r"\b(?<!tariff\s)(?<!trade\s)(?:peace(?!ful|keep)|ceasefire|truce|prisoner)"
                            r"(?!\w*\s+(?:on|over)\s+(?:[\w-]+\s+){0,2}(?:tariffs?|duties|trade|imports|exports)\b)")
_SUBTYPES = ("prisoner_exchange", "ceasefire", "agreement", "proposal")
_CEASEFIRE_ACTION = re.compile(
    r"\b(?:agreed|agree|accepted|accept|announced|announce|declared|declare|proposed|propose|offered|offer|rejected|reject|"
    r"signed|reached|brokered|took\s+effect|came\s+into\s+(?:force|effect)|began|begin|begins|started|starts|ordered|order|"
    r"observed|extended|extend|restored|reinstated|will\s+(?:start|begin|take\s+effect|last)|unilateral|"
    r"[\w]+-(?:day|hour|week|month)|for\s+\w+\s+(?:days|hours|weeks)|proposal|offer|plan|terms)\b")
# A call between two leaders or envoys ("spoke by hotline"), and two idioms of sitting at one table.
# "held a video call on Tuesday and agreed to ...": the call, held, is the talks.
_CALL_HELD = (r"(?:spoke|spoken|talked)\s+(?:by|on\s+the|over\s+the)\s+(?:tele)?(?:phone|hotline)|"
              r"held\s+(?:a|an)\s+(?:video|phone|telephone)\s+(?:call|conference)")
_SAT_TOGETHER = r"sat\s+(?:together\s+)?in\s+the\s+same\s+room"
# "US Special Envoy Steve Witkoff will visit Moscow in the coming days": an envoy's trip is talks scheduled.
_ENVOY_VISIT = (r"(?:envoys?|negotiators?),?\s+(?:[\w'’,-]+\s+){0,5}"
                r"(?:(?:will|is\s+(?:due|expected|set|scheduled)\s+to|"
                r"are\s+(?:due|expected|set)\s+to)\s+(?:visit|travel\s+to|fly\s+to|arrive\s+in)|(?:is|are)\s+(?:expected|due)\s+in)")
# A body both sides staff ("the ceasefire monitoring committee", "the two countries' border commissions"): its
# sessions are talks between the parties.
# (Not one side's own: "the Lebanese army's ceasefire committee"; nor a parliament's "Joint Committee on".)
_JOINT_BODY = (r"(?<!'s\s)(?<!’s\s)(?:joint|bilateral|border|ceasefire|truce|monitoring|demarcation|delimitation)\s+"
               r"(?:[\w-]+\s+)?(?:commissions?|committees?(?!\s+on\b)|mechanism)")
_PARTY_CONTEXT = re.compile(
    r"\b(?:peace|war|ceasefires?|truces?|pause|conflict|trilateral|bilateral|delegations?|negotiators?|envoys?|mediat\w+|prisoners?|pows?|"
    r"hostages|hostilities|captivity|"
    r"fighters|combatants|disarmament|demobili[sz]ation|reintegration|"
    r"settlement|invasion|fighting|sides|armed\s+groups?|rebels?|rebel\s+(?:group|alliance|movement)|militias?|insurgents?|"
    r"guerrillas?|"
    # "a deal to swap the bodies of fallen soldiers": the dead of the war name its sides.
    r"(?:bodies|remains)\s+of\s+(?:[\w,-]+\s+){0,3}?(?:soldiers|servicemen|troops|fighters|defenders)|"
    r"fallen\s+(?:soldiers|servicemen|troops|fighters|defenders)|" + _JOINT_BODY + r")\b")
_TALK_NOUN = re.compile(r"\b(?:talks|negotiations?|meetings?|round|summit|consultations|discussions|session|"
                        r"met|meet|convene|"
                        r"(?:phone|telephone|video)\s+call|call\s+between|spoke|talked|conversation|"
                        r"sat\s+down|sat\s+(?:\w+\s+){0,2}with|delegation|(?:tele)?phone|"
                        r"reconvene|delegations|negotiators|(?:trilateral|bilateral|direct)\s+contacts|"
                        # "AU mediators will host representatives of the government and the TPLF in Addis Ababa"
                        r"host(?:s|ed|ing)?\s+(?:[\w'’-]+\s+){0,2}(?:representatives|delegations?|envoys|negotiators)|"
                        # "Anwar hosted the Thai and Cambodian prime ministers in Kuala Lumpur"
                        r"host(?:s|ed)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}?(?:prime\s+ministers|presidents|leaders|"
                        r"foreign\s+ministers|defen[cs]e\s+ministers|army\s+chiefs|military\s+chiefs|commanders)|"
                        r"spent\s+(?:[\w-]+\s+){0,3}(?:hours?|minutes)|"
                        + _SAT_TOGETHER + r"|faced\s+each\s+other|" + _ENVOY_VISIT + r")\b")
# "At a second meeting in Istanbul on June 2, 2025, the delegations exchanged memorandums": a meeting with a
# venue and a day, named before what it produced, was held.
_DATED_MEETING_OPENER = re.compile(
    r"\W*(?:at|during)\s+(?:a|an|the|their|its)\s+(?:[\w-]+\s+){0,2}(?:meeting|round|session|talks)\s+(?:held\s+)?"
    r"(?:in|at)\s+[^,;]{1,60}?\s+on\s+(?:[\w-]+\s+){0,2}?\d{1,2}\b[^,;]{0,10},")
# A finite verb saying talks took place; with it a sentence reporting a deal also reports the talks.
_HELD_FINITE = re.compile(r"\b(?:met(?!\s+by\b)|(?:held|(?<!\bto\s)(?<!\bwill\s)(?<!\bwould\s)hold|concluded|ended|"
                          r"wrapped\s+up|completed)\s+(?:\w+\s+){0,3}"
                          r"(?:talks|negotiations|meeting)|"
                          r"(?:held|concluded|completed)\s+(?:a|an|the|their)\s+(?:\w+\s+)?round\s+of\s+(?:\w+\s+)?"
                          r"(?:talks|negotiations)|sat\s+down|"
                          r"(?:talks|negotiations|meeting|session|"
                          r"round(?!\s+of\s+(?:the\s+)?(?:exchanges?|swaps?|prisoner|pow|releases?|repatriations?)\b))"
                          r"\b[^.;]{0,60}?\b(?:took\s+place|lasted|lasts|were\s+held|"
                          r"was\s+held)|convened|"
                          # a call between the sides (guide § 3: talks held): "spoke by hotline and agreed to ..."
                          + _CALL_HELD + r"|" + _SAT_TOGETHER + r"|faced\s+each\s+other\s+across)\b")


def classify_negotiation(original: str, index: int, res: Resources, is_title: bool,
                         actor_names: list[str]) -> Candidate | None:
    """The negotiation reading of a sentence, or None (memoised per sentence text and actors)."""
    return _fresh(_classify_negotiation(original, res, is_title, tuple(actor_names)), index)


@lru_cache(maxsize=SENTENCE_CACHE_SIZE)
def _classify_negotiation(original: str, res: Resources, is_title: bool,
                          actor_names: tuple[str, ...]) -> Candidate | None:
    index = 0  # the memoised candidate is shared; callers get a copy with their own index
    rx = res.rx
    sentence = lower_sentence(original)
    if rx["negotiation.domain_exclude"].search(sentence) and not _CONFLICT_WORD.search(sentence):
        return None
    if _IF_INVERTED.match(sentence):
        return None  # "Should the talks collapse, Israel is expected to ...": a condition, no step
    reported = _REPORTED_WOULD.search(sentence)
    if reported and not _CONDITION.search(_TOPIC_MODAL_RX.sub(" ", sentence)):
        # "The Kremlin confirmed that Putin and Trump would meet in Budapest": "would" after a past
        # reporting verb is the future seen from the past, not a hypothetical (same length, same offsets).
        at = reported.start("would")
        sentence = sentence[:at] + "will " + sentence[at + 5:]
    steps: list[tuple[str, re.Match[str]]] = []
    for name in _SUBTYPES:
        m = rx[f"negotiation.{name}"].search(sentence)
        if m and (name != "ceasefire" or _CEASEFIRE_ACTION.search(sentence)):
            steps.append((name, m))
    subtype, cue = steps[0] if steps else (None, None)
    if subtype is not None and cue is not None and _TALK_NOUN.search(sentence):
        first = _negotiation(original, sentence, index, res, is_title, actor_names, subtype, cue)
        if first is None or not first.creates:
            # "Putin proposed to restart direct negotiations in Istanbul on May 15, and said new ceasefire
            # proposals might be reached": a hedged step ranked first does not hide a step reported;
            # "While talks convene in Paris, ... even after a ceasefire is reached": nor the talks.
            return (_step_told_before(original, sentence, res, is_title, actor_names, steps, cue, skip_rejected=False)
                    or _talks_reported(original, sentence, res, is_title, actor_names) or first)
        return first
    first = _negotiation(original, sentence, index, res, is_title, actor_names, subtype, cue)
    for name, m in [(n, m) for n, m in steps[1:] if n == "agreement"] if first is None else ():
        # "signed a protocol in Doha providing for the release of detainees": the release is the protocol's
        # content, and the signing is the step.
        other = _negotiation(original, sentence, index, res, is_title, actor_names, name, m)
        if other is not None and other.creates:
            return other
    if (first is None or not first.creates) and _CALL_VERB.search(sentence):
        # "the Pakistani commander called his Indian counterpart, and the two agreed that both sides would stop
        # firing": the hedged step does not hide the call the sentence reports.
        call = _talks_reported(original, sentence, res, is_title, actor_names)
        if call is not None:
            return call
    if first is not None and not first.creates and cue is not None:
        # "announced that Israel and Hamas had agreed to a ceasefire ..., during which hostages would be
        # released in exchange for prisoners": a step told before the hedged one is the step reported
        # (but "rejected the proposal in a speech on Wednesday" answers a step told elsewhere).
        told = _step_told_before(original, sentence, res, is_title, actor_names, steps, cue, skip_rejected=True)
        return told or first
    return first


def _step_told_before(original: str, sentence: str, res: Resources, is_title: bool, actor_names: tuple[str, ...],
                      steps: list[tuple[str, re.Match[str]]], cue: re.Match[str], *,
                      skip_rejected: bool) -> Candidate | None:
    """A step reported before the hedged cue ranked first, if one is."""
    for name, m in steps[1:]:
        if m.start() >= cue.start() or (skip_rejected and _rejected(sentence, m)):
            continue
        other = _negotiation(original, sentence, 0, res, is_title, actor_names, name, m)
        if other is not None and other.creates \
                and not _hypothetical_before(res.rx["modality.hypothetical"], sentence, original, m.start()):
            return other
    return None


def _talks_reported(original: str, sentence: str, res: Resources, is_title: bool,
                    actor_names: tuple[str, ...]) -> Candidate | None:
    """The talks (or call) a sentence reports beside a hedged step, if it reports them."""
    talks = _negotiation(original, sentence, 0, res, is_title, actor_names, None, None)
    return talks if talks is not None and talks.creates else None


# An appeal whose complement is the step, however many words (quotes, "full and unconditional") lie
# between the verb and the step noun: only the start of the next sentence-level clause ends it.
_CALLED_ON_TO_AGREE = re.compile(
    r"\b(?:call(?:ed|s|ing)?\s+on|urg(?:ed|es|ing)|press(?:ed|es|ing)|ask(?:ed|s|ing)|demand(?:ed|s|ing))\s+"
    r"(?:[\w'’-]+\s+){0,8}?to\s+(?:[^.;]{1,40}?\s+and\s+)?[\"“']?(?:agree(?:\s+to)?|accept|declare|observe|sign|respect|implement|return|resume|"
    r"reach|restore|honou?r|abide)\b(?:(?!\b(?:but|while|after|when|as)\b)[^.;:]){0,100}$")
_DEADLINE_TO_AGREE = re.compile(r"\b(?:deadline|ultimatum)\b[^.;]{0,80}?\bfor\s+(?:[\w'’-]+\s+){1,3}?to\s+"
                                r"(?:agree|accept|sign|reach|declare)\b[^.;]{0,60}$")
_REPORTED_WOULD = re.compile(
    r"\b(?:said|confirmed|announced|told\s+\w+|stated|added|agreed)\s+(?:that\s+)?(?:[^\s;:]+\s+){0,12}?"
    r"(?P<would>would)\s+(?:now\s+|again\s+|also\s+|soon\s+|then\s+|next\s+)?"
    r"(?:meet|hold|be\s+held|take\s+place|travel|visit|host|resume|reconvene|sign|exchange|hand|cease|halt|"
    r"speak|talk|return)\b")
_CONDITION = re.compile(r"\b(?:if|unless|only|provided|once|could|might)\b")
# A step as the object of a refusal: "rejected (parts of) the plan", "turned down the offer".
_REJECTED = r"\b(?:rejected|rejects|dismissed|dismisses|refused|refuses|turned\s+down|spurned|snubbed)\s+"
_REJECTED_BEFORE = re.compile(_REJECTED + r"(?:[\w'’-]+\s+){0,3}$")
_REJECTED_CUE = re.compile(_REJECTED)


def _rejected(sentence: str, cue: re.Match[str]) -> bool:
    """Whether a step is the object of a refusal (the verb inside the cue or just before it)."""
    return bool(_REJECTED_CUE.match(cue.group()) or _REJECTED_BEFORE.search(sentence, max(0, cue.start() - 30),
                                                                             cue.start()))


_OUTCOME_BEFORE = re.compile(r"\b(?:agreed|reached|signed|brokered|struck|sealed|secured|clinched|finali[sz]ed)\s+"
                             r"(?:\w+\s+){0,3}$")
# "little was agreed beyond a prisoner swap", "agreed nothing except a new exchange": the exception is
# what was agreed, so a negation before it does not reach the step named after it. At most three words
# (none of them "of": "beyond vague promises of another truce" keeps the promises' negation) lie between.
_EXCEPTED_BEFORE = re.compile(r"\b(?:except(?:\s+for)?|beyond|apart\s+from|aside\s+from|other\s+than|besides|"
                              r"save\s+for)\s+(?:(?!of\b)[\w,-]+\s+){0,3}$")
_FIGHTING_BEFORE = re.compile(r"\b(?:strik(?:e|es|ing)|struck|attack(?:s|ed|ing)?|shell(?:s|ed|ing)|bomb(?:s|ed|ing)|"
                              r"fight(?:s|ing)?|fought|kill(?:s|ed|ing)?|pound(?:s|ed|ing)?)\b")
_RESULT_OF_BEFORE = re.compile(r"\b(?:results?|outcomes?|products?|fruits?|achievements?|account|readout|details|"
                               r"briefing|summary|transcript)\s+of\s+"
                               r"(?:the|their|these|those|this|that)\s+(?:[\w-]+\s+){0,2}$")
_HAD_BEEN_BEFORE = re.compile(r"\bhad\s+been\s+(?:[\w-]+\s+)?$")
# Verbs of reacting to a step ("praised", "welcomed", "condemned"), shared by the two patterns below.
_REACTION_STEMS = r"prais|welcom|hail|criticis|criticiz|condemn|applaud|denounc"
_REACTION_BEFORE = re.compile(r"\b(?:(?:" + _REACTION_STEMS + r"|celebrat)\w+|"
                              r"lauded|hailing|comment(?:ed|s|ing)?\s+on|respond(?:ed|s|ing)?\s+to|"
                              r"react(?:ed|s|ing)?\s+to)\s+(?:the|this|that|last\s+\w+['’]s)\s+"
                              r"(?:[\w'’‘\"“”-]+\s+){0,2}[\"“‘']?$")
# ("families of prisoners of war welcomed the new exchange agreement": the reaction names the step later on)
_REACTION_TO_STEP = re.compile(r"\b(?:" + _REACTION_STEMS + r")\w*\s+"
                               r"(?:the|this|that)\s+(?:[\w-]+\s+){0,2}"
                               r"(?:exchange|swap|deal|agreement|truce|ceasefire|plan|proposal)\b")
_PP_CUE = re.compile(r"(?:after|following|during|at|on\s+the\s+sidelines|in\s+the\s+course|at\s+the\s+end)\b")


def _hypothetical_before(hypo: re.Pattern[str], sentence: str, original: str, end: int) -> bool:
    """Whether a modal or conditional word occurs anywhere before `end` (the month May excepted)."""
    return any(not (m.group() == "may" and original[m.start()] == "M") for m in hypo.finditer(sentence, 0, end))


_MET_ONLY = re.compile(r"\b(?:met|meet|meets|meeting)\b")
_OWN_BODY_MET = re.compile(r"\b(?:cabinet|parliament|security\s+cabinet|war\s+cabinet|government|"
                           r"(?:national\s+)?security\s+(?:and\s+defen[cs]e\s+)?council)\s+"
                           r"(?:met|meets|convened|gathered|(?:will|is\s+to|is\s+due\s+to)\s+(?:convene|meet))\b")
# "The next round is scheduled for Geneva on November 12": the city a round is set for is its venue.
_ROUND_SET_FOR = re.compile(r"\b(?:round|meeting|talks|session|summit|negotiations)\s+"
                            r"(?:(?!of\b)[\w-]+\s+|of\s+(?:[\w-]+\s+)?talks\s+){0,4}?"
                            r"(?:(?:is|are|was|were|has\s+been|have\s+been)\s+)?(?:scheduled|set|planned|slated|due|"
                            r"pencil+ed\s+in)\s+for\s+(?:the\s+)?$")
_ROUND_OF_TALKS = re.compile(r"\b(?:round\s+of\s+(?:\w+\s+)?(?:talks|negotiations)|next\s+round|peace\s+talks|"
                             r"direct\s+(?:\w+\s+)?(?:talks|negotiations|meeting)|"
                             # "The previous round, held in Abu Dhabi on January 23": an ordinal round of
                             # the talks the story is about, with its venue and day
                             r"(?:previous|last|latest|first|second|third|fourth|fifth|sixth|further)\s+(?:[\w-]+\s+)?"
                             r"(?:round|session))\b")
# "At the recent talks, little was agreed beyond a prisoner swap": the talks just told single the outcome out.
_AT_THE_TALKS = re.compile(r"\b(?:at|during|after|from)\s+(?:the|these|those|this)\s+"
                           r"(?:recent\s+|latest\s+|last\s+|same\s+|direct\s+)?(?:talks|meeting|round|negotiations)\b")
# How long a truce lasts singles it out like a number does: "a ceasefire of two to three days".
_TRUCE_TERM = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|ten|thirty|sixty|ninety)"
                         r"(?:[\s-]+(?:to|or)[\s-]+\w+)?[\s-]+(?:hours?|days?|weeks?|months?)\b")
_COUNT = re.compile(r"\b\d[\d,]*\b|\b(?:a|one)\s+(?:hundred|thousand)\b")
# "a working lunch that was cancelled": a relative clause cancels its own noun, not the talks told before it.
_OTHER_NOUN_CANCELLED = re.compile(r"\b(?!(?:talks|meeting|round|summit|negotiations|session|exchange|visit|trip|"
                                   r"signing|ceremony|call)\b)[a-z]+\s+(?:that|which)\s+$")
# A step named as the object of breaking or violating it is one already in force, not a new step.
_BROKEN_BEFORE = re.compile(r"\b(?:break(?:s|ing)?|broke|broken|breach(?:es|ed|ing)?|violat(?:es|ed|ing)|"
                            r"violations?\s+of)\s+(?:the|a|an|its|their)\s+(?:[\w-]+\s+){0,2}$")
# A step noun as the subject of "has been discussed / raised / floated" is a topic under discussion.
_DISCUSSED_AFTER = re.compile(r"\s+(?:\w+\s+){0,2}?(?:has|have|had|was|were)\s+(?:\w+\s+)?been\s+"
                              r"(?:discussed|debated|mooted|floated|raised|talked\s+about)\b")
_PAST_AGENDA = re.compile(r"\b(?:was|were)\s+(?:also\s+)?expected\s+to\s+(?:discuss|address|cover|focus|consider|"
                          r"include|tackle|take\s+up)\b")
# Talks that are only a prospect: "any future negotiations", "possible talks", "an eventual summit".
# ("denied that any such meeting had taken place" is the meeting reported, disputed)
_UNREALISED_TALKS = re.compile(r"\b(?:any(?!\s+such\s+(?:meeting|talks|round|contacts?)\s+(?:had\s+(?:taken\s+place|"
                               r"happened|been\s+held)|took\s+place|happened|was\s+held|were\s+held))|future|possible|potential|"
                               r"eventual|hypothetical)\s+"
                               r"(?:[\w-]+\s+)?"
                               r"(?:talks|negotiations?|meetings?|rounds?|summits?)\b")
# Talk nouns other than the verb "meet": "ministers are due to meet in Brussels" names no negotiation.
_TALK_NOUN_STRICT = re.compile(r"\b(?:talks|negotiations?|meeting|round|summit|consultations|discussions|session|"
                               + _ENVOY_VISIT + r"|"
                               r"(?:trilateral|bilateral|direct)\s+contacts|"
                               r"(?:phone|telephone|video)\s+call|reconvene|delegations?)\b")
_TABLE_WORD = re.compile(
    r"\b(?:delegations?|delegates|negotiators?|negotiating\s+teams?|envoys?|mediators?|counterparts?|talks|negotiations|"
    r"(?:two|both|the\s+warring)\s+sides|(?:the|both)\s+(?:two\s+|warring\s+)?parties|"
    r"(?:the\s+two|both)\s+countries|" + _JOINT_BODY + r")\b")
_SWAP_OF_SERVICEMEN = re.compile(r"\b(?:exchanges?|exchanged|swaps?|swapped)\b[^.;]{0,90}?"
                                 r"\b(?:servicemen|soldiers|prisoners\s+of\s+war|pows|troops|defenders|fighters|detainees|captives|"
                                 r"ukrainians|russians)\b")
_CALL_BEFORE = re.compile(r"\b(?:" + _CALL_HELD + r"|(?:phone|telephone|video)\s+(?:call|conversation))\b")
_CALL_TOPIC = re.compile(r"\b(?:about|discuss(?:ed|es|ing)?|discussion\s+of)\b[^.;:]{0,90}$")
# ("the proposed truce", "an announced pause": after a determiner the participle is an adjective.)
_NOT_AFTER_DETERMINER = r"(?<!\ba\s)(?<!\ban\s)(?<!\bthe\s)(?<!\bits\s)(?<!\btheir\s)"
_STEP_DONE = re.compile(r"\b(?:agreed|accepted|signed|exchanged|swapped|offered|declared)\b|"
                        + _NOT_AFTER_DETERMINER + r"\b(?:proposed|announced)\b")
_DISCUSSED_BEFORE = re.compile(r"\b(?:discuss(?:ed|es|ing)?|to\s+discuss|demand(?:ed|s|ing)|call(?:ed|s)\s+for|raised|"
                               r"raising)\b"
                               r"[^.;:]{0,160}$")
_TALKS_ON_BEFORE = re.compile(r"\b(?:talks|meeting|discussions?|negotiations|consultations)\s+(?:on|about|over)\s+"
                              r"(?:[\w'’-]+\s+){0,4}$")
_INTERNAL_RECIPIENT = re.compile(r"\b(?:presented|submitted|handed|sent|delivered)\s+(?:to\s+)?(?:the\s+)?"
                                 r"(?:government|cabinet|parliament|president|council\s+of\s+ministers)\b")
_PERFECT_TALKS = re.compile(r"\b(?:has|have)\s+(?:also\s+|already\s+|previously\s+|repeatedly\s+)?(?:held|had)\s+"
                            r"(?:[\w-]+\s+){0,3}(?:talks|negotiations|meetings|rounds|contacts)\b|"
                            # "The American-led talks ... have produced limited results": the talks' record
                            r"\b(?:talks|negotiations|contacts|meetings)\b[^.;]{0,80}?\b(?:has|have)\s+(?:so\s+far\s+)?"
                            r"(?:produced|yielded|achieved|delivered|brought|made|failed)\b")
_SPEAKER_IN_BEFORE = re.compile(r"\b(?:told\s+(?:reporters|journalists|lawmakers|parliament|a\s+news\s+conference)|"
                                r"said|speaking|spoke\s+to\s+reporters|briefing\s+\w+|"
                                # "a framework that was seen in Kyiv as favouring Moscow": where it was judged
                                r"(?:seen|viewed|regarded|perceived|criticised|criticized|welcomed|greeted|read))\s+in\s+$")
# A government approving its own institutions' plan ("the army's plan to bring all weapons under state control").
_OWN_PLAN_APPROVED = re.compile(r"\b(?:approved|endorsed|adopted)\s+(?:[\w'’-]+\s+){0,5}?(?:the\s+)?(?:army|military|"
                                r"government|cabinet|ministry|state|interior\s+ministry|defen[cs]e\s+ministry)['’]s\s+"
                                r"(?:own\s+)?(?:[\w-]+\s+){0,2}?(?:plan|programme|program|strategy|budget)\b")
# The agreement cue "agreed to <do something>" (no document named).
_AGREED_TO_DO = re.compile(r"agreed,?\s+(?:(?!to\b)[\w'’,-]+\s+){0,6}?to\s")
_HANDED = re.compile(r"\b(?:handed|delivered|submitted|sent|presented|passed|shared|tabled|transmitted|forwarded)\b")
_DRAFT_ON_BEFORE = re.compile(r"\b(?:draft|proposal|plan|memorandum|protocol|text)\s+(?:[\w-]+\s+){0,2}?"
                              r"(?:on|for|about)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}$")
# A body named after the truce it watches: "the committee monitoring the ceasefire", "the mechanism overseeing the
# truce", "observers of the ceasefire".
_TRUCE_BODY_BEFORE = re.compile(r"\b(?:committee|mechanism|mission|commission|body|observers?|monitors?|team|cell)\s+"
                                r"(?:(?:tasked\s+with\s+|charged\s+with\s+|set\s+up\s+to\s+)?(?:monitoring|overseeing|"
                                r"supervising|verifying|monitor|oversee|supervise|verify)|of|for)\s+(?:the\s+)?(?:[\w-]+\s+)?$")
_TRUCE_STEP_AFTER = re.compile(r"\b(?:agreed|signed|extended|declared|announced|proposed|accepted|brokered|"
                               r"took\s+effect|came\s+into\s+(?:force|effect)|reached)\b")
_TEMPORAL_THE_BEFORE = re.compile(r"\b(?:before|after|until|since|once)\s+the\s+(?:[\w-]+\s+)?$")
_N_FOR_N = re.compile(r"\b(?:\d[\d,]*|all)[\s-]+for[\s-]+(?:\d[\d,]*|all)\b")
_RECONVENE = re.compile(r"\breconven\w*")
_TEAMS = re.compile(r"\b(?:the|both|two|negotiating)\s+teams\b")
# "presented both sides with a draft": a text handed to the two parties (named earlier in the story).
_BOTH_PARTIES = re.compile(r"\b(?:presented|handed|sent|delivered|submitted|gave|offered|present|presents|hands)\s+"
                           r"(?:to\s+)?"
                           r"(?:both|the\s+two)\s+(?:warring\s+)?(?:sides|parties|delegations|belligerents)\b")
_RATHER_THAN = re.compile(r"\b(?:rather\s+than|instead\s+of|but\s+not)\b")
# "The delegations reportedly agreed to a new exchange", "the two sides signed": both parties as the subject.
_SIDES_TOOK_STEP = re.compile(r"\b(?:the\s+two|both|the)\s+(?:warring\s+)?(?:sides|parties|delegations|"
                              r"(?<=two\s)(?:leaders|presidents|prime\s+ministers|heads\s+of\s+state))\s+"
                              r"(?:\w+\s+){0,2}?(?:agreed(?!\s+in\s+principle)|exchanged|swapped|signed|approved|reached|initial(?:l)?ed)\b")
# "The two DGMOs spoke over the hotline on Wednesday and agreed to stop all firing": the two armies as the parties.
_MILITARIES_AGREED = re.compile(r"\b(?:the\s+two|both)\s+(?:armies|militaries|dgmos|(?:military\s+)?commanders|"
                                r"generals|defen[cs]e\s+ministers)\s+(?:[\w'’-]+\s+){0,8}?agreed(?!\s+in\s+principle)\b")
# ", one of several vessels lost ...": an apposition describing the target named before it.
_ONE_OF = re.compile(r",\s+(?:one|another)\s+of\s+(?:the\s+)?(?:several|many|dozens|scores|a\s+number|numerous|"
                     r"(?:\w+\s+)?(?:largest|biggest|most|few))\b")
# ("residents of Kursk who had been held in Ukraine since 2024": the captives' history, not the swap's)
_NONRESTRICTIVE = re.compile(r",\s+which\s+[^,;]*(?=,)|\b(?:who|whom)\s+(?:had|has|have|were|was)\s+been\s+"
                             r"(?:held|detained|captured|kept|imprisoned|jailed)\b[^,;]*")
# A modal right after the step, in the same clause: "exchanges of prisoners could resume", "suggested
# that a meeting might take place". A relative clause ("a truce that would take effect") is not hedging.
_MODAL_AFTER = re.compile(r"\b(?:could|might|may|would|should|can|cannot)\b")
_RELATIVE = re.compile(r"\b(?:that|which|who)\b")
_RECIPIENT_BEFORE = re.compile(r"\b(?:to|of)\s+(?:the\s+)?$")
_AREA_AFTER = re.compile(r"\s+(?:district|area|region|zone|sector|front|border|city|port)\b")
# "its response to the truce proposal": comments on a proposal are a proposal step, whatever it is about.
_POSITION_ON = re.compile(r"\b(?:position|positions|stance|views?|attitude|approach)\s+(?:on|to|towards)\s+"
                          r"(?:[\w-]+\s+){0,3}$|"
                          # a list of topics: "their positions on a ceasefire, on the plant and on the return of"
                          r"\b(?:positions|views)\s+on\s+[^.;:]{0,80}?(?:,\s+|\s+and\s+)(?:on\s+)?(?:the\s+)?"
                          r"(?:(?!(?:agreed|signed|decided|announced)\b)[\w-]+\s+){0,3}$")
# "said Kyiv wanted a full, unconditional ceasefire", "are far apart on the terms of a new ceasefire", "the
# communique focused on ... the return of prisoners": a wish, a gap or a topic, not a step taken.
_WISH_OR_TOPIC_BEFORE = re.compile(r"\b(?:wants?|wanted|wanting|(?:far\s+apart|divided|split|at\s+odds|deadlocked)\s+"
                                   r"(?:on|over)|focus(?:s)?ed\s+on|cent(?:re|er)d\s+on)\s+(?:[\w,:'’-]+\s+){0,12}$")
_RESPONSE_TO = re.compile(r"\b(?:response|reply|answer|comments|amendments|counter-?proposals?|objections)"
                          r"\s+(?:to|on)\b")
# A sentence opening "In Kyiv, Ukraine's chief negotiator said ..." names where the speaker is (like a
# dateline), not where talks sit. ("Officials in Ankara" stays a venue: "handed Turkish officials in Ankara".)
_OPENING_IN = re.compile(r"\W*in\s+")
_THEN_SPEAKER = re.compile(r",\s+(?:[\w'’.-]+\s+){1,8}?(?:said|says|told|confirmed|announced|stated|added|"
                           r"insisted|claimed|wrote|posted)\b")
_BOTH_SIDES = re.compile(r"(?:on|by|from)\s+both\s+sides")
# "to allow 600 aid trucks a day into Gaza": a rate counted in a step's terms, not a habit of strikes.
_TERM_RATE = re.compile(r"(?:a|per|each|every)\s+(?:day|week|month)", re.IGNORECASE)
_COUNTED_BEFORE = re.compile(r"\b\d[\d,]*\s+(?:(?!(?:drones?|missiles?|strikes?|attacks?|shells?|rockets?|bombs?|"
                             r"shaheds?)\b)[\w-]+\s+){0,3}$")
_NEGOTIATION_NOUN = re.compile(r"\b(?:talks|negotiat\w+|delegat\w+|envoys?|negotiators?|consultations|mediat\w+|"
                               r"peace|ceasefire|truce)\b")


# "proposed holding a new round of talks in Istanbul", "an invitation to a meeting in Moscow": the city
# of a meeting proposed is not where the proposal was made (guide § 5).
_AGENDA_AFTER = re.compile(r"(?:\s+[\w'’,-]+){0,8}?\s+(?:(?:was|were|is|are|remains?|remained)\s+)?(?:also\s+)?"
                           r"on\s+the\s+agenda\b")
_AGENDA_BEFORE = re.compile(r"\bagenda\b[^.;]{0,80}?\b(?:included|includes|including|covered|covers)\b[^.;]{0,80}$|"
                            # "the talks had focused on the withdrawal ..., the release of detainees"
                            r"\b(?:talks|meeting|discussions|negotiations|round|consultations)\b[^.;]{0,60}?"
                            r"\b(?:focus(?:s|ed|sed|ing|sing)?|centred|centered|concentrated)\s+(?:\w+\s+)?on\b[^.;]{0,160}$|"
                            # "The draft ... provides for a three-month cessation of hostilities": its content
                            r"\b(?:provides?|provided|providing)\s+for\b[^.;]{0,100}$|\benvisag(?:es|ed|ing)\b[^.;]{0,100}$|"
                            # "the resolution of humanitarian issues, including the exchange of prisoners"
                            r"\b(?:issues|matters|questions|topics|efforts|areas)\b[^.;]{0,40}?\bincluding\s+"
                            r"(?:the\s+)?(?:[\w-]+\s+){0,2}$")
_PROPOSED_MEETING = re.compile(r"\b(?:propos\w*|invit\w*|suggest\w*)\s+"
                               r"(?:(?!at\b|during\b|ceasefire|truce|deal|agreement|framework|plan\b)[\w'’,-]+\s+){0,16}?"
                               r"(?:talks|meeting|round|summit|negotiations)\s+(?:[\w'’,-]+\s+){0,6}?(?:in|at)\s+"
                               r"(?:the\s+)?$")
_VAGUE_PAST = re.compile(r"\b(?:several|many|a\s+few|some)\s+(?:years|decades)\s+ago\b|"
                         r"\bin\s+recent\s+years\b|"
                         # "in the past", not "in the past week" or "in the past 24 hours"
                         r"\bin\s+the\s+past\b(?!\s+(?:[\w-]+\s+){0,2}?(?:days?|weeks?|months?|hours?|nights?|years?)\b)")
# "but no new round has been scheduled": talks not arranged ("no date has been confirmed" beside an envoy expected in
# Moscow still leaves a visit to a named place: writers label that both ways).
_NOTHING_SET = re.compile(r"\bno\s+(?:new\s+|further\s+|next\s+|other\s+|firm\s+|specific\s+)?"
                          r"(?:rounds?|meetings?|talks)\s+(?:has|have|had)\s+(?:yet\s+)?been\s+(?:scheduled|set|fixed|arranged|agreed|"
                          r"announced|confirmed)\b")
# The talks noun as the subject of its own halt, in one clause: "Talks between the two sides ... were suspended".
# (A halt told in a "since" clause is an earlier one: "met for the first time since talks were suspended".)
_SUSPENDED_AFTER = re.compile(r"(?:(?!\b(?:since|after|until)\b)[^.;,]){0,120}?"
                              r"\b(?:were|was|had\s+been|have\s+been|has\s+been)\s+"
                              r"(?:suspended|frozen|broken\s+off)\b|"
                              # "days after talks on an energy truce stalled" (not "resumed after they stalled")
                              r"(?:\s+(?:on|over|about|between|with)\s+(?:[\w'’-]+\s+){0,4}?|\s+)"
                              # (not an adjective: "to discuss the stalled peace deal")
                              r"(?<!\bthe\s)(?<!\ba\s)(?:had\s+|have\s+|has\s+)?(?:stalled|collapsed|broke\s+down|"
                              r"faltered)\b")
_FREQUENCY = re.compile(r"\b(?:(?:many|several|numerous|multiple|countless|a\s+few|a\s+number\s+of)\s+times|"
                        r"repeatedly|regularly|time\s+and\s+again)\b")
# "The Pretoria agreement, signed in November 2022, ended ...": the apposition dates the named step
# itself to a month, enough for a recounted step to count ("..., brokered by X, ended a war that began
# in October 2023" dates something else).
_DATED_APPOSITION = re.compile(r"^[^,]{0,80},\s+(?:[\w'’-]+\s+)?(?:signed|agreed|brokered|reached|concluded|"
                               r"initial(?:l)?ed|struck|declared|sealed)\b[^,;]{0,80}?\b(?:january|february|march|"
                               r"april|may|june|july|august|september|october|november|december)\s+(?:19|20)\d\d\b")
# "the Pretoria agreement", "the Istanbul talks", "the Jeddah Declaration": a city naming a step is its venue.
_NAMES_A_STEP = re.compile(rf"\s+(?:peace\s+)?(?:{_STEP_NAME_NOUNS})\b", re.IGNORECASE)
_NAMED_STEP_SUBJECT = re.compile(r"^\W*(?:[Tt]he\s+(?:[A-Z][\w'’-]*\s+){1,4}(?:ceasefire|truce|deal|agreement|accord|"
                                 r"initiative|moratorium|memorandum|protocol)|(?:[Tt]hose|[Tt]hese)\s+(?:[\w-]+\s+)?"
                                 r"(?:talks|negotiations|meetings|rounds))\b")


# Words that make a prisoner exchange a step agreed somewhere rather than one carried out.
_AGREED_AT = re.compile(r"\b(?:agree\w*|talks|meeting|met|negotiat\w*|signed|signing|protocol|reached|"
                        r"round(?!\s+of\s+(?:the\s+)?(?:exchanges?|swaps?|prisoner|pow|releases?|returns?|repatriations?)))\b")


def agreed_step(text: str) -> bool:
    """Whether a prisoner-exchange sentence tells of a swap agreed (at talks, in a deal) rather than done."""
    return bool(_AGREED_AT.search(lower_sentence(text)))


# "had sent both sides a revised plan for a three-month truce": a plan handed over is a document, not an
# intention ("plans for a new offensive").
_HANDED_PLAN = (r"\b(?:sent|presented|handed|submitted|delivered|tabled|put\s+forward|unveiled|shared)\s+"
                r"(?:[\w'’-]+\s+){0,4}?(?:a|an|the|their|its)\s+(?:[\w'’-]+\s+){0,2}?plans?\s+for\b")


# "discussed a possible settlement in a phone call": the modal word sits in the topic talked about.
_TOPIC_MODAL = (r"\b(?:discuss(?:ed|es|ing)?|talked\s+about|spoke\s+about|on)\s+(?:a|an|the)\s+"
                r"(?:possible|potential|future|eventual)\b")
# "met ... to discuss how a halt to strikes could work": a modal inside the topic of a meeting told before
# it. Only after the meeting's cue: in "are discussing whether Putin and Zelensky could meet" the modal
# governs the meeting itself.
_TOPIC_MODAL_RX = re.compile(r"\b(?:discuss(?:ed|es|ing)?|consider(?:ed|s|ing)?|explor(?:e|ed|es|ing)|"
                             r"examin(?:e|ed|es|ing)|work(?:ed|s|ing)?\s+out)\s+(?:how|whether|what|ways\s+in\s+which)"
                             r"\s+[^.;,]{0,60}?\b(?:could|might|would|may|can)\b")


@lru_cache(maxsize=4)
def _not_hedging(res: Resources) -> re.Pattern[str]:
    """Spans whose modal-looking words do not hedge a step: scheduling wording and a plan handed over."""
    return re.compile(f"(?:{res.rx['negotiation.scheduled'].pattern})|(?:{_HANDED_PLAN})|(?:{_TOPIC_MODAL})")


# "because the date had not been announced": a detail of a step kept back, not the step called off.
_UNANNOUNCED_DETAIL = re.compile(r"\b(?:date|dates|details|venue|time|timing|agenda|location)\s+(?:of\s+[\w\s]{1,20}?)?"
                                 r"(?:has|have|had)\s+not\s+(?:yet\s+)?been\s+(?:announced|confirmed|made\s+public|"
                                 r"disclosed|released)$")
# After a future cue: a team going home to report ("will return to Kyiv on Friday to brief Zelensky").
_GOING_HOME = re.compile(r"\s*(?:\w+\s+)?return\s+(?:home|to\s+[^.;,]{1,30}?)\s+(?:[^.;,]{0,25}?\s)?"
                         r"to\s+(?:brief|report|consult)\b")
_OFFICIALS_MEET = re.compile(r"\b(?:ministers|leaders|presidents|premiers|officials|delegations|negotiators|envoys|"
                             r"commanders|officers|generals|diplomats|mediators)\s+meet\b")
_EXPLAINER = re.compile(r"\W*(?:why|how|when|what|where|who|will|can|could|should)\b")
# A truce as a time that has not come: "the day after a ceasefire", "reconstruction after a ceasefire" (but "after a
# ceasefire agreed in Doha on January 15" tells one).
_UNREALISED_TRUCE_BEFORE = re.compile(r"\b(?:after|before|until|once|following)\s+"
                                      r"(?:a|any|an\s+eventual|a\s+future)\s+(?:[\w-]+\s+)?$")
_TRUCE_CAME_AFTER = re.compile(r"(?:\s+[\w'’-]+){0,4}?\s+(?:agreed|signed|brokered|reached|declared|announced|"
                               r"took\s+effect|came\s+into\s+force|went\s+into\s+effect|was\s+\w+ed)\b")
# A speech's setting: "Speaking at a board meeting in London", "speaking at a council meeting".
_SPEECH_SETTING = re.compile(r"\bspeaking\s+(?:at|during|after|on\s+the\s+sidelines\s+of)\s+(?:a|an|the)\s+"
                             r"(?:[\w'’-]+\s+){0,3}?(?:meeting|session|conference|forum|briefing|event)\b"
                             r"(?!\s+(?:with|between)\b)")  # ("speaking at a meeting with Russian negotiators": talks)
_INVITED_SIDES = re.compile(r"\binvit\w+\s+(?:both|the\s+two|the\s+warring|the\s+rival)\s+(?:sides|parties|delegations|"
                            r"belligerents|factions)\b")
# Headline English: a subject, then "to hold" with no finite verb between ("Russia, Ukraine to hold talks").
_HEADLINE_FUTURE = re.compile(r"^\W*(?:[A-Z][\w'’.-]*,?\s+|(?:and|the|of)\s+){1,6}?"
                              r"to\s+(?:hold|meet|resume|reconvene)\b")
_TURNED_DOWN = re.compile(r"\b(?:rejected|rejects|declined|declines|turned\s+down|refused|refuses|dismissed|spurned|"
                          r"(?:would|will)\s+not\s+attend|(?:has|have)\s+yet\s+to\s+(?:respond|reply|accept|answer)|"
                          r"stay(?:ed|s)?\s+away|"
                          r"unacceptable|(?:has|have|had)\s+not\s+(?:yet\s+)?(?:responded|replied|accepted|answered)|"
                          r"(?:neither|nor)\s+(?:side|party)\s+(?:has\s+)?accepted|no\s+(?:response|reply|answer))\b")
# A day named before a truce's start is another day: "a ceasefire announced on Tuesday is set to begin on Friday".
_DAY_NAMED = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|"
                        r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
                        r"\s+\d)")
# A clause of its own: "has largely held, and aid deliveries will begin" (not "between Israel and Hamas will").
_CLAUSE_END = re.compile(r";|,\s+(?:and|but|while|whereas)\s|\s(?:but|while|whereas)\s")


def _clause_end(sentence: str, start: int) -> int:
    m = _CLAUSE_END.search(sentence, start)
    return m.start() if m else len(sentence)


_TAKES_EFFECT = re.compile(r"\b(?:will|shall|is\s+to|is\s+due\s+to|is\s+set\s+to)\s+(?:\w+\s+)?"
                           r"(?:take\s+effect|come\s+into\s+(?:force|effect)|enter\s+into\s+force|begin|start)\b")
_IF_INVERTED = re.compile(r"\W*should\s+(?:the\s+|a\s+|any\s+)?(?:[\w-]+\s+){0,3}?"
                          r"(?:talks|negotiations|truce|ceasefire|deal|round|exchange)\b")
_AMNESTY = re.compile(r"\b(?:amnest(?:y(?!\s+international)|ies|ied)|pardon(?:s|ed|ing)?|clemency)\b")
_IN_RETURN = re.compile(r"\b(?:exchanges?|exchanged|swaps?|swapped|in\s+return|in\s+exchange|deal|mediat\w*|"
                        r"handed\s+over|hostages|each|both\s+sides)\b|\band\s+(?:[\w'’-]+\s+){1,3}?"
                        r"(?:freed|released|returned)\b")
# A clause a plan or a promise waits for ("once", "as soon as", "until").
_AWAITED_BEFORE = re.compile(r"\b(?:once|as\s+soon\s+as|until)\b")
# Talks named as a point in time: "before negotiations begin", "until the summit opens".
_TALKS_AS_TIME = re.compile(r"\b(?:before|until|till|ahead\s+of)\s+(?:the\s+)?(?:[\w-]+\s+)?"
                            r"(?:talks|negotiations|summit|meeting|round)\s+"
                            r"(?:begin|began|begins|start|started|starts|open|opened|opens|resume|resumes|resumed|"
                            r"get\s+under\s+way|got\s+under\s+way)\b")
# A meeting of one side with its own people: "a televised meeting with the chief of the general staff".
_OWN_SIDE_AFTER = re.compile(r"\s+with\s+(?:the\s+)?(?:chief\s+of\s+(?:the\s+)?general\s+staff|military\s+commanders|"
                             r"(?:his|its|their|her)\s+(?:own\s+)?(?:generals|commanders|military\s+chiefs|security\s+council|"
                             r"cabinet|advisers|ministers|top\s+brass))\b")
# A person's role at the talks, told in a relative clause: "who heads the Russian delegation at the talks".
_ROLE_CLAUSE = re.compile(r"\bwho\s+(?:heads|headed|leads|led|chairs|chaired|represents|represented)\s+"
                          r"(?:[\w'’-]+\s+){0,3}?(?:delegation|team|negotiators)\b[^,;]{0,60}")
# The step as the object of obstruction: "delaying the next round", "accused Kyiv of stalling talks".
_OBSTRUCT_BEFORE = re.compile(r"\b(?:delay\w*|stall\w*|block\w*|obstruct\w*|sabotag\w*|derail\w*|torpedo\w*|"
                              r"undermin\w*|drag(?:s|ged|ging)?\s+out)\s+(?:[\w'’-]+\s+){0,3}$")
# After a venue: ", Sun City, Nairobi and Addis Ababa" (two or more further capitalised names).
_VENUE_LIST = re.compile(r"(?:\s*,\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}){1,}\s*,?\s+and\s+[A-Z]")


# "Under the proposed arrangements, the two countries would ...", "Russia's text demanded ... while offering
# only a short ceasefire": what a plan or text contains, told after the step that exchanged it.
_CONTENT_FRAME = re.compile(
    r"^\W*under\s+(?:the|its|their|this|that|such\s+an?|an?)\s+(?:[\w-]+\s+){0,3}?(?:plan|deal|arrangements?|agreements?|"
    r"draft|framework|terms|proposals?|memorandum|text|accord|roadmap)\b(?=[^.;:]{0,80}?\b(?:would|will|shall|are\s+to|is\s+to)\b)|"
    r"\bthe\s+terms\s+(?:include|included|provide\s+for|provided\s+for|envisage|foresee)\b|"
    r"^\W*the\s+(?:document|draft|text|framework|blueprint|memorandum)\b[^.;]{0,160}?\b(?:would|will)\s+(?:also\s+)?"
    r"(?:require|oblige|force|see|mean|give|grant|allow|let|include|provide|cap|limit|freeze)\b|"
    r"\b(?:text|draft|memorandum|document|blueprint)\s+(?:\w+\s+){0,2}?(?:commits?|obliges?|demand(?:ed|s)|call(?:ed|s)\s+for|"
    r"envisag(?:ed|es)|provid(?:ed|es)\s+for|set(?:s)?\s+out|foresaw|foresees)\b")
_NEXT_ROUND_AS_TIME = re.compile(r"\b(?:ahead\s+of|before|in\s+(?:the\s+)?run-up\s+to|at|during|for|until|of)"
                                 r"\s+the\s+$")
_FRAME_STEP = re.compile(r"\b(?:signed|agreed|reached|brokered|concluded|initialled|initialed)\b")
# A verb saying the step was taken; "proposed" after a determiner is an adjective ("talks on a proposed truce").
_STEP_TAKEN = re.compile(r"\b(?:agreed|agreeing|signed|reached|exchanged|swapped|handed|sent)\b|"
                         r"\bwith\s+an\s+agreement\b|" + _NOT_AFTER_DETERMINER
                         + r"\bproposed\b")



# A call between two named sides ("Trump called Zelensky the same afternoon", "Erdogan, who spoke with Putin
# on Sunday"), and a conversation measured in time ("the two presidents talked for about two hours").
_CALL_VERB = re.compile(r"\b(?:called|phoned|telephoned|rang|(?:spoke|spoken|talked|conferred)\s+(?:with|to))\s+")
# A call still to come ("Trump said he would speak to Putin on Tuesday", "Zelensky will talk with Trump
# again"): the verb after a future marker, then the named side as for a call held.
_PLANNED_CALL_VERB = re.compile(r"\b(?:speak|talk)\s+(?:again\s+)?(?:with|to)\s+")
_FUTURE_BEFORE = re.compile(r"\b(?:will|would|shall|(?:due|expected|set|going|scheduled|planning|plans|plan)\s+to)\s+"
                            r"(?:(?:also|again|then|next|soon|later)\s+)?$")
# Talks told without a talks noun: a call, a reception ("Li Hui was received by Lavrov"), an envoy's visit.
_TALKS_WITHOUT_NOUN = re.compile(_CALL_VERB.pattern + r"|\b(?:was|were)\s+received\s+by\b|" + _ENVOY_VISIT)
# "a meeting with partners in Davos that Russia will not attend": a side named as absent is not at the table.
_ABSENT_PARTY = re.compile(r"\b(?:will|would|did|does|do|is|are|was|were)\s+not\s+(?:attend|take\s+part|participate|"
                           r"be\s+(?:invited|present|represented))\b|"
                           r"\bwithout\s+(?:russia|ukraine|moscow|kyiv|the\s+russians|the\s+ukrainians)\b|"
                           r"\b(?:avoid(?:ed|ing|s)?|without|refus(?:ed|ing)\s+to)\s+nam(?:e|ing)\s+(?:russia|moscow)\b")
_LEADING_TIME_CLAUSE = re.compile(r"^\W*(?:just\s+|even\s+)?(?:as|while|when|hours\s+after|hours\s+before)\s+"
                                  r"[^,;]{3,120},")
_SHIFTED_FROM = re.compile(r"\b(?:shift(?:ed|s|ing)?|mov(?:ed|es|ing)|turn(?:ed|s|ing)?)\s+(?:away\s+)?from\s+"
                          r"(?:[\w-]+\s+)?$")
# An explainer's headline: "Ceasefire in the air and at sea: what Zelensky proposed and what Moscow said".
_WHAT_WAS_PROPOSED = re.compile(r"\bwhat\s+(?:[\w'’-]+\s+){1,3}(?:proposed|offered|wants|demands|said|agreed)\b")
# The sides at the table named without a name: "the two delegations will return to Jeddah", "an army-aligned
# government delegation will travel to Washington".
_PARTY_PRESENT = re.compile(r"\b(?:(?:the\s+two|both)\s+(?:delegations|sides|parties)|warring\s+(?:sides|parties)|"
                            r"between\s+the\s+(?:delegations|sides|parties)|^\W*negotiators|"
                            r"(?:government|army|rebel|militia|[\w]+-aligned)\s+(?:[\w-]+\s+)?delegations?)\b")
_MEDIATION_WORD = re.compile(r"\b(?:envoys?|mediat\w+|shuttle\s+diplomacy|peace\s+mission)\b")
_TALKED_FOR = re.compile(r"\b(?:spoke|talked|conferred)\s+(?:by\s+phone\s+)?for\s+(?:about\s+|nearly\s+|almost\s+|"
                         r"more\s+than\s+|over\s+|some\s+|roughly\s+|around\s+)?(?:[\w-]+\s+){1,4}?(?:hours?|minutes)\b")
# Between the verb and the name: titles and given names ("Ukrainian President Volodymyr", "his counterpart").
_CALLEE_TITLES = re.compile(r"(?:(?:the|his|her|their|then|later|back)\s+|(?:[A-Z][\w'’.-]*|president|prime|minister|"
                            r"foreign|secretary|of|state|counterpart|leader|envoy|special|chancellor)\s+)*")
# After the name (and any further names): a call goes on with a time, a place, a purpose or a clause,
# never with what someone is called ("called Putin a war criminal", "called the Indian claims
# 'baseless'") or who listens ("spoke to Ukrainian media").
_CALL_GOES_ON = re.compile(r"(?:\s+[A-Z][\w'’.-]*)*(?:\s+(?:counterpart|president|leader|prime\s+minister|"
                           r"foreign\s+minister|envoy|army\s+chief|military\s+chief|commander)s?)?"
                           r"(?:\s*(?:[,.;:)]|$)|"
                           r"\s+(?:on|at|in|from|by|to|and|after|before|during|late|early|this|last|yesterday|today|twice|again|shortly|immediately|later|earlier|"
                           r"overnight|for|over|while|when|as|who|which|afterwards|back|the\s+(?:same|next|following|"
                           r"previous))\b)")
_TWO_PEOPLE = r"presidents|leaders|men|heads\s+of\s+state|ministers|foreign\s+ministers|envoys"
# "The directors general of military operations of the two countries spoke on the hotline": the two armies.
_TWO_MILITARIES = re.compile(r"\b(?:militaries|armies|army\s+chiefs|commanders|officers|generals|dgmos|"
                             r"directors\s+general\s+of\s+military\s+operations)\s+of\s+(?:the\s+two|both)\s+"
                             r"(?:countries|sides|armies|nations)\b")
_TWO_LEADERS = re.compile(rf"\bthe\s+two\s+(?:{_TWO_PEOPLE}|sides|delegations)\b")
# "The two officers will speak again on Monday": the pair that spoke, speaking again.
_PAIR_SPEAKS_AGAIN = re.compile(rf"\bthe\s+two\s+(?:{_TWO_PEOPLE}|officers|commanders|generals|dgmos|negotiators)\s+"
                                r"(?:[\w'’-]+\s+){0,3}?"
                                r"(?:will|(?:are|were)\s+(?:due|set|expected)\s+to)\s+(?:speak|talk)\s+again\b"
                                # (then the line or a time, not an audience: "to reporters", "at a rally")
                                r"(?=(?:\s+(?:by\s+(?:tele)?phone|over\s+(?:the|their)\s+(?:hotline|phone)|"
                                r"on\s+the\s+(?:hotline|phone)))?\s*(?:,|\.|$|\s+(?:on|at\s+(?:noon|midday|\d)|in\s+the\s+"
                                r"(?:morning|afternoon|evening)|later|tomorrow|next|this|within|before)\b))")


def _names_callee(original: str, verb: re.Match[str], res: Resources) -> bool:
    """Whether the first side named after a call verb is its callee: only titles between ("his
    counterpart", "President"), and the call goes on after the name with a time, place or clause."""
    for _name, start, end in actors.mentions(original, res):
        if start >= verb.end():
            return bool(_CALLEE_TITLES.fullmatch(original, verb.end(), start) and _CALL_GOES_ON.match(original, end))
    return False


def _call_between(original: str, sentence: str, res: Resources) -> re.Match[str] | None:
    """The verb of a call or conversation between two named sides, or None."""
    timed = _TALKED_FOR.search(sentence)
    if timed is not None:
        return timed
    return next((m for m in _CALL_VERB.finditer(sentence) if _names_callee(original, m, res)), None)


def _planned_call(original: str, sentence: str, res: Resources) -> re.Match[str] | None:
    """The verb of a call still to come with a named side ("will speak to Putin on Tuesday"), or None.
    ("refuses to speak to Zelensky", "wants to talk to Putin": no future marker, no call set.)"""
    return next((m for m in _PLANNED_CALL_VERB.finditer(sentence)
                 if _FUTURE_BEFORE.search(sentence, max(0, m.start() - 30), m.start())
                 and _names_callee(original, m, res)), None) or _PAIR_SPEAKS_AGAIN.search(sentence)


def _negotiation(original: str, sentence: str, index: int, res: Resources, is_title: bool,
                 actor_names: tuple[str, ...], subtype: str | None, cue: re.Match[str] | None) -> Candidate | None:
    rx = res.rx
    if subtype == "prisoner_exchange" and _AMNESTY.search(sentence) and not _IN_RETURN.search(sentence):
        return None  # "freed 4,000 prisoners in an annual amnesty", "pardoned and released": one side's clemency
    if subtype == "agreement" and cue is not None and _OWN_PLAN_APPROVED.search(sentence, cue.start()):
        return None  # "the cabinet approved the second phase of the army's plan": one side's own decision
    talk = _TALK_NOUN.search(sentence)
    if subtype == "ceasefire" and _SIGNED.search(sentence):
        subtype = "agreement"  # a truce signed is a signed deal
    elif subtype == "ceasefire" and _RESPONSE_TO.search(sentence):
        subtype = "proposal"
    elif subtype == "prisoner_exchange" and cue is not None and _DRAFT_ON_BEFORE.search(
            sentence, max(0, cue.start() - 60), cue.start()) and _HANDED.search(sentence):
        subtype = "proposal"  # "a draft protocol on prisoner exchanges was handed to the Russian delegation"
    elif subtype == "prisoner_exchange" and cue is not None and _RESPONSE_TO.search(sentence, 0, cue.start()):
        # "delivered its response to the mediators' proposal on the exchange of prisoners": a proposal step
        subtype = "proposal"
    talk_before = _TALK_NOUN.search(sentence, 0, cue.start()) if cue is not None else None
    if subtype is not None and talk_before and cue is not None \
            and _TOPIC_OF_TALKS.search(sentence[max(0, cue.start() - 40):cue.start()]) \
            and not _STEP_TAKEN.search(sentence):
        subtype = None  # "talks on extending the truce": the truce is the topic, the step is the talks
    if subtype is not None and cue is not None and not _STEP_DONE.search(sentence) and (
            _DISCUSSED_BEFORE.search(sentence, max(0, cue.start() - 170), cue.start())
            or (_CALL_BEFORE.search(sentence, 0, cue.start())
                and _CALL_TOPIC.search(sentence, max(0, cue.start() - 90), cue.start()))):
        # "the meeting discussed the withdrawal ... and the release of detainees", "spoke by phone ... about
        # the proposed truce": the step is a topic, unless the sentence says it was agreed, signed, offered.
        subtype = None
    if subtype == "proposal" and cue is not None and cue.group().startswith(("received", "hosted")) \
            and _TALKS_ON_BEFORE.search(sentence, 0, cue.end() - len(cue.group().split()[-1])):
        subtype = None  # "Putin received the envoys for talks on the peace plan": the plan is the talks' topic
    if subtype is not None and cue is not None \
            and _SHIFTED_FROM.search(sentence, max(0, cue.start() - 30), cue.start()):
        subtype = None  # "the debate has shifted from ceasefire terms to security guarantees": a topic
    if subtype is not None and cue is not None \
            and _POSITION_ON.search(sentence, max(0, cue.start() - 130), cue.start()):
        subtype = None  # "Moscow's position on a longer ceasefire had not changed": a stance, not a step
    if subtype is not None and cue is not None and talk_before \
            and _PHASE_TOPIC.search(sentence, max(0, cue.start() - 80), cue.start()) \
            and not _STEP_TAKEN.search(sentence, 0, cue.start()):
        subtype = None  # "negotiations on the second phase of the ceasefire plan remain stalled": a topic
    if subtype is not None and cue is not None \
            and _WISH_OR_TOPIC_BEFORE.search(sentence, max(0, cue.start() - 110), cue.start()):
        return None  # "Kyiv wanted a full ceasefire", "far apart on the terms of a ceasefire": not a step
    if subtype == "ceasefire" and cue is not None \
            and _TEMPORAL_THE_BEFORE.search(sentence, max(0, cue.start() - 30), cue.start()):
        return None  # "fighting continued ... before the truce took effect": the truce told elsewhere, as a time
    if subtype == "ceasefire" and cue is not None \
            and _TRUCE_BODY_BEFORE.search(sentence, max(0, cue.start() - 60), cue.start()) \
            and not _TRUCE_STEP_AFTER.search(sentence, cue.end()):
        return None  # "which sit on the committee monitoring the ceasefire, welcomed the plan": a body's name
    if subtype == "ceasefire" and cue is not None \
            and _UNREALISED_TRUCE_BEFORE.search(sentence, max(0, cue.start() - 40), cue.start()) \
            and not _TRUCE_CAME_AFTER.match(sentence, cue.end()):
        return None  # "prepare now for the day after a ceasefire": a truce imagined, not one reported
    if subtype == "proposal" and cue is not None and _RATHER_THAN.search(cue.group()):
        return None  # "the sides exchanged accusations rather than proposals"
    if subtype == "proposal" and _INTERNAL_RECIPIENT.search(sentence):
        return None  # "the army presented the government with a plan to disarm ...": inside one side
    if subtype == "proposal" and cue is not None and _rejected(sentence, cue) \
            and not _anchors(sentence, original, res)[1]:
        return None  # "the army-led government rejected parts of the plan": an undated answer to a plan told elsewhere
    if subtype is not None and cue is not None and (
            _AGENDA_AFTER.match(sentence, cue.end()) or _AGENDA_BEFORE.search(sentence, 0, cue.start())):
        subtype = None  # "held talks in Istanbul, with a prisoner exchange on the agenda": a topic of the talks
    if subtype is not None and cue is not None:
        frame = _CONTENT_FRAME.search(sentence)
        under = frame is not None and frame.group().lstrip().startswith("under")
        if frame is not None and frame.start() <= cue.start() and (
                not _STEP_DONE.search(sentence) if not under
                # "Under the agreement signed in Doha on Monday, ... will": the frame itself reports a step
                else not _FRAME_STEP.search(sentence, 0, (sentence.find(",") + 1 or len(sentence)))):
            subtype = None  # the content of a plan or text, not a step of its own
    planned = None
    if subtype is None and not talk and not _TALKS_WITHOUT_NOUN.search(sentence):
        # Only a call still to come can make such a sentence a step, and only with another side on the
        # line: "will speak to Putin on Tuesday", not "will speak to the nation" or "to reporters".
        planned = _planned_call(original, sentence, res)
        if planned is None:
            return None  # (before the costly talks patterns: most trigger sentences end here)
    scheduled = planned or rx["negotiation.scheduled"].search(sentence)
    if subtype is None:
        held = rx["negotiation.held"].search(sentence) or _call_between(original, sentence, res)
        if not (held or scheduled):
            return None
        if scheduled and (not held or scheduled.start() < held.start()) and not (
                held and _HAD_BEEN_BEFORE.search(sentence, max(0, scheduled.start() - 25), scheduled.start())):
            subtype, cue = "talks_scheduled", scheduled
        else:
            subtype, cue = "talks_held", held
        if subtype == "talks_held" and cue is not None and _HEADLINE_FUTURE.match(original):
            # "Ukraine and Russia to hold second round of talks in Istanbul on Monday": headline English for
            # talks to come (a title, a summary item), not talks held
            subtype, scheduled = "talks_scheduled", cue
    assert cue is not None
    body_met = _OWN_BODY_MET.search(sentence)
    if body_met is not None and subtype in ("talks_held", "talks_scheduled") \
            and body_met.start() <= cue.start() < body_met.end():
        # "Lebanon's cabinet met on Tuesday to review the army's plan": one side's own body; the sentence
        # reports talks only if it goes on to tell some ("... as Israeli and Hamas negotiators met in Cairo").
        later = rx["negotiation.held"].search(sentence, body_met.end())
        if later is None:
            return None
        cue = later
    distinct = set(actor_names)
    if subtype == "agreement" and _AGREED_TO_DO.match(cue.group()) and len(distinct - res.mediators) < 2 \
            and not (_TABLE_WORD.search(sentence) and (
                rx["timing.anchor"].search(sentence)
                or any(pm.place.kind == "city" for pm in places.find(original, res)))):
        # "The two sides agreed to set up a joint working group on grain licences", "The leaders agreed to set up a
        # coordination cell": a deal agreed with no document is a step only between two named sides (or the sides
        # of the step told before, which the engine supplies for "the two sides"), or between negotiators at a
        # place and time ("Negotiators for the Houthis and the government agreed in Muscat on Tuesday to ...").
        return None
    if subtype == "talks_scheduled" and cue.group().startswith("invit") and (
            (len(distinct) < 2 and not _INVITED_SIDES.search(sentence)) or _TURNED_DOWN.search(sentence, cue.end())
            or any(name not in res.mediators for name, at, _e in actors.mentions(original, res) if at < cue.start())):
        # "mediators have invited both sides to a new round of talks in Jeddah on May 20" sets a round; "Kyiv
        # invited its allies to a meeting in Paris" names no other side, an invitation turned down or unanswered
        # sets none, and one side inviting the other ("Putin invited Zelensky to Moscow") makes an offer.
        return None
    if {"United States", "Ukraine"} <= distinct and rx["negotiation.ally_officials"].search(sentence):
        # "Zelensky met Biden at the White House": Washington then was Kyiv's backer, not a go-between.
        distinct.discard("United States")
        if any(distinct <= bloc for bloc in res.blocs):
            return None
    if len(distinct) >= 2 and any(distinct <= bloc for bloc in res.blocs) \
            and not (distinct & res.mediators and _MEDIATION_WORD.search(sentence)):
        # only one side's allies at the table (unless an ally comes as the go-between: "China's special envoy
        # Li Hui was received by Lavrov in Moscow")
        return None
    if subtype in ("talks_held", "talks_scheduled") and len(distinct) >= 2 and distinct <= res.mediators \
            and not _PARTY_PRESENT.search(sentence):
        return None  # "a phone call with his Turkish counterpart" (China's minister): go-betweens among themselves
    backers = distinct - res.mediators
    if subtype in ("talks_held", "talks_scheduled") and backers and backers != distinct \
            and any(backers <= bloc - res.adversary.keys() for bloc in res.blocs):
        return None  # "the French and German leaders spoke to Trump by phone": a mediator and one side's backers
    adversaries_named = any(res.adversary.get(a) in distinct for a in distinct) and not _ABSENT_PARTY.search(sentence)
    allies = rx["negotiation.allies_meeting"].search(sentence)
    if adversaries_named and allies is not None and allies.end() <= cue.start() < allies.end() + 60 \
            and not any(allies.end() <= at < cue.end() + 40 for _a, at, _e in actors.mentions(original, res)):
        return None  # "Russia struck Kyiv overnight, as NATO leaders gathered in The Hague for a summit": theirs
    if adversaries_named and allies is not None:
        # "The envoy will hold consultations with European partners; the EU is preparing proposals on frozen
        # Russian assets": in a list of items joined by semicolons, only the step's own item names its sides.
        start, end = sentence.rfind(";", 0, cue.start()) + 1, sentence.find(";", cue.end()) % (len(sentence) + 1)
        if (start or end < len(sentence)) and start <= allies.start() < end:
            own = {a for a, at, _ in actors.mentions(original, res) if start <= at < end}
            rest = sentence[:start] + " " + sentence[end:]
            adversaries_named = any(res.adversary.get(a) in own for a in own) or bool(
                rx["negotiation.held"].search(rest) or rx["negotiation.scheduled"].search(rest))
    if not adversaries_named and (
            allies is not None
            or (subtype in ("talks_held", "talks_scheduled") and distinct
                and any("Ukraine" in bloc and distinct <= bloc - {"Ukraine"} - res.mediators for bloc in res.blocs))):
        # "Countries that support Ukraine met in Paris", "a meeting with his Polish counterpart", "after
        # a Group of 20 summit": the only sides at the table are one side's allies or other states
        # (unless both adversaries are named: "envoys of Russia and Ukraine met at the G20 summit").
        return None
    if subtype in ("talks_held", "talks_scheduled") and len(distinct) == 2 and not adversaries_named:
        party = next((a for a in distinct if a in res.adversary), None)
        other = next((a for a in distinct if a != party), None)
        if party is not None and other is not None and other not in res.mediators:
            return None  # "India and Ukraine held talks in Delhi": a third state, not the other side
    home = _GOING_HOME.match(sentence, cue.end()) if subtype == "talks_scheduled" else None
    if home is not None:
        # "the negotiators will return to Kyiv on Friday to report to Zelensky": going home, and a round
        # only if one is set after it ("..., and the delegations will meet again in Geneva on Monday")
        cue = rx["negotiation.scheduled"].search(sentence, home.end())
        if cue is None:
            return None
    setting = _SPEECH_SETTING.search(sentence)
    if subtype in ("talks_held", "talks_scheduled") and setting is not None \
            and not _TALK_NOUN_STRICT.search(sentence[:setting.start()] + " " + sentence[setting.end():]):
        return None  # "Speaking at a board meeting in London, the chief executive said ...": where a speech was made
    as_time = _TALKS_AS_TIME.search(sentence)
    if subtype in ("talks_held", "talks_scheduled") and as_time is not None \
            and as_time.start() <= cue.start() < as_time.end():
        return None  # "before negotiations begin", "Days before the summit opened": the talks as a time
    if subtype in ("talks_held", "talks_scheduled") and any(
            _OWN_SIDE_AFTER.match(sentence, x.end()) for x in (cue, talk) if x is not None):
        return None  # "during a televised meeting with the chief of the general staff": one side's own meeting
    role = _ROLE_CLAUSE.search(sentence)
    if role is not None and role.start() <= cue.start() < role.end() \
            and not rx["timing.anchor"].search(sentence, role.start(), role.end()) \
            and not any(role.start() <= pm.start < role.end() and pm.place.kind == "city"
                        for pm in places.find(original, res)):
        return None  # "Medinsky, who heads the Russian delegation at the talks with Ukraine, said ...": a role
    if subtype is not None and cue is not None \
            and _OBSTRUCT_BEFORE.search(sentence, max(0, cue.start() - 40), cue.start()) \
            and not cue.group().startswith("since "):
        return None  # "traded blame over who was delaying the next round": talks as what is obstructed
    pair_call = cue.re is _PAIR_SPEAKS_AGAIN  # the pair who spoke, named only as "the two officers"
    only_met = _MET_ONLY.fullmatch(cue.group()) or cue.group().startswith("spent") or (subtype == "talks_scheduled"
                                                     and not _TALK_NOUN_STRICT.search(sentence))
    if subtype in ("talks_held", "talks_scheduled") and only_met and len(distinct) < 2 \
            and not _TABLE_WORD.search(sentence) and not pair_call:
        # "European leaders met in London", "their leaders met in Nairobi and called for a ceasefire": a
        # meeting, but not between the parties (or a party and a mediator) unless the sentence says so.
        return None
    if _RECONVENE.search(sentence) and not _TALK_NOUN_STRICT.search(_RECONVENE.sub("", sentence)) \
            and not (_TABLE_WORD.search(sentence) or _TEAMS.search(sentence)) and len(distinct - res.mediators) < 2:
        return None  # "lawmakers are due to reconvene in Kyiv": a body's session, not the talks resuming
    # Talks sit in a city; a capital as subject stands for its government ("Moscow declared").
    found = [pm if pm.venue or not (_NAMES_A_STEP.match(original, pm.start + len(pm.text))
                                    or _ROUND_SET_FOR.search(sentence, max(0, pm.start - 60), pm.start))
             else replace(pm, venue=True) for pm in places.find(original, res)]
    mentions = [pm for pm in found if pm.place.kind == "city" and pm.venue
                and not _SPEAKER_IN_BEFORE.search(sentence, max(0, pm.start - 40), pm.start)
                and not (_OPENING_IN.fullmatch(sentence, 0, pm.start)
                         and _THEN_SPEAKER.match(sentence, pm.start + len(pm.text)))
                and not (home is not None and home.start() <= pm.start < home.end())]  # the city gone home to
    if subtype in ("proposal", "ceasefire"):
        # "sent its proposals to Washington": the addressee, not where anything was handed over; "a
        # ceasefire in the district of X": the area a truce covers, not a venue.
        mentions = [pm for pm in mentions if not _RECIPIENT_BEFORE.search(sentence, max(0, pm.start - 16), pm.start)
                    and not (subtype == "ceasefire" and _AREA_AFTER.match(sentence, pm.start + len(pm.text)))
                    and not _PROPOSED_MEETING.search(sentence, 0, pm.start)]
    if subtype == "prisoner_exchange" and not _AGREED_AT.search(sentence):
        # "exchanged 120 prisoners in Kosti", "handed over at the border near Ijevan": a swap carried out
        # has no venue (guide § 5); only one agreed or signed at talks takes the talks' city.
        mentions = []
    lead = _LEADING_TIME_CLAUSE.match(sentence)
    if lead is not None and cue.end() <= lead.end():
        # "As the talks opened on Friday, Russian drones struck energy facilities in Kyiv": the talks sit in
        # the leading clause; a city of the main clause is where something else happened.
        mentions = [pm for pm in mentions if pm.start < lead.end()]
    if subtype in ("talks_held", "talks_scheduled"):
        # "launched 91 drones at the residence at Valdai ..., an accusation Kyiv dismissed ... days after Zelensky
        # met Trump in Florida": a town told clauses and a long stretch before the meeting is not its venue.
        mentions = [pm for pm in mentions if not (cue.start() - pm.start - len(pm.text) > 120
                                                  and "," in sentence[pm.start:cue.start()])]
    if cue.group().startswith(("called", "phoned", "telephoned", "rang")):
        mentions = []  # "called Zelensky on his flight back to Washington": a call has no venue (guide § 5)
    venue = bool(mentions)
    anchor, strong_anchor = _anchors(sentence, original, res)
    if subtype == "talks_held" and not strong_anchor and not mentions and _PERFECT_TALKS.search(sentence):
        return None  # "Saudi Arabia and the Houthis have also held talks on a roadmap": vague history
    # "The next round of talks will be held in Geneva on March 4": a round with a venue and a precise
    # date belongs to a negotiation process even when the parties were named earlier.
    context = bool(_PARTY_CONTEXT.search(sentence) or _MILITARIES_AGREED.search(sentence)
                   or _TWO_MILITARIES.search(sentence)) or len(distinct) >= 2 or (
        venue and bool(distinct)) or (
        subtype == "talks_held" and bool(_TWO_LEADERS.search(sentence))) or pair_call or (
        venue and strong_anchor
        and bool(_ROUND_OF_TALKS.search(sentence) or cue.group().endswith(" of "))) or (
        # "The most recent exchange, on April 11, brought home 175 servicemen": a swap of men in uniform is
        # between the sides at war, whoever the sentence names.
        subtype == "prisoner_exchange" and bool(_COUNT.search(sentence))
        and bool(_SWAP_OF_SERVICEMEN.search(sentence) or _N_FOR_N.search(sentence)))
    if not context:
        return None
    if subtype in ("talks_held", "talks_scheduled") and not distinct and not mentions and not re.search(
            r"\b(?:delegations?|negotiators?|envoys?)\b", sentence) and not _TWO_LEADERS.search(sentence) \
            and not pair_call and not _TWO_MILITARIES.search(sentence):
        return None
    appeal = _in_scope(rx["negotiation.appeal"], sentence, cue.end(), 130)
    hypo_rx = rx["modality.hypothetical"]
    future = bool(scheduled) and subtype == "talks_scheduled"
    # Future wording is the point of a scheduled talk; any other modal still makes it hypothetical.
    hedged = _in_scope(hypo_rx, sentence, cue.end(), 70, skip=_not_hedging(res), original=original)
    prescribed = _PRESCRIPTION.search(sentence, 0, cue.start() + 1)
    if prescribed is not None and prescribed.end() <= cue.start():
        hedged = True  # "Three steps would help: a ceasefire verification mechanism; ...": a wish list
    after = _MODAL_AFTER.search(sentence, cue.end(), cue.end() + 50)
    if after is not None and any(t.start() <= after.start() < t.end()
                                 for t in _TOPIC_MODAL_RX.finditer(sentence, cue.start())):
        after = None  # "discussed how a future ceasefire could be monitored": the modal is the topic's
    if after is not None and not (after.group() == "may" and original[after.start()] == "M"):
        between = sentence[cue.end():after.start()]
        if not _RELATIVE.search(between) and not _CLAUSE_BREAK.search(between):
            hedged = True
    if subtype == "talks_held" and _PP_CUE.match(cue.group()) \
            and _OUTCOME_BEFORE.search(sentence, max(0, cue.start() - 30), cue.start()):
        return None  # "the exchange, agreed at talks in Istanbul": the talks are the setting of the outcome
    if subtype in ("talks_held", "talks_scheduled") and any(
            _RESULT_OF_BEFORE.search(sentence, max(0, at - 50), at)
            for at in (cue.start(), talk.start() if talk else -1) if at >= 0) \
            and not cue.group().endswith(" of "):
        # "the exchange was the main result of the direct talks": the talks are the outcome's setting (but "the
        # result of the Istanbul talks of May 16" recounts a dated round: the lexicon's held cue ends at "of")
        return None
    if subtype in _SUBTYPES and not _COUNT.search(sentence) \
            and (_REACTION_BEFORE.search(sentence, max(0, cue.start() - 40), cue.start())
                 or _REACTION_TO_STEP.search(sentence)):
        hedged = True  # "who had praised the prisoner exchange on Friday": a reaction to a step told elsewhere
    if subtype == "talks_held" and _PP_CUE.match(cue.group()) and _FIGHTING_BEFORE.search(sentence, 0, cue.start()):
        return None  # "forces have continued to strike each other's ports during the talks": the talks are a time
    if subtype == "talks_held" and _PP_CUE.match(cue.group()) and _hypothetical_before(hypo_rx, sentence, original,
                                                                                      cue.start()):
        # "Putin would be prepared to meet him, but only at the final stage of negotiations": a talks
        # phrase that is only the setting of another verb takes that verb's mood.
        hedged = True
    waiting = _AWAITED_BEFORE.search(sentence, 0, cue.start())
    if waiting is not None and _hypothetical_before(hypo_rx, sentence, original, waiting.start()):
        # "Kyiv plans to propose talks once Washington has shared Russia's response to the framework":
        # a step in the clause a plan waits for is the plan's condition, not a step reported.
        hedged = True
    if subtype != "talks_scheduled" and scheduled and _in_scope(rx["negotiation.scheduled"], sentence, cue.end(), 70):
        # "will exchange prisoners", "are set to sign a deal": announced, not yet done.
        future = True
    neg, harmless = rx["modality.negation"], rx["modality.negation_harmless"]
    # Also from the cue's start: "without agreeing on the terms of a Black Sea ceasefire" negates a long cue.
    negated = _in_scope(neg, sentence, cue.end(), 50, skip=harmless) \
        or _in_scope(neg, sentence, cue.start(), 50, skip=harmless)
    if negated and _EXCEPTED_BEFORE.search(sentence, max(0, cue.start() - 45), cue.start()):
        negated = False
    if subtype == "talks_scheduled" and _HAD_BEEN_BEFORE.search(sentence, max(0, cue.start() - 25), cue.start()):
        negated = True  # "delegations had been expected to travel to Doha": a plan that did not happen
    if subtype == "talks_held" and any(_SUSPENDED_AFTER.match(sentence, x.end()) for x in (cue, talk) if x is not None):
        negated = True  # "Talks ... hosted by Saudi Arabia in Jeddah were suspended in December": the halt is the news
    if subtype == "talks_scheduled" and _NOTHING_SET.search(sentence):
        negated = True  # "will make a new attempt ..., but no new round has been scheduled": not arranged
    cancelled = rx["modality.cancelled"].search(sentence, cue.start())
    if cancelled is not None and _UNANNOUNCED_DETAIL.search(sentence, max(0, cancelled.start() - 30), cancelled.end()):
        cancelled = None  # "because the date had not been announced": the step stands, its detail is unpublished
    if cancelled is not None \
            and _OTHER_NOUN_CANCELLED.search(sentence, max(0, cancelled.start() - 40), cancelled.start()):
        cancelled = None  # "talked for three hours ... and then over a working lunch that was cancelled": the lunch
    if not negated and cancelled is not None:
        # "the meeting ... did not take place", "talks were postponed", "an exchange ... would not take
        # place", "a ceremony to sign a protocol on prisoners ... has been postponed"
        negated = True
    if not appeal and _DEADLINE_TO_AGREE.search(sentence, max(0, cue.start() - 120), cue.start()):
        appeal = True  # "a deadline set by Trump for Russia to agree to a ceasefire or face tariffs": an ultimatum
    if not appeal and _CALLED_ON_TO_AGREE.search(sentence, max(0, cue.start() - 150), cue.start()):
        appeal = True  # "called on Russia to agree to a 'full and unconditional ceasefire'": an appeal
    if not appeal and rx["modality.analysis"].search(sentence, 0, cue.start()):
        appeal = True  # "analysts say both sides have reasons to accept a truce": an opinion about a step
    disputed = bool(rx["modality.denial"].search(sentence))
    # Drone-war trend words ("drone warfare", "era") next to talks dated "this week" do not make the talks
    # a summary; a background cue ("previous rounds", "prisoner exchanges have...") needs a precise date.
    # "Civilians held by both sides": in a negotiation sentence "both sides" names the parties, while
    # in a strike sentence ("attacks by both sides") it makes a trend.
    # "agreed to extend the truce, which has largely held for several years, and to ...": a
    # non-restrictive relative clause describes the step's object; its history is not the step's.
    main = _NONRESTRICTIVE.sub(lambda m: m.group() if m.start() <= cue.start() < m.end() else " " * len(m.group()),
                               sentence)
    aggregate = not anchor and any(not _BOTH_SIDES.fullmatch(m.group())
                                   and not (_TERM_RATE.fullmatch(m.group())
                                            and _COUNTED_BEFORE.search(main, 0, m.start()))
                                   for m in rx["drone.aggregate"].finditer(main))
    # "Previous rounds ...", "prisoner exchanges have been...": history or habit, not a new step,
    # unless the sentence dates it.
    background = not strong_anchor and bool(rx["timing.background"].search(main))
    listed = _VENUE_LIST.match(original, mentions[0].start + len(mentions[0].text)) if mentions else None
    if listed and sum(listed.start() <= pm.start < listed.end() + 1 and pm.place.kind == "city"
                      for pm in places.find(original, res)) >= 2:
        # "Agreements signed in Lusaka, Sun City, Nairobi and Addis Ababa all promised...": a list of
        # three or more venues recounts a history of rounds, not one step ("In Muscat, Houthi and
        # Saudi delegations held talks" lists parties, not towns).
        background = True
    aggregate = aggregate or background
    agenda = _PAST_AGENDA.search(sentence) if subtype == "talks_scheduled" else None
    if agenda is not None and agenda.start() <= cue.start() < agenda.end():
        # "The talks in Abu Dhabi were also expected to discuss a further exchange": the agenda of talks
        # already reported, not talks arranged for a date.
        return None
    if subtype == "talks_scheduled" and not (anchor or venue or re.search(r"\bnext\s+round\b", sentence)):
        hedged = True
    if subtype == "talks_scheduled" and cue.group().startswith("next") \
            and _NEXT_ROUND_AS_TIME.search(sentence, max(0, cue.start() - 40), cue.start()):
        hedged = True  # "a provocation ahead of the next round", "gave details of the next round": no date set
    if subtype in _SUBTYPES and not future \
            and (_UNREALISED_BEFORE.search(sentence, max(0, cue.start() - 30), cue.start())
                 or _UNREALISED_AFTER.match(sentence, cue.end())):
        hedged = True  # "preparations for the next prisoner exchange": a step still to come, undated
    if subtype in ("ceasefire", "agreement") \
            and _BROKEN_BEFORE.search(sentence, max(0, cue.start() - 40), cue.start()):
        # "accused Kinshasa of breaking the ceasefire agreed in Doha": a truce referred to, dated or not
        aggregate = True
    if subtype in ("talks_held", "talks_scheduled") and _UNREALISED_TALKS.search(sentence) \
            and not _TALK_NOUN_STRICT.search(_UNREALISED_TALKS.sub(" ", sentence)):
        hedged = True  # "footage will matter little at any future negotiations": no particular talks
    if not strong_anchor and _FREQUENCY.search(sentence):
        aggregate = True  # "Since February 2022 their officials have met many times": a habit, dated or not
    if not strong_anchor and _VAGUE_PAST.search(sentence):
        aggregate = True  # "The last large exchange was carried out several years ago": neither place nor date
    if not (strong_anchor or _DATED_APPOSITION.match(sentence)) and _NAMED_STEP_SUBJECT.match(original):
        # "The Gaza ceasefire, brokered by ..., ended two years of war": a step named as the subject of
        # a sentence about it is background unless the sentence dates something to a day.
        aggregate = True
    if subtype == "talks_held" and cue.group() == "meet" and not anchor \
            and not (is_title and venue and len(distinct) >= 2 and _OFFICIALS_MEET.search(sentence)
                     and not _EXPLAINER.match(sentence)):
        # (a headline's present is the news: "Armenian, Azerbaijani foreign ministers meet in Abu Dhabi"; not
        # teams or choirs that "meet", nor an explainer's "Why negotiators meet in Istanbul")
        hedged = True  # "delegations meet in Gulf hotels": the generic present names no meeting
    if (is_title or not original.rstrip().endswith((".", "!", "\"", "”", "'", "’"))) \
            and _WHAT_WAS_PROPOSED.search(sentence):
        hedged = True  # an explainer's headline (or a link to one) names what it explains, not a step
    creates = not (appeal or hedged or negated or aggregate) and not _QUESTION.search(original)
    # A step needs something that singles it out: a date (even the date it was announced), a venue,
    # a number, or the two parties named. "Turkey has hosted talks before" has none of these.
    # Mediators count as one side: "the US, Qatar and Egypt have proposed a truce" names no party.
    sides = len(distinct - res.mediators) + (1 if distinct & res.mediators else 0)
    if _BOTH_PARTIES.search(sentence) or _SIDES_TOOK_STEP.search(sentence) or _MILITARIES_AGREED.search(sentence):
        sides = max(sides, 2)
    if creates and not (venue or sides >= 2 or rx["timing.anchor"].search(sentence) or _COUNT.search(sentence)
                        or (subtype == "ceasefire" and _TRUCE_TERM.search(sentence))
                        or (subtype in _SUBTYPES and _AT_THE_TALKS.search(sentence, 0, cue.start()))):
        creates = False
    if creates and _DISCUSSED_AFTER.match(sentence, cue.end()):
        creates = False  # "a maritime truce has been discussed in various formats": a topic, not a step
    takes_effect = _TAKES_EFFECT.search(sentence, cue.start(), _clause_end(sentence, cue.end())) \
        if subtype == "ceasefire" else None
    if takes_effect is not None and not _DAY_NAMED.search(sentence, 0, takes_effect.start()):
        # "A ceasefire ... will take effect at 8:30 a.m. on Sunday": the day named is ahead (in the truce's own
        # clause: not "The ceasefire that took effect on Sunday has held, and aid deliveries will begin on Monday")
        future = True
    score = 0.55 + (0.15 if anchor else 0) + (0.15 if venue else 0) + (0.1 if len(distinct) >= 2 else 0)
    if is_title:
        score -= 0.2
    held = (_HELD_FINITE.search(sentence) or _DATED_MEETING_OPENER.match(sentence)) \
        if creates and subtype in _SUBTYPES else None
    return Candidate(
        type="negotiation",
        also_held=held is not None,
        held_at=held.end() if held is not None else -1,
        cue_at=cue.end(),
        subtype=subtype,
        sentence_index=index,
        score=score,
        creates=creates,
        negated=negated,
        disputed=disputed,
        hedged=hedged or appeal,
        future=future,
        place_mentions=mentions,
    )
