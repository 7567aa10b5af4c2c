"""A run that found nothing new does not copy the whole warehouse again, unless the copy is old."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conflictwatch.config import Paths
from conflictwatch.process import _needs_publish


def test_publish_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = Paths(tmp_path)
    quiet = {"articles": 0, "updated": 0, "events": 0, "failures": 0, "quarantined": 0}
    assert _needs_publish(paths, quiet), "no published file yet: publish"
    paths.warehouse.write_bytes(b"stand-in")
    monkeypatch.setenv("CONFLICTWATCH_PUBLISH_MAX_AGE", "60")
    assert not _needs_publish(paths, quiet)
    assert _needs_publish(paths, {**quiet, "failures": 1})
    assert _needs_publish(paths, {**quiet, "events": 3})
    old = time.time() - 2 * 3600
    os.utime(paths.warehouse, (old, old))
    assert _needs_publish(paths, quiet), "fetch records reach analysts at least hourly"
