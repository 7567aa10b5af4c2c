"""Numbers of drones launched and downed, people killed and injured, from the event's sentences.

Numbers may be digits ("1,200"), words ("twenty-five") or vague quantities mapped by ACLED's
conventions in `data/fields.yaml` ("dozens" = 12).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from transform.tagger.resources import SENTENCE_CACHE_SIZE, Resources, lower, prefiltered

_QUAL = (r"(?:(?:at\s+least|a\s+total\s+of|some|about|around|approximately|nearly|almost|over|more\s+than|up\s+to|"
         r"as\s+many\s+as|roughly|another|a\s+further|all)\s+)?")
_ADJ = r"(?:(?:[\w-]+\s+){0,3})"  # e.g. "Ukrainian fixed-wing attack" between the number and the noun


@dataclass
class _Compiled:
    launched: list[re.Pattern[str]]
    downed: list[re.Pattern[str]]
    killed: list[re.Pattern[str]]
    injured: list[re.Pattern[str]]
    of_total: re.Pattern[str]
    any_number: re.Pattern[str]


_CACHE: dict[str, _Compiled] = {}


def warm(res: Resources) -> None:
    """Compile this module's patterns for a rule set ahead of the first article."""
    _compiled(res)


def _compiled(res: Resources) -> _Compiled:
    cached = _CACHE.get(res.version)
    if cached is not None:
        return cached
    n = rf"(?P<n>{res.number_rx})"
    c = res.counts
    drone, launch, down, person = c["drone_noun"], c["launch_verb"], c["down_verb"], c["person_noun"]
    killed, injured = c["killed_verb"], c["injured_verb"]
    q, adj = _QUAL, _ADJ
    be = r"(?:were|was|have\s+been|had\s+been|are|is)"
    swarm = r"(?:a\s+(?:barrage|swarm|wave)\s+of\s+)?"
    # "At least seven people, including two children, were killed": an aside between the figure's noun and verb.
    among = r"(?:,\s+(?:including|among\s+them|most\s+of\s+them|all\s+of\s+them)\s+[^,;.]{1,40},)?"
    # A figure that is an age, a part of a whole, or nobody: "aged 45", "none of the 12", "the crew of 23", "no one".
    no_count_before = r"(?<!\bno\s)(?<!\baged\s)(?<!\bof\s)(?<!\bthe\s)"
    num = res.number_rx

    def rx(pattern: str) -> re.Pattern[str]:
        # case-sensitive: patterns run over lower-cased sentences; the first-character lookahead
        # keeps each `\b(?:...)` scan from trying every alternative at every word.
        return prefiltered(re.compile(pattern))

    compiled = _Compiled(
        launched=[
            rx(rf"\b{launch}\s+{swarm}{q}{n}\s+{adj}{drone}"),
            rx(rf"\b{q}{n}\s+{adj}{drone}\s+(?:were|was|had\s+been)\s+(?:launched|fired|sent|used)"),
            rx(rf"\b(?:with|by|involving|using)\s+{q}{n}\s+{adj}{drone}"),
            rx(rf"\b(?:out\s+of|of\s+the|of)\s+{n}\s+{adj}{drone}"),
            rx(rf"\b{n}\s+{adj}{drone}\s+(?:attacked|targeted|struck|hit)\b"),
        ],
        downed=[
            rx(rf"\b{down}\s+{q}{n}\s+(?:of\s+(?:the\s+|them|these)\s*)?(?:{adj}{drone}|out\s+of|of|\b)"),
            rx(rf"\b{q}{n}\s+(?:{adj}{drone}\s+)?(?:were|was|had\s+been|have\s+been)\s+(?:\w+\s+)?{down}"),
            rx(rf"\b{n}\s+(?:of\s+(?:them|these|the\s+\w+)\s+)?(?:were\s+)?{down}"),
        ],
        killed=[
            # (not a war's toll: "the offensive has killed more than 54,000 Palestinians")
            rx(rf"(?<!\bhas\s)(?<!\bhave\s)(?<!\bhad\s)"
               rf"\b(?:killed|killing|kills|claimed\s+the\s+lives\s+of)\s+{q}{n}\s+(?:{adj}{person}|dead)"),
            # ("left 1,500 Palestinians homeless" counts no dead)
            rx(rf"\bleft\s+{q}{n}\s+(?:{adj}{person}\s+)?dead\b"),
            rx(rf"\b{q}{n}\s+{adj}{person}{among}\s+{be}?\s*(?:reported\s+)?{killed}"),
            rx(rf"\b{q}{n}\s+(?:{adj}{person}\s+)?died\b"),
            # (within one clause: "which had stood at 32, rose to 35" is not read as 32; "30 percent higher" is no toll)
            rx(rf"\b(?:death\s+toll|number\s+of\s+(?:people\s+|those\s+|civilians\s+)?(?:killed|dead))\s+"
               rf"(?:[^.;,]{{0,80}}?\s)?(?:rose|climbed|reached|is|was|stands|stood|increased|risen)"
               rf"\s+(?:to|at)?\s*{q}{n}\b(?!\s*(?:percent|per\s+cent|%|times)\b)"),
            rx(rf"\b{q}{n}\s+(?:deaths|fatalities|dead)\b"),
            # "killing two, the mayor said", "killed three and injured 11": the noun left out (a bare "killed
            # 20" is another strike's as often as not: "since April, when a missile killed 20")
            rx(rf"\bkilling\s+{q}{n}(?=\s*(?:[,.;]|(?:and|on|during|when|after|overnight)\b|$))"),
            rx(rf"\bkilled\s+{q}{n}(?=\s+and\s+(?:injured|wounded|hurt))"),
            # "Two people were killed and one was injured": the noun left out before the passive.
            # ("no one was killed" is nobody)
            # (nor "a man aged 45 was killed", "none of the 12 were killed", "the crew of 23 were not killed")
            rx(rf"{no_count_before}\b{q}{n}\s+(?:more\s+|others?\s+)?{be}\s+(?:reported\s+)?killed\b"),
        ],
        injured=[
            rx(rf"\b(?:injuring|injured|wounding|wounded|hurting|hurt)\s+{q}{n}\s+(?:{adj}{person}|injured|wounded)"),
            rx(rf"\bleft\s+{q}{n}\s+(?:{adj}{person}\s+)?(?:injured|wounded)\b"),
            # ("three civilians and injured 11": "and" ends the noun phrase the figure counts)
            rx(rf"\b{q}{n}\s+{adj}{person}{among}\s+{be}?\s*(?:reported\s+)?(?:(?!and\b)\w+\s+)?{injured}"),
            rx(rf"\b{q}{n}\s+(?:others\s+)?(?:injured|wounded)\b"),
            rx(rf"\b{q}{n}\s+(?:injuries|casualties)\b"),
            # "killing two people and injuring nine", "killed one person and wounded four": the noun left out.
            # ("wounded at least 20 on Wednesday": a time or place may follow the figure)
            rx(rf"\b(?:injuring|wounding|injured|wounded)\s+{q}{n}"
               rf"(?=\s*(?:[,.;]|(?:and|on|during|when|after|overnight)\b|$))"),
            rx(rf"{no_count_before}\b{q}{n}\s+(?:more\s+|others?\s+)?{be}\s+(?:reported\s+)?(?:(?!not\b)\w+\s+)?"
               rf"{injured}"),
        ],
        any_number=rx(rf"\b{num}\b"),
        # "40 of 52 drones", "61 drones out of 84 that Russia launched"
        of_total=rx(rf"\b(?P<a>\d+|{num})\s+(?:of|out\s+of)\s+(?:the\s+)?(?P<b>\d+|{num})\s+{adj}{drone}|"
                    # (the first figure counted as downed only after a verb saying so: "only 12 drones out of 90
                    # reached their targets" is the opposite)
                    rf"\b{down}\s+(?:\w+\s+){{0,3}}?{q}(?P<a2>\d+)\s+{adj}{drone}\s+out\s+of\s+(?:the\s+)?(?P<b2>\d+)\b"),
    )
    _CACHE[res.version] = compiled
    return compiled


_STEMS = {
    "launched": ("launch", "fire", "sent", "used", "deploy", "unleash", "hurl", "with", "by", "using", "involving",
                 " of ", "attack", "target", "struck", "hit"),
    "downed": ("down", "intercept", "destroy", "neutrali", "suppress", "repel", "eliminat", "jammed", "taken out",
               "lost"),
    "killed": ("kill", "dead", "died", "death", "lives", "left"),
    "injured": ("injur", "wound", "hurt", "hospital", "casualt", "left"),
}


def parse_number(raw: str, res: Resources) -> int | None:
    s = re.sub(r"\s+", " ", raw.strip().lower())
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", s):
        return int(s.replace(",", ""))
    if s in res.vague_numbers:
        return res.vague_numbers[s]
    if s in res.number_words:
        return res.number_words[s]  # "a dozen" is twelve, not "a" (one) plus twelve
    total, current = 0, 0
    for part in re.split(r"[\s-]+", s):
        if part in ("hundred", "dozen"):
            current = max(current, 1) * (100 if part == "hundred" else 12)  # "two dozen": 24
        elif part == "thousand":
            total += max(current, 1) * 1000
            current = 0
        elif part in res.number_words:
            current += res.number_words[part]
        elif part in ("a", "an"):
            current += 1
        else:
            return None
    value = total + current
    return value or None


def _first(patterns: list[re.Pattern[str]], sentence: str, res: Resources) -> int | None:
    for rx in patterns:
        for m in rx.finditer(sentence):
            value = parse_number(m.group("n"), res)
            if value is not None and value < 100000:
                return value
    return None


def extract(sentences: list[str], res: Resources) -> dict[str, int | None]:
    """The first stated figure for each count across the event's sentences (best sentence first).

    Launched and downed drones are one tally: a later sentence that states its own, different
    launched figure ("Russia launched 74 drones across the country, 55 were shot down") counts a
    wider scope than the event ("a drone struck a block in Kharkiv"), so its downed figure is not
    the event's; and a downed figure above the launched one is dropped, whichever came later.
    """
    out: dict[str, int | None] = {"launched": None, "downed": None, "killed": None, "injured": None}
    where: dict[str, int] = {}
    for i, s in enumerate(sentences):
        scanned = _scan(s, res)
        if scanned is None:
            continue
        low, of_total = scanned
        if of_total is not None and out["downed"] is None and out["launched"] is None:
            out["downed"], out["launched"] = of_total
            where["downed"] = where["launched"] = i
        # Read only while launched or downed is still missing: nothing below needs it otherwise.
        own_launch = _count(low, "launched", res) if out["launched"] is None or out["downed"] is None else None
        other_tally = out["launched"] is not None and own_launch is not None and own_launch != out["launched"]
        for key in ("launched", "downed", "killed", "injured"):
            if out[key] is None and not (key == "downed" and other_tally):
                out[key] = own_launch if key == "launched" else _count(low, key, res)
                if out[key] is not None:
                    where[key] = i
    launched, downed = out["launched"], out["downed"]
    if launched is not None and downed is not None and downed > launched:
        out["downed" if where["downed"] >= where["launched"] else "launched"] = None
    return out


# Memoised per sentence: an event's sentences are read again for every event they support, and wire
# copy repeats sentences across articles. Each count is only looked for while it is still missing.
@lru_cache(maxsize=SENTENCE_CACHE_SIZE)
def _scan(sentence: str, res: Resources) -> tuple[str, tuple[int, int] | None] | None:
    """The lower-cased sentence and its "N of M drones" pair, or None for a sentence with no number."""
    c = _compiled(res)
    s = lower(sentence)
    if not c.any_number.search(s):
        return None
    m = c.of_total.search(s)
    if m:
        a, b = parse_number(m["a"] or m["a2"], res), parse_number(m["b"] or m["b2"], res)
        if a is not None and b is not None and a <= b:
            return s, (a, b)
    return s, None


@lru_cache(maxsize=4 * SENTENCE_CACHE_SIZE)  # an entry per count per sentence
def _count(low: str, key: str, res: Resources) -> int | None:
    """The first figure for one count in a lower-cased sentence."""
    # Cheap substring screens keep the patterns off sentences that cannot match them.
    if not any(stem in low for stem in _STEMS[key]):
        return None
    return _first(getattr(_compiled(res), key), low, res)
