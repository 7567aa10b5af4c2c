"""Record shapes shared by stages: ids and the flattening of tagger output into table rows.

Ids are content-derived so that a rerun of any stage produces the same keys and the loader's
"insert if absent" makes reruns add nothing.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

EVENT_COLUMNS = [
    "id", "article_id", "type", "subtype", "evidence", "evidence_start", "location_text", "place",
    "admin1", "country", "lat", "lon", "event_date", "date_precision", "date_basis", "attacker",
    "target", "parties", "drones_launched", "drones_downed", "killed", "injured", "attribution",
    "disputed", "confidence", "tagger_version", "cluster_id", "created_at",
]


def short_hash(*parts: object) -> str:
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def article_id(canonical_url: str) -> str:
    return short_hash(canonical_url)


def event_row(article: str, event: dict[str, Any], created_at: datetime | None = None) -> dict[str, Any]:
    """Flatten one tagger event (docs/CONTRACTS.md) into an `events` row."""
    location = event.get("location") or {}
    actors = event.get("actors") or {}
    counts = event.get("counts") or {}
    parties = actors.get("parties") or []
    return {
        "id": short_hash(article, event.get("type"), event.get("evidence_start"), event.get("evidence"),
                         location.get("place")),
        "article_id": article,
        "type": event.get("type"),
        "subtype": event.get("subtype"),
        "evidence": event.get("evidence"),
        "evidence_start": event.get("evidence_start"),
        "location_text": location.get("text"),
        "place": location.get("place"),
        "admin1": location.get("admin1"),
        "country": location.get("country"),
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "event_date": event.get("event_date"),
        "date_precision": event.get("date_precision"),
        "date_basis": event.get("date_basis"),
        "attacker": actors.get("attacker"),
        "target": actors.get("target"),
        "parties": list(parties),
        "drones_launched": counts.get("launched"),
        "drones_downed": counts.get("downed"),
        "killed": counts.get("killed"),
        "injured": counts.get("injured"),
        "attribution": event.get("attribution"),
        "disputed": bool(event.get("disputed", False)),
        "confidence": event.get("confidence"),
        "tagger_version": event.get("tagger_version"),
        "cluster_id": None,
        "created_at": created_at or datetime.now(UTC),
    }


def failure_row(record: dict[str, Any], batch_id: str | None) -> dict[str, Any]:
    return {
        "id": short_hash(batch_id, record.get("stage"), record.get("url"), record.get("error")),
        "batch_id": batch_id,
        "stage": record.get("stage"),
        "url": record.get("url"),
        "feed": record.get("feed"),
        "error": record.get("error") or "unknown error",
        "occurred_at": record.get("occurred_at") or datetime.now(UTC).isoformat(),
    }


def to_json(value: Any) -> str:
    return json.dumps(value, default=str, ensure_ascii=False, sort_keys=True)
