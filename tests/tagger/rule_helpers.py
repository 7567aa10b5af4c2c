"""What the precision-round rule tests share: one publication time and the tagger's verdicts."""

from __future__ import annotations

from datetime import datetime

from transform.tagger import tag

PUB = datetime.fromisoformat("2026-12-03T09:00:00+00:00")  # a Thursday


def types_of(text: str, title: str = "") -> set[str]:
    """The event types the tagger finds in a text published at ``PUB``."""
    return {e["type"] for e in tag(title, text, PUB)}


def events_of(text: str, etype: str, title: str = "") -> list[dict]:
    """The events of one type the tagger finds in a text published at ``PUB``."""
    return [e for e in tag(title, text, PUB) if e["type"] == etype]
