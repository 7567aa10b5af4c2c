"""Alert task body: detect, record, deliver, publish — callable without Airflow."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from conflictwatch.config import Paths


def spike_check(paths: Paths, now: datetime | None = None) -> dict[str, Any]:
    from transform.alert_delivery import deliver, undelivered_alerts
    from transform.alerts import detect_spikes, load_alert_config, record_alerts
    from warehouse.store import publish, writer

    now = now or datetime.now(UTC)
    cfg = load_alert_config()
    with writer(paths) as con:
        candidates = detect_spikes(con, now, cfg)
        new = record_alerts(con, candidates, cfg)
        delivered: dict[str, list[str]] = {}
        for alert in new:
            delivered[alert["id"]] = deliver(alert, con, cfg, data_dir=paths.root)
        # A channel that failed last time (SMTP down, webhook 503) is retried on the next run.
        retried = [a for a in undelivered_alerts(con, cfg) if a["id"] not in delivered]
        for alert in retried:
            delivered[alert["id"]] = deliver(alert, con, cfg, data_dir=paths.root)
        if new or retried:
            publish(con, paths)
    return {"candidates": len(candidates), "new_alerts": len(new), "delivered": delivered}
