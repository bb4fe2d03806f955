"""Every page carries the security headers; production adds HSTS and HTTPS-only cookies;
sign-in is throttled, on the staff form and the admin, per client behind the proxy too."""

import base64
import hashlib
import json
import os
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.test import Client

from tests.factories import UserFactory, make_policy, publish

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
# Scripts of these types are data, never run, so a content security policy ignores them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}


def directives(response):
    """The response's content security policy as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    policy = {}
    for part in header.split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


def sha256_source(text):
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


@pytest.fixture
def policy_page():
    return publish(make_policy(), note="First published.")


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(username="frontline", roles=["Staff"]))
    return client


@pytest.fixture
def pages(staff_client, policy_page):
    """Public and staff pages, each as the response a visitor would get."""
    anonymous = Client()
    return {
        "home page": anonymous.get("/"),
        "policy page": anonymous.get(policy_page.url),
        "versions list": anonymous.get(f"{policy_page.url}versions/"),
        "staff sign-in": anonymous.get("/staff/sign-in/"),
        "staff area": staff_client.get("/staff/"),
        "new incident form": staff_client.get("/staff/incidents/new/"),
    }


def test_public_and_staff_pages_carry_a_strict_content_security_policy(pages):
    for name, response in pages.items():
        assert response.status_code == 200, name
        policy = directives(response)
        assert policy["default-src"] == ["'self'"], name
        assert policy["script-src"] == ["'self'"], name
        assert "'unsafe-inline'" not in policy["style-src"], name
        assert policy["object-src"] == ["'none'"], name
        assert policy["base-uri"] == ["'self'"], name
        assert policy["frame-ancestors"] == ["'none'"], name
        assert policy["form-action"] == ["'self'"], name
        assert policy["img-src"] == ["'self'", "data:"], name
        assert not any("nonce-" in source for source in sum(policy.values(), [])), name


def test_public_and_staff_pages_carry_the_other_security_headers(pages):
    for name, response in pages.items():
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["X-Frame-Options"] == "DENY", name
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name
        features = response["Permissions-Policy"].split(", ")
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in features, name


def test_every_inline_script_and_style_on_the_pages_is_allowed_by_its_hash(pages):
    """The policy allows no inline code; anything inline must be listed by hash."""
    for name, response in pages.items():
        policy = directives(response)
        soup = BeautifulSoup(response.content, "html.parser")
        for script in soup.find_all("script"):
            if script.get("src") or script.get("type") in DATA_SCRIPT_TYPES:
                continue
            assert sha256_source(script.string or "") in policy["script-src"], name
        for style in soup.find_all("style"):
            assert sha256_source(style.string or "") in policy["style-src"], name
        for element in soup.find_all(True):
            assert "style" not in element.attrs, f"{name}: style attribute on <{element.name}>"
            handlers = [attr for attr in element.attrs if attr.startswith("on")]
            assert not handlers, f"{name}: {handlers} on <{element.name}>"


def test_the_bare_error_page_keeps_its_style_under_the_policy(client):
    policy = directives(client.get("/"))
    html = BeautifulSoup(render_to_string("500.html"), "html.parser")
    styles = html.find_all("style")
    assert styles
    for style in styles:
        assert sha256_source(style.string) in policy["style-src"]


def test_a_missing_page_carries_the_policy_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert directives(response)["script-src"] == ["'self'"]


def test_the_wagtail_admin_has_its_own_policy(client, superuser):
    sign_in = client.get("/admin/login/")
    client.force_login(superuser)
    dashboard = client.get("/admin/")
    for response in (sign_in, dashboard):
        assert response.status_code == 200
        policy = directives(response)
        # Looser than the public policy: the admin's own pages use inline code...
        assert "'unsafe-inline'" in policy["script-src"]
        assert "'unsafe-inline'" in policy["style-src"]
        # ...but still nothing from other origins, no plugins, and only its own frames.
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'self'"]
        assert policy["form-action"] == ["'self'"]
        assert response["X-Frame-Options"] == "DENY"
        assert "camera=()" in response["Permissions-Policy"]


def test_a_page_previewed_in_the_admin_keeps_the_strict_policy_inside_the_admin_frame(
    policy_page,
):
    response = policy_page.make_preview_request()
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    # The admin shows the preview in a frame on the same origin.
    assert policy["frame-ancestors"] == ["'self'"]


# Production settings, read in a process of their own with the documented variables.

PRODUCTION_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "DEBUG",
]


@pytest.fixture(scope="module")
def production_values():
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SECURE_")},
        "DJANGO_SETTINGS_MODULE": "safecontact.settings.production",
        "SECRET_KEY": "production-values-test-only-key-" + "q7Vx" * 6,
        "ALLOWED_HOSTS": "safecontact.example",
        "PUBLIC_BASE_URL": "https://safecontact.example",
    }
    code = (
        "import json; from safecontact.settings import production as p; "
        f"print(json.dumps({{n: getattr(p, n) for n in {PRODUCTION_SETTINGS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def production(settings, production_values):
    for name, value in production_values.items():
        setattr(settings, name, value)
    return settings


def test_production_sends_hsts_on_https(client, production):
    response = client.get("/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert directives(response)["script-src"] == ["'self'"]


def test_production_sends_plain_http_to_https(client, production):
    response = client.get("/staff/sign-in/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/staff/sign-in/"
    assert "Strict-Transport-Security" not in response


def test_production_trusts_the_proxys_word_that_the_request_was_https(client, production):
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert "Strict-Transport-Security" in response


def test_production_session_and_csrf_cookies_are_https_only(client, production):
    UserFactory(username="frontline", roles=["Staff"])
    form = client.get("/staff/sign-in/", secure=True)
    csrf = form.cookies["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"
    response = client.post(
        "/staff/sign-in/", {"username": "frontline", "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


# Sign-in throttling: the staff form is covered in tests/access/test_sign_in.py.


def admin_sign_in(client, username, password=PASSWORD, **extra):
    return client.post("/admin/login/", {"username": username, "password": password}, **extra)


def test_the_admin_sign_in_is_throttled_too(client, settings):
    UserFactory(username="editor", roles=["Comms editor"])
    first = admin_sign_in(client, "editor", "wrong-password")
    assert first.status_code == 200
    assert "_auth_user_id" not in client.session
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        admin_sign_in(client, "editor", "wrong-password")
    response = admin_sign_in(client, "editor")
    assert response.status_code == 429
    assert b"Too many attempts to sign in" in response.content
    assert "_auth_user_id" not in client.session


def staff_sign_in(client, username, password, forwarded_for):
    return client.post(
        "/staff/sign-in/",
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.2",
        headers={"X-Forwarded-For": forwarded_for},
    )


def test_behind_the_proxy_one_clients_failures_do_not_lock_out_another(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="frontline", roles=["Staff"])
    for _ in range(settings.AXES_FAILURE_LIMIT):
        staff_sign_in(client, "frontline", "wrong-password", "203.0.113.7")
    locked = staff_sign_in(client, "frontline", PASSWORD, "203.0.113.7")
    assert locked.status_code == 429

    elsewhere = staff_sign_in(client, "frontline", PASSWORD, "198.51.100.20")
    assert elsewhere.status_code == 302
    assert elsewhere["Location"] == "/staff/"


def test_behind_the_proxy_an_address_the_client_made_up_is_not_believed(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="frontline", roles=["Staff"])
    # Each attempt claims a new address; the proxy appends the real one last.
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        staff_sign_in(client, "frontline", "wrong-password", f"192.0.2.{attempt}, 203.0.113.7")
    response = staff_sign_in(client, "frontline", PASSWORD, "192.0.2.99, 203.0.113.7")
    assert response.status_code == 429


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    UserFactory(username="frontline", roles=["Staff"])
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        staff_sign_in(client, "frontline", "wrong-password", f"192.0.2.{attempt}")
    response = staff_sign_in(client, "frontline", PASSWORD, "192.0.2.99")
    assert response.status_code == 429
