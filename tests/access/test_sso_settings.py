"""Single sign-on is configured from the environment: on only with a client ID, its
group mapping read as pairs, and a bad mapping refused with the variable's name."""

import json
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from safecontact.env import env_mapping

SCRIPT = """
import json
import safecontact.settings.production as s
backends = s.AUTHENTICATION_BACKENDS
print(json.dumps({
    "enabled": s.SSO_ENABLED,
    "roles": s.OIDC_ROLE_GROUPS,
    "admin_sign_in": getattr(s, "WAGTAILADMIN_LOGIN_URL", None),
    "refuses_passwords_first": backends.index("reporting.access.sso.SingleSignOnBackend")
    < backends.index("django.contrib.auth.backends.ModelBackend"),
    "checks_sessions": "reporting.access.sso.SingleSignOnCheckMiddleware" in s.MIDDLEWARE,
}))
"""


def _production(**variables):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OIDC_")}
    env.update(SECRET_KEY="s" * 64, PUBLIC_BASE_URL="https://safecontact.example", **variables)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=False
    )
    return result


def test_single_sign_on_is_on_only_with_a_client_id():
    off = json.loads(_production().stdout)
    on = json.loads(
        _production(
            OIDC_RP_CLIENT_ID="safecontact",
            OIDC_ROLE_GROUPS="sc-staff = Staff, sc-dm=Decision maker",
        ).stdout
    )

    assert off["enabled"] is False
    assert off["admin_sign_in"] is None
    assert on["enabled"] is True
    assert on["roles"] == {"sc-staff": "Staff", "sc-dm": "Decision maker"}
    assert on["admin_sign_in"] == "/staff/sign-in/"
    assert on["refuses_passwords_first"]
    assert on["checks_sessions"]


def test_a_bad_group_mapping_stops_the_site_and_names_the_variable(monkeypatch):
    monkeypatch.setenv("OIDC_ROLE_GROUPS", "sc-staff=Staff,sc-managers")
    with pytest.raises(ImproperlyConfigured, match="OIDC_ROLE_GROUPS"):
        env_mapping("OIDC_ROLE_GROUPS", {})
    monkeypatch.delenv("OIDC_ROLE_GROUPS")
    assert env_mapping("OIDC_ROLE_GROUPS", {}) == {}
