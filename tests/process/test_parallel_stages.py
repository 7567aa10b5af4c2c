"""Extraction and tagging in worker processes give what one process gives (issue 9).

Real parts only: worker processes from a real fork server, a generated corpus served over HTTP on
127.0.0.1 and staged by the real ingest code, and a real daemonic process where workers cannot
start. What is checked is the answers, their order and the failure rows, never the time taken.
"""

from __future__ import annotations

import importlib
import json
import logging
import multiprocessing
import os
import shutil
import signal
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from conflictwatch import parallel, process
from conflictwatch.config import ConfigError, Paths


def _pid_and_square(x: int) -> tuple[int, int]:
    return os.getpid(), x * x


def _dies_in_a_worker(item: tuple[int, int]) -> int:
    """Kills the worker process that gets item 100 (as an out-of-memory kill would); in the process
    that asked (its pid comes with the item), the same item is fine."""
    x, parent = item
    if x == 100 and os.getpid() != parent:
        os._exit(9)
    return x + 1


def _raises_in_a_worker(item: tuple[int, int]) -> int:
    """An OSError from the item function itself, raised only where a worker runs it."""
    x, parent = item
    if x == 50 and os.getpid() != parent:
        raise OSError("the item function failed on item 50")
    return x


def _sleepy(item: tuple[str, int]) -> int:
    """Records the worker's pid, then takes long enough for its owner to be killed meanwhile."""
    folder, x = item
    Path(folder, str(os.getpid())).touch()
    time.sleep(60)
    return x


def _owner(folder: str) -> None:
    os.environ[parallel.ENV_WORKERS] = "2"
    parallel.map_ordered(_sleepy, [(folder, x) for x in range(128)], label="test")


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _in_a_daemon(queue: Any) -> None:
    os.environ[parallel.ENV_WORKERS] = "2"
    got = parallel.map_ordered(_pid_and_square, list(range(200)), label="test")
    queue.put((os.getpid(), {pid for pid, _ in got}, [sq for _, sq in got]))


@pytest.mark.parametrize(("raw", "expected"), [("1", 1), ("3", 3), (" 2 ", 2)])
def test_configured_workers(monkeypatch: pytest.MonkeyPatch, raw: str, expected: int) -> None:
    monkeypatch.setenv(parallel.ENV_WORKERS, raw)
    assert parallel.configured_workers() == expected


def test_auto_uses_the_usable_cores_up_to_four(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.ENV_WORKERS, "auto")
    assert parallel.configured_workers() == max(1, min(len(os.sched_getaffinity(0)), 4))
    monkeypatch.delenv(parallel.ENV_WORKERS)
    assert parallel.configured_workers() == max(1, min(len(os.sched_getaffinity(0)), 4))


@pytest.mark.parametrize("raw", ["0", "-2", "many", "1.5"])
def test_bad_worker_setting_says_what_to_write(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv(parallel.ENV_WORKERS, raw)
    with pytest.raises(ConfigError, match=r"CONFLICTWATCH_WORKERS.*'auto' or a whole number"):
        parallel.configured_workers()


def test_small_batches_stay_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.ENV_WORKERS, "4")
    assert parallel.workers_for(127) == 1
    assert parallel.workers_for(128) == 2
    assert parallel.workers_for(10_000) == 4
    got = parallel.map_ordered(_pid_and_square, list(range(50)), label="test")
    assert {pid for pid, _ in got} == {os.getpid()}


def test_workers_answer_in_input_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.ENV_WORKERS, "2")
    got = parallel.map_ordered(_pid_and_square, list(range(400)), label="test")
    assert [sq for _, sq in got] == [x * x for x in range(400)]
    pids = {pid for pid, _ in got}
    assert os.getpid() not in pids and len(pids) == 2, pids


def test_a_worker_killed_mid_batch_leaves_no_item_undone(monkeypatch: pytest.MonkeyPatch,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv(parallel.ENV_WORKERS, "2")
    with caplog.at_level(logging.WARNING, logger="conflictwatch.parallel"):
        got = parallel.map_ordered(_dies_in_a_worker, [(x, os.getpid()) for x in range(300)], label="extract")
    assert got == [x + 1 for x in range(300)]
    assert "extract: a worker process died" in caplog.text and "not answered yet run in this process" in caplog.text


def test_an_error_of_the_item_function_propagates(monkeypatch: pytest.MonkeyPatch,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    """Not taken for a broken pool and quietly recomputed here, where it would have succeeded."""
    monkeypatch.setenv(parallel.ENV_WORKERS, "2")
    with caplog.at_level(logging.WARNING, logger="conflictwatch.parallel"), \
            pytest.raises(OSError, match="failed on item 50"):
        parallel.map_ordered(_raises_in_a_worker, [(x, os.getpid()) for x in range(200)], label="test")
    assert "worker process" not in caplog.text


def test_the_preload_module_imports() -> None:
    """The fork server ignores an ImportError in its preload: a broken one would only be slow."""
    assert importlib.import_module("conflictwatch.worker_preload")


def test_workers_leave_when_their_owner_is_killed(tmp_path: Path) -> None:
    """A task killed outright (kill -9, the OOM killer) cannot shut its pool down.

    (The owner is spawned, not forked: a fork of this process would inherit its fork server's
    bookkeeping, which multiprocessing cannot use from another process.)"""
    ctx = multiprocessing.get_context("spawn")
    owner = ctx.Process(target=_owner, args=(str(tmp_path),))
    owner.start()
    deadline = time.monotonic() + 60
    while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = [int(p.name) for p in tmp_path.iterdir()]
    assert len(workers) == 2 and all(_running(pid) for pid in workers)
    os.kill(owner.pid, signal.SIGKILL)
    owner.join(10)
    deadline = time.monotonic() + 20
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_running(pid) for pid in workers), "workers outlived the process that started them"


def test_a_daemonic_process_runs_the_items_itself() -> None:
    """A Celery prefork worker is daemonic: multiprocessing refuses it children."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_in_a_daemon, args=(queue,), daemon=True)
    child.start()
    daemon_pid, pids, squares = queue.get(timeout=120)
    child.join(30)
    assert child.exitcode == 0
    assert squares == [x * x for x in range(200)]
    assert pids == {daemon_pid}


# --- the stages ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """160 generated pages fetched over HTTP into one sealed batch, plus one binary page."""
    from bench import corpus
    from bench.server import CorpusServer
    from bench.stages import fetch
    from extract.staging import new_batch_dir, page_key, seal_batch, write_page

    root = tmp_path_factory.mktemp("parallel")
    site = root / "site"
    corpus.generate(site, 160, n_feeds=4, now=datetime(2026, 5, 4, 8, 0, tzinfo=UTC))
    paths = Paths(root / "data")
    os.environ.setdefault("CONFLICTWATCH_ALLOW_PRIVATE_HOSTS", "127.0.0.1")
    os.environ["CONFLICTWATCH_FETCH_PER_HOST_DELAY"] = "0"
    batch = new_batch_dir(paths.staging, "parallel-batch")
    with CorpusServer(site) as server:
        got = fetch(corpus.feeds_for(site, server.base_url), batch, paths.fetch_state, 2)
    assert got["pages"] == 160, got
    url = "http://127.0.0.1:9/odd/binary.pdf"
    write_page(batch, {"url": url, "page_key": page_key(url), "feed": "odd", "fetched_at": "2026-05-04T08:00:00+00:00"},
               b"%PDF-1.7\x00\x01 not a page")
    seal_batch(batch)
    return paths


def _run(paths: Paths, name: str, workers: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(parallel.ENV_WORKERS, workers)
    out = process.run_dir(paths, name)
    (out / "plan.json").write_text(json.dumps({"run_id": name, "batches": ["parallel-batch"]}), encoding="utf-8")
    process.extract_stage(paths, out)
    shutil.copyfile(out / "articles_extracted.parquet", out / "articles.parquet")  # dedupe is not under test
    process.tag_stage(out)
    return out


def test_a_crash_is_a_failure_row_and_one_logged_traceback(staged: Paths, monkeypatch: pytest.MonkeyPatch,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    """An extractor or tagger bug on one page: the page becomes a failure row, the batch goes on,
    and the log says which URL with the traceback, once."""
    import extract.articles
    import transform.tagger

    real_extract, real_tag = extract.articles.extract_page, transform.tagger.tag

    def extract_page(html: bytes, url: str | None = None, **kw: Any) -> Any:
        if url and url.endswith(first):
            raise RuntimeError("extractor bug")
        return real_extract(html, url, **kw)

    def tag(title: str, text: str, published: Any) -> list[dict]:
        if text == second_text:
            raise KeyError("tagger bug")
        return real_tag(title, text, published)

    batch = json.loads(next((staged.staging / "parallel-batch" / "pages").glob("*.json")).read_text())
    first = batch.get("final_url") or batch["url"]
    monkeypatch.setattr(extract.articles, "extract_page", extract_page)
    monkeypatch.setattr(transform.tagger, "tag", tag)
    monkeypatch.setenv(parallel.ENV_WORKERS, "1")  # patches reach this process only
    out = process.run_dir(staged, "crashes")
    (out / "plan.json").write_text(json.dumps({"run_id": "crashes", "batches": ["parallel-batch"]}), encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="conflictwatch.process"):
        process.extract_stage(staged, out)
        frame = pd.read_parquet(out / "articles_extracted.parquet")
        counts = frame["text"].value_counts()
        second_text = next(t for t in frame["text"] if counts[t] == 1)  # not a syndicated copy's text
        frame.to_parquet(out / "articles.parquet", index=False)
        process.tag_stage(out)
    failures = pd.read_parquet(out / "failures.parquet")
    assert len(frame) == 159
    assert set(failures["stage"]) == {"extract", "tag"}
    assert "extractor crashed: RuntimeError: extractor bug" in set(failures["error"])
    assert "tagger crashed: KeyError: 'tagger bug'" in set(failures["error"])
    assert caplog.text.count(f"extraction crashed on {first}") == 1
    assert caplog.text.count("tagger crashed on ") == 1
    assert caplog.text.count("Traceback (most recent call last)") == 2


def test_stages_in_workers_write_what_one_process_writes(staged: Paths, monkeypatch: pytest.MonkeyPatch,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    one = _run(staged, "one-process", "1", monkeypatch)
    with caplog.at_level(logging.WARNING, logger="conflictwatch.parallel"):
        two = _run(staged, "two-workers", "2", monkeypatch)
    assert "worker processes failed" not in caplog.text  # the workers really answered
    a, b = pd.read_parquet(one / "articles_extracted.parquet"), pd.read_parquet(two / "articles_extracted.parquet")
    assert len(a) == 160
    pd.testing.assert_frame_equal(a, b)
    ea = pd.read_parquet(one / "events.parquet").drop(columns=["created_at"])
    eb = pd.read_parquet(two / "events.parquet").drop(columns=["created_at"])
    assert len(ea) > 160  # the generated articles report several events each
    pd.testing.assert_frame_equal(ea, eb)
    fa = pd.read_parquet(one / "failures.parquet")
    fb = pd.read_parquet(two / "failures.parquet")
    assert list(fa["url"]) == list(fb["url"]) == ["http://127.0.0.1:9/odd/binary.pdf"]
    assert list(fa["error"]) == list(fb["error"]) == ["body is not HTML (binary content)"]
