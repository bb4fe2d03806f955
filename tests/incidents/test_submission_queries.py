"""Sending the report form asks the database a small, fixed number of questions.

A report is sent many times a day, and each query is a round trip inside the request's
transaction while the customer's row (and, on PostgreSQL, the head of the audit chain)
is locked. These tests post the answers the benchmark posts (tests/bench/report_data.py)
about a new customer, about a customer on our records and about someone unknown, with
and without evidence, and count the queries the whole request makes, from the session
to the redirect. They also check that the report still saves, audits and e-mails what
it did.
"""

import datetime

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reporting.access.chain import GENESIS, event_digest
from reporting.access.models import AuditEvent
from reporting.customers.models import Customer
from reporting.incidents.models import BehaviourCategory, Evidence, Incident
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REPORT = "/staff/incidents/new/"
MOST_QUERIES = 15

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
PDF = (
    b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def evidence_dir(tmp_path, monkeypatch):
    folder = tmp_path / "evidence"
    field = Evidence._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=folder))
    return folder


@pytest.fixture
def area():
    return ServiceAreaFactory(name="Housing")


@pytest.fixture
def reporter(client):
    user = UserFactory(username="frontline", roles=["Staff"])
    client.force_login(user)
    # Opening the form first, as anyone sending it has, winds the session's idle clock.
    assert client.get(REPORT).status_code == 200
    return user


@pytest.fixture
def people(area):
    """Two managers of the service and two people in health and safety (one has left):
    the e-mails go to three addresses when the incident needs health and safety."""
    managers = [manager_of(area, "manager-a"), manager_of(area, "manager-b")]
    manager_of(ServiceAreaFactory(name="Parks"), "manager-parks")
    safety = UserFactory(username="safety", roles=["Health and safety"])
    UserFactory(username="left", roles=["Health and safety"], is_active=False)
    return {"managers": managers, "safety": safety}


def answers(area, **changes):
    """The benchmark's report (about someone unknown); ``changes`` replace answers."""
    day = timezone.localdate() - datetime.timedelta(days=1)
    data = {
        "who": "unknown",
        "unknown_description": "Tall man in a red coat.",
        "occurred_on_0": str(day.day),
        "occurred_on_1": str(day.month),
        "occurred_on_2": str(day.year),
        "occurred_time": "14:30",
        "service_area": str(area.pk),
        "location_kind": "site",
        "site": "Civic Offices reception",
        "channel": "face_to_face",
        "categories": [str(BehaviourCategory.objects.get(name="Threats").pk)],
        "description": "Shouted at the receptionist and would not leave.",
        "injury": "no",
        "violence": "no",
        "police_informed": "no",
        "riddor_reportable": "no",
        "safeguarding_concern": "no",
        "action": "send",
    }
    data.update(changes)
    return data


def new_customer(area, **changes):
    return answers(
        area,
        who="new",
        first_name="Jo",
        last_name="Bloggs",
        postcode="ab1 2cd",
        address="1 High Street, Anytown",
        email="jo@example.com",
        telephone="01632 960 001",
        **changes,
    )


def evidence():
    return [
        SimpleUploadedFile("photo.png", PNG, content_type="image/png"),
        SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf"),
    ]


def counted(queries):
    """The statements that are a round trip of their own. Savepoints (and their release)
    are left out: pytest-django runs each test in a transaction, which turns the
    request's own atomic blocks into savepoints that a served request would not make in
    the same places, so counting them would measure the test harness."""
    return [
        query["sql"]
        for query in queries
        if not query["sql"].upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def post_counting(client, data, django_capture_on_commit_callbacks):
    # What runs once the request's transaction commits is part of the request too.
    with (
        CaptureQueriesContext(connection) as captured,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(REPORT, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response, counted(captured.captured_queries)


def assert_few(queries, most=MOST_QUERIES):
    listing = "\n".join(f"{n:>2}. {sql}" for n, sql in enumerate(queries, 1))
    assert len(queries) <= most, f"{len(queries)} queries (at most {most}):\n{listing}"


def assert_chain_unbroken():
    previous = GENESIS
    for event in AuditEvent.objects.order_by("pk"):
        assert event.previous_hash == previous
        assert event.event_hash == event_digest(event, previous)
        previous = event.event_hash


def recipients(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


@pytest.mark.parametrize("with_evidence", [False, True], ids=["no-evidence", "evidence"])
def test_a_report_about_a_new_customer(
    client, reporter, area, people, mailoutbox, django_capture_on_commit_callbacks, with_evidence
):
    data = new_customer(area, evidence=evidence()) if with_evidence else new_customer(area)
    response, queries = post_counting(client, data, django_capture_on_commit_callbacks)
    # The most a report asks: the session, the user and their roles; the service and the
    # kinds of behaviour chosen; the customer and the incident, each inserted then given
    # its reference; the kinds of behaviour and the evidence, an insert each; the month's
    # tallies, one statement; the head of the audit chain and the two events; whom to
    # e-mail. (The session is saved only when its idle clock is wound, once a minute at
    # most.) PostgreSQL also takes the chain's lock, one statement more: with evidence
    # that makes 16.
    chain_lock = 1 if connection.vendor == "postgresql" else 0
    assert_few(queries, most=MOST_QUERIES + chain_lock if with_evidence else MOST_QUERIES)

    incident = Incident.objects.get()
    customer = Customer.objects.get()
    assert response["Location"] == f"/staff/incidents/{incident.reference}/submitted/"
    assert (incident.customer, incident.reported_by, incident.service_area) == (
        customer,
        reporter,
        area,
    )
    assert (customer.first_name, customer.postcode, customer.created_by) == (
        "Jo",
        "AB1 2CD",
        reporter,
    )
    assert [c.name for c in incident.categories.all()] == ["Threats"]
    files = 2 if with_evidence else 0
    assert Evidence.objects.filter(incident=incident, uploaded_by=reporter).count() == files

    events = list(AuditEvent.objects.order_by("pk"))
    assert [(e.action, e.object_type, e.object_id, e.actor) for e in events] == [
        ("create", "incident", incident.pk, reporter),
        ("create", "customer", customer.pk, reporter),
    ]
    assert events[0].note == f"Reported with {files} evidence file{'' if files == 1 else 's'}"
    assert events[1].note == f"Added when {incident.reference} was reported"
    assert {e.subject_reference for e in events} == {customer.reference}
    assert events[0].object_reference == incident.reference
    assert events[1].object_reference == customer.reference
    assert_chain_unbroken()

    # A threat: the service's two managers and the one active member of health and safety.
    assert recipients(mailoutbox) == sorted(
        [*(m.email for m in people["managers"]), people["safety"].email]
    )
    assert all(len(message.to) == 1 for message in mailoutbox)
    assert all(incident.reference in message.subject for message in mailoutbox)


def test_a_report_about_a_customer_on_our_records(
    client, reporter, area, people, mailoutbox, django_capture_on_commit_callbacks
):
    customer = CustomerFactory(first_name="Alex", last_name="Morgan")
    data = answers(
        area,
        who="existing",
        customer_search="Alex Morgan",
        customer=str(customer.pk),
    )
    _, queries = post_counting(client, data, django_capture_on_commit_callbacks)
    assert_few(queries)
    # The person's row is locked before the incident about them is written.
    if connection.vendor == "postgresql":
        assert any("FOR UPDATE" in sql and "customers_customer" in sql for sql in queries)

    incident = Incident.objects.get()
    assert incident.customer == customer
    assert Customer.objects.count() == 1
    events = list(AuditEvent.objects.filter(action="create").order_by("pk"))
    assert [(e.object_type, e.object_id, e.subject_reference) for e in events] == [
        ("incident", incident.pk, customer.reference)
    ]
    assert events[0].note == "Reported with 0 evidence files"
    assert AuditEvent.objects.count() == 1
    assert_chain_unbroken()
    assert len(mailoutbox) == 3


@pytest.mark.parametrize("with_evidence", [False, True], ids=["no-evidence", "evidence"])
def test_the_benchmark_report_about_someone_unknown(
    client,
    reporter,
    area,
    people,
    mailoutbox,
    django_capture_on_commit_callbacks,
    with_evidence,
):
    data = answers(area, categories=[verbal_abuse()])
    if with_evidence:
        data["evidence"] = evidence()
    _, queries = post_counting(client, data, django_capture_on_commit_callbacks)
    assert_few(queries)
    incident = Incident.objects.get()
    assert incident.unknown_person_description == "Tall man in a red coat."
    assert incident.customer is None
    assert incident.evidence.count() == (2 if with_evidence else 0)
    assert [(e.object_type, e.subject_reference) for e in AuditEvent.objects.all()] == [
        ("incident", "")
    ]
    # Not a threat: the managers only.
    assert recipients(mailoutbox) == sorted(m.email for m in people["managers"])


def verbal_abuse():
    return str(BehaviourCategory.objects.get(name="Verbal abuse or intimidation").pk)
