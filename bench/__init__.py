"""Benchmark suite for conflictwatch (issue 9): corpus generator, loopback server and stage timings.

Run it with ``make bench`` or ``.venv/bin/python scripts/bench.py [--quick] [--runs N]``; results are
summarised in BENCHMARKS.md.
"""
