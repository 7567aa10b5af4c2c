"""What keeps dedupe's cost per batch flat as history grows (issue 4).

Why: at 1 M articles the band table holds 40 M rows, and every statement that scans it is paid per
batch. The probe must be one statement however many band hashes the batch has, the store must not
DELETE from the band table when every article is new, and migration 006 drops the band index that
no query used but every load maintained.
"""

from __future__ import annotations

from typing import Any

from tests.dedupe.dedupe_helpers import article, load_articles
from transform.dedupe import mark_duplicates, store_signatures

BASE = ("Drones struck an energy facility in the region overnight, the governor said on Tuesday. "
        "Air defence units shot down most of the attack drones, but debris caused a fire at the site. "
        "Emergency crews worked through the morning and no casualties were reported by local officials.")


class Recording:
    """A connection that records every statement it runs."""

    def __init__(self, con: Any) -> None:
        self.con = con
        self.sql: list[str] = []

    def execute(self, sql: str, *args: Any) -> Any:
        self.sql.append(" ".join(sql.split()))
        return self.con.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.con, name)


def _text(i: int) -> str:
    return f"Report number {i} from desk {i * 7}. " + BASE.replace("Tuesday", f"day {i}")


def test_band_probe_is_one_statement_for_a_large_batch(con: Any) -> None:
    stored = article("orig", BASE, "2025-03-10T07:00:00+00:00")
    load_articles(con, mark_duplicates(con, [stored]))
    batch = [article(f"n{i}", _text(i) + f" Unrelated closing words {i} here.", "2025-03-11T07:00:00+00:00")
             for i in range(120)]  # 120 articles x 32+ bands: more hashes than one old 2,000-key chunk
    batch.append(article("copy", BASE + " Updated.", "2025-03-11T08:00:00+00:00"))
    rec = Recording(con)
    marked = {a["id"]: a for a in mark_duplicates(rec, batch)}
    probes = [s for s in rec.sql if "FROM article_signature_bands" in s]
    assert len(probes) == 1
    assert marked["copy"]["duplicate_of"] == "orig"
    assert marked["copy"]["duplicate_kind"] == "near"


def test_storing_new_articles_never_deletes_from_the_band_table(con: Any) -> None:
    arts = [article(f"a{i}", _text(i), "2025-03-10T07:00:00+00:00") for i in range(3)]
    rec = Recording(con)
    rec.execute("BEGIN TRANSACTION")
    store_signatures(rec, arts)
    rec.execute("COMMIT")
    # No delete by article id (a scan of every band row); only the window prune, by fetch time.
    deletes = [s for s in rec.sql if s.startswith("DELETE")]
    assert all("WHERE fetched_at <" in s for s in deletes) and len(deletes) == 1
    n = con.execute("SELECT count(DISTINCT article_id) FROM article_signature_bands").fetchall()[0][0]
    assert n == 3


def test_bands_outside_the_window_are_pruned_and_recent_ones_still_match(con: Any) -> None:
    from transform.dedupe import settings

    window = int(settings()["window_days"])
    old = article("old", _text(1), "2025-03-01T07:00:00+00:00")
    recent = article("recent", BASE, f"2025-03-{10 + window:02d}T07:00:00+00:00")
    load_articles(con, [old])
    load_articles(con, [recent])  # its batch's horizon is window + 1 days before its fetch
    left = {r[0] for r in con.execute("SELECT DISTINCT article_id FROM article_signature_bands").fetchall()}
    assert left == {"recent"}
    assert con.execute("SELECT count(*) FROM article_signature_bands").fetchall()[0][0] > 0
    # Signatures (exact hashes, roots) keep all history; only the bands are windowed.
    assert con.execute("SELECT count(*) FROM article_signatures").fetchall()[0][0] == 2
    copy = article("copy", BASE + " Updated.", f"2025-03-{11 + window:02d}T07:00:00+00:00", "other.example")
    (marked,) = mark_duplicates(con, [copy])
    assert marked["duplicate_of"] == "recent"


def test_restoring_an_article_replaces_only_its_bands(con: Any) -> None:
    first = article("v", BASE, "2025-03-10T07:00:00+00:00")
    other = article("w", _text(9), "2025-03-10T07:00:00+00:00")
    load_articles(con, [first, other])
    before_other = con.execute(
        "SELECT band_hash FROM article_signature_bands WHERE article_id = 'w' ORDER BY band_hash").fetchall()
    updated = article("v", _text(5), "2025-03-12T07:00:00+00:00")
    store_signatures(con, [updated])
    again = con.execute(
        "SELECT count(*), count(DISTINCT fetched_at) FROM article_signature_bands WHERE article_id = 'v'").fetchall()
    assert again[0][0] > 0 and again[0][1] == 1  # old bands gone, only the updated version's remain
    assert con.execute("SELECT count(*) FROM article_signatures WHERE article_id = 'v'").fetchall()[0][0] == 1
    after_other = con.execute(
        "SELECT band_hash FROM article_signature_bands WHERE article_id = 'w' ORDER BY band_hash").fetchall()
    assert after_other == before_other


def test_migration_drops_the_unused_band_index(con: Any) -> None:
    names = {r[0] for r in con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
    assert "article_signature_bands_hash_idx" not in names
    assert "article_signatures_hash_idx" in names  # the content-hash probe's index stays
