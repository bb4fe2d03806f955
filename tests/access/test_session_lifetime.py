"""However busy it is, a signed-in session ends SESSION_ABSOLUTE_HOURS after sign-in."""

import pytest
from django.utils import timezone

from reporting.access.middleware import SIGNED_IN_AT_SESSION_KEY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def signed_in_hours_ago(client, hours):
    session = client.session
    session[SIGNED_IN_AT_SESSION_KEY] = (
        timezone.now() - timezone.timedelta(hours=hours)
    ).timestamp()
    session.save()


@pytest.fixture
def staff_member():
    return UserFactory(username="frontline", roles=["Staff"])


def test_the_sign_in_page_starts_the_clock(client, staff_member):
    before = timezone.now().timestamp()
    client.post("/staff/sign-in/", {"username": "frontline", "password": PASSWORD})
    assert client.session[SIGNED_IN_AT_SESSION_KEY] >= before


def test_a_session_signed_in_another_way_starts_the_clock_at_its_first_request(
    client, staff_member
):
    client.force_login(staff_member)
    assert client.get("/staff/").status_code == 200
    assert SIGNED_IN_AT_SESSION_KEY in client.session


def test_a_busy_session_lasts_until_the_limit(client, settings, staff_member):
    settings.SESSION_ABSOLUTE_HOURS = 12
    client.force_login(staff_member)
    signed_in_hours_ago(client, 11.9)
    assert client.get("/staff/").status_code == 200


def test_a_session_past_the_limit_is_signed_out_and_told_why(client, settings, staff_member, soup):
    settings.SESSION_ABSOLUTE_HOURS = 12
    client.force_login(staff_member)
    signed_in_hours_ago(client, 12.1)

    response = client.get("/staff/my-reports/")

    assert response.status_code == 302
    assert response["Location"] == "/staff/sign-in/?next=/staff/my-reports/"
    assert "_auth_user_id" not in client.session
    page = soup(client.get(response["Location"]))
    assert "signed in more than 12 hours ago" in page.get_text()
    assert client.get("/staff/").status_code == 302


def test_signing_in_again_starts_a_new_session(client, settings, staff_member):
    client.force_login(staff_member)
    signed_in_hours_ago(client, 13)
    client.get("/staff/")
    client.post("/staff/sign-in/", {"username": "frontline", "password": PASSWORD})
    assert client.get("/staff/").status_code == 200


def test_the_limit_is_a_setting(client, settings, staff_member):
    settings.SESSION_ABSOLUTE_HOURS = 1
    client.force_login(staff_member)
    signed_in_hours_ago(client, 1.5)
    assert client.get("/staff/")["Location"].startswith("/staff/sign-in/")


def test_a_post_past_the_limit_is_not_acted_on(client, staff_member):
    client.force_login(staff_member)
    signed_in_hours_ago(client, 13)
    response = client.post("/staff/incidents/new/", {})
    assert response["Location"].startswith("/staff/sign-in/")
