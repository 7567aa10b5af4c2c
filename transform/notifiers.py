"""Airflow notifiers conflictwatch needs and the installed providers do not have.

- `JsonWebhookNotifier`: POSTs a JSON document to a generic webhook. Airflow has Slack, SMTP and
  chat-product notifiers but no plain "POST this JSON" one, and the http provider is not a
  dependency. The URL comes from the notifier argument, else `CONFLICTWATCH_ALERT_WEBHOOK_URL`, else
  the Airflow connection `conflictwatch_webhook` (extra "url", or scheme://host:port/schema; the
  connection's password, if any, is sent as a bearer token).
- `InlineChartSmtpNotifier`: the SMTP provider's `SmtpNotifier`, except that attached PNG files go
  out as inline `image/png` parts that the HTML can show with `<img src="cid:NAME.png">`. The
  provider attaches every file as `application/octet-stream` with disposition "attachment", which
  many mail clients will not render inside the message.

Both work inside a task (connections through the task SDK) and outside one (connections from
`AIRFLOW_CONN_*` variables), so `transform.alert_delivery` can call `notify({})` directly.
"""

from __future__ import annotations

import json
import os
from functools import cached_property
from typing import Any

from airflow.providers.smtp.hooks.smtp import SmtpHook
from airflow.providers.smtp.notifications.smtp import SmtpNotifier
from airflow.sdk import BaseHook, BaseNotifier

WEBHOOK_URL_ENV = "CONFLICTWATCH_ALERT_WEBHOOK_URL"
WEBHOOK_CONN_ID = "conflictwatch_webhook"


class WebhookError(RuntimeError):
    """The webhook could not be reached or did not accept the document."""


def webhook_url_from_connection(conn: Any) -> str:
    """URL of a webhook connection: extra "url" wins, because URIs cannot carry a path in `host`."""
    extra = conn.extra_dejson or {}
    if extra.get("url"):
        return str(extra["url"])
    host = conn.host or ""
    if "://" in host:
        return host
    scheme = conn.conn_type if conn.conn_type in ("http", "https") else "https"
    port = f":{conn.port}" if conn.port else ""
    path = f"/{conn.schema.lstrip('/')}" if conn.schema else ""
    return f"{scheme}://{host}{port}{path}"


class JsonWebhookNotifier(BaseNotifier):
    """POST `payload` as JSON; raises `WebhookError` unless the receiver answers 2xx."""

    template_fields = ("url",)

    def __init__(
        self,
        *,
        payload: dict[str, Any],
        url: str | None = None,
        conn_id: str = WEBHOOK_CONN_ID,
        timeout: float = 10.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.payload = payload
        self.url = url
        self.conn_id = conn_id
        self.timeout = timeout

    def resolve(self) -> tuple[str, dict[str, str]]:
        """(url, extra headers) from the argument, the environment, or the Airflow connection."""
        if self.url:
            return self.url, {}
        if os.environ.get(WEBHOOK_URL_ENV):
            return os.environ[WEBHOOK_URL_ENV], {}
        conn = BaseHook.get_connection(self.conn_id)
        headers = {"Authorization": f"Bearer {conn.password}"} if conn.password else {}
        return webhook_url_from_connection(conn), headers

    def notify(self, context: Any) -> None:
        import httpx

        url, headers = self.resolve()
        body = json.dumps(self.payload, default=str).encode()
        try:
            response = httpx.post(
                url,
                content=body,
                headers={"Content-Type": "application/json", "User-Agent": "conflictwatch-alerts", **headers},
                timeout=self.timeout,
            )
        except httpx.HTTPError as exc:
            raise WebhookError(f"webhook {url} unreachable: {exc}") from exc
        if not 200 <= response.status_code < 300:
            raise WebhookError(f"webhook {url} answered HTTP {response.status_code}: {response.text[:200]}")


class _InlineImageSmtpHook(SmtpHook):
    """SmtpHook whose PNG attachments become inline images (see the module docstring)."""

    def _build_mime_message(self, *args: Any, **kwargs: Any):  # type: ignore[override]
        msg, recipients = super()._build_mime_message(*args, **kwargs)
        for part in msg.get_payload():
            filename = part.get_filename() or ""
            if filename.lower().endswith(".png"):
                part.replace_header("Content-Type", f'image/png; name="{filename}"')
                part.replace_header("Content-Disposition", f'inline; filename="{filename}"')
        return msg, recipients


class InlineChartSmtpNotifier(SmtpNotifier):
    """`SmtpNotifier` with PNG files inline; use mime_subtype="related" and cid: links in the HTML."""

    @cached_property
    def hook(self) -> SmtpHook:
        return _InlineImageSmtpHook(smtp_conn_id=self.smtp_conn_id, auth_type=self.auth_type)
