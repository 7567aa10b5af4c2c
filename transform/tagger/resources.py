"""Load the tagger's YAML data once and compile it into regexes.

Everything the rules depend on lives in `data/*.yaml`; the version string carries a hash of those
files so an event row always says which rule set produced it, and a reprocess run can tell stale
events from fresh ones.
"""

from __future__ import annotations

import hashlib
import json
import re
import re._compiler as _sre_compile  # the same compiler re.compile uses; see _scanned
import re._constants as _C  # the regex parser (3.11+): derives the first characters of a pattern
import re._parser as _sre_parse
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"
DATA_FILES = ("lexicon.yaml", "fields.yaml", "gazetteer.yaml", "gazetteer_geonames.yaml", "dates.yaml")
# Bump the calendar part when the engine code changes behaviour; the hash follows the data files.
ENGINE_VERSION = "2026.12.63"
# Entries kept by each per-sentence memo (places, dates, counts, actors, classification). Wire copy
# repeats sentences across articles (syndicated copies, updated reposts, boilerplate), and one article
# asks for the same sentence several times (classifying, grouping, building each event). Measured:
# about 330 bytes an entry, so all memos full cost some 60 MB; a 2,000-article batch uses about half.
# A memoised function must depend on nothing but its arguments: a rule that needs more context (the
# article, the publication time) must pass it in, so that it becomes part of the key.
SENTENCE_CACHE_SIZE = 16384


def lower(text: str) -> str:
    """Lower-cased text with the same length (and so the same offsets) as the input.

    Every lexicon pattern runs case-sensitively over lower-cased text, which Python's regex engine
    does about four times faster than IGNORECASE matching."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def lower_sentence(text: str) -> str:
    """`lower` for one sentence, with the dots of initialisms blanked (same length, same offsets).

    "U.S." / "U.N." end no clause, and cue patterns that stop at a full stop ("handed U.S. negotiators
    a draft") must read across them. Only the (memoised) sentence classifiers call this, so the
    whole-text scan does not pay for it."""
    if _INITIALISM.search(text):
        return lower(_INITIALISM.sub(lambda m: m.group().replace(".", " "), text))
    return lower(text)


def token_starts(sentence: str, words: list[str], starts: list[int], upto: int) -> list[int]:
    """Extend `starts` (offsets of `words`, the tokens `findall` returned for `sentence`) through
    token `upto`, and return it.

    Cheaper than a Match object per token: the gazetteer and actor lookups need the offsets of a few
    tokens only, and tokens open with a letter or digit while the gaps between them hold none, so
    the first occurrence of a token's text after the previous token is where the token starts."""
    pos = starts[-1] + len(words[len(starts) - 1]) if starts else 0
    for k in range(len(starts), upto + 1):
        pos = sentence.find(words[k], pos)
        starts.append(pos)
        pos += len(words[k])
    return starts


# Two or more capital letters each followed by a full stop ("U.S.", "U.K.", "U.N.").
_INITIALISM = re.compile(r"(?<![A-Za-z])[A-Z]\.(?:[A-Z]\.)+")


_CATS = {_C.CATEGORY_DIGIT: r"\d", _C.CATEGORY_WORD: r"\w", _C.CATEGORY_SPACE: r"\s"}
_REPEATS = {_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", _C.MAX_REPEAT)}
_ZERO = {_C.AT, _C.ASSERT, _C.ASSERT_NOT}


def _esc(code: int) -> str:
    """A character as it may appear inside a class."""
    ch = chr(code)
    return "\\" + ch if ch in "\\]^-[" else ch


def _first(items: Any) -> tuple[set[str], bool] | None:
    """(class items the first consumed char can be, whether the sequence can match empty)."""
    out: set[str] = set()
    for op, av in items:
        if op in _ZERO:
            continue
        if op is _C.LITERAL:
            out.add(_esc(av))
            return out, False
        if op is _C.IN:
            for iop, iav in av:
                if iop is _C.LITERAL:
                    out.add(_esc(iav))
                elif iop is _C.RANGE:
                    out.add(_esc(iav[0]) + "-" + _esc(iav[1]))
                elif iop is _C.CATEGORY and iav in _CATS:
                    out.add(_CATS[iav])
                else:
                    return None
            return out, False
        if op is _C.SUBPATTERN:
            if av[1] or av[2]:
                return None  # local flags
            sub = _first(av[3])
        elif op is _C.BRANCH:
            found = [_first(alt) for alt in av[1]]
            sub_all = [s for s in found if s is not None]
            if len(sub_all) < len(found):
                return None
            sub = (set().union(*(s[0] for s in sub_all)), any(s[1] for s in sub_all))
        elif op in _REPEATS:
            inner = _first(av[2])
            if inner is None:
                return None
            sub = (inner[0], inner[1] or av[0] == 0)
        else:
            return None
        if sub is None:
            return None
        out |= sub[0]
        if not sub[1]:
            return out, False
    return out, True


def _unscanned(op_av: tuple[Any, Any]) -> bool:
    """Whether the engine has no first-character scan of its own for a pattern opening with op_av:
    `\\b`, or an alternation whose branches do not all open with a literal ("\\(photo|\\bimage")."""
    op, av = op_av
    if op is _C.AT:
        return av is _C.AT_BOUNDARY
    return op is _C.BRANCH and not all(alt.data and alt.data[0][0] is _C.LITERAL for alt in av[1])


def prefiltered(rx: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern behind a lookahead on the characters a match can start with.

    Python's engine tries a `\\b(?:a|b|...)` alternation at every position of the text; the
    lookahead rejects most positions with one class test (the trigger patterns declare theirs in the
    data file; the cue patterns get theirs derived here). Only patterns that open with `\\b` (or an
    alternation not made of literals) gain: one that opens with a literal or a class is already
    scanned by its first character. A pattern whose start cannot be derived exactly is left as it
    is, so matches never change."""
    if rx.flags & (re.IGNORECASE | re.VERBOSE) or rx.pattern.startswith("(?"):
        return rx
    parsed = _sre_parse.parse(rx.pattern, rx.flags)
    if not parsed.data or not _unscanned(parsed.data[0]):
        return rx
    first = _first(parsed)
    if first is None or first[1] or not first[0]:
        return rx
    return _scanned(f"(?=[{''.join(sorted(first[0]))}])(?:{rx.pattern})", rx.flags, "".join(sorted(first[0])))


_COMPILE_LOCK = threading.Lock()


def _scanned(pattern: str, flags: int, first_chars: str) -> re.Pattern[str]:
    """Compile a pattern whose matches can only start with `first_chars`, telling the engine so.

    The lookahead alone makes the engine try the whole pattern at every position and fail fast; the
    engine also has a scan of its own (a "charset prefix": skip to the next character that can start
    a match) but derives it only for patterns that open with a literal or a class, never with `\b`
    or a lookahead. This hands it the set derived above (sound: `_first` is exact or gives up), so
    the search loop skips the other positions in C. About a fifth less time per cue search.
    The compiler's helper is swapped only for the duration of this compile, under a lock."""
    op, av = _sre_parse.parse(f"[{first_chars}]").data[0]
    charset = list(av) if op is _C.IN else [(op, av)]  # "[x]" parses as the literal x
    with _COMPILE_LOCK:
        original = _sre_compile._get_charset_prefix
        _sre_compile._get_charset_prefix = lambda _pattern, _flags: list(charset)
        try:
            return _sre_compile.compile(pattern, flags)
        finally:
            _sre_compile._get_charset_prefix = original


def _rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    # YAML folded scalars put spaces where lines broke; the patterns never need literal spaces
    # (they use \s), so dropping whitespace keeps long alternations readable in the data files.
    return re.compile(re.sub(r"\s+", "", pattern), flags)


@dataclass(frozen=True)
class Place:
    place: str
    kind: str
    admin1: str | None
    country: str | None
    lat: float
    lon: float
    # Imported from GeoNames (gazetteer_geonames.yaml) rather than written here: read only where a
    # sentence puts something at the place, since a town can share its name with a person.
    minor: bool = False


# Hashed by identity (eq=False), so per-sentence analyses can be memoised per loaded rule set with
# functools.lru_cache: a rule change means a new Resources object and so fresh cache entries.
@dataclass(eq=False)
class Resources:
    version: str
    trigger_drone: re.Pattern[str]
    trigger_negotiation: re.Pattern[str]
    # Both trigger alternations in one pattern (groups "d" and "n"): the article is scanned once.
    trigger_any: re.Pattern[str]
    rx: dict[str, re.Pattern[str]]
    gazetteer_index: dict[str, Place]
    gazetteer_max_words: int
    gazetteer_first_words: dict[str, int]  # first word of a name -> most words of a name starting so
    river_homonyms: frozenset[str]  # lower-cased city names that are rivers after "the"
    actor_index: dict[str, str]
    actor_max_words: int
    actor_first_words: dict[str, int]
    mediators: frozenset[str]
    adversary: dict[str, str]
    at_war: frozenset[frozenset[str]]  # pairs of sides at war with each other (fields.yaml actors.at_war)
    blocs: list[frozenset[str]]
    number_words: dict[str, int]
    vague_numbers: dict[str, int]
    number_rx: str
    counts: dict[str, str]
    scoring: dict[str, float]
    clutter_min_words: int
    dates: dict[str, Any]


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: the gazetteer loads ten times faster


def _load(name: str) -> Any:
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_YAML_LOADER)  # a safe loader (CSafeLoader or SafeLoader)


def _load_generated(name: str) -> Any:
    """A generated data file: one JSON object per list item (valid YAML flow style, see
    scripts/build_gazetteer.py). Read as JSON lines because building 9,000 mappings through the YAML
    constructor takes most of a second per process; any line of another shape falls back to YAML."""
    path = DATA_DIR / name
    items: list[Any] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("  - {"):
            items.append(json.loads(line[4:]))
        elif line.strip() and not line.startswith("#") and line != "places:":
            return _load(name)
    return {"places": items}


def data_hash() -> str:
    h = hashlib.sha256()
    for name in DATA_FILES:
        h.update(name.encode())
        h.update((DATA_DIR / name).read_bytes())
    return h.hexdigest()[:8]


def fold(text: str) -> str:
    """Text without its diacritics ("Bogotá" -> "Bogota", "Diafarabé" -> "Diafarabe"): reporting writes
    names both ways and the gazetteer holds one; letters with no decomposition (ø, ł) stay."""
    if text.isascii():
        return text
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _name_key(name: str) -> str:
    """A gazetteer name as looked up: lower case, one apostrophe, single spaces."""
    return " ".join(name.lower().replace("’", "'").split())


def _gazetteer(data: dict[str, Any], imported: dict[str, Any] | None = None) -> tuple[int, dict[str, Place]]:
    """Name -> place. The hand-written entries come first and always win; the imported towns only
    add names nobody wrote."""
    suffixes = data.get("region_suffixes") or []
    index: dict[str, Place] = {}
    rank = {"city": 0, "admin1": 1, "water": 2, "country": 3}
    for entry in data["places"]:
        place = Place(entry["place"], entry["kind"], entry.get("admin1"), entry.get("country"),
                      float(entry["lat"]), float(entry["lon"]))
        names = list(entry.get("names") or [])
        for stem in entry.get("stems") or []:
            names += [f"{stem} {suffix}" for suffix in suffixes]
            names += [f"{stem}ska oblast", f"{stem}'s region", f"{stem}’s region"]
        for name in names:
            key = re.sub(r"^the\s+", "", _name_key(name))
            # Two entries claiming one name: the more specific kind wins (a city over its region).
            if key in index and rank[index[key].kind] <= rank[place.kind]:
                continue
            index[key] = place
    for entry in (imported or {}).get("places") or []:
        place = Place(entry["place"], entry["kind"], entry.get("admin1"), entry.get("country"),
                      float(entry["lat"]), float(entry["lon"]), minor=True)
        for name in entry.get("names") or []:
            index.setdefault(_name_key(name), place)
    # A region outside Ukraine and Russia named bare ("struck a village in Sagaing", "in Magway"): the region, read
    # like an imported town only where the sentence puts something there, and not where it names a people too
    # ("Kachin"). After the imported towns, which win ("in Surin" is the town); in Ukraine, Russia and Belarus a
    # bare region name is its capital city.
    peoples = set(data.get("peoples") or [])
    for entry in data["places"]:
        if entry["kind"] != "admin1" or entry.get("country") in ("Ukraine", "Russia", "Belarus"):
            continue
        bare = Place(entry["place"], entry["kind"], entry.get("admin1"), entry.get("country"),
                     float(entry["lat"]), float(entry["lon"]), minor=True)
        for stem in entry.get("stems") or []:
            if stem not in peoples:
                index.setdefault(_name_key(stem), bare)
    for key, place in list(index.items()):
        index.setdefault(fold(key), place)  # a name written with diacritics, looked up without them
    return max(len(k.split()) for k in index), index


def first_words(index: dict[str, Any]) -> dict[str, int]:
    """For each word that starts a name in ``index``, the most words of such a name: the n-gram
    lookups skip tokens that start no name and never try longer n-grams than can exist."""
    out: dict[str, int] = {}
    for key in index:
        words = key.split()
        out[words[0]] = max(out.get(words[0], 0), len(words))
    return out


def _number_rx(words: dict[str, int], vague: dict[str, int]) -> str:
    word_alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    vague_alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(vague, key=len, reverse=True))
    return (rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{vague_alt})|(?:{word_alt})(?:[\s-]+(?:{word_alt}))?"
            rf"(?:\s+hundred)?(?:\s+thousand)?)")


_TRIGGER_SHAPE = re.compile(r"\\b\(\?=\[(?P<first>[a-z]+)\]\)\(\?:(?P<alt>.*)\)\\b")


def _combined_triggers(drone: str, negotiation: str) -> re.Pattern[str]:
    """One scan for both trigger lists. Each list is `\\b(?=[first letters])(?:alternatives)\\b`; no word
    is in both, so at any position at most one group can match and no match hides one of the other
    type (tests/tagger/test_trigger_scan.py compares the combined scan with the two single ones)."""
    parts = []
    for name, pattern in (("d", drone), ("n", negotiation)):
        shape = _TRIGGER_SHAPE.fullmatch(re.sub(r"\s+", "", pattern))
        if shape is None:
            raise ValueError(f"trigger pattern {name!r} is not of the form \\b(?=[...])(?:...)\\b")
        parts.append(shape)
    first = "".join(sorted(set(parts[0]["first"]) | set(parts[1]["first"])))
    return re.compile(rf"\b(?=[{first}])(?:(?P<d>{parts[0]['alt']})|(?P<n>{parts[1]['alt']}))\b")


@lru_cache(maxsize=1)
def load() -> Resources:
    lex = _load("lexicon.yaml")
    fields = _load("fields.yaml")
    gaz = _load("gazetteer.yaml")
    dates = _load("dates.yaml")
    rx: dict[str, re.Pattern[str]] = {}
    for section in ("drone", "negotiation", "modality", "timing"):
        for key, pattern in lex[section].items():
            rx[f"{section}.{key}"] = prefiltered(_rx(pattern))
    for key in ("line_prefix", "caption_inline"):
        rx[f"clutter.{key}"] = prefiltered(_rx(fields["clutter"][key]))
    actors_cfg = dict(fields["actors"])
    mediators = frozenset(actors_cfg.pop("mediators"))
    adversary = dict(actors_cfg.pop("adversary"))
    at_war = frozenset(frozenset(pair) for pair in actors_cfg.pop("at_war"))
    blocs = [frozenset(b) for b in actors_cfg.pop("blocs")]
    actor_index = {" ".join(str(word).split()): name for name, words in actors_cfg.items() for word in words}
    gaz_max, gaz_index = _gazetteer(gaz, _load_generated("gazetteer_geonames.yaml"))
    words = {str(k): int(v) for k, v in fields["numbers"]["words"].items()}
    vague = {str(k): int(v) for k, v in fields["numbers"]["vague"].items()}
    return Resources(
        version=f"{ENGINE_VERSION}+{data_hash()}",
        trigger_drone=_rx(lex["triggers"]["drone"]),
        trigger_negotiation=_rx(lex["triggers"]["negotiation"]),
        trigger_any=_combined_triggers(lex["triggers"]["drone"], lex["triggers"]["negotiation"]),
        rx=rx,
        gazetteer_index=gaz_index,
        gazetteer_max_words=gaz_max,
        gazetteer_first_words=first_words(gaz_index),
        river_homonyms=frozenset(name.lower() for name in gaz.get("river_homonyms") or []),
        actor_index=actor_index,
        actor_max_words=max(len(k.split()) for k in actor_index),
        actor_first_words=first_words(actor_index),
        mediators=mediators,
        adversary=adversary,
        at_war=at_war,
        blocs=blocs,
        number_words=words,
        vague_numbers=vague,
        number_rx=_number_rx(words, vague),
        counts={k: re.sub(r"\s+", "", v) for k, v in fields["counts"].items()},
        scoring={k: float(v) for k, v in fields["scoring"].items()},
        clutter_min_words=int(fields["clutter"]["min_words_without_verb"]),
        dates=dates,
    )
