"""Guards the tagger's labelled evaluation set.

The scores printed for the tagger are only as good as these labels, so a hand edit that breaks
the schema, copies evidence that is not in the text, or lets one split lose a kind of document
must fail here rather than silently skew precision and recall.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from eval_labels import SUBTYPES, check_document_schema, check_event_date, check_event_schema

HERE = Path(__file__).parent
SPLITS = ("dev", "heldout")


def _load(split: str) -> list[dict]:
    path = HERE / f"{split}.jsonl"
    docs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip(), f"{path.name}:{n} is blank"
        docs.append(json.loads(line))
    return docs


@pytest.fixture(scope="module")
def splits() -> dict[str, list[dict]]:
    return {name: _load(name) for name in SPLITS}


@pytest.fixture(scope="module")
def docs(splits: dict[str, list[dict]]) -> list[dict]:
    return [d for name in SPLITS for d in splits[name]]


def _published(doc: dict) -> dt.datetime:
    value = doc["published"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value), f"{doc['id']}: published {value!r}"
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_size_and_split_ratio(splits: dict[str, list[dict]]) -> None:
    total = sum(len(v) for v in splits.values())
    assert total >= 200
    share = len(splits["dev"]) / total
    assert 0.3 <= share <= 0.5, f"dev share {share:.2f}: the held-back part must stay the larger one"


def test_ids_unique_across_splits(docs: list[dict]) -> None:
    dupes = [i for i, n in Counter(d["id"] for d in docs).items() if n > 1]
    assert not dupes


def test_texts_unique(docs: list[dict]) -> None:
    dupes = [t[:60] for t, n in Counter(d["text"] for d in docs).items() if n > 1]
    assert not dupes


def test_document_schema(docs: list[dict]) -> None:
    for d in docs:
        check_document_schema(d)
        _published(d)


def test_event_schema_and_vocabulary(docs: list[dict]) -> None:
    for d in docs:
        for e in d["events"]:
            check_event_schema(d['id'], e)


def test_evidence_is_verbatim(docs: list[dict]) -> None:
    for d in docs:
        for e in d["events"]:
            ev = e["evidence"]
            assert ev == ev.strip() and ev, d["id"]
            assert ev in d["text"] or ev in d["title"], f"{d['id']}: evidence not verbatim: {ev[:80]!r}"


def test_dates_parse_and_agree_with_precision(docs: list[dict]) -> None:
    for d in docs:
        for e in d["events"]:
            check_event_date(d["id"], _published(d).date(), e)


def test_every_kind_in_both_splits(splits: dict[str, list[dict]]) -> None:
    kinds = {name: {d["kind"] for d in docs} for name, docs in splits.items()}
    assert kinds["dev"] == kinds["heldout"], kinds["dev"] ^ kinds["heldout"]
    assert len(kinds["dev"]) >= 30


def test_coverage_mix(docs: list[dict]) -> None:
    def types(d: dict) -> set[str]:
        return {e["type"] for e in d["events"]}

    n = len(docs)
    negatives = sum(1 for d in docs if not d["events"]) / n
    drones = sum(1 for d in docs if "drone_strike" in types(d)) / n
    talks = sum(1 for d in docs if "negotiation" in types(d)) / n
    both = sum(1 for d in docs if len(types(d)) == 2) / n
    assert negatives >= 0.25 and drones >= 0.3 and talks >= 0.3 and both >= 0.08
    subtypes = Counter(e["subtype"] for d in docs for e in d["events"])
    assert all(subtypes[s] >= 5 for group in SUBTYPES.values() for s in group), subtypes
    assert sum(1 for e in (e for d in docs for e in d["events"]) if e.get("disputed")) >= 8
    assert sum(1 for d in docs if len(d["text"].splitlines()) >= 15) >= 3, "need long cluttered pages"


def test_readme_counts_match(splits: dict[str, list[dict]]) -> None:
    """The README's per-kind table is what reviewers read; it must not drift from the data."""
    rows = {}
    for line in (HERE / "README.md").read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"\|\s*`([a-z_]+)`\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|.*", line.strip())
        if m:
            rows[m[1]] = (int(m[2]), int(m[3]))
    actual = {}
    for i, name in enumerate(SPLITS):
        for d in splits[name]:
            pair = list(actual.get(d["kind"], (0, 0)))
            pair[i] += 1
            actual[d["kind"]] = tuple(pair)
    assert rows == actual
