"""Share of the tagger's time per phase, on the benchmark's articles.

    python scripts/tagger_phases.py [--cache /tmp/cw_bench_articles.jsonl]

Why: the tagger's profile is flat (no function above a few per cent), so a function profile does not
say where a faster engine would have to win. This times the engine's phases instead (finding trigger
sentences, reading drone and negotiation sentences, grouping, building events) by wrapping them, on the
articles `scripts/tagger_bench_speed.py` caches (it builds the cache when it is missing). Only the
outermost call of a phase is timed, so nested phases are not counted twice.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

PHASES = ("_sentences_with_triggers", "classify_drone", "classify_negotiation", "_group", "_build",
          "_add_context", "_place_from_neighbours", "_denied_nearby", "_summary_lines")


def _timed(fn: Callable[..., Any], name: str, spent: Counter[str], depth: list[int]) -> Callable[..., Any]:
    """`fn` adding its time to `spent[name]`, unless another timed phase is running (`depth`), so that a
    phase called from inside another is counted once, in the outer one."""
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if depth[0]:
            return fn(*args, **kwargs)
        depth[0] += 1
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - start
            depth[0] -= 1
    return wrapper


def main(argv: list[str] | None = None) -> int:
    """Print each phase's seconds and share of `tag()`; the engine is left as it was found."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/cw_bench_articles.jsonl"))
    ap.add_argument("--articles", type=int, default=2000, help="pages to generate when the cache is missing")
    args = ap.parse_args(argv)

    import tagger_bench_speed as speed

    from transform.tagger import engine

    if not args.cache.exists():
        speed.build(args.articles, args.cache)
    docs = speed.load(args.cache)
    for memo in speed._memos():  # cold memos, as each run of tagger_bench_speed.py starts
        memo.cache_clear()
    spent: Counter[str] = Counter()
    depth = [0]
    originals = {name: getattr(engine, name) for name in PHASES}
    for name, fn in originals.items():
        setattr(engine, name, _timed(fn, name, spent, depth))
    try:
        start = time.perf_counter()
        for title, text, published in docs:
            engine.tag(title, text, published)
        total = time.perf_counter() - start
    finally:
        for name, fn in originals.items():
            setattr(engine, name, fn)
    print(f"{len(docs)} articles, {total:.2f} s in tag()")
    for name, seconds in spent.most_common():
        print(f"  {name:28s} {seconds:6.2f} s  {100 * seconds / total:5.1f} %")
    print(f"  {'(everything else)':28s} {total - sum(spent.values()):6.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
