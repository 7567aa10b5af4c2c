"""Time the tagger on the benchmark's own articles, without running the whole benchmark.

    python scripts/tagger_bench_speed.py [--articles 2000] [--runs 3] [--cache /tmp/cw_bench_articles.jsonl]

Why: BENCHMARKS.md's "tag, 5 KB documents/s (1 core)" (263/s, target 500) is measured on the
articles `make bench` generates and extracts, which are far denser in events than the generated
text of `scripts/eval_tagger.py --speed`. Rerunning the full benchmark for each tagger change takes
many minutes; this generates the same pages (bench.corpus, seed 7, 16 feeds), extracts them once with
the pipeline's extractor, caches (title, text, published) as JSON lines, and then reports the
benchmark's figure (text characters / 5,000 per CPU second spent in `tag`), median of --runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOW = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)  # fixed, so the cached articles never change


def build(n: int, cache: Path) -> None:
    """Generate and extract the benchmark's pages once; one JSON line per extracted article."""
    from bench import corpus
    from extract.articles import ExtractionError, extract_page

    with tempfile.TemporaryDirectory(prefix="cw-tagbench-") as tmp:
        site = Path(tmp)
        pages = corpus.generate(site, n, n_feeds=16, now=NOW)
        with open(cache, "w", encoding="utf-8") as fh:
            for page in pages:
                try:
                    got = extract_page((site / page.path).read_bytes(), f"http://127.0.0.1/{page.path}",
                                       feed_published=page.published.isoformat(), feed_title=page.title)
                except ExtractionError:
                    continue
                fh.write(json.dumps({"title": got.title or "", "text": got.text, "published": got.published}) + "\n")


def load(cache: Path) -> list[tuple[str, str, datetime | None]]:
    out = []
    with open(cache, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            pub = datetime.fromisoformat(d["published"]) if d["published"] else None
            out.append((d["title"], d["text"], pub))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/cw_bench_articles.jsonl"))
    args = ap.parse_args(argv)
    if not args.cache.exists():
        build(args.articles, args.cache)
    docs = load(args.cache)
    chars = sum(len(text) for _title, text, _pub in docs)

    from transform.tagger import tag

    rates = []
    for _ in range(args.runs):
        # A fresh process state per run is not needed: the memos are what production has too, but
        # each run starts them cold so the runs measure the same thing.
        for fn in _memos():
            fn.cache_clear()
        t0 = time.process_time()
        for title, text, pub in docs:
            tag(title, text, pub)
        rates.append(chars / 5000 / (time.process_time() - t0))
    print(f"articles={len(docs)} text={chars / 1e6:.2f} MB; 5 KB documents/s (CPU): "
          f"median {statistics.median(rates):.0f}, runs {', '.join(f'{r:.0f}' for r in rates)}")
    return 0


def _memos() -> list[Any]:
    """Every lru_cache of the tagger's modules except the rule-set loader."""
    from transform.tagger import actors, classify, counts, dates, engine, places

    out = []
    for mod in (actors, classify, counts, dates, engine, places):
        for value in vars(mod).values():
            if hasattr(value, "cache_clear") and getattr(value, "__module__", "") == mod.__name__:
                out.append(value)
    return out


if __name__ == "__main__":
    raise SystemExit(main())
