"""Benchmark (not collected by pytest): how long validate_batch takes on a realistic batch.

    .venv/bin/python tests/quality/bench_validate_batch.py [ARTICLES] [RUNS]

Prints the cold call (great_expectations import + project creation) and warm calls separately,
because the process DAG pays the import once per task and then one call per run.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd


def make_batch(n: int, now: datetime) -> tuple[pd.DataFrame, ...]:
    sentence = "Regional officials said air defence crews intercepted drones over the district overnight."
    articles, events, fetches = [], [], []
    feeds = [f"feed-{i}" for i in range(12)]
    for i in range(n):
        text = f"Report {i}. " + " ".join([sentence] * (5 + i % 40))
        if i % 50 == 0:
            text = ""  # empty extraction
        published = now - timedelta(hours=i % 48)
        if i % 97 == 0:
            published = now + timedelta(days=30)  # future-dated
        articles.append({
            "id": f"{i:016x}", "url": f"https://news{i % 30}.example/a/{i}",
            "canonical_url": f"https://news{i % 30}.example/a/{i}", "feed": feeds[i % len(feeds)],
            "source": f"news{i % 30}.example", "guid": str(i), "title": f"Drones over district {i}",
            "text": text, "published_at": published.isoformat(), "published_basis": "feed",
            "fetched_at": now.isoformat(), "language": "en", "content_hash": f"h{i}",
            "duplicate_of": None, "duplicate_kind": None, "similarity": None, "batch_id": "bench",
        })
        if i % 2 == 0:
            events.append({
                "id": f"e{i}", "article_id": f"{i:016x}", "type": "drone_strike", "evidence": sentence,
                "event_date": published.date().isoformat(), "confidence": 0.7,
                "place": "Kharkiv" if i % 3 else None, "tagger_version": "bench",
            })
    for feed in feeds:
        fetches.append({"feed": feed, "url": f"https://{feed}.example/rss", "fetched_at": now.isoformat(),
                        "http_status": 200, "entries": 50, "new_entries": 20, "error": None})
    failures = pd.DataFrame(columns=["stage", "url", "feed", "error", "occurred_at"])
    return pd.DataFrame(articles), pd.DataFrame(events), pd.DataFrame(fetches), failures


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    now = datetime.now(UTC)
    articles, events, fetches, failures = make_batch(n, now)
    t0 = time.perf_counter()
    from transform.quality import validate_batch

    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            start = time.perf_counter()
            result = validate_batch(articles, events, fetches, failures, data_dir=Path(tmp),
                                    batch_id=f"bench-{run}", now=now + timedelta(minutes=15 * run))
            took = time.perf_counter() - start
            print(f"run {run}: {took:.2f} s ({'cold, incl. import' if run == 0 else 'warm'}); "
                  f"{len(articles)} articles, {len(events)} events -> {len(result.articles)} ok, "
                  f"{len(result.quarantine)} quarantined, {len(result.batch_problems)} problems")
    print(f"total {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
