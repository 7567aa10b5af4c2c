"""Pairwise precision/recall of event clustering and of near-duplicate detection.

Why pairs: "how many events" is only right if every pair of reports is judged right; pairwise
precision says how often two reports were wrongly merged (inflated counts become deflated ones),
recall how often one event was split (counts inflated again).

Clustering: every event of ``tests/dedupe/cases/pairs.jsonl`` is loaded into a fresh DuckDB file
and clustered by the real ``assign_clusters``, one batch per fetch day (``--batch-minutes 15`` for
production's cadence; incremental matching against stored clusters is exercised either way), then
each labelled pair is checked.
Near-duplicates: each pair of ``tests/dedupe/cases/article_pairs.jsonl`` goes through the real
``mark_duplicates`` (first text stored, second as a new batch), and the LSH candidate step is
reported on its own.

Usage: python scripts/eval_clusters.py [--json] [--pairs FILE] [--article-pairs FILE] [--batch-minutes N]
Targets (issue 4): clustering precision >= 0.95, recall >= 0.90.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CASES = ROOT / "tests" / "dedupe" / "cases"


def _connect(path: Path) -> Any:
    import duckdb

    from warehouse.migrate import apply

    con = duckdb.connect(str(path))
    apply(con)
    return con


def insert_article(con: Any, art: dict[str, Any]) -> None:
    """A minimal articles row (only what dedupe and clustering read)."""
    text = art.get("text") or art.get("evidence") or ""
    from transform.dedupe import content_hash

    con.execute(
        "INSERT INTO articles (id, url, canonical_url, feed, source, text, fetched_at, content_hash, "
        "duplicate_of, duplicate_kind, similarity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            art["id"],
            f"https://{art.get('source') or 'example.org'}/{art['id']}",
            f"https://{art.get('source') or 'example.org'}/{art['id']}",
            art.get("feed") or art.get("source") or "feed",
            art.get("source"),
            text,
            art["fetched_at"],
            art.get("content_hash") or content_hash(text),
            art.get("duplicate_of"),
            art.get("duplicate_kind"),
            art.get("similarity"),
        ],
    )


_EVENT_FIELDS = (
    "id", "article_id", "type", "subtype", "evidence", "place", "admin1", "country", "event_date",
    "date_precision", "attacker", "target", "parties", "killed", "drones_launched",
)  # fmt: skip


def insert_event(con: Any, event: dict[str, Any]) -> None:
    """A minimal events row as the loader stores it."""
    cols = [f for f in _EVENT_FIELDS if f in event]
    values = [event[f] for f in cols]
    con.execute(
        f"INSERT INTO events ({', '.join(cols)}, tagger_version, created_at) "
        f"VALUES ({', '.join('?' * len(cols))}, 'eval', ?)",
        [*values, datetime.now(UTC)],
    )


def cluster_events(con: Any, events: list[dict[str, Any]], batch_minutes: int = 1440) -> dict[str, str]:
    """Load and cluster events one batch at a time; returns {event id: cluster id}.

    A batch is every article fetched in one ``batch_minutes`` slot (1440: a day; production
    ingests every 15 minutes, so most reports of one event arrive in different batches and meet only
    through what the stored cluster remembers).
    """
    from transform.cluster import assign_clusters

    articles: dict[str, dict[str, Any]] = {}
    for ev in events:
        articles.setdefault(
            ev["article_id"],
            {
                "id": ev["article_id"],
                "source": ev.get("source"),
                "fetched_at": ev["fetched_at"],
                "duplicate_of": ev.get("duplicate_of"),
                "text": ev["evidence"],
            },
        )
    by_day: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for ev in events:
        fetched = datetime.fromisoformat(articles[ev["article_id"]]["fetched_at"])
        by_day[int(fetched.timestamp()) // (60 * batch_minutes)].append(ev)
    stored: set[str] = set()
    for day in sorted(by_day):
        batch = by_day[day]
        con.execute("BEGIN TRANSACTION")
        for ev in batch:
            if ev["article_id"] not in stored:
                insert_article(con, articles[ev["article_id"]])
                stored.add(ev["article_id"])
            insert_event(con, ev)
        assign_clusters(con, batch, {ev["article_id"]: articles[ev["article_id"]] for ev in batch})
        con.execute("COMMIT")
    return dict(con.execute("SELECT event_id, cluster_id FROM event_cluster_members").fetchall())


def _pr(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    return {
        "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
        "recall": round(tp / (tp + fn), 4) if tp + fn else 1.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def evaluate_clusters(pairs_path: Path, batch_minutes: int = 1440) -> dict[str, Any]:
    """Pairwise precision/recall of assign_clusters on the labelled event pairs."""
    pairs = [json.loads(line) for line in pairs_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    events: dict[str, dict[str, Any]] = {}
    for p in pairs:
        for side in ("a", "b"):
            events.setdefault(p[side]["id"], p[side])
    with tempfile.TemporaryDirectory() as tmp:
        con = _connect(Path(tmp) / "eval.duckdb")
        cluster_of = cluster_events(con, sorted(events.values(), key=lambda e: (e["fetched_at"], e["id"])),
                                    batch_minutes)
        con.close()
    tp = fp = fn = 0
    errors = []
    for p in pairs:
        together = cluster_of.get(p["a"]["id"]) == cluster_of.get(p["b"]["id"])
        if together and p["same_event"]:
            tp += 1
        elif together:
            fp += 1
            errors.append(("merged", p["note"], p["a"]["id"], p["b"]["id"]))
        elif p["same_event"]:
            fn += 1
            errors.append(("split", p["note"], p["a"]["id"], p["b"]["id"]))
    return {
        "pairs": len(pairs),
        "positives": sum(p["same_event"] for p in pairs),
        "events": len(events),
        "clusters": len(set(cluster_of.values())),
        **_pr(tp, fp, fn),
        "errors": errors,
    }


def evaluate_near_duplicates(pairs_path: Path) -> dict[str, Any]:
    """Pairwise precision/recall of mark_duplicates, plus how often LSH proposed the true pairs."""
    from transform.dedupe import (
        band_hashes,
        is_near_duplicate,
        mark_duplicates,
        shingles,
        signature,
        similarity,
        store_signatures,
    )

    pairs = [json.loads(line) for line in pairs_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    tp = fp = fn = 0
    lsh_hits = 0
    errors = []
    scores = []
    with tempfile.TemporaryDirectory() as tmp:
        con = _connect(Path(tmp) / "near.duckdb")
        for i, p in enumerate(pairs):
            first = {"id": f"p{i}a", "text": p["a"], "source": "one.example", "fetched_at": "2025-03-10T08:00:00+00:00"}
            second = {
                "id": f"p{i}b",
                "text": p["b"],
                "source": "two.example",
                "fetched_at": "2025-03-10T12:00:00+00:00",
            }
            con.execute("BEGIN TRANSACTION")
            mark_duplicates(con, [first])
            insert_article(con, first)
            store_signatures(con, [first])
            mark_duplicates(con, [second])
            con.execute("ROLLBACK")  # every pair is judged on its own, against an empty history
            found = second["duplicate_of"] == first["id"]
            sa, sb = shingles(p["a"]), shingles(p["b"])
            jac, cont = similarity(sa, sb)
            packed_a, packed_b = signature(p["a"])[0], signature(p["b"])[0]
            proposed = bool(packed_a and packed_b and set(band_hashes(packed_a)) & set(band_hashes(packed_b)))
            decided, _ = is_near_duplicate(sa, sb)
            scores.append(
                {
                    "kind": p["kind"],
                    "label": p["near_duplicate"],
                    "jaccard": round(jac, 3),
                    "containment": round(cont, 3),
                    "lsh": proposed,
                    "decided": decided,
                    "found": found,
                }
            )
            if p["near_duplicate"]:
                lsh_hits += proposed
            if found and p["near_duplicate"]:
                tp += 1
            elif found:
                fp += 1
                errors.append(("false duplicate", p["kind"], round(jac, 3), round(cont, 3)))
            elif p["near_duplicate"]:
                fn += 1
                errors.append(("missed", p["kind"], round(jac, 3), round(cont, 3)))
        con.close()
    positives = sum(p["near_duplicate"] for p in pairs)
    return {
        "pairs": len(pairs),
        "positives": positives,
        **_pr(tp, fp, fn),
        "lsh_candidate_recall": round(lsh_hits / positives, 4) if positives else 1.0,
        "errors": errors,
        "scores": scores,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=CASES / "pairs.jsonl")
    parser.add_argument("--article-pairs", type=Path, default=CASES / "article_pairs.jsonl")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--verbose", action="store_true", help="list every wrong pair and pair scores")
    parser.add_argument("--batch-minutes", type=int, default=1440,
                        help="cluster the events in batches of this many minutes of fetch time "
                             "(default a day; production ingests every 15)")
    args = parser.parse_args(argv)
    clusters = evaluate_clusters(args.pairs, args.batch_minutes)
    near = evaluate_near_duplicates(args.article_pairs)
    if args.json:
        print(json.dumps({"clusters": clusters, "near_duplicates": near}, default=str))
        return 0
    print(
        f"event clustering  pairs={clusters['pairs']} (same={clusters['positives']}) events={clusters['events']} "
        f"clusters={clusters['clusters']} batches={args.batch_minutes} min"
    )
    print(
        f"  precision {clusters['precision']:.3f}  recall {clusters['recall']:.3f}  "
        f"(tp={clusters['tp']} fp={clusters['fp']} fn={clusters['fn']}; targets P>=0.95 R>=0.90)"
    )
    print(f"near-duplicates   pairs={near['pairs']} (duplicates={near['positives']})")
    print(
        f"  precision {near['precision']:.3f}  recall {near['recall']:.3f}  "
        f"(tp={near['tp']} fp={near['fp']} fn={near['fn']}); LSH candidate recall {near['lsh_candidate_recall']:.3f}"
    )
    if args.verbose:
        for err in clusters["errors"] + near["errors"]:
            print("  wrong:", *err)
        for s in near["scores"]:
            print("  ", s)
    digest = hashlib.sha256(args.pairs.read_bytes() + args.article_pairs.read_bytes()).hexdigest()[:12]
    print(f"cases sha256[:12] {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
