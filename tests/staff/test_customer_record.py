"""The customer record: who may open it, what each opening writes, and its one timeline."""

import datetime

import pytest
from django.utils import timezone

from reporting.access.models import AuditEvent
from reporting.customers.services import merge_customers
from reporting.staff.selectors import TimelineEntry, merge_timeline
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def customer(housing):
    person = CustomerFactory(first_name="Morwenna", last_name="Trelawney", postcode="TR1 2AB")
    IncidentFactory(customer=person, service_area=housing, occurred_at=days_ago(30))
    return person


def url(customer):
    return f"/staff/customers/{customer.reference}/"


@pytest.mark.parametrize("role", ["Health and safety", "Information governance", "Decision maker"])
def test_roles_that_see_every_service_open_any_record(client, customer, role):
    client.force_login(UserFactory(username="reader", roles=[role]))
    response = client.get(url(customer))
    assert response.status_code == 200
    assert b"Morwenna Trelawney" in response.content


def test_a_manager_opens_the_record_of_someone_with_an_incident_in_their_service(
    client, customer, housing
):
    client.force_login(manager_of(housing))
    response = client.get(url(customer))
    assert response.status_code == 200
    assert b"Morwenna Trelawney" in response.content


def test_a_manager_of_another_service_is_told_the_record_does_not_exist(client, customer):
    client.force_login(manager_of(ServiceAreaFactory(name="Libraries")))
    response = client.get(url(customer))
    assert response.status_code == 404
    assert b"Trelawney" not in response.content
    assert b"Morwenna" not in response.content
    assert not AuditEvent.objects.filter(object_type="customer").exists()


def test_frontline_staff_cannot_open_records_even_of_people_they_reported(client, customer):
    reporter = customer.incidents.get().reported_by
    client.force_login(reporter)
    response = client.get(url(customer))
    assert response.status_code == 404
    assert b"Trelawney" not in response.content


def test_a_record_that_does_not_exist_looks_the_same_as_one_you_cannot_open(client, housing):
    client.force_login(manager_of(housing))
    assert client.get("/staff/customers/C-999999/").status_code == 404


def test_accounts_without_a_staff_role_are_refused(client, customer):
    client.force_login(UserFactory(username="editor", roles=["Comms editor"]))
    assert client.get(url(customer)).status_code == 403


def test_visitors_who_are_not_signed_in_are_sent_to_sign_in(client, customer):
    response = client.get(url(customer))
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/")


def test_every_opening_of_the_record_is_audited(client, customer):
    reader = UserFactory(username="reader", roles=["Information governance"])
    client.force_login(reader)
    client.get(url(customer))
    client.get(url(customer))
    events = AuditEvent.objects.filter(object_type="customer", object_id=customer.pk)
    assert events.count() == 2
    assert {(e.actor, e.action, e.object_reference) for e in events} == {
        (reader, "view", customer.reference)
    }


def test_the_record_shows_the_persons_details_in_a_summary_list(client, soup, customer):
    client.force_login(UserFactory(username="reader", roles=["Health and safety"]))
    page = soup(client.get(url(customer)))
    keys = [key.get_text(strip=True) for key in page.select(".govuk-summary-list__key")]
    assert {"Customer reference", "Name", "Postcode"} <= set(keys)
    assert "TR1 2AB" in page.get_text()


def test_the_timeline_lists_incidents_markers_and_merges_newest_first(
    client, soup, customer, housing
):
    from reporting.markers.models import CautionMarker

    older = customer.incidents.get()
    newer = IncidentFactory(customer=customer, service_area=housing, occurred_at=days_ago(2))
    hs = UserFactory(username="hs", roles=["Health and safety"])
    manager = manager_of(housing)
    CautionMarker.objects.create(
        customer=customer,
        incident=older,
        severity="low",
        safety_advice="Visit in pairs.",
        reasons="Threatened a visiting officer.",
        status="active",
        set_by=manager,
        set_at=days_ago(20),
        approved_by=hs,
        approved_at=days_ago(10),
        review_date=timezone.localdate() + datetime.timedelta(days=60),
        person_told=True,
        told_on=timezone.localdate(),
    )
    duplicate = CustomerFactory()
    IncidentFactory(customer=duplicate, service_area=housing, occurred_at=days_ago(40))
    merge_customers(source=duplicate, target=customer, by=hs, reason="Same date of birth")

    client.force_login(hs)
    page = soup(client.get(url(customer)))
    items = page.select("#history + ol > li")
    stamps = [item.select_one("time")["datetime"] for item in items]
    assert stamps == sorted(stamps, reverse=True)
    text = [item.get_text(" ", strip=True) for item in items]
    assert "merged into this one" in text[0]
    assert newer.reference in text[1]
    assert "Caution marker approved" in text[2]
    assert "Caution marker set" in text[3]
    assert older.reference in text[4]
    assert any("Housing" in entry for entry in text)
    assert len(items) == 6  # the duplicate's incident came across with the merge


def test_incident_entries_show_service_categories_and_status(client, soup, customer):
    incident = customer.incidents.get()
    client.force_login(UserFactory(username="hs", roles=["Health and safety"]))
    entry = soup(client.get(url(customer))).select_one("#history + ol > li").get_text(" ")
    assert incident.reference in entry
    assert "Housing" in entry
    assert incident.categories.get().name in entry
    assert "New" in entry


def test_merge_timeline_takes_entries_from_any_number_of_sources():
    at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    first = [TimelineEntry(at, "incident", "a"), TimelineEntry(at.replace(month=5), "x", "b")]
    second = iter([TimelineEntry(at.replace(month=3), "letter", "c")])
    merged = merge_timeline(first, second, [])
    assert [entry.item for entry in merged] == ["b", "c", "a"]
    assert merged[0].template == "staff/timeline/x.html"


def test_a_merged_record_says_where_it_went_with_a_link(client, soup, customer, housing):
    duplicate = CustomerFactory(first_name="M", last_name="Trelawney")
    hs = UserFactory(username="hs", roles=["Health and safety"])
    merge_customers(source=duplicate, target=customer, by=hs, reason="Same person")
    client.force_login(hs)
    page = soup(client.get(url(duplicate)))
    banner = page.select_one(".govuk-notification-banner")
    assert "merged into" in banner.get_text()
    assert banner.select_one("a")["href"] == url(customer)


def test_a_manager_can_still_open_a_record_merged_into_one_in_their_service(
    client, customer, housing
):
    duplicate = CustomerFactory()
    merge_customers(
        source=duplicate,
        target=customer,
        by=UserFactory(username="hs", roles=["Health and safety"]),
        reason="Same person",
    )
    client.force_login(manager_of(housing))
    assert client.get(url(duplicate)).status_code == 200
