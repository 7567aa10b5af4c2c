"""A real DuckDB file per test with every migration applied, and the labelled case texts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from warehouse.migrate import apply

CASES = Path(__file__).parent / "cases"


@pytest.fixture
def con(tmp_path: Path) -> Iterator[Any]:
    connection = duckdb.connect(str(tmp_path / "pipeline.duckdb"))
    apply(connection)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def article_pairs() -> list[dict[str, Any]]:
    lines = (CASES / "article_pairs.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]
