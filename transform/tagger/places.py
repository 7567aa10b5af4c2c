"""Resolve place names in a sentence against the YAML gazetteer.

One compiled alternation of every name (longest first) finds candidates; a dict gives the entry.
A name must start with a capital letter in the text ("Sumy", not "sumy"), which keeps common words
that double as place names from matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from transform.tagger.resources import SENTENCE_CACHE_SIZE, Place, Resources, fold, token_starts

_SPECIFICITY = {"city": 0, "admin1": 1, "water": 2, "country": 3}
# Prepositions that put a place in the role of where something happened or where talks are.
# "in the Georgian capital Tbilisi", "at the Red Sea port Hodeidah": a town named after its description.
_APPOSED_TOWN = r"(?:[\w'’-]+\s+){1,3}?(?:capital|city|port|town|resort|seaport|village)\s+"
_LOCATIVE = re.compile(r"\b(?:in|on|over|near|at|outside|around|across|into|to|towards?|of|targeting|hit|struck|"
                       r"attacked)"
                       r"\s+(?:the\s+)?(?:(?:several|many|multiple|various|\d+|two|three|four|five|six|seven|eight|nine|ten|"
                       r"eleven|twelve|\w+teen)\s+)?"
                       r"(?:(?:[\w-]+\s+){0,3}of\s+|" + _APPOSED_TOWN + r")?$",
                       re.IGNORECASE)


# Right after the place before it: "the Voronezh suburb of Semiluki", "Sumy's village of Yunakivka".
_INNER_BEFORE = re.compile(r"(?:['’]s)?\s+(?:[\w-]+\s+)?(?:suburbs?|outskirts|villages?|towns?|settlements?|hamlets?|"
                           r"district|neighbou?rhood)\s+of\s+", re.IGNORECASE)
_NAME_GOES_ON = re.compile(r"[ -][A-Z][a-z]")
_NOT_A_TOWN_AFTER = re.compile(r"\s+(?:districts?|neighbou?rhoods?|quarter|microdistrict|raion|regions?|provinces?|"
                               r"governorates?|oblast|states?|rivers?)\b", re.IGNORECASE)
# Right after the town, at most a facility's noun between: "Ramon airport in southern Israel" (not "Shlomi from
# positions in southern Lebanon").
_IN_COUNTRY_BEFORE = re.compile(r"(?:\s+(?:airport|airfield|air\s+base|airbase|base|port|harbou?r|station))?\s+in\s+"
                                r"(?:the\s+)?(?:(?:far\s+)?(?:south|north|east|west)(?:-?(?:east|west))?(?:ern)?\s+)?",
                                re.IGNORECASE)
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_IN_BEFORE = re.compile(r"\bin\s+(?:the\s+)?(?:(?:city|town|village|port)\s+of\s+)?$", re.IGNORECASE)
_TITLE_AFTER = re.compile(r"(?:['’]s)?\s+(?:regional\s+)?(?:governor|mayor|officials?|authorities|administration|"
                          r"police|council|spokes(?:man|woman|person))\b", re.IGNORECASE)
_SOURCE_BEFORE = re.compile(r"\baccording\s+to\s+$", re.IGNORECASE)
_VENUE = re.compile(r"\b(?:in|at|to|near|outside|visit|visits|visited|visiting)\s+(?:the\s+)?"
                    r"(?:(?:[\w-]+\s+){0,3}of\s+|" + _APPOSED_TOWN + r")?$", re.IGNORECASE)


_ATTRIBUTIVE_AFTER = re.compile(r"\s+(?:nuclear|power|thermal|hydroelectric|oil|fuel|chemical|refinery|plant|"
                                r"airport|air\s+base|airbase|station|factory|depot|terminal|dam|substation|port)\b",
                                re.IGNORECASE)
_CITY_AFTER = re.compile(r"\s+(?:city|authorities|mayor|council)\b", re.IGNORECASE)
_CLOCK_AFTER = re.compile(r"\s+time\b", re.IGNORECASE)
# "the armed forces of Ukraine attacked ...": the country owns the forces; it is not where anything happened.
_OWNER_BEFORE = re.compile(r"\b(?:forces|army|military|troops|government|president|ministry|navy|air\s+force|"
                           r"leadership|authorities|regime)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_RIVER_AFTER = re.compile(r"\s+(?:river|riverbank|river\s+bank)\b", re.IGNORECASE)
# "the Bryansk and Oryol regions", "the Bryansk, Kursk and Belgorod regions": the plural suffix after
# the last name of a list applies to every name in it.
_SHARED_SUFFIX = re.compile(r"(?:\s*(?:,|,?\s+and)\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)+"
                            r"\s+(?:regions|oblasts|provinces)\b")


@dataclass(frozen=True)
class PlaceMention:
    text: str
    start: int
    place: Place
    locative: bool
    venue: bool = False  # "in/at <place>": where talks sit, not a capital standing for its government
    attributive: bool = False  # "<place> nuclear plant": the name modifies a facility's name
    inner: bool = False  # "the Voronezh suburb of Semiluki": a settlement named as part of the place before it
    contained: bool = False  # "in Enerhodar": the sentence puts something inside the place (not near it)
    # "over the Belgorod, Kursk and Bryansk regions": the first of several regions in one claim. It keys the
    # incident like a region, but the location it gives is the country (guide § 5).
    region_list: bool = False


_TOKEN = re.compile(r"[^\W_][\w'’.-]*[^\W_]|[^\W_]")


def find(sentence: str, res: Resources) -> list[PlaceMention]:
    """Longest gazetteer names starting at capitalised tokens (a dict lookup per n-gram, which is
    many times faster than one alternation of every name). Memoised per sentence: the classifier,
    the grouping and the neighbour lookups ask for the same sentence's places several times."""
    return list(_find(sentence, res))


@lru_cache(maxsize=SENTENCE_CACHE_SIZE)
def _find(sentence: str, res: Resources) -> tuple[PlaceMention, ...]:
    out: list[PlaceMention] = []
    words = _TOKEN.findall(sentence)
    starts: list[int] = []  # token offsets, found only as far as a name needs them
    index, firsts = res.gazetteer_index, res.gazetteer_first_words
    taken = 0  # tokens before this one belong to a name already found
    for i in [i for i, word in enumerate(words) if word[0].isupper()]:
        if i < taken:
            continue
        low = fold(words[i].lower().replace("’", "'"))
        longest = firsts.get(low, 0)
        if not longest:
            # No name starts with this word; only the possessive form of a one-word name can match.
            if low.rstrip("'s").rstrip("'") not in index:
                continue
            longest = 1
        token_starts(sentence, words, starts, i + min(longest, len(words) - i) - 1)
        start = starts[i]
        hit = None
        for n in range(min(longest, len(words) - i), 0, -1):
            end = starts[i + n - 1] + len(words[i + n - 1])
            key = fold(" ".join(words[i:i + n]).lower().replace("’", "'"))
            if n == 1:
                place = index.get(key) or index.get(key.rstrip("'s").rstrip("'"))
            else:  # "the Odesa region's Izmail district": the possessive of a multi-word name
                place = index.get(key) or (index.get(key[:-2]) if key.endswith("'s") else None)
            if place is not None and not sentence[start:end].count(",") and not sentence[start:end].count(";"):
                hit = (n, end, place)
                break
        if hit is None:
            continue
        n, end, place = hit
        if _CLOCK_AFTER.match(sentence, end):
            taken = i + n  # "23:00 Moscow time": a time zone, not the city
            continue
        if _RIVER_AFTER.match(sentence, end):
            taken = i + n  # "on the Dnipro River": a river named after a town is not the town
            continue
        if place.kind == "city" and _THE_BEFORE.search(sentence, max(0, start - 4), start) \
                and sentence[start:end].lower() in res.river_homonyms \
                and not (_ATTRIBUTIVE_AFTER.match(sentence, end) or _CITY_AFTER.match(sentence, end)):
            taken = i + n  # "the left bank of the Dnipro": the river (a city takes no article)
            continue
        listed = _SHARED_SUFFIX.match(sentence, end) if place.kind in ("city", "admin1") else None
        if listed and place.kind == "city":
            # "the Bryansk and Oryol regions": the suffix after the second name applies to the first.
            place = index.get(" ".join(words[i:i + n]).lower() + " region", place)
        text = sentence[start:end]
        before = sentence[max(0, start - 40):start]  # room for "in the Azerbaijani town of "
        # "according to Saratov governor Roman Busargin", "the Saratov governor said": a place in a source's
        # name or title is not where anything happened.
        locative = bool(_LOCATIVE.search(before)) and not (place.kind == "country" and _OWNER_BEFORE.search(before))
        if locative and (_SOURCE_BEFORE.search(before) or _TITLE_AFTER.match(sentence, end)):
            locative = False
        attributive = bool(_ATTRIBUTIVE_AFTER.match(sentence, end))
        prev = out[-1] if out else None
        if place.minor and (not (locative or attributive) or _NAME_GOES_ON.match(sentence, end)
                            or _NOT_A_TOWN_AFTER.match(sentence, end)
                            or (not attributive and _THE_BEFORE.search(before)
                                and not _INNER_BEFORE.search(sentence, max(0, start - 40), start))
                            or (prev is not None and prev.text.endswith(("'s", "’s"))
                                and not sentence[prev.start + len(prev.text):start].strip())):
            # An imported town counts only where the sentence puts something there: "Governor Gusev
            # said" or "according to Artem" names a person, "in Kstovo" or "the Kstovo refinery" a place;
            # "the Khor Mor gas field" is a longer name that only begins like the town of Khor; "the Obolon
            # district", "the Gedo region", "the Chicago exchange", "the Oskil" (a river) and "Saratov's
            # Gagarin airport" name a district, a region, a market, a river or a facility, not the town.
            taken = i + n
            continue
        if not locative and prev is not None and prev.place.kind in ("admin1", "country") \
                and prev.text.endswith(("'s", "’s")) and not sentence[prev.start + len(prev.text):start].strip():
            locative = True  # "Crimea's Saky airfield", "the Odesa region's Izmail district": a place inside it
        elif not locative and prev is not None and prev.place.kind == "admin1" and prev.locative \
                and place.kind == "city" and sentence[prev.start + len(prev.text):start] == ", ":
            locative = True  # "In the Khmelnytskyi region, Starokostiantyniv, a town ...": the town named in it
        inner = prev is not None and bool(_INNER_BEFORE.fullmatch(sentence, prev.start + len(prev.text), start))
        out.append(PlaceMention(text, start, place, locative, bool(_VENUE.search(before)), attributive, inner,
                                locative and bool(_IN_BEFORE.search(before)),
                                region_list=bool(listed) and place.kind == "admin1"))
        taken = i + n
    if any(pm.place.minor for pm in out):
        # "Ramon airport in southern Israel": an imported town placed in another country than its own is a
        # namesake (GeoNames has a Ramon in the Voronezh region).
        out = [pm for pm in out if not (pm.place.minor and any(
            c.place.kind == "country" and c.place.country != pm.place.country
            and _IN_COUNTRY_BEFORE.fullmatch(sentence, pm.start + len(pm.text), c.start) for c in out))]
    regions = {(pm.place.country, pm.place.place) for pm in out if pm.place.kind == "admin1"}
    if regions and any(pm.place.minor for pm in out):
        # "the governor of the Voronezh region said debris fell on Kazinka": an imported town whose
        # region is not the one the sentence names is a namesake elsewhere (GeoNames has several).
        out = [pm for pm in out if not (pm.place.minor and pm.place.admin1 is not None
                                        and any(c == pm.place.country for c, _r in regions)
                                        and (pm.place.country, pm.place.admin1) not in regions)]
    return tuple(out)


# "KYIV —", "ODESA, Ukraine —", "GENEVA (Reuters) -": the place a story was filed from.
_DATELINE_AFTER = re.compile(r"(?:,\s*[A-Z][\w .'-]{1,30})?\s*(?:\([^)]{1,30}\)\s*)?[—–-]{1,2}\s")


# "WASHINGTON/KYIV, March 26 (Reuters) -", "MUSCAT/JERUSALEM —": a story filed from two cities.
_DATELINE_CITIES_BEFORE = re.compile(r"\W{0,2}(?:[A-Z][A-Z .'’-]*[A-Z]/)*")
_DATELINE_CITIES_AFTER = re.compile(r"(?:/[A-Z][A-Z .'’-]*[A-Z])*")


def is_dateline(sentence: str, pm: PlaceMention) -> bool:
    """A place opening the text in capitals and followed by a dash is the dateline (one city or several
    joined by slashes)."""
    if not pm.text.isupper() or not _DATELINE_CITIES_BEFORE.fullmatch(sentence, 0, pm.start):
        return False
    cities = _DATELINE_CITIES_AFTER.match(sentence, pm.start + len(pm.text))
    return cities is not None and bool(_DATELINE_AFTER.match(sentence, cities.end()))


def dateline(text: str, res: Resources) -> PlaceMention | None:
    """The dateline place of an article, if its first line opens with one."""
    head = text.lstrip()[:60]
    found = find(head, res)
    if not found or not is_dateline(head, found[0]) or found[0].place.kind == "country":
        return None
    # "WASHINGTON/KYIV —": a story filed from two cities names no one place for a report that gives none
    first = found[0]
    if "/" in head[max(0, first.start - 1):first.start] or head.startswith("/", first.start + len(first.text)):
        return None
    return first


def best(mentions: list[PlaceMention], avoid_countries: frozenset[str] = frozenset()) -> PlaceMention | None:
    """Most specific place, preferring locative mentions; a bare country that is only named as an
    actor ("Russia launched...") is avoided when anything else is available."""
    if not mentions:
        return None

    # "the Zaporizhzhia nuclear plant in Enerhodar": a name used as a facility's modifier yields to a
    # settlement the sentence places the facility *in*. A facility only *near* a city ("the Kstovo refinery
    # near Nizhny Novgorod"), or named after a small imported town, is in the town it is named after.
    inside = any(pm.contained and pm.place.kind == "city" for pm in mentions)

    def key(pm: PlaceMention) -> tuple[int, int, int, int, int]:
        actor_country = pm.place.kind == "country" and pm.place.country in avoid_countries and not pm.locative
        return (int(actor_country), _SPECIFICITY[pm.place.kind] - (1 if pm.locative else 0),
                int(pm.attributive and inside and not pm.place.minor), -int(pm.inner), pm.start)

    return min(mentions, key=key)


def as_location(pm: PlaceMention) -> dict[str, object]:
    """`place` is a settlement (or sea); a region-level mention fills only admin1 and country, a
    country-level one only country, so analysts never read a region's name as a town's."""
    p = pm.place
    if p.kind == "water":
        # A ship "in the Black Sea" with no coastal place named: the guide leaves all three empty.
        return {"text": pm.text, "place": None, "admin1": None, "country": None, "lat": p.lat, "lon": p.lon}
    if pm.region_list:
        return {"text": pm.text, "place": None, "admin1": None, "country": p.country, "lat": p.lat, "lon": p.lon}
    place = p.place if p.kind == "city" else None
    admin1 = p.admin1 if p.kind in ("city", "admin1") else None
    return {"text": pm.text, "place": place, "admin1": admin1, "country": p.country, "lat": p.lat, "lon": p.lon}
