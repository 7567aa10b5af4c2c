"""Delivery through real servers on 127.0.0.1: SMTP (aiosmtpd), the JSON webhook and Slack (HTTP)."""

from __future__ import annotations

import email
import email.policy
import json
import logging
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.alerts.conftest import NOW, add_day, add_history
from transform.alert_delivery import deliver, undelivered_alerts
from transform.alerts import detect_spikes, record_alerts

CHANNEL_ENV = (
    "CONFLICTWATCH_ALERT_CHANNELS",
    "CONFLICTWATCH_ALERT_EMAIL_TO",
    "CONFLICTWATCH_ALERT_EMAIL_FROM",
    "CONFLICTWATCH_ALERT_WEBHOOK_URL",
    "AIRFLOW_CONN_SMTP_DEFAULT",
    "AIRFLOW_CONN_SLACK_DEFAULT",
    "AIRFLOW_CONN_CONFLICTWATCH_WEBHOOK",
)


@pytest.fixture(autouse=True)
def no_ambient_channels(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in CHANNEL_ENV:
        monkeypatch.delenv(name, raising=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server() -> Iterator[list[bytes]]:
    received: list[bytes] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            received.append(envelope.content)
            return "250 Message accepted"

    controller = Controller(Handler(), hostname="127.0.0.1", port=_free_port())
    controller.start()
    received_port = controller.port
    received.append(str(received_port).encode())  # first item: the port, popped by the test
    yield received
    controller.stop()


class _Receiver(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})  # type: ignore[attr-defined]
        self.send_response(self.server.status)  # type: ignore[attr-defined]
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture
def http_receiver() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    server.requests = []  # type: ignore[attr-defined]
    server.status = 200  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def spike(con, cfg, coverage) -> dict[str, Any]:
    """The stored alert of a 2/day -> 12 drone-strike spike, series `type:drone_strike`."""
    add_history(con, 2)
    add_day(con, 12)
    stored = record_alerts(con, detect_spikes(con, NOW, cfg), cfg)
    return next(a for a in stored if a["series"] == "type:drone_strike")


def _url(server: ThreadingHTTPServer, path: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


def test_no_channel_goes_to_log_and_table(con, cfg, spike, tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="transform.alert_delivery"):
        assert deliver(spike, con, cfg, data_dir=tmp_path) == ["log"]
    assert "12 observed vs" in caplog.text and "Overnight attack" in caplog.text
    assert con.execute("SELECT delivered FROM alerts WHERE id = ?", [spike["id"]]).fetchall()[0][0] == ["log"]
    assert deliver(spike, con, cfg, data_dir=tmp_path) == []  # already delivered: nothing twice


def test_email_through_smtp_connection_carries_the_chart(con, cfg, spike, tmp_path, monkeypatch, smtp_server):
    port = int(smtp_server.pop(0))
    monkeypatch.setenv(
        "AIRFLOW_CONN_SMTP_DEFAULT",
        json.dumps(
            {
                "conn_type": "smtp",
                "host": "127.0.0.1",
                "port": port,
                "extra": {
                    "disable_tls": True,
                    "disable_ssl": True,
                    "from_email": "alerts@cw.example",
                    "retry_limit": 0,
                },
            }
        ),
    )
    monkeypatch.setenv("CONFLICTWATCH_ALERT_EMAIL_TO", "analyst@cw.example")
    assert deliver(spike, con, cfg, data_dir=tmp_path) == ["log", "email"]
    assert len(smtp_server) == 1
    msg = email.message_from_bytes(smtp_server[0], policy=email.policy.default)
    assert msg["To"] == "analyst@cw.example" and msg["From"] == "alerts@cw.example"
    assert "12 observed vs" in msg["Subject"]
    html_part = next(p for p in msg.walk() if p.get_content_type() == "text/html")
    body = html_part.get_content()
    images = [p for p in msg.walk() if p.get_content_type() == "image/png"]
    assert len(images) == 1
    png = images[0].get_payload(decode=True)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 2000
    cid = images[0]["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in body
    assert images[0].get_content_disposition() == "inline"
    top = spike["top_clusters"][0]
    for fact in (top["headline"], top["outlet"], top["link"], top["evidence"], "p-value"):
        assert fact in body
    delivered = con.execute("SELECT delivered FROM alerts WHERE id = ?", [spike["id"]]).fetchall()[0][0]
    assert sorted(delivered) == ["email", "log"]


def test_webhook_json_carries_the_facts(con, cfg, spike, tmp_path, monkeypatch, http_receiver):
    monkeypatch.setenv("CONFLICTWATCH_ALERT_WEBHOOK_URL", _url(http_receiver, "/hooks/cw"))
    assert deliver(spike, con, cfg, data_dir=tmp_path) == ["log", "webhook"]
    [request] = http_receiver.requests
    assert request["path"] == "/hooks/cw" and request["headers"]["Content-Type"] == "application/json"
    doc = json.loads(request["body"])
    assert doc["schema"] == "conflictwatch.alert/1" and doc["alert_id"] == spike["id"]
    assert doc["series"] == "type:drone_strike" and doc["event_type"] == "drone_strike"
    assert doc["observed"] == 12 and doc["expected"] == pytest.approx(spike["expected"])
    assert 0 < doc["p_value"] < 1e-4 and doc["low_confidence"] is False
    assert doc["window_start"].startswith("2026-03-18")
    first = doc["top_clusters"][0]
    assert {"headline", "outlet", "link", "evidence"} <= first.keys()
    assert first["link"].startswith("https://news.example.org/") and "drones reached" in first["evidence"]


def test_rerun_sends_nothing_new(con, cfg, coverage, tmp_path, monkeypatch, http_receiver):
    monkeypatch.setenv("CONFLICTWATCH_ALERT_WEBHOOK_URL", _url(http_receiver, "/hook"))
    add_history(con, 2)
    add_day(con, 12)
    for _ in range(2):  # the alerts DAG running twice over the same window
        for alert in record_alerts(con, detect_spikes(con, NOW, cfg), cfg):
            deliver(alert, con, cfg, data_dir=tmp_path)
    assert len(http_receiver.requests) == 2  # type and region series, once each
    assert {json.loads(r["body"])["series"] for r in http_receiver.requests} == {
        "type:drone_strike",
        "region:drone_strike:Kharkiv Oblast",
    }


def test_webhook_from_airflow_connection_and_slack(con, cfg, spike, tmp_path, monkeypatch, http_receiver):
    monkeypatch.setenv(
        "AIRFLOW_CONN_CONFLICTWATCH_WEBHOOK",
        json.dumps(
            {
                "conn_type": "http",
                "host": "127.0.0.1",
                "port": http_receiver.server_address[1],
                "schema": "via-connection",
                "password": "s3cret-token",
            }
        ),
    )
    monkeypatch.setenv(
        "AIRFLOW_CONN_SLACK_DEFAULT",
        json.dumps({"conn_type": "slackwebhook", "password": _url(http_receiver, "/slack/T000/B000")}),
    )
    monkeypatch.setenv("CONFLICTWATCH_ALERT_CHANNELS", "webhook,slack")
    assert deliver(spike, con, cfg, data_dir=tmp_path) == ["log", "slack", "webhook"]
    by_path = {r["path"]: r for r in http_receiver.requests}
    assert by_path["/via-connection"]["headers"]["Authorization"] == "Bearer s3cret-token"
    slack = json.loads(by_path["/slack/T000/B000"]["body"])
    assert "12 observed vs" in slack["text"] and "news.example.org" in slack["text"]


def test_failed_channel_is_recorded_and_retried(con, cfg, spike, tmp_path, monkeypatch, http_receiver):
    http_receiver.status = 503
    monkeypatch.setenv("CONFLICTWATCH_ALERT_WEBHOOK_URL", _url(http_receiver, "/hook"))
    assert deliver(spike, con, cfg, data_dir=tmp_path) == ["log"]
    errors = json.loads(con.execute("SELECT delivery_errors FROM alerts WHERE id = ?", [spike["id"]]).fetchall()[0][0])
    assert "HTTP 503" in errors["webhook"]
    pending = {a["id"]: a for a in undelivered_alerts(con, cfg)}
    assert spike["id"] in pending  # with the region alert, never delivered at all
    http_receiver.status = 200
    assert deliver(pending[spike["id"]], con, cfg, data_dir=tmp_path) == ["webhook"]
    assert spike["id"] not in {a["id"] for a in undelivered_alerts(con, cfg)}
    assert con.execute("SELECT delivery_errors FROM alerts WHERE id = ?", [spike["id"]]).fetchall()[0][0] is None
