"""Label rules shared by the checks of every evaluation file (docs/TAGGING_GUIDE.md, dates)."""

from __future__ import annotations

import datetime as dt

PRECISIONS = {"day", "week", "month", "publication"}
SUBTYPES = {
    "drone_strike": {"attack", "interception_claim", "sea_drone_attack"},
    "negotiation": {"talks_held", "talks_scheduled", "proposal", "ceasefire", "prisoner_exchange", "agreement"},
}
DOC_KEYS = {"id", "title", "text", "published", "kind", "events"}
EVENT_KEYS = {"type", "subtype", "evidence", "place", "admin1", "country", "event_date", "date_precision"}
OPTIONAL_EVENT_KEYS = {"disputed", "counts"}
COUNT_KEYS = {"launched", "downed", "killed", "injured"}


def check_document_schema(doc: dict) -> None:
    """Exactly the document keys, non-empty text fields and a list of events."""
    assert set(doc) == DOC_KEYS, f"{doc.get('id')}: keys {sorted(doc)}"
    for key in ("id", "title", "text", "kind"):
        assert isinstance(doc[key], str) and doc[key].strip(), f"{doc['id']}: empty {key}"
    assert isinstance(doc["events"], list)


def check_event_schema(doc_id: str, event: dict) -> None:
    """Keys, vocabulary, a resolvable location and whole, non-negative counts."""
    e = event
    where = f"{doc_id}: {e.get('evidence', '')[:50]!r}"
    assert EVENT_KEYS <= set(e) <= EVENT_KEYS | OPTIONAL_EVENT_KEYS, where
    assert e["type"] in SUBTYPES, where
    assert e["subtype"] in SUBTYPES[e["type"]], where
    for key in ("place", "admin1", "country"):
        assert e[key] is None or (isinstance(e[key], str) and e[key].strip()), where
    if e["place"] is not None or e["admin1"] is not None:
        assert e["country"] is not None, f"{where}: a place without a country cannot be resolved"
    assert isinstance(e.get("disputed", False), bool), where
    counts = e.get("counts", {})
    assert set(counts) <= COUNT_KEYS, where
    assert all(isinstance(v, int) and v >= 0 for v in counts.values()), where


def check_event_date(doc_id: str, published: dt.date, event: dict) -> None:
    """An event date must parse and agree with its precision and with the report's date."""
    where = f"{doc_id}: {event['evidence'][:50]!r}"
    assert event["date_precision"] in PRECISIONS, where
    date = dt.date.fromisoformat(event["event_date"])
    if event["date_precision"] == "publication":
        assert date == published, f"{where}: publication fallback must equal the publication date"
    elif event["date_precision"] == "week":
        assert date.weekday() == 0, f"{where}: week precision is stored as that week's Monday"
    elif event["date_precision"] == "month":
        assert date.day == 1, f"{where}: month precision is stored as the month's first day"
    if event["type"] == "drone_strike":
        assert date <= published, f"{where}: a strike cannot postdate its report"
    if event["subtype"] == "talks_scheduled":
        # Stored dates are period starts, so compare with the start of the publication's period.
        floor = {
            "week": published - dt.timedelta(days=published.weekday()),
            "month": published.replace(day=1),
        }.get(event["date_precision"], published)
        assert date >= floor, f"{where}: scheduled talks cannot lie before the report"
