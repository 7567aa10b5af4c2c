"""Who attacked whom, who sat at the table, and who claims it.

Actors are resolved from the canonical names in `data/fields.yaml`. The attacker of a strike is the
actor named as the drones' owner ("Russian drones"), or the subject of the launch ("Ukraine
launched"); failing that, the adversary of the side whose territory was hit.
"""

from __future__ import annotations

import re
from functools import lru_cache

from transform.tagger.resources import SENTENCE_CACHE_SIZE, Resources, token_starts

# (Not "Putin with a drone strike": what follows "with" is done to the name, not by it.)
# (Nor a speaker's "the Kremlin said two drones ...", nor a dateline's "TUAPSE, Russia - Ukrainian drones".)
_OWNER_GAP = re.compile(r"^(?:'s)?\s+(?!(?:with|against|on|at|by|of|into|over)\b|[-–—]\s)"
                        r"(?:(?!(?:said|says|say|reported|claimed|claims|announced|told|added|stated)\b)[\w-]+\s+){0,3}?"
                        r"(?:drones?|uavs?|shaheds?|gerans?|forces|military|"
                        r"army|troops|navy|attack|strike|"
                        r"kamikaze|long-range|sea|naval|unmanned)", re.IGNORECASE)
_SUBJECT_GAP = re.compile(r"^(?:'s)?\s+(?![-–—]\s)(?:[\w-]+\s+){0,3}?"
                          r"(?:launched|attacked|struck|hit|targeted|fired|sent|"
                          r"carried\s+out|"
                          r"unleashed|staged|conducted|used|mounted|pounded|bombarded)\b", re.IGNORECASE)
_DEFENDER_GAP = re.compile(r"^(?:'s)?\s+(?:[\w-]+\s+){0,2}?(?:air\s+defen[cs]es?|air\s+force|defen[cs]e\s+ministry|"
                           r"ministry\s+of\s+defen[cs]e|"
                           r"military|forces|army|navy)\b[^.]{0,60}?\b(?:shot\s+down|downed|intercepted|destroyed|neutrali[sz]ed|repelled)",
                           re.IGNORECASE)
# (Not interceptors, which defend, nor the people and plants named after drones: "drone operators", "a drone
# workshop", "drone units".)
_OWNED_DRONES = re.compile(r"(?:['’]s)?\s+(?:(?![\w-]*(?:es|ed)\s|interceptors?\b)[\w-]+\s+){0,2}?(?:drones?|uavs?|"
                           r"shaheds?|gerans?|kamikaze|unmanned|sea\s+drones?|naval\s+drones?)\b"
                           r"(?!\s+(?:units?|operators?|pilots?|crews?|teams?|workshops?|factor(?:y|ies)|plants?|makers?|"
                           r"producers?|industry|production|sites?|depots?|storage|warehouses?|forces|battalions?|"
                           r"brigades?|regiments?|interceptors?)\b)", re.IGNORECASE)
_DEMONYM = re.compile(r"(?:an|ese|ish|i)$", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W_][\w'’./]*[^\W_]|[^\W_]")  # hyphens split: "US-Ukraine talks"
_BY = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)
# "... accused Ukraine of attempting to kill Putin with a drone": the accused is the attacker claimed; "a drone
# launched from Yemen": where it was launched from.
_ACCUSED = re.compile(r"\b(?:accus(?:ed|es|ing)|(?:launched|fired|flown|sent)\s+from)\s+(?:the\s+)?$", re.IGNORECASE)
_COORDINATOR = frozenset(["and", "or", "but", "then"])
_PRONOUN = frozenset(["he", "she", "they", "it", "we", "i", "this", "that", "officials"])
_SAID = (r"(?:said|says|reported|reports|claimed|claims|stated|announced|wrote|posted|told|confirmed|added|declared|"
         r"alleged)\b(?!\s+to\s+(?:be|have)\b)")  # ("a command in Belgorod said to be used by officers")
_CLAIM = re.compile(
    r"(?:(?i:according\s+to)\s+(?P<src>[^,.;:]{3,80}))|(?:(?:^|[,;—–]\s*|\bas\s+)(?P<subj>(?:the\s+)?[A-Z“\"'][^,.;:]{1,80}?|the\s+[a-z][^,.;:]{1,60}?)\s+"
    + _SAID + ")|"
    # A source that closes the sentence after a comma, in lower case: ", regional governor Oleh Kiper said",
    # ", local officials said", ", an Israeli official told AFP", ", two industry sources said on Wednesday".
    # (Not a clause that ends in a participle: ", with no damage reported", ", though no date has been announced".)
    r"(?:,\s*(?P<tail>(?!(?:which|who|whom|that|and|but|or|as|he|she|they|it|we|i|you|this|these|those|there|"
    r"what|when|where|while|if|so|then|also|though|although|with|without|no|in|on|at|after|before|despite|"
    r"since|until|because|even|about|for|of|from|to|by|over|than|more|less|said|says|told|was|were|is|are|"
    r"has|have|had|[a-z]+ing)\b)"
    # (nor a time: ", hours after Trump said ...")
    r"(?!(?:\w+\s+)?(?:hours?|days?|weeks?|months?|minutes?|years?)\s+(?:after|before|since)\b)"
    r"(?![^,]*\b(?:that|which)\b)"
    r"(?!(?:a|an|the)\s+[\w'’-]+\s+(?:the|a|an)\s)"
    # (nor a noun told about: "a claim Kyiv has not confirmed", "an attack many said was a war crime")
    r"(?!(?:a|an|the)\s+(?:claim|figure|attack|act|move|step|account|version|charge|allegation|assertion|accusation|"
    r"strike|number|toll)\b)(?!(?:nobody|none)\b)[a-z][^,.;:\"“”]{1,60}?)\s+"
    # (nor a passive: ", explosions were reported", ", fires were reported")
    r"(?<!\bbeen\s)(?<!\bbe\s)(?<!\bbeing\s)(?<!\bwas\s)(?<!\bwere\s)(?<!\bis\s)(?<!\bare\s)(?<!\bnot\s)" + _SAID
    # (after the verb only the end, or a short adverbial: "said on Telegram", "told AFP on Friday"; not "said he
    # was disappointed", "said was aimed at the grid")
    + r"(?=(?:\s+(?:[A-Z][\w.'’-]*|on|in|at|a|an|the|its|his|her|their|late|early|last|this|overnight|yesterday|"
    r"today|earlier|later|[a-z]+day|morning|afternoon|evening|night|statement|post|message|update|address|video|"
    r"interview|briefing|conference|news|televised|online|social|media|channel|account)){0,7}\s*[.!?\"”’)]*\s*$"
    r"|,\s+adding\b))|"
    # The name set off by commas after its title: ", the head of the city administration, Tymur Tkachenko, said".
    r"(?:,\s+(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}),\s+" + _SAID + ")",
)


@lru_cache(maxsize=SENTENCE_CACHE_SIZE)
def _mentions_cached(sentence: str, res: Resources) -> tuple[tuple[str, int, int], ...]:
    return tuple(_mentions(sentence, res))


def mentions(sentence: str, res: Resources) -> list[tuple[str, int, int]]:
    """(actor, start, end) for each actor name in the sentence (memoised: the engine asks for the
    same sentence while classifying and again while building the event)."""
    return list(_mentions_cached(sentence, res))


def _mentions(sentence: str, res: Resources) -> list[tuple[str, int, int]]:
    """(actor, start, end) for each actor name in the sentence: a dict lookup of capitalised n-grams."""
    out: list[tuple[str, int, int]] = []
    words = _TOKEN.findall(sentence)
    starts: list[int] = []  # token offsets, found only as far as a name needs them
    index, firsts = res.actor_index, res.actor_first_words
    taken = 0  # tokens before this one belong to a name already found
    for i in [i for i, word in enumerate(words) if word[0].isupper()]:
        if i < taken:
            continue
        word = words[i]
        longest = firsts.get(word, 0)
        if not longest:
            # No name starts with this word; only the possessive form of a one-word name can match.
            if not (word.endswith(("'s", "’s")) and word[:-2] in index):
                continue
            longest = 1
        for n in range(min(longest, len(words) - i), 0, -1):
            key = " ".join(words[i:i + n])
            name = index.get(key)
            if name is None and key.endswith(("'s", "’s")):  # "Russia's", "South Sudan's"
                name = index.get(key[:-2])
                if n > 1 and name in res.mediators:
                    name = None  # ("the African Union's mission in Somalia": a go-between's own body)
            if name is not None:
                token_starts(sentence, words, starts, i + n - 1)
                out.append((name, starts[i], starts[i + n - 1] + len(words[i + n - 1])))
                taken = i + n
                break
    return out


def strike_actors(sentences: list[str], place_country: str | None, res: Resources) -> dict[str, object]:
    attacker = target = None
    owns_drones = False
    for s in sentences:
        said_attacker, said_target, said_owner = _sentence_roles(s, res)
        if attacker is None and said_attacker is not None:
            attacker, owns_drones = said_attacker, said_owner
        target = target or said_target
        if attacker and target:
            break
    if attacker is not None and attacker == place_country and place_country in res.adversary and not owns_drones:
        # A state does not drone its own city in an interstate war: "Ukraine's navy said..." beside a
        # strike on Odesa names a speaker, not the attacker. (Drones it is said to own are its own:
        # "Ukrainian FPV drones destroyed two Russian tanks near Kupiansk", in Ukraine.)
        attacker, target = res.adversary[place_country], place_country
    if target is None and place_country and place_country != attacker:
        target = place_country
    if attacker is None and target in res.adversary:
        attacker = res.adversary[target]
    if target is None and attacker in res.adversary:
        target = res.adversary[attacker]
    if attacker == target:
        target = res.adversary.get(attacker) if attacker else None
    return {"attacker": attacker, "target": target, "parties": [x for x in (attacker, target) if x]}


@lru_cache(maxsize=SENTENCE_CACHE_SIZE)
def _sentence_roles(s: str, res: Resources) -> tuple[str | None, str | None, bool]:
    """The first actor one sentence names as attacker, the first it names as defender, and whether the
    attacker is named as the drones' owner (memoised: an event's sentences are read again for every event
    they support)."""
    attacker = target = None
    owns = False
    for name, _start, end in mentions(s, res):
        tail = s[end:end + 80]
        owner = _OWNER_GAP.match(tail) or _SUBJECT_GAP.match(tail)
        if attacker is None and owner and not _DEFENDER_GAP.match(tail):
            attacker = name
            # Owned outright: "Ukrainian FPV drones", "Ukraine's sea drones" (not "the Moscow drone raid", a
            # city naming the target, nor "Russia produces Geran-2 attack drones").
            owns = bool(_OWNED_DRONES.match(tail)) and bool(_DEMONYM.search(s[_start:end])
                                                            or tail.startswith(("'s", "’s")))
        if target is None and _DEFENDER_GAP.match(tail):
            target = name
        if attacker is None and (_BY.search(s[max(0, _start - 12):_start])
                                 or _ACCUSED.search(s[max(0, _start - 20):_start])):
            attacker = name
    return attacker, target, owns


def negotiation_parties(sentences: list[str], res: Resources) -> dict[str, object]:
    parties: list[str] = []
    for s in sentences:
        for name, _s, _e in mentions(s, res):
            if name not in parties:
                parties.append(name)
    # Conflict parties first, mediators after: the order analysts read "Russia, Ukraine, United States".
    ordered = [p for _, p in sorted(enumerate(parties), key=lambda ip: (ip[1] in res.mediators, ip[0]))]
    return {"attacker": None, "target": None, "parties": ordered}


# Before a source: a dateline ("MOSCOW/KYIV — ", "KYIV, Dec 3 (Reuters) - ", or what is left of one after its
# comma, "Dec 3 (Reuters) - "), a time ("On Friday evening Vladimir Putin declared ..."), an article.
_LEAD_IN = re.compile(r"^(?:(?-i:[A-Z][A-Z/ .'’-]+(?:,\s*[\w .]{1,30}?)?(?:\s*\([^)]{1,40}\))?\s*[—–-]{1,2}\s+)|"
                      r"[^()—–]{0,30}\([^)]{1,40}\)\s*[—–-]{1,2}\s+)?"
                      r"(?:(?:on|late\s+on|early\s+on)\s+[A-Z][a-z]+day(?:\s+(?:morning|afternoon|evening|night))?,?\s+)?"
                      r"(?:(?:the|a|an)\s+)?", re.IGNORECASE)
# After a source: a tense's auxiliary and adverbs ("Vladimir Putin has declared", "Gladkov had earlier said").
_AUXILIARY_END = re.compile(r"(?:\s+(?:has|have|had|also|earlier|since|repeatedly|previously|already|later|"
                            r"(?:late|early)(?:\s+on\s+[A-Z][a-z]+day)?|(?<!Mail\s)on\s+[A-Z][a-z]+day|"
                            r"(?:last|this)\s+week))+$")
# A step is no source: "A 30-hour Easter truce declared by Putin ended ...".
_STEP_SUBJECT = re.compile(r"\b(?:truce|ceasefire|pause|moratorium|talks|deal|agreement|plan|proposal)$", re.IGNORECASE)
# Verbs that make a step as well as report one: "declared a ceasefire", "announced a swap".
_ACTING_VERB_END = re.compile(r"\b(?:announced|declared)$")


@lru_cache(maxsize=SENTENCE_CACHE_SIZE)
def attribution(sentence: str) -> str | None:
    """The source a sentence cites for its claim, as written ("Russia's defence ministry"); memoised,
    as every event asks it of each of its sentences."""
    acting: str | None = None
    for m in _CLAIM.finditer(sentence):
        raw = (m.group("src") or m.group("subj") or m.group("tail") or m.group("name") or "").strip(" \"'“”")
        raw = _LEAD_IN.sub("", raw)
        raw = _AUXILIARY_END.sub("", raw)
        words = raw.split()
        if not words or len(words) > 10 or raw.lower() in _PRONOUN or words[-1].lower() in _COORDINATOR:
            continue  # (" ... as a terrorist attack and declared that": a second verb of the subject, no source)
        # A long clause is not a source ("the strike, which hit a depot"): keep the last few words.
        if len(words) > 9:
            raw = " ".join(words[-9:])
        if _ACTING_VERB_END.search(m.group()):
            if _STEP_SUBJECT.search(raw):
                continue
            # "Putin declared an Easter truce, the Kremlin said": who declared the step is its actor; the
            # source is who reports it, when the sentence names one too.
            acting = acting or raw
            continue
        return raw
    return acting
