"""Turn one article into events: find trigger sentences, classify them, merge them per incident.

Only sentences containing a trigger word are analysed, which is what keeps the tagger at thousands
of articles per second. Sentences about the same type, place and date are one incident: the best
sentence becomes the evidence and every sentence contributes fields (counts, actors, date).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache

from transform.tagger import actors, counts, dates, places
from transform.tagger.classify import Candidate, agreed_step, classify_drone, classify_negotiation
from transform.tagger.resources import SENTENCE_CACHE_SIZE, Resources, load, lower
from transform.tagger.sentences import BULLET, Sentence, split
from transform.tagger.struck_places import struck_places

_LINE = re.compile(r"[^\n]+")
_SUBTYPE_RANK = {
    "drone_strike": ("sea_drone_attack", "attack", "interception_claim"),
    "negotiation": ("agreement", "prisoner_exchange", "ceasefire", "proposal", "talks_held", "talks_scheduled"),
}


@dataclass
class _Group:
    type: str
    members: list[tuple[Candidate, Sentence, bool]] = field(default_factory=list)  # (cand, sentence, is_title)
    place: places.PlaceMention | None = None
    date: dates.ResolvedDate | None = None
    context: list[Sentence] = field(default_factory=list)
    denied: bool = False
    late: bool = False  # its date came from "Monday night", "late on Monday" or "in the evening"
    own_date: Sentence | None = None  # the sentence whose list of dates (or venues and dates) gave it its date


def _sentences_with_triggers(title: str, text: str, res: Resources, summary: frozenset[int] = frozenset()
                             ) -> tuple[list[tuple[Sentence, bool, bool, bool]], list[Sentence]]:
    """(sentence, is_title, has_drone, has_negotiation) for sentences worth analysing, and the
    sentences of the lines that were split (`summary`: lines of the article's own summary list)."""
    out: list[tuple[Sentence, bool, bool, bool]] = []
    t = title.strip()
    if t:
        low = t.lower()
        d, n = bool(res.trigger_drone.search(low)), bool(res.trigger_negotiation.search(low))
        if d or n:
            out.append((Sentence(-1, -1, t, -1, False), True, d, n))
    low = lower(text)
    hits_d: list[int] = []
    hits_n: list[int] = []
    for m in res.trigger_any.finditer(low):
        (hits_d if m.lastgroup == "d" else hits_n).append(m.start())
    if not hits_d and not hits_n:
        return out, []
    # Line index of each trigger (sentences never span lines); split only those lines and the next.
    line_starts = [m.start() for m in _LINE.finditer(text)]
    wanted: set[int] = set()
    for pos in hits_d + hits_n:
        i = bisect.bisect_right(line_starts, pos) - 1
        wanted.update((i, i + 1))
    sentences = split(text, res, wanted, summary)
    for s, d, n in zip(sentences, _holding(hits_d, sentences), _holding(hits_n, sentences), strict=True):
        if (d or n) and s.text != t:
            out.append((s, False, d, n))
    return out, sentences


def _holding(sorted_positions: list[int], sentences: list[Sentence]) -> list[bool]:
    """For each sentence, whether a position falls inside it: one walk over both lists (split
    returns sentences in text order), instead of a bisection per sentence."""
    out: list[bool] = []
    i, n = 0, len(sorted_positions)
    for s in sentences:
        while i < n and sorted_positions[i] < s.start:
            i += 1
        out.append(i < n and sorted_positions[i] < s.end)
    return out


# Days before publication within which an undated report and a dated mention can still be one incident.
_RECENT_DAYS = 7


def _dates_apart(when: dates.ResolvedDate | None, group: _Group, published: datetime | None) -> bool:
    """Whether a dated mention cannot be the group's incident: "Last year, Putin declared a 30-hour
    Easter truce on April 19" beside today's Easter pause, "in January 2024" beside "in March 2025".

    Two dated mentions are apart when the days they can mean do not overlap (two different days, as
    before; a month and a day outside it; two months). A group without a date of its own is the
    article's news, so a mention that ends more than a week before publication recounts another."""
    if when is None:
        return False
    if group.date is None:
        return published is not None and (published.date() - dates.period(when)[1]).days > _RECENT_DAYS
    a, b = dates.period(when), dates.period(group.date)
    return a[1] < b[0] or b[1] < a[0]


def _key_compatible(group: _Group, pm: places.PlaceMention | None, when: dates.ResolvedDate | None,
                    published: datetime | None = None, late: bool = False) -> bool:
    if pm is not None and group.place is not None:
        a, b = pm.place, group.place.place
        if a.country != b.country and "water" not in (a.kind, b.kind) and (
                a.kind == "country" or (b.kind == "country" and group.place.locative)):
            # "over several Russian regions" is not the strike on Kharkiv reported before it, nor after it
            # (a country named as the attacker, "Russia launched ...", places nothing)
            return False
        # The same place, or a settlement and the region it lies in; two different towns of one
        # region are two incidents.
        same = (a.place == b.place or (b.kind == "admin1" and a.admin1 == b.place)
                or (a.kind == "admin1" and b.admin1 == a.place))
        if not same and a.kind not in ("country", "water") and b.kind not in ("country", "water"):
            return False
        if (a.kind == "country") != (b.kind == "country") and _one_night(when, group.date):
            return True  # a nationwide tally "overnight" and a city hit "late on Tuesday": one wave
        if same and (late or group.late) and _one_night(when, group.date):
            return True  # "near Yevpatoria on Monday night" and "off the Crimean coast overnight": one night
    return not _dates_apart(when, group, published)


# The evening or night of a day: the same night as an "overnight" of the next morning's story.
_LATE = re.compile(r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+(?:night|evening)|late\s+on\s+\w+day|"
                   r"on\s+the\s+night\s+of)\b", re.IGNORECASE)
_TALKS_IN_BEFORE = re.compile(r"\b(?:talks|meetings?|round|negotiations|summit|consultations)\s+(?:[\w-]+\s+){0,3}?"
                              r"(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)
_SEVERAL_REGIONS = re.compile(r"\bover\s+(?:[\w-]+\s+){0,2}(?:regions|oblasts|provinces|cities|towns)\b", re.IGNORECASE)


def _country_of(pm: places.PlaceMention, res: Resources) -> places.PlaceMention:
    """The country a place lies in, as a mention at the same spot (the place itself if unknown)."""
    country = res.gazetteer_index.get((pm.place.country or "").lower())
    if country is None or country.kind != "country" or pm.place.kind == "country":
        return pm
    return replace(pm, place=country, locative=True, region_list=False)


# A call ("Trump called Zelensky", "spoke by phone"): two calls with different sides are two steps.
_CALL = re.compile(r"\b(?:called|phoned|telephoned|rang|(?:tele)?phone|hotline|call|calls)\b", re.IGNORECASE)
# A conversation at a distance, not a meeting in a room: "spoke by phone", "a video call", "during the
# call", "Trump called Putin on Monday" (a capitalised callee whose call goes on with a time, a place or
# a clause tells it from "called for talks", "called Russia's demands unacceptable", "called Putin a liar").
_REMOTE = re.compile(r"(?i:\b(?:phoned|telephoned|(?:by|over\s+the|on\s+the)\s+(?:tele)?phone|"
                     r"(?:via|by)\s+video\s*link|video\s*conference|"
                     r"(?:phone|telephone|video)[\s-]+(?:call|conversation|talk)s?)\b)|"
                     r"\b(?:[Cc]all(?:ed|s|ing)?|[Rr]ang)\s+(?!May\b)(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*"
                     r"(?=\s*[,.;]|\s+(?:on|at|in|from|to|and|after|before|during|late|early|this|last|again|for|"
                     r"about|over|while|when|who|twice|shortly|later|earlier)\b)|"
                     r"(?i:\b(?:the|a|that|this|their)\s+call\b(?!\s+(?:for|to)\b))")
# The other side's answer to a truce: an offer of its own ("proposed to extend it to 30 days"). Verbs
# only: "responding to the offer" answers the truce told before.
_COUNTER_OFFER = re.compile(r"\b(?:propos(?:ed|ing|es)|offer(?:ed|ing)|suggest(?:ed|ing|s)|counter(?:ed|ing)\s+with|"
                            r"counter-?propos\w*|counter-?offers?)\b", re.IGNORECASE)


# A side's own text, set against one told before: "its own draft", "counter-proposals".
_OWN_DOCUMENT = re.compile(r"\b(?:its|their|his|her)\s+own\s+(?:[\w-]+\s+){0,2}?(?:draft|proposals?|plan|memorandum|"
                           r"version|framework|text|road\s*map|vision|offer)\b|"
                           r"\bcounter-?(?:proposals?|offers?|drafts?|plans?)\b", re.IGNORECASE)


def _apart_from_room(text: str, pm: places.PlaceMention | None, group: _Group) -> bool:
    """Whether a talks sentence and a group are a call and a meeting in a room: two steps.

    A call never joins a meeting. A sentence without the phone joins a call (it mostly retells it)
    unless it names a city as the venue, which a call has not: "talks are due in Riyadh on Sunday" is
    not the call."""
    group_remote = _REMOTE.search(group.members[0][1].text) is not None
    if _REMOTE.search(text):
        return not group_remote
    return group_remote and group.place is None and pm is not None and pm.place.kind == "city"


# "Witkoff and Kushner joined the talks on Wednesday": the talks told before, whatever day the sentence gives.
# ("Apart from the prisoner exchange, the sides agreed to hand over the bodies" is not one: it reports
# another step after naming the first.)
_STEP_REFERENCE = re.compile(r"\bjoin(?:ed|s|ing)?\s+the\s+(?:[\w-]+\s+){0,2}(?:talks|negotiations|meeting)\b",
                             re.IGNORECASE)
_OTHER_STEP = re.compile(r"\b(?:a|an|the)\s+(?:smaller|larger|bigger|previous|earlier|separate)\s+(?:[\w-]+\s+)?"
                         r"(?:exchange|swap|round|ceasefire|truce|deal|agreement|meeting)\b|"
                         # "The meeting followed a lengthy phone call between ... on February 12": what the
                         # step followed is a step of its own.
                         r"\b(?:followed|follows|came\s+after|comes\s+after)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}"
                         r"(?:phone\s+call|call|conversation|meeting|round|exchange|swap|ceasefire|truce|deal|agreement)\b",
                         re.IGNORECASE)


# A venue's own day follows it closely ("in Kyiv on September 15"), within the same clause.
_PAIR_GAP = re.compile(r"[^.;:]{0,25}$")
# Between two venues of one verb: the first one's day, then "and (again) (with X) in".
_PAIR_JOIN = re.compile(r",?\s+on\s+[^,;.()]{1,30}?(?:,\s*\d{4})?\s*,?\s+(?:and|then)\s+(?:again\s+)?"
                        r"(?:(?:with|in\s+talks\s+with)\s+[^,;.]{1,80}?\s+)?(?:in|at)\s+(?:the\s+)?", re.IGNORECASE)


def _venues_with_days(cand: Candidate, text: str, published: datetime | None, res: Resources, forward: bool
                      ) -> list[tuple[places.PlaceMention, dates.ResolvedDate]]:
    """Each venue of the sentence with the day named right after it ("in Moscow on September 10 and ...
    in Kyiv on September 15"), when there are two or more such pairs that differ; empty otherwise."""
    venues = sorted((pm for pm in cand.place_mentions if pm.place.kind == "city" and pm.venue), key=lambda p: p.start)
    if len(venues) < 2:
        return []
    out = []
    for pm, nxt in zip(venues, [*venues[1:], None], strict=True):
        start = pm.start + len(pm.text)
        end = nxt.start if nxt is not None else len(text)
        if nxt is not None and not _PAIR_JOIN.fullmatch(text, start, end):
            # "met in Geneva on Tuesday, two days after envoys arrived in Moscow", "met Putin in Moscow on
            # Tuesday and flew to Berlin on Wednesday": the second city is another clause's
            return []
        day = dates.resolve(text[start:end], published, res, forward=forward)
        if day is None or day.precision != "day" or not _PAIR_GAP.fullmatch(text, start, start + day.start):
            continue
        out.append((pm, day))
    if len(out) < 2 or len({(pm.place.place, d.value) for pm, d in out}) < len(out):
        return []
    return out


def _one_of(when: dates.ResolvedDate | None, listed: list[dates.ResolvedDate]) -> bool:
    """Whether a date is one of a list's (by day and month: "on May 16 and June 2, 2025" writes the year once)."""
    return when is not None and any((d.value.month, d.value.day) == (when.value.month, when.value.day)
                                    for d in listed)


def _near(cand: Candidate) -> int | None:
    return cand.cue_at if cand.cue_at >= 0 else None


def _one_night(a: dates.ResolvedDate | None, b: dates.ResolvedDate | None) -> bool:
    """Whether two day dates are the evening before and the morning of one night ("late on Tuesday"
    beside "overnight" in a story published on Wednesday)."""
    if a is None or b is None or a.precision != "day" or b.precision != "day":
        return False
    night, other = (a, b) if a.basis.startswith("overnight") else (b, a)
    return night.basis.startswith("overnight") and (night.value - other.value).days == 1


def _specific(pm: places.PlaceMention | None) -> places.PlaceMention | None:
    return pm if pm is not None and pm.place.kind != "country" else None


def _enclosing(region: places.PlaceMention, group: _Group) -> places.PlaceMention:
    """A listed region as the key of a tally, the group's own place when that lies in the region by name:
    "over the Moscow, Bryansk and Kursk regions" covers the capital (a city of its own rank, "Moscow City")."""
    own = group.place
    if own is not None and own.place.admin1 and own.place.admin1 != region.place.place \
            and own.place.admin1.split()[0] == region.place.place.split()[0]:
        return own
    return region


def _key_place(pm: places.PlaceMention | None, etype: str) -> places.PlaceMention | None:
    """The place that keys a strike: a settlement or region, or a country the drones were sent at or
    over ("at Ukraine", "over Russian regions"); a country named as the attacker or speaker keys nothing."""
    if pm is None or pm.place.kind != "country":
        return pm
    return pm if etype == "drone_strike" and pm.locative else None


def tag(title: str, text: str, published: datetime | None) -> list[dict]:
    """Events reported by one article, each with verbatim evidence and resolved fields."""
    res = load()
    title = title or ""
    text = text or ""
    # A summary list's items are the article's own shorthand, never furniture, even without a full stop.
    summary = _summary_lines(text)
    analysed, sentences = _sentences_with_triggers(title, text, res, summary)
    if not analysed:
        return []
    cands: list[tuple[Candidate, Sentence, bool]] = []
    starts = [x.start for x in sentences]  # (sentences are in text order)
    allies_meeting = False  # the meeting last named in the body was one side's allies (or another domain)
    other_deal = False  # the deal last named in the body belongs to another domain (trade, production)
    recon = False  # the drone last named was a surveillance drone, which "the drone" then refers back to
    process_sides: list[str] = []  # the sides of the last step reported between two named sides
    step_starts: set[int] = set()  # sentences about that process (a later "they" must follow one closely)
    for i, (s, is_title, has_d, has_n) in enumerate(analysed):
        if has_d:
            c = classify_drone(s.text, i, res, is_title)
            low = lower(s.text)
            # (Only after a surveillance drone does a bare "the drone" matter: skip the scan otherwise.)
            bare = recon and _only_bare_drones(low, res)
            prev = _attack_told_before(s, sentences, starts, published, res) \
                if c is not None and c.unanchored and not bare else None
            if c is not None and prev is not None:
                # "Russia launched a massive overnight attack on Lviv. Of the 300 drones, 270 were shot down":
                # the sentence before ties the strike to a place and a time, and both are its evidence.
                c = replace(c, creates=True, place_mentions=places.find(prev.text, res))
                s = Sentence(prev.start, s.end, text[prev.start:s.end], s.line_index, False)
            if c is not None and not is_title and _in_scenario(s, sentences, starts):
                c = None  # "Imagine that the guns fall silent. ... a swarm of drones crosses the line": made up
            if c is not None and not bare:
                cands.append((c, s, is_title))
            if _RECON_DRONE.search(low):
                recon = True
            elif not bare:
                recon = False
        if has_n:
            # Names after "to discuss" / "about" are the topic of a meeting, not its parties:
            # "ministers met in Brussels to discuss frozen Russian assets for Ukraine".
            topic = _TOPIC_TAIL.search(s.text)
            cut = topic.start() if topic else len(s.text)
            # ("all parties in the Ukraine war": a war's name is its topic, not a side at the table)
            # (but "discussed the situation in Ukraine by phone with Lukashenko": the other end of the line is a party)
            line = _PHONE_WITH.search(s.text, cut) if topic else None
            names = [a[0] for a in actors.mentions(s.text, res)  # cached per sentence text
                     if (a[1] < cut or (line is not None and a[1] >= line.end()))
                     and not _WAR_NAMED.match(s.text, a[2])]
            if process_sides and not is_title and not _two_sides(names, res) \
                    and (_SIDES_ANAPHOR.match(s.text)
                         or (_STEP_PASSIVE.match(s.text) and not _STATE_DOCUMENT.search(s.text))) \
                    and _singled_out(s.text, res) \
                    and _follows_step(s, sentences, starts, step_starts, process_sides, res):
                # "They will meet again in Jeddah on November 19", "The ministers also signed a memorandum": the
                # subject stands for the sides of the step told just before (not "They sign protocols in hotels",
                # nor a pair named in between), beside a go-between the sentence names ("..., the White House said").
                names = names + [p for p in process_sides if p not in names]
            c = classify_negotiation(s.text, i, res, is_title, names)
            if c is not None and c.creates and _two_sides(names, res):
                process_sides = names
            if c is not None and c.creates and process_sides and not is_title \
                    and set(names) - res.mediators <= set(process_sides):
                step_starts.add(s.start)  # a sentence of the sides' process, which "they" can follow
            if not is_title and _MEETING_NOUN.search(s.text):
                # "The meeting was held as U.S.-led diplomacy on a ceasefire continued": a definite
                # reference to a meeting is the meeting named last, and an allies' meeting stays one.
                if allies_meeting and c is not None and c.subtype in ("talks_held", "talks_scheduled") \
                        and _MEETING_ANAPHOR.match(s.text):
                    c = None
                elif c is not None and c.creates:
                    allies_meeting = False  # talks between the parties: "the meeting" now means these
                elif not allies_meeting:
                    # ("Zelensky joined the meeting in person", "every drone must meet an interceptor":
                    # a sentence that names no other meeting leaves the allies' meeting the one meant.)
                    allies_meeting = _allies_meeting(s.text, names, res)
            if _DEAL_NOUN.search(s.text):
                # "The agreement, signed by ..., provides for ...": a definite reference to a deal is the
                # deal named last, and a deal of another domain (joint drone production) stays one.
                if other_deal and c is not None and c.subtype in ("agreement", "proposal") \
                        and _DEAL_ANAPHOR.match(s.text):
                    c = None
                elif not is_title:
                    other_deal = bool(res.rx["negotiation.domain_exclude"].search(lower(s.text)))
            if c is not None and not is_title and _in_scenario(s, sentences, starts):
                c = None
            if c is not None:
                if c.also_held:  # "met ... and agreed a swap": the talks come first, as the text tells them
                    cands.append((replace(c, subtype="talks_held", cue_at=c.held_at, future=False), s, is_title))
                cands.append((c, s, is_title))

    events: list[dict] = []
    for etype in ("drone_strike", "negotiation"):
        typed = [x for x in cands if x[0].type == etype]
        groups = _group(typed, published, res, etype, summary)
        if etype == "drone_strike":
            _add_context(groups, sentences, res)
            _place_from_neighbours(groups, sentences, text, res, title)
        else:
            _denied_nearby(groups, sentences, res)
        for g in groups:
            event = _build(g, title, published, res)
            if event["confidence"] >= res.scoring["min_confidence"]:
                events.append(event)
    _parties_from_before(events, res)
    return events


def _follows_step(s: Sentence, sentences: list[Sentence], starts: list[int], step_starts: set[int],
                  sides: list[str], res: Resources) -> bool:
    """Whether one of the three sentences before `s` tells a step of the sides' process, with nothing between that
    names another actor or another pair: after "Ukraine and Hungary met in Budapest", "They will meet again"
    are those two; after "Shakhtar Donetsk and Dynamo Kyiv drew 1-1", "The two sides" are the teams."""
    at = bisect.bisect_left(starts, s.start)
    known = set(sides) | res.mediators
    line = s.line_index
    for prev in reversed(sentences[max(0, at - 3):at]):
        if prev.line_index < line - 1:
            return False  # (a paragraph between that was not split is not seen here)
        line = prev.line_index
        if prev.start in step_starts:
            return True
        if _NAMED_PAIR.search(prev.text) or _OTHER_ACTION.search(prev.text) \
                or res.rx["negotiation.domain_exclude"].search(lower(prev.text)) \
                or any(a[0] not in known for a in actors.mentions(prev.text, res)):
            return False  # (another pair, another subject's meeting or deal, another domain, another actor)
    return False


def _two_sides(names: list[str], res: Resources) -> bool:
    """Whether names hold two sides of a conflict, not only its go-betweens."""
    return len(set(names) - res.mediators) >= 2


def _singled_out(sentence: str, res: Resources) -> bool:
    """A further step told of the same sides: dated, placed, or marked as further ("also", "again")."""
    return bool(_STEP_CONTINUED.search(sentence) or res.rx["timing.anchor"].search(lower(sentence))
                or any(pm.place.kind == "city" for pm in places.find(sentence, res)))


def _parties_from_before(events: list[dict], res: Resources) -> None:
    """A step whose sentence names no side ("They will meet again in Jeddah on November 19") was taken by the
    sides of the step told before it: give it their names."""
    steps = sorted((e for e in events if e["type"] == "negotiation"), key=lambda e: e["evidence_start"])
    sides: list[str] = []
    for e in steps:
        parties = e["actors"]["parties"]
        if not parties and sides:
            e["actors"] = {**e["actors"], "parties": list(sides)}
        elif _two_sides(parties, res):
            sides = parties


# A subject standing for the sides already named: "They will meet again ...", "The two sides also agreed ...", "The
# ministers signed ...", "Following the meeting, the presidents ...".
_SIDES_ANAPHOR = re.compile(
    r"[\"“‘']?\s*(?:(?:following|after)\s+(?:the|their|that)\s+(?:[\w-]+\s+)?(?:meeting|talks|call|session|round)s?,\s+|"
    r"(?:on|late\s+on|early\s+on)\s+[a-z]+day,\s+|in\s+a\s+joint\s+statement,\s+)?"
    r"(?:they|we(?=\s+(?:will|would|are\s+(?:due|set)\s+to)\s+(?:meet|reconvene)\s+again)|both\s+(?:sides|parties|delegations|leaders|ministers|governments|presidents|teams)|"
    r"the\s+(?:two\s+)?(?:sides|parties|delegations|ministers|foreign\s+ministers|defen[cs]e\s+ministers|presidents|"
    r"leaders|governments|negotiators|negotiating\s+teams|teams|commissions|envoys|heads\s+of\s+(?:state|delegation))|"
    r"the\s+two|"
    # or their process: "The next session is set for Mekelle", "A meeting of the ceasefire verification mechanism"
    r"(?:the|a|an)\s+(?:next|second|third|fourth|fifth|further|new|follow-up|fresh)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:session|round|meeting|cycle|sitting)|"
    r"(?:the|a)\s+meeting\s+of\s+the|the\s+(?:[\w-]+\s+){0,3}?(?:committee|commission|mechanism)(?:['’]s)?)"
    r"\b(?!\s+(?:of|who|which|that)\b)"
    r"(?!\s+(?:sign|meet|agree|talk|negotiate|exchange|hold)\b)",  # (a habit: "They sign protocols in hotels")
    re.IGNORECASE)


# A step told in the passive, its document or deal as the subject: "The first phase of the deal was signed in Sharm
# el-Sheikh on October 9", "A draft protocol on ... was delivered to the government delegation on Tuesday".
_STEP_PASSIVE = re.compile(
    r"[\"“‘']?\s*(?:the|a|an|those|these|its|their|this|that)\s+(?:[\w'’-]+\s+){0,6}?"
    r"(?:agreement|deal|accord|swap|exchange|draft|protocol|memorandum|amendments|proposals?|plan|roadmap|truce|"
    r"ceasefire|text|document|list|declaration|framework|phase|response|comments)\b[^.;]{0,120}?"
    r"\b(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:also\s+|already\s+|formally\s+|finally\s+)?"
    r"(?:signed|initial(?:l)?ed|handed(?:\s+over)?|delivered|submitted|shared|sent|passed|agreed|presented|restored|"
    r"declared|issued|exchanged|transmitted|forwarded)\b",
    re.IGNORECASE)
# Two named parties of another kind: "Shakhtar Donetsk and Dynamo Kyiv drew 1-1".
_NAMED_PAIR = re.compile(r"\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*\s+and\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*\s+"
                         r"(?:then\s+|also\s+)?(?:drew|met|opened|signed|agreed|held|played|beat|won|lost|will|are|were|"
                         r"have|had)\b")
# What a subject between the step and "they" did instead: "the ruling party and opposition factions agreed to ...".
_OTHER_ACTION = re.compile(r"\b(?:agreed|agree|met|meet|meets|signed|sign|decided|voted|drew|won|lost|played|beat)\b")
# A document of one state's own making is no step between sides: "A draft of the new election law was handed ...".
_STATE_DOCUMENT = re.compile(r"\b(?:law|bill|budget|constitution|resolution|elections?|charter|statute|decree)\b",
                             re.IGNORECASE)
_STEP_CONTINUED = re.compile(r"\b(?:also|further|again|then|next|later|follow-up|second|third)\b", re.IGNORECASE)


# A heading over a list that sums the article up ("Key Takeaways", "At a glance", "What we know"): its
# items restate the story's events in shorthand, often with another day ("began on Wednesday" for a
# truce agreed on Tuesday), so an item joins the event it restates whatever its date; an item that
# restates nothing told elsewhere (a live page's key points) still reports its own.
# (Not a live page's "Key events": its items are links to the page's own entries, stamped "1h ago".)
_SUMMARY_HEADING = re.compile(r"^\W*(?:key\s+(?:takeaways|points|facts|moments)|takeaways|"
                              r"at\s+a\s+glance|in\s+brief|"
                              r"summary|tl;?dr|highlights|the\s+bottom\s+line|bottom\s+line|in\s+short|"
                              r"what\s+(?:we\s+know(?:\s+so\s+far)?|you\s+need\s+to\s+know|to\s+know))\W*$",
                              re.IGNORECASE | re.MULTILINE)


# A made-up scenario opened in the sentence before, or the one before that, in the same paragraph ("Imagine, for
# a moment, that the guns fall silent. ... Then, six weeks later, a swarm of drones crosses the line").
_SCENARIO = re.compile(r"\W*(?:imagine|suppose|picture\s+(?:this|a|the)|let\s+us\s+say|let's\s+say|"
                       r"consider\s+(?:a|this|the\s+following)\s+scenario|in\s+(?:this|that|such\s+a|one)\s+scenario)\b",
                       re.IGNORECASE)


def _in_scenario(s: Sentence, sentences: list[Sentence], starts: list[int]) -> bool:
    """Whether one of the two sentences before, in the same paragraph, opens a scenario."""
    k = bisect.bisect_left(starts, s.start)
    return any(0 <= j < len(sentences) and sentences[j].line_index == s.line_index
               and _SCENARIO.match(sentences[j].text) for j in (k - 1, k - 2))


# An attack reported as such, which a drone sentence right after it may belong to.
_ATTACK_WORD = re.compile(r"\b(?:attack(?:ed|s)?|struck|hit|pounded|targeted|assault|barrage|raid(?:ed)?|strikes?|"
                          r"bombard(?:ed|ment)|shelled)\b", re.IGNORECASE)


def _attack_told_before(s: Sentence, sentences: list[Sentence], starts: list[int], published: datetime | None,
                        res: Resources) -> Sentence | None:
    """The sentence just before, in the same paragraph, if it reports an attack on a named place on a day."""
    k = bisect.bisect_left(starts, s.start) - 1
    if k < 0 or sentences[k].line_index != s.line_index or sentences[k].clutter:
        return None
    prev = sentences[k]
    if not _ATTACK_WORD.search(prev.text):
        return None
    when = dates.resolve(prev.text, published, res)
    if when is None or when.precision != "day" or not any(pm.place.kind != "country"
                                                          for pm in places.find(prev.text, res)):
        return None
    return prev


def _sides_at_war(headline: str, res: Resources) -> bool:
    """Whether the headline's first clause (after a short label) names two sides at war with each other
    ("Turkey and Armenia hold talks; Baku objects" names no such pair: Baku is in another clause)."""
    clauses = _HEADLINE_CLAUSE.split(headline, 2)
    # ("Live: ...", "Gaza war: ...": a label of a few words before the headline itself)
    first = clauses[1] if len(clauses) > 1 and len(clauses[0].split()) <= 3 else clauses[0]
    names = {m[0] for m in actors.mentions(first, res)}
    return any(frozenset((a, b)) in res.at_war for a in names for b in names if a != b)


_HEADLINE_CLAUSE = re.compile(r"\s*[;:|]\s*|\s+[–—-]\s+")


def _summary_lines(text: str) -> frozenset[int]:
    """Indexes (as `sentences.split` counts lines) of the bullet lines under a summary heading."""
    if not _SUMMARY_HEADING.search(text):
        return frozenset()
    out: set[int] = set()
    under = False
    for i, m in enumerate(_LINE.finditer(text)):
        line = m.group()
        if _SUMMARY_HEADING.match(line):
            under = True
        elif under and BULLET.match(line):
            out.add(i)
        elif line.strip():
            under = False
    return frozenset(out)


# "Israel shot down a Hezbollah surveillance drone ... The drone was intercepted near Shlomi": a bare
# "the drone" is the one named last, and a surveillance drone shot down is no drone strike.
# (Run on lower-cased text, with the first letters as a lookahead: the scan skips most positions.)
_RECON_DRONE = re.compile(r"\b(?=[eflmorsz])(?:reconnaissance|recon|surveillance|spy|observation|scout|orlan(?:-\d+)?|"
                          r"zala|supercam|eleron|forpost|leleka|mavic)[\s-]+(?:[\w-]+\s+)?(?:drones?|uavs?)\b")
_BARE_DRONE_BEFORE = re.compile(r"\bthe\s+$")


def _only_bare_drones(low: str, res: Resources) -> bool:
    """Whether every drone word of a (lower-cased) sentence is a bare "the drone", pointing back to one
    named before."""
    found = False
    for m in res.trigger_drone.finditer(low):
        if not _BARE_DRONE_BEFORE.search(low, max(0, m.start() - 4), m.start()):
            return False
        found = True
    return found


_WAR_NAMED = re.compile(r"\s+(?:war|conflict|crisis|settlement|issue|question)\b")
_MEETING_NOUN = re.compile(r"\b(?:meeting|met|meet|meets|summit|talks|gathering|conference|session|round)\b",
                           re.IGNORECASE)
_DEFINITE_MEETING = re.compile(r"\b(?:the|this|that)\s+(?:[\w-]+\s+)?(?:meeting|summit|gathering)\b", re.IGNORECASE)
_DEAL_NOUN = re.compile(r"\b(?:agreement|deal|accord|memorandum|pact|contract)\b", re.IGNORECASE)
_DEAL_ANAPHOR = re.compile(r"^\W*(?:the|this|that)\s+(?:[\w-]+\s+)?"
                           r"(?:agreement|deal|accord|memorandum|pact|contract)\b", re.IGNORECASE)
_MEETING_ANAPHOR = re.compile(r"^\W*(?:on\s+the\s+sidelines\s+of\s+)?(?:the|this|that)\s+"
                              r"(?:[\w-]+\s+)?(?:meeting|summit|talks|gathering|conference|session)\b", re.IGNORECASE)


def _allies_meeting(text: str, names: list[str], res: Resources) -> bool:
    """Whether a sentence names a meeting of one side's allies or of another domain (a contact group,
    a NATO summit, ministers of one bloc), which a later "the meeting" refers back to."""
    low = lower(text)
    if res.rx["negotiation.domain_exclude"].search(low) or res.rx["negotiation.allies_meeting"].search(low):
        return True
    distinct = set(names)
    return len(distinct) >= 2 and any(distinct <= bloc for bloc in res.blocs)


# Names after these words are the topic or the beneficiary of a meeting, not its parties: "ministers
# met in Brussels to discuss frozen Russian assets", "leaders met in Warsaw and pledged more support
# for Ukraine".
_PHONE_WITH = re.compile(r"\b(?:by|on\s+the|over\s+the)\s+(?:tele)?phone\s+with\b", re.IGNORECASE)
_TOPIC_TAIL = re.compile(r"\b(?:to\s+discuss|in\s+order\s+to\s+discuss|to\s+talk\s+about|"
                         r"discussed|"
                         r"issued\s+(?:a\s+|an?\s+joint\s+)?(?:statement|communiqu[eé]|declaration)|condemn(?:ed|ing)|"
                         r"(?:and\s+)?(?:pledged|vowed|promised)\s+(?:to\s+)?(?:increase|boost|step\s+up|provide|send|deliver|continue|support))\b",
                         re.IGNORECASE)


def _group(typed: list[tuple[Candidate, Sentence, bool]], published: datetime | None, res: Resources,
           etype: str, summary: frozenset[int] = frozenset()) -> list[_Group]:
    body = [x for x in typed if not x[2] and not x[1].clutter]
    creators = [x for x in body if x[0].creates]
    groups: list[_Group] = []
    avoid = frozenset({"Russia", "Ukraine"}) if etype == "drone_strike" else frozenset()
    expanded: list[tuple[Candidate, Sentence, bool, places.PlaceMention | None, list[places.PlaceMention],
                         dates.ResolvedDate | None]] = []
    pm: places.PlaceMention | None
    for cand, sent, is_title in creators:
        if etype == "negotiation":
            # Talks happen in a city; a country named in a negotiation sentence is a party, not a venue.
            cand.place_mentions = [p for p in cand.place_mentions if p.place.kind == "city" and p.venue]
        targets = struck_places(cand, sent.text) if etype == "drone_strike" else []
        best = places.best(cand.place_mentions, avoid)
        if etype == "negotiation" and len(cand.place_mentions) > 1:
            # "a drone strike killed two in Deir al-Balah ..., as negotiators held meetings with mediators in
            # Cairo": of several venues, the one the talks are said to sit in
            best = next((pm for pm in cand.place_mentions
                         if _TALKS_IN_BEFORE.search(sent.text, max(0, pm.start - 60), pm.start)), best)
        tally = etype == "drone_strike" and cand.subtype == "interception_claim"
        several = tally and bool(_SEVERAL_REGIONS.search(sent.text))
        if several and best is not None:
            # "61 drones shot down over eight regions, including Nizhny Novgorod": a nationwide tally,
            # keyed by its country so that it joins the night's strike on a town (guide § 1).
            best = _country_of(best, res)
        # "destroyed 105 drones over Russia overnight, including over the Moscow, Bryansk and Kursk regions": a
        # tally over listed regions joins the night's strike in any of them (guide § 1), else stands for its country.
        listed = [p for p in cand.place_mentions if p.region_list and p.place.kind == "admin1"] \
            if tally and not several and not targets else []
        if len(listed) >= 2:
            best = _country_of(listed[0], res)
        else:
            listed = []
        # "Russian drones struck Dnipro and Pavlohrad overnight": one event per attacked place (guide § 1).
        keyed: list[places.PlaceMention | None] = list(targets) if targets else [best]
        # "two earlier rounds in Istanbul, on May 16 and June 2": one meeting per date listed.
        # (Only when the list holds the date nearest the talks' own words: "met on Monday, after rounds on
        # May 16 and June 2" is Monday's meeting.)
        days: list[dates.ResolvedDate | None] = [None]
        pairs: list[tuple[places.PlaceMention, dates.ResolvedDate]] = []
        if cand.subtype in ("talks_held", "talks_scheduled"):
            forward = cand.future or cand.subtype == "talks_scheduled"
            on_dates = dates.listed_days(sent.text, published, res, forward)
            if _one_of(dates.resolve(sent.text, published, res, forward=forward, near=_near(cand)), on_dates):
                days = list(on_dates)
            else:
                pairs = _venues_with_days(cand, sent.text, published, res, forward)
        if pairs:
            # "held talks with Lavrov in Moscow on September 10 and with Sybiha in Kyiv on September 15": one
            # meeting per venue and its day.
            for venue, venue_day in pairs:
                expanded.append((cand, sent, is_title, venue, listed, venue_day))
            continue
        for pm in keyed:
            for day in days:
                expanded.append((cand, sent, is_title, pm, listed, day))
    for cand, sent, is_title, pm, listed, day in expanded:
        when = day or dates.resolve(sent.text, published, res,
                                    forward=cand.future or cand.subtype == "talks_scheduled", near=_near(cand))
        late = etype == "drone_strike" and bool(_LATE.search(sent.text))
        target = None
        # "The truce, brokered by ..., takes effect on Thursday": a definite reference back to a
        # step already reported is that step, whatever new date it mentions.
        anaphor = etype == "negotiation" and bool(_STEP_ANAPHOR.match(sent.text)
                                                  or _STEP_REFERENCE.search(sent.text))
        # A summary list's item restates an event told in the story, whatever day it gives it.
        restated = sent.line_index in summary
        # "It follows a smaller exchange of 150 prisoners earlier this month": a step compared with
        # the one reported is another step, whatever its date.
        other = etype == "negotiation" and bool(_OTHER_STEP.search(sent.text))
        # (An item restating the story joins an event of its own day first, then one of any day.)
        for key_when in [None] if anaphor else [when, None] if restated else [when]:
            for g in (reversed(groups) if not other else ()):
                if etype == "negotiation" and g.members[0][0].subtype != cand.subtype:
                    continue  # talks held and a prisoner swap agreed at them are two steps
                if day is not None and g.own_date is sent:
                    continue  # another meeting of the same sentence's list, however close its date
                if cand.subtype == "prisoner_exchange" and not anaphor and _STEP_NUMBER.search(sent.text) \
                        and agreed_step(sent.text) != agreed_step(g.members[0][1].text):
                    # "exchanged 205 prisoners on September 19" and "agreed to swap 1,200 prisoners" are two
                    # steps; a sentence without its own figure adds detail to the swap before it.
                    continue
                if cand.subtype == "prisoner_exchange" and _SWAP_DONE.search(sent.text) and not agreed_step(sent.text) \
                        and agreed_step(g.members[0][1].text):
                    # "agreed to exchange 157 prisoners each. The exchange was carried out hours later": the swap
                    # agreed and the swap done are two steps, even when the second refers back to the first.
                    continue
                if (cand.subtype == "proposal" or (cand.subtype == "talks_held" and _CALL.search(sent.text)
                                                   and _CALL.search(g.members[0][1].text))) \
                        and not anaphor and _other_sides(sent.text, g.members[0][1].text, res):
                    continue  # "Ukraine handed the US a revised framework" and "Russia received an updated draft": two
                if cand.subtype in ("talks_held", "talks_scheduled") and not anaphor \
                        and _apart_from_room(sent.text, pm, g):
                    continue  # "the delegations met in Geneva" and "Trump later spoke to Zelensky by phone": two
                if cand.subtype == "ceasefire" and not anaphor \
                        and len(_terms(sent.text) | _terms(g.members[0][1].text)) > max(1, len(_terms(sent.text))):
                    continue  # "declared a 30-hour truce" and "offered a 30-day ceasefire instead": two truces
                if cand.subtype == "proposal" and not anaphor and _OWN_DOCUMENT.search(sent.text) \
                        and not _OWN_DOCUMENT.search(g.members[0][1].text):
                    continue  # "Russia handed over a memorandum" and "Ukraine had sent its own draft": two texts
                if cand.subtype == "ceasefire" and not anaphor and _COUNTER_OFFER.search(sent.text) \
                        and _other_sides(sent.text, g.members[0][1].text, res):
                    continue  # "Putin declared an Easter truce" and "Zelensky proposed to extend the pause": two
                if cand.subtype == "prisoner_exchange" and not anaphor \
                        and _swap_kind(sent.text) * _swap_kind(g.members[0][1].text) < 0:
                    continue  # "also swapped the bodies of fallen soldiers": remains and prisoners are two swaps
                # (a tally over listed regions only joins a placed strike, keyed by the region it lies in)
                keys = [_key_place(pm, etype)] if not listed else [
                    _enclosing(region, g) for region in listed
                    if g.place is not None and g.place.place.kind != "country"]
                if any(_key_compatible(g, key, key_when, published, late=late) for key in keys):
                    target = g
                    break
            if target is not None:
                break
        if target is None:
            target = _Group(etype)
            groups.append(target)
        if all(m[1] is not sent for m in target.members):
            target.members.append((cand, sent, is_title))
        if target.place is None or (_specific(pm) and target.place.place.kind in ("country", "water")):
            target.place = pm if pm is not None else target.place
        elif pm is not None and _specific(pm) and pm.place.kind == "city" and target.place.place.kind == "admin1":
            target.place = pm
        if target.date is None and when is not None:
            target.date = when
            target.late = late
            target.own_date = sent if day is not None else None
    titles = [x for x in typed if x[2]]
    if not groups:
        # Headline only, or clutter only: weak evidence, emitted with low confidence when it reads as
        # a specific event; clutter lines (link lists) never create events.
        for cand, sent, _is_title in titles:
            if cand.creates:
                g = _Group(etype, [(cand, sent, True)])
                g.place = places.best(cand.place_mentions, avoid)
                g.date = dates.resolve(sent.text, published, res, forward=cand.future)
                groups.append(g)
                break
    else:
        for cand, _sent, _is_title in titles:
            if cand.creates and groups[0].place is None:
                groups[0].place = places.best(cand.place_mentions, avoid)
    # Denials and negated mentions mark the matching event disputed.
    for cand, sent, is_title in typed:
        if (cand.disputed or cand.negated) and groups:
            if any(m[1] is sent for g in groups for m in g.members):
                continue  # "... on May 3, 2023, ...; Kyiv denied any involvement": already its own event's
            pm = _specific(places.best(cand.place_mentions, avoid))
            for g in groups:
                if _key_compatible(g, pm, None):
                    if all(m[1] is not sent for m in g.members):
                        g.members.append((cand, sent, is_title))
                    break
    # Weaker supporting sentences (no anchor of their own) add fields to the event they sit next to.
    for cand, sent, is_title in body:
        if cand.creates or cand.hedged or cand.negated or not groups:
            continue
        pm = _specific(places.best(cand.place_mentions, avoid))
        for g in groups:
            fresh = all(m[1] is not sent for m in g.members)
            if pm is not None and g.place is not None and _key_compatible(g, pm, None) and fresh:
                g.members.append((cand, sent, is_title))
                break
    return groups


def _add_context(groups: list[_Group], sentences: list[Sentence], res: Resources) -> None:
    """The sentences right after a strike report often give the place and toll without repeating the
    word "drone" ("Two people were killed in Odesa"): borrow place and counts from them."""
    if not sentences:
        return
    position = {s.start: i for i, s in enumerate(sentences)}
    owner = {m[1].start: g for g in groups for m in g.members if not m[2]}
    for g in groups:
        # "Kyiv denied any involvement in the attack": a denial nearby disputes the event even when
        # it does not repeat the word "drone" (but not a denial inside the next event's own report).
        last = max((m[1] for m in g.members if not m[2]), key=lambda s: s.start, default=None)
        if last is not None and last.start in position:
            j = position[last.start]
            for s in sentences[j + 1:j + 4]:
                if owner.get(s.start, g) is not g:
                    break
                if _context_cues(s.text, res)[0]:
                    g.denied = True
        first = next((m[1] for m in g.members if not m[2] and m[0].creates), None)
        if first is None or first.start not in position:
            continue
        i = position[first.start]
        for s in sentences[i + 1:i + 3]:
            if s.clutter or s.line_index > first.line_index + 1:
                break
            _denial, trigger, cue = _context_cues(s.text, res)
            if trigger:
                break
            if not cue:
                continue
            g.context.append(s)
            if g.place is None or g.place.place.kind in ("country", "water"):
                pm = places.best([p for p in places.find(s.text, res) if p.locative and p.place.kind != "country"])
                if pm is not None and (g.place is None or g.place.place.kind == "water"
                                       or g.place.place.country == pm.place.country):
                    g.place = pm


def _denied_nearby(groups: list[_Group], sentences: list[Sentence], res: Resources) -> None:
    """"The Kremlin denied that any such meeting had taken place": a denial in the next sentences that
    names a negotiation step disputes the step reported just before it (guide § 7)."""
    if not groups or not sentences:
        return
    position = {s.start: i for i, s in enumerate(sentences)}
    for g in groups:
        last = max((m[1] for m in g.members if not m[2]), key=lambda s: s.start, default=None)
        if last is None or last.start not in position:
            continue
        j = position[last.start]
        for s in sentences[j + 1:j + 4]:
            low = lower(s.text)
            if res.rx["modality.denial"].search(low) and res.trigger_negotiation.search(low):
                g.denied = True
                break


@lru_cache(maxsize=SENTENCE_CACHE_SIZE)
def _context_cues(text: str, res: Resources) -> tuple[bool, bool, bool]:
    """(denies an attack, has a trigger word, reports harm or an interception) for a sentence next to
    a strike report; memoised, as every strike in an article looks at its neighbours."""
    low = lower(text)
    denial = bool(res.rx["modality.denial"].search(low) and _DENIED_OBJECT.search(low))
    trigger = bool(res.trigger_drone.search(low) or res.trigger_negotiation.search(low))
    cue = bool(_CONTEXT_CUE.search(text) or res.rx["drone.intercept"].search(low))
    return denial, trigger, cue


# "The last exchange, on June 12, ...", "The largest swap of the war ...": an ordinal or superlative picks
# out another step of the series, not the one just reported.
_STEP_ANAPHOR = re.compile(
    r"^\W*(?:the|this|that|such\s+an?)\s+"
    r"(?!(?:last|previous|earlier|first|second|third|fourth|fifth|most|largest|biggest|longest|greatest|"
    r"deadliest|heaviest|broadest|widest|smallest)\b)"
    r"(?:[\w-]+\s+){0,2}(?:truce|ceasefire|cease-fire|deal|agreement|accord|exchange|"
    r"swap|talks|meeting|round|moratorium|memorandum|pause|proposal|plan|framework|negotiations)\b", re.I)
# "in the city's Shevchenkivskyi district", "a village near the border": the sentence points at a place
# named elsewhere (the sentence before, or the dateline).
_PLACE_ANAPHOR = re.compile(r"\b(?:the|a|this|that)\s+(?:city|town|village|port|region|oblast|province|district|"
                            r"settlement|suburb|area)(?:'s|’s)?\b", re.I)


def _place_from_neighbours(groups: list[_Group], sentences: list[Sentence], text: str, res: Resources,
                           title: str = "") -> None:
    """A strike sentence that names no gazetteer place but refers to one ("the city", "a village") takes
    the place named in the sentence before it, else the one in the headline, else the dateline."""
    position = {s.start: i for i, s in enumerate(sentences)}
    stamp: list[places.PlaceMention | None] = []
    for g in groups:
        if g.place is not None and g.place.place.kind not in ("country", "water"):
            continue
        first = next((m[1] for m in g.members if not m[2] and m[0].creates), None)
        if first is None:
            continue
        anaphor = bool(_PLACE_ANAPHOR.search(first.text))
        if not anaphor and g.place is not None:
            continue
        found = None
        i = position.get(first.start)
        if anaphor and i is not None and i > 0:
            # The sentence before, even across a paragraph break ("Residents of Odesa were woken..."
            # then a new paragraph "The city's administration said drones hit the port").
            prev = sentences[i - 1].text
            found = places.best([p for p in places.find(prev, res)
                                 if p.place.kind != "country" and not places.is_dateline(prev, p)])
        if found is None and title:
            found = places.best([p for p in places.find(title, res) if p.place.kind != "country"])
        if found is None:
            if not stamp:
                stamp.append(places.dateline(text, res))
            found = stamp[0]
        if found is not None and (g.place is None or g.place.place.kind == "water"
                                  or g.place.place.country == found.place.country):
            g.place = found


_STEP_NUMBER = re.compile(r"\b\d[\d,]*\b")
_SWAP_DONE = re.compile(r"\b(?:was|were|had\s+been|has\s+been)\s+(?:\w+\s+)?(?:carried\s+out|completed|conducted)\b|"
                        r"\b(?:began|took\s+place|crossed)\b")
# "the war in Ukraine", "Russia's invasion of Ukraine": the war's place is its name, not a side on the line.
_WAR_OF_BEFORE = re.compile(r"\b(?:war|conflict|fighting|invasion)\s+(?:in|of|on|against)\s+(?:the\s+)?$",
                            re.IGNORECASE)


def _sides(text: str, res: Resources) -> set[str]:
    """The conflict parties a sentence names as actors (mediators aside, a war's name aside)."""
    return {n for n, start, end in actors.mentions(text, res)
            if not _WAR_NAMED.match(text, end) and not _WAR_OF_BEFORE.search(text, max(0, start - 25), start)
            } - res.mediators


def _other_sides(a: str, b: str, res: Resources) -> bool:
    """Whether two sentences name different conflict parties and none in common."""
    first, second = _sides(a, res), _sides(b, res)
    return bool(first) and bool(second) and not first & second


_REMAINS = re.compile(r"\b(?:bodies|remains)\b", re.IGNORECASE)
_LIVING = re.compile(r"\b(?:prisoners|pows|captives|detainees|hostages)\b", re.IGNORECASE)


_TERM = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|ten|twelve|fifteen|thirty|sixty|ninety)[\s-]"
                   r"(hour|day|week|month)s?\b", re.IGNORECASE)


def _terms(sentence: str) -> set[tuple[str, str]]:
    """The lengths of truce a sentence names ("30-hour", "three-day")."""
    return {(n.lower(), unit.lower()) for n, unit in _TERM.findall(sentence)}


def _swap_kind(sentence: str) -> int:
    """-1 for a swap of remains only, 1 for one of living people only, 0 when the sentence names both or neither."""
    return int(bool(_LIVING.search(sentence))) - int(bool(_REMAINS.search(sentence)))


_DENIED_OBJECT = re.compile(
    r"\b(?:attacks?|strikes?|involvement|responsibility|blame|claims?|allegations?|accusations?)\b")
_CONTEXT_CUE = re.compile(r"\b(?:killed|injured|wounded|dead|died|damaged|destroyed|fire|blaze|debris|hit|struck|"
                          r"shot\s+down|"
                          r"intercepted|downed)\b", re.I)


# "launched 146 drones against Ukraine", "struck bombers at four Russian air bases": the country struck, named
# as a whole (guide § 5: only `country` is set). Countries are kept out of strike places because they are
# mostly the attacker ("Russia launched"); these phrases name the target. The countries and their adjectives
# come from the data files: the sides of `actors.adversary` and the actor names that map to them.
_TARGET_NOUNS = (r"air\s+bases?|airbases?|airfields?|military\s+bases|bases|regions|cities|towns|territory|refineries|"
                 r"ports|energy\s+facilities|infrastructure|power\s+plants")


@lru_cache(maxsize=4)
def _target_country_rx(res: Resources) -> tuple[re.Pattern[str], dict[str, str]]:
    sides = sorted(res.adversary)
    adjectives = {k.lower(): v for k, v in res.actor_index.items()
                  if v in res.adversary and k.lower().endswith("an") and k != v}
    side_alt = "|".join(map(re.escape, sides))
    adjective_alt = "|".join(map(re.escape, sorted(adjectives)))
    rx = re.compile(rf"\b(?:against|at|on|over|across|into|inside)\s+(?P<country>{side_alt})\b(?!['’]s)|"
                    rf"\b(?P<adjective>{adjective_alt})\s+(?:[\w-]+\s+){{0,2}}?(?:{_TARGET_NOUNS})\b", re.IGNORECASE)
    return rx, adjectives


def _target_country(sentence: str, res: Resources) -> dict[str, object] | None:
    """The struck country when a strike sentence names only a country as its target (no place, no region)."""
    rx, adjectives = _target_country_rx(res)
    m = rx.search(sentence)
    if m is None:
        return None
    name = next(side for side in res.adversary if side.lower() == m["country"].lower()) if m["country"] \
        else adjectives[m["adjective"].lower()]
    return _country_location(name, m.group(), res)


# "hit a car in the village of Nikolskoye", "near the town of Lere in the Timbuktu region", "in Tabayin
# township": a settlement the text names as such, though the gazetteer does not list it.
_NAMED_SETTLEMENT = re.compile(r"\b(?:village|town|settlement|hamlet|city)\s+of\s+"
                               r"(?P<name>[A-Z][\w'’]*(?:-[A-Z]?[\w'’]+)*(?:\s+[A-Z][\w'’]*(?:-[A-Z]?[\w'’]+)*){0,2})")
_TOWNSHIP = re.compile(r"\bin\s+(?P<name>[A-Z][\w'’-]+)\s+township\b")
_FROM_THE_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$")


_BETWEEN_BEFORE = re.compile(r"\bbetween\b[^,;]*$")


def _unlisted_settlement(sentence: str, location: dict[str, object], res: Resources) -> dict[str, object]:
    """The most specific place a strike sentence names (guide § 5), when the gazetteer does not know it: the
    village as written, in the region and country already resolved around it (no coordinates)."""
    m = _NAMED_SETTLEMENT.search(sentence) if " of " in sentence else None
    if m is None and "township" in sentence:
        m = _TOWNSHIP.search(sentence)
    if m is None or not location.get("country") or _BETWEEN_BEFORE.search(sentence, max(0, m.start() - 60), m.start()) \
            or _FROM_THE_BEFORE.search(sentence, max(0, m.start() - 10), m.start()):
        # ("on the road between Nabatieh and the village of ...": the first place named; "launched from the
        # village of ...": where the drones came from)
        return location
    name = m["name"]
    if name == location.get("place"):
        return location
    known = res.gazetteer_index.get(name.lower())
    if known is not None:
        # "In the Kupiansk district, a drone hit a car in the village of Kivsharivka": the village, when the
        # gazetteer puts it in the same country as the place resolved so far.
        if known.kind != "city" or known.country != location["country"]:
            return location
        return {"text": name, "place": known.place, "admin1": known.admin1, "country": known.country,
                "lat": known.lat, "lon": known.lon}
    return {"text": name, "place": name, "admin1": location.get("admin1"), "country": location["country"],
            "lat": None, "lon": None}


def _country_location(name: str, text: str, res: Resources) -> dict[str, object] | None:
    country = res.gazetteer_index.get(name.lower()) if name else None
    if country is None or country.kind != "country":
        return None
    return {"text": text or name, "place": None, "admin1": None, "country": country.country, "lat": country.lat,
            "lon": country.lon}


def _strike_location(g: _Group, evidence: str | None, field_texts: list[str], res: Resources
                     ) -> tuple[dict[str, object] | None, dict[str, object]]:
    """A strike's location and actors. ``evidence`` is the body sentence that reports it (None for a headline).

    A country named only as the attacker ("Russia launched ...") keyed nothing and places nothing: the
    location is then the country struck, from a phrase naming it or from who attacked, and a village the
    evidence names as such refines whatever was resolved."""
    attacker_only = g.place is not None and g.place.place.kind == "country" and not g.place.locative
    location = places.as_location(g.place) if g.place is not None and not attacker_only else None
    if location is None and evidence is not None:
        location = _target_country(evidence, res)
    country = location["country"] if location else None
    actor_info = actors.strike_actors(field_texts, country if isinstance(country, str) else None, res)
    if evidence is None:
        return location, actor_info
    if location is None and attacker_only:
        # "Russia's defence ministry said it destroyed 337 Ukrainian drones over several regions" (guide § 5).
        location = _country_location(str(actor_info["target"] or ""), "", res)
    if location is not None:
        location = _unlisted_settlement(evidence, location, res)
    return location, actor_info


def _build(g: _Group, title: str, published: datetime | None, res: Resources) -> dict:
    scoring = res.scoring
    # A sentence that refers back to the step ("The truce, brokered by ..., begins on Thursday") never
    # outranks the sentence that reported it, however precise its date.
    members = sorted(g.members, key=lambda m: (m[0].negated or m[0].hedged, m[2], not m[0].creates,
                                               g.type == "negotiation" and bool(_STEP_ANAPHOR.match(m[1].text)),
                                               -m[0].score, m[1].start))
    best_cand, best_sent, best_is_title = members[0]
    texts = [m[1].text for m in members]
    field_texts = texts + [c.text for c in g.context]
    real = [m for m in members if not m[0].negated and not m[0].hedged]
    disputed = g.denied or any(m[0].disputed or (m[0].negated and g.type == "drone_strike") for m in members)
    # The subtype comes from the body; a headline joined only to mark a denial ("Russia says Ukraine
    # attacked Valdai; Kyiv denies") does not turn a body's interception claim into a hit.
    told = [m for m in real if not m[2]] or real
    if g.type == "drone_strike":
        if any(m[0].sea for m in told):
            subtype = "sea_drone_attack"
        elif any(m[0].intercept for m in told) and not any(m[0].impact for m in told):
            subtype = "interception_claim"  # only "N drones shot down", no harm reported
        else:
            subtype = "attack"
    else:
        subtype = best_cand.subtype
        for st in _SUBTYPE_RANK["negotiation"]:
            if any(m[0].subtype == st and m[0].creates for m in real):
                subtype = st
                break
    # Date: best sentence first, then the others, then the publication date.
    # The guide dates an event from its evidence sentence first: the group's date comes from the first
    # sentence that reported it, which may carry the day of a denial or a statement about it.
    when = None if best_is_title else dates.resolve(best_sent.text, published, res,
                                                    forward=best_cand.future or subtype == "talks_scheduled",
                                                    near=_near(best_cand))
    if g.date is not None and when is not None and g.date != when and g.type == "negotiation" and (
            g.own_date is best_sent or _one_of(g.date, dates.listed_days(
                best_sent.text, published, res, best_cand.future or subtype == "talks_scheduled"))):
        when = g.date  # "rounds in Istanbul on May 16 and June 2": each meeting keeps its own date of the list
    if when is None:
        when = g.date
    if when is None:
        for t in texts:
            when = dates.resolve(t, published, res, forward=subtype == "talks_scheduled")
            if when is not None:
                break
    if when is None and title and not best_is_title:
        # The guide's order: the evidence sentence, then the headline (when it is about this kind of event).
        trigger = res.trigger_drone if g.type == "drone_strike" else res.trigger_negotiation
        if trigger.search(lower(title)):
            when = dates.resolve(title, published, res, forward=subtype == "talks_scheduled")
    if when is not None:
        event_date, precision, basis = when.value.isoformat(), when.precision, when.basis
    elif published is not None:
        event_date, precision, basis = published.date().isoformat(), "publication", "fallback: publication date"
    else:
        event_date, precision, basis = None, "publication", "no publication date to resolve the event's date against"
    if g.type == "drone_strike":
        location, actor_info = _strike_location(g, None if best_is_title else best_sent.text, field_texts, res)
        count_info = counts.extract(field_texts, res)
    else:
        location = places.as_location(g.place) if g.place is not None else None
        actor_info = actors.negotiation_parties(texts, res)
        count_info = {"launched": None, "downed": None, "killed": None, "injured": None}
    attribution = None
    for t in texts:
        attribution = actors.attribution(t)
        if attribution:
            break
    confidence = scoring["base"]
    confidence += scoring["headline_only"] if best_is_title else scoring["body_sentence"]
    confidence += scoring["has_place"] if location else 0
    confidence += scoring["has_date"] if when is not None else 0
    # A negotiation step has no counts fields, but a number in its evidence ("swap 205 prisoners each",
    # "a 20-point plan") singles it out like a strike's toll does.
    numbered = any(v is not None for v in count_info.values()) or (
        g.type == "negotiation" and bool(_STEP_NUMBER.search(best_sent.text)))
    confidence += scoring["has_number"] if numbered else 0
    confidence += scoring["attributed"] if attribution else 0
    confidence += scoring["disputed"] if disputed else 0
    confidence += scoring["extra_sentence"] * min(3, len(real) - 1) if real else 0
    confidence += scoring["lede"] if not best_is_title and best_sent.line_index <= 1 else 0
    if best_is_title and subtype in ("ceasefire", "prisoner_exchange", "agreement") \
            and _sides_at_war(best_sent.text, res):
        # "Thailand and Cambodia agree to ceasefire": a headline naming both sides at war singles the step
        # out as a place or a day would.
        confidence += scoring["headline_sides"]
    confidence = round(max(0.05, min(0.99, confidence)), 3)
    return {
        "type": g.type,
        "subtype": subtype,
        "evidence": best_sent.text,
        "evidence_start": -1 if best_is_title else best_sent.start,
        "confidence": confidence,
        "tagger_version": res.version,
        "location": location,
        "event_date": event_date,
        "date_precision": precision,
        "date_basis": basis,
        "actors": actor_info,
        "counts": count_info,
        "attribution": attribution,
        "disputed": disputed,
    }
