"""Information governance reads the audit trail: filtered, paged, newest first, and as
CSV. Nobody else may, and every reading is itself recorded."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from reporting.access import audit
from reporting.access.enums import AuditAction
from reporting.access.models import AuditEvent
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory

pytestmark = pytest.mark.django_db

URL = "/staff/audit/"
CSV_URL = "/staff/audit/events.csv"


@pytest.fixture
def ig(client):
    user = UserFactory(username="ig", roles=["Information governance"])
    client.force_login(user)
    return user


@pytest.fixture
def trail():
    """A few events by two staff members about two people."""
    alex = UserFactory(username="alex", roles=["Staff"])
    blair = UserFactory(username="blair", roles=["Manager"])
    # Fixed surnames: a generated one can sit inside the trail's own words ("Chan" in
    # "Changed"), which would make the no-names checks below fail for no reason.
    first = CustomerFactory(first_name="Morwenna", last_name="Trevethick")
    second = CustomerFactory(first_name="Idris", last_name="Pengelly")
    incident = IncidentFactory(customer=first)
    audit.record(actor=alex, action=AuditAction.VIEW, obj=first)
    audit.record(actor=blair, action=AuditAction.CHANGE, obj=incident, note="Triage saved")
    audit.record(actor=blair, action=AuditAction.VIEW, obj=second)
    return {"alex": alex, "blair": blair, "first": first, "second": second, "incident": incident}


def _rows(response):
    return response.context["events"]


def test_information_governance_reads_every_event_newest_first(client, ig, trail):
    response = client.get(URL)
    assert response.status_code == 200
    events = _rows(response)
    assert [event.action for event in events] == ["view", "change", "view"]
    assert events[0].object_reference == trail["second"].reference
    content = response.content.decode()
    assert "Triage saved" in content
    assert trail["incident"].reference in content
    # The page shows references and usernames, never the person's name.
    assert trail["first"].last_name not in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("subject={first}", 2),  # the customer record and the incident about them
        ("subject={first_lower}", 2),
        ("actor=blair", 2),
        ("actor=ALEX", 1),
        ("record={incident}", 1),
        ("action=change", 1),
        ("action=view&actor=blair", 1),
    ],
)
def test_filters_narrow_the_events(client, ig, trail, query, expected):
    query = query.format(
        first=trail["first"].reference,
        first_lower=trail["first"].reference.lower(),
        incident=trail["incident"].reference,
    )
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert len(_rows(response)) == expected


def test_dates_narrow_the_events(client, ig, trail):
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    on = f"at_from_0={today.day}&at_from_1={today.month}&at_from_2={today.year}"
    response = client.get(f"{URL}?{on}")
    assert len(_rows(response)) == 3
    later = f"at_from_0={tomorrow.day}&at_from_1={tomorrow.month}&at_from_2={tomorrow.year}"
    response = client.get(f"{URL}?{later}")
    assert len(_rows(response)) == 0
    assert b"No events match these filters" in response.content


def test_a_wrong_date_is_explained_and_left_out(client, ig, trail):
    response = client.get(f"{URL}?at_to_0=31&at_to_1=2&at_to_2=2026")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert len(_rows(response)) == 3


def test_reading_the_trail_is_recorded_with_the_filters(client, ig, trail):
    reference = trail["first"].reference
    client.get(f"{URL}?subject={reference}&action=view")
    event = AuditEvent.objects.filter(action=AuditAction.READ_TRAIL).get()
    assert event.actor == ig
    assert event.object_type == "user"
    assert event.object_id == ig.pk
    assert event.subject_reference == reference
    assert event.note == f"Read page 1; person {reference}; action view"


def test_the_trail_pages(client, ig):
    user = UserFactory(username="busy", roles=["Staff"])
    audit.record_many(
        actor=user, action=AuditAction.VIEW, objects=[CustomerFactory() for _ in range(55)]
    )
    first = client.get(f"{URL}?actor=busy")
    assert len(_rows(first)) == 50
    assert "actor=busy" in first.context["pagination"]["next"]
    second = client.get(f"{URL}?actor=busy&page=2")
    assert len(_rows(second)) == 5


def test_the_page_asks_a_bounded_number_of_queries(client, ig, django_assert_max_num_queries):
    user = UserFactory(username="busy", roles=["Staff"])
    incidents = [IncidentFactory() for _ in range(3)]
    audit.record_many(actor=user, action=AuditAction.VIEW, objects=incidents * 10)
    client.get(URL)  # warm caches (site settings and the like)
    # Signing in, the roles, the count, one page of events with their staff members, the
    # reading's own event, and the layout's settings: the same however many rows.
    with django_assert_max_num_queries(20):
        response = client.get(URL)
    assert len(_rows(response)) == 31  # and the first reading


def test_the_csv_holds_the_filtered_events_and_is_recorded(client, ig, trail):
    response = client.get(f"{CSV_URL}?actor=blair")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:3] == ["When (UTC)", "Staff member", "Action"]
    assert [row[1] for row in rows[1:]] == ["blair", "blair"]
    assert {row[6] for row in rows[1:]} == {trail["first"].reference, trail["second"].reference}
    assert trail["first"].last_name not in content
    event = AuditEvent.objects.filter(action=AuditAction.READ_TRAIL).get()
    assert event.note == "Downloaded as CSV; staff member blair"


def test_a_csv_cell_never_starts_a_formula(client, ig):
    user = UserFactory(username="=cmd", roles=["Staff"])
    audit.record(actor=user, action=AuditAction.VIEW, obj=CustomerFactory())
    response = client.get(CSV_URL)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][1] == "'=cmd"


@pytest.mark.parametrize("url", [URL, CSV_URL])
@pytest.mark.parametrize(
    "roles", [["Staff"], ["Manager"], ["Decision maker"], ["Health and safety"], ["Comms editor"]]
)
def test_nobody_else_reads_the_trail(client, trail, url, roles):
    client.force_login(UserFactory(username="someone", roles=roles))
    assert client.get(url).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.READ_TRAIL).exists()


@pytest.mark.parametrize("url", [URL, CSV_URL])
def test_signed_out_people_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/staff/sign-in/" in response["Location"]


def test_information_governance_finds_the_trail_and_recent_failures_from_home(client, ig):
    customer = CustomerFactory()
    audit.record(
        actor=None, action=AuditAction.INTEGRITY_FAILURE, obj=customer, note="Integrity check"
    )
    response = client.get("/staff/")
    content = response.content.decode()
    assert 'href="/staff/audit/"' in content
    assert "Integrity check failures in the last 30 days" in content
    assert f"/staff/audit/?action=integrity&amp;record={customer.reference}" in content


def test_other_roles_see_no_link_to_the_trail(client):
    client.force_login(UserFactory(username="someone", roles=["Health and safety"]))
    content = client.get("/staff/").content.decode()
    assert 'href="/staff/audit/"' not in content
    assert "Integrity check failures" not in content
