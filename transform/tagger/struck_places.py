"""Where a strike sentence puts its hits, when it names more than one place.

The guide counts one drone_strike event per attacked place per date, and reports often list two:
"Russian drones struck Dnipro and Pavlohrad overnight". Most place lists in strike sentences are not
two targets, though: a reference point ("Bila Tserkva, south of Kyiv"), the region a town lies in, an
origin ("launched from Kursk, Oryol"), a speaker ("Gaza's civil defence"), examples of one count.
This module keeps only the first kind.
"""

from __future__ import annotations

import itertools
import re

from transform.tagger import places
from transform.tagger.classify import Candidate

# "struck Dnipro and Pavlohrad", "an enterprise in Lutsk and a facility in the Rivne region": places
# joined by "and" or a comma, each where the drones hit.
_JOINED = re.compile(r"[^.;]{0,60}?(?:,\s*|\s+and\s+)(?:[\w'’-]+\s+){0,6}?$")
_HIT_BEFORE = re.compile(r"\b(?:struck|hit|hitting|striking|attacked|attacking|targeted|targeting|pounded|pounding|"
                         r"pound|pounds|strikes|hits|attacks|targets)\s+(?:the\s+(?:city|town|port|village)\s+of\s+)?$")
_LISTED = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")
# "in the Synelnykove district": a unit named after a town holds the village named with it.
_UNIT_AFTER = re.compile(r"\s+(?:district|raion|county|municipality|community|hromada|township)\b", re.IGNORECASE)
_RELATIVE_TO = re.compile(r"\b(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of|near|outside|close\s+to|"
                          r"from|of|towards?|edge\s+of|outskirts\s+of|suburb\s+of|district\s+of|region\s+of|"
                          r"(?:kilometres|kilometers|km|miles)\s+(?:\w+\s+)?(?:of|from))\s+(?:the\s+)?(?:city\s+of\s+)?$",
                          re.IGNORECASE)
_BLAMED_BEFORE = re.compile(r"\b(?:blam\w+|pinned|accus\w+)\b[^,;]{0,20}$")
_EXAMPLES = re.compile(r"\b(?:including|among\s+them|such\s+as)\b", re.IGNORECASE)
_HIT_VERB = re.compile(r"\b(?:struck|hit|hitting|striking|attacked|targeted|pounded)\b|[;.]")


def _launched_from(sentence: str, start: int) -> bool:
    """Whether a name sits in a "from ..." phrase (the drones' origin) with no hit verb after "from"."""
    at = sentence.rfind(" from ", max(0, start - 80), start)
    return at >= 0 and not _HIT_VERB.search(sentence, at, start)


def struck_places(cand: Candidate, sentence: str) -> list[places.PlaceMention]:
    """Two or more distinct places a strike sentence puts its hits in, at least one of them a town;
    empty when the sentence names one place (or a town and the region it lies in)."""
    if cand.subtype == "interception_claim" or not cand.impact or _EXAMPLES.search(sentence):
        # (A tally, no hit, or "hit bombers at four air bases, including Belaya and Olenya": examples
        # of one count.)
        return []
    named = sorted((pm for pm in cand.place_mentions
                    if pm.place.kind in ("city", "admin1") and not pm.inner and not pm.region_list
                    and not pm.attributive and not _UNIT_AFTER.match(sentence, pm.start + len(pm.text))),
                   key=lambda pm: pm.start)
    spots: list[places.PlaceMention] = []
    for pm in named:
        end = pm.start + len(pm.text)
        if sentence.startswith(("'s", "’s"), end) or _launched_from(sentence, pm.start) \
                or _BLAMED_BEFORE.search(sentence, max(0, pm.start - 30), pm.start):
            # "Gaza's civil defence" speaks; drones "launched from Kursk, Oryol" came from there; an attack
            # "blamed on Kyiv" names who is accused, not a place hit.
            continue
        # Where the drones hit: "in Lutsk", the verb's object ("struck Dnipro"), or a name listed right
        # after one of those ("struck Dnipro and Pavlohrad").
        if pm.locative or _HIT_BEFORE.search(sentence, max(0, pm.start - 30), pm.start) or (
                spots and _LISTED.fullmatch(sentence, spots[-1].start + len(spots[-1].text), pm.start)):
            spots.append(pm)
    towns = [pm for pm in spots if pm.place.kind == "city"]
    # A region that holds one of the towns named is where that town lies, not a second place.
    spots = [pm for pm in spots if pm.place.kind == "city" or all(t.place.admin1 != pm.place.place for t in towns)]
    distinct: dict[tuple[str, str | None], places.PlaceMention] = {}
    for pm in spots:
        distinct.setdefault((pm.place.place, pm.place.admin1), pm)
    picked = sorted(distinct.values(), key=lambda pm: pm.start)
    if len(picked) < 2 or not towns:
        return []
    # Each later place must be joined to the one before it, not sit in another clause, and not be a
    # reference point ("Bila Tserkva, south of Kyiv", "the refinery at Kstovo, near Nizhny Novgorod").
    for a, b in itertools.pairwise(picked):
        if not _JOINED.fullmatch(sentence, a.start + len(a.text), b.start) \
                or _RELATIVE_TO.search(sentence, max(0, b.start - 40), b.start):
            return []
    return picked
