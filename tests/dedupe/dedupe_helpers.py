"""Helpers shared by the dedupe/cluster tests: records as the pipeline builds them, and the loader's part."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from transform.dedupe import content_hash


def article(aid: str, text: str, fetched_at: str, source: str = "one.example", **extra: Any) -> dict[str, Any]:
    """An Article record as the process stage hands it to dedupe."""
    return {
        "id": aid,
        "url": f"https://{source}/{aid}",
        "canonical_url": f"https://{source}/{aid}",
        "feed": source,
        "source": source,
        "title": None,
        "text": text,
        "fetched_at": fetched_at,
        "published_at": fetched_at,
        "content_hash": content_hash(text),
        **extra,
    }


def load_articles(con: Any, articles: list[dict[str, Any]]) -> None:
    """What the loader does for dedupe's part: insert rows, then store signatures, in one transaction."""
    from transform.dedupe import store_signatures

    con.execute("BEGIN TRANSACTION")
    for a in articles:
        con.execute(
            "INSERT INTO articles (id, url, canonical_url, feed, source, text, fetched_at, published_at, "
            "content_hash, duplicate_of, duplicate_kind, similarity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [a["id"], a["url"], a["canonical_url"], a["feed"], a["source"], a["text"], a["fetched_at"],
             a["published_at"], a["content_hash"], a.get("duplicate_of"), a.get("duplicate_kind"),
             a.get("similarity")],
        )  # fmt: skip
    store_signatures(con, articles)
    con.execute("COMMIT")


def insert_events(con: Any, events: list[dict[str, Any]]) -> None:
    cols = ["id", "article_id", "type", "evidence", "place", "admin1", "country", "event_date",
            "date_precision", "attacker", "parties", "killed", "injured", "drones_launched"]  # fmt: skip
    for e in events:
        con.execute(
            f"INSERT INTO events ({', '.join(cols)}, tagger_version, created_at) "
            f"VALUES ({', '.join('?' * len(cols))}, 'test', ?)",
            [e.get(c) for c in cols] + [datetime.now(UTC)],
        )


def strike(eid: str, aid: str, evidence: str, place: str | None = "Kyiv", day: str = "2025-03-10",
           **extra: Any) -> dict[str, Any]:
    """A tagged drone-strike event as the tagger hands it to the loader."""
    return {"id": eid, "article_id": aid, "type": "drone_strike", "evidence": evidence, "place": place,
            "admin1": extra.pop("admin1", place), "country": "Ukraine", "event_date": day,
            "date_precision": "day", "attacker": "Russia", "parties": None, **extra}  # fmt: skip


def load_and_cluster(con: Any, arts: list[dict[str, Any]], events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The loader's order: articles, events, then clusters, in one transaction."""
    from transform.cluster import assign_clusters

    load_articles(con, arts)
    con.execute("BEGIN TRANSACTION")
    insert_events(con, events)
    touched = assign_clusters(con, events, {a["id"]: a for a in arts})
    con.execute("COMMIT")
    return touched


def one_batch_each(con: Any, arts: Sequence[dict[str, Any]], events: Sequence[dict[str, Any]]) -> None:
    """Load each article with its event as a batch of its own, in order: reports arriving apart, as
    production's 15-minute loads see them."""
    for art, event in zip(arts, events, strict=True):
        load_and_cluster(con, [art], [event])
