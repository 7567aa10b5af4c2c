"""Evaluate the event tagger on a labelled split and measure its speed.

    python scripts/eval_tagger.py [--split dev|dev_b|...|dev_g|heldout|heldout_b|heldout_g]
                                  [--json] [--speed] [--errors]

A split is any `tests/tagger_eval/<split>.jsonl`. Tune only on the `dev*` splits; the `heldout*` splits
are for reporting, never for reading errors (`--errors` refuses them unless `--i-am-not-tuning`).

Prints precision/recall/F1 per event type at document level (does the article report an event of
this type?) and at event level (predicted events matched to labelled ones by type and place, or by
evidence overlap), per-field accuracy over matched events, a keyword baseline ("drone" / "talks")
for comparison, and articles per second on a generated set of 5 KB articles.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transform.tagger import TAGGER_VERSION, tag  # noqa: E402

TYPES = ("drone_strike", "negotiation")
# location = place and country both right: the "location accuracy" (tests/tagger_eval/README.md).
FIELDS = ("subtype", "location", "place", "country", "event_date", "date_precision")


def _load(split: str) -> list[dict]:
    path = ROOT / "tests" / "tagger_eval" / f"{split}.jsonl"
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _published(doc: dict) -> datetime | None:
    raw = doc.get("published")
    return datetime.fromisoformat(raw.replace("Z", "+00:00")) if raw else None


def _words(s: str) -> set[str]:
    return set(re.findall(r"\w+", (s or "").lower()))


def _evidence_overlap(a: str, b: str) -> bool:
    wa, wb = _words(a), _words(b)
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= 0.6


def _place_of(ev: dict) -> tuple[str | None, str | None, str | None]:
    loc = ev.get("location")
    if "place" in ev and "location" not in ev:  # a labelled event
        return ev.get("place"), ev.get("admin1"), ev.get("country")
    if not loc:
        return None, None, None
    return loc.get("place"), loc.get("admin1"), loc.get("country")


def _same_place(gold: dict, pred: dict) -> bool:
    g, p = _place_of(gold), _place_of(pred)
    if g[0] or p[0]:
        return bool(g[0] and p[0] and g[0].lower() == p[0].lower())
    if g[1] or p[1]:
        return bool(g[1] and p[1] and g[1].lower() == p[1].lower())
    return False


def _match(golds: list[dict], preds: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one pairs of labelled and predicted events of the same type.

    A candidate must share the place or overlap in evidence; among candidates the same place
    ranks first, then the same subtype, so two events on one sentence (talks held and an exchange
    agreed) pair with their own labels rather than crosswise.
    """
    pairs: list[tuple[dict, dict]] = []
    used: set[int] = set()
    for g in golds:
        best: tuple[tuple[bool, bool], int] | None = None
        for i, p in enumerate(preds):
            if i in used or p["type"] != g["type"]:
                continue
            same_place = _same_place(g, p)
            if not same_place and not _evidence_overlap(g.get("evidence", ""), p.get("evidence", "")):
                continue
            rank = (same_place, g.get("subtype") == p.get("subtype"))
            if best is None or rank > best[0]:
                best = (rank, i)
        if best is not None:
            used.add(best[1])
            pairs.append((g, preds[best[1]]))
    return pairs


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


def _field(gold: dict, pred: dict, name: str) -> bool:
    if name == "location":
        return _field(gold, pred, "place") and _field(gold, pred, "country")
    if name == "subtype":
        return gold.get("subtype") == pred.get("subtype")
    if name in ("place", "country"):
        g, p = _place_of(gold), _place_of(pred)
        idx = 0 if name == "place" else 2
        gv, pv = g[idx], p[idx]
        if name == "place" and gv is None and pv is None:
            return (g[1] or "").lower() == (p[1] or "").lower()
        return (gv or "").lower() == (pv or "").lower()
    return gold.get(name) == pred.get(name)


def evaluate(docs: list[dict], show_errors: bool = False) -> dict:
    doc_counts = {t: [0, 0, 0] for t in TYPES}
    ev_counts = {t: [0, 0, 0] for t in TYPES}
    base_counts = {t: [0, 0, 0] for t in TYPES}
    field_hits = {f: [0, 0] for f in FIELDS}
    errors: list[str] = []
    for doc in docs:
        preds = tag(doc.get("title", ""), doc.get("text", ""), _published(doc))
        golds = doc.get("events", [])
        blob = f"{doc.get('title', '')}\n{doc.get('text', '')}".lower()
        baseline = {"drone_strike": "drone" in blob, "negotiation": "talks" in blob}
        for t in TYPES:
            g = any(e["type"] == t for e in golds)
            p = any(e["type"] == t for e in preds)
            for counts, pred_flag in ((doc_counts, p), (base_counts, baseline[t])):
                counts[t][0] += int(g and pred_flag)
                counts[t][1] += int(pred_flag and not g)
                counts[t][2] += int(g and not pred_flag)
            if show_errors and g != p:
                errors.append(f"[{doc['id']} {doc.get('kind')}] {t}: gold={g} pred={p} :: "
                              + "; ".join(f"{e['subtype']}|{e['evidence'][:90]}" for e in preds if e["type"] == t))
        pairs = _match(golds, preds)
        for t in TYPES:
            tp = sum(1 for g, _ in pairs if g["type"] == t)
            ev_counts[t][0] += tp
            ev_counts[t][1] += sum(1 for e in preds if e["type"] == t) - tp
            ev_counts[t][2] += sum(1 for e in golds if e["type"] == t) - tp
        for g, p in pairs:
            for f in FIELDS:
                ok = _field(g, p, f)
                field_hits[f][0] += int(ok)
                field_hits[f][1] += 1
                if show_errors and not ok:
                    gv = g.get(f) if f not in ("place", "country", "location") else _place_of(g)
                    pv = p.get(f) if f not in ("place", "country", "location") else _place_of(p)
                    errors.append(f"[{doc['id']}] field {f}: gold={gv} pred={pv} :: {p['evidence'][:80]}")
        if show_errors and len(pairs) != len(golds) and any(e["type"] == t for e in golds for t in TYPES):
            matched = {id(g) for g, _ in pairs}
            for g in golds:
                if id(g) not in matched and any(e["type"] == g["type"] for e in preds):
                    errors.append(f"[{doc['id']}] unmatched gold {g['type']} {_place_of(g)} :: {g['evidence'][:80]}")
    return {
        "documents": len(docs),
        "tagger_version": TAGGER_VERSION,
        "document_level": {t: _prf(*doc_counts[t]) for t in TYPES},
        "event_level": {t: _prf(*ev_counts[t]) for t in TYPES},
        "fields": {f: round(h[0] / h[1], 3) if h[1] else None for f, h in field_hits.items()},
        "fields_n": field_hits["subtype"][1],
        "keyword_baseline_document_level": {t: _prf(*base_counts[t]) for t in TYPES},
        "errors": errors,
    }


_FILLER = (
    "The city council met on Tuesday to discuss the budget for next year and the repair of several schools.",
    "Residents queued for water after the main pipeline was damaged by heavy rain earlier in the month.",
    "Economists expect inflation to slow in the second half of the year as energy prices ease further.",
    "The football club announced that its new stadium would open to spectators in the autumn season.",
    "A spokesperson for the regional administration said the evacuation of children was continuing.",
    "Analysts have long argued that the conflict will not be resolved on the battlefield alone.",
)
_TRIGGERS = (
    "Russia launched {n} drones at Ukraine overnight, and air defences shot down {m} of them, the air force said.",
    "A Ukrainian drone struck an oil depot in the {r} region on {d}, the governor said, adding that nobody was hurt.",
    "Delegations from both sides met in {v} on {d} for a second round of talks on a ceasefire.",
    "Experts say drone warfare has changed the way armies fight and will shape wars for decades.",
    "The president called for peace talks and urged all sides to show restraint.",
)


def _speed_corpus(n: int, seed: int = 7) -> list[tuple[str, str]]:
    rnd = random.Random(seed)
    regions = ("Kursk", "Belgorod", "Bryansk", "Odesa", "Kharkiv", "Rostov")
    venues = ("Istanbul", "Geneva", "Riyadh", "Abu Dhabi")
    days = ("Sunday", "Monday", "May 3", "Friday")
    corpus = []
    for _ in range(n):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < 5000:
            if rnd.random() < 0.12:
                template = rnd.choice(_TRIGGERS)
                parts.append(template.format(n=rnd.randint(10, 300), m=rnd.randint(5, 100), r=rnd.choice(regions),
                                             v=rnd.choice(venues), d=rnd.choice(days)))
            else:
                parts.append(rnd.choice(_FILLER))
            if rnd.random() < 0.25:
                parts.append("\n")
        corpus.append(("Overnight attacks and new talks", " ".join(parts)))
    return corpus


def speed(n: int = 2000) -> float:
    corpus = _speed_corpus(n)
    published = datetime.fromisoformat("2026-05-04T08:00:00+00:00")
    tag(*corpus[0], published)  # load and compile the data files outside the timed loop
    # CPU time of this process: "per core" throughput, not disturbed by other jobs on the machine.
    t0 = time.process_time()
    for title, text in corpus:
        tag(title, text, published)
    return n / (time.process_time() - t0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    splits = sorted(p.stem for p in (ROOT / "tests" / "tagger_eval").glob("*.jsonl"))
    ap.add_argument("--split", default="dev", choices=splits)
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    ap.add_argument("--speed", action="store_true", help="only measure articles/s on generated 5 KB articles")
    ap.add_argument("--errors", action="store_true", help="list misclassified documents and wrong fields")
    ap.add_argument("--i-am-not-tuning", action="store_true",
                    help="allow --errors on a held-out split (for auditing labels after tuning has stopped)")
    args = ap.parse_args(argv)
    if args.errors and args.split.startswith("heldout") and not args.i_am_not_tuning:
        ap.error(f"--errors on {args.split} would leak the held-out set into tuning; use a dev split")
    if args.speed:
        rate = speed()
        print(json.dumps({"articles_per_second": round(rate, 1), "article_bytes": 5000}) if args.json
              else f"speed: {rate:.0f} articles/s (5 KB articles, one core)")
        return 0
    report = evaluate(_load(args.split), show_errors=args.errors)
    report["articles_per_second"] = round(speed(500), 1)
    if args.json:
        report.pop("errors")
        print(json.dumps(report, indent=2))
        return 0
    print(f"split={args.split} documents={report['documents']} tagger={report['tagger_version']}")
    for level in ("document_level", "event_level", "keyword_baseline_document_level"):
        print(f"\n{level}:")
        print(f"  {'type':14} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
        for t, m in report[level].items():
            print(f"  {t:14} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} "
                  f"{m['tp']:4} {m['fp']:4} {m['fn']:4}")
    print(f"\nfield accuracy over {report['fields_n']} matched events:")
    for f, v in report["fields"].items():
        print(f"  {f:15} {v}")
    print(f"\nspeed: {report['articles_per_second']:.0f} articles/s (5 KB articles, one core)")
    if args.errors:
        print("\nerrors:")
        for line in report["errors"]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
