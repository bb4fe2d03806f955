"""Sending issued letters through GOV.UK Notify, and recording how they went.

The official client talks to a stand-in for Notify's API on a local port
(notify_server.py), which checks each request's JWT and shape as Notify does. Nothing
here replaces the client."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from policy_pages.models import RestrictionType
from reporting.access.enums import AuditAction
from reporting.access.models import AuditEvent
from reporting.access.permissions import StaffAccess
from reporting.customers.enums import PreferredChannel
from reporting.letters.enums import DeliveryChannel, DeliveryStatus, LetterType
from reporting.letters.models import Letter, LetterDelivery
from reporting.letters.services import issue_letter
from reporting.staff.task_lists import tasks_for
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory
from tests.letters import notify_server
from tests.letters.factories import cite_policy
from tests.restrictions.factories import RestrictionFactory
from tests.worker import database_tasks, run_worker

pytestmark = pytest.mark.django_db

CALLBACK = "/notify/callbacks/delivery/"
TOKEN = "callback-token-kept-in-notify-and-here"


@pytest.fixture
def fake_notify():
    server = notify_server.FakeNotify()
    yield server
    server.stop()


@pytest.fixture
def with_notify(settings, fake_notify):
    settings.NOTIFY_API_KEY = notify_server.API_KEY
    settings.NOTIFY_BASE_URL = fake_notify.url
    settings.NOTIFY_EMAIL_TEMPLATE_ID = notify_server.EMAIL_TEMPLATE_ID
    settings.NOTIFY_CALLBACK_TOKEN = TOKEN
    settings.NOTIFY_LETTER_POSTAGE = "first"
    settings.NOTIFY_FILE_RETENTION_WEEKS = 26
    return fake_notify


@pytest.fixture
def without_notify(settings, fake_notify):
    """No key; the base URL still points at the stand-in, to show nothing reaches it."""
    settings.NOTIFY_API_KEY = ""
    settings.NOTIFY_BASE_URL = fake_notify.url
    settings.NOTIFY_CALLBACK_TOKEN = ""
    return fake_notify


@pytest.fixture
def manager(housing):
    return manager_of(housing, username="housing.manager")


@pytest.fixture
def customer(housing):
    person = CustomerFactory(
        first_name="Morwenna",
        last_name="Pascoe",
        address="4 Quarry Lane\nFernhollow",
        postcode="FH3 9QT",
        email="morwenna@example.org",
    )
    IncidentFactory(customer=person, service_area=housing)
    return person


@pytest.fixture
def restriction(customer, housing):
    restriction = RestrictionFactory(
        customer=customer,
        types=[RestrictionType.objects.get(name="Contact in writing only")],
        incidents=list(customer.incidents.all()),
    )
    restriction.service_areas.set([housing])
    return restriction


@pytest.fixture
def issue(django_capture_on_commit_callbacks, manager, restriction, fast_pdf):
    """Issue the restriction letter as the staff page does, running what waits for the
    commit (the sending) as a real commit would."""
    cite_policy()

    def issue_it():
        with django_capture_on_commit_callbacks(execute=True):
            letter = issue_letter(LetterType.RESTRICTION, restriction=restriction, by=manager)
        return Letter.objects.get(pk=letter.pk)

    return issue_it


def stored_bytes(letter):
    with letter.pdf.open("rb") as stored:
        return stored.read()


def callback(client, body, token=TOKEN):
    """POST as Notify does: no session and no CSRF token, so CSRF checks are enforced."""
    notify_client = Client(enforce_csrf_checks=True)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token is not None else {}
    return notify_client.post(
        CALLBACK, json.dumps(body), content_type="application/json", **headers
    )


def notify_body(delivery, status, **extra):
    return {
        "id": delivery.notify_id,
        "reference": delivery.letter.reference,
        "to": "4 Quarry Lane",
        "status": status,
        "created_at": "2026-11-30T10:00:00.000000Z",
        "completed_at": "2026-11-30T15:04:05.000000Z",
        "sent_at": "2026-11-30T10:01:00.000000Z",
        "notification_type": "letter",
        **extra,
    }


def delivery_rows(soup, response):
    section = soup(response).find(id="delivery").find_next("dl")
    return {
        row.find("dt").get_text(" ", strip=True): row.find("dd").get_text(" ", strip=True)
        for row in section.find_all(class_="govuk-summary-list__row")
    }


def task_rows(manager, key):
    (tasks,) = [t for t in tasks_for(StaffAccess(manager)) if t.key == key]
    return [row.reference for row in tasks.rows]


# Sending ------------------------------------------------------------------------------


def test_issuing_posts_the_letter_through_notify_as_the_stored_pdf(
    client, soup, with_notify, issue, manager
):
    letter = issue()

    (sent,) = with_notify.received
    assert sent.path == "/v2/notifications/letter"
    assert sent.claims["iss"] == notify_server.SERVICE_ID
    assert abs(sent.claims["iat"] - timezone.now().timestamp()) < 30
    assert sent.body["reference"] == letter.reference
    assert sent.body["postage"] == "first"
    assert sent.pdf() == stored_bytes(letter)
    delivery = letter.delivery
    assert delivery.channel == DeliveryChannel.NOTIFY_POST
    assert delivery.status == DeliveryStatus.SENDING
    assert delivery.notify_id == sent.answer["id"]
    assert delivery.notify_reference == letter.reference
    assert AuditEvent.objects.filter(
        object_reference=letter.reference, note="Sent by post through GOV.UK Notify"
    ).exists()

    client.force_login(manager)
    rows = delivery_rows(soup, client.get(f"/staff/letters/{letter.reference}/"))
    assert rows["Status"].startswith("With GOV.UK Notify")
    assert rows["How"] == "By post, through GOV.UK Notify"
    assert sent.answer["id"] in rows["GOV.UK Notify"]


def test_a_person_who_asked_for_email_gets_a_link_to_the_letter(with_notify, issue, customer):
    customer.preferred_channel = PreferredChannel.EMAIL
    customer.save()
    letter = issue()

    (sent,) = with_notify.received
    assert sent.path == "/v2/notifications/email"
    assert sent.body["email_address"] == "morwenna@example.org"
    assert sent.body["template_id"] == notify_server.EMAIL_TEMPLATE_ID
    assert sent.body["reference"] == letter.reference
    fields = sent.body["personalisation"]
    assert fields["letter_reference"] == letter.reference
    assert fields["council_name"] == "Fernhollow District Council"
    assert fields["link_to_letter"]["confirm_email_before_download"] is True
    assert fields["link_to_letter"]["retention_period"] == "26 weeks"
    assert fields["link_to_letter"]["filename"] == f"{letter.reference}.pdf"
    assert sent.pdf() == stored_bytes(letter)
    assert letter.delivery.channel == DeliveryChannel.NOTIFY_EMAIL
    assert letter.delivery.notify_id == sent.answer["id"]


def test_without_an_email_template_an_email_person_still_gets_the_letter_by_post(
    settings, with_notify, issue, customer
):
    settings.NOTIFY_EMAIL_TEMPLATE_ID = ""
    customer.preferred_channel = PreferredChannel.EMAIL
    customer.save()
    issue()
    (sent,) = with_notify.received
    assert sent.path == "/v2/notifications/letter"


def test_a_request_signed_with_the_wrong_key_is_refused_and_the_letter_stays_issued(
    client, soup, settings, with_notify, issue, manager
):
    settings.NOTIFY_API_KEY = (
        f"safecontact_test-{notify_server.SERVICE_ID}-00000000-0000-4000-8000-000000000000"
    )
    letter = issue()

    assert with_notify.received == []
    assert [status for _, status, _ in with_notify.refusals] == [403]
    delivery = letter.delivery
    assert delivery.status == DeliveryStatus.FAILED
    assert "GOV.UK Notify refused it (403)" in delivery.failure
    assert letter.reference in task_rows(manager, "letters_not_delivered")
    client.force_login(manager)
    response = client.get(f"/staff/letters/{letter.reference}/")
    rows = delivery_rows(soup, response)
    assert rows["Status"] == "Not delivered since " + timezone.localtime(
        delivery.status_at
    ).strftime("%-d %B %Y, %H:%M")
    assert "refused it (403)" in rows["What went wrong"]
    assert soup(response).find("form", action=f"/staff/letters/{letter.reference}/posted/")


def test_a_refusal_from_notify_is_kept_with_its_message(with_notify, issue, manager):
    with_notify.refuse_with = (
        400,
        "BadRequestError",
        "Can't send to this recipient using a team-only API key",
    )
    letter = issue()
    assert letter.delivery.status == DeliveryStatus.FAILED
    assert "team-only API key" in letter.delivery.failure
    assert Letter.objects.count() == 1


def test_an_email_letter_with_no_email_template_nor_address_is_flagged_not_sent(
    settings, with_notify, issue, customer, manager
):
    settings.NOTIFY_EMAIL_TEMPLATE_ID = ""
    customer.preferred_channel = PreferredChannel.EMAIL
    customer.address = ""
    customer.postcode = ""
    customer.save()
    letter = issue()
    assert with_notify.received == []
    assert letter.delivery.status == DeliveryStatus.FAILED
    assert "no postal address" in letter.delivery.failure
    assert task_rows(manager, "letters_not_delivered") == [letter.reference]


def test_with_the_database_queue_the_worker_sends_it_after_the_issue(with_notify, issue, manager):
    with database_tasks():
        letter = issue()
        assert with_notify.received == []
        assert letter.delivery.status == DeliveryStatus.QUEUED
        run_worker()
    (sent,) = with_notify.received
    assert sent.body["reference"] == letter.reference
    delivery = Letter.objects.get(pk=letter.pk).delivery
    assert (delivery.status, delivery.notify_id) == (DeliveryStatus.SENDING, sent.answer["id"])


def test_a_pdf_changed_before_sending_never_leaves(with_notify, issue, manager):
    with database_tasks():
        letter = issue()
        path = letter.pdf.path
        with open(path, "ab") as stored:
            stored.write(b"% changed after issue\n")
        run_worker()
    assert with_notify.received == []
    delivery = Letter.objects.get(pk=letter.pk).delivery
    assert delivery.status == DeliveryStatus.FAILED
    assert "no longer matches" in delivery.failure
    assert AuditEvent.objects.filter(
        object_reference=letter.reference, action=AuditAction.INTEGRITY_FAILURE
    ).exists()
    assert task_rows(manager, "letters_not_delivered") == [letter.reference]


def test_an_issue_that_rolls_back_sends_nothing(
    django_capture_on_commit_callbacks, with_notify, manager, restriction, fast_pdf
):
    cite_policy()

    def issue_then_fail():
        with transaction.atomic():
            issue_letter(LetterType.RESTRICTION, restriction=restriction, by=manager)
            raise RuntimeError("something later in the request failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        issue_then_fail()
    assert with_notify.received == []
    assert Letter.objects.count() == 0


# Callbacks ----------------------------------------------------------------------------


def test_a_callback_with_the_token_moves_the_delivery_on(
    client, soup, with_notify, issue, manager
):
    letter = issue()
    delivery = letter.delivery

    response = callback(client, notify_body(delivery, "received"))

    assert response.status_code == 200
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RECEIVED
    assert delivery.notify_status == "received"
    assert delivery.status_at == datetime.datetime(2026, 11, 30, 15, 4, 5, tzinfo=datetime.UTC)
    assert AuditEvent.objects.filter(
        object_reference=letter.reference,
        action=AuditAction.CHANGE,
        note__startswith="GOV.UK Notify: printed and posted",
    ).exists()
    client.force_login(manager)
    rows = delivery_rows(soup, client.get(f"/staff/letters/{letter.reference}/"))
    assert rows["Status"].startswith("Printed and posted by GOV.UK Notify")


def test_a_callback_without_the_right_token_is_refused_and_changes_nothing(
    client, with_notify, issue
):
    delivery = issue().delivery
    events = AuditEvent.objects.count()
    for token in ("wrong-token", "", None, TOKEN[:-1]):
        response = callback(client, notify_body(delivery, "permanent-failure"), token=token)
        assert response.status_code == 401
    response = client.post(
        CALLBACK,
        json.dumps(notify_body(delivery, "permanent-failure")),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {TOKEN}",
    )
    assert response.status_code == 401
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENDING
    assert AuditEvent.objects.count() == events


def test_with_no_callback_token_set_every_callback_is_refused(
    client, settings, with_notify, issue
):
    delivery = issue().delivery
    settings.NOTIFY_CALLBACK_TOKEN = ""
    assert callback(client, notify_body(delivery, "delivered"), token="").status_code == 401
    assert callback(client, notify_body(delivery, "delivered")).status_code == 401
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENDING


def test_unknown_notifications_are_answered_and_malformed_bodies_refused(
    client, with_notify, issue
):
    delivery = issue().delivery
    unknown = notify_body(delivery, "delivered", id="11111111-2222-4333-8444-555555555555")
    response = callback(client, unknown)
    assert response.status_code == 200
    assert response.json() == {"recorded": False}
    for body in (
        notify_body(delivery, "lost-in-the-post"),
        notify_body(delivery, "delivered", id="FDC-2026-00001"),
        ["not", "an", "object"],
    ):
        assert callback(client, body).status_code == 400
    assert (
        client.post(
            CALLBACK,
            "{not json",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
        ).status_code
        == 400
    )
    assert client.get(CALLBACK, HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 405
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENDING


def test_a_late_or_repeated_callback_changes_nothing(client, with_notify, issue):
    delivery = issue().delivery
    callback(client, notify_body(delivery, "received"))
    events = AuditEvent.objects.count()
    assert callback(client, notify_body(delivery, "accepted")).status_code == 200
    assert callback(client, notify_body(delivery, "received")).status_code == 200
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RECEIVED
    assert AuditEvent.objects.count() == events


def test_a_failed_delivery_waits_in_the_managers_tasks_until_posted_by_hand(
    client, soup, with_notify, issue, manager
):
    letter = issue()
    delivery = letter.delivery
    assert letter.reference not in task_rows(manager, "letters_not_delivered")

    callback(client, notify_body(delivery, "validation-failed"))

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert "Notify's letter specification" in delivery.failure
    assert task_rows(manager, "letters_not_delivered") == [letter.reference]
    client.force_login(manager)
    home = soup(client.get("/staff/"))
    section = home.find(id="tasks-letters_not_delivered").find_parent("section")
    assert letter.reference in section.get_text()
    page = client.get(f"/staff/letters/{letter.reference}/")
    assert "has not reached the person" in soup(page).get_text()

    today = timezone.localdate()
    response = client.post(
        f"/staff/letters/{letter.reference}/posted/",
        {"posted_on_0": today.day, "posted_on_1": today.month, "posted_on_2": today.year},
    )
    assert response.status_code == 302
    assert task_rows(manager, "letters_not_delivered") == []
    latest = Letter.objects.get(pk=letter.pk).delivery
    assert (latest.channel, latest.status, latest.posted_on) == (
        DeliveryChannel.BY_HAND,
        DeliveryStatus.POSTED,
        today,
    )
    assert letter.deliveries.count() == 2


def test_a_returned_letter_comes_back_to_the_managers_tasks(client, with_notify, issue, manager):
    letter = issue()
    delivery = letter.delivery
    callback(client, notify_body(delivery, "received"))
    response = callback(
        client,
        {
            "notification_id": delivery.notify_id,
            "reference": letter.reference,
            "date_sent": "2026-11-30",
        },
    )
    assert response.status_code == 200
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETURNED
    assert "Royal Mail returned" in delivery.failure
    assert task_rows(manager, "letters_not_delivered") == [letter.reference]
    other = manager_of(ServiceAreaFactory(name="Libraries"), "libraries.manager")
    assert task_rows(other, "letters_not_delivered") == []


def test_letters_whose_callback_went_astray_are_asked_about(client, with_notify, issue, manager):
    letter = issue()
    delivery = letter.delivery
    LetterDelivery.objects.filter(pk=delivery.pk).update(
        status_at=timezone.now() - datetime.timedelta(days=2)
    )
    with_notify.statuses[delivery.notify_id] = "permanent-failure"

    out = io.StringIO()
    call_command("check_letter_deliveries", stdout=out)

    assert "Asked GOV.UK Notify about 1 letters; 1 moved on." in out.getvalue()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.status_at == datetime.datetime(2026, 11, 30, 16, 0, tzinfo=datetime.UTC)
    assert task_rows(manager, "letters_not_delivered") == [letter.reference]
    # Asked again, it is no longer with Notify: nothing more is asked.
    call_command("check_letter_deliveries", stdout=out)
    assert "about 0 letters" in out.getvalue()


# Without Notify -----------------------------------------------------------------------


def test_without_a_key_nothing_is_sent_and_staff_record_the_posting(
    client, soup, without_notify, issue, manager
):
    letter = issue()
    assert without_notify.received == []
    assert without_notify.refusals == []
    assert letter.deliveries.count() == 0

    client.force_login(manager)
    # Nothing goes through Notify, so nothing can fail there: no such list on the home.
    assert soup(client.get("/staff/")).find(id="tasks-letters_not_delivered") is None
    page = soup(client.get(f"/staff/letters/{letter.reference}/"))
    assert "Not recorded as sent" in page.get_text()
    form = page.find("form", action=f"/staff/letters/{letter.reference}/posted/")
    assert form is not None

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        f"/staff/letters/{letter.reference}/posted/",
        {
            "posted_on_0": yesterday.day,
            "posted_on_1": yesterday.month,
            "posted_on_2": yesterday.year,
        },
    )
    # Issued today: it cannot have gone yesterday.
    assert response.status_code == 400
    assert "before it was issued" in soup(response).find(class_="govuk-error-summary").get_text()
    assert letter.deliveries.count() == 0

    today = timezone.localdate()
    response = client.post(
        f"/staff/letters/{letter.reference}/posted/",
        {"posted_on_0": today.day, "posted_on_1": today.month, "posted_on_2": today.year},
        follow=True,
    )
    assert "is recorded as posted" in soup(response).get_text()
    rows = delivery_rows(soup, response)
    assert rows["Status"] == "Posted"
    assert rows["How"] == "Posted by staff"
    assert rows["Posted on"].startswith(f"{today.day} {today:%B %Y}, recorded by")
    assert AuditEvent.objects.filter(
        object_reference=letter.reference,
        actor=manager,
        action=AuditAction.CHANGE,
        note__startswith="Recorded as posted on",
    ).exists()
    # Once posted, there is nothing more to record.
    assert not soup(response).find("form", action=f"/staff/letters/{letter.reference}/posted/")
    again = client.post(
        f"/staff/letters/{letter.reference}/posted/",
        {"posted_on_0": today.day, "posted_on_1": today.month, "posted_on_2": today.year},
    )
    assert again.status_code == 403
    assert letter.deliveries.count() == 1


def test_recording_a_posting_is_refused_to_those_who_cannot_issue_the_letter(
    client, soup, without_notify, issue
):
    letter = issue()
    url = f"/staff/letters/{letter.reference}/posted/"
    today = timezone.localdate()
    data = {"posted_on_0": today.day, "posted_on_1": today.month, "posted_on_2": today.year}
    strangers = [
        UserFactory(username="frontline", roles=["Staff"]),
        manager_of(ServiceAreaFactory(name="Libraries"), "libraries.manager"),
    ]
    for user in strangers:
        client.force_login(user)
        response = client.post(url, data)
        assert response.status_code == 404
        assert b"Pascoe" not in response.content
    decider = UserFactory(username="decider", roles=["Decision maker"])
    client.force_login(decider)
    assert client.post(url, data).status_code == 403
    page = soup(client.get(f"/staff/letters/{letter.reference}/"))
    assert "Not recorded as sent" in page.get_text()
    assert page.find("form", action=url) is None
    client.logout()
    assert client.post(url, data).status_code == 302  # to the sign-in page
    assert LetterDelivery.objects.count() == 0
