"""The whole benchmark: every section of issue 9, medians over ``runs`` repetitions, one JSON report.

Why children everywhere: each stage run, each Airflow run and the corpus server are separate
processes, as they are in production (every Airflow task is a fresh process), so import costs,
cold caches and peak memory are counted the way they will be paid.

Bytecode: this sandbox sets PYTHONDONTWRITEBYTECODE=1, which makes every child recompile scipy,
great_expectations and Airflow from source (seconds each). Children get a private
PYTHONPYCACHEPREFIX instead, warmed once, which is what an installed system has (pip compiles on
install; Python writes caches on first import). The cold cost is reported under ``traps``.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
WARM_IMPORTS = ("trafilatura", "great_expectations", "datasketch", "pandas", "pyarrow", "duckdb", "scipy.special",
                "py3langid", "conflictwatch.process", "transform.tagger", "transform.quality", "transform.alerts",
                "airflow.sdk", "airflow.dag_processing.dagbag", "conflictwatch.airflow_runner")


@dataclass
class Plan:
    """Sizes of one benchmark run."""

    articles: int          # per-stage batch and the end-to-end batch
    feeds: int
    concurrency: int
    runs: int
    scale_sizes: list[int]
    load_rows: int         # rows of the DataFrame/Arrow load-rate test
    trap_rows: int         # rows of the executemany trap
    quick: bool
    # Repetitions of the per-batch cost at each warehouse size: every one copies the writer DB
    # (5 GB at 1 M articles) and, with today's clustering, takes minutes at that size.
    scale_runs: int = 1
    # Warehouse sizes at which the per-batch cost is measured (None: all). Since the clustering reads
    # only the clusters a batch can touch, one batch at 1 M articles is ~15 s plus a 5 GB copy and a
    # publish of a few minutes, so the full run measures every size (issue 4 asks for 10 k … 1 M).
    batch_sizes: list[int] | None = None

    @classmethod
    def full(cls, runs: int) -> Plan:
        return cls(2000, 16, 4, runs, [10_000, 100_000, 1_000_000], 1_000_000, 5_000, False)

    @classmethod
    def small(cls, runs: int) -> Plan:
        return cls(30, 3, 3, runs, [2_000, 10_000], 20_000, 500, True)


def machine() -> dict[str, Any]:
    import duckdb

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(ram, 1), "python": platform.python_version(),
            "duckdb": duckdb.__version__, "platform": platform.platform()}


def child_env(pycache: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({
        "PYTHONPYCACHEPREFIX": str(pycache),
        "CONFLICTWATCH_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
        # Politeness spacing (0.5 s per host by default) would measure our sleep, not our cost: all
        # benchmark feeds share one loopback host. Real feeds spread over many hosts.
        "CONFLICTWATCH_FETCH_PER_HOST_DELAY": "0",
        "CONFLICTWATCH_TASK_RETRIES": "0",
        "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    })
    env.update(extra or {})
    return env


def run_child(args: list[str], env: dict[str, str], timeout: float = 3600,
              log_to: Path | None = None) -> dict[str, Any]:
    """Run ``python ARGS``; its last ``BENCH-JSON`` line is the result. Its stderr is kept in ``log_to``."""
    proc = subprocess.run([sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=timeout)
    if log_to:
        log_to.write_text(proc.stderr, encoding="utf-8")
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("BENCH-JSON ")]
    if proc.returncode != 0 or not lines:
        where = f" (full log: {log_to})" if log_to else ""
        raise RuntimeError(f"benchmark child {args} failed ({proc.returncode}){where}:\n{proc.stderr[-4000:]}")
    return dict(json.loads(lines[-1][len("BENCH-JSON "):]))


def _median(values: list[float]) -> float:
    return float(statistics.median(values))


def _log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def stage_section(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians over the stage runs, as throughputs per function and wall time per stage."""
    n = runs[0]["articles"]
    fn = {name: _median([r["functions"]["seconds"].get(name, 0.0) for r in runs])
          for name in runs[0]["functions"]["seconds"]}
    stages = {name: _median([r["stages"][name] for r in runs]) for name in runs[0]["stages"]}
    chars = runs[0]["text_chars"]
    return {
        "articles": n,
        "events": runs[0]["counts"]["load"].get("events"),
        "html_mb": runs[0]["html_bytes"] / 1e6,
        "stage_seconds": stages,
        "function_seconds": fn,
        "extract_pages_per_s": n / fn["extract_page"] if fn.get("extract_page") else None,
        "dedupe_articles_per_s": n / fn["mark_duplicates"] if fn.get("mark_duplicates") else None,
        "tag_articles_per_s": n / fn["tag"] if fn.get("tag") else None,
        "tag_5kb_docs_per_s": chars / 5000 / fn["tag"] if fn.get("tag") else None,
        "cluster_events_per_s": (runs[0]["counts"]["load"].get("events") or 0) / fn["assign_clusters"]
        if fn.get("assign_clusters") else None,
        "validate_articles_per_s": n / fn["validate_batch"] if fn.get("validate_batch") else None,
        "load_articles_per_s": n / fn["load_run"] if fn.get("load_run") else None,
        "publish_s": fn.get("publish"),
        "trafilatura_ms_per_page": _median([r["trafilatura"]["ms_per_page"] for r in runs]),
        "extract_page_ms_per_page": 1000 * fn["extract_page"] / n if fn.get("extract_page") else None,
    }


def workers_section(runs: list[dict[str, Any]], one_process: list[dict[str, Any]]) -> dict[str, Any]:
    """Wall seconds of the extract and tag stages with the default workers against one process."""
    out: dict[str, Any] = {"workers": runs[0].get("workers")}
    for stage in ("extract", "tag"):
        out[f"{stage}_s"] = _median([r["stages"][stage] for r in runs])
        out[f"{stage}_one_process_s"] = _median([r["stages"][stage] for r in one_process])
    return out


def run_suite(plan: Plan, workdir: Path, *, log: Callable[[str], None] = _log,
              checkpoint: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Every section in turn; ``checkpoint(report)`` after each, so a long run that dies keeps its numbers."""
    save = checkpoint or (lambda _report: None)
    from bench import corpus, scale, traps
    from bench.server import CorpusServer

    workdir.mkdir(parents=True, exist_ok=True)
    pycache = workdir / "pycache"
    airflow_home = Path(os.environ.get("AIRFLOW_HOME") or workdir / "airflow")
    env = child_env(pycache, {"AIRFLOW_HOME": str(airflow_home)})
    report: dict[str, Any] = {"machine": machine(), "plan": plan.__dict__,
                              "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    t_all = time.perf_counter()

    log("warming the bytecode cache")
    subprocess.run([sys.executable, "-c", "import " + ", ".join(WARM_IMPORTS)], cwd=REPO, env=env, check=True,
                   capture_output=True)

    log(f"generating {plan.articles} pages")
    site = workdir / "site"
    shutil.rmtree(site, ignore_errors=True)
    pages = corpus.generate(site, plan.articles, n_feeds=plan.feeds)
    sizes = sorted(p.size for p in pages)
    report["corpus"] = {"pages": len(pages), "feeds": plan.feeds, "min_kb": sizes[0] / 1000,
                        "median_kb": statistics.median(sizes) / 1000, "max_kb": sizes[-1] / 1000,
                        "copies": sum(p.copy_of is not None for p in pages),
                        "topics": {t: sum(p.topic == t for p in pages) for t in ("strike", "talks", "other")}}

    # Per-core figures (throughput per function, the stage ratio, peak memory) come from stage runs in
    # one process; the workers' effect on wall time is measured beside them (conflictwatch.parallel).
    one_worker = {**env, "CONFLICTWATCH_WORKERS": "1"}
    env = {**env, "CONFLICTWATCH_WORKERS": "auto"}  # the default, whatever the caller's environment says
    with CorpusServer(site) as server:
        def stage_runs_with(name: str, child_env: dict[str, str]) -> list[dict[str, Any]]:
            runs = []
            for r in range(plan.runs):
                log(f"{name} run {r + 1}/{plan.runs}")
                wd = workdir / f"{name.replace(' ', '-')}{r}"
                shutil.rmtree(wd, ignore_errors=True)
                runs.append(run_child(["-m", "bench.stages", str(site), server.base_url, str(wd),
                                       str(plan.concurrency)], child_env))
            return runs

        stage_runs = stage_runs_with("stages", one_worker)
        report["stages"] = stage_section(stage_runs)
        report["workers"] = workers_section(stage_runs_with("stages with workers", env), stage_runs)
        report["fetch"] = {
            "pages": stage_runs[0]["fetch"]["concurrent"]["pages"],
            "failed": stage_runs[0]["fetch"]["concurrent"]["failed"],
            "sequential_pages_per_s": _median([r["fetch"]["sequential"]["pages_per_s"] for r in stage_runs]),
            "concurrent_pages_per_s": _median([r["fetch"]["concurrent"]["pages_per_s"] for r in stage_runs]),
            "concurrency": plan.concurrency,
        }
        report["memory"] = {"peak_rss_mb": max(r["peak_rss_mb"] for r in stage_runs),
                            "median_peak_rss_mb": _median([r["peak_rss_mb"] for r in stage_runs]),
                            "articles": plan.articles, "target_mb": 1024}

        log("profiling the process stages")
        prof = workdir / "profile.json"
        wd = workdir / "stages-profile"
        shutil.rmtree(wd, ignore_errors=True)
        run_child(["-m", "bench.stages", str(site), server.base_url, str(wd), str(plan.concurrency), str(prof)],
                  one_worker)
        profiles = json.loads(prof.read_text(encoding="utf-8"))
        slowest = max(report["stages"]["stage_seconds"], key=lambda k: report["stages"]["stage_seconds"][k])
        save(report)
        report["profile"] = {"slowest_stage": slowest, "top": _top_lines(profiles.get(slowest, ""), 18),
                             "file": str(prof)}

        def e2e_run(data: Path, child_env: dict[str, str], log_to: Path, fresh: bool = True) -> dict[str, Any]:
            if fresh:
                shutil.rmtree(data, ignore_errors=True)
                data.mkdir(parents=True)
            feeds_file = corpus.write_feeds_file(site, server.base_url, data / "feeds.yaml")
            return run_child(["-m", "bench.e2e", str(data), str(feeds_file)], child_env, log_to=log_to)

        e2e_runs, idle_runs, e2e_workers_runs = [], [], []
        for r in range(plan.runs):
            data = workdir / f"e2e{r}"

            # Alternate which goes first, so that neither setting always has the warmer machine.
            for kind in ("one process", "default workers") if r % 2 == 0 else ("default workers", "one process"):
                log(f"airflow end to end run {r + 1}/{plan.runs} ({plan.articles} articles, {kind})")
                if kind == "one process":
                    e2e_runs.append(e2e_run(data, one_worker, workdir / f"e2e{r}-new.log"))
                    log(f"airflow run with no new articles {r + 1}/{plan.runs}")
                    idle_runs.append(e2e_run(data, env, workdir / f"e2e{r}-idle.log", fresh=False))
                else:
                    e2e_workers_runs.append(e2e_run(data, env, workdir / f"e2e{r}-workers.log"))
            if r + 1 < plan.runs:  # the last run's data dir stays in --workdir, to look at
                shutil.rmtree(data, ignore_errors=True)
    e2e_s = _median([r["run_pipeline_s"] for r in e2e_runs])
    loaded = e2e_runs[0]["load"].get("articles") or plan.articles
    e2e_w_s = _median([r["run_pipeline_s"] for r in e2e_workers_runs])
    report["e2e"] = {"articles": plan.articles, "loaded": loaded, "run_pipeline_s": e2e_s,
                     "ms_per_article": 1000 * e2e_s / max(1, loaded), "dags": e2e_runs[0]["dags"],
                     "workers": e2e_workers_runs[0].get("workers"), "workers_run_pipeline_s": e2e_w_s,
                     "workers_ms_per_article": 1000 * e2e_w_s / max(1, loaded),
                     "workers_peak_rss_mb": max(r.get("peak_rss_mb", 0.0) for r in e2e_workers_runs)}
    report["fixed_cost"] = {"run_pipeline_s": _median([r["run_pipeline_s"] for r in idle_runs]),
                            "process_start_s": _median([r["setup_s"] for r in idle_runs]),
                            "loaded": idle_runs[0]["load"].get("articles"), "target_s": 20}
    st = report["stages"]
    inproc_s = sum(st["stage_seconds"].values()) + report["fetch"]["pages"] / report["fetch"]["sequential_pages_per_s"]
    base = st["trafilatura_ms_per_page"]
    report["ratio"] = {
        "trafilatura_ms_per_page": base,
        "e2e_ms_per_article": report["e2e"]["ms_per_article"],
        "e2e_vs_trafilatura": report["e2e"]["ms_per_article"] / base,
        "e2e_workers_vs_trafilatura": report["e2e"]["workers_ms_per_article"] / base,
        "stages_ms_per_article": 1000 * inproc_s / st["articles"],
        "stages_vs_trafilatura": 1000 * inproc_s / st["articles"] / base,
        "extract_page_vs_trafilatura": st["extract_page_ms_per_page"] / base,
        "target": 1.3,
    }

    save(report)
    log("scale: generating warehouses " + ", ".join(f"{s:,}" for s in plan.scale_sizes))
    run_dir = Path(stage_runs[0]["run_dir"])
    new_articles, new_events = _new_batch(run_dir, workdir, 1000)
    report["scale"] = scale.build_and_measure(workdir, plan.scale_sizes, new_articles, new_events, plan.runs,
                                              plan.load_rows, batch_runs=plan.scale_runs,
                                              batch_sizes=plan.batch_sizes)
    save(report)

    log("traps")
    import random

    from bench.corpus import _paragraphs

    rng = random.Random(3)
    texts = ["\n".join(_paragraphs(rng, "strike", 600)) for _ in range(50 if not plan.quick else 10)]
    report["traps"] = {
        "executemany": traps.executemany_vs_frame(plan.trap_rows, plan.runs),
        "minhash": traps.minhash_update_vs_batch(texts, plan.runs),
        "imports": traps.import_cost(plan.runs, pycache),
    }
    report["total_s"] = time.perf_counter() - t_all
    report["command"] = " ".join(["python", "scripts/bench.py", *sys.argv[1:]])
    return report


def _new_batch(run_dir: Path, workdir: Path, limit: int) -> tuple[Path, Path]:
    """The first ``limit`` extracted articles of a stage run and their tagged events: the scale batch."""
    import pandas as pd

    articles = pd.read_parquet(run_dir / "articles_extracted.parquet").head(limit)
    events = pd.read_parquet(run_dir / "events.parquet")
    events = events[events["article_id"].isin(set(articles["id"]))]
    a, e = workdir / "new_articles.parquet", workdir / "new_events.parquet"
    articles.to_parquet(a, index=False)
    events.to_parquet(e, index=False)
    return a, e


def _top_lines(text: str, limit: int) -> list[str]:
    """The function rows of a pstats listing (cumulative order), trimmed to what fits a report."""
    rows = []
    for line in text.splitlines():
        parts = line.split(None, 5)
        if len(parts) == 6 and parts[0].replace("/", "").isdigit():
            rows.append(line.strip())
        if "--- by own time ---" in line:
            break
    return rows[:limit]
