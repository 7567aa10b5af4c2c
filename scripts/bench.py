"""Run the conflictwatch benchmarks (issue 9) and print the report as Markdown.

    .venv/bin/python scripts/bench.py                 # full: 2,000 articles, 1 M-article warehouse, 3 runs
    .venv/bin/python scripts/bench.py --quick         # tiny version (about a minute), as the smoke test runs
    .venv/bin/python scripts/bench.py --runs 5 --json report.json --workdir /tmp/cwbench

BENCHMARKS.md holds the figures of a full run; paste the printed Markdown there after a rerun.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main(argv: list[str] | None = None) -> int:
    from bench.report import markdown
    from bench.suite import Plan, run_suite

    parser = argparse.ArgumentParser(prog="scripts/bench.py", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for the smoke test")
    parser.add_argument("--runs", type=int, default=None,
                        help="repetitions per measurement (default 3; 1 with --quick)")
    parser.add_argument("--articles", type=int, help="override the batch size")
    parser.add_argument("--batch-sizes", help="comma-separated warehouse sizes at which to measure a 1,000-article "
                        "batch (default: every generated size, 10000,100000,1000000; each 1 M copy is ~5 GB)")
    parser.add_argument("--scale-runs", type=int, help="repetitions of the per-batch cost at each warehouse size")
    parser.add_argument("--json", type=Path, help="also write the full report as JSON here")
    parser.add_argument("--markdown", type=Path, help="also write the Markdown report here")
    parser.add_argument("--workdir", type=Path, help="keep intermediate files here (default: a temp dir, removed)")
    args = parser.parse_args(argv)

    runs = args.runs or (1 if args.quick else 3)
    plan = Plan.small(runs) if args.quick else Plan.full(runs)
    if args.batch_sizes:
        plan.batch_sizes = [int(x) for x in args.batch_sizes.split(",")]
    if args.scale_runs:
        plan.scale_runs = args.scale_runs
    if args.articles:
        plan.articles = args.articles
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="cwbench-"))
    try:
        partial = args.json.with_suffix(".partial.json") if args.json else workdir / "report.partial.json"
        report = run_suite(plan, workdir, checkpoint=lambda r: partial.write_text(
            json.dumps(r, indent=1, default=str), encoding="utf-8"))
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    text = markdown(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
