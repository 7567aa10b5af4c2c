"""Guards the evaluation files written after the first split.

They are `heldout_b`, `heldout_i`, `heldout_k`, `heldout_l`, `heldout_o`, `heldout_p`, `heldout_s`, `heldout_v`,
`heldout_w` … `heldout_z`, `heldout_aa`, `heldout_ab` and `dev_b` … `dev_zb`
(`dev_v`, `dev_w`, `dev_x` and `dev_y` were the held-out `heldout_u`, `heldout_t`, `heldout_q` and `heldout_r` until
2026-12-07 and keep their `hu-`, `ht-`, `hq-` and `hr-` ids).

The first two splits are short texts; the tagger is finally judged on real published pages that run
to several kilobytes of background, quotes and clutter around one event. These files are the
labelled proxies for that, so a hand edit that breaks the schema, copies evidence that is not in the
text, shortens the pages or tips the mix of positives and hard negatives must fail here. Each file
was written by a separate helper who never saw the tagger's rules; the `dev_*` files may be tuned on
(`dev_d` and `dev_e` were the held-out `heldout_c` and `heldout_d` until 2026-12-06 and keep their `hc-` and `hd-` ids).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from eval_labels import SUBTYPES, check_document_schema, check_event_date, check_event_schema

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Spec:
    """What each file promises: its id prefix and how much of it is long-form."""

    name: str
    prefix: str
    min_long_share: float  # share of pages of 2 KB or more
    min_median_chars: int
    min_size: int = 110
    id_separator: str = "-"  # heldout_e numbers its ids without one ("he001")
    min_very_long: int = 5  # pages of 4.5 KB or more (long analysis pieces)
    min_talky_negatives: float = 0.6  # share of negatives that talk about drones and talks both
    min_both_types: float = 0.1  # share of pages with both event types
    min_negatives: float = 0.25  # share of pages with no event
    min_per_subtype: int = 3  # labelled events of every subtype
    min_disputed: int = 4  # events denied by the other side
    min_negotiation_pages: float = 0.3  # share of pages with a negotiation step
    min_drone_pages: float = 0.3  # share of pages with a drone strike


SPECS = (
    Spec("heldout_b", "hb", 0.7, 2500, 120),
    Spec("dev_b", "db", 0.7, 2500),
    Spec("dev_d", "hc", 0.35, 1200, 120),  # the former heldout_c
    Spec("dev_c", "dc", 0.4, 1500),
    Spec("dev_e", "hd", 0.6, 2000, 150),  # the former heldout_d (blind, scored once, then tuned on)
    # The former heldout_e: written blind, scored once (2026-12-06), then tuned on. Its writer aimed at
    # wire-length pages (2-3.3 KB) and at negatives of one topic each, so those two bars are lower.
    Spec("dev_f", "he", 0.6, 2000, 170, id_separator="", min_very_long=0, min_talky_negatives=0.3),
    # The former heldout_f: written blind, scored with 2026.12.8 and (after the GeoNames towns) 2026.12.9
    # without reading its errors, then tuned on (2026-12-06).
    Spec("dev_g", "hf", 0.6, 2000, 170),
    # The former heldout_g: written blind on 2026-12-06 as real-reporting stand-ins, scored (three taggers,
    # then once more), then tuned on. Shorter pages (median 1.9 KB), fewer of 4.5 KB, and negatives of one
    # topic each (drones or talks), so three bars are lower.
    Spec("dev_h", "hg", 0.45, 1800, 170, min_very_long=4, min_talky_negatives=0.15),
    # The former heldout_h: written blind, scored while held out (2026-12-06, four taggers), then tuned
    # on from the fifth session; 15 of its 180 pages carry both types.
    Spec("dev_j", "hh", 0.6, 2000, 170, min_very_long=8, min_both_types=0.08),
    # Written blind on 2026-12-06 as whole wire stories (2-5 KB, every page of 2 KB or more): a lead event
    # amid background paragraphs that recount earlier, concrete steps and strikes (labelled) beside vague
    # history (not). Hard negatives are long single-topic pieces, so few talk about drones and talks both.
    # dev_i was scored once as held-out (heldout_long_a), then tuned on; heldout_i is never tuned on.
    Spec("dev_i", "la", 1.0, 2500, 45, min_very_long=1, min_talky_negatives=0.2, min_both_types=0.2),
    Spec("heldout_i", "lb", 1.0, 2500, 45, min_very_long=0, min_talky_negatives=0.2, min_both_types=0.15),
    # Written blind on 2026-12-06 (fifth session) by two helpers as real-reporting stand-ins, 90 pages each:
    # hk-001..090 (60 % Russia-Ukraine) was scored once, then tuned on as dev_k; hk-101..190 (65 % other
    # conflicts) is heldout_k, never tuned on.
    Spec("dev_k", "hk", 0.5, 2000, 90, min_very_long=8, min_talky_negatives=0.3, min_both_types=0.07),
    Spec("heldout_k", "hk", 0.5, 2000, 90, min_very_long=8, min_talky_negatives=0.3, min_both_types=0.07),
    # Written blind on 2026-12-06 (sixth session) to look like pages scraped from the web, as the seeds
    # are: a third opinion and analysis columns, aggregator copy, breadcrumbs, bylines and link lists.
    # hl-001..090 was scored once with tagger 2026.12.30, then tuned on.
    Spec("dev_l", "hl", 0.5, 2000, 90, min_very_long=8, min_talky_negatives=0.3, min_both_types=0.07),
    # Its twin by another helper (hl-101..190: live blogs, single reports, explainers, hard negatives, 80 %
    # Russia-Ukraine), held out: scored with tagger 2026.12.30 at the start and once at the end only. Its
    # writer was asked for a fifth of hard negatives (live pages carry many events), so 22 % have none.
    Spec("heldout_l", "hl", 0.5, 2000, 90, min_very_long=8, min_talky_negatives=0.3, min_both_types=0.07,
         min_negatives=0.2),
    # Written blind later the same session by a third helper (official statements of both sides, translated
    # commentary, aggregator copy, timelines and FAQs); scored once with tagger 2026.12.30 and with the
    # session's tagger of that hour (identical: 0.953/1.000 drone, 0.946/1.000 negotiation), then tuned on.
    Spec("dev_m", "hm", 0.5, 2000, 90, min_very_long=8, min_talky_negatives=0.3, min_both_types=0.07),
    # A fourth helper's blind set (key-events lists, war-study assessments, factboxes, interviews, local news,
    # 30 % other conflicts); scored once (drone 0.921/0.983, negotiation 0.884/0.844 with tagger 2026.12.30),
    # then tuned on.
    Spec("dev_n", "hn", 0.5, 2000, 90, min_very_long=8, min_talky_negatives=0.3, min_both_types=0.07),
    # Written blind in the seventh session by a helper (pages as scraped from wires, broadcasters, regional
    # outlets and newsletters, 70 % Russia-Ukraine); held out: scored with tagger 2026.12.32 when it arrived
    # and once at the end of the session only. It holds two signed agreements, so that bar is lower.
    # Its twin by another helper (ho-001..080), scored once with tagger 2026.12.32 (drone 0.900/1.000,
    # negotiation 0.933/1.000), then tuned on; two agreements, two sea-drone attacks, three denials.
    Spec("dev_o", "ho", 0.5, 2000, 80, min_very_long=8, min_talky_negatives=0.3, min_both_types=0.07,
         min_per_subtype=2, min_disputed=3),
    # Written blind later in the seventh session by two more helpers, like the seeds: long analysis, opinion,
    # explainer and interview pieces (median 3 KB) that recount many past incidents, concretely or vaguely.
    # hp-001..070 was scored once with tagger 2026.12.32 (drone 1.000/1.000, negotiation 0.862/1.000), then
    # tuned on; hp-101..170 is heldout_p, scored with tagger 2026.12.32 on arrival and at the end only.
    Spec("dev_p", "hp", 0.7, 3000, 70, min_very_long=20, min_talky_negatives=0.3, min_both_types=0.07,
         min_per_subtype=2),
    Spec("heldout_p", "hp", 0.7, 3000, 70, min_very_long=20, min_talky_negatives=0.3, min_both_types=0.07,
         min_per_subtype=2),
    # A third pair the same session: agency dispatches, live updates and daily summaries (datelines, governors'
    # statements, envoy shuttles, mass drone attacks with regional tallies). hq-001..080 was scored once with
    # tagger 2026.12.32 (drone 0.878/1.000, negotiation 0.867/0.929), then tuned on; hq-101..180 is heldout_q,
    # scored with tagger 2026.12.32 on arrival and at the end only.
    Spec("dev_q", "hq", 0.5, 2000, 80, min_very_long=8, min_talky_negatives=0.3, min_both_types=0.07,
         min_per_subtype=2),
    # The former heldout_q: scored blind (2026-12-06), then retired into tuning (2026-12-07).
    Spec("dev_x", "hq", 0.5, 2000, 80, min_very_long=8, min_talky_negatives=0.3, min_both_types=0.07,
         min_per_subtype=2),
    Spec("heldout_o", "ho", 0.5, 2000, 80, min_very_long=8, min_talky_negatives=0.3, min_both_types=0.07,
         min_per_subtype=2),
    # Thirteenth round (eighth session of 2026-12-06), two pairs of 60 pages like the seed articles: r = news
    # hooks wrapped in speculation, SEO headings and takeaways; s = columns, interviews and translated
    # commentary. Long pages (median 3.6-3.9 KB), a quarter hard negatives, two fifths with both types.
    Spec("dev_r", "hr", 0.9, 3500, 60, min_very_long=10, min_both_types=0.3, min_per_subtype=5),
    # The former heldout_r: scored blind (2026-12-06), then retired into tuning (2026-12-07).
    Spec("dev_y", "hr", 0.9, 3500, 60, min_very_long=10, min_both_types=0.3, min_per_subtype=5),
    Spec("dev_s", "hs", 0.9, 3500, 60, min_very_long=10, min_both_types=0.3, min_per_subtype=5),
    Spec("heldout_s", "hs", 0.9, 3500, 60, min_very_long=10, min_both_types=0.3, min_per_subtype=5, min_disputed=4),
    # t = straight news reports on Russia-Ukraine as wires and broadcasters publish them (90 %), with captions,
    # "Read also" lines and tags left in by extraction; shorter (median 3 KB) and negatives of one topic more often.
    Spec("dev_t", "ht", 0.9, 3000, 60, min_very_long=8, min_talky_negatives=0.3, min_both_types=0.3, min_per_subtype=4),
    # The former heldout_t: scored blind (2026-12-06), then retired into tuning (2026-12-07).
    Spec("dev_w", "ht", 0.9, 3000, 60, min_very_long=8, min_talky_negatives=0.3, min_both_types=0.3,
         min_per_subtype=4),
    # u = pages mostly about drones, where only some report a strike (the drone-precision pair): 45 % hard
    # negatives on drones alone, few negotiation pages, so those bars are lower.
    Spec("dev_u", "hu", 0.9, 2800, 60, min_very_long=8, min_talky_negatives=0.2, min_both_types=0.03,
         min_per_subtype=2, min_disputed=2, min_negotiation_pages=0.15),
    # The former heldout_u: scored blind (2026-12-06), then retired into tuning (2026-12-07).
    Spec("dev_v", "hu", 0.9, 2800, 60, min_very_long=8, min_talky_negatives=0.2, min_both_types=0.1,
         min_per_subtype=3, min_disputed=3, min_negotiation_pages=0.2),
    # Fourteenth round (2026-12-07), blind, never tuned on. v = pages mostly about drones (like u): 47 % hard negatives
    # on drones alone, few negotiation pages, no proposal or agreement. w = diplomatic and war news as wires report
    # it: 63 % of pages with a negotiation step, a fifth with a drone strike; its writer padded short pages with a
    # shared pool of event-free background paragraphs and page footers.
    Spec("heldout_v", "hv", 1.0, 2800, 60, min_very_long=8, min_talky_negatives=0.0, min_both_types=0.1,
         min_per_subtype=0, min_disputed=3, min_negotiation_pages=0.1),
    Spec("heldout_w", "hw", 1.0, 3000, 60, min_very_long=8, min_talky_negatives=0.9, min_both_types=0.2,
         min_per_subtype=1, min_disputed=2, min_negotiation_pages=0.6, min_drone_pages=0.2),
    # x = agency dispatches, live updates and daily summaries (like q); y = news hooks wrapped in speculation, SEO
    # headings, takeaway and FAQ blocks (like r and the seeds). Both written with no paragraph shared between pages.
    Spec("heldout_x", "hx", 1.0, 2800, 60, min_very_long=8, min_talky_negatives=0.35, min_both_types=0.15,
         min_per_subtype=2, min_disputed=4, min_negotiation_pages=0.35),
    Spec("heldout_y", "hy", 1.0, 3500, 60, min_very_long=8, min_talky_negatives=0.7, min_both_types=0.2,
         min_per_subtype=2, min_disputed=5, min_negotiation_pages=0.35),
    # Eleventh session (2026-12-07), blind, never tuned on. z = wire, broadcaster and regional pages weighted toward
    # diplomacy: 60 % of pages with a negotiation step, several steps per story, past rounds recounted; short pages
    # (1.0-1.8 KB), so the length guards do not apply; a sixth of the pages are hard negatives.
    Spec("heldout_z", "hz", 0.0, 1000, 60, min_very_long=0, min_talky_negatives=0.2, min_both_types=0.15,
         min_per_subtype=3, min_disputed=5, min_negatives=0.15, min_negotiation_pages=0.5),
    # Thirteenth session (2026-12-07), blind, never tuned on. aa = long pages like the seeds (3-8 KB: analysis,
    # columns, Q&A interviews, explainers, round-ups, translated press) with their furniture; two fifths are hard
    # negatives that talk of drones and talks throughout; a third of the pages are on conflicts other than Ukraine's.
    Spec("heldout_aa", "haa", 1.0, 3500, 50, min_very_long=5, min_both_types=0.2, min_per_subtype=3,
         min_disputed=5, min_negatives=0.35),
    # ab = wire diplomacy, several steps per story (50 pages, 1.8-3.4 KB, 92 negotiation steps), blind, never tuned on.
    Spec("heldout_ab", "hab", 0.5, 2000, 50, min_very_long=0, min_talky_negatives=0.3, min_both_types=0.05,
         min_per_subtype=3, min_disputed=5, min_negatives=0.15),
    # Written blind in the same session, scored once on arrival, then tuned on: z = the same brief as aa (60 pages);
    # za = diplomacy pages where half report no step though they talk of talks throughout (60 pages, 2.4-6.2 KB).
    Spec("dev_z", "dz", 1.0, 3500, 60, min_very_long=5, min_both_types=0.2, min_per_subtype=4, min_disputed=5,
         min_negatives=0.35),
    # zb = the same brief as heldout_ab (wire diplomacy, 2-9 steps per story), written blind, scored once, tuned on.
    Spec("dev_zb", "dzb", 0.5, 2000, 50, min_very_long=0, min_talky_negatives=0.3, min_both_types=0.05,
         min_per_subtype=4, min_disputed=5, min_negatives=0.1),
    Spec("dev_za", "dza", 1.0, 3000, 60, min_very_long=3, min_talky_negatives=0.15, min_both_types=0.1,
         min_per_subtype=1, min_disputed=4, min_negatives=0.15, min_drone_pages=0.15),
)


@pytest.fixture(scope="module", params=SPECS, ids=lambda spec: spec.name)
def spec(request: pytest.FixtureRequest) -> Spec:
    path = HERE / f"{request.param.name}.jsonl"
    if not path.exists():
        pytest.fail(f"{path.name} is missing")
    return request.param


@pytest.fixture(scope="module")
def docs(spec: Spec) -> list[dict]:
    path = HERE / f"{spec.name}.jsonl"
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip(), f"{path.name}:{n} is blank"
        out.append(json.loads(line))
    return out


def _published(doc: dict) -> dt.datetime:
    value = doc["published"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value), f"{doc['id']}: published {value!r}"
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def _events(docs: list[dict]) -> list[tuple[dict, dict]]:
    return [(d, e) for d in docs for e in d["events"]]


def test_size(spec: Spec, docs: list[dict]) -> None:
    assert len(docs) >= spec.min_size


def test_ids_unique_and_carry_no_label_hint(spec: Spec, docs: list[dict]) -> None:
    ids = [d["id"] for d in docs]
    assert len(ids) == len(set(ids))
    # a running number only: an id such as "hb-drone-03" would leak the answer to anyone reading errors
    pattern = re.compile(rf"{spec.prefix}{spec.id_separator}\d{{3}}")
    assert all(pattern.fullmatch(i) for i in ids), [i for i in ids if not pattern.fullmatch(i)]


def test_disjoint_from_other_splits(spec: Spec, docs: list[dict]) -> None:
    """A document reused from a dev split would let tuning leak into a held-out score."""
    mine_ids = {d["id"] for d in docs}
    mine_texts = {d["text"] for d in docs}
    for path in sorted(HERE.glob("*.jsonl")):
        split = path.stem
        if split == spec.name:
            continue
        other = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert not mine_ids & {o["id"] for o in other}, f"id clash with {split}"
        assert sum(o["text"] in mine_texts for o in other) == 0, f"text shared with {split}"


def test_texts_unique(docs: list[dict]) -> None:
    dupes = [t[:60] for t, n in Counter(d["text"] for d in docs).items() if n > 1]
    assert not dupes


def test_document_schema(docs: list[dict]) -> None:
    for d in docs:
        check_document_schema(d)
        assert re.fullmatch(r"[a-z_]+", d["kind"]), d["id"]
        assert "[[" not in d["text"] and "{{" not in d["text"], f"{d['id']}: authoring marker left in text"
        _published(d)


def test_event_schema_and_vocabulary(docs: list[dict]) -> None:
    for d, e in _events(docs):
        check_event_schema(d['id'], e)


def test_evidence_is_verbatim_single_sentence(docs: list[dict]) -> None:
    for d, e in _events(docs):
        ev = e["evidence"]
        assert ev and ev == ev.strip(), d["id"]
        assert ev in d["text"] or ev == d["title"], f"{d['id']}: evidence not verbatim: {ev[:80]!r}"
        assert "\n" not in ev, f"{d['id']}: evidence spans paragraphs: {ev[:80]!r}"


def test_dates_parse_and_agree_with_precision(docs: list[dict]) -> None:
    for d, e in _events(docs):
        check_event_date(d["id"], _published(d).date(), e)


def test_pages_are_long_like_real_articles(spec: Spec, docs: list[dict]) -> None:
    """Short texts would not test what these sets exist for: one event buried in a long page."""
    lengths = sorted(len(d["text"]) for d in docs)
    assert sum(n >= 2000 for n in lengths) / len(lengths) >= spec.min_long_share, "too few pages of 2 KB or more"
    assert lengths[len(lengths) // 2] >= spec.min_median_chars
    assert sum(n >= 4500 for n in lengths) >= spec.min_very_long, "need some long analysis pages"
    assert max(lengths) <= 10_000


def test_mix_of_positives_and_hard_negatives(spec: Spec, docs: list[dict]) -> None:
    def types(d: dict) -> set[str]:
        return {e["type"] for e in d["events"]}

    n = len(docs)
    assert sum(1 for d in docs if not d["events"]) / n >= spec.min_negatives
    assert sum(1 for d in docs if "drone_strike" in types(d)) / n >= spec.min_drone_pages
    assert sum(1 for d in docs if "negotiation" in types(d)) / n >= spec.min_negotiation_pages
    assert sum(1 for d in docs if len(types(d)) == 2) / n >= spec.min_both_types
    subtypes = Counter(e["subtype"] for _, e in _events(docs))
    assert all(subtypes[s] >= spec.min_per_subtype for group in SUBTYPES.values() for s in group), subtypes
    assert sum(1 for _, e in _events(docs) if e.get("disputed")) >= spec.min_disputed
    # the hard negatives must actually talk about drones and talks, or they test nothing
    negatives = [d for d in docs if not d["events"]]
    talky = sum(
        1 for d in negatives if re.search(r"drone", d["text"], re.I) and re.search(r"talks|negotiat", d["text"], re.I)
    )
    assert talky / len(negatives) >= spec.min_talky_negatives


def test_several_conflicts_and_venues(docs: list[dict]) -> None:
    countries = Counter(e["country"] for _, e in _events(docs) if e["country"])
    assert len(countries) >= 10, countries
    assert countries["Ukraine"] and countries["Russia"]
