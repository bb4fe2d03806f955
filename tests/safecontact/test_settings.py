"""Configuration comes from the environment, with clear errors for bad values."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from safecontact.env import env_bool, env_int, env_list, env_str
from safecontact.settings.base import tasks_setting


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


def _load_production(secret, script="import safecontact.settings.production", **variables):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "TASKS_BACKEND")}
    if secret is not None:
        env["SECRET_KEY"] = secret
    env.setdefault("PUBLIC_BASE_URL", "https://safecontact.example")
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-c", script],
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


def test_production_refuses_to_start_without_its_public_address():
    script = "import safecontact.settings.production as s; print(s.PUBLIC_BASE_URL)"
    env_without = {k: v for k, v in os.environ.items() if k != "PUBLIC_BASE_URL"}
    missing = subprocess.run(
        [sys.executable, "-c", "import safecontact.settings.production"],
        env={**env_without, "SECRET_KEY": "s" * 64},
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode != 0
    assert "Set the PUBLIC_BASE_URL environment variable" in missing.stderr
    given = _load_production("s" * 64, script, PUBLIC_BASE_URL="https://council.example/")
    assert given.stdout.strip() == "https://council.example"


@pytest.mark.parametrize(
    ("value", "backend"),
    [
        ("immediate", "django_tasks.backends.immediate.ImmediateBackend"),
        ("database", "django_tasks_db.DatabaseBackend"),
        (" Database ", "django_tasks_db.DatabaseBackend"),
    ],
)
def test_tasks_backend_chooses_where_tasks_run(monkeypatch, value, backend):
    monkeypatch.setenv("TASKS_BACKEND", value)
    assert tasks_setting("immediate") == {"default": {"BACKEND": backend}}


def test_tasks_run_at_once_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv("TASKS_BACKEND", raising=False)
    assert tasks_setting("immediate") == {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }


def test_an_unknown_tasks_backend_is_refused(monkeypatch):
    monkeypatch.setenv("TASKS_BACKEND", "celery")
    with pytest.raises(
        ImproperlyConfigured, match="TASKS_BACKEND must be immediate or database, not 'celery'"
    ):
        tasks_setting("immediate")


def test_production_queues_tasks_in_the_database_unless_told_otherwise():
    script = "import safecontact.settings.production as s; print(s.TASKS['default']['BACKEND'])"
    default = _load_production("s" * 64, script)
    assert default.stdout.strip() == "django_tasks_db.DatabaseBackend"
    immediate = _load_production("s" * 64, script, TASKS_BACKEND="immediate")
    assert immediate.stdout.strip() == "django_tasks.backends.immediate.ImmediateBackend"
    wrong = _load_production("s" * 64, script, TASKS_BACKEND="celery")
    assert wrong.returncode != 0
    assert "TASKS_BACKEND must be immediate or database" in wrong.stderr
