"""Staged batches on disk: the hand-over from ingest to process (layout in docs/CONTRACTS.md).

Why files and not XCom: page bodies are megabytes and must survive task retries. Every file is
written to a temporary name in the same directory and ``os.replace``d into place, so a crash or a
full disk never leaves a half-written file under a real name; a page's ``.json`` is written after
its ``.html``, so a PageMeta always points at a complete body. ``_SEALED`` is written last: the
process DAG ignores a batch until then.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SEALED = "_SEALED"
_BATCH_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:+-]{0,199}$")
_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


class StagingError(RuntimeError):
    """The batch cannot be written at all (e.g. the disk is full even for a failure record)."""


@dataclass
class Batch:
    """A staged batch as read back by the process stage."""

    batch_id: str
    path: Path
    feed_fetches: list[dict[str, Any]] = field(default_factory=list)
    pages: list[tuple[dict[str, Any], Path]] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
    sealed: dict[str, Any] | None = None


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in _DISK_FULL


def free_bytes(path: Path) -> int | None:
    try:
        return shutil.disk_usage(path).free
    except OSError:
        return None


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and ``os.replace`` (never a half file)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _json_bytes(record: Any) -> bytes:
    return json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def slug(name: str) -> str:
    """File-safe, collision-resistant name for a feed (feed names are free text)."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "feed"
    return f"{base}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:8]}"


def page_key(canonical_url: str) -> str:
    """Same 16 hex as the article id, so a page file and its article row are easy to match."""
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:16]


def new_batch_dir(staging_dir: Path, batch_id: str) -> Path:
    """Create (or reopen, for a task retry) the batch layout. A sealed batch cannot be reopened."""
    if not _BATCH_ID.match(batch_id) or ".." in batch_id:
        raise ValueError(f"batch id {batch_id!r} must be 1-200 characters of letters, digits and ._:+-")
    batch_dir = Path(staging_dir) / batch_id
    if (batch_dir / SEALED).exists():
        raise StagingError(f"batch {batch_dir} is already sealed; use a new batch id")
    for sub in ("feeds", "pages", "failures"):
        (batch_dir / sub).mkdir(parents=True, exist_ok=True)
    return batch_dir


def write_feed_fetch(batch_dir: Path, record: dict[str, Any]) -> Path:
    """One FeedFetch record per feed and batch (a task retry overwrites its earlier attempt)."""
    path = Path(batch_dir) / "feeds" / f"{slug(str(record['feed']))}.json"
    _write_or_explain(path, _json_bytes(record))
    return path


def write_page(batch_dir: Path, meta: dict[str, Any], body: bytes) -> Path:
    """Stage one page: body first, then its PageMeta. Raises OSError (disk full) untouched."""
    pages = Path(batch_dir) / "pages"
    key = meta["page_key"]
    body_path = pages / f"{key}.html"
    write_atomic(body_path, body)
    try:
        # compact: ``indent`` forces json's pure-Python encoder, several times the C one's cost per page
        write_atomic(pages / f"{key}.json", json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    except BaseException:
        body_path.unlink(missing_ok=True)
        raise
    return body_path


def append_failure(batch_dir: Path, feed_name: str, record: dict[str, Any]) -> None:
    """Add a Failure record to the feed's JSONL file (rewritten atomically: one writer per feed)."""
    path = Path(batch_dir) / "failures" / f"{slug(feed_name)}.jsonl"
    existing = path.read_bytes() if path.exists() else b""
    line = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
    _write_or_explain(path, existing + line)


def _write_or_explain(path: Path, data: bytes) -> None:
    try:
        write_atomic(path, data)
    except OSError as exc:
        if not is_disk_full(exc):
            raise
        free = free_bytes(path.parent)
        shown = "unknown" if free is None else f"{free:,} bytes"
        raise StagingError(
            f"cannot write {path}: no space left on the device ({shown} free); free disk space under "
            f"{path.parent.parent} and rerun the ingest task — pages staged so far are intact"
        ) from exc


def seal_batch(batch_dir: Path) -> dict[str, Any]:
    """Count what the batch holds and write ``_SEALED`` last. Idempotent: a second call reads it."""
    batch_dir = Path(batch_dir)
    marker = batch_dir / SEALED
    if marker.exists():
        return json.loads(marker.read_text(encoding="utf-8"))
    for tmp in batch_dir.glob("*/.*.tmp"):  # leftovers of a crashed writer
        tmp.unlink(missing_ok=True)
    batch = read_batch(batch_dir, require_sealed=False)
    summary = {
        "batch_id": batch_dir.name,
        "sealed_at": datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z"),
        "feeds": len(batch.feed_fetches),
        "pages": len(batch.pages),
        "failures": len(batch.failures),
        "feed_errors": sum(1 for f in batch.feed_fetches if f.get("error")),
    }
    _write_or_explain(marker, _json_bytes(summary))
    return summary


def sealed_batches(staging_dir: Path) -> list[Path]:
    """Sealed batch directories, oldest seal first (batch ids need not sort by time)."""
    root = Path(staging_dir)
    if not root.is_dir():
        return []
    found: list[tuple[str, str, Path]] = []
    for marker in root.glob(f"*/{SEALED}"):
        try:
            sealed_at = json.loads(marker.read_text(encoding="utf-8")).get("sealed_at", "")
        except (OSError, ValueError):
            sealed_at = ""
        found.append((sealed_at, marker.parent.name, marker.parent))
    return [p for _, _, p in sorted(found)]


def read_batch(batch_dir: Path, require_sealed: bool = True) -> Batch:
    """Read a batch back. Pages whose body or meta is missing (a crash mid-write) are left out."""
    batch_dir = Path(batch_dir)
    marker = batch_dir / SEALED
    if require_sealed and not marker.exists():
        raise StagingError(f"batch {batch_dir} is not sealed yet; the ingest run may still be writing it")
    batch = Batch(batch_id=batch_dir.name, path=batch_dir)
    if marker.exists():
        batch.sealed = json.loads(marker.read_text(encoding="utf-8"))
    for path in sorted((batch_dir / "feeds").glob("*.json")):
        batch.feed_fetches.append(json.loads(path.read_text(encoding="utf-8")))
    for path in sorted((batch_dir / "pages").glob("*.json")):
        if path.name.startswith("."):
            continue
        body = path.with_suffix(".html")
        if body.exists():
            batch.pages.append((json.loads(path.read_text(encoding="utf-8")), body))
    for path in sorted((batch_dir / "failures").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                batch.failures.append(json.loads(line))
    return batch
