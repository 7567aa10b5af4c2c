"""Per-host politeness holds across processes that share a data directory, as parallel Airflow tasks do.

A real threaded HTTP server on 127.0.0.1 records when each request starts and how many are in
flight; two real child processes fetch from it at the same moment. The control run without a
shared directory shows the same load overlapping, so the shared run's result is the gate's doing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from extract import host_gate
from extract.http import Fetcher, FetchError, FetchSettings

ROOT = Path(__file__).resolve().parents[2]
SLOW = 0.25  # seconds each response takes, so overlapping requests really overlap


class _Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        self.starts: list[float] = []


@pytest.fixture()
def slow_server() -> Iterator[tuple[str, _Recorder]]:
    rec = _Recorder()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with rec.lock:
                rec.in_flight += 1
                rec.max_in_flight = max(rec.max_in_flight, rec.in_flight)
                rec.starts.append(time.time())
            time.sleep(SLOW)
            # The request stops counting before its answer leaves: a client that has its answer may
            # start the next request at once, before this thread would get back to a decrement.
            with rec.lock:
                rec.in_flight -= 1
            body = b"<html><body><p>ok</p></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            """Keep the test output clean."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", rec
    finally:
        server.shutdown()
        server.server_close()


_CHILD = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from extract.http import Fetcher, FetchSettings
    base, host_dir, name = sys.argv[1], sys.argv[2], sys.argv[3]
    settings = FetchSettings.from_env({"CONFLICTWATCH_ALLOW_PRIVATE_HOSTS": "127.0.0.1"}).replace(
        respect_robots=False, per_host_concurrency=1, per_host_delay=0.2, total_timeout=30)
    with Fetcher(settings, host_dir=Path(host_dir) if host_dir else None) as fetcher:
        print("ready", flush=True)
        sys.stdin.readline()  # the parent says go once both children are ready
        statuses = [fetcher.get(f"{base}/{name}/{i}").status for i in range(3)]
    print(json.dumps(statuses), flush=True)
    """
)


def _run_two(base: str, host_dir: Path | None) -> None:
    """Start both children, wait until each is imported and ready, then release them together: a
    start handshake, so a slow import on a loaded machine cannot stagger them."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _CHILD, base, str(host_dir or ""), name],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for name in ("a", "b")
    ]
    for proc in procs:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read() if proc.stderr else ""
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert json.loads(out) == [200, 200, 200]


def test_two_processes_sharing_a_directory_respect_one_hosts_limits(slow_server, tmp_path: Path) -> None:
    base, rec = slow_server
    _run_two(base, tmp_path / "hosts")
    assert len(rec.starts) == 6
    assert rec.max_in_flight == 1
    gaps = [b - a for a, b in zip(sorted(rec.starts), sorted(rec.starts)[1:], strict=False)]
    # concurrency 1 and a 0.2 s spacing: no request starts before the previous one is answered
    assert min(gaps) >= SLOW * 0.9, gaps


def test_without_a_shared_directory_the_same_load_overlaps(slow_server) -> None:
    """The control: per-process limits alone let two tasks hit the host at once."""
    base, rec = slow_server
    _run_two(base, None)
    assert len(rec.starts) == 6
    assert rec.max_in_flight == 2


def test_a_host_busy_past_the_deadline_is_a_transient_fetch_error(slow_server, tmp_path: Path) -> None:
    base, _ = slow_server
    settings = FetchSettings.from_env({"CONFLICTWATCH_ALLOW_PRIVATE_HOSTS": "127.0.0.1"}).replace(
        respect_robots=False, per_host_concurrency=1, total_timeout=0.5, max_attempts=1
    )
    far = time.monotonic() + 60
    with (
        host_gate.host_turn(tmp_path, "127.0.0.1", 1, 0.0, far),
        Fetcher(settings, host_dir=tmp_path) as fetcher,
        pytest.raises(FetchError) as err,
    ):
        fetcher.get(f"{base}/blocked")
    assert err.value.transient
    assert "request slot(s) for this host stayed busy" in str(err.value)
    # once the other holder is gone the slot is free again (with a deadline a loaded machine can meet:
    # the short one above exists only to expire while the slot is held)
    with Fetcher(settings.replace(total_timeout=30), host_dir=tmp_path) as fetcher:
        assert fetcher.get(f"{base}/free").status == 200


def test_spacing_is_kept_between_turns_and_survives_a_garbled_stamp(tmp_path: Path) -> None:
    (tmp_path / "example.org.last").write_text("not a number")
    far = time.monotonic() + 60
    with host_gate.host_turn(tmp_path, "Example.org", 2, 0.3, far) as waited:
        assert waited < 0.3  # a garbled stamp costs one unspaced request, nothing worse
    before = float((tmp_path / "example.org.last").read_text())
    with host_gate.host_turn(tmp_path, "example.org", 2, 0.3, far):
        pass
    # The gate's own record: the second turn started a full spacing after the first (a stall of the
    # test between the turns would only make the gap longer).
    assert float((tmp_path / "example.org.last").read_text()) - before >= 0.3 - 1e-3
    soon = time.monotonic() + 0.1
    with pytest.raises(host_gate.HostBusy), host_gate.host_turn(tmp_path, "example.org", 2, 5.0, soon):
        pytest.fail("a turn 5 s away cannot start before a 0.1 s deadline")


def test_host_names_cannot_escape_the_directory(tmp_path: Path) -> None:
    gate_dir = tmp_path / "hosts"
    with host_gate.host_turn(gate_dir, "../../etc/passwd", 1, 0.0, time.monotonic() + 5):
        pass
    assert {p.parent for p in tmp_path.rglob("*") if p.is_file()} == {gate_dir}
