"""Label rules shared by the checks of every evaluation file (docs/TAGGING_GUIDE.md, dates)."""

from __future__ import annotations

import datetime as dt

PRECISIONS = {"day", "week", "month", "publication"}


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
