"""Cross-source event clusters: count real-world events, not the reports about them.

Why these rules: headlines of one strike share few words ("Russia hits Ukrainian capital with
ballistic missiles and drones" vs "Nine killed in strikes on Kyiv"), so identity comes from what the
tagger extracted — type, place (admin1 when a place is missing), date within ±1 day, and compatible
actors — with evidence-text similarity only as a secondary signal where structure is thin. Titles
are never used. A new batch is matched only against clusters dated within ``window_days`` of its
events, read through an index on ``event_clusters.event_date``, so history is never rescanned.

Settings are versioned data in ``transform/data/cluster_settings.yaml``.
"""

from __future__ import annotations

import calendar
import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

_WORD = re.compile(r"\w+", re.UNICODE)
_IN = "(SELECT unnest(?::VARCHAR[]))"  # a list parameter as a subquery: one statement per batch
_COUNT_FIELDS = ("killed", "injured", "drones_launched", "drones_downed")


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """Clustering settings from the versioned YAML file (loaded once per process)."""
    text = resources.files("transform").joinpath("data/cluster_settings.yaml").read_text(encoding="utf-8")
    cfg: dict[str, Any] = yaml.safe_load(text)
    cfg["stopwords"] = frozenset(str(w).casefold() for w in cfg.get("stopwords", []))
    cfg["place_aliases"] = {str(k).casefold(): str(v).casefold() for k, v in cfg["place_aliases"].items()}
    cfg["actor_aliases"] = {str(k).casefold(): str(v).casefold() for k, v in cfg["actor_aliases"].items()}
    cfg["port_seas"] = {_key(str(k), cfg): str(v) for k, v in (cfg.get("port_seas") or {}).items()}
    cfg["demonyms"] = {str(k).casefold(): str(v).casefold() for k, v in cfg["demonyms"].items()}
    generic = "|".join(re.escape(str(w).casefold()) for w in cfg["actor_generic_words"])
    cfg["_actor_of"] = re.compile(rf"^(?:the )?(?:{generic}) of (.+)$")
    cfg["_actor_tail"] = re.compile(rf" (?:{generic})$")
    cfg["_mediators"] = frozenset(str(m).casefold() for m in cfg.get("mediators") or ())
    cfg["_step_words"] = {str(k): frozenset(str(w).casefold() for w in v)
                          for k, v in (cfg.get("negotiation_steps") or {}).items()}
    return cfg


# --- value hygiene: events arrive from pandas (NaN, NaT, numpy arrays) or plain dicts ---------------


def _s(value: Any) -> str | None:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None


def _num(value: Any) -> int | None:
    if value is None or isinstance(value, bool | str):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else int(number)


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, float):
        return None
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp (NaT has no year)
        if value != value:  # NaT
            return None
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _ts(value: Any) -> datetime | None:
    if hasattr(value, "to_pydatetime"):
        if value != value:
            return None
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str) and value:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def _list(value: Any) -> list[str]:
    if value is None or isinstance(value, float | str):
        return [value] if isinstance(value, str) and value else []
    try:
        return [str(v) for v in value if isinstance(v, str) and v]
    except TypeError:
        return []


def _key(value: str | None, cfg: dict[str, Any]) -> str | None:
    """Case-folded, alias-resolved form of a place or actor name for comparison."""
    if not value:
        return None
    folded = " ".join(_WORD.findall(value.casefold()))
    for suffix in (" oblast", " region", " province", " city", " republic"):
        if folded.endswith(suffix) and folded[: -len(suffix)]:
            folded = folded[: -len(suffix)]
            break
    folded = folded.removeprefix("republic of ")
    folded = cfg["place_aliases"].get(folded, folded)
    return _translit(folded)


def _translit(name: str) -> str:
    """One spelling for the romanisations of one Cyrillic name: Izium/Izyum, Odesa/Odessa, Mykolaiv/Mykolayiv.

    Outlets romanise Ukrainian and Russian names by different systems (and by habit): y and i for
    и/й/ы, doubled consonants, soft signs as apostrophes. Folding those differences together never
    joins two real places of one region that the gazetteer keeps apart, because the rest of the
    name must still agree letter for letter.
    """
    out = name.replace("'", "").replace("’", "").replace("y", "i").replace("j", "i")
    return re.sub(r"(\w)\1+", r"\1", out)


def actor_keys(name: str | None, cfg: dict[str, Any]) -> frozenset[str] | None:
    """The names one actor goes by, for comparison: two actors are one when their keys intersect.

    Why not the string: outlets name one side differently — "Russia", "Moscow", "Russian armed
    forces"; "Israel", "the Israeli military"; "RSF", "Rapid Support Forces"; "Security Service of
    Ukraine". So generic words (forces, army, military, junta …; versioned in the settings) are
    dropped, demonyms and capitals map to the state, and an acronym matches the initials of a name
    of three or more words.
    """
    if not name:
        return None
    raw = re.sub(r"['’]s\b", "", name.strip())  # "Mali's army" -> "Mali army"
    # "Iran-backed Houthi rebels": the Houthis; "al-Qaeda-linked militants": an affiliation, not a name
    # (nothing is left once the generic word goes, so no veto).
    raw = re.sub(r"^\S+[- ](?:backed|linked|affiliated|aligned|allied)\s+", "", raw, flags=re.IGNORECASE)
    if "/" in raw:  # "AFC/M23": one actor under either name
        keys = set().union(*(actor_keys(part, cfg) or () for part in raw.split("/") if part.strip()))
        return frozenset(keys) or None
    keys: set[str] = set()
    if raw.isupper() and raw.isalpha() and 2 <= len(raw) <= 6:
        keys.add(raw.casefold())
    words = [w for w in raw.casefold().split() if w not in ("of", "the", "and", "for")]
    if len(words) >= 3:
        keys.add("".join(w[0] for w in words))
    folded = " ".join(_WORD.findall(raw.casefold()))
    folded = cfg["actor_aliases"].get(folded, folded)
    if m := cfg["_actor_of"].match(folded):
        folded = m.group(1)
    folded = folded.removeprefix("the ")
    while (shorter := cfg["_actor_tail"].sub("", folded)) != folded and shorter:
        folded = shorter
    if cfg["_actor_tail"].match(" " + folded) and not keys:
        return None  # only a generic word ("the military"): whose is not said
    if folded.endswith("s") and folded[:-1] in cfg["demonyms"]:
        folded = folded[:-1]  # "the Russians", "Ukrainians": the state's side
    folded = cfg["demonyms"].get(folded, folded)
    keys.add(cfg["actor_aliases"].get(folded, folded))
    # "Russian Shahed drones", "Russian drone operators", "the Congolese army": a name that still
    # carries weapon or unit words after the generic ones are dropped stands for the state its
    # demonym (or known name) names.
    for word in folded.split() if " " in folded else ():
        word = word[:-1] if word.endswith("s") and word[:-1] in cfg["demonyms"] else word
        if (known := cfg["demonyms"].get(word) or cfg["actor_aliases"].get(word)) is not None:
            keys.add(known)
    return frozenset(keys)


def _one_actor(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a & b)


def _within(small: set[frozenset[str]], big: set[frozenset[str]]) -> bool:
    """Every party of ``small`` is at the table of ``big`` (under any of its names)."""
    if small <= big:  # the same names: most comparisons end here without the pairwise check
        return True
    return all(p in big or any(_one_actor(p, q) for q in big) for p in small)


def content_words(text: str | None, cfg: dict[str, Any] | None = None) -> frozenset[str]:
    """Evidence words that carry meaning (stopwords dropped), for the secondary similarity signal."""
    cfg = cfg or settings()
    words = _WORD.findall((text or "").casefold())
    return frozenset(w for w in words if w not in cfg["stopwords"] and (len(w) > 2 or w.isdigit()))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


# --- identity ---------------------------------------------------------------------------------


@dataclass
class Profile:
    """What a cluster (or a single event) is known by when deciding identity."""

    type: str
    subtype: str | None
    place: str | None
    admin1: str | None
    country: str | None
    event_date: date | None
    date_precise: bool
    attacker: frozenset[str] | None
    parties: set[frozenset[str]] = field(default_factory=set)
    words: frozenset[str] = frozenset()
    # Numbers the evidence states ("17 drones", "nine drones", "on 20 March"): two reports worded
    # from one template ("Air defences shot down N drones flying toward Moscow") whose figures differ
    # are two bulletins, however alike their words.
    figures: frozenset[str] = frozenset()
    counts: dict[str, int] = field(default_factory=dict)
    # "week" or "month" when the date is a period's first day (a round-up), else None.
    period: str | None = None
    # When the report (a cluster: its first report) was fetched: tells an overnight attack dated to
    # the night by one outlet and to the morning by another from strikes on consecutive nights.
    seen: datetime | None = None
    # Every date the cluster's members gave (an event's own date): a cluster of one overnight attack
    # holds both the night and the morning, so a later report dated to either still joins.
    dates: set[date] = field(default_factory=set)
    # Places the evidence puts this event next to ("a village just outside Chernihiv", "on the
    # outskirts of Belgorod"): the report names a satellite of that place, not a town of its own.
    near: frozenset[str] = frozenset()
    # The part of its day the evidence puts the event in ("on Tuesday morning" / "this evening"): two
    # strikes on one city on one day are told apart by it (see times_of_day).
    times: frozenset[str] = frozenset()
    # Which side of a town the evidence puts the event on ("west of Khan Younis" -> ("khan younis", "west")):
    # see _other_side.
    sides: frozenset[tuple[str, str]] = frozenset()
    # The city districts the evidence names as hit ("Kharkiv's Kyivskyi district", "the Darnytskyi and
    # Solomianskyi districts"), as stems: see _other_district.
    districts: frozenset[str] = frozenset()
    # Ships the evidence names ("the bulk carrier Eternal Dawn"), as tuples of their words: a named
    # vessel identifies an attack at sea, which often has no place an outlet agrees on.
    vessels: frozenset[tuple[str, ...]] = frozenset()
    # The seas ("the Red Sea", "the Gulf of Aden") and the kinds of ship ("a bulk carrier", "a container
    # ship") the evidence names: see _other_ship.
    seas: frozenset[str] = frozenset()
    ship_kinds: frozenset[str] = frozenset()
    # The evidence tells of an attack under way or of a further one that day ("is under attack", "has
    # hit", "tonight", "later on Tuesday", "for the second time"): see _later_that_day.
    live: bool = False
    # The weekdays the evidence names, and whether it tells a night ("overnight", "late on Monday",
    # "early on Tuesday"): see _other_weekday.
    weekdays: frozenset[str] = frozenset()
    night: bool = False
    # The evidence tells a further attack on the place ("another", "again", "for the second day in a row").
    repeat: bool = False
    # The evidence tells a signing ("signed a framework agreement", "put their signatures to").
    signed: bool = False
    # The evidence tells an agreement reached ("agreed to swap", "a deal"): see _agreed_at_the_round.
    agreed: bool = False
    # The evidence counts ten or more drones ("launched 64 attack drones"): see is_tally.
    tally: bool = False
    # The evidence puts the event after dark on its own day ("late on Thursday", "this evening"): see
    # _after_its_first_report.
    after_dark: bool = False


def profile_of(event: dict[str, Any], cfg: dict[str, Any] | None = None) -> Profile:
    """The comparable fields of one stored event dict."""
    cfg = cfg or settings()
    counts = {f: n for f in _COUNT_FIELDS if (n := _num(event.get(f))) is not None}
    precision = _s(event.get("date_precision"))
    return Profile(
        type=str(event.get("type")),
        subtype=_key(_s(event.get("subtype")), cfg),
        place=_key(_s(event.get("place")), cfg),
        admin1=_key(_s(event.get("admin1")), cfg),
        country=_key(_s(event.get("country")), cfg),
        event_date=_date(event.get("event_date")),
        date_precise=precision in (None, "day"),
        period=precision if precision in ("week", "month") else None,
        attacker=actor_keys(_s(event.get("attacker")), cfg),
        parties={k for p in _list(event.get("parties")) if (k := actor_keys(p, cfg))},
        words=content_words(_s(event.get("evidence")), cfg),
        figures=evidence_figures(_s(event.get("evidence"))),
        counts=counts,
        seen=_ts(event.get("fetched_at")) or _ts(event.get("first_seen")),
        dates={d} if (d := _date(event.get("event_date"))) else set(),
        near=near_places(_s(event.get("evidence")), cfg),
        times=times_of_day(_s(event.get("evidence"))),
        sides=sides_of_town(_s(event.get("evidence")), cfg),
        districts=districts_named(_s(event.get("evidence"))),
        vessels=vessel_names(_s(event.get("evidence"))),
        seas=seas_named(_s(event.get("evidence"))),
        ship_kinds=ship_kinds(_s(event.get("evidence"))),
        live=bool(_LIVE.search(_s(event.get("evidence")) or "")),
        weekdays=frozenset(m.casefold() for m in _WEEKDAY_NAME.findall(_s(event.get("evidence")) or "")),
        night=bool(_NIGHT.search(_s(event.get("evidence")) or "")),
        repeat=bool(_REPEAT.search(_s(event.get("evidence")) or "")),
        signed=bool(_SIGNED.search(_s(event.get("evidence")) or "")),
        agreed=bool(_AGREED.search(_s(event.get("evidence")) or "")),
        tally=names_a_tally(_s(event.get("evidence"))),
        after_dark=after_dark(_s(event.get("evidence")), _date(event.get("event_date"))),
    )


# "the bulk carrier Eternal Dawn", "the ship Aurelia Star", "tanker Front Altair": a vessel word, then a
# capitalised name of one to three words.
_VESSEL = re.compile(r"\b(?:ship|vessel|tanker|carrier|freighter|bulker)\s+(?:the\s+)?"
                     r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})")


def vessel_names(evidence: str | None) -> frozenset[tuple[str, ...]]:
    """The ships the evidence names, each as the tuple of its case-folded words."""
    return frozenset(tuple(_WORD.findall(m.group("name").casefold())) for m in _VESSEL.finditer(evidence or ""))


def _named_vessel(a: Profile, b: Profile) -> bool | None:
    """True when one report names a ship whose name the other's words hold ("the bulk carrier Eternal
    Dawn" / "The Eternal Dawn, hit off Hodeidah"), False when both name ships and none is shared (two
    ships), None when no ship is named on either side or only one side names one the other lacks."""
    if vessel_tie(a.words, a.vessels, b.words, b.vessels):
        return True
    return False if a.vessels and b.vessels else None


def vessel_tie(words_a: frozenset[str], vessels_a: frozenset[tuple[str, ...]], words_b: frozenset[str],
               vessels_b: frozenset[tuple[str, ...]]) -> bool:
    """One side names a ship every word of whose name the other side's evidence words hold."""
    return any(all(w in words_b for w in name) for name in vessels_a) or any(
        all(w in words_a for w in name) for name in vessels_b)


# Seas and gulfs where ships are attacked, each under one name ("the Sea of Azov" / "the Azov Sea").
_SEAS = {
    "red sea": r"red\s+sea", "gulf of aden": r"gulf\s+of\s+aden", "arabian sea": r"arabian\s+sea",
    "gulf of oman": r"gulf\s+of\s+oman", "persian gulf": r"persian\s+gulf", "indian ocean": r"indian\s+ocean",
    "mediterranean": r"mediterranean", "black sea": r"black\s+sea(?!\s+fleet)",
    "azov": r"(?:sea\s+of\s+azov|azov\s+sea)", "caspian": r"caspian\s+sea", "baltic": r"baltic\s+sea",
}
_SEA = re.compile(r"\b(?:" + "|".join(f"(?P<{k.replace(' ', '_')}>{v})" for k, v in _SEAS.items()) + r")\b",
                  re.IGNORECASE)
# Kinds of ship an outlet can tell apart ("a cargo ship", "a merchant vessel" are any of them).
_SHIP_KINDS = {
    "bulk": r"bulk\s+carrier|bulker|dry[- ]bulk", "container": r"container\s+(?:ship|vessel|carrier)",
    "tanker": r"(?:oil|chemical|product|crude|gas|lng|lpg)?\s*tanker|lng\s+carrier",
    "warship": r"warship|frigate|corvette|destroyer|landing\s+ship|patrol\s+(?:ship|boat)|minesweeper",
    "ferry": r"ferry", "fishing": r"fishing\s+(?:boat|vessel|trawler)|trawler",
}
_SHIP_KIND = re.compile(r"\b(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _SHIP_KINDS.items()) + r")\b",
                        re.IGNORECASE)


def seas_named(evidence: str | None) -> frozenset[str]:
    """The seas the evidence names ("in the Red Sea"; "the Black Sea Fleet" is no place)."""
    return frozenset(k.replace("_", " ") for m in _SEA.finditer(evidence or "") for k, v in m.groupdict().items()
                     if v)


def ship_kinds(evidence: str | None) -> frozenset[str]:
    """The kinds of ship the evidence names (bulk carrier, container ship, tanker, warship ...)."""
    return frozenset(k for m in _SHIP_KIND.finditer(evidence or "") for k, v in m.groupdict().items() if v)


def _other_ship(a: Profile, b: Profile) -> bool:
    """Two attacks at sea: the reports name different seas, or different kinds of ship, and neither
    names a ship the other's words hold.

    Why: a day of attacks on shipping off Yemen often has two, one in the Red Sea and one in the Gulf
    of Aden, or a bulk carrier and a container ship; with no town at sea the country fallback would
    otherwise join them. A "cargo ship" or "the vessel" is any kind, so it never conflicts.
    """
    sea_a, sea_b = a.seas or _port_sea(a), b.seas or _port_sea(b)
    return bool((sea_a and sea_b and not sea_a & sea_b)
                or (a.ship_kinds and b.ship_kinds and not a.ship_kinds & b.ship_kinds))


def _port_sea(prof: Profile) -> frozenset[str]:
    """The sea of the port a ship report is placed at ("a bulk carrier off Hodeidah": the Red Sea),
    so it can be told from an attack in the Gulf of Aden the same day."""
    sea = settings()["port_seas"].get(prof.place or "") if at_sea(prof) else None
    return frozenset({sea}) if sea else frozenset()


_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_TIMES = {
    "morning": re.compile(rf"\b(?:morning|dawn|daybreak|early (?:on )?{_WEEKDAY})\b", re.IGNORECASE),
    "evening": re.compile(rf"\b(?:evening|afternoon|late (?:on )?{_WEEKDAY})\b", re.IGNORECASE),
}


# "Kharkiv's Kyivskyi district", "the Darnytskyi and Solomianskyi districts", "Shevchenkivskyi, Holosiivskyi
# and Obolonskyi districts": capitalised names before a district word.
_DISTRICT_LIST = re.compile(r"\b(?P<names>[A-Z][\w'’-]+(?:(?:,\s+|,?\s+and\s+)[A-Z][\w'’-]+)*)\s+"
                            r"(?:districts?|raions?|neighbou?rhoods?)\b")
_DISTRICT_NAME = re.compile(r"[A-Z][\w'’-]+")


def districts_named(evidence: str | None) -> frozenset[str]:
    """Stems of the districts the evidence names ("Saltivka" and "Saltivskyi" are one district: six letters)."""
    out = set()
    for m in _DISTRICT_LIST.finditer(evidence or ""):
        for name in _DISTRICT_NAME.findall(m.group("names")):
            out.add(_translit(name.casefold())[:6])
    return frozenset(out)


def _other_district(a: Profile, b: Profile) -> bool:
    """Two strikes on one city that each name the districts hit, and no district is shared.

    Why: Kharkiv, Kherson or Kyiv is hit several times a day or on consecutive nights, and one
    outlet's reports of two attacks share the city, the date window and most words; the district is
    what tells them apart ("a petrol station in the Slobidskyi district on Thursday evening" beside
    "drones hit the Kyivskyi district shortly after midnight"). Reports of one raid that hit several
    districts name one of them in common, or name none (the whole city), so they still join.
    """
    return (a.type == "drone_strike" and a.place is not None and a.place == b.place
            and bool(a.districts and b.districts) and not a.districts & b.districts)


# "west of Khan Younis", "in the eastern part of Khan Younis", "north-east of the city of Kharkiv".
_SIDE = re.compile(r"\b(?i:(?P<dir>(?:north|south)?-?(?:east|west)?)(?:ern)?\s+(?:(?:part|outskirts|edge)\s+)?of\s+"
                   r"(?:the\s+)?(?:(?:city|town)\s+of\s+)?)(?P<place>[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+){0,2})")
_COMPASS = ("north", "south", "east", "west")


def sides_of_town(evidence: str | None, cfg: dict[str, Any]) -> frozenset[tuple[str, str]]:
    """(place key, compass word) for each side of a town the evidence names."""
    out = set()
    for m in _SIDE.finditer(evidence or ""):
        direction, name = m.group("dir").casefold().strip("-"), m.group("place")
        if direction and (key := _key(re.sub(r"['’]s$", "", name), cfg)):
            out.update((key, c) for c in _COMPASS if c in direction)
    return frozenset(out)


def _other_side(a: Profile, b: Profile) -> bool:
    """Both reports put their strike on a side of one town, and on opposite sides: two strikes.

    Why: a drone strike on a tent west of Khan Younis and one on a crowd east of it, a day apart, share
    the town, the attacker and a toll's order; the side is the one place detail both state. A side is
    one compass word ("north-east" is north and east), so any shared word keeps them together.
    """
    if a.type != "drone_strike" or not (a.sides and b.sides):
        return False
    towns = {t for t, _ in a.sides} & {t for t, _ in b.sides}
    return any(not {c for t, c in a.sides if t == town} & {c for t, c in b.sides if t == town} for town in towns)


# "Overnight" ends in the morning: a pre-dawn raid, never that day's afternoon or evening strike.
# Not "hours after an overnight raid": that is the other attack's time.
_OVERNIGHT = re.compile(r"(?<!after an )(?<!after the )(?<!after )\bovernight\b", re.IGNORECASE)
# After a toll's rise, a time says when it rose ("rose to nine overnight", "rose to seven on Thursday
# evening"); before it, when the attack was ("the toll from Monday evening's strike has risen").
_TOLL_RISE = re.compile(r"\b(?:rose|risen|climbed)\b", re.IGNORECASE)
_TOLL_NOUN = re.compile(r"\b(?:toll|number|dead|deaths|killed|injured|wounded|casualties)\b", re.IGNORECASE)


def times_of_day(evidence: str | None) -> frozenset[str]:
    """Which parts of the day ("morning", "evening") the evidence names as the attack's time."""
    text = evidence or ""
    if (rise := _TOLL_RISE.search(text)) and _TOLL_NOUN.search(text, 0, rise.start()):
        text = text[:rise.start()]
    parts = {part for part, pattern in _TIMES.items() if pattern.search(text)}
    if _OVERNIGHT.search(text):
        parts.add("morning")
    return frozenset(parts)


# An attack told as it happens, or as a further one of the day: never "last night" (the one before).
_LIVE = re.compile(r"\b(?:evening|afternoon|tonight|later|again|another|(?<!last )night|under (?:\w+ )?attack|"
                   r"(?:has|have) (?:hit|struck)|second time)\b", re.IGNORECASE)


_WEEKDAY_NAME = re.compile(r"\b((?:mon|tues|wednes|thurs|fri|satur|sun)day)\b", re.IGNORECASE)
_NIGHT = re.compile(r"\b(?:overnight|night|nights|tonight|midnight|late|evening|early|dawn)\b", re.IGNORECASE)


def _other_weekday(a: Profile, b: Profile) -> bool:
    """Two strike reports dated a day apart that each name their weekday, other weekdays, and
    neither tells a night: two days ("on Wednesday morning" / "on Thursday morning", "on Friday" /
    "On Saturday, another drone attack").

    Why a night keeps them together: one night is "late on Monday" to one outlet and "overnight",
    "early on Tuesday" or "officials said on Tuesday" to another.
    """
    return (a.type == "drone_strike" and a.event_date != b.event_date and not a.period and not b.period
            and bool(a.weekdays and b.weekdays) and not a.weekdays & b.weekdays and not (a.night or b.night))


_REPEAT = re.compile(r"\b(?:another|again|second (?:day|time|straight|consecutive)|in a row)\b", re.IGNORECASE)


def _later_that_day(a: Profile, b: Profile) -> bool:
    """A live report of this evening beside a cluster first reported this morning: two attacks.

    Why fetch times decide: a report fetched before the evening (two hours before
    ``live_report_from_hour_utc``: a strike reported at noon happened by noon) on the day it is dated
    tells what happened by then (the night, the morning or midday); a report fetched that evening,
    dated that day and telling an attack under way or a further one ("Kharkiv is under drone attack",
    "drones hit Sumy for the second time on Monday", "a strike on Thursday evening") is a later attack,
    however alike the place and the words.
    """
    if a.type != "drone_strike" or not a.live or a.seen is None or b.seen is None or a.event_date is None:
        return False
    day, evening = a.event_date, int(settings()["live_report_from_hour_utc"])
    return (a.seen.date() == day == b.seen.date() and a.seen.hour >= evening and b.seen.hour < evening - 2
            and day in (b.dates or {b.event_date}) and "morning" not in a.times)


# "on Thursday evening", "tonight", "late on Thursday": after dark ("afternoon" is not: a report at noon UTC
# may already tell an afternoon strike east of Kyiv).
_AFTER_DARK = re.compile(rf"\b(?:evening|tonight|late (?:on )?{_WEEKDAY})\b", re.IGNORECASE)
# A night or a morning told beside it: the evening is when something was said ("the toll from the
# overnight strike rose to seven on Thursday evening").
_BEFORE_DAY = re.compile(r"\b(?:overnight|dawn|daybreak|early|morning|last night)\b", re.IGNORECASE)


def after_dark(evidence: str | None, day: date | None) -> bool:
    """The evidence puts its event after dark on ``day``: an evening word, and no night, morning or other weekday.

    A report naming the night or the morning too ("the toll from the overnight strike rose on Thursday
    evening") or another day ("late on Monday", dated to the Tuesday morning the night ran into) says
    nothing about when on ``day`` the event was.
    """
    text = evidence or ""
    if day is None or not _AFTER_DARK.search(text) or _BEFORE_DAY.search(text):
        return False
    named = {m.casefold() for m in _WEEKDAY_NAME.findall(text)}
    return not named or named == {calendar.day_name[day.weekday()].casefold()}


def _after_its_first_report(a: Profile, b: Profile) -> bool:
    """A strike the report puts after dark on its day, beside a cluster first reported before that evening.

    Why: a cluster's first report tells what had happened when it was fetched. Kyiv hit overnight and
    reported through Thursday (the toll rising at 15:10 UTC), then debris falling "late on Thursday",
    reported on Friday: the late report joins the night that followed, not the one whose reports
    began before its evening. Before the evening is two hours before ``live_report_from_hour_utc``,
    as in ``_later_that_day``.
    """
    if a.type != "drone_strike" or not a.after_dark or a.event_date is None or b.seen is None:
        return False
    dusk = datetime.combine(a.event_date, datetime.min.time(), UTC) + timedelta(
        hours=int(settings()["live_report_from_hour_utc"]) - 2)
    # A report fetched before that dusk ("tonight" at 02:00) tells the night before it, not this evening.
    return b.seen < dusk and (a.seen is None or a.seen >= dusk)


# "outside Chernihiv", "on the outskirts of Belgorod", "just south of Belgorod", "a suburb of Kyiv",
# "near the city of Kharkiv": a proximity phrase, then a capitalised name (one to three words).
_NEAR = re.compile(
    r"\b(?:just\s+)?(?:outside|near|nearby|outskirts\s+of|edge\s+of|suburbs?\s+of|close\s+to|"
    r"(?:(?:north|south|east|west)(?:-?(?:east|west))?|(?:north|south)(?:ern)?|(?:east|west)(?:ern)?)\s+of)"
    r"\s+(?:the\s+)?(?:(?:city|town|regional\s+capital|capital)\s+of\s+)?"
    r"(?P<place>[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+){0,2})")


_NUMBER_WORDS = {w: str(n) for n, w in enumerate([
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])}
_FIGURE = re.compile(r"\b\d[\d,.]*\b|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)


def evidence_figures(evidence: str | None) -> frozenset[str]:
    """The numbers an evidence sentence states, digits and words alike ("nine" = "9")."""
    out = set()
    for m in _FIGURE.finditer(evidence or ""):
        word = m.group().casefold()
        out.add(_NUMBER_WORDS.get(word) or word.replace(",", "").rstrip("."))
    return frozenset(out)


# "in the Bilopillia community", "Sagaing Region's Taze Township", "the Fastiv district": a unit below
# the region that holds towns and villages (never "region" or "oblast": those are admin1, whose name is
# often its capital's).
_WITHIN = re.compile(r"\b(?P<place>[A-Z][\w-]+(?:[ -][A-Z][\w-]+){0,2})\s+(?i:community|hromada|township|"
                     r"territory|raion|rayon|district|county|municipality)\b")
# "on the road between Burj al-Shemali and Tyre": both ends.
_NAME = r"[A-Z][\w'’-]+(?:[ -](?:[A-Z]|al-|el-|an-|ash-|as-|ad-)[\w'’-]+){0,2}"  # "Burj al-Shemali" too
_BETWEEN = re.compile(rf"\bbetween\s+(?:the\s+)?(?:(?:town|village|city)\s+of\s+)?(?P<one>{_NAME})\s+and\s+"
                      rf"(?:the\s+)?(?:(?:town|village|city)\s+of\s+)?(?P<two>{_NAME})")


def near_places(evidence: str | None, cfg: dict[str, Any]) -> frozenset[str]:
    """Place keys the evidence names in a proximity or containment phrase (see Profile.near)."""
    if not evidence:
        return frozenset()
    names = [m.group("place") for m in _NEAR.finditer(evidence)]
    names += [m.group("place") for m in _WITHIN.finditer(evidence)]
    names += [m.group(g) for m in _BETWEEN.finditer(evidence) for g in ("one", "two")]
    return frozenset(k for name in names if (k := _key(re.sub(r"['’]s$", "", name), cfg)))


_SUB_PLACE = re.compile(r"\b(?:district|raion|rayon|microdistrict|neighbou?rhood|quarter|suburb)$")


def is_sub_place(place: str | None) -> bool:
    """A district or neighbourhood, named instead of its city: the same attack on that city."""
    return bool(place and _SUB_PLACE.search(place))


def _same_city(a: Profile, b: Profile) -> bool:
    """Two different place names that can still be one city: a district of it, in the same admin1,
    or a village the new report places next to the city at whose edge the cluster's report put it.

    Never two cities of one region (Kharkiv and Chuhuiv stay apart): one side must be a district,
    or the new report must say where its place lies. Only the new report's words count, so the
    candidate selection (which looks the named places up) finds every cluster this can match.
    """
    # Both must say so: the new report puts its place next to the cluster's city, and the cluster's
    # report put its event at that city's edge ("on the northern outskirts of Chernihiv"). "In Brovary,
    # east of Kyiv" beside a strike *in* Kyiv is a second target that night.
    at_edge = b.place is not None and b.place in a.near and (b.place in b.near or _one_scene(a, b))
    if not (a.admin1 and a.admin1 == b.admin1) and not (a.country and a.country == b.country and at_edge):
        return False
    return is_sub_place(a.place) or is_sub_place(b.place) or at_edge


# Words every strike report uses: sharing them says nothing about the scene.
_SCENE_GENERIC = frozenset({
    "drone", "drones", "uav", "uavs", "attack", "attacks", "attacked", "strike", "strikes", "struck", "hit", "hits",
    "killed", "killing", "kills", "dead", "died", "wounded", "wounding", "injured", "injuring", "people", "person",
    "civilians", "city", "town", "village", "region", "regional", "district", "community", "area", "near",
    "outside", "outskirts", "south", "north", "east", "west", "southern", "northern", "eastern", "western",
    "governor", "administration", "head", "military", "army", "ministry", "health", "agency", "news", "state",
    "russian", "ukrainian", "israeli", "russia", "ukraine", "israel", "enemy", "debris", "damaged", "fire",
    "one", "just", "road", "when", "residents", "resident",
    # How much, not what: "several districts" beside "several houses".
    "several", "many", "multiple", "dozens", "hundreds", "massive", "large", "explosions", "heard"})


def _one_scene(a: Profile, b: Profile, *, regions: bool = False) -> bool:
    """The two reports describe one scene: a toll they both give, or a word naming what was hit
    ("minibus", "industrial enterprise", "monastery") that both use and that is not a place name.

    Why: a report placing its village "just outside" a town, beside a report of that town, is the
    same strike only when they tell the same thing; a second target of the night near the town (a
    warehouse in Brovary beside flats in Kyiv) shares nothing but the drones. ``regions``: the
    region's name is a place name too (the "Odesa region" and "the Odesa governor" tell no scene).
    """
    return _scene_ties(a, b, regions=regions) > 0


def _scene_ties(a: Profile, b: Profile, *, regions: bool = False) -> int:
    """How many things the two reports tell alike (``_one_scene``): each shared word naming what was
    hit, and a shared toll, count one.

    Why count: a region-only report ("a ferry terminal" at "the Danube ports") can share a word with
    each town's report of the night ("a grain terminal" in Odesa, "a ferry terminal" in Izmail); the
    report telling more of its scene is its own.
    """
    toll = any(a.counts.get(f) and a.counts.get(f) == b.counts.get(f) for f in ("killed", "injured"))
    regional = (a.admin1, b.admin1) if regions else ()
    names = {w for p in (a.place, b.place, *regional, *a.near, *b.near) if p for w in p.split()}
    shared = (a.words & b.words) - _SCENE_GENERIC - {str(n) for n in range(10)}
    return int(toll) + sum(_key(w, settings()) not in names for w in shared)  # place names compare as keys


def _overnight(a: Profile, b: Profile) -> bool:
    """A night dated to its evening by one report and to its morning by another.

    Why fetch times decide: a strike on the night of the 9th is reported on the morning of the
    10th, dated the 9th by one outlet and the 10th by another; strikes on two consecutive nights are
    each reported on their own morning. So both reports — the earlier-dated one included — must
    have been fetched on the later date or the day after, within 36 hours of each other; later
    follow-ups join through the cluster's dates instead.
    """
    if a.event_date is None or not b.dates or a.seen is None or b.seen is None:
        return False
    late_day = max(a.event_date, *b.dates)
    evening = int(settings()["live_report_from_hour_utc"])

    days = [(s.date() - late_day).days for s in (a.seen, b.seen)]
    if all(0 <= d <= 1 for d in days):
        return abs(a.seen - b.seen) <= timedelta(hours=36)
    # A live report fetched on the evening itself ("explosions in Kyiv late on Monday") and a morning
    # report dating the same night to Tuesday: fetched within one night of each other.
    live = [d == -1 and s.hour >= evening for d, s in zip(days, (a.seen, b.seen), strict=True)]
    return (any(live) and all(ok or 0 <= d <= 1 for ok, d in zip(live, days, strict=True))
            and abs(a.seen - b.seen) <= timedelta(hours=18))


def _step_kinds(prof: Profile, cfg: dict[str, Any]) -> frozenset[str]:
    """Which negotiation steps a report's evidence words name (an exchange, a truce, talks, safe shipping)."""
    return frozenset(kind for kind, words in cfg["_step_words"].items() if prof.words & words)


def _steps_conflict(a: Profile, b: Profile, cfg: dict[str, Any]) -> bool:
    """A swap and a truce of one day between one pair of sides are two events, even without a venue.

    Why only for venue-less matches: with a venue, place and parties already identify the round,
    and one round's reports name its talks, its truce and its exchange in turn.
    """
    ka, kb = _step_kinds(a, cfg), _step_kinds(b, cfg)
    return bool(ka and kb and not ka & kb)


# "agreed to swap", "reached a deal"; not "failed to agree", "reached Istanbul", "would deal with".
_AGREED = re.compile(r"\b(?:agreed|agreement|(?:reached|struck|clinched|sealed) (?:an? |the )?"
                     r"(?:deal|accord|truce|ceasefire))\b", re.IGNORECASE)


def _agreed_at_the_round(a: Profile, b: Profile, gap: int, cfg: dict[str, Any]) -> bool:
    """A venue-less report of an outcome agreed on the day of a round between the same sides ("Moscow
    and Kyiv agreed on Wednesday to swap 300 each", during the Abu Dhabi round) is that round
    (docs/EVENT_IDENTITY.md, convention 1). A swap *carried out* that day is not: it says no agreement.
    """
    if gap or (a.place is None) == (b.place is None) or not _parties_agree(a, b):
        return False
    venueless, venue = (a, b) if a.place is None else (b, a)  # either may arrive first
    return venueless.agreed and "talks" in _step_kinds(venue, cfg)


def _one_handover(a: Profile, b: Profile, cfg: dict[str, Any]) -> bool:
    """Two venue-less reports of a prisoner exchange between the same sides: their countries are where
    each side's freed people arrive ("the Russian servicemen are now in Belarus" / "families in
    Chernihiv region greeted them"), not where the exchange was agreed, so they may differ.

    Talks, truces and venues keep the country as a veto: talks in two countries are two rounds.
    """
    return (a.type == "negotiation" and a.place is None and b.place is None
            and "exchange" in _step_kinds(a, cfg) & _step_kinds(b, cfg) and _parties_agree(a, b))


def _parties_agree(a: Profile, b: Profile) -> bool:
    return bool(a.parties and b.parties and (_within(a.parties, b.parties) or _within(b.parties, a.parties)
                                             or _sides_agree(a, b)))


def _sides_agree(a: Profile, b: Profile) -> bool:
    """The same sides of one exchange or truce once mediators are set aside: "Russia and the UAE"
    (the ministry thanking its mediator) beside "Ukraine and Russia"; "the RSF accepted the Quad's
    truce" beside "the RSF agreed to a U.S.-backed truce".

    Exchanges and truces only (both reports naming the same one of those steps): at talks the
    mediator at the table is the format ("US and Russian envoys met" is not the Russia-Ukraine round
    of that day), while an exchange is one handover and a truce one pause however many helped
    arrange or propose it.
    """
    cfg = settings()
    ka, kb = _step_kinds(a, cfg), _step_kinds(b, cfg)
    if not ka & kb & {"exchange", "truce"} or "talks" in ka | kb:
        return False
    mediators = cfg["_mediators"]
    sa = {p for p in a.parties if not p & mediators}
    sb = {p for p in b.parties if not p & mediators}
    return bool(sa and sb and (_within(sa, sb) or _within(sb, sa)) and (sa != a.parties or sb != b.parties))


def venue_optional(prof: Profile) -> bool:
    """A negotiation report naming its parties but no venue ("Kyiv and Moscow met on Friday").

    Talks between the same parties on one day are one round, so such a report is compared with
    every same-day negotiation cluster, not only those sharing evidence words.
    """
    return prof.type == "negotiation" and bool(prof.parties) and prof.place is None


def whole_days(prof: Profile, cfg: dict[str, Any]) -> list[date]:
    """The days whose every cluster (while the day is small) is a candidate for this report.

    A venue-less talks report: the days of one round around its date (a cluster is bucketed under its
    first report's date, while it matches on every date its members gave). A strike report naming no
    place but a toll: its day (``toll_match``). A placeless week or month round-up stating a figure:
    every day of its period (``_period_figure``).
    """
    if prof.event_date is None:
        return []
    if prof.period and prof.place is None and _big_figure(prof.figures):
        return _days(*period_days(prof.event_date, prof.period))  # a placeless round-up with a figure
    if venue_optional(prof):
        reach = int(cfg["talks_round_days"])
        return _around(prof.event_date, reach, reach)
    if _partyless_swap(prof, cfg):
        return [prof.event_date]
    if (prof.type == "drone_strike" and prof.place is None and prof.admin1 is None
            and (prof.country or at_sea(prof) or (prof.counts.get("drones_launched") or 0) >= 10)):
        # A toll or tally (toll_match), or just its country (country_match): the day's clusters.
        return _around(prof.event_date, 1, 1) if (prof.counts.get("drones_launched") or 0) >= 10 else [prof.event_date]
    return []


def _days(lo: date, hi: date) -> list[date]:
    """Every day from ``lo`` to ``hi``, both included."""
    return [lo + timedelta(days=k) for k in range((hi - lo).days + 1)]


def _around(day: date, back: int, ahead: int) -> list[date]:
    return _days(day - timedelta(days=back), day + timedelta(days=ahead))


def _swap_figure(a: Profile, b: Profile, cfg: dict[str, Any]) -> bool:
    """A prisoner exchange told without its sides or venue ("Friday's swap of 157 prisoners each
    brought the year's total above 1,000") and an exchange of the same day sharing a figure of 10 or
    more: one handover. Why exchanges only: a truce's "30 days" is shared by rival proposals."""
    return (a.type == "negotiation" and (a.place is None or b.place is None) and not (a.parties and b.parties)
            and "exchange" in _step_kinds(a, cfg) & _step_kinds(b, cfg) and _big_figure(a.figures & b.figures))


def _partyless_swap(prof: Profile, cfg: dict[str, Any]) -> bool:
    """A placeless exchange report naming no sides but a figure: compared with its day's clusters."""
    return (prof.type == "negotiation" and prof.place is None and not prof.parties
            and _big_figure(prof.figures) and "exchange" in _step_kinds(prof, cfg))


def _big_figure(figures: frozenset[str]) -> bool:
    """A figure of 10 or more: rare enough to tie two reports (a toll of 1 or 2 is not)."""
    return any(f.isdigit() and int(f) >= 10 for f in figures)


def _strong_text(a: Profile, b: Profile, text: float, cfg: dict[str, Any]) -> bool:
    """Evidence alike enough to tie two reports with no comparable location."""
    return text >= cfg["evidence_jaccard_fallback"] and len(a.words & b.words) >= cfg["min_shared_content_words"]


def match_score(a: Profile, b: Profile, cfg: dict[str, Any] | None = None) -> float | None:
    """How well event ``a`` fits cluster ``b``; None when they cannot be the same real event.

    Scores rank candidate clusters: place match > admin1 fallback > country + text; evidence
    similarity and a closer date break ties.
    """
    cfg = cfg or settings()
    if a.type != b.type:
        return None
    if cfg["subtype_splits"].get(a.type) and a.subtype and b.subtype and a.subtype != b.subtype:
        return None
    if a.event_date is None or b.event_date is None:
        return None
    b_dates = b.dates or {b.event_date}
    if _signed_later(a, b):
        return None  # talks on one day, the signing on another: two steps
    round_of_talks = _same_round(a, b)
    if a.period:
        # A weekly or monthly round-up: the cluster must lie inside its period, at the place it names.
        lo, hi = period_days(a.event_date, a.period)
        if not all(lo <= d <= hi for d in b_dates):
            return None
        if not (a.place and a.place == b.place) and not _period_figure(a, b):
            return None
        gap = 0
    elif b.period and a.place and a.place == b.place and _in_period(a.event_date, b):
        gap = 0  # talks announced for "next week" at a venue, then held there on one of its days
    else:
        gap = min(abs((a.event_date - d).days) for d in b_dates)
        # The cluster's dates with this one may span at most the tolerance: no drift by chaining.
        limit = cfg["talks_round_days"] if round_of_talks else cfg["date_tolerance_days"]
        if _span(b_dates, a.event_date) > limit:
            return None
    if a.country and b.country and a.country != b.country and not (gap == 0 and _one_handover(a, b, cfg)):
        return None
    if a.place and b.place and a.place != b.place and not _same_city(a, b):
        return None  # the commonest rejection, before any actor or text work
    if a.attacker and b.attacker and not _one_actor(a.attacker, b.attacker):
        return None
    if len(a.parties) >= 2 and len(b.parties) >= 2 and not (_within(a.parties, b.parties)
                                                            or _within(b.parties, a.parties)
                                                            or _sides_agree(a, b)):
        return None
    if _other_district(a, b):
        return None  # one city, two attacks on different districts
    if _other_side(a, b):
        return None  # opposite sides of one town: two strikes
    if _outside_the_night(a, b_dates):
        return None  # a night raid across midnight beside that afternoon's (or the previous morning's) strike
    if (a.type == "drone_strike" and b_dates == {a.event_date} and a.times and b.times
            and not a.times & b.times):
        return None  # one city struck in the morning and again in the evening: two strikes
    if _later_that_day(a, b) and not any(a.counts.get(f) and a.counts.get(f) == b.counts.get(f)
                                         for f in ("killed", "injured")):
        return None  # an attack under way this evening beside one reported this morning
    if _after_its_first_report(a, b) and not any(a.counts.get(f) and a.counts.get(f) == b.counts.get(f)
                                                 for f in ("killed", "injured")):
        return None  # this evening's attack beside a cluster reported before it
    if _other_weekday(a, b):
        return None  # each report names its own day
    if a.type == "drone_strike" and a.repeat and not a.night and a.event_date not in b_dates and not a.period:
        return None  # "for the second day in a row": not the day before's strike
    vessel = _named_vessel(a, b) if a.type == "drone_strike" else None
    if vessel is False:
        return None  # two named ships: two attacks
    if vessel is None and a.type == "drone_strike" and _other_ship(a, b):
        return None  # another sea or another kind of ship: another attack
    text = _jaccard(a.words, b.words)
    shared_counts = [f for f in a.counts if f in b.counts]
    if any(_tallies_differ(a.counts[f], b.counts[f]) for f in shared_counts if f == "drones_launched") and (
            gap or not (a.place and b.place)):
        # One air force publishes one tally per night, so two nationwide tallies (or two nights of
        # one city) that differ are two nights; one city on one day keeps its reports together, as
        # outlets give the city's share, the national total or "hundreds" for the same attack.
        return None
    counts_agree = any(a.counts[f] == b.counts[f] and a.counts[f] > 0 for f in shared_counts)
    # One death in each of two reports is common chance; only a larger shared figure ties two days.
    counts_tie_days = any(a.counts[f] == b.counts[f] and a.counts[f] >= cfg["adjacent_day_min_count"]
                          for f in shared_counts)

    if a.place and b.place:  # different places that are not one city were rejected above
        base = 3.0 if a.place == b.place else 2.0
    elif (a.place or b.place) and a.admin1 and b.admin1:
        # Admin-level fallback: one report names the city, the other only the region.
        if a.admin1 != b.admin1 and (a.admin1 != (b.place or "") and b.admin1 != (a.place or "")):
            return None
        base = 2.0
    elif not a.place and not b.place and a.admin1 and b.admin1:
        if a.admin1 != b.admin1:
            return None
        base = 2.0
    elif a.type == "negotiation" and _steps_conflict(a, b, cfg) and not _agreed_at_the_round(a, b, gap, cfg):
        return None
    elif a.type == "negotiation" and gap == 0 and _parties_agree(a, b):
        # No venue on one side: the same parties at the table on the same day is one round.
        base = 1.5
    elif round_of_talks:  # one report names the venue, the other its country (see _same_round)
        base = 1.5
    elif a.type == "negotiation" and gap == 0 and _swap_figure(a, b, cfg):
        base = 1.0  # "Friday's swap of 157 prisoners each" beside that day's exchange of 157
    elif _strong_text(a, b, text, cfg) or vessel:
        base = 1.0  # no comparable location: only text or the ship's name can tie them
    elif toll_match(a, b, gap):
        base = 0.5  # assign_clusters takes it only when no other cluster of the day matches so
    elif country_match(a, b, gap):
        base = 0.4  # likewise: only the one cluster of its country that day
    else:
        return None
    # Alike wording ties two days only when the figures do not differ: one outlet's bulletins of two
    # nights share nearly every word.
    figures_differ = bool(a.figures and b.figures and not a.figures & b.figures)
    text_ties = text >= cfg["evidence_jaccard_fallback"] and not figures_differ
    if gap and figures_differ and text >= cfg["evidence_jaccard_fallback"]:
        return None  # one template, other figures, another day: the next bulletin, dated or not
    if (
        gap == 1
        and not round_of_talks
        and cfg["adjacent_day_needs_signal"]
        and a.date_precise
        and b.date_precise
        and not counts_tie_days
        and not text_ties
        and not _overnight(a, b)
    ):
        return None
    if _next_evening(a, b) and not counts_agree and text < cfg["evidence_jaccard_fallback"]:
        return None
    return base + text + (0.5 if counts_agree else 0.0) - 0.25 * min(gap, 2)


def _outside_the_night(a: Profile, b_dates: set[date]) -> bool:
    """A cluster dated to two consecutive days is one night across midnight ("late on Monday" live,
    "overnight" the next morning); a report of its second day's afternoon or evening, or of its first
    day's morning, tells another attack on the place.

    Why dates and not the cluster's own times: the cluster is compared through its first report, and a
    live "late on Monday" report shares "evening" with Tuesday afternoon's strike.
    """
    if a.type != "drone_strike" or len(b_dates) != 2 or not a.times or a.event_date is None:
        return False
    first, second = sorted(b_dates)
    if (second - first).days != 1:
        return False
    if a.event_date == second:
        return a.times == {"evening"}
    return a.event_date == first and a.times == {"morning"}


def _in_period(day: date, b: Profile) -> bool:
    lo, hi = period_days(b.event_date, b.period)  # type: ignore[arg-type]
    return lo <= day <= hi


def _next_evening(a: Profile, b: Profile) -> bool:
    """A strike reported live on the evening it is dated to, beside a cluster first reported a
    day before: the cluster is the previous night's (its morning reports also carry this date).

    Kharkiv hit on Tuesday evening (reported then, and "overnight" on Wednesday morning), and again on
    Wednesday night, reported live at 23:40: both clusters hold Wednesday's date.
    """
    if a.type != "drone_strike" or not (a.date_precise or a.live) or a.seen is None or b.seen is None:
        return False
    evening = int(settings()["live_report_from_hour_utc"])
    return (a.event_date == a.seen.date() and a.seen.hour >= evening
            and a.seen - b.seen > timedelta(hours=20))


def _tallies_differ(x: int, y: int) -> bool:
    """Two launched-drone figures of one tally agree within rounding ("more than 140" and 142)."""
    return abs(x - y) > max(2, 0.05 * max(x, y))


def toll_match(a: Profile, b: Profile, gap: int) -> bool:
    """A report naming no place ("two killed as drones hit a port in Ukraine's south") and a
    report of the same day, country and casualty figure: one event when it is the only such one.

    The figure must be stated (killed, injured, or drones launched: one air force tally per night),
    the same on both sides; that it is the only candidate of its day is checked by
    ``assign_clusters``, which sees them all. A report naming no country at all joins only by a
    same-day tally of 10 or more launched drones (a toll of 1 or 2 is too common to tie it).
    """
    if gap > 1 or a.type != "drone_strike" or ((a.place or a.admin1) and (b.place or b.admin1)):
        return False
    if not a.country or a.country != b.country:
        # A nationwide tally of 10 or more launched drones names its night even when one outlet's
        # report names no country ("the enemy attacked with 74 strike UAVs"): the figure is the tie.
        launched = a.counts.get("drones_launched") or 0
        return (launched >= 10 and launched == b.counts.get("drones_launched") and gap == 0
                and not (a.country and b.country))
    if gap == 1:  # one night's nationwide tally, dated to the evening by one outlet, the morning by another
        return (a.counts.get("drones_launched") or 0) >= 10 and a.counts.get("drones_launched") == b.counts.get(
            "drones_launched")
    return any(a.counts.get(f) == b.counts.get(f) and (a.counts.get(f) or 0) > 0
               for f in ("killed", "injured", "drones_launched"))


def country_match(a: Profile, b: Profile, gap: int) -> bool:
    """A strike report naming only its country ("a tent camp in southern Gaza", "a military camp in
    northern Burkina Faso") and a same-day report of that country naming the town: one event when it
    is the only such one.

    Why: wires and outlets far from the scene give the country and a direction, local outlets the
    town, and their words and figures differ (tolls rise through the day). Outside a few busy
    fronts a country has one drone strike a day, so the report joins the day's only cluster of its
    country; ``assign_clusters`` drops the match when the day holds two (``_toll_only``).
    """
    if gap or a.type != "drone_strike":
        return False
    if at_sea(a) and at_sea(b):
        # An attack on a ship: at sea it has no town, and often no country ("in the Red Sea"), while
        # the maritime agency names the nearest port.
        return not (a.country and b.country and a.country != b.country)
    if not a.country or a.country != b.country:
        return False
    if is_tally(a) or is_tally(b):
        # A nationwide tally and a town's report: one event only if the town is the night's one place
        # hit, which is known once the night's reports are in (``bind_settled_tallies``).
        return False
    return (a.place is None and a.admin1 is None) != (b.place is None and b.admin1 is None)


# "launched 64 Shahed-type attack drones", "destroyed 63 Ukrainian unmanned aerial vehicles": a count
# of 10 or more drones (not a clock time or a year).
_TALLY = re.compile(r"\b\d{2,}[\d,]*\s+(?:[\w-]+\s+){0,3}?(?:drones?|uavs?|unmanned|shaheds?)\b", re.IGNORECASE)


def names_a_tally(evidence: str | None) -> bool:
    """The evidence counts ten or more drones: with no place or region, a night's tally."""
    return bool(_TALLY.search(evidence or ""))


def is_tally(prof: Profile) -> bool:
    """A drone report naming no place and no region but counting ten or more drones: a nationwide
    (or one side's air-defence) tally of the night, not a report of one place."""
    return (prof.type == "drone_strike" and prof.place is None and prof.admin1 is None and not prof.period
            and prof.tally)


_SHIP_WORDS = frozenset({"ship", "vessel", "tanker", "carrier", "freighter", "bulker"})


def at_sea(prof: Profile) -> bool:
    """The report is of an attack on a ship (its evidence names one by kind or by name)."""
    return bool(prof.vessels) or bool(prof.words & _SHIP_WORDS)


def _weak_tie(a: Profile, b: Profile) -> str | None:
    """Which weak tie a match of ``a`` and ``b`` without a comparable location rests on: "toll" (the
    same figure, ``toll_match``) or "country" (``country_match``: any other same-day report of the
    country). A toll match needs to be the only toll match of its day; a country match the only
    weak match at all."""
    if a.event_date is None or b.event_date is None:
        return None
    gap = min(abs((a.event_date - d).days) for d in (b.dates or {b.event_date}))
    if toll_match(a, b, gap):
        return "toll"
    return "country" if country_match(a, b, gap) else None


def _region_only(a: Profile, b: Profile) -> bool:
    """A strike report naming only its region beside one naming a town of it (the admin-level fallback)."""
    return (a.type == "drone_strike" and (a.place is None) != (b.place is None) and bool(a.admin1 and b.admin1))


def _most_of_its_scene(prof: Profile, regional: list[_Cluster], *, regions: bool) -> _Cluster | None:
    """The one cluster of ``regional`` telling more of the report's scene than any other (``_scene_ties``),
    or None when none tells any or several tell as much."""
    ties = [_scene_ties(prof, cl.profile, regions=regions) for cl in regional]
    top = max(ties)
    return regional[ties.index(top)] if top and ties.count(top) == 1 else None


def _toll_only(a: Profile, b: Profile, cfg: dict[str, Any]) -> bool:
    """The match of ``a`` and ``b`` rests on the casualty figure alone (``toll_match``)."""
    if a.type != "drone_strike" or ((a.place or a.admin1) and (b.place or b.admin1)):
        return False
    return not _strong_text(a, b, _jaccard(a.words, b.words), cfg)


def _period_figure(a: Profile, b: Profile) -> bool:
    """A placeless round-up ("the second swap this month, after 185 prisoners each were exchanged
    earlier in November") and a cluster inside its period sharing a figure of 10 or more."""
    return a.place is None and _big_figure(a.figures & b.figures)


_SIGNED = re.compile(r"\b(?:signed|signing|signatures?|inked)\b", re.IGNORECASE)


def _signed_later(a: Profile, b: Profile) -> bool:
    """A signing and talks without one, dated on other days: two steps, not one round.

    Why: talks held on Thursday and the agreement signed at the same venue on Saturday are each an
    event of their own (a round's days join through ``_same_round``, a signing that ends it does not).
    On one day a signing and the talks that produced it stay one event, as do two reports of one signing;
    a report dated only by its publication may be the signing's day.
    """
    return (a.type == "negotiation" and a.signed != b.signed and a.date_precise and b.date_precise
            and not a.period and not b.period and a.event_date is not None
            and a.event_date not in (b.dates or {b.event_date}))


def _same_round(a: Profile, b: Profile) -> bool:
    """Talks between agreeing parties at one venue: one round, even over several days.

    One venue: the same named place, or one report names it and the other only its country
    ("talks in the UAE capital" beside "talks in Abu Dhabi").
    """
    if a.type != "negotiation":
        return False
    if a.place and a.place == b.place:
        return not a.parties or not b.parties or _parties_agree(a, b)
    return bool((a.place is None) != (b.place is None) and a.country and a.country == b.country
                and _parties_agree(a, b))


def period_days(start: date, period: str) -> tuple[date, date]:
    """First and last day of the week or month a period-precision date stands for."""
    if period == "week":
        return start, start + timedelta(days=6)
    last = calendar.monthrange(start.year, start.month)[1]
    return start, start.replace(day=last)


def match_days(prof: Profile, cfg: dict[str, Any]) -> list[date]:
    """Every cluster date this event could match: what candidate selection must look under."""
    if prof.event_date is None:
        return []
    if prof.period:
        return _days(*period_days(prof.event_date, prof.period))
    reach = int(cfg["talks_round_days"] if prof.type == "negotiation" and prof.place else cfg["date_tolerance_days"])
    # Talks at a venue also look back a week: a cluster founded by "talks in Istanbul next week" is
    # bucketed under that week's Monday.
    back = max(reach, 6) if prof.type == "negotiation" and prof.place else reach
    return _around(prof.event_date, back, reach)


def _merge_into(cluster: Profile, new: Profile) -> None:
    """Fill what the cluster did not know yet; its date and type never drift."""
    cluster.place = cluster.place or new.place
    cluster.admin1 = cluster.admin1 or new.admin1
    cluster.country = cluster.country or new.country
    cluster.attacker = new.attacker if cluster.attacker is None else cluster.attacker | (new.attacker or frozenset())
    cluster.subtype = cluster.subtype or new.subtype
    cluster.parties |= new.parties
    # Only a stated day widens the cluster's dates: a publication-date fallback is not an event date.
    if new.event_date is not None and new.date_precise and _fits_span(cluster.dates, new.event_date):
        cluster.dates.add(new.event_date)
    for f, n in new.counts.items():
        cluster.counts.setdefault(f, n)


def _span(dates: set[date], day: date) -> int:
    """Days from the earliest to the latest of ``dates`` and ``day``."""
    return (max(*dates, day) - min(*dates, day)).days if dates else 0


def _fits_span(dates: set[date], day: date) -> bool:
    """A cluster's dates never span more than the tolerance (a copy joins its original whatever its date)."""
    return _span(dates, day) <= settings()["date_tolerance_days"]


def stored_profile(source: dict[str, Any], cfg: dict[str, Any]) -> Profile:
    """A stored cluster's profile: its representative event, widened by what every member said.

    ``source`` is the cluster row joined with its representative event (``rep_parties``); the
    cluster's own ``parties``, ``attackers``, ``date_lo`` and ``date_hi`` (migration 007) hold the
    union over its members, NULL on clusters written before that migration.
    """
    prof = profile_of(dict(source, parties=_list(source.get("parties")) or _list(source.get("rep_parties"))), cfg)
    for name in _list(source.get("attackers")):
        if keys := actor_keys(name, cfg):
            prof.attacker = keys if prof.attacker is None else prof.attacker | keys
    for value in (source.get("date_lo"), source.get("date_hi")):
        if (day := _date(value)) is not None:
            prof.dates.add(day)
    return prof


def _extend_row(row: dict[str, Any], event: dict[str, Any], dates: set[date]) -> None:
    """Keep the stored union current: the profile's dates, and the party and attacker names as written.

    The names are kept as outlets wrote them (the profile holds only their comparison keys); the
    date span is the profile's, which ``_merge_into`` already kept to stated days within the tolerance.
    """
    if dates:
        row["date_lo"], row["date_hi"] = min(dates), max(dates)
    row["parties"] = sorted(set(_list(row.get("parties"))) | set(_list(event.get("parties"))))
    attacker = _s(event.get("attacker"))
    row["attackers"] = sorted(set(_list(row.get("attackers"))) | ({attacker} if attacker else set()))


# --- storage ----------------------------------------------------------------------------------


@dataclass
class _Cluster:
    row: dict[str, Any]
    members: set[str]  # article ids already in it (stored ones: only the originals a batch copy points to)
    # The stored row with its representative event's fields: profiled on first use, because at 1 M
    # articles a batch's date window holds ~100 k clusters and only those in a candidate bucket are scored.
    source: dict[str, Any] | None = None
    _profile: Profile | None = None
    touched: bool = False
    pos: int = -1  # index in assign_clusters' list
    founded: bool = False  # made by this assign_clusters call (its id may still be stored: see _write)

    @property
    def profile(self) -> Profile:
        if self._profile is None:
            self._profile = stored_profile(self.source or {}, settings())
            self.source = None
        return self._profile


def _cluster_id(event_id: str) -> str:
    return hashlib.sha256(f"cluster:{event_id}".encode()).hexdigest()[:16]


_TS_COLUMNS = ("first_seen", "last_seen", "updated_at")


def _load_recent(
    con: Any, types: list[str], lo: date, hi: date, originals: set[str], events: list[Profile], tol: int,
    cfg: dict[str, Any],
) -> list[_Cluster]:
    """The stored clusters of these types dated in [lo, hi] that the batch can touch, with their fields.

    Why the selection runs in SQL: the bench batch's event dates span a year, so at 1 M articles the
    date window alone holds ~140 k clusters, and listing them in Python cost more than a second that
    grew with history. ``assign_clusters`` only ever scores a cluster of the same type, within
    ±``tol`` days, whose place key equals the event's or is empty (any place for a placeless event),
    and otherwise only looks at clusters holding an original a batch copy points to. So the batch's
    (type, day, place) keys, registered as Arrow tables, are joined against ``event_clusters`` and
    only the ids of those clusters come back. Place keys are Python-side (``_key``: case folding,
    suffixes, aliases), so the distinct raw places of the window are read first (a grouped scan
    returning one row per place) and mapped to the raw spellings each key accepts. An event with
    neither place nor admin1 can only match through evidence text (``candidates``: at least
    ``min_shared_content_words`` shared words), so of its day's clusters only those sharing that many
    words with it are kept: their id and representative evidence are read, not the full row. Full
    rows come in table (rowid) order — the order a plain scan of the window gave — so candidate ties
    resolve exactly as before.

    Members are read only for ``originals``: membership is only ever asked of those. Timestamps come
    back as naive UTC (``_ts`` restores the zone): converting TIMESTAMPTZ per row goes through pytz.
    """
    import pyarrow as pa

    window = "c.event_date BETWEEN ? AND ? AND c.type IN " + _IN
    min_shared = int(cfg["min_shared_content_words"])
    tables: dict[str, Any] = {}
    anywhere: set[tuple[str, date]] = set()
    by_venue: set[tuple[str, date]] = set()  # (type, day) of venue-less negotiation reports
    by_words: dict[tuple[str, date], list[tuple[frozenset[str], frozenset[tuple[str, ...]]]]] = {}
    if any(prof.event_date is None for prof in events):  # never after assign_clusters dates them: all
        keyed = f"SELECT c.id FROM event_clusters c WHERE {window}"
    else:
        raw_places = [r[0] for r in con.execute(
            f"SELECT DISTINCT c.place FROM event_clusters c WHERE {window}", [lo, hi, types]).fetchall()]
        by_key: dict[str | None, list[str | None]] = {}
        for raw in raw_places:
            by_key.setdefault(_key(_s(raw), cfg), []).append(raw)
        placeless = by_key.get(None, [])
        # District-level places can match any place of their admin1 (_same_city): always candidates.
        placeless = placeless + [raw for key, raws in by_key.items() if is_sub_place(key) for raw in raws]
        exact: set[tuple[str, date, str | None]] = set()
        # Events with neither place nor admin1 match only through evidence text (>= min_shared words).
        for prof in events:
            if prof.event_date is None:  # unreachable (checked above); narrows the type
                continue
            text_only = prof.place is None and prof.admin1 is None and min_shared > 0
            by_venue.update((prof.type, day) for day in whole_days(prof, cfg))
            if text_only and len(prof.words) < min_shared and not prof.vessels:
                continue  # candidates() gives it none
            for day in match_days(prof, cfg):
                if text_only:
                    by_words.setdefault((prof.type, day), []).append((prof.words, prof.vessels))
                elif prof.place is None or is_sub_place(prof.place):
                    anywhere.add((prof.type, day))
                else:
                    named = [raw for key in (prof.place, *prof.near) for raw in by_key.get(key, ())]
                    for raw in (*named, *placeless):
                        exact.add((prof.type, day, raw))
        tables = {
            "cw_keys_exact": pa.table({"type": pa.array([k[0] for k in exact], pa.string()),
                                       "day": pa.array([k[1] for k in exact], pa.date32()),
                                       "place": pa.array([k[2] for k in exact], pa.string())}),
            "cw_keys_any": pa.table({"type": pa.array([k[0] for k in anywhere], pa.string()),
                                     "day": pa.array([k[1] for k in anywhere], pa.date32())}),
        }
        tables["cw_keys_venue"] = pa.table({"type": pa.array([k[0] for k in by_venue], pa.string()),
                                            "day": pa.array([k[1] for k in by_venue], pa.date32())})
        # A venue-less report is compared with its whole day only while the day is small (see
        # venue_candidates_max): the window count keeps the cost per event bounded.
        keyed = (f"SELECT c.id FROM event_clusters c JOIN cw_keys_exact k ON c.type = k.type "
                 f"AND c.event_date = k.day AND c.place IS NOT DISTINCT FROM k.place WHERE {window} UNION ALL "
                 f"SELECT c.id FROM event_clusters c JOIN cw_keys_any k ON c.type = k.type "
                 f"AND c.event_date = k.day WHERE {window} UNION ALL "
                 f"SELECT c.id FROM event_clusters c JOIN cw_keys_venue k ON c.type = k.type "
                 f"AND c.event_date = k.day WHERE {window} "
                 f"QUALIFY count(*) OVER (PARTITION BY c.type, c.event_date) <= {int(cfg['venue_candidates_max'])}")
    wanted: set[str] = set()
    by_words = {k: v for k, v in by_words.items() if k not in anywhere}
    if by_words:
        # Their buckets hold every place of a day, so only clusters whose representative evidence
        # shares enough words with one of them come back in full (the words never change on merge).
        con.register("cw_keys_text", pa.table({"type": pa.array([k[0] for k in by_words], pa.string()),
                                               "day": pa.array([k[1] for k in by_words], pa.date32())}))
        try:
            # representative_evidence is the representative event's evidence (both change together
            # in _write and remove_events): reading it from the cluster row avoids a join with every
            # stored event, which grew with history (1.3 s at 10 M events).
            rows = con.execute(
                "SELECT c.id, c.type, c.event_date, c.representative_evidence FROM event_clusters c "
                f"JOIN cw_keys_text k ON c.type = k.type AND c.event_date = k.day WHERE {window}",
                [lo, hi, types]).fetchall()
        finally:
            con.unregister("cw_keys_text")
        postings: dict[tuple[str, date], dict[str, list[int]]] = {}  # bucket -> word -> its events
        for key, word_sets in by_words.items():
            index = postings[key] = {}
            for n, (words, _vessels) in enumerate(word_sets):
                for w in words:
                    index.setdefault(w, []).append(n)
        for cid, kind, day, evidence in rows:
            index = postings[(str(kind), day)]
            words = content_words(_s(evidence), cfg)
            shared = Counter(n for w in words for n in index.get(w, ()))
            if shared and max(shared.values()) >= min_shared:
                wanted.add(cid)
            elif kind == "drone_strike":  # a ship named on one side and in the other's words (vessel_tie)
                vessels = vessel_names(_s(evidence))
                if any(vessel_tie(w, v, words, vessels) for w, v in by_words[(str(kind), day)]):
                    wanted.add(cid)
    members: dict[str, set[str]] = {}
    if originals:
        for cid, aid in con.execute(
            f"SELECT m.cluster_id, m.article_id FROM event_cluster_members m JOIN event_clusters c "
            f"ON c.id = m.cluster_id WHERE m.article_id IN {_IN} AND {window}",
            [sorted(originals), lo, hi, types],
        ).fetchall():
            members.setdefault(cid, set()).add(aid)
    for name, table in tables.items():
        con.register(name, table)
    try:
        chosen = {r[0] for r in con.execute(keyed, [lo, hi, types] * (3 if tables else 1)).fetchall()}
    finally:
        for name in tables:
            con.unregister(name)
    chosen |= wanted | members.keys()
    if not chosen:
        return []
    cols = ", ".join(f"timezone('UTC', c.{k}) AS {k}" if k in _TS_COLUMNS else f"c.{k}" for k in _CLUSTER_COLUMNS)
    cur = con.execute(
        f"SELECT {cols}, e.attacker, e.target, e.parties AS rep_parties, e.evidence, e.date_precision, "
        "e.killed, e.injured, e.drones_launched, e.drones_downed "
        "FROM event_clusters c LEFT JOIN events e ON e.id = c.representative_event_id "
        f"WHERE c.id IN {_IN} ORDER BY c.rowid",
        [sorted(chosen)],
    )
    names = [d[0] for d in cur.description]
    rows = cur.fetchall()
    out = []
    for r in rows:
        c = dict(zip(names, r, strict=True))
        row = {k: c[k] for k in _CLUSTER_COLUMNS}
        # Clusters written before migration 007: their union starts from the representative.
        row["date_lo"] = row["date_lo"] or row["event_date"]
        row["date_hi"] = row["date_hi"] or row["event_date"]
        row["parties"] = _list(row["parties"]) or _list(c["rep_parties"])
        row["attackers"] = _list(row["attackers"]) or ([a] if (a := _s(c["attacker"])) else [])
        out.append(_Cluster(row=row, members=members.get(c["id"], set()), source=c))
    return out


_CLUSTER_COLUMNS = (
    "id", "type", "subtype", "place", "admin1", "country", "event_date", "first_seen", "last_seen",
    "n_articles", "n_sources", "representative_evidence", "representative_event_id",
    "representative_article_id", "updated_at", "date_lo", "date_hi", "parties", "attackers",
)  # fmt: skip


def _source_of(article: dict[str, Any]) -> str | None:
    source = _s(article.get("source"))
    if source:
        return source
    from transform.canonical import outlet_of

    return outlet_of(_s(article.get("canonical_url")) or _s(article.get("url")) or "") or None


def assign_clusters(
    con: Any, events: list[dict[str, Any]], articles: dict[str, dict[str, Any]], *, fresh: bool = False,
    assigned: dict[str, str] | None = None, replacing: frozenset[str] | set[str] = frozenset(),
) -> list[dict[str, Any]]:
    """Put each new event into the cluster of its real-world event; returns the cluster rows touched.

    Runs inside the caller's load transaction, after the events rows exist unless ``assigned`` is
    given (then the caller inserts them afterwards). Events already
    clustered (a rerun) are skipped, so rerunning adds nothing. Events are taken in the order their
    articles were first seen, so an original precedes its copies and founds the cluster; a copy
    (``duplicate_of`` set) joins as a non-independent member unless its original is not in that
    cluster, in which case it stands in for the original. ``fresh`` promises that no event is
    clustered yet and that no event's article is a member of any stored cluster (the loader's
    events of new articles, and of changed articles whose old events ``remove_events`` took out):
    the daily counts are then updated by adding the batch's deltas instead of recounting its days.
    With ``fresh``, ``replacing`` names the articles whose earlier events this transaction removed
    (updated articles): only their events can found again a cluster id that is stored (a cluster
    id hashes its founding event's id, and an event id its article's), so only those clusters are
    looked up; without ``fresh`` every founded cluster is.

    ``assigned``: when given, the events are not stored yet and the caller inserts them with
    ``cluster_id`` taken from this dict (event id -> cluster id), which is filled here; otherwise
    ``events.cluster_id`` is set here. Why: that UPDATE joins the whole events table (0.2 s at
    10 M events), while the loader can write the column with the rows it inserts anyway.
    """
    cfg = settings()
    if not events:
        return []
    ids = [str(e["id"]) for e in events]
    # ``fresh``: the caller just inserted these events, so none is clustered yet and the probe (a scan
    # of every member's event id, 10 M at 1 M articles) is skipped; reruns and reprocess leave it off.
    done = set() if fresh else {
        r[0]
        for r in con.execute(
            f"SELECT event_id FROM event_cluster_members WHERE event_id IN {_IN}",
            [ids],
        ).fetchall()
    }
    todo = [e for e in events if str(e["id"]) not in done and _s(e.get("type"))]
    if not todo:
        return []

    def fetched(e: dict[str, Any]) -> datetime:
        art = articles.get(str(e.get("article_id")), {})
        return _ts(art.get("fetched_at")) or datetime.max.replace(tzinfo=UTC)

    now = datetime.now(UTC)
    for e in todo:  # an undated event is dated by its article, so it can still be counted per day
        if _date(e.get("event_date")) is None:
            art = articles.get(str(e.get("article_id")), {})
            e["event_date"] = _date(art.get("published_at")) or _date(art.get("fetched_at")) or now.date()
            e.setdefault("date_precision", "publication")
    def is_copy(e: dict[str, Any]) -> bool:
        return _s(articles.get(str(e.get("article_id")), {}).get("duplicate_of")) is not None

    # Originals first: a copy fetched before its original must still find the original's cluster.
    todo.sort(key=lambda e: (is_copy(e), fetched(e), str(e["id"])))

    dates = [_date(e["event_date"]) for e in todo]
    window = timedelta(days=cfg["window_days"])
    types = sorted({str(e["type"]) for e in todo})
    originals = {o for e in todo if (o := _s(articles.get(str(e.get("article_id")), {}).get("duplicate_of")))}
    profiles = [profile_of(e, cfg) for e in todo]
    for e, prof in zip(todo, profiles, strict=True):
        if (seen := fetched(e)) != datetime.max.replace(tzinfo=UTC):
            prof.seen = seen
    tol = int(cfg["date_tolerance_days"])
    # A week or month round-up reaches forward to its period's end; nothing reaches further back.
    period_ends = [period_days(p.event_date, p.period)[1] for p in profiles if p.period and p.event_date]
    clusters = _load_recent(con, types, min(d for d in dates if d) - window,
                            max(period_ends + [d for d in dates if d]) + window, originals, profiles, tol, cfg)

    # match_score rejects other types, dates more than date_tolerance_days apart and two different
    # places, so only the matching (type, day) buckets — narrowed to the same place plus clusters
    # with no place yet — are scored. Candidates are taken in list order, so ties resolve exactly as
    # a full scan would, and the cost per event no longer grows with how many clusters a day holds.
    by_day: dict[tuple[str, date], list[int]] = {}
    by_place: dict[tuple[str, date, str | None], list[int]] = {}
    by_sub: dict[tuple[str, date], list[int]] = {}  # clusters placed at district level, per (type, day)
    by_article: dict[str, set[int]] = {}  # article id -> clusters holding it (for copies)
    place_keys: dict[str | None, str | None] = {}

    def bucket_key(cl: _Cluster) -> tuple[str, date | None, str | None]:
        """(type, event_date, place) exactly as the profile would have them, without profiling."""
        if cl._profile is not None or cl.source is None:
            return cl.profile.type, cl.profile.event_date, cl.profile.place
        raw = _s(cl.source.get("place"))
        if raw not in place_keys:
            place_keys[raw] = _key(raw, cfg)
        return str(cl.source.get("type")), _date(cl.source.get("event_date")), place_keys[raw]

    # Evidence words -> clusters, per (type, day), built on first use: an event with neither place nor
    # admin1 can only match through text (match_score's last branch needs min_shared_content_words
    # shared words), so it scores only the clusters sharing that many, not the whole day.
    min_shared = int(cfg["min_shared_content_words"])
    venue_max = int(cfg["venue_candidates_max"])
    by_word: dict[tuple[str, date], dict[str, list[int]]] = {}

    def word_index(key: tuple[str, date]) -> dict[str, list[int]]:
        if key not in by_word:
            postings: dict[str, list[int]] = {}
            for i in by_day.get(key, ()):
                for w in clusters[i].profile.words:
                    postings.setdefault(w, []).append(i)
            by_word[key] = postings
        return by_word[key]

    def index(i: int, cl: _Cluster, *, learned_place: bool = False) -> None:
        cl.pos = i
        kind, day, place = bucket_key(cl)
        if day is not None:
            if not learned_place:  # a cluster that learned its place is already in its day's buckets
                by_day.setdefault((kind, day), []).append(i)
                if (kind, day) in by_word:
                    for w in cl.profile.words:
                        by_word[(kind, day)].setdefault(w, []).append(i)
            by_place.setdefault((kind, day, place), []).append(i)
            if is_sub_place(place):
                by_sub.setdefault((kind, day), []).append(i)

    for i, cl in enumerate(clusters):
        index(i, cl)
        for aid in cl.members:
            by_article.setdefault(aid, set()).add(i)

    def candidates(prof: Profile) -> list[int]:
        if prof.event_date is None:
            return list(range(len(clusters)))
        found: set[int] = set()
        text_only = prof.place is None and prof.admin1 is None and min_shared > 0
        for day in whole_days(prof, cfg):  # venue-less talks, placeless tolls: whole days, while small
            same_day = by_day.get((prof.type, day), ())
            if len(same_day) <= venue_max:
                found.update(same_day)
        if text_only and len(prof.words) < min_shared and not prof.vessels:
            return sorted(found)
        for day in match_days(prof, cfg):
            if text_only:
                postings = word_index((prof.type, day))
                shared = Counter(i for w in prof.words for i in postings.get(w, ()))
                found.update(i for i, n in shared.items() if n >= min_shared)
                if prof.type == "drone_strike":  # a named ship ties reports sharing few words (vessel_tie)
                    found.update(i for i in by_day.get((prof.type, day), ()) if i not in found and vessel_tie(
                        prof.words, prof.vessels, clusters[i].profile.words, clusters[i].profile.vessels))
            elif prof.place is None or is_sub_place(prof.place):
                found.update(by_day.get((prof.type, day), ()))
            else:
                for key in (prof.place, *prof.near, None):  # near: the town it says it lies outside
                    found.update(by_place.get((prof.type, day, key), ()))
                found.update(by_sub.get((prof.type, day), ()))
        return sorted(found)

    new_members: list[tuple[str, str, str, str | None, bool]] = []
    # Steps the tagger read from one sentence ("met in Istanbul and agreed a 1,000-for-1,000 swap"):
    # one round, so one cluster (docs/EVENT_IDENTITY.md, convention 1). Same day and place too: one
    # sentence may also recount an earlier step ("Friday's swap was the second this month, after
    # 185 were exchanged earlier in November").
    one_sentence: dict[tuple[Any, ...], _Cluster] = {}
    for event, prof in zip(todo, profiles, strict=True):
        aid = str(event.get("article_id"))
        art = articles.get(aid, {})
        best: tuple[float, _Cluster] | None = None
        original = _s(art.get("duplicate_of"))
        step = ((aid, _s(event.get("evidence")) or "", prof.event_date, prof.place)
                if prof.type == "negotiation" else None)
        if step is not None and step[1] and step in one_sentence:
            best = (0.0, one_sentence[step])
        elif original is not None:
            # A copy reports what its original reports, however differently its date resolved.
            best = _cluster_of_original(clusters, sorted(by_article.get(original, ())), event, window, prof, cfg)
        tolls = countries = 0
        regional: list[_Cluster] = []  # matches of a region-only report with a town's (or the reverse)
        for i in candidates(prof) if best is None else []:
            if aid in clusters[i].members:
                continue  # one article's events of one type are different events (the tagger merged its repeats)
            score = match_score(prof, clusters[i].profile, cfg)
            if score is None:
                continue
            if _toll_only(prof, clusters[i].profile, cfg):
                countries += 1
                tolls += _weak_tie(prof, clusters[i].profile) == "toll"
            if _region_only(prof, clusters[i].profile):
                regional.append(clusters[i])
            if best is None or score > best[0]:
                best = (score, clusters[i])
        if best is not None and len(regional) > 1 and best[1] in regional:
            # A region named alone fits each of the region's strikes that night: only the one whose
            # scene it tells is its own; with none (or several) it is none of them.
            # The scene told apart from the region's name first; then a region named by both (the
            # "Poltava region" beside "the Poltava regional governor" of the night's Kremenchuk fire).
            for regions in (True, False):
                if (scene := _most_of_its_scene(prof, regional, regions=regions)) is not None:
                    best = (best[0], scene)
                    break
        if best is not None and _toll_only(prof, best[1].profile, cfg) and (
                tolls > 1 if _weak_tie(prof, best[1].profile) == "toll" else countries > 1):
            # A figure shared with several of the day's events says nothing about which; a country
            # shared with several (country_match) neither.
            best = None
        if best is None:
            cl = _Cluster(row=_new_row(event, art, now), members=set(), _profile=prof, founded=True)
            clusters.append(cl)
            index(len(clusters) - 1, cl)
        else:
            cl = best[1]
            had_place = cl.profile.place
            _merge_into(cl.profile, prof)
            if had_place is None and cl.profile.place is not None:
                index(cl.pos, cl, learned_place=True)  # now also found under the place it learned
            for name in ("subtype", "place", "admin1", "country"):  # shown as the first report spelled it
                cl.row[name] = cl.row.get(name) or _s(event.get(name))
            _extend_row(cl.row, event, cl.profile.dates)
        independent = original is None or original not in cl.members
        cl.members.add(aid)
        by_article.setdefault(aid, set()).add(cl.pos)
        cl.touched = True
        seen = _ts(art.get("fetched_at"))
        if seen:
            first, last = _ts(cl.row.get("first_seen")), _ts(cl.row.get("last_seen"))
            cl.row["first_seen"] = min(seen, first) if first else seen
            cl.row["last_seen"] = max(seen, last) if last else seen
        new_members.append((cl.row["id"], str(event["id"]), aid, _source_of(art), independent))
        if step is not None and step[1]:
            one_sentence.setdefault(step, cl)

    touched = [cl for cl in clusters if cl.touched]
    if assigned is not None:
        assigned.update((event_id, cid) for cid, event_id, *_ in new_members)
    # Founded clusters whose id may be stored already (see ``replacing``).
    recheck = [cl.row["id"] for cl in touched
               if cl.founded and (not fresh or str(cl.row["representative_article_id"]) in replacing)]
    written = _write(con, touched, new_members, now, fresh=fresh, events_stored=assigned is None, recheck=recheck)
    clock = max((t for e in todo if (t := _ts(articles.get(str(e.get("article_id")), {}).get("fetched_at")))),
                default=now)
    # The batch's own clock (when its articles were fetched): replays and evaluations run in the past.
    bind_settled_tallies(con, clock, cfg, keep={cl.row["id"] for cl in touched})
    return written


def bind_settled_tallies(
    con: Any, clock: datetime, cfg: dict[str, Any], keep: set[str] | frozenset[str] = frozenset(),
    since: date | None = None,
) -> int:
    """Fold each settled night's tally cluster into the night's one struck place, if it had one.

    docs/EVENT_IDENTITY.md, convention 2: a nationwide tally and the night's hit are one event when
    that place is the one reported hit that night. Which it is can only be told once the night's
    reports are in: the tally usually comes first, and the first town reported used to claim it
    even when more towns followed. So a tally stays a cluster of its own (``country_match``); once
    ``clock`` is ``tally_settle_hours`` past the start of its date, a tally whose country has exactly
    one cluster with a place or region for that night (by the same attacker, not an afternoon or
    evening strike of the tally's own day) takes it in: the tally's members and their
    ``events.cluster_id`` move there, its row goes, the place's row is widened (dates, attackers,
    counts) and both days' counts are recounted. With none or several places it stays a country-level
    event, and is looked at again at each load while it was seen within ``window_days``: a town
    reported later can still complete a night, but a fold is never undone.

    ``keep``: clusters this call touched, whose ids the caller may still write into ``events`` (they
    wait for the next load). ``since``: also every tally dated from that day (a reprocess re-founds
    old tallies whose reports were seen long ago). Returns how many tally clusters were folded.
    """
    clock = clock.astimezone(UTC)
    settle = timedelta(hours=float(cfg["tally_settle_hours"]))
    cutoff = (clock - settle).date()
    seen_after = clock - settle - timedelta(days=int(cfg["window_days"]))
    tallies = [r for r in con.execute("""
        SELECT c.id, c.country, c.event_date, coalesce(c.date_lo, c.event_date), coalesce(c.date_hi, c.event_date),
               c.first_seen, c.last_seen, c.attackers, e.date_precision, c.representative_evidence
        FROM event_clusters c LEFT JOIN events e ON e.id = c.representative_event_id
        WHERE c.type = 'drone_strike' AND c.place IS NULL AND c.admin1 IS NULL AND c.country IS NOT NULL
          AND c.event_date <= ? AND (c.last_seen >= ? OR c.event_date >= ?)""",
        [cutoff, seen_after, since or cutoff + timedelta(days=1)]).fetchall()
        if r[0] not in keep and r[8] not in ("week", "month") and names_a_tally(r[9])]
    if not tallies:
        return 0
    countries = {_key(str(r[1]), cfg) for r in tallies}
    places: dict[str | None, list[tuple[Any, ...]]] = {}
    for row in con.execute("""
            SELECT id, country, event_date, coalesce(date_lo, event_date), coalesce(date_hi, event_date),
                   attackers, representative_evidence
            FROM event_clusters
            WHERE type = 'drone_strike' AND (place IS NOT NULL OR admin1 IS NOT NULL) AND country IS NOT NULL
              AND event_date BETWEEN ? AND ?""",
            [min(r[2] for r in tallies) - timedelta(days=1), max(r[2] for r in tallies) + timedelta(days=1)]
            ).fetchall():
        if (key := _key(str(row[1]), cfg)) in countries:
            places.setdefault(key, []).append(row)
    now = datetime.now(UTC)
    folded = 0
    for tid, country, day, t_lo, t_hi, first, last, t_attackers, _precision, _evidence in tallies:
        night = [p for p in places.get(_key(str(country), cfg), ())
                 if _of_the_night(day, t_lo, t_hi, t_attackers, p, cfg)]
        if len(night) != 1:
            continue
        pid, pday = night[0][0], night[0][2]
        moved = [r[0] for r in con.execute(
            "SELECT event_id FROM event_cluster_members WHERE cluster_id = ?", [tid]).fetchall()]
        con.execute("UPDATE event_cluster_members SET cluster_id = ? WHERE cluster_id = ?", [pid, tid])
        if moved:  # by id (the primary key), not by a scan of every event's cluster_id
            keyed, args = key_in(moved)
            con.execute(f"UPDATE events SET cluster_id = ? WHERE id IN {keyed}", [pid, *args])
        con.execute("DELETE FROM event_clusters WHERE id = ?", [tid])
        n_art, n_src = _member_stats(con, [pid]).get(pid, (0, 0))
        con.execute("""
            UPDATE event_clusters SET n_articles = ?, n_sources = greatest(?, 1),
                   first_seen = least(first_seen, ?), last_seen = greatest(last_seen, ?),
                   date_lo = least(coalesce(date_lo, event_date), ?),
                   date_hi = greatest(coalesce(date_hi, event_date), ?),
                   attackers = list_distinct(list_concat(coalesce(attackers, []::VARCHAR[]), ?::VARCHAR[])),
                   updated_at = ?
            WHERE id = ?""", [n_art, n_src, first, last, t_lo, t_hi, list(t_attackers or []), now, pid])
        refresh_daily_counts(con, [(day, "drone_strike"), (pday, "drone_strike")])
        folded += 1
    return folded


def _of_the_night(day: date, t_lo: date, t_hi: date, t_attackers: list[str] | None, place: tuple[Any, ...],
                  cfg: dict[str, Any]) -> bool:
    """Whether a place cluster can be the struck place of the tally's night: dated within a day of it
    with overlapping dates, not a daytime strike of the tally's own date (or the morning before), and
    by the same attacker when both name one."""
    _pid, _country, pday, p_lo, p_hi, p_attackers, evidence = place
    if abs((pday - day).days) > 1 or not (t_lo <= p_hi and p_lo <= t_hi):
        return False
    times = times_of_day(evidence)
    if (pday == day and times == {"evening"}) or (pday < day and times == {"morning"}):
        return False
    ka = {k for name in t_attackers or () for k in actor_keys(name, cfg) or ()}
    kb = {k for name in p_attackers or () for k in actor_keys(name, cfg) or ()}
    return not (ka and kb and not ka & kb)


def _cluster_of_original(
    clusters: list[_Cluster], holding: list[int], event: dict[str, Any], window: timedelta,
    prof: Profile, cfg: dict[str, Any],
) -> tuple[float, _Cluster] | None:
    """The cluster of the same type, near in date, that already holds the copy's original article.

    ``holding`` are the positions of the clusters that hold the original, in list order, so the
    first fit is the one a scan of every cluster would find. An original that reports several
    events of one type (a round-up of two cities' strikes) sits in several clusters: the copy's
    event then goes to the one it matches best, and only when none matches to the first fit. A copy's
    event naming a town other than a cluster's (a local paragraph a reprint adds to a wire story) is
    not that cluster's, and is matched as any other report.
    """
    when = _date(event.get("event_date"))
    fits = []
    for i in holding:
        cl = clusters[i]
        if cl.row.get("type") != _s(event.get("type")):
            continue
        day = _date(cl.row.get("event_date"))
        if _elsewhere(prof, cl.profile):
            continue  # a second event the copy carries beyond its original's (a town of its own)
        if when is None or day is None or abs(day - when) <= window:
            fits.append(cl)
    if len(fits) > 1:
        scored = [(score, -n) for n, cl in enumerate(fits) if (score := match_score(prof, cl.profile, cfg)) is not None]
        if scored:  # the best match; on a tie the first in list order
            return (1.0, fits[-max(scored)[1]])
    return (1.0, fits[0]) if fits else None


def _elsewhere(a: Profile, b: Profile) -> bool:
    """Two named places that are not one city (``_same_city``): the copy's event is not the cluster's."""
    return bool(a.place and b.place and a.place != b.place and not _same_city(a, b))


def _new_row(event: dict[str, Any], article: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {
        "id": _cluster_id(str(event["id"])),
        "type": _s(event.get("type")),
        "subtype": _s(event.get("subtype")),
        "place": _s(event.get("place")),
        "admin1": _s(event.get("admin1")),
        "country": _s(event.get("country")),
        "event_date": _date(event.get("event_date")),
        "first_seen": None,
        "last_seen": None,
        "n_articles": 0,
        "n_sources": 0,
        "representative_evidence": _s(event.get("evidence")),
        "representative_event_id": str(event["id"]),
        "representative_article_id": str(event.get("article_id")),
        "updated_at": now,
        "date_lo": _date(event.get("event_date")),
        "date_hi": _date(event.get("event_date")),
        "parties": sorted(set(_list(event.get("parties")))),
        "attackers": [a] if (a := _s(event.get("attacker"))) else [],
    }


def _write(
    con: Any, touched: list[_Cluster], members: list[tuple[str, str, str, str | None, bool]], now: datetime,
    *, fresh: bool = False, events_stored: bool = True, recheck: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Members first, then the touched cluster rows with their counts; returns those rows as stored.

    Why the work stays proportional to the batch (issue 4: cost per 1,000 new articles flat up to
    1 M stored): every statement here used to join a whole table (members, events, clusters) on
    the batch's ids, 0.1-0.2 s each at 10 M events. Now
    - a cluster this batch founded has no members but this batch's, so its counts come from
      ``members`` in Python, unless its id is stored already: only the ``recheck`` ids (None: all
      founded ids) can be, and those are looked up;
    - a stored cluster (one loaded by assign_clusters, or a rechecked id found) is deleted by id and
      recounted from its members, both through indexes (``key_in``: a parameter list; an
      ``IN (SELECT unnest(?))`` subquery becomes a hash join over the whole table);
    - the rows come back from ``INSERT … RETURNING`` instead of a second lookup;
    - ``events.cluster_id`` is set by the caller's INSERT when it passes ``events_stored=False``;
    - with ``fresh`` the daily counts get the batch's deltas (see ``_add_daily_counts``).
    """
    import pandas as pd

    if members:
        # DataFrame INSERT … SELECT: executemany costs about 1 ms a row (BENCHMARKS.md).
        frame = pd.DataFrame(members, columns=["cluster_id", "event_id", "article_id", "source", "independent"])
        con.register("cw_members", frame)
        try:
            con.execute("INSERT INTO event_cluster_members SELECT * FROM cw_members")
            if events_stored:
                con.execute("UPDATE events SET cluster_id = m.cluster_id FROM cw_members m "
                            "WHERE events.id = m.event_id")
        finally:
            con.unregister("cw_members")
    ids = [cl.row["id"] for cl in touched]
    if not ids:
        return []
    # The stored rows of the touched ids, with the (day, type) they were counted under: a stored
    # cluster never changes day or type, so a loaded one's row says it.
    was = {cl.row["id"]: (cl.row.get("event_date"), cl.row.get("type")) for cl in touched if not cl.founded}
    maybe = [cl.row["id"] for cl in touched if cl.founded] if recheck is None else sorted(recheck)
    if maybe:
        keyed, args = key_in(maybe)
        was.update((cid, (day, kind)) for cid, day, kind in con.execute(
            f"SELECT id, event_date, type FROM event_clusters WHERE id IN {keyed}", args).fetchall())
    if was:
        keyed, args = key_in(sorted(was))
        con.execute(f"DELETE FROM event_clusters WHERE id IN {keyed}", args)
    stats = _member_stats(con, sorted(was)) if was else {}
    batch_articles: dict[str, set[str]] = {}
    batch_sources: dict[str, set[str]] = {}
    for cid, _event, aid, source, independent in members:
        batch_articles.setdefault(cid, set()).add(aid)
        if independent and source is not None:
            batch_sources.setdefault(cid, set()).add(source)
    rows = []
    for cl in touched:
        cid = cl.row["id"]
        n_art, n_src = stats.get(cid, (0, 0)) if cid in was else (
            len(batch_articles.get(cid, ())), len(batch_sources.get(cid, ())))
        # Sources are outlets among independent members; a cluster of copies only still had one source.
        row = dict(cl.row, n_articles=n_art, n_sources=max(n_src, 1 if n_art else 0), updated_at=now,
                   first_seen=_ts(cl.row.get("first_seen")), last_seen=_ts(cl.row.get("last_seen")))
        rows.append(tuple(row[k] for k in _CLUSTER_COLUMNS))
    con.register("cw_clusters", pd.DataFrame(rows, columns=list(_CLUSTER_COLUMNS)))
    try:
        cur = con.execute(f"INSERT INTO event_clusters ({', '.join(_CLUSTER_COLUMNS)}) "
                          f"SELECT {', '.join(_CLUSTER_COLUMNS)} FROM cw_clusters RETURNING *")
        names = [d[0] for d in cur.description]
        written = sorted((dict(zip(names, r, strict=True)) for r in cur.fetchall()), key=lambda r: r["id"])
    finally:
        con.unregister("cw_clusters")
    keys = {cl.row["id"]: (cl.row.get("event_date"), cl.row.get("type")) for cl in touched}
    # A founded cluster whose id was stored: a changed article's event founding the cluster again
    # that its old version founded and other articles still hold. The row is replaced, possibly on
    # another day, so both days are recounted.
    replaced = [cl.row["id"] for cl in touched if cl.founded and cl.row["id"] in was]
    if fresh and not replaced:
        _add_daily_counts(con, keys, members, founded={cl.row["id"] for cl in touched if cl.founded})
    else:
        refresh_daily_counts(con, [*keys.values(), *was.values()])
    return written


def _member_stats(con: Any, ids: list[str]) -> dict[str, tuple[int, int]]:
    """Articles and independent sources (outlets) per stored cluster, counted from its members."""
    keyed, args = key_in(ids)
    return {cid: (n_art, n_src) for cid, n_art, n_src in con.execute(
        "SELECT cluster_id, COUNT(DISTINCT article_id), COUNT(DISTINCT source) FILTER (WHERE independent) "
        f"FROM event_cluster_members WHERE cluster_id IN {keyed} GROUP BY cluster_id", args).fetchall()}


def key_in(values: list[Any]) -> tuple[str, list[Any]]:
    """``(?, ?, …)`` and the values for up to 2,048 keys, else the ``unnest`` subquery and the list.

    Use as ``f"… WHERE col IN {sql}"`` with ``args``; ``values`` must not be empty. Why: DuckDB
    answers ``col IN (?, ?, …)`` on an indexed column (a primary key, UNIQUE, or CREATE INDEX) by
    index lookups when few rows match
    (``index_scan_max_count``, 2,048 by default), a cost that does not grow with the table, while
    ``col IN (SELECT unnest(?))`` is a hash join reading the whole column (0.03-0.2 s per
    statement at 1 M articles, 10 M events). Longer lists cost more to bind than one scan.
    """
    values = list(values)
    if len(values) <= _INDEX_LIST_MAX:
        return f"({', '.join('?' * len(values))})", values
    return _IN, [values]


_INDEX_LIST_MAX = 2048


def _add_daily_counts(
    con: Any, keys: dict[str, tuple[Any, Any]], members: list[tuple[str, str, str, str | None, bool]],
    founded: set[str],
) -> None:
    """Add one fresh batch's clusters and reports to ``daily_event_counts`` (``assign_clusters(fresh=True)``).

    Exact without reading any member: ``events`` grows by the clusters this batch founded (a stored
    cluster never changes day or type), and ``articles`` by the distinct independent articles the
    batch added to each (day, type): a fresh batch's articles are members of no stored cluster, so
    none of them was counted before. Why not recount (``refresh_daily_counts``): a recount reads
    every cluster and member of each touched day, and the days fill up as history grows (0.15 s
    per batch at 10 M events).
    """
    delta: dict[tuple[date, str], list[Any]] = {}
    for cid in founded:
        day, kind = keys[cid]
        if _date(day) is not None and _s(kind):
            delta.setdefault((_date(day), str(kind)), [0, set()])[0] += 1
    for cid, _event, aid, _source, independent in members:
        day, kind = keys[cid]
        if independent and _date(day) is not None and _s(kind):
            delta.setdefault((_date(day), str(kind)), [0, set()])[1].add(aid)
    rows = [(day, kind, n, len(arts)) for (day, kind), (n, arts) in sorted(delta.items()) if n or arts]
    if not rows:
        return
    import pyarrow as pa

    con.register("cw_daily_delta", pa.table({
        "day": pa.array([r[0] for r in rows], pa.date32()), "event_type": pa.array([r[1] for r in rows], pa.string()),
        "events": pa.array([r[2] for r in rows], pa.int64()), "articles": pa.array([r[3] for r in rows], pa.int64())}))
    try:
        con.execute("""
            INSERT INTO daily_event_counts_table BY NAME SELECT * FROM cw_daily_delta
            ON CONFLICT (day, event_type) DO UPDATE SET events = events + excluded.events,
                articles = articles + excluded.articles""")
    finally:
        con.unregister("cw_daily_delta")


def remove_events(con: Any, event_ids: list[str]) -> None:
    """Take events out of their clusters before they are deleted (an updated article, a re-tag).

    Runs in the caller's transaction. Emptied clusters disappear; the others get their counts
    recomputed and, if their representative left, the earliest remaining member stands in.
    """
    if not event_ids:
        return
    affected = [r[0] for r in con.execute(
        f"SELECT DISTINCT cluster_id FROM event_cluster_members WHERE event_id IN {_IN}", [event_ids]).fetchall()]
    if not affected:
        return
    days = con.execute(f"SELECT event_date, type FROM event_clusters WHERE id IN {_IN}", [affected]).fetchall()
    con.execute(f"DELETE FROM event_cluster_members WHERE event_id IN {_IN}", [event_ids])
    con.execute(f"""DELETE FROM event_clusters WHERE id IN {_IN}
                    AND id NOT IN (SELECT cluster_id FROM event_cluster_members)""", [affected])
    con.execute(f"""
        UPDATE event_clusters SET
            n_articles = s.n_art,
            n_sources = greatest(s.n_src, CASE WHEN s.n_art > 0 THEN 1 ELSE 0 END),
            representative_event_id = CASE WHEN s.has_rep THEN event_clusters.representative_event_id
                                           ELSE s.first_event END,
            representative_article_id = CASE WHEN s.has_rep THEN event_clusters.representative_article_id
                                             ELSE s.first_article END,
            representative_evidence = CASE WHEN s.has_rep THEN event_clusters.representative_evidence
                                           ELSE s.first_evidence END,
            updated_at = now()
        FROM (
            SELECT m.cluster_id,
                   COUNT(DISTINCT m.article_id) AS n_art,
                   COUNT(DISTINCT m.source) FILTER (WHERE m.independent) AS n_src,
                   bool_or(m.event_id = c.representative_event_id) AS has_rep,
                   min(m.event_id) AS first_event,
                   arg_min(m.article_id, m.event_id) AS first_article,
                   arg_min(e.evidence, m.event_id) AS first_evidence
            FROM event_cluster_members m
            JOIN event_clusters c ON c.id = m.cluster_id
            LEFT JOIN events e ON e.id = m.event_id
            WHERE m.cluster_id IN {_IN}
            GROUP BY m.cluster_id
        ) s
        WHERE event_clusters.id = s.cluster_id""", [affected])
    refresh_daily_counts(con, days)


def refresh_daily_counts(con: Any, keys: list[tuple[Any, Any]]) -> None:
    """Recompute the ``daily_event_counts`` rows of these (event_date, type) pairs from clusters and members.

    Why recompute instead of adding deltas: ``articles`` counts *distinct* independent articles per
    day and type, which a delta cannot keep exact when an article sits in several clusters of one
    day or leaves through a re-tag. Recomputing only the touched pairs keeps the table exactly what
    the 002 view computed, at the cost of the members of those days, never all history. Runs in the
    caller's transaction, so readers see counts and clusters change together.
    """
    pairs = sorted({(d, str(t)) for d, t in ((_date(d), _s(t)) for d, t in keys) if d is not None and t})
    if not pairs:
        return
    args = [[d for d, _ in pairs], [t for _, t in pairs]]
    keyset = "(SELECT unnest(?::DATE[]) AS day, unnest(?::VARCHAR[]) AS event_type)"
    con.execute(f"DELETE FROM daily_event_counts_table WHERE (day, event_type) IN (SELECT * FROM {keyset})", args)
    con.execute(f"""
        INSERT INTO daily_event_counts_table
        SELECT c.event_date, c.type, COUNT(DISTINCT c.id),
               COUNT(DISTINCT CASE WHEN m.independent THEN m.article_id END)
        FROM event_clusters c
        JOIN {keyset} k ON k.day = c.event_date AND k.event_type = c.type
        JOIN event_cluster_members m ON m.cluster_id = c.id
        GROUP BY c.event_date, c.type""", args)


def rebuild_daily_counts(con: Any) -> None:
    """Recompute every ``daily_event_counts`` row: for writers that bypass this module (bulk generation)."""
    con.execute("DELETE FROM daily_event_counts_table")
    con.execute("""
        INSERT INTO daily_event_counts_table
        SELECT c.event_date, c.type, COUNT(DISTINCT c.id),
               COUNT(DISTINCT CASE WHEN m.independent THEN m.article_id END)
        FROM event_clusters c
        JOIN event_cluster_members m ON m.cluster_id = c.id
        WHERE c.event_date IS NOT NULL
        GROUP BY c.event_date, c.type""")
