"""The bundled sample corpus: fictional outlets, feeds and article pages for the demo and tests.

``manifest.yaml`` is the ground truth written with the texts (events per article, copies, special
cases); ``server.serve()`` serves ``site/`` on 127.0.0.1 with dates relative to an anchor day.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

SAMPLE_DIR = Path(__file__).resolve().parent
SITE_ROOT = SAMPLE_DIR / "site"
MANIFEST_FILE = SAMPLE_DIR / "manifest.yaml"
FEEDS_FILE = SAMPLE_DIR / "feeds.yaml"


@cache
def _manifest() -> dict[str, Any]:
    import yaml

    return yaml.safe_load(MANIFEST_FILE.read_text(encoding="utf-8"))


def load_manifest() -> dict[str, Any]:
    """The parsed manifest (cached; treat it as read-only)."""
    return _manifest()


def articles() -> list[dict[str, Any]]:
    """Manifest entries, newest first (day_offset ascending): path, url_path, feeds, title, labels, ..."""
    return list(_manifest()["articles"])


def special_paths(tag: str) -> list[str]:
    """Paths of the articles carrying a special-case tag, e.g. ``"syndicated_copy"``."""
    return [a["path"] for a in _manifest()["articles"] if tag in a["labels"]["special"]]
