"""Tell the operator that a batch failed a batch-level quality gate.

The data that passed is already loaded; what the operator needs is to hear about the broken feed
or collapsed extraction before an analyst mistakes the gap for calm. The same channels as the
spike alerts are used (JSON webhook, email), always plus the task log; a channel that cannot be
reached is logged, never raised, so the quality failure stays the task's visible reason.
"""

from __future__ import annotations

import logging
import os
from typing import Any

log = logging.getLogger(__name__)


def notify_operator(problems: list[str], *, dag_id: str, run_id: str) -> list[str]:
    """Send the problems to every configured channel; returns the channels that accepted them."""
    from transform.alert_delivery import email_recipients
    from transform.alerts import load_alert_config
    from transform.notifiers import WEBHOOK_URL_ENV, JsonWebhookNotifier

    cfg = load_alert_config()
    summary = f"conflictwatch: batch quality gates failed in {dag_id} run {run_id}"
    log.error("%s: %s", summary, "; ".join(problems))
    delivered = ["log"]
    payload: dict[str, Any] = {"kind": "batch_quality_failure", "summary": summary, "dag_id": dag_id,
                               "run_id": run_id, "problems": problems}
    if os.environ.get(WEBHOOK_URL_ENV) or cfg["delivery"]["webhook"].get("url"):
        try:
            JsonWebhookNotifier(payload=payload, url=cfg["delivery"]["webhook"].get("url")).notify({})
            delivered.append("webhook")
        except Exception as exc:  # a dead channel must not hide the quality failure
            log.error("could not notify the operator by webhook: %s", exc)
    recipients = email_recipients(cfg)
    if recipients:
        try:
            from airflow.providers.smtp.notifications.smtp import SmtpNotifier

            html = "<p>" + summary + "</p><ul>" + "".join(f"<li>{p}</li>" for p in problems) + "</ul>"
            SmtpNotifier(to=recipients, subject=summary, html_content=html,
                         from_email=os.environ.get("CONFLICTWATCH_ALERT_EMAIL_FROM")).notify({})
            delivered.append("email")
        except Exception as exc:
            log.error("could not notify the operator by email: %s", exc)
    return delivered
