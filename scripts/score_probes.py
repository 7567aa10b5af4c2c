"""Score the black-box probe sets in tests/tagger_eval/probes/ (or any JSONL in that shape).

    python scripts/score_probes.py [FILE ...] [--show]

Why: each probe set was written by a helper who never saw the rules, labelled before the tagger ran,
and then tuned on (so these are tuning sets, like `dev_*`, not held-out ones). Rerunning them after a
rule change shows at once whether a mended misreading came back. Events pair with labels as in
`scripts/eval_tagger.py` (same type, same place or overlapping evidence); per document the script
prints what was missed, what was extra, and subtype/place/date differences; then totals per type.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import eval_tagger as E  # noqa: E402

from transform.tagger import tag  # noqa: E402

TYPES = ("drone_strike", "negotiation")
PROBES = ROOT / "tests" / "tagger_eval" / "probes"


def score(path: Path, show: bool = False, out: list[str] | None = None) -> dict[str, dict[str, list[int]]]:
    """tp/fp/fn per level and type for one probe file; difference lines are appended to `out`."""
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts = {level: {t: [0, 0, 0] for t in TYPES} for level in ("document", "event")}
    for d in docs:
        preds = tag(d.get("title", ""), d.get("text", ""), E._published(d))
        golds = d.get("events", [])
        pairs = E._match(golds, preds)
        lines = []
        for t in TYPES:
            g = any(e["type"] == t for e in golds)
            p = any(e["type"] == t for e in preds)
            doc = counts["document"][t]
            doc[0] += g and p
            doc[1] += p and not g
            doc[2] += g and not p
            tp = sum(1 for a, _ in pairs if a["type"] == t)
            ev = counts["event"][t]
            ev[0] += tp
            ev[1] += sum(e["type"] == t for e in preds) - tp
            ev[2] += sum(e["type"] == t for e in golds) - tp
        matched_gold = {id(a) for a, _ in pairs}
        matched_pred = {id(b) for _, b in pairs}
        for a, b in pairs:
            loc = b.get("location") or {}
            diffs = []
            if a.get("subtype") != b.get("subtype"):
                diffs.append(f"subtype {a.get('subtype')} -> {b.get('subtype')}")
            if a.get("place") and (a.get("place") or "").lower() != (loc.get("place") or "").lower():
                diffs.append(f"place {a.get('place')} -> {loc.get('place')}")
            if a.get("event_date") and a.get("event_date") != b.get("event_date"):
                diffs.append(f"date {a.get('event_date')} -> {b.get('event_date')}")
            if diffs:
                lines.append(f"  FIELD {a['type']}: {'; '.join(diffs)} :: {a['evidence'][:100]}")
        lines += [f"  MISSED {a['type']}/{a.get('subtype')} :: {a['evidence'][:120]}"
                  for a in golds if id(a) not in matched_gold]
        lines += [f"  EXTRA {b['type']}/{b['subtype']} :: {b['evidence'][:120]}"
                  for b in preds if id(b) not in matched_pred]
        if out is not None and (lines or show):
            out.append(f"[{d['id']} {d.get('kind', '')}] {d.get('title', '')[:80]}")
            out.extend(lines)
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--show", action="store_true", help="print every document, not only those with differences")
    args = ap.parse_args(argv)
    for path in args.files or sorted(PROBES.glob("*.jsonl")):
        out: list[str] = []
        counts = score(path, args.show, out)
        print(f"== {path.name}")
        print("\n".join(out))
        for level, per_type in counts.items():
            for t, (tp, fp, fn) in per_type.items():
                p = tp / (tp + fp) if tp + fp else 1.0
                r = tp / (tp + fn) if tp + fn else 1.0
                print(f"{level:8} {t:13} tp={tp} fp={fp} fn={fn} P={p:.3f} R={r:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
