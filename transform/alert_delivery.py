"""Turn a stored alert into a message and send it through the configured channels.

Channels go through Airflow notifiers so operators configure them the Airflow way (connections,
`AIRFLOW_CONN_*`): email with the SMTP provider (connection `smtp_default`), Slack with
`SlackWebhookNotifier` (connection `slack_default`), and a generic JSON webhook with our
`JsonWebhookNotifier` (transform/notifiers.py). Which channels are on:

- `delivery.channels` in the alerts config, or `CONFLICTWATCH_ALERT_CHANNELS` (comma-separated)
  instead of it when set;
- plus email when recipients are configured (`delivery.email.to` or `CONFLICTWATCH_ALERT_EMAIL_TO`),
  plus webhook when `CONFLICTWATCH_ALERT_WEBHOOK_URL` is set.

Every alert is also written to the log ("log" channel), so with nothing configured (the demo) the
alert is in the task log and the `alerts` table. A channel that fails is recorded in
`alerts.delivery_errors` and does not stop the others; channels already in `alerts.delivered` are
not sent again, so calling `deliver` again retries only what failed.
"""

from __future__ import annotations

import html
import importlib
import importlib.util
import json
import logging
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

from transform.alerts import series_counts

log = logging.getLogger(__name__)

CHANNELS_ENV = "CONFLICTWATCH_ALERT_CHANNELS"
EMAIL_TO_ENV = "CONFLICTWATCH_ALERT_EMAIL_TO"
EMAIL_FROM_ENV = "CONFLICTWATCH_ALERT_EMAIL_FROM"
WEBHOOK_URL_ENV = "CONFLICTWATCH_ALERT_WEBHOOK_URL"
KNOWN_CHANNELS = ("email", "slack", "webhook")
PAYLOAD_SCHEMA = "conflictwatch.alert/1"


# -------------------------------------------------------------------------------------- channels


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").replace(";", ",").split(",") if v.strip()]


def email_recipients(cfg: dict[str, Any]) -> list[str]:
    return _split(os.environ.get(EMAIL_TO_ENV)) or list(cfg["delivery"]["email"].get("to") or [])


def enabled_channels(cfg: dict[str, Any]) -> list[str]:
    """Channels to try besides the log, in a stable order (rules in the module docstring)."""
    wanted = (
        set(_split(os.environ[CHANNELS_ENV]))
        if CHANNELS_ENV in os.environ
        else set(cfg["delivery"].get("channels") or [])
    )
    if email_recipients(cfg):
        wanted.add("email")
    if os.environ.get(WEBHOOK_URL_ENV) or cfg["delivery"]["webhook"].get("url"):
        wanted.add("webhook")
    unknown = wanted - set(KNOWN_CHANNELS)
    if unknown:
        log.warning("ignoring unknown alert channels %s (known: %s)", sorted(unknown), KNOWN_CHANNELS)
    return [c for c in KNOWN_CHANNELS if c in wanted]


def _notifiers_module() -> ModuleType:
    """Imported lazily: the SMTP and Slack providers cost import time the detector never needs."""
    return importlib.import_module("transform.notifiers")


# --------------------------------------------------------------------------------------- message


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return json.loads(value)
    return list(value)


def _as_dict(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, str):
        return json.loads(value)
    return dict(value)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value


def _what(alert: dict[str, Any]) -> str:
    """Human name of the series: 'drone_strike in Kharkiv Oblast', 'negotiation talks russia+ukraine'."""
    event = str(alert["event_type"]).replace("_", " ")
    if alert.get("kind") == "region":
        return f"{event} events in {alert['region']}"
    if alert.get("kind") == "thread":
        return f"{event} events in the thread {alert['thread']}"
    return f"{event} events"


def _utc_day(value: datetime) -> date:
    return value.astimezone(UTC).date() if value.tzinfo else value.date()


def _window_text(alert: dict[str, Any]) -> str:
    start = alert["window_start"]
    if isinstance(start, str):
        return f"{start} .. {alert['window_end']}"
    first, last = _utc_day(start), _utc_day(alert["window_end"] - timedelta(days=1))
    return first.isoformat() if first == last else f"{first} .. {last}"


def low_confidence_reasons(alert: dict[str, Any]) -> list[str]:
    if alert.get("low_confidence_reasons") is not None:
        return list(alert["low_confidence_reasons"])
    return list(_as_dict(alert.get("coverage")).get("reasons") or [])


def build_payload(alert: dict[str, Any]) -> dict[str, Any]:
    """The webhook document: the same facts as the email, as fields."""
    clusters = _as_list(alert.get("top_clusters"))
    return {
        "schema": PAYLOAD_SCHEMA,
        "alert_id": alert["id"],
        "summary": subject_line(alert),
        "series": alert["series"],
        "kind": alert.get("kind"),
        "event_type": alert["event_type"],
        "region": alert.get("region"),
        "thread": alert.get("thread"),
        "window_start": _iso(alert["window_start"]),
        "window_end": _iso(alert["window_end"]),
        "window_days": alert.get("window_days"),
        "observed": alert["observed"],
        "expected": alert["expected"],
        "ratio": alert.get("ratio"),
        "p_value": alert["p_value"],
        "score": alert.get("score"),
        "method": alert.get("method"),
        "low_confidence": bool(alert["low_confidence"]),
        "low_confidence_reasons": low_confidence_reasons(alert),
        "coverage": _as_dict(alert.get("coverage")),
        "top_clusters": [
            {
                "cluster_id": c.get("cluster_id"),
                "headline": c.get("headline"),
                "outlet": c.get("outlet"),
                "link": c.get("link"),
                "evidence": c.get("evidence"),
                "event_date": c.get("event_date"),
                "place": c.get("place"),
                "n_articles": c.get("n_articles"),
                "n_sources": c.get("n_sources"),
            }
            for c in clusters
        ],
        "created_at": _iso(alert.get("created_at")),
    }


def subject_line(alert: dict[str, Any]) -> str:
    flag = "[low confidence] " if alert["low_confidence"] else ""
    return (
        f"{flag}Spike: {_what(alert)}, {_window_text(alert)}: "
        f"{alert['observed']} observed vs {float(alert['expected']):.1f} expected"
    )


def build_text(alert: dict[str, Any]) -> str:
    """Plain text for the log and Slack."""
    lines = [
        subject_line(alert),
        f"p-value {float(alert['p_value']):.2g} ({alert.get('method', 'poisson')}), series {alert['series']}",
    ]
    reasons = low_confidence_reasons(alert)
    if alert["low_confidence"]:
        lines.append("Low confidence, coverage was unhealthy: " + "; ".join(reasons))
    for c in _as_list(alert.get("top_clusters")):
        sources = f'{c.get("n_sources")} source{"" if c.get("n_sources") == 1 else "s"}'
        lines.append(
            f"- {c.get('headline') or '(no headline)'} ({c.get('outlet') or 'unknown outlet'}, "
            f'{sources}) {c.get("link") or ""}\n  "{c.get("evidence") or ""}"'
        )
    return "\n".join(lines)


def build_html(alert: dict[str, Any], chart_cid: str | None) -> str:
    e = html.escape
    parts = [
        f"<h2>{e(subject_line(alert))}</h2>",
        "<table>",
        f"<tr><th align=left>What</th><td>{e(_what(alert))} (series <code>{e(alert['series'])}</code>)</td></tr>",
        f"<tr><th align=left>Window</th><td>{e(_window_text(alert))} (UTC)</td></tr>",
        f"<tr><th align=left>Observed</th><td>{int(alert['observed'])} event clusters</td></tr>",
        f"<tr><th align=left>Expected</th><td>{float(alert['expected']):.1f}</td></tr>",
        f"<tr><th align=left>p-value</th><td>{float(alert['p_value']):.2g} ({e(str(alert.get('method')))})</td></tr>",
        "</table>",
    ]
    if alert["low_confidence"]:
        items = "".join(f"<li>{e(r)}</li>" for r in low_confidence_reasons(alert))
        parts.append(f"<p><b>Low confidence</b>: coverage was unhealthy.</p><ul>{items}</ul>")
    if chart_cid:
        parts.append(f'<p><img src="cid:{e(chart_cid)}" alt="daily clusters, last 30 days"></p>')
    parts.append("<h3>Top clusters</h3><ol>")
    for c in _as_list(alert.get("top_clusters")):
        link = str(c.get("link") or "")
        headline = e(c.get("headline") or "(no headline)")
        title = f'<a href="{e(link)}">{headline}</a>' if link.startswith(("http://", "https://")) else headline
        parts.append(
            f"<li>{title} &mdash; {e(c.get('outlet') or 'unknown outlet')}, {c.get('n_sources')} sources, "
            f"{e(str(c.get('event_date') or ''))}<br><q>{e(c.get('evidence') or '')}</q></li>"
        )
    parts.append("</ol>")
    return "\n".join(parts)


def render_chart(con: Any, alert: dict[str, Any], cfg: dict[str, Any], path: Path) -> Path:
    """PNG of the series' daily clusters over the last `chart_days`, the alert window in red."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    end = _utc_day(alert["window_end"] - timedelta(days=1))
    start = end - timedelta(days=int(cfg["message"]["chart_days"]) - 1)
    window_start = _utc_day(alert["window_start"])
    counts = series_counts(con, alert["series"], start, end, cfg)
    fig, ax = plt.subplots(figsize=(6, 2.4), dpi=100)
    try:
        colors = ["#c0392b" if day >= window_start else "#7f8c8d" for day, _ in counts]
        ax.bar([d for d, _ in counts], [n for _, n in counts], color=colors, width=0.8)
        per_day = float(alert["expected"]) / max(1, int(alert.get("window_days") or 1))
        ax.axhline(per_day, color="#2c3e50", linestyle="--", linewidth=1, label="expected per day")
        ax.set_title(f"{alert['series']}: clusters per day", fontsize=9)
        ax.tick_params(labelsize=7)
        ax.legend(fontsize=7, loc="upper left")
        fig.autofmt_xdate()
        fig.tight_layout()
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, format="png")
    finally:
        plt.close(fig)
    return path


# -------------------------------------------------------------------------------------- delivery


def _send_email(alert: dict[str, Any], con: Any, cfg: dict[str, Any], data_dir: Path) -> None:
    email_cfg = cfg["delivery"]["email"]
    chart = render_chart(con, alert, cfg, Path(data_dir) / "alerts" / alert["id"] / f"trend_{alert['id']}.png")
    notifier = _notifiers_module().InlineChartSmtpNotifier(
        to=email_recipients(cfg),
        from_email=os.environ.get(EMAIL_FROM_ENV) or email_cfg.get("from_email"),
        subject=subject_line(alert),
        html_content=build_html(alert, chart.name),
        files=[str(chart)],
        mime_subtype="related",
        smtp_conn_id=email_cfg.get("smtp_conn_id") or "smtp_default",
    )
    notifier.notify({})


def _send_slack(alert: dict[str, Any], cfg: dict[str, Any]) -> None:
    from airflow.providers.slack.notifications.slack_webhook import SlackWebhookNotifier

    SlackWebhookNotifier(
        slack_webhook_conn_id=cfg["delivery"]["slack"].get("slack_webhook_conn_id") or "slack_default",
        text=build_text(alert),
        unfurl_links=False,
    ).notify({})


def _send_webhook(alert: dict[str, Any], cfg: dict[str, Any]) -> None:
    hook_cfg = cfg["delivery"]["webhook"]
    _notifiers_module().JsonWebhookNotifier(
        payload=build_payload(alert),
        url=hook_cfg.get("url"),
        conn_id=hook_cfg.get("conn_id") or "conflictwatch_webhook",
        timeout=float(hook_cfg.get("timeout_seconds") or 10),
    ).notify({})


def deliver(alert: dict[str, Any], con: Any, cfg: dict[str, Any], *, data_dir: Path) -> list[str]:
    """Send one alert through every enabled channel not yet delivered; returns those that succeeded."""
    row = con.execute("SELECT delivered FROM alerts WHERE id = ?", [alert["id"]]).fetchall()
    already = set(row[0][0] or []) if row else set(alert.get("delivered") or [])
    delivered: list[str] = []
    errors: dict[str, str] = {}
    if "log" not in already:
        log.warning("conflictwatch alert %s\n%s", alert["id"], build_text(alert))
        delivered.append("log")
    senders = {
        "email": lambda: _send_email(alert, con, cfg, data_dir),
        "slack": lambda: _send_slack(alert, cfg),
        "webhook": lambda: _send_webhook(alert, cfg),
    }
    for channel in enabled_channels(cfg):
        if channel in already:
            continue
        try:
            senders[channel]()
        except Exception as exc:  # one broken channel must not keep the alert from the others
            log.error("alert %s: %s delivery failed: %s", alert["id"], channel, exc)
            errors[channel] = f"{type(exc).__name__}: {exc}"
        else:
            delivered.append(channel)
    if row:
        con.execute(
            "UPDATE alerts SET delivered = list_distinct(list_concat(delivered, ?::VARCHAR[])), "
            "delivery_errors = ? WHERE id = ?",
            [delivered, json.dumps(errors) if errors else None, alert["id"]],
        )
    alert["delivered"] = sorted(already | set(delivered))
    alert["delivery_errors"] = errors or None
    return delivered


def undelivered_alerts(con: Any, cfg: dict[str, Any]) -> list[dict[str, Any]]:
    """Stored alerts missing an enabled channel (a mail server was down): pass each to `deliver`."""
    wanted = ["log", *enabled_channels(cfg)]
    cursor = con.execute(
        "SELECT * FROM alerts WHERE NOT list_has_all(delivered, ?::VARCHAR[]) ORDER BY created_at", [wanted]
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
