"""The CLI contract: exit codes and the exact messages a user sees."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CLI = [sys.executable, "-m", "conflictwatch.cli"]


def run(args: list[str], *, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, text=True, cwd=cwd, timeout=120)


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    from conflictwatch.cli import main

    for name in main.commands:
        assert f"conflictwatch {name}" in readme, f"`conflictwatch {name}` is missing from the README"


def test_sql_without_warehouse_says_what_to_do(tmp_path: Path) -> None:
    out = run(["sql", "SELECT 1", "--data-dir", str(tmp_path / "nowhere")])
    assert out.returncode == 2
    assert out.stderr.startswith(f"error: no warehouse at {tmp_path / 'nowhere' / 'warehouse.duckdb'} yet")


def test_run_with_missing_feeds_file_fails_cleanly(tmp_path: Path) -> None:
    out = run(["run", "--feeds", str(tmp_path / "absent.yaml"), "--data-dir", str(tmp_path)])
    assert out.returncode == 2
    assert "does not exist" in out.stderr


def test_run_with_invalid_feeds_file(tmp_path: Path) -> None:
    bad = tmp_path / "feeds.yaml"
    bad.write_text("feeds:\n  - name: only-a-name\n", encoding="utf-8")
    out = run(["run", "--feeds", str(bad), "--data-dir", str(tmp_path)])
    assert out.returncode == 1
    assert out.stderr.strip() == f"error: feeds file {bad}: entry 1 needs both 'name' and 'url'"


def test_sql_formats(tmp_path: Path) -> None:
    import duckdb

    data = tmp_path / "data"
    data.mkdir()
    con = duckdb.connect(str(data / "warehouse.duckdb"))
    con.execute("CREATE TABLE t AS SELECT * FROM (VALUES (1, 'Odesa'), (2, 'Kharkiv')) v(n, place)")
    con.close()
    as_json = run(["sql", "SELECT * FROM t ORDER BY n", "--format", "json", "--data-dir", str(data)])
    assert as_json.returncode == 0
    assert [json.loads(line) for line in as_json.stdout.splitlines()] == [
        {"n": 1, "place": "Odesa"}, {"n": 2, "place": "Kharkiv"}]
    as_csv = run(["sql", "SELECT * FROM t ORDER BY n", "--format", "csv", "--data-dir", str(data)])
    assert as_csv.stdout.splitlines() == ["n,place", "1,Odesa", "2,Kharkiv"]
    as_table = run(["sql", "SELECT * FROM t ORDER BY n", "--data-dir", str(data)])
    assert "Kharkiv" in as_table.stdout and "(2 rows)" in as_table.stdout
    broken = run(["sql", "SELECT * FROM missing_table", "--data-dir", str(data)])
    assert broken.returncode == 1 and broken.stderr.startswith("error: Catalog Error")
    write = run(["sql", "DROP TABLE t", "--data-dir", str(data)])
    assert write.returncode == 1 and "read-only" in write.stderr.lower()
    two = run(["sql", "SELECT 1; SELECT 2", "--data-dir", str(data)])
    assert two.returncode == 1 and two.stderr.strip() == "error: sql takes exactly one statement; this query has 2"
    assert two.stdout == ""
    quoted = run(["sql", "SELECT ';' AS semicolon", "--format", "csv", "--data-dir", str(data)])
    assert quoted.returncode == 0 and quoted.stdout.splitlines() == ["semicolon", ";"]


def test_tag_keeps_order_and_ids() -> None:
    docs = [
        {"id": "a", "title": "Drones hit Odesa port", "published": "2026-11-20T08:00:00Z",
         "text": "Russian forces launched 40 attack drones at Odesa overnight; air defences downed 31 of them, "
                 "the regional governor said on Friday."},
        {"id": "b", "title": "Markets", "published": "2026-11-20T08:00:00Z",
         "text": "Grain prices rose on Thursday as traders weighed the weather in Argentina."},
        {"id": "c", "title": "Delegations meet in Istanbul", "published": "2026-11-20T08:00:00Z",
         "text": "Ukrainian and Russian delegations held talks in Istanbul on Thursday and agreed to "
                 "exchange 300 prisoners of war each, Turkish officials said."},
    ]
    out = run(["tag"], stdin="\n".join(json.dumps(d) for d in docs) + "\n")
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b", "c"]
    assert {e["type"] for e in lines[0]["events"]} == {"drone_strike"}
    assert lines[1]["events"] == []
    assert "negotiation" in {e["type"] for e in lines[2]["events"]}
    for doc, line in zip(docs, lines, strict=True):
        for event in line["events"]:
            assert event["evidence"] in doc["text"] or event["evidence"] in doc["title"]


def test_tag_reports_bad_lines_without_stopping() -> None:
    out = run(["tag"], stdin='not json\n{"id": "x", "title": "", "text": "Nothing here.", "published": null}\n')
    assert out.returncode == 0
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert lines[0]["error"] == "line 1: invalid JSON" and lines[1] == {"id": "x", "events": []}
    assert "error: line 1 is invalid JSON: each line must be one JSON object" in out.stderr
    listed = run(["tag"], stdin="[1, 2]\n")
    assert json.loads(listed.stdout)["error"] == "line 1: not a JSON object"
    assert "error: line 1 is not a JSON object" in listed.stderr


def test_extract_files(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Talks resume in Geneva</title>"
        '<meta property="article:published_time" content="2026-11-18T09:30:00Z"></head>'
        "<body><article><h1>Talks resume in Geneva</h1><p>Negotiators from both sides met in Geneva on "
        "Tuesday for a second round of talks mediated by Swiss diplomats, officials said.</p>"
        "<p>The delegations discussed a partial ceasefire covering energy infrastructure and agreed to "
        "meet again next month.</p></article></body></html>", encoding="utf-8")
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    out = run(["extract", str(page), str(empty)])
    assert out.returncode == 1
    first, second = (json.loads(line) for line in out.stdout.splitlines())
    assert first["title"] == "Talks resume in Geneva"
    assert "second round of talks" in first["text"]
    assert first["published"].startswith("2026-11-18T09:30")
    assert first["language"] == "en"
    assert second["text"] is None and second["error"] == "empty page body"
    assert f"error: {empty}: empty page body" in out.stderr


def test_tag_says_when_the_publication_date_is_malformed_and_still_tags() -> None:
    text = "Russian drones struck the port of Odesa on Sunday, killing two people, the governor said."
    docs = [{"id": "bad", "title": "", "text": text, "published": "last Tuesday-ish"},
            {"id": "good", "title": "", "text": text, "published": "2026-12-03T09:00:00Z"}]
    out = run(["tag"], stdin="\n".join(json.dumps(d) for d in docs) + "\n")
    assert out.returncode == 0
    bad, good = (json.loads(line) for line in out.stdout.splitlines())
    assert "not an ISO-8601 date" in bad["warning"] and "warning: line 1: published 'last Tuesday-ish'" in out.stderr
    # The event is kept; "on Sunday" has nothing to resolve against, and the event says so.
    assert [(e["event_date"], e["date_precision"]) for e in bad["events"]] == [(None, "publication")]
    assert "warning" not in good and [e["event_date"] for e in good["events"]] == ["2026-11-29"]


def test_the_table_view_marks_cut_cells_and_json_keeps_them_whole() -> None:
    from conflictwatch.report import render

    sentence = "Russian drones struck the port of Odesa overnight, killing two dock workers, the governor said."
    table = render(["evidence"], [[sentence]], "table")
    assert sentence[:59] + "…" in table and sentence not in table
    assert "--format json or csv shows them whole" in table
    assert json.loads(render(["evidence"], [[sentence]], "json"))["evidence"] == sentence
    assert "…" not in render(["place"], [["Odesa"]], "table")


def test_trend_refuses_fewer_than_one_day(tmp_path: Path) -> None:
    out = run(["trend", "--days", "0", "--data-dir", str(tmp_path)])
    assert out.returncode == 2
    assert "Invalid value for '--days'" in out.stderr and "x>=1" in out.stderr
    # A valid count reaches the warehouse check (and says what to do without one).
    ok = run(["trend", "--days", "1", "--data-dir", str(tmp_path / "nowhere")])
    assert ok.returncode == 2 and ok.stderr.startswith("error: no warehouse at")


def test_make_demo_passes_a_port_only_when_one_is_given() -> None:
    # The README's fix for a taken port stays on the two-command path: `make demo DEMO_PORT=N`.
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    with_port = subprocess.run(["make", "-n", "demo", "DEMO_PORT=8799"], cwd=root, capture_output=True,
                               text=True, check=True).stdout
    without = subprocess.run(["make", "-n", "demo"], cwd=root, capture_output=True, text=True, check=True).stdout
    assert "conflictwatch demo --port 8799" in with_port
    assert "--port" not in without.splitlines()[-1]


def test_demo_on_a_taken_port_says_how_to_pick_another(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        out = run(["demo", "--port", str(port), "--data-dir", str(tmp_path)])
    assert out.returncode == 2
    assert f"cannot serve the sample feeds on 127.0.0.1:{port}" in out.stderr
    assert "--port N" in out.stderr and "make demo DEMO_PORT=N" in out.stderr


def test_stage_counts_read_in_pipeline_order() -> None:
    from types import SimpleNamespace

    from conflictwatch.cli import summarise

    result = SimpleNamespace(dag_id="conflictwatch_process", state="success", run_id="r1",
                             returns={"validate": {"rows": 3}, "dedupe": {"articles": 5}, "load": {"events": 2},
                                      "plan": {"batches": 1}, "tag": {"events": 2}, "zz_extra": {"n": 1},
                                      "extract": {"articles": 5, "failures": 0, "feeds": 4},
                                      "start_batch": {"batch_id": "b1", "feeds": [{"name": "wire"}]}},
                             tasks={})
    lines = summarise([result]).splitlines()
    # extract's count of feeds is a count like any other; start_batch's feed list is not shown
    assert [line.split(":")[0].strip() for line in lines[1:]] == ["plan", "extract", "dedupe", "tag", "validate",
                                                                   "load", "zz_extra"]
    assert '"failures": 0' in lines[2]
