"""Snapshot the tagger's output on every stored document, to prove a speed change altered nothing.

    python scripts/tagger_snapshot.py [--out PATH] [--speed-n N] [--bench-cache PATH] [--check DIGEST]

Runs `tag()` over every document of tests/tagger_eval/*.jsonl and tests/tagger/cases*.jsonl (with
their publication date, and once more without one, so the no-date paths are covered too) and over
the speed corpus of scripts/eval_tagger.py, writes one JSON line per document (sort_keys) to PATH
and prints the sha256 of that file. A speed change must leave the digest as it was.

The documents are tagged twice in one process, the second time in reverse order: the per-sentence
memos are shared across documents, so an answer that depended on what was tagged before would
show up as a difference between the two passes (reported, and the exit status is 1).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_tagger import _speed_corpus  # noqa: E402

from transform.tagger import tag  # noqa: E402

SPEED_PUBLISHED = "2026-05-04T08:00:00+00:00"  # the date scripts/eval_tagger.py times the corpus with


def _published(raw: str | None) -> datetime | None:
    return datetime.fromisoformat(raw.replace("Z", "+00:00")) if raw else None


def documents(speed_n: int, bench_cache: Path | None = None) -> list[tuple[str, str, str, str | None]]:
    """(label, title, text, published ISO or None) for every document the snapshot covers."""
    out: list[tuple[str, str, str, str | None]] = []
    files = sorted((ROOT / "tests" / "tagger_eval").glob("*.jsonl")) + sorted(
        (ROOT / "tests" / "tagger").glob("cases*.jsonl"))
    for path in files:
        with open(path, encoding="utf-8") as fh:
            docs = [json.loads(line) for line in fh if line.strip()]
        for k, doc in enumerate(docs):
            label = f"{path.relative_to(ROOT)}#{k}:{doc.get('id')}"
            title, text = doc.get("title", "") or "", doc.get("text", "") or ""
            out.append((label, title, text, doc.get("published")))
            out.append((label + ":nopub", title, text, None))
    for k, (title, text) in enumerate(_speed_corpus(speed_n)):
        out.append((f"speed#{k}", title, text, SPEED_PUBLISHED))
    if bench_cache is not None:  # the benchmark's extracted articles (scripts/tagger_bench_speed.py)
        with open(bench_cache, encoding="utf-8") as fh:
            for k, line in enumerate(fh):
                d = json.loads(line)
                out.append((f"bench#{k}", d["title"], d["text"], d["published"]))
    return out


def _line(label: str, title: str, text: str, published: str | None) -> str:
    return json.dumps({"doc": label, "events": tag(title, text, _published(published))}, sort_keys=True,
                      ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="/tmp/tagger_snapshot.jsonl")
    ap.add_argument("--speed-n", type=int, default=2000, help="speed-corpus articles (eval_tagger uses 2000)")
    ap.add_argument("--bench-cache", type=Path, help="also the articles cached by scripts/tagger_bench_speed.py")
    ap.add_argument("--check", help="expected sha256; exit 1 if the digest differs")
    args = ap.parse_args(argv)
    docs = documents(args.speed_n, args.bench_cache)
    lines = [_line(*d) for d in docs]
    again = [_line(*d) for d in reversed(docs)][::-1]
    diff = [d[0] for d, a, b in zip(docs, lines, again, strict=True) if a != b]
    blob = ("\n".join(lines) + "\n").encode("utf-8")
    Path(args.out).write_bytes(blob)
    digest = hashlib.sha256(blob).hexdigest()
    events = sum(line.count('"type": ') for line in lines)
    print(f"documents={len(docs)} events={events} sha256={digest} -> {args.out}")
    if diff:
        print(f"ORDER-DEPENDENT output on {len(diff)} documents, e.g. {diff[:5]}")
        return 1
    if args.check and args.check != digest:
        print(f"DIGEST MISMATCH: expected {args.check}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
