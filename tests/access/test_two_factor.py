"""Every role but plain Staff, and every superuser, signs in with a second factor: set up
an authenticator app once, then a code (or a backup code) each time.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from reporting.access.enums import AuditAction
from reporting.access.models import AuditEvent
from reporting.access.two_factor import must_use_second_factor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SET_UP = "/staff/two-factor/set-up/"
VERIFY = "/staff/two-factor/"
RESET = "/staff/two-factor/reset/"
ROLES_ASKED = [
    "Manager",
    "Decision maker",
    "Health and safety",
    "Information governance",
    "Policy approver",
]


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True


def code_for(device, step_offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += step_offset * device.step
    return f"{totp.token():06d}"


def enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    backup = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    backup.token_set.create(token="abcd2345")
    return device


def signed_in_with_code(client, user):
    """Sign ``user`` in with an authenticator and a right code; answer the device."""
    device = enrolled(user)
    client.force_login(user)
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
    return device


def error_text(soup, response):
    summary = soup(response).select_one(".govuk-error-summary")
    assert summary is not None, "no error summary"
    return summary.get_text(" ", strip=True)


@pytest.mark.parametrize("role", ROLES_ASKED)
def test_a_role_that_needs_a_second_factor_sets_one_up_first(client, role):
    client.force_login(UserFactory(roles=[role]))
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == f"{SET_UP}?next=%2Fstaff%2F"


@pytest.mark.parametrize("role", ROLES_ASKED)
def test_a_role_with_an_authenticator_is_asked_for_a_code(client, role):
    user = UserFactory(roles=[role])
    enrolled(user)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2F"


def test_only_plain_staff_are_not_asked(client):
    client.force_login(UserFactory(roles=["Staff"]))
    assert client.get("/staff/").status_code == 200


def test_health_and_safety_are_sent_to_the_code_step(client):
    user = UserFactory(roles=["Health and safety"])
    enrolled(user)
    client.force_login(user)
    assert client.get("/staff/")["Location"] == f"{VERIFY}?next=%2Fstaff%2F"


def test_a_superuser_with_no_role_sets_up_then_is_asked_for_a_code(client):
    user = UserFactory(roles=[], is_superuser=True, is_staff=True)
    client.force_login(user)
    assert client.get("/admin/")["Location"] == f"{SET_UP}?next=%2Fadmin%2F"
    enrolled(user)
    assert client.get("/admin/")["Location"] == f"{VERIFY}?next=%2Fadmin%2F"


def test_a_superuser_with_only_the_staff_role_is_asked_too(client):
    user = UserFactory(roles=["Staff"], is_superuser=True, is_staff=True)
    enrolled(user)
    client.force_login(user)
    assert client.get("/staff/")["Location"] == f"{VERIFY}?next=%2Fstaff%2F"


def test_must_use_second_factor_is_the_one_rule():
    assert not must_use_second_factor(UserFactory(roles=["Staff"]))
    assert not must_use_second_factor(UserFactory(roles=["Comms editor"]))
    assert not must_use_second_factor(AnonymousUser())
    assert must_use_second_factor(UserFactory(roles=[], is_superuser=True))
    for role in ROLES_ASKED:
        assert must_use_second_factor(UserFactory(roles=["Staff", role]))


def test_nobody_is_asked_when_the_setting_is_off(client, settings):
    settings.TWO_FACTOR_REQUIRED = False
    client.force_login(UserFactory(roles=["Manager"]))
    assert client.get("/staff/").status_code == 200


def test_set_up_shows_a_qr_code_and_the_key_to_type(client, soup):
    user = UserFactory(roles=["Manager"])
    client.force_login(user)
    page = soup(client.get(SET_UP))
    assert page.select_one("svg title").get_text() != ""
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    key = page.select_one("#authenticator-key").get_text().replace(" ", "")
    assert device.config_url.startswith("otpauth://totp/")
    assert f"secret={key}" in device.config_url


def test_set_up_with_the_right_code_confirms_the_app_and_shows_backup_codes_once(client, soup):
    user = UserFactory(roles=["Manager"])
    client.force_login(user)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=user)

    response = client.post(SET_UP, {"code": code_for(device), "next": "/staff/queue/"})

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    tokens = StaticToken.objects.filter(device__user=user)
    assert tokens.count() == 10
    codes_page = client.get(response["Location"])
    shown = [code.get_text() for code in soup(codes_page).select(".sc-backup-codes code")]
    assert sorted(shown) == sorted(tokens.values_list("token", flat=True))
    assert soup(codes_page).select_one("a.govuk-button")["href"] == "/staff/queue/"
    # Shown once only; the session is now verified.
    assert client.get(response["Location"])["Location"] == "/staff/queue/"
    assert client.get("/staff/").status_code == 200


def test_set_up_with_a_wrong_code_confirms_nothing(client, soup):
    user = UserFactory(roles=["Decision maker"])
    client.force_login(user)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=user)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = client.post(SET_UP, {"code": wrong})

    assert response.status_code == 200
    assert "That code is not right" in error_text(soup, response)
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticDevice.objects.filter(user=user).exists()
    assert client.get("/staff/")["Location"].startswith(SET_UP)


def test_the_right_code_lets_a_manager_in(client):
    user = UserFactory(roles=["Manager"])
    device = enrolled(user)
    client.force_login(user)

    response = client.post(f"{VERIFY}?next=/staff/queue/", {"code": code_for(device)})

    assert response["Location"] == "/staff/queue/"
    assert client.get("/staff/").status_code == 200


def test_the_session_id_changes_at_the_code_step(client, settings):
    user = UserFactory(roles=["Manager"])
    device = enrolled(user)
    client.force_login(user)
    before = client.cookies[settings.SESSION_COOKIE_NAME].value

    client.post(VERIFY, {"code": code_for(device)})

    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert client.get("/staff/").status_code == 200


def test_a_code_is_refused_the_second_time(client, soup):
    user = UserFactory(roles=["Manager"])
    device = enrolled(user)
    code = code_for(device)
    client.force_login(user)
    client.post(VERIFY, {"code": code})
    client.logout()
    client.force_login(user)

    response = client.post(VERIFY, {"code": code})

    assert response.status_code == 200
    assert "That code is not right" in error_text(soup, response)


def test_a_backup_code_works_once(client, soup):
    user = UserFactory(roles=["Information governance"])
    enrolled(user)
    client.force_login(user)

    assert client.post(VERIFY, {"code": "ABCD 2345"})["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200

    client.logout()
    client.force_login(user)
    response = client.post(VERIFY, {"code": "abcd2345"})
    assert response.status_code == 200
    assert "That code is not right" in error_text(soup, response)


def test_a_wrong_code_is_refused_and_further_tries_are_asked_to_wait(client, soup):
    user = UserFactory(roles=["Manager"])
    device = enrolled(user)
    client.force_login(user)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    first = client.post(VERIFY, {"code": wrong})
    assert "That code is not right" in error_text(soup, first)
    second = client.post(VERIFY, {"code": code_for(device)})

    assert second.status_code == 200
    assert "Wait" in error_text(soup, second)
    assert client.get("/staff/")["Location"].startswith(VERIFY)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_an_empty_code_asks_for_one(client, soup):
    user = UserFactory(roles=["Manager"])
    enrolled(user)
    client.force_login(user)
    response = client.post(VERIFY, {"code": ""})
    assert "Enter the code from your authenticator app" in error_text(soup, response)


@pytest.mark.parametrize(
    "unsafe", ["https://elsewhere.example/", "//elsewhere.example/", "javascript:alert(1)"]
)
def test_unsafe_next_addresses_are_ignored(client, unsafe):
    user = UserFactory(roles=["Manager"])
    device = enrolled(user)
    client.force_login(user)
    response = client.post(VERIFY, {"code": code_for(device), "next": unsafe})
    assert response["Location"] == "/staff/"


def test_a_policy_approver_verifies_before_the_admin(client):
    user = UserFactory(roles=["Policy approver"])
    device = enrolled(user)
    client.force_login(user)
    assert client.get("/admin/pages/")["Location"] == f"{VERIFY}?next=%2Fadmin%2Fpages%2F"

    response = client.post(f"{VERIFY}?next=/admin/pages/", {"code": code_for(device)})

    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_signing_out_needs_no_code(client):
    user = UserFactory(roles=["Manager"])
    enrolled(user)
    client.force_login(user)
    response = client.post("/staff/sign-out/")
    assert response["Location"] == "/staff/signed-out/"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("roles", [["Manager"], ["Information governance"], []])
def test_only_administrators_may_reset_a_second_factor(client, roles):
    user = UserFactory(roles=roles, is_staff=True)
    client.force_login(user)
    client.post(VERIFY, {"code": code_for(enrolled(user))})
    target = UserFactory(username="lost.phone", roles=["Manager"])
    enrolled(target)

    assert client.get(RESET).status_code == 403
    assert client.post(RESET, {"username": "lost.phone", "confirm": "on"}).status_code == 403
    assert TOTPDevice.objects.filter(user=target).exists()


def test_the_reset_page_is_forbidden_to_staff(client):
    client.force_login(UserFactory(roles=["Staff"]))
    assert client.get(RESET).status_code == 403
    assert client.post(RESET, {"username": "x", "confirm": "on"}).status_code == 403


def test_an_administrator_resets_a_second_factor_and_it_is_audited(client, superuser, soup):
    target = UserFactory(username="lost.phone", roles=["Manager"])
    enrolled(target)
    signed_in_with_code(client, superuser)

    response = client.post(RESET, {"username": "lost.phone", "confirm": "on"}, follow=True)

    assert "will set up a new authenticator app" in soup(response).get_text()
    assert not TOTPDevice.objects.filter(user=target).exists()
    assert not StaticDevice.objects.filter(user=target).exists()
    event = AuditEvent.objects.get(object_type="user", object_id=target.pk)
    assert event.actor == superuser
    assert event.action == AuditAction.CHANGE
    assert event.note == "Second factor reset"

    client.force_login(target)
    assert client.get("/staff/")["Location"].startswith(SET_UP)


def test_a_reset_needs_a_known_username_and_a_confirmation(client, superuser, soup):
    target = UserFactory(username="lost.phone", roles=["Manager"])
    enrolled(target)
    signed_in_with_code(client, superuser)

    unknown = client.post(RESET, {"username": "nobody", "confirm": "on"})
    unconfirmed = client.post(RESET, {"username": "lost.phone"})

    assert "There is no account with that username" in error_text(soup, unknown)
    assert "Confirm that you have checked" in error_text(soup, unconfirmed)
    assert TOTPDevice.objects.filter(user=target).exists()
    assert not AuditEvent.objects.filter(object_type="user").exists()
