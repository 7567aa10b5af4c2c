"""Render a benchmark report (the dict from ``bench.suite.run_suite``) as the Markdown of BENCHMARKS.md."""

from __future__ import annotations

from typing import Any

SECTIONS = ("machine", "corpus", "fetch", "stages", "workers", "e2e", "fixed_cost", "ratio", "memory", "scale", "traps",
            "profile")


def _n(value: Any, digits: int = 2) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        if abs(value) >= 100:
            return f"{value:,.0f}"
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _ok(value: float | None, target: float, *, higher: bool = False) -> str:
    if value is None:
        return "n/a"
    return "yes" if (value >= target if higher else value <= target) else "**no**"


def _worker_rows(r: dict[str, Any]) -> list[tuple[str, Any, str, str]]:
    """What the default workers (CONFLICTWATCH_WORKERS=auto) change: wall time, not cost per core.
    (Reports written before the workers existed have no such section.)"""
    w, e = r.get("workers"), r["e2e"]
    if not w or "workers_ms_per_article" not in e:
        return []
    n = w["workers"]
    return [
        ("extract stage, one process, s", w["extract_one_process_s"], "", ""),
        (f"extract stage, {n} workers, s", w["extract_s"], "", ""),
        ("tag stage, one process, s", w["tag_one_process_s"], "", ""),
        (f"tag stage, {n} workers, s", w["tag_s"], "", ""),
        (f"Airflow end to end with {e['workers']} workers, ms/article", e["workers_ms_per_article"], "", ""),
        (f"ratio end to end with {e['workers']} workers (wall time) / trafilatura.extract (one core)",
         r["ratio"]["e2e_workers_vs_trafilatura"], "≤ 1.3", _ok(r["ratio"]["e2e_workers_vs_trafilatura"], 1.3)),
        (f"peak RSS with {e['workers']} workers: the run's own process (workers not included), MB",
         e["workers_peak_rss_mb"], "", ""),
    ]


def metrics(r: dict[str, Any]) -> list[tuple[str, Any, str, str]]:
    """(metric, value, target, met?) rows: the table people read first."""
    st, sc = r["stages"], r["scale"]
    largest = sc["sizes"][max(sc["sizes"], key=int)]
    q = sc["queries"]
    rows = [
        ("fetch, pages/s, 1 feed at a time (as `dag.test()`)", r["fetch"]["sequential_pages_per_s"], "", ""),
        (f"fetch, pages/s, {r['fetch']['concurrency']} feeds at once", r["fetch"]["concurrent_pages_per_s"], "", ""),
        ("extract_page, pages/s", st["extract_pages_per_s"], "", ""),
        ("trafilatura.extract alone, ms/page", st["trafilatura_ms_per_page"], "", ""),
        ("extract_page, ms/page", st["extract_page_ms_per_page"], "", ""),
        ("mark_duplicates, articles/s", st["dedupe_articles_per_s"], "", ""),
        ("tag, articles/s", st["tag_articles_per_s"], "", ""),
        ("tag, 5 KB documents/s (1 core)", st["tag_5kb_docs_per_s"], "≥ 500",
         _ok(st["tag_5kb_docs_per_s"], 500, higher=True)),
        ("assign_clusters, events/s", st["cluster_events_per_s"], "", ""),
        ("validate_batch, articles/s", st["validate_articles_per_s"], "", ""),
        ("load_run, articles/s", st["load_articles_per_s"], "", ""),
        ("publish after one batch, s", st["publish_s"], "", ""),
        (f"Airflow end to end, {r['e2e']['articles']} articles, one process, s", r["e2e"]["run_pipeline_s"], "", ""),
        ("Airflow end to end, one process, ms/article", r["e2e"]["ms_per_article"], "", ""),
        ("ratio end to end (one process) / trafilatura.extract", r["ratio"]["e2e_vs_trafilatura"], "≤ 1.3",
         _ok(r["ratio"]["e2e_vs_trafilatura"], 1.3)),
        *_worker_rows(r),
        ("ratio stages (no Airflow) / trafilatura.extract", r["ratio"]["stages_vs_trafilatura"], "≤ 1.3",
         _ok(r["ratio"]["stages_vs_trafilatura"], 1.3)),
        ("run with no new articles, s", r["fixed_cost"]["run_pipeline_s"], "≤ 20",
         _ok(r["fixed_cost"]["run_pipeline_s"], 20)),
        (f"peak RSS of the process stages, {r['memory']['articles']} articles, MB", r["memory"]["peak_rss_mb"],
         "≤ 1024", _ok(r["memory"]["peak_rss_mb"], 1024)),
        ("load rate, DataFrame INSERT … SELECT, rows/s", sc["load_rate"]["dataframe_rows_per_s"], "", ""),
        ("load rate, Arrow INSERT … SELECT, rows/s", sc["load_rate"]["arrow_rows_per_s"], "", ""),
        (f"daily_event_counts for a year ({sc['articles']:,} articles, {sc['events']:,} events), s",
         q["daily_event_counts_year_s"], "≤ 1", _ok(q["daily_event_counts_year_s"], 1)),
        *([("same year through the 002 join (before migration 005), s", q["daily_join_year_s"], "", "")]
          if "daily_join_year_s" in q else []),
        (f"detect_spikes, 2 years × {q['region_series']} region series, s", q["detect_spikes_s"], "≤ 1",
         _ok(q["detect_spikes_s"], 1)),
        ("publish at the largest size, s", largest["publish"], "(grows)", ""),
    ]
    for size, row in sorted(sc["sizes"].items(), key=lambda kv: int(kv[0])):
        if row.get("per_1000_s") is None:
            continue
        rows.append((f"dedupe + cluster + load per 1,000 new articles at {int(size):,} stored, s",
                     row["per_1000_s"], "flat", ""))
    return rows


def markdown(r: dict[str, Any]) -> str:
    m = r["machine"]
    lines = [
        f"Command: `{r.get('command', 'python scripts/bench.py')}` — {r['plan']['runs']} run(s), medians; "
        f"total {r.get('total_s', 0) / 60:.1f} min.",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, Python {m['python']}, "
        f"DuckDB {m['duckdb']} ({m['platform']}).",
        f"Corpus: {r['corpus']['pages']:,} pages, {r['corpus']['feeds']} feeds, "
        f"{r['corpus']['min_kb']:.0f}–{r['corpus']['max_kb']:.0f} KB (median {r['corpus']['median_kb']:.0f} KB), "
        f"{r['corpus']['copies']} syndicated copies; topics {r['corpus']['topics']}.",
        "",
        "| metric | median | target | met |",
        "|---|---:|---|---|",
    ]
    lines += [f"| {name} | {_n(value)} | {target} | {ok} |" for name, value, target, ok in metrics(r)]
    lines += ["", "Stage wall time (s) of one batch, process stages run for real (Parquet between stages):", ""]
    lines += ["| " + " | ".join(r["stages"]["stage_seconds"]) + " |",
              "|" + "---:|" * len(r["stages"]["stage_seconds"]),
              "| " + " | ".join(_n(v) for v in r["stages"]["stage_seconds"].values()) + " |", ""]
    lines += ["Scale (generated warehouse, 10 events per article):", "",
              "| stored articles | dedupe s | load s | of which assign_clusters s | per 1,000 new s | publish s | "
              "writer DB MB | generate s |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size, row in sorted(r["scale"]["sizes"].items(), key=lambda kv: int(kv[0])):
        lines.append(f"| {int(size):,} | {_n(row.get('dedupe'))} | {_n(row.get('load'))} | "
                     f"{_n(row.get('assign_clusters'))} | {_n(row['per_1000_s'])} | "
                     f"{_n(row['publish'])} | {_n(row['db_mb'])} | {_n(row['generate_s'])} |")
    t = r["traps"]
    lines += ["", "Traps:", "",
              f"- DuckDB `executemany`: {_n(t['executemany']['executemany_rows_per_s'])} rows/s; DataFrame "
              f"`INSERT … SELECT`: {_n(t['executemany']['frame_rows_per_s'])} rows/s "
              f"({_n(t['executemany']['speedup'])}× faster, {t['executemany']['rows']:,} rows).",
              f"- MinHash `update()` per shingle: {_n(t['minhash']['update_loop_s'])} s; `update_batch`: "
              f"{_n(t['minhash']['update_batch_s'], 3)} s ({_n(t['minhash']['ratio'])}× slower, "
              f"{t['minhash']['shingles']:,} shingles)."]
    for module, cost in t["imports"].items():
        lines.append(f"- `import {module}` in a fresh process: {_n(cost['warm_s'])} s with a bytecode cache, "
                     f"{_n(cost['cold_s'])} s without.")
    lines += ["", f"Profile of the slowest stage (`{r['profile']['slowest_stage']}`, cumulative):", "", "```"]
    lines += r["profile"]["top"] + ["```"]
    return "\n".join(lines) + "\n"
