"""Staff sign in to /staff/; other roles are refused; repeated failures are throttled."""

import pytest

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
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 60 * 60


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
