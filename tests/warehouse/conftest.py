"""Real resources the warehouse tests share: a tiny real filesystem and an old DuckDB client."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest


@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A real 3 MB filesystem (tmpfs), so the disk really fills up; skipped where mounting is not allowed."""
    mount = tmp_path / f"tiny-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.fixture(scope="session")
def duckdb14(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a separate venv with a DuckDB 1.4 client, as analysts' tools often still ship."""
    uv = Path(sys.executable).with_name("uv")
    if not uv.exists() and not shutil.which("uv"):
        pytest.skip("uv is not installed in this environment")
    venv = tmp_path_factory.mktemp("duckdb14") / "venv"
    made = subprocess.run([str(uv), "venv", "-q", "-p", sys.executable, str(venv)], capture_output=True, text=True)
    try:
        installed = made.returncode == 0 and subprocess.run(
            [str(uv), "pip", "install", "-q", "--python", str(venv / "bin" / "python"), "duckdb>=1.4,<1.5"],
            capture_output=True, text=True, timeout=300).returncode == 0
    except subprocess.TimeoutExpired:
        installed = False  # a registry too slow to answer is the same as none
    if not installed:
        pytest.skip("could not install a DuckDB 1.4 client from the package registry")
    return venv / "bin" / "python"
