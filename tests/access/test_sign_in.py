"""Staff sign in to /staff/; other roles are refused; repeated failures are throttled."""

import datetime

import pytest
from django.utils import timezone

from safecontact.security import USERNAME_KEPT, sign_in_username
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def sign_in(client, username, password=PASSWORD):
    return client.post("/staff/sign-in/", {"username": username, "password": password})


def test_the_staff_area_asks_anonymous_visitors_to_sign_in(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/?next=/staff/")


def test_a_member_of_staff_signs_in_and_sees_the_staff_area(client):
    UserFactory(username="frontline", roles=["Staff"])
    response = sign_in(client, "frontline")
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    page = client.get("/staff/")
    assert page.status_code == 200
    assert b"Staff area" in page.content
    assert "no-cache" in page["Cache-Control"]


def test_a_wrong_password_says_so_and_signs_nobody_in(client, soup):
    UserFactory(username="frontline", roles=["Staff"])
    response = sign_in(client, "frontline", "wrong-password")
    assert response.status_code == 200
    summary = soup(response).select_one(".govuk-error-summary")
    assert "Enter a correct username and password" in summary.get_text()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("roles", [["Comms editor"], ["Policy approver"], []])
def test_accounts_without_a_staff_role_are_refused(client, roles):
    user = UserFactory(username="publisher", roles=roles)
    client.force_login(user)
    assert client.get("/staff/").status_code == 403


def test_repeated_failures_lock_the_account_out_for_a_while(client, settings):
    UserFactory(username="frontline", roles=["Staff"])
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "frontline", "wrong-password")
    response = sign_in(client, "frontline")
    assert response.status_code == 429
    assert b"Too many attempts to sign in" in response.content
    assert "_auth_user_id" not in client.session


def test_sessions_end_after_inactivity_and_with_the_browser(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 60 * 60


def _expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_using_the_site_keeps_a_session_alive_winding_its_clock_once_a_minute(
    client, settings, monkeypatch
):
    """Each request within a minute of the last winding leaves the session unwritten; the
    first after it moves the expiry on to SESSION_IDLE_SECONDS from then."""
    client.force_login(UserFactory(username="frontline", roles=["Staff"]))
    start = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: start)
    assert client.get("/staff/").status_code == 200
    first = _expiry(client)
    assert first == start + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)

    monkeypatch.setattr(timezone, "now", lambda: start + datetime.timedelta(seconds=50))
    assert client.get("/staff/").status_code == 200
    assert _expiry(client) == first

    later = start + datetime.timedelta(seconds=70)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get("/staff/").status_code == 200
    assert _expiry(client) == later + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_a_session_left_idle_past_its_limit_is_signed_out(client, settings, monkeypatch):
    client.force_login(UserFactory(username="frontline", roles=["Staff"]))
    start = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: start)
    assert client.get("/staff/").status_code == 200
    idle = start + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1)
    monkeypatch.setattr(timezone, "now", lambda: idle)
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/")


def test_signing_out_ends_the_session(client):
    client.force_login(UserFactory(username="frontline", roles=["Staff"]))
    response = client.post("/staff/sign-out/")
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 302


def test_a_username_too_long_to_exist_is_refused_without_an_error(client):
    response = client.post(
        "/staff/sign-in/", {"username": "y" * 400, "password": "anything at all"}
    )
    assert response.status_code == 200
    assert b"150 characters" in response.content


def test_failed_sign_ins_are_counted_against_a_username_that_fits():
    assert sign_in_username(None, {"username": "y" * 400}) == "y" * USERNAME_KEPT
    assert sign_in_username(None, {"username": "frontline"}) == "frontline"
