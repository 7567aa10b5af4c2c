"""The fast paths of mark_duplicates / store_signatures give the same answers as the plain ones (issue 9).

mark_duplicates verifies LSH candidates in one vectorised count per article, and store_signatures
reuses the signatures mark_duplicates computed (in-process cache or the dedupe stage's sidecar file).
These tests compare each fast path with the straightforward computation on the labelled case texts.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from dedupe_helpers import article

import transform.dedupe as dedupe


@pytest.fixture
def case_texts(article_pairs: list[dict[str, Any]]) -> list[str]:
    texts = [t for p in article_pairs for t in (p["a"], p["b"])]
    return list(dict.fromkeys(texts))  # distinct, in file order


def test_vectorised_verification_equals_pairwise(case_texts: list[str]) -> None:
    cfg = dedupe.settings()
    sets = [dedupe.shingles(t) for t in case_texts[:60]]
    vocab: dict[str, int] = {}
    arrays = [np.array(sorted(vocab.setdefault(s, len(vocab)) for s in sh), dtype=np.int64) for sh in sets]
    mask = np.zeros(len(vocab), dtype=bool)
    decided = 0
    for i, query in enumerate(arrays):
        others = [j for j in range(len(sets)) if j != i]
        fast = dedupe._verify_many(query, [arrays[j] for j in others], mask, cfg)
        slow = [dedupe.is_near_duplicate(sets[i], sets[j], cfg) for j in others]
        assert fast == slow
        decided += sum(ok for ok, _ in slow)
        assert not mask.any(), "the lookup mask must be cleared after each query"
    assert decided > 0, "the case texts should contain near-duplicate pairs"


def test_similarity_matches_set_definition(case_texts: list[str]) -> None:
    sets = [dedupe.shingles(t) for t in case_texts[:30]]
    for a, b in itertools.combinations(sets, 2):
        inter = len(a & b)
        assert dedupe.similarity(a, b) == (inter / len(a | b), inter / min(len(a), len(b)))


def _stored_rows(con: Any) -> tuple[list[Any], list[Any]]:
    sigs = con.execute("SELECT article_id, content_hash, minhash, n_shingles, duplicate_of, fetched_at "
                       "FROM article_signatures ORDER BY article_id").fetchall()
    bands = con.execute("SELECT * FROM article_signature_bands ORDER BY article_id, band_hash").fetchall()
    return sigs, bands


def _articles(texts: list[str]) -> list[dict[str, Any]]:
    return [article(f"a{i:03d}", t, f"2025-03-10T{7 + i % 10:02d}:00:00+00:00") for i, t in enumerate(texts)]


def test_store_signatures_same_rows_with_and_without_cache(con: Any, tmp_path: Any, case_texts: list[str]) -> None:
    import duckdb

    from warehouse.migrate import apply

    arts = _articles(case_texts[:40])
    dedupe._SIGNATURE_CACHE.clear()
    dedupe.store_signatures(con, [dict(a) for a in arts])  # computed from the texts
    expected = _stored_rows(con)
    assert len(expected[0]) == len(arts)

    other = duckdb.connect(str(tmp_path / "other.duckdb"))
    apply(other)
    dedupe.mark_duplicates(other, [dict(a) for a in arts])  # fills the cache
    sidecar = dedupe.signature_sidecar(arts)
    assert len(sidecar) == len(arts)
    path = tmp_path / "signatures.parquet"
    sidecar.to_parquet(path, index=False)

    dedupe._SIGNATURE_CACHE.clear()  # as in a separate load task: only the sidecar file
    import pandas as pd

    assert dedupe.remember_signatures(pd.read_parquet(path)) == len(arts)
    fresh = duckdb.connect(str(tmp_path / "fresh.duckdb"))
    apply(fresh)
    dedupe.store_signatures(fresh, [dict(a) for a in arts])
    assert _stored_rows(fresh) == expected


def test_cache_is_keyed_by_the_exact_text(con: Any, case_texts: list[str]) -> None:
    """A changed text never gets the old text's signature, even under the same article id and hash."""
    a, b = case_texts[0], case_texts[1]
    dedupe.mark_duplicates(con, [article("x", a, "2025-03-10T07:00:00+00:00")])
    record = article("x", b, "2025-03-10T07:00:00+00:00")
    record["content_hash"] = dedupe.content_hash(a)  # a stale hash must not matter
    dedupe.store_signatures(con, [record])
    stored = con.execute("SELECT minhash, n_shingles FROM article_signatures WHERE article_id = 'x'").fetchall()
    packed, _bands, n = dedupe.signature(b)
    assert stored == [(packed, n)]
    assert dedupe._cached_signature(a) == dedupe.signature(a)


def test_sidecar_from_other_settings_is_ignored(con: Any, case_texts: list[str]) -> None:
    dedupe.mark_duplicates(con, _articles(case_texts[:3]))
    sidecar = dedupe.signature_sidecar(_articles(case_texts[:3]))
    sidecar["settings"] = "other"
    dedupe._SIGNATURE_CACHE.clear()
    assert dedupe.remember_signatures(sidecar) == 0


def test_minhash_equals_datasketch_default_hashing(case_texts: list[str]) -> None:
    """Signatures are stored: the one-comprehension hashing must give datasketch's own values, or a
    new article would stop matching the copies stored before the change."""
    from datasketch import MinHash

    cfg = dedupe.settings()
    compared = 0
    for text in [*case_texts[:40], "Ukraïne — “quotes”, ünïcode and emoji 🚁 in one shingle set"]:
        sh = dedupe.shingles(text, 2)
        plain = MinHash(num_perm=cfg["num_perm"], seed=cfg["minhash_seed"], scheme=cfg["minhash_scheme"])
        plain.update_batch([s.encode("utf-8") for s in sh])
        assert np.array_equal(dedupe._minhash(sh, cfg).hashvalues, plain.hashvalues)
        compared += 1
    assert compared == 41


def test_figures_are_read_only_for_verified_candidates(con: Any, case_texts: list[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch of unrelated texts reads no figures at all; a copy makes them read for its pair only."""
    read: list[str] = []
    plain = dedupe.figures

    def counting(text: str) -> frozenset[str]:
        read.append(text)
        return plain(text)

    monkeypatch.setattr(dedupe, "figures", counting)
    distinct: list[str] = []
    for t in case_texts:  # texts long enough for a signature, none a near copy of another
        if len(dedupe.shingles(t)) >= 40 and len(distinct) < 6 and not any(
                dedupe.is_near_duplicate(dedupe.shingles(t), dedupe.shingles(u))[0] for u in distinct):
            distinct.append(t)
    assert len(distinct) == 6
    batch = [article(f"d{i}", t, "2026-05-01T08:00:00+00:00") for i, t in enumerate(distinct)]
    dedupe.mark_duplicates(con, batch)
    assert read == [] and all(a["duplicate_of"] is None for a in batch)

    copy = article("copy", distinct[0] + " Updated at 09:00.", "2026-05-01T08:05:00+00:00")
    dedupe.mark_duplicates(con, [*batch, copy])
    assert copy["duplicate_of"] == "d0"
    assert sorted(read) == sorted([distinct[0], copy["text"]])  # the pair compared, each read once


def test_figures_cache_gives_what_reading_them_up_front_gave() -> None:
    arrays = dedupe._IdArrays({}, {}, {})
    arrays.texts = {"a": "Drones hit 3 depots on Sunday; 12 were shot down.", "b": "No numbers here."}
    assert arrays.figures("a") == dedupe.figures(arrays.texts["a"]) == frozenset({"3", "12", "sunday"})
    assert arrays.figures("b") == frozenset()
    assert arrays.figures("missing") == frozenset()
    assert set(arrays._figures) == {"a", "b", "missing"}
