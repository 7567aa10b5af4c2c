"""Where conflictwatch keeps its files and which feeds it watches.

Every path derives from one data dir so that an operator can move, back up or wipe a whole
installation by handling one folder; the environment overrides the default so that Airflow
workers, the CLI and tests agree without passing flags through every layer.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ENV_DATA_DIR = "CONFLICTWATCH_DATA_DIR"
ENV_FEEDS_FILE = "CONFLICTWATCH_FEEDS_FILE"
DEFAULT_FEEDS_FILE = Path(__file__).resolve().parent.parent / "config" / "feeds.yaml"


class ConfigError(ValueError):
    """A configuration file or value a person has to fix; the message says how."""


@dataclass(frozen=True)
class Paths:
    """All locations under one data dir (see docs/CONTRACTS.md for the layout)."""

    root: Path

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def writer_db(self) -> Path:
        return self.root / "state" / "pipeline.duckdb"

    @property
    def fetch_state(self) -> Path:
        return self.root / "state" / "fetch_state.sqlite"

    @property
    def staging(self) -> Path:
        return self.root / "staging"

    @property
    def work(self) -> Path:
        return self.root / "work"

    @property
    def airflow_home(self) -> Path:
        return self.root / "airflow"

    @property
    def lock(self) -> Path:
        return self.root / "state" / "writer.lock"


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Key-by-key merge, so a user's settings file only has to name what it changes."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data dir: explicit flag, else CONFLICTWATCH_DATA_DIR, else ./data."""
    raw = override or os.environ.get(ENV_DATA_DIR) or "data"
    return Path(raw).expanduser().resolve()


def paths(override: str | os.PathLike[str] | None = None) -> Paths:
    return Paths(data_dir(override))


_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """A file-system-safe name for a feed; stable so reruns write the same files."""
    return _SLUG.sub("-", name.lower()).strip("-") or "feed"


def feeds_file(override: str | os.PathLike[str] | None = None) -> Path:
    return Path(override or os.environ.get(ENV_FEEDS_FILE) or DEFAULT_FEEDS_FILE).expanduser().resolve()


def load_feeds(path: str | os.PathLike[str] | None = None) -> list[dict[str, Any]]:
    """Read the versioned feeds file: `feeds:` a list of `{name, url}` (more keys allowed)."""
    file = feeds_file(path)
    try:
        doc = yaml.safe_load(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"feeds file not found: {file} (pass --feeds FILE or set {ENV_FEEDS_FILE})") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"feeds file {file} is not valid YAML: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("feeds"), list):
        raise ConfigError(f"feeds file {file} must have a top-level 'feeds:' list of {{name, url}}")
    feeds: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, item in enumerate(doc["feeds"], 1):
        if not isinstance(item, dict) or not item.get("name") or not item.get("url"):
            raise ConfigError(f"feeds file {file}: entry {i} needs both 'name' and 'url'")
        name = str(item["name"])
        if slug(name) in seen:
            raise ConfigError(f"feeds file {file}: feed name {name!r} is used twice")
        seen.add(slug(name))
        if item.get("enabled", True) is False:
            continue
        feeds.append({**item, "name": name, "url": str(item["url"]), "slug": slug(name)})
    return feeds
