"""Quality thresholds: versioned defaults in ``transform/data/quality.yaml``, overridable per site.

Why a file and not constants: every threshold trades false alarms against bad data reaching
analysts, and an operator tunes that per installation without a code change. A user file (argument
or ``CONFLICTWATCH_QUALITY_CONFIG``) overrides the defaults key by key, so it can be three lines.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from conflictwatch.config import deep_merge

ENV_QUALITY_CONFIG = "CONFLICTWATCH_QUALITY_CONFIG"



def load_quality_config(path: str | Path | None = None) -> dict[str, Any]:
    """Defaults merged with the user file named by `path` or the environment, if any."""
    text = resources.files("transform").joinpath("data/quality.yaml").read_text(encoding="utf-8")
    cfg: dict[str, Any] = yaml.safe_load(text)
    user = path or os.environ.get(ENV_QUALITY_CONFIG)
    if user:
        override = yaml.safe_load(Path(user).read_text(encoding="utf-8")) or {}
        if not isinstance(override, dict):
            raise ValueError(f"{user}: a quality config must be a mapping of sections")
        cfg = deep_merge(cfg, override)
    lo, hi = cfg["articles"]["text_chars"]["min"], cfg["articles"]["text_chars"]["max"]
    if not 0 <= lo < hi:
        raise ValueError(f"quality config: articles.text_chars needs 0 <= min < max, got {lo}, {hi}")
    return cfg
