"""Configuration comes from the environment, with clear errors for bad values."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from safecontact.env import env_bool, env_int, env_list, env_str


def test_typed_readers_use_defaults_when_unset(monkeypatch):
    for name in ("SC_FLAG", "SC_COUNT", "SC_HOSTS", "SC_NAME"):
        monkeypatch.delenv(name, raising=False)
    assert env_bool("SC_FLAG", True) is True
    assert env_int("SC_COUNT", 3) == 3
    assert env_list("SC_HOSTS", ["a"]) == ["a"]
    assert env_str("SC_NAME", "x") == "x"


def test_typed_readers_parse_values(monkeypatch):
    monkeypatch.setenv("SC_FLAG", "off")
    monkeypatch.setenv("SC_COUNT", "42")
    monkeypatch.setenv("SC_HOSTS", "one.example, two.example ,")
    assert env_bool("SC_FLAG", True) is False
    assert env_int("SC_COUNT", 0) == 42
    assert env_list("SC_HOSTS", []) == ["one.example", "two.example"]


@pytest.mark.parametrize(
    ("reader", "value"), [(env_bool, "perhaps"), (env_int, "ten")], ids=["bool", "int"]
)
def test_bad_values_name_the_variable(monkeypatch, reader, value):
    monkeypatch.setenv("SC_BAD", value)
    with pytest.raises(ImproperlyConfigured, match="SC_BAD"):
        reader("SC_BAD", 0)


def test_a_required_variable_says_how_to_fix_it(monkeypatch):
    monkeypatch.delenv("SC_REQUIRED", raising=False)
    with pytest.raises(ImproperlyConfigured, match="Set the SC_REQUIRED environment variable"):
        env_str("SC_REQUIRED")


def _load_production(secret):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    if secret is not None:
        env["SECRET_KEY"] = secret
    return subprocess.run(
        [sys.executable, "-c", "import safecontact.settings.production"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_strong_secret():
    missing = _load_production(None)
    assert missing.returncode != 0
    assert "SECRET_KEY" in missing.stderr
    short = _load_production("too-short")
    assert short.returncode != 0
    assert "at least 50 characters" in short.stderr
    assert _load_production("s" * 64).returncode == 0
