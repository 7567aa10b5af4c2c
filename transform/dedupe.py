"""Exact and near-duplicate articles, matched incrementally against recent signatures.

Why: syndicated wire copies, light rewrites and updated versions of one story would otherwise count
as separate reports. Exact copies are found by a hash of normalized text; near copies by MinHash
signatures whose LSH band hashes live in an indexed table, so a new batch probes only the band
hashes of articles fetched in the last ``window_days`` instead of rescanning history. LSH only
proposes candidates (its threshold sits well below the decision threshold); every candidate is then
verified on exact shingle sets, because MinHash estimates near the threshold are too noisy.

Settings are versioned data in ``transform/data/dedupe_settings.yaml``.
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

_WORD = re.compile(r"\w+", re.UNICODE)
# Typographic variants that syndication pipelines swap freely.
_TRANSLATE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """Dedupe settings from the versioned YAML file (loaded once per process)."""
    text = resources.files("transform").joinpath("data/dedupe_settings.yaml").read_text(encoding="utf-8")
    cfg: dict[str, Any] = yaml.safe_load(text)
    if cfg["lsh_bands"] * cfg["lsh_rows"] != cfg["num_perm"]:
        raise ValueError("dedupe_settings.yaml: lsh_bands * lsh_rows must equal num_perm")
    return cfg


def normalize_text(text: str) -> str:
    """Text as compared for duplicates: case, punctuation, quotes and spacing do not matter.

    Why so aggressive: copies of one wire story differ in typography (curly quotes, dashes, line
    breaks) far more often than in words, and those differences must not defeat the exact hash.
    """
    text = unicodedata.normalize("NFKC", text or "").translate(_TRANSLATE).casefold()
    return " ".join(_WORD.findall(text))


def content_hash(text: str) -> str:
    """sha256 hex of :func:`normalize_text` — the exact-duplicate key."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def shingles(text: str, k: int | None = None) -> set[str]:
    """Word k-shingles of the normalized text (a text shorter than k words is one shingle)."""
    k = k or int(settings()["shingle_words"])
    words = normalize_text(text).split()
    if not words:
        return set()
    if len(words) < k:
        return {" ".join(words)}
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def similarity(a: AbstractSet[Any], b: AbstractSet[Any]) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set) of two shingle sets.

    The union's size is |A| + |B| - |A∩B|: building the union set cost twice the intersection and
    was most of mark_duplicates' time, since a batch verifies ~100 LSH candidates per article.
    """
    if not a or not b:
        return 0.0, 0.0
    if len(a) > len(b):
        a, b = b, a
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter), inter / len(a)


def is_near_duplicate(
    a: AbstractSet[Any], b: AbstractSet[Any], cfg: dict[str, Any] | None = None
) -> tuple[bool, float]:
    """The exact verification step; returns (decision, score reported as `similarity`)."""
    jac, cont = similarity(a, b)
    return _decision(jac, cont, min(len(a), len(b)), cfg or settings())


def _decision(jac: float, cont: float, smaller: int, cfg: dict[str, Any]) -> tuple[bool, float]:
    """The thresholds of :func:`is_near_duplicate`, given the two scores and the smaller set's size."""
    if jac >= cfg["jaccard_threshold"]:
        return True, jac
    if smaller >= cfg["min_shingles_for_containment"] and cont >= cfg["containment_threshold"]:
        return True, cont
    return False, max(jac, cont)


_FIGURE = re.compile(r"\d+(?:[.,]\d+)?")
# A clock time ("as of 08:30") and a year ("since November 2024") are a template's furniture: they
# recur in every day's bulletin, so they would make two nights' figures look shared.
_NOT_A_FIGURE = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b(?:19|20)\d{2}\b")


_NUMBER_WORDS = {w: str(n) for n, w in enumerate([
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])}
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)


def figures(text: str) -> frozenset[str]:
    """The numbers a text states (tolls, drone counts, dates), as written; clock times and years left out.

    Numbers written as words ("wounding three civilians") count as their digits, and a weekday
    ("early on Sunday") counts as a figure too: it is what a daily template changes besides its counts.
    """
    text = _NOT_A_FIGURE.sub(" ", text)
    words = {_NUMBER_WORDS[m.group().casefold()] for m in _NUMBER_WORD.finditer(text)}
    days = {m.group().casefold() for m in _WEEKDAY.finditer(text)}
    return frozenset(_FIGURE.findall(text)) | words | days


def figures_differ(a: frozenset[str], b: frozenset[str], cfg: dict[str, Any]) -> bool:
    """Same template, different report: the words agree, the figures do not.

    Why: an outlet's daily bulletin ("overnight Russia attacked with N drones, M were shot down ...")
    repeats most of its wording every day, so shingles call two days' bulletins copies. A copy, a
    rewrite or an update keeps most of its figures (an update changes a toll or two); two reports
    of different nights share almost none. So when both texts state at least
    ``template_min_figures`` numbers and fewer than ``template_shared_figures`` of the smaller set
    recur in the other, they are not duplicates, however alike the words.
    """
    smaller = min(len(a), len(b))
    return smaller >= cfg["template_min_figures"] and len(a & b) / smaller < cfg["template_shared_figures"]


# Sentences of an article (a headline or paragraph line ends one too).
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)
# Where a sentence puts its report: a capitalised name after a place preposition ("in Bint Jbeil", "south
# of Tyre", "in the town of Izium") or before a unit word ("the Korabelnyi district").
_PLACE_NAME = re.compile(
    r"\b(?:in|near|outside|of|at)\s+(?:the\s+)?(?:(?:city|town|village|port|district|region)\s+of\s+)?"
    r"(?P<after>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
    r"|\b(?P<before>[A-Z][\w'’-]+)\s+(?:district|region|oblast|province|raion)\b")
# "of Ukrainian drones", "in Yemeni waters", "of Congolese troops": an adjective after the preposition, not a
# place ("Korabelnyi", "Kyivskyi": district names in -yi are places).
_ADJECTIVE_END = re.compile(r"(?:ian|ean|ese|(?<!y)i|ish|ic)$")


def _place_names(sentence: str) -> set[str]:
    out = set()
    for m in _PLACE_NAME.finditer(sentence):
        name = normalize_text(re.sub(r"['’]s$", "", m.group("after") or m.group("before")))
        if name and (m.group("before") or not _ADJECTIVE_END.search(name.split()[0])):
            out.add(name)
    return out


def places_replaced(a: str, b: str) -> bool:
    """Same template, other place: each text puts its own sentences in a place the other never names.

    Why: one outlet's report template ("An Israeli drone strike on a car in X killed one person on
    Tuesday, the health ministry said" + the same background paragraphs) shares most shingles and
    every figure between two towns' strikes, so neither the shingle nor the figure test tells them
    apart. A copy, a rewrite or an update rewords its own sentences (a new intro, a dateline, a
    local paragraph) but never moves the story: the places its own sentences name recur somewhere
    in the other text, or it names none the other lacks. So only the sentences a text does not share
    with the other are read, and a copy is refused only when both sides name such a place.
    Runs on verified candidates only (a few per article), never on the LSH probe.
    """
    norm_a, places_a, text_a = _sentences(a)
    norm_b, places_b, text_b = _sentences(b)

    def own_places(places: tuple[tuple[str, frozenset[str]], ...], other_norm: frozenset[str], other_text: str) -> bool:
        return any(f" {name} " not in other_text for sent, names in places if sent not in other_norm for name in names)

    return own_places(places_a, norm_b, text_b) and own_places(places_b, norm_a, text_a)


@lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[frozenset[str], tuple[tuple[str, frozenset[str]], ...], str]:
    """(normalized sentences, (normalized sentence, place names) for those naming a place, " joined text ").

    Cached: in a batch of wire copies one text is checked against each of its verified candidates.
    """
    sents = [(normalize_text(s), s) for s in _SENTENCE.findall(text) if s.strip()]
    norm = frozenset(n for n, _ in sents)
    places = tuple((n, frozenset(names)) for n, s in sents if (names := _place_names(s)))
    return norm, places, f" {' '.join(n for n, _ in sents)} "


def _verify_many(
    query: Any, candidates: list[Any], mask: Any, cfg: dict[str, Any]
) -> list[tuple[bool, float]]:
    """:func:`is_near_duplicate` of one shingle-id array against many, with one vectorised count.

    Why: a batch verifies ~100 LSH candidates per article, and one Python set intersection per pair
    was most of mark_duplicates' time. ``mask`` is an all-False boolean array over the shingle ids;
    it is set for the query's ids, every candidate id is looked up at once, and it is cleared again.
    The intersection sizes are exact counts, and the scores use the same integer arithmetic as
    :func:`similarity`, so decisions and reported scores are the same as pair by pair.
    """
    import numpy as np

    if not candidates:
        return []
    sizes = [len(c) for c in candidates]
    mask[query] = True
    try:
        hits = np.cumsum(mask[np.concatenate(candidates)], dtype=np.int64)
    finally:
        mask[query] = False
    ends = np.cumsum(sizes, dtype=np.int64)
    hits = np.concatenate(([0], hits))
    inters = (hits[ends] - hits[ends - np.asarray(sizes, dtype=np.int64)]).tolist()
    out = []
    n = len(query)
    for inter, size in zip(inters, sizes, strict=True):
        if not n or not size:
            out.append(_decision(0.0, 0.0, min(n, size), cfg))
            continue
        smaller = min(n, size)
        out.append(_decision(inter / (n + size - inter), inter / smaller, smaller, cfg))
    return out


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int, scheme: str) -> Any:
    """The permutations MinHash draws from its seed, drawn once per process instead of per document."""
    from datasketch import MinHash  # heavy import: only when signatures are computed

    return MinHash(num_perm=num_perm, seed=seed, scheme=scheme).permutations


def _minhash(sh: set[str], cfg: dict[str, Any]) -> Any:
    """MinHash of the shingles, hashed as datasketch's default does (the first four bytes of SHA-1,
    little-endian, as ``sha1_hash32``) but in one comprehension, then handed over with ``int`` as the
    hash function (a C call that returns the value as it is): the same values, so stored signatures
    still compare, without a Python function call per shingle."""
    from datasketch import MinHash

    perms = _permutations(cfg["num_perm"], cfg["minhash_seed"], cfg["minhash_scheme"])
    m = MinHash(num_perm=cfg["num_perm"], seed=cfg["minhash_seed"], scheme=cfg["minhash_scheme"], permutations=perms,
                hashfunc=int)
    sha1, from_bytes = hashlib.sha1, int.from_bytes
    m.update_batch([from_bytes(sha1(s.encode("utf-8")).digest()[:4], "little") for s in sh])
    return m


def signature(text: str) -> tuple[bytes | None, list[int], int]:
    """(packed MinHash or None if too short, LSH band hashes, number of shingles) for one text."""
    return _signature_of(shingles(text))


def _signature_of(sh: set[str]) -> tuple[bytes | None, list[int], int]:
    cfg = settings()
    if len(sh) < cfg["min_shingles"]:
        return None, [], len(sh)
    values = _minhash(sh, cfg).hashvalues
    packed = struct.pack(f"<{len(values)}I", *(int(v) for v in values))
    return packed, band_hashes(packed, cfg), len(sh)


# Signatures computed by mark_duplicates, so that store_signatures (the load stage, same batch) does
# not shingle and MinHash every text a second time. Keyed by sha256 of the exact text, so a hit is
# the signature of that very text; bounded, and only a shortcut: a miss recomputes.
_SIGNATURE_CACHE: dict[bytes, tuple[bytes | None, bytes, int]] = {}
_SIGNATURE_CACHE_MAX = 20_000


def _text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def _settings_fingerprint(cfg: dict[str, Any] | None = None) -> str:
    """What a signature depends on besides the text; a sidecar written under other settings is ignored."""
    cfg = cfg or settings()
    return ":".join(str(cfg[k]) for k in ("shingle_words", "num_perm", "minhash_seed", "minhash_scheme",
                                          "lsh_bands", "lsh_rows", "min_shingles"))


def _remember(key: bytes, packed: bytes | None, bands: list[int], n: int) -> None:
    if len(_SIGNATURE_CACHE) >= _SIGNATURE_CACHE_MAX:
        _SIGNATURE_CACHE.clear()
    _SIGNATURE_CACHE[key] = (packed, struct.pack(f"<{len(bands)}Q", *bands), n)


def _cached_signature(text: str) -> tuple[bytes | None, list[int], int]:
    """:func:`signature` of the text, from the cache when mark_duplicates already computed it."""
    hit = _SIGNATURE_CACHE.get(_text_key(text))
    if hit is None:
        return signature(text)
    packed, bands, n = hit
    return packed, list(struct.unpack(f"<{len(bands) // 8}Q", bands)), n


def signature_sidecar(articles: list[dict[str, Any]]) -> Any:
    """The cached signatures of these articles as a DataFrame, for the load stage of another process.

    Why: Airflow runs dedupe and load as separate tasks; the dedupe stage writes this next to
    articles.parquet and the load stage hands it to :func:`remember_signatures`.
    """
    import pandas as pd

    rows = []
    fingerprint = _settings_fingerprint()
    for art in articles:
        key = _text_key(art.get("text") or "")
        hit = _SIGNATURE_CACHE.get(key)
        if hit is not None:
            rows.append({"text_key": key, "minhash": hit[0], "bands": hit[1], "n_shingles": hit[2],
                         "settings": fingerprint})
    return pd.DataFrame(rows, columns=["text_key", "minhash", "bands", "n_shingles", "settings"])


def remember_signatures(frame: Any) -> int:
    """Load a :func:`signature_sidecar` frame into the cache; rows from other settings are skipped."""
    fingerprint = _settings_fingerprint()
    count = 0
    for row in frame.itertuples(index=False):
        if row.settings != fingerprint:
            continue
        if len(_SIGNATURE_CACHE) >= _SIGNATURE_CACHE_MAX:
            _SIGNATURE_CACHE.clear()
        _SIGNATURE_CACHE[bytes(row.text_key)] = (
            None if row.minhash is None else bytes(row.minhash), bytes(row.bands), int(row.n_shingles))
        count += 1
    return count


def band_hashes(packed: bytes, cfg: dict[str, Any] | None = None) -> list[int]:
    """One unsigned 64-bit hash per LSH band; the band number is mixed in so bands never collide."""
    cfg = cfg or settings()
    rows = cfg["lsh_rows"]
    width = 4 * rows
    out = []
    for band in range(cfg["lsh_bands"]):
        digest = hashlib.blake2b(
            packed[band * width : (band + 1) * width],
            digest_size=8,
            person=band.to_bytes(2, "little") + b"cwlsh",
        ).digest()
        out.append(int.from_bytes(digest, "little"))
    return out


def _ts(value: Any) -> datetime:
    """Timestamps arrive as datetime or ISO strings; compare them as aware UTC datetimes."""
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str) and value:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return datetime.now(UTC)


def _str_or_none(value: Any) -> str | None:
    """Records often come from pandas, where a missing string is NaN (truthy) rather than None."""
    return value if isinstance(value, str) and value else None


def _chunks(items: list[Any], size: int = 2000) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _recent_candidates(
    con: Any, hashes: dict[str, list[int]], content_hashes: set[str], cutoff: datetime, exclude: set[str]
) -> tuple[dict[str, str], dict[int, set[str]]]:
    """Stored recent articles sharing a content hash or an LSH band with the batch.

    Returns ({content_hash: stored article id (root)}, {band_hash: {stored article ids}}).
    Each probe is ONE statement with the whole batch's keys as a list: DuckDB runs ``IN (SELECT
    unnest(?))`` as a hash semi-join over one scan of the table, so the 2,000-key chunks this used to
    send scanned the 40 M band rows of a 1 M-article warehouse twenty times (5x slower at 100 k).
    """
    exact: dict[str, str] = {}
    if content_hashes:
        rows = con.execute(
            "SELECT content_hash, article_id, duplicate_of, fetched_at FROM article_signatures "
            "WHERE content_hash IN (SELECT unnest(?::VARCHAR[])) AND fetched_at >= ? "
            "ORDER BY fetched_at, article_id",
            [sorted(content_hashes), cutoff],
        ).fetchall()
        for ch, aid, dup_of, _ in rows:
            if aid in exclude:
                continue
            exact.setdefault(ch, dup_of or aid)
    band_hits: dict[int, set[str]] = {}
    all_bands = sorted({b for bands in hashes.values() for b in bands})
    if all_bands:
        rows = con.execute(
            "SELECT band_hash, article_id FROM article_signature_bands "
            "WHERE band_hash IN (SELECT unnest(?::UBIGINT[])) AND fetched_at >= ?",
            [all_bands, cutoff],
        ).fetchall()
        for bh, aid in rows:
            if aid not in exclude:
                band_hits.setdefault(int(bh), set()).add(aid)
    return exact, band_hits


def _stored_texts(con: Any, ids: set[str]) -> dict[str, tuple[str, str | None, datetime]]:
    """Text, root and fetched_at of the few verified-candidate articles (primary-key lookups)."""
    out: dict[str, tuple[str, str | None, datetime]] = {}
    for chunk in _chunks(sorted(ids)):
        rows = con.execute(
            "SELECT id, text, duplicate_of, fetched_at FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))",
            [chunk],
        ).fetchall()
        for aid, text, dup_of, fetched in rows:
            out[aid] = (text or "", dup_of, fetched)
    return out


def mark_duplicates(con: Any, articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fill duplicate_of / duplicate_kind / similarity for one new batch.

    Matches within the batch and against stored articles
    fetched within ``window_days`` before the batch's earliest fetch. Stored articles always win
    over the batch, because they were seen first. ``duplicate_of`` always names the root original.
    An article whose id is already stored (an updated version at the same URL) is never matched
    against itself. Within one batch every page is "seen" in the same minute, so the earlier
    publication decides which is the original (then fetch time, then id): a wire story's first
    publisher stays the original even when its feed happened to be fetched second.
    """
    cfg = settings()
    for art in articles:
        if not art.get("content_hash"):
            art["content_hash"] = content_hash(art.get("text") or "")
        art["duplicate_of"] = None
        art["duplicate_kind"] = None
        art["similarity"] = None
    if not articles:
        return articles
    ordered = sorted(articles, key=lambda a: (_ts(a.get("published_at")) or _ts(a.get("fetched_at")),
                                              _ts(a.get("fetched_at")), a["id"]))
    cutoff = min(_ts(a.get("fetched_at")) for a in ordered) - timedelta(days=cfg["window_days"])
    batch_ids = {a["id"] for a in ordered}

    # Verification compares shingles as small ints (one id per distinct shingle string in this call,
    # so equal ids <=> equal strings): the same sizes and intersections as the string sets.
    vocab: dict[str, int] = {}

    def ids_of(sh: set[str]) -> frozenset[int]:
        return frozenset([vocab.setdefault(s, len(vocab)) for s in sh])

    sigs: dict[str, tuple[bytes | None, list[int], frozenset[int]]] = {}
    for art in ordered:
        text = art.get("text") or ""
        sh = shingles(text)
        packed, bands, n = _signature_of(sh)
        _remember(_text_key(text), packed, bands, n)
        sigs[art["id"]] = (packed, bands, ids_of(sh))

    stored_exact, band_hits = _recent_candidates(
        con, {k: v[1] for k, v in sigs.items()}, {a["content_hash"] for a in ordered}, cutoff, batch_ids
    )
    stored_cand_ids = {aid for ids in band_hits.values() for aid in ids}
    stored = _stored_texts(con, stored_cand_ids) if stored_cand_ids else {}
    stored_sh = {aid: ids_of(shingles(text)) for aid, (text, _, _) in stored.items()}
    arrays = _IdArrays(vocab, {k: v[2] for k, v in sigs.items()}, stored_sh)
    arrays.texts = {a["id"]: a.get("text") or "" for a in ordered}
    arrays.texts.update({aid: text for aid, (text, _, _) in stored.items()})

    seen_hash: dict[str, str] = {}  # content_hash -> earliest batch original
    batch_bands: dict[int, list[str]] = {}
    root_of: dict[str, str] = {}
    for art in ordered:
        aid, ch = art["id"], art["content_hash"]
        packed, bands, _ = sigs[aid]
        if ch in stored_exact:
            _mark(art, stored_exact[ch], "exact", 1.0)
        elif ch in seen_hash:
            _mark(art, seen_hash[ch], "exact", 1.0)
        elif bands:
            best = _best_near(aid, bands, band_hits, stored, batch_bands, arrays, root_of, cfg)
            if best:
                _mark(art, best[0], "near", round(best[1], 4))
        root = art["duplicate_of"] or aid
        root_of[aid] = root
        seen_hash.setdefault(ch, root)
        for b in bands:
            batch_bands.setdefault(b, []).append(aid)
    return articles


def _mark(art: dict[str, Any], original: str, kind: str, score: float) -> None:
    art["duplicate_of"], art["duplicate_kind"], art["similarity"] = original, kind, score


class _IdArrays:
    """Shingle-id arrays of the batch and of stored candidates, the shared lookup mask, and each
    text (for :func:`places_replaced`) and its figures (for :func:`figures_differ`).

    Figures are read from a text the first time a verified candidate needs them: most articles of
    a batch have no near-duplicate, and reading every text's figures up front was a fifth of
    ``mark_duplicates`` (BENCHMARKS.md, eleventh session)."""

    def __init__(
        self, vocab: dict[str, int], batch: dict[str, frozenset[int]], stored: dict[str, frozenset[int]],
    ) -> None:
        import numpy as np

        def arr(ids: frozenset[int]) -> Any:
            return np.fromiter(ids, dtype=np.int64, count=len(ids))

        self.batch = {k: arr(v) for k, v in batch.items()}
        self.stored = {k: arr(v) for k, v in stored.items()}
        self.mask = np.zeros(len(vocab), dtype=bool)
        self.texts: dict[str, str] = {}
        self._figures: dict[str, frozenset[str]] = {}

    def figures(self, aid: str) -> frozenset[str]:
        got = self._figures.get(aid)
        if got is None:
            got = self._figures[aid] = figures(self.texts.get(aid, ""))
        return got

    def other_report(self, aid: str, cand: str, cfg: dict[str, Any]) -> bool:
        """A verified candidate that is the same template's report of other figures or another place."""
        return figures_differ(self.figures(aid), self.figures(cand), cfg) or (
            places_replaced(self.texts.get(aid, ""), self.texts.get(cand, "")))


def _best_near(
    aid: str,
    bands: list[int],
    band_hits: dict[int, set[str]],
    stored: dict[str, tuple[str, str | None, datetime]],
    batch_bands: dict[int, list[str]],
    arrays: _IdArrays,
    root_of: dict[str, str],
    cfg: dict[str, Any],
) -> tuple[str, float] | None:
    """The verified near-duplicate with the highest score; stored articles before batch ones.

    Ties go to the earliest seen, so the root named is the first-seen original.
    """
    best: tuple[str, float, tuple[int, datetime | str]] | None = None
    query = arrays.batch[aid]
    stored_ids = [c for c in {c for b in bands for c in band_hits.get(b, ())} if c in stored]
    checks = _verify_many(query, [arrays.stored[c] for c in stored_ids], arrays.mask, cfg)
    for cand, (ok, score) in zip(stored_ids, checks, strict=True):
        if ok:
            _text, dup_of, fetched = stored[cand]
            key = (0, _ts(fetched))
            if (best is None or score > best[1] or (score == best[1] and key < best[2])) and (
                    not arrays.other_report(aid, cand, cfg)):
                best = (dup_of or cand, score, key)
    batch_cands = sorted({c for b in bands for c in batch_bands.get(b, ()) if c != aid})
    checks = _verify_many(query, [arrays.batch[c] for c in batch_cands], arrays.mask, cfg)
    for order, (cand, (ok, score)) in enumerate(zip(batch_cands, checks, strict=True)):
        if ok and (best is None or score > best[1]) and not arrays.other_report(aid, cand, cfg):
            best = (root_of[cand], score, (1, str(order)))
    return (best[0], best[1]) if best else None


def store_signatures(con: Any, articles: list[dict[str, Any]]) -> None:
    """Persist signatures and LSH bands of loaded articles (inside the caller's load transaction).

    Copies are stored too: a later copy may be closer to an earlier copy than to the original,
    and the stored root (``duplicate_of``) keeps every match pointing at the first-seen original.
    Re-storing an article (updated version at the same URL) replaces its previous signature.
    """
    if not articles:
        return
    now = datetime.now(UTC)
    sig_rows = []
    band_rows = []
    for art in articles:
        packed, bands, n = _cached_signature(art.get("text") or "")
        fetched = _ts(art.get("fetched_at"))
        ch = art.get("content_hash") or content_hash(art.get("text") or "")
        sig_rows.append((art["id"], ch, packed, n, _str_or_none(art.get("duplicate_of")), fetched, now))
        band_rows.extend((b, art["id"], fetched) for b in bands)
    _delete_stored(con, [r[0] for r in sig_rows])
    _insert_signatures(con, sig_rows)
    if band_rows:
        _insert_bands(con, band_rows)
    prune_bands(con, min((r[5] for r in sig_rows if r[5] is not None), default=None))


def prune_bands(con: Any, oldest_fetch: datetime | None) -> int:
    """Drop LSH band rows that no later batch can probe; returns how many went.

    Why: a batch probes only bands fetched within ``window_days`` before its earliest fetch, but the
    probe still reads the band column of every stored row — 40 rows per article, so 40 M at 1 M
    articles and a cost per batch that grew with history. Bands older than the window (plus a day
    of slack for batches fetched out of order) can never match again, so the table holds one window
    of articles and the probe stays flat. Signatures (one row per article) are kept: the exact-hash
    match and ``duplicate_of`` roots still see all history.
    """
    if oldest_fetch is None:
        return 0
    horizon = oldest_fetch - timedelta(days=int(settings()["window_days"]) + 1)
    return int(con.execute("DELETE FROM article_signature_bands WHERE fetched_at < ?", [horizon]).fetchall()[0][0])


def _delete_stored(con: Any, ids: list[str]) -> None:
    """Drop the signature and bands of those of ``ids`` that are stored (updated versions at a known URL).

    Why look first: a DELETE scans the whole table however few rows match, and the band table holds
    40 rows per article (40 M at 1 M articles) while almost every loaded article is new. The
    signature table (one row each) says which ids have bands, so the band table is touched only when
    some article is really replaced.
    """
    known = [r[0] for r in con.execute(
        "SELECT article_id FROM article_signatures WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
    ).fetchall()]
    if not known:
        return
    for table in ("article_signature_bands", "article_signatures"):
        con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [known])


def _insert_signatures(con: Any, rows: list[tuple[Any, ...]]) -> None:
    """Bulk insert through an Arrow table: executemany ran about 1,000 rows/s (issue 9's trap)."""
    import pyarrow as pa

    columns = list(zip(*rows, strict=True))
    table = pa.table(
        {
            "article_id": pa.array(columns[0], pa.string()),
            "content_hash": pa.array(columns[1], pa.string()),
            "minhash": pa.array(columns[2], pa.binary()),
            "n_shingles": pa.array(columns[3], pa.int32()),
            "duplicate_of": pa.array(columns[4], pa.string()),
            "fetched_at": pa.array(columns[5], pa.timestamp("us", tz="UTC")),
            "stored_at": pa.array(columns[6], pa.timestamp("us", tz="UTC")),
        }
    )
    con.register("_cw_signature_rows", table)
    try:
        con.execute(
            "INSERT INTO article_signatures (article_id, content_hash, minhash, n_shingles, duplicate_of, "
            "fetched_at, stored_at) SELECT article_id, content_hash, minhash, n_shingles, duplicate_of, "
            "fetched_at, stored_at FROM _cw_signature_rows"
        )
    finally:
        con.unregister("_cw_signature_rows")


def _insert_bands(con: Any, rows: list[tuple[int, str, datetime]]) -> None:
    """Bulk insert through an Arrow table: executemany is row-at-a-time and 32 rows per article add up."""
    import pyarrow as pa

    table = pa.table(
        {
            "band_hash": pa.array([r[0] for r in rows], pa.uint64()),
            "article_id": pa.array([r[1] for r in rows], pa.string()),
            "fetched_at": pa.array([r[2] for r in rows], pa.timestamp("us", tz="UTC")),
        }
    )
    con.register("_cw_band_rows", table)
    try:
        con.execute("INSERT INTO article_signature_bands SELECT band_hash, article_id, fetched_at FROM _cw_band_rows")
    finally:
        con.unregister("_cw_band_rows")
