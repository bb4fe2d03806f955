"""Staff single sign-on against a real OpenID Connect provider (tests/sso_provider/),
started here in its own process: the site's token, key and userinfo requests go to it over
HTTP, and the person's browser at the provider is a ``requests`` session. Our side is
Django's test client, whose host (testserver) is the redirect URI registered there."""

import datetime
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from reporting.access import sso
from reporting.access.models import AuditEvent, SingleSignOnAccount
from reporting.access.two_factor import CODE_AT_SESSION_KEY
from reporting.staff import jobs
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "safecontact"
CLIENT_SECRET = "a-test-client-secret"  # noqa: S105
CALLBACK = "http://testserver/staff/sign-in/callback/"
PASSWORD = "provider-password"  # noqa: S105
ROLE_GROUPS = {"sc-staff": "Staff", "sc-managers": "Manager", "sc-comms": "Comms editor"}


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Provider:
    def __init__(self, url, token):
        self.url = url
        self.token = token

    def person(self, username, *, groups, active=True):
        """Make or change someone at the provider; answers their ``sub``."""
        response = requests.put(
            f"{self.url}/manage/person/{username}/",
            json={
                "password": PASSWORD,
                "email": f"{username}@council.example",
                "given_name": username.title(),
                "family_name": "Example",
                "groups": groups,
                "active": active,
            },
            headers={"X-Manage-Token": self.token},
            timeout=10,
        )
        response.raise_for_status()
        return response.json()["sub"]

    def remove(self, username):
        requests.delete(
            f"{self.url}/manage/person/{username}/",
            headers={"X-Manage-Token": self.token},
            timeout=10,
        ).raise_for_status()


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sso-provider")
    token = secrets.token_urlsafe(16)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.sso_provider.settings",
        "SSO_PROVIDER_DB": str(folder / "provider.sqlite3"),
        "SSO_PROVIDER_MANAGE_TOKEN": token,
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"{url}/login/", timeout=1)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("The test identity provider did not start") from None
                time.sleep(0.2)
        requests.post(
            f"{url}/manage/client/",
            json={
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uri": CALLBACK,
            },
            headers={"X-Manage-Token": token},
            timeout=10,
        ).raise_for_status()
        yield Provider(url, token)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sso_on(settings, provider):
    settings.SSO_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_DISCOVERY = f"{provider.url}/o/.well-known/openid-configuration"
    settings.OIDC_ROLE_GROUPS = ROLE_GROUPS
    settings.WAGTAILADMIN_LOGIN_URL = "/staff/sign-in/"
    return provider


def sign_in_at_provider(client, username, *, next_url="/staff/", browser=None):
    """Press "Sign in with your council account", sign in at the provider, and come back;
    answers our callback's response."""
    browser = browser or requests.Session()
    start = client.get("/staff/sign-in/council/", {"next": next_url})
    assert start.status_code == 302
    return finish_at_provider(client, start["Location"], username, browser)


def finish_at_provider(client, authorize_url, username, browser):
    authorize = urlsplit(authorize_url)
    base = f"{authorize.scheme}://{authorize.netloc}"
    answer = browser.get(authorize_url, allow_redirects=False, timeout=10)
    location = urlsplit(answer.headers["Location"])
    if location.path == "/login/":
        # The provider asks the person to sign in there, then goes on to authorise.
        signed_in = browser.post(
            f"{base}/login/",
            data={
                "username": username,
                "password": PASSWORD,
                "next": parse_qs(location.query)["next"][0],
            },
            allow_redirects=False,
            timeout=10,
        )
        assert signed_in.status_code == 302
        answer = browser.get(
            f"{base}{signed_in.headers['Location']}", allow_redirects=False, timeout=10
        )
    back = urlsplit(answer.headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == CALLBACK
    return client.get(f"{back.path}?{back.query}")


def role_names(user):
    return set(user.groups.values_list("name", flat=True))


def test_the_first_sign_in_makes_the_account_with_roles_from_the_groups(sso_on, client, soup):
    sso_on.person("alex", groups=["sc-staff", "unrelated-group"])
    page = client.get("/staff/sign-in/")
    button = soup(page).select_one("a.govuk-button--start")
    assert button.get_text(strip=True) == "Sign in with your council account"

    response = sign_in_at_provider(client, "alex")

    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    user = get_user_model().objects.get(single_sign_on__isnull=False)
    assert (user.username, user.email, user.first_name) == ("alex", "alex@council.example", "Alex")
    assert role_names(user) == {"Staff"}
    assert not user.is_superuser
    assert not user.has_usable_password()
    assert client.get("/staff/").status_code == 200
    notes = set(AuditEvent.objects.filter(object_id=user.pk).values_list("note", flat=True))
    assert "Account made at first single sign-on" in notes


def test_a_change_of_groups_at_the_provider_changes_the_roles_at_the_next_sign_in(sso_on):
    sso_on.person("blair", groups=["sc-staff"])
    sign_in_at_provider(Client(), "blair")
    user = get_user_model().objects.get(username="blair")
    # A role OIDC_ROLE_GROUPS does not name is left alone.
    user.groups.add(Group.objects.get(name="Policy approver"))

    sso_on.person("blair", groups=["sc-managers"])
    client = Client()
    response = sign_in_at_provider(client, "blair")

    assert response.status_code == 302
    user.refresh_from_db()
    assert role_names(user) == {"Manager", "Policy approver"}
    assert SingleSignOnAccount.objects.filter(user=user).count() == 1


def test_someone_whose_groups_give_no_role_is_refused(sso_on, client, soup):
    sso_on.person("casey", groups=["unrelated-group"])

    response = sign_in_at_provider(client, "casey")

    assert response.status_code == 403
    heading = soup(response).select_one("h1").get_text(strip=True)
    assert heading == "Your council account does not give you access to SafeContact"
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(username="casey").exists()


def _due_for_a_check(client):
    """Make the session's next request ask the provider about the person."""
    session = client.session
    session[sso.CHECKED_AT_SESSION_KEY] = time.time() - 3600
    session.save()
    SingleSignOnAccount.objects.update(checked_at=timezone.now() - datetime.timedelta(hours=1))


def test_someone_removed_at_the_provider_is_signed_out_and_switched_off(sso_on, client):
    sso_on.person("drew", groups=["sc-staff"])
    sign_in_at_provider(client, "drew")
    account = SingleSignOnAccount.objects.get(user__username="drew")
    first_token = account.refresh_token
    assert first_token

    # Still known: the check passes and the provider's new refresh token is kept.
    _due_for_a_check(client)
    assert client.get("/staff/").status_code == 200
    account.refresh_from_db()
    assert account.refresh_token not in ("", first_token)

    sso_on.remove("drew")
    _due_for_a_check(client)
    response = client.get("/staff/")

    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/")
    page = client.get(response["Location"])
    assert b"no longer gives you access to SafeContact" in page.content
    user = get_user_model().objects.get(username="drew")
    assert not user.is_active
    assert role_names(user) == set()
    event = AuditEvent.objects.filter(object_id=user.pk).order_by("-pk").first()
    assert event.note == sso.LEFT_NOTE
    assert client.get("/staff/").status_code == 302


def test_the_daily_job_switches_off_those_the_provider_no_longer_knows(sso_on):
    sso_on.person("ellis", groups=["sc-staff"])
    sso_on.person("flynn", groups=["sc-managers"])
    ellis, flynn = Client(), Client()
    sign_in_at_provider(ellis, "ellis")
    sign_in_at_provider(flynn, "flynn")
    sso_on.person("ellis", groups=["sc-staff"], active=False)
    sso_on.person("flynn", groups=["sc-staff"])
    SingleSignOnAccount.objects.update(checked_at=timezone.now() - datetime.timedelta(days=1))

    summary = jobs.run_daily()

    assert (
        summary.sign_on
        == "single sign-on: 2 accounts checked, 1 switched off, 0 could not be checked"
    )
    users = get_user_model().objects
    assert not users.get(username="ellis").is_active
    # Flynn's session ends with the account; Flynn's roles follow the provider's groups.
    assert ellis.get("/staff/").status_code == 302
    assert users.get(username="flynn").is_active
    assert role_names(users.get(username="flynn")) == {"Staff"}
    assert flynn.get("/staff/").status_code == 200


def test_the_daily_job_changes_nothing_when_the_provider_does_not_answer(sso_on, settings):
    sso_on.person("gray", groups=["sc-staff"])
    sign_in_at_provider(Client(), "gray")
    SingleSignOnAccount.objects.update(checked_at=timezone.now() - datetime.timedelta(days=1))
    settings.OIDC_OP_TOKEN_ENDPOINT = f"http://127.0.0.1:{_free_port()}/o/token/"

    summary = jobs.run_daily()

    assert summary.sign_on.endswith("0 switched off, 1 could not be checked")
    assert get_user_model().objects.get(username="gray").is_active


def test_the_providers_second_factor_counts_as_ours(sso_on, settings):
    settings.TWO_FACTOR_REQUIRED = True
    sso_on.person("harper", groups=["sc-managers", "amr:mfa"])
    client, browser = Client(), requests.Session()

    sign_in_at_provider(client, "harper", browser=browser)

    # No code asked for, and the provider's sign-in is a fresh code for serious actions.
    assert client.get("/staff/").status_code == 200
    confirm = client.get("/staff/two-factor/confirm/", {"next": "/staff/"})
    assert confirm["Location"] == "/staff/"

    # Later, "Confirm it's you" sends them to sign in afresh at the provider.
    session = client.session
    session[CODE_AT_SESSION_KEY] = time.time() - 3600
    session.save()
    confirm = client.get("/staff/two-factor/confirm/", {"next": "/staff/"})
    assert confirm["Location"].startswith("/staff/sign-in/council/")
    start = client.get(confirm["Location"])
    assert parse_qs(urlsplit(start["Location"]).query)["prompt"] == ["login"]
    back = finish_at_provider(client, start["Location"], "harper", browser)
    assert back["Location"] == "/staff/"
    assert time.time() - client.session[CODE_AT_SESSION_KEY] < 60
    assert client.get("/staff/two-factor/confirm/", {"next": "/staff/"})["Location"] == "/staff/"


def test_without_the_providers_second_factor_ours_is_asked_for(sso_on, settings):
    settings.TWO_FACTOR_REQUIRED = True
    sso_on.person("indy", groups=["sc-managers"])
    client = Client()

    sign_in_at_provider(client, "indy")

    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/two-factor/set-up/")


def test_the_wagtail_admin_signs_in_through_the_council_account(sso_on, client):
    sso_on.person("parker", groups=["sc-comms"])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/?next=/admin/")

    back = sign_in_at_provider(client, "parker", next_url="/admin/")

    assert back["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_with_single_sign_on_only_a_superuser_signs_in_with_a_password(sso_on, client, soup):
    UserFactory(username="frontline", roles=["Staff"])
    UserFactory(username="breakglass", is_superuser=True, is_staff=True)

    refused = client.post(
        "/staff/sign-in/", {"username": "frontline", "password": "correct-horse-battery"}
    )
    assert refused.status_code == 200
    assert "Enter a correct username and password" in soup(refused).get_text()
    assert "_auth_user_id" not in client.session
    wagtail = Client().post(
        "/admin/login/", {"username": "frontline", "password": "correct-horse-battery"}
    )
    assert wagtail.status_code == 200

    allowed = client.post(
        "/staff/sign-in/", {"username": "breakglass", "password": "correct-horse-battery"}
    )
    assert allowed.status_code == 302
    assert client.session["_auth_user_id"] == str(
        get_user_model().objects.get(username="breakglass").pk
    )


def test_without_single_sign_on_passwords_work_and_no_council_button_shows(client, soup):
    UserFactory(username="frontline", roles=["Staff"])
    page = client.get("/staff/sign-in/")
    assert soup(page).select_one("a.govuk-button--start") is None
    assert client.get("/staff/sign-in/council/").status_code == 404

    response = client.post(
        "/staff/sign-in/", {"username": "frontline", "password": "correct-horse-battery"}
    )

    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_refusals_never_lock_others_out_of_single_sign_on(sso_on, settings):
    sso_on.person("kim", groups=["unrelated-group"])
    sso_on.person("lee", groups=["sc-staff"])
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        assert sign_in_at_provider(Client(), "kim").status_code == 403

    response = sign_in_at_provider(Client(), "lee")

    assert response.status_code == 302
    assert response["Location"] == "/staff/"


def test_when_the_provider_cannot_be_reached_passwords_stay_refused(sso_on, settings, client):
    settings.OIDC_OP_DISCOVERY = (
        f"http://127.0.0.1:{_free_port()}/.well-known/openid-configuration"
    )
    UserFactory(username="frontline", roles=["Staff"])

    start = client.get("/staff/sign-in/council/")
    refused = client.post(
        "/staff/sign-in/", {"username": "frontline", "password": "correct-horse-battery"}
    )

    assert start.status_code == 503
    assert b"could not sign you in with your council account" in start.content
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session


def test_someone_who_loses_their_groups_is_refused_and_switched_off_until_they_return(sso_on):
    sso_on.person("morgan", groups=["sc-staff"])
    signed_in = Client()
    sign_in_at_provider(signed_in, "morgan")
    sso_on.person("morgan", groups=["unrelated-group"])

    refused = sign_in_at_provider(Client(), "morgan")

    assert refused.status_code == 403
    user = get_user_model().objects.get(username="morgan")
    assert not user.is_active
    assert signed_in.get("/staff/").status_code == 302
    notes = list(AuditEvent.objects.filter(object_id=user.pk).values_list("note", flat=True))
    assert sso.NO_ROLE_NOTE in notes

    sso_on.person("morgan", groups=["sc-staff"])
    back = Client()
    assert sign_in_at_provider(back, "morgan")["Location"] == "/staff/"
    user.refresh_from_db()
    assert user.is_active
    assert role_names(user) == {"Staff"}
    assert back.get("/staff/").status_code == 200


def test_an_account_switched_off_by_hand_stays_off(sso_on, soup):
    sso_on.person("noor", groups=["sc-staff"])
    sign_in_at_provider(Client(), "noor")
    get_user_model().objects.filter(username="noor").update(is_active=False)

    client = Client()
    response = sign_in_at_provider(client, "noor")

    assert response.status_code == 403
    heading = soup(response).select_one("h1").get_text(strip=True)
    assert heading == "Your SafeContact account is switched off"
    assert "_auth_user_id" not in client.session


def test_a_check_whose_answer_carries_no_groups_leaves_the_roles_alone(sso_on, settings):
    sso_on.person("oakley", groups=["sc-managers"])
    sign_in_at_provider(Client(), "oakley")
    SingleSignOnAccount.objects.update(checked_at=timezone.now() - datetime.timedelta(days=1))
    # As a provider that sends the groups only in the first ID token would answer.
    settings.OIDC_GROUPS_CLAIM = "roles"

    summary = jobs.run_daily()

    assert (
        summary.sign_on
        == "single sign-on: 1 account checked, 0 switched off, 0 could not be checked"
    )
    user = get_user_model().objects.get(username="oakley")
    assert user.is_active
    assert role_names(user) == {"Manager"}
