"""Deciding a restriction, issuing a letter and resetting someone's second factor want a
code entered in the last FRESH_CODE_MINUTES; an older one sends the person to "Confirm
it's you" first, and nothing is decided, issued or reset until they have."""

import pytest
from django.utils import timezone

from reporting.access.models import AuditEvent
from reporting.access.two_factor import CODE_AT_SESSION_KEY
from reporting.letters.models import Letter
from reporting.restrictions.enums import RestrictionStatus
from tests.access.factories import manager_of
from tests.access.test_two_factor import code_for, enrolled, error_text, signed_in_with_code
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory
from tests.letters.factories import cite_policy
from tests.restrictions.factories import RestrictionFactory

pytestmark = pytest.mark.django_db

CONFIRM = "/staff/two-factor/confirm/"
RESET = "/staff/two-factor/reset/"


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True
    settings.FRESH_CODE_MINUTES = 15


@pytest.fixture
def incident(housing):
    return IncidentFactory(service_area=housing)


@pytest.fixture
def proposed(housing, incident):
    return RestrictionFactory(
        customer=incident.customer,
        status="proposed",
        proposed_by=manager_of(housing, "proposer"),
        decision="",
        decided_by=None,
        decided_at=None,
        incidents=[incident],
    )


@pytest.fixture
def decider():
    return UserFactory(username="decider", roles=["Decision maker"])


@pytest.fixture
def active(housing, incident):
    restriction = RestrictionFactory(customer=incident.customer, incidents=[incident])
    restriction.service_areas.set([housing])
    cite_policy()
    return restriction


@pytest.fixture
def issuing_manager(housing):
    return manager_of(housing, "issuer")


@pytest.fixture
def fast_pdf(monkeypatch):
    monkeypatch.setattr(
        "reporting.letters.services.render_letter_pdf",
        lambda prepared: f"%PDF-1.7 letter {prepared.reference}\n".encode(),
    )
    yield
    for letter in Letter.objects.all():
        letter.pdf.storage.delete(letter.pdf.name)


def code_minutes_ago(client, minutes):
    session = client.session
    session[CODE_AT_SESSION_KEY] = (
        timezone.now() - timezone.timedelta(minutes=minutes)
    ).timestamp()
    session.save()


def decide_url(restriction):
    return f"/staff/restrictions/{restriction.reference}/decide/"


def letter_url(restriction):
    return f"/staff/letters/new/restriction/{restriction.reference}/"


REFUSAL = {"decision": "refused", "reasons": "A meeting should be tried first."}


# Deciding a restriction ----------------------------------------------------------------


def test_a_stale_code_sends_the_decision_page_to_confirm(client, proposed, decider):
    signed_in_with_code(client, decider)
    code_minutes_ago(client, 16)
    url = decide_url(proposed)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{CONFIRM}?next={url.replace('/', '%2F')}"


def test_a_decision_sent_with_a_stale_code_is_not_saved_and_says_so(
    client, proposed, decider, soup
):
    signed_in_with_code(client, decider)
    code_minutes_ago(client, 16)

    response = client.post(decide_url(proposed), REFUSAL)

    assert response["Location"].startswith(f"{CONFIRM}?next=")
    proposed.refresh_from_db()
    assert proposed.status == RestrictionStatus.PROPOSED
    page = soup(client.get(response["Location"]))
    assert page.select_one("h1").get_text() == "Confirm it's you"
    assert "Nothing has been saved yet" in page.get_text()
    assert "submit the form again" in page.get_text()


def test_after_confirming_the_decision_goes_through(client, proposed, decider):
    device = signed_in_with_code(client, decider)
    code_minutes_ago(client, 16)
    url = decide_url(proposed)
    confirm = client.get(url)["Location"]

    back = client.post(confirm, {"code": code_for(device, step_offset=1)})

    assert back["Location"] == url
    assert client.get(url).status_code == 200
    response = client.post(url, REFUSAL)
    assert response["Location"] == f"/staff/restrictions/{proposed.reference}/"
    proposed.refresh_from_db()
    assert proposed.status == RestrictionStatus.REFUSED


def test_a_code_from_sign_in_a_few_minutes_ago_is_fresh_enough(client, proposed, decider):
    signed_in_with_code(client, decider)
    code_minutes_ago(client, 14)
    client.post(decide_url(proposed), REFUSAL)
    proposed.refresh_from_db()
    assert proposed.status == RestrictionStatus.REFUSED


def test_the_number_of_minutes_is_a_setting(client, settings, proposed, decider):
    settings.FRESH_CODE_MINUTES = 5
    signed_in_with_code(client, decider)
    code_minutes_ago(client, 6)
    assert client.get(decide_url(proposed))["Location"].startswith(CONFIRM)


def test_someone_who_may_not_decide_is_refused_before_being_asked_for_a_code(
    client, proposed, housing
):
    manager = manager_of(housing, "other.manager")
    signed_in_with_code(client, manager)
    code_minutes_ago(client, 60)
    assert client.get(decide_url(proposed)).status_code == 403


def test_no_fresh_code_is_asked_for_when_two_factor_is_off(client, settings, proposed, decider):
    settings.TWO_FACTOR_REQUIRED = False
    client.force_login(decider)
    assert client.get(decide_url(proposed)).status_code == 200
    client.post(decide_url(proposed), REFUSAL)
    proposed.refresh_from_db()
    assert proposed.status == RestrictionStatus.REFUSED


# Issuing a letter --------------------------------------------------------------------


def test_a_letter_sent_with_a_stale_code_is_not_issued(client, active, issuing_manager, fast_pdf):
    signed_in_with_code(client, issuing_manager)
    code_minutes_ago(client, 16)

    response = client.post(letter_url(active))

    assert response["Location"].startswith(f"{CONFIRM}?next=")
    assert not Letter.objects.exists()
    assert client.get(letter_url(active))["Location"].startswith(CONFIRM)


def test_a_letter_is_issued_with_a_fresh_code(client, active, issuing_manager, fast_pdf):
    device = signed_in_with_code(client, issuing_manager)
    code_minutes_ago(client, 16)
    client.post(CONFIRM, {"code": code_for(device, step_offset=1), "next": letter_url(active)})

    response = client.post(letter_url(active))

    letter = Letter.objects.get()
    assert response["Location"] == f"/staff/letters/{letter.reference}/"


# Resetting a second factor -------------------------------------------------------------


def test_a_reset_sent_with_a_stale_code_removes_nothing(client, superuser):
    target = UserFactory(username="lost.phone", roles=["Manager"])
    enrolled(target)
    signed_in_with_code(client, superuser)
    code_minutes_ago(client, 16)

    response = client.post(RESET, {"username": "lost.phone", "confirm": "on"})

    assert response["Location"] == f"{CONFIRM}?next=%2Fstaff%2Ftwo-factor%2Freset%2F"
    assert target.totpdevice_set.exists()
    assert not AuditEvent.objects.filter(object_type="user").exists()


# The "Confirm it's you" page ------------------------------------------------------------


def test_the_confirm_page_refuses_a_wrong_code_and_stays_stale(client, proposed, decider, soup):
    device = signed_in_with_code(client, decider)
    code_minutes_ago(client, 16)
    wrong = f"{(int(code_for(device, step_offset=1)) + 1) % 1_000_000:06d}"

    response = client.post(CONFIRM, {"code": wrong, "next": decide_url(proposed)})

    assert response.status_code == 200
    assert "That code is not right" in error_text(soup, response)
    assert client.get(decide_url(proposed))["Location"].startswith(CONFIRM)


def test_the_confirm_page_takes_a_backup_code(client, proposed, decider):
    signed_in_with_code(client, decider)
    code_minutes_ago(client, 16)
    response = client.post(CONFIRM, {"code": "abcd2345", "next": decide_url(proposed)})
    assert response["Location"] == decide_url(proposed)


@pytest.mark.parametrize(
    "unsafe", ["https://elsewhere.example/", "//elsewhere.example/", "javascript:alert(1)"]
)
def test_the_confirm_page_ignores_unsafe_next_addresses(client, decider, unsafe):
    device = signed_in_with_code(client, decider)
    code_minutes_ago(client, 16)
    response = client.post(CONFIRM, {"code": code_for(device, step_offset=1), "next": unsafe})
    assert response["Location"] == "/staff/"


def test_the_confirm_page_sends_back_at_once_when_the_code_is_recent(client, decider):
    signed_in_with_code(client, decider)
    assert client.get(f"{CONFIRM}?next=/staff/queue/")["Location"] == "/staff/queue/"


def test_the_confirm_page_sends_plain_staff_back(client):
    client.force_login(UserFactory(roles=["Staff"]))
    assert client.get(f"{CONFIRM}?next=/staff/my-reports/")["Location"] == "/staff/my-reports/"


def test_the_confirm_page_asks_an_unverified_session_for_the_sign_in_code_first(client, decider):
    enrolled(decider)
    client.force_login(decider)
    response = client.get(f"{CONFIRM}?next=/staff/")
    assert response["Location"].startswith("/staff/two-factor/?next=")


def test_the_confirm_page_asks_anonymous_visitors_to_sign_in(client):
    assert client.get(CONFIRM)["Location"].startswith("/staff/sign-in/")
