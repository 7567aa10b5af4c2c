"""Batches for the quality tests, written for these tests (not taken from any real outlet).

Real great-expectations runs cost seconds each, so the main batch is validated once per module
and several tests read the same result.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

NOW = datetime(2026, 3, 12, 10, 0, tzinfo=UTC)

STRIKE_TEXT = (
    "Air defence crews in the Poltava region intercepted eleven attack drones before dawn on "
    "Wednesday, the regional administration said. Debris from one drone damaged the roof of a grain "
    "warehouse on the edge of Myrhorod, and firefighters put out a small blaze within an hour. "
    "Nobody was hurt, according to the local emergency service."
)
TALKS_TEXT = (
    "Delegations met in Geneva on Tuesday for a second round of talks on a partial ceasefire covering "
    "energy infrastructure. A mediator told reporters the two sides had agreed to exchange draft "
    "texts by the end of the week, while cautioning that no date for a signing had been discussed."
)
HARBOUR_TEXT = (
    "Officials in Odesa said a drone struck a port crane on Tuesday night, halting the loading of one "
    "grain ship for several hours. Port staff had taken shelter when the sirens sounded, and work "
    "resumed at first light once engineers had inspected the damaged crane."
)
CONSENT_TEXT = (
    "We value your privacy. We use cookies to personalise content and to analyse our traffic. "
    "Click Accept all cookies to continue, or open Cookie settings to choose."
)


def article(
    ident: str, feed: str, text: str | None, *, title: str = "Report", published: datetime | None = None,
    language: str | None = "en",
) -> dict[str, Any]:
    url = f"https://{feed}.example.org/news/{ident}"
    return {
        "id": ident, "url": url, "canonical_url": url, "feed": feed, "source": f"{feed}.example.org",
        "guid": ident, "title": title, "text": text,
        "published_at": (published or NOW - timedelta(hours=6)).isoformat(),
        "published_basis": "feed", "fetched_at": (NOW - timedelta(hours=1)).isoformat(),
        "language": language, "content_hash": f"hash-{ident}", "duplicate_of": None,
        "duplicate_kind": None, "similarity": None, "batch_id": "b-main",
    }


def event(ident: str, article_id: str, evidence: str, *, kind: str = "drone_strike",
          place: str | None = "Myrhorod", event_date: str = "2026-03-11",
          confidence: float = 0.8) -> dict[str, Any]:
    return {
        "id": ident, "article_id": article_id, "type": kind, "subtype": None, "evidence": evidence,
        "evidence_start": 0, "location_text": place, "place": place, "admin1": None, "country": "UA",
        "lat": None, "lon": None, "event_date": event_date, "date_precision": "day",
        "date_basis": "text", "attacker": None, "target": None, "parties": ["Ukraine", "Russia"],
        "drones_launched": None, "drones_downed": 11, "killed": None, "injured": None,
        "attribution": None, "disputed": False, "confidence": confidence, "tagger_version": "test-1",
        "cluster_id": None, "created_at": NOW.isoformat(),
    }


def fetch(feed: str, at: datetime, *, status: int | None = 200, new: int = 2,
          error: str | None = None) -> dict[str, Any]:
    return {
        "feed": feed, "url": f"https://{feed}.example.org/rss.xml", "fetched_at": at.isoformat(),
        "http_status": status, "entries": 10, "new_entries": new, "error": error,
        "not_modified": False, "body_sha256": None, "elapsed_ms": 12.0,
    }


def failure(feed: str, url: str, error: str, stage: str = "extract") -> dict[str, Any]:
    return {"stage": stage, "url": url, "feed": feed, "error": error,
            "occurred_at": (NOW - timedelta(hours=1)).isoformat()}


def main_batch() -> dict[str, pd.DataFrame]:
    """Feed 'wire' is healthy; feed 'harbour' is mostly broken (1 usable page out of 3)."""
    articles = pd.DataFrame([
        article("a-strike", "wire", STRIKE_TEXT, title="Drones downed over Poltava region"),
        article("a-talks", "wire", TALKS_TEXT, title="Ceasefire talks resume in Geneva"),
        article("a-future", "wire", TALKS_TEXT + " Both sides said more meetings would follow.",
                title="Talks to continue", published=NOW + timedelta(days=400)),
        article("a-port", "harbour", HARBOUR_TEXT, title="Drone hits Odesa port crane"),
        article("a-empty", "harbour", "", title="Live: latest updates", language=None),
        article("a-wall", "harbour", CONSENT_TEXT, title="Before you continue"),
    ])
    events = pd.DataFrame([
        event("e-strike", "a-strike", "Air defence crews in the Poltava region intercepted eleven attack "
              "drones before dawn on Wednesday, the regional administration said."),
        event("e-talks", "a-talks", "Delegations met in Geneva on Tuesday for a second round of talks on "
              "a partial ceasefire covering energy infrastructure.", kind="negotiation", place=None),
        event("e-future", "a-future", "Both sides said more meetings would follow.", kind="negotiation",
              place=None),
        event("e-port", "a-port", "Officials in Odesa said a drone struck a port crane on Tuesday night, "
              "halting the loading of one grain ship for several hours.", place="Odesa"),
        event("e-invented", "a-port", "A drone struck the city hall.", place="Odesa"),
        event("e-late", "a-strike", "Nobody was hurt, according to the local emergency service.",
              event_date="2026-03-20"),
    ])
    feed_fetches = pd.DataFrame([fetch("wire", NOW - timedelta(hours=1)),
                                 fetch("harbour", NOW - timedelta(hours=1))])
    failures = pd.DataFrame([failure("harbour", "https://harbour.example.org/news/a-pdf",
                                     "not an HTML page (content-type application/pdf): skipped")])
    return {"articles": articles, "events": events, "feed_fetches": feed_fetches, "failures": failures}


@pytest.fixture(scope="module")
def validated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from transform.quality import validate_batch

    data_dir: Path = tmp_path_factory.mktemp("quality_data")
    batch = main_batch()
    result = validate_batch(batch["articles"], batch["events"], batch["feed_fetches"], batch["failures"],
                            data_dir=data_dir, batch_id="b-main", now=NOW, con=None)
    return {"result": result, "batch": batch, "data_dir": data_dir}
