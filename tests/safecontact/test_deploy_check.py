"""Django's deployment checks pass under production settings with the documented variables.

The Makefile's `test` target runs the same command; this keeps it covered either way.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A made-up key for these checks only: long and varied enough for Django's own test.
TEST_ONLY_KEY = "deploy-check-test-only-key-never-used-by-any-real-site-4f9Q"


def check_deploy(**variables):
    env = {
        # Nothing from the machine running the tests may soften or harden the settings.
        **{k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DJANGO_"))},
        "DJANGO_SETTINGS_MODULE": "safecontact.settings.production",
        "SECRET_KEY": TEST_ONLY_KEY,
        "ALLOWED_HOSTS": "safecontact.example",
        "PUBLIC_BASE_URL": "https://safecontact.example",
        **variables,
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_the_deployment_checks_find_nothing_to_report():
    result = check_deploy()
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_deployment_checks_would_catch_hsts_being_turned_off():
    result = check_deploy(SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr
