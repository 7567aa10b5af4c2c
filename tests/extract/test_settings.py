"""FetchSettings: YAML defaults, one env override per key, clear errors for bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.http import FetchSettings


def test_defaults_come_from_the_yaml_file() -> None:
    s = FetchSettings.from_env(env={})
    assert s.user_agent == "conflictwatch/0.1 (+https://github.com/conflictwatch/conflictwatch)"
    assert s.respect_robots is True and s.max_redirects == 5
    assert s.allow_private_hosts == frozenset()


def test_env_overrides_each_key_and_the_allow_list() -> None:
    s = FetchSettings.from_env(
        env={
            "CONFLICTWATCH_FETCH_TOTAL_TIMEOUT": "7.5",
            "CONFLICTWATCH_FETCH_RESPECT_ROBOTS": "false",
            "CONFLICTWATCH_FETCH_USER_AGENT": "tester/1",
            "CONFLICTWATCH_ALLOW_PRIVATE_HOSTS": "127.0.0.1, localhost",
        }
    )
    assert (s.total_timeout, s.respect_robots, s.user_agent) == (7.5, False, "tester/1")
    assert s.allow_private_hosts == frozenset({"127.0.0.1", "localhost"})


def test_bad_values_and_unknown_keys_are_explained(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="max_redirects='many' is not a valid int"):
        FetchSettings.from_env(env={"CONFLICTWATCH_FETCH_MAX_REDIRECTS": "many"})
    cfg = tmp_path / "fetch.yaml"
    cfg.write_text("user_agnet: typo\n")
    with pytest.raises(RuntimeError, match=r"unknown fetch setting\(s\) \['user_agnet'\]"):
        FetchSettings.from_env(env={}, config_path=cfg)
