"""Need to know: a manager reads their own services' records about a person. Another
service's show only that they exist, until the manager gives a reason, which is audited
and waits for information governance. Nothing a manager does themselves widens it."""

import pytest
from django.utils import timezone

from reporting.access.enums import AuditAction
from reporting.access.models import AuditEvent
from reporting.customers.models import DetailGrant
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory
from tests.restrictions.factories import RestrictionFactory

pytestmark = pytest.mark.django_db

REASON = "A safeguarding referral names this person; I must check the history today."


@pytest.fixture
def waste():
    return ServiceAreaFactory(name="Waste and recycling")


@pytest.fixture
def customer(housing):
    """A person known to Housing, with a housing incident and a restriction in force."""
    person = CustomerFactory(first_name="Morwenna", last_name="Pascoe")
    incident = IncidentFactory(
        customer=person, service_area=housing, description="Threw a chair in the office."
    )
    restriction = RestrictionFactory(customer=person, incidents=[incident])
    restriction.service_areas.set([housing])
    return person


@pytest.fixture
def waste_manager(waste):
    return manager_of(waste, username="waste.manager")


def record_url(customer):
    return f"/staff/customers/{customer.reference}/"


def grant_url(customer):
    return f"/staff/customers/{customer.reference}/read-in-full/"


def test_filing_an_incident_does_not_open_the_persons_record_to_its_author(
    client, customer, waste, waste_manager
):
    client.force_login(waste_manager)
    assert client.get(record_url(customer)).status_code == 404
    IncidentFactory(customer=customer, service_area=waste, reported_by=waste_manager)
    assert client.get(record_url(customer)).status_code == 404
    assert client.get(grant_url(customer)).status_code == 404


def test_another_services_records_show_only_that_they_exist(
    client, soup, customer, waste, waste_manager
):
    IncidentFactory(customer=customer, service_area=waste)  # reported by waste staff
    housing_incident = customer.incidents.get(service_area__name="Housing")
    restriction = customer.restrictions.get()
    client.force_login(waste_manager)
    page = soup(client.get(record_url(customer)))
    text = page.get_text(" ", strip=True)
    assert housing_incident.reference in text
    assert "Held by Housing" in text
    assert "Threw a chair" not in text
    # The restriction in force still shows in plain words, without its decision record.
    assert restriction.reference in text
    assert not page.find("a", href=f"/staff/restrictions/{restriction.reference}/")
    assert not page.find("a", href=f"/staff/incidents/{housing_incident.reference}/")
    assert page.find("a", href=grant_url(customer))
    assert client.get(f"/staff/restrictions/{restriction.reference}/").status_code == 404


def test_a_short_reason_is_refused_and_grants_nothing(
    client, soup, customer, waste, waste_manager
):
    IncidentFactory(customer=customer, service_area=waste)
    client.force_login(waste_manager)
    response = client.post(grant_url(customer), {"reason": "need it"})
    assert response.status_code == 200
    assert "in at least 20 characters" in soup(response).select_one(".govuk-error-summary").text
    assert not DetailGrant.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.BREAK_GLASS).exists()


def test_a_reason_opens_the_records_for_a_while_and_is_audited(
    client, soup, customer, waste, waste_manager
):
    IncidentFactory(customer=customer, service_area=waste)
    restriction = customer.restrictions.get()
    client.force_login(waste_manager)
    response = client.post(grant_url(customer), {"reason": REASON})
    assert response.status_code == 302
    grant = DetailGrant.objects.get()
    assert (grant.granted_to, grant.customer, grant.reason) == (waste_manager, customer, REASON)
    event = AuditEvent.objects.get(action=AuditAction.BREAK_GLASS)
    assert (event.actor, event.object_reference) == (waste_manager, customer.reference)
    assert REASON not in event.note  # the reason stays on the grant, out of the trail

    page = soup(client.get(record_url(customer)))
    assert "Threw a chair" not in page.text  # the record page lists, the incident page tells
    assert page.find("a", href=f"/staff/restrictions/{restriction.reference}/")
    assert client.get(f"/staff/restrictions/{restriction.reference}/").status_code == 200

    # When the time is up, the records close again.
    DetailGrant.objects.update(expires_at=timezone.now() - timezone.timedelta(seconds=1))
    assert client.get(f"/staff/restrictions/{restriction.reference}/").status_code == 404


def test_information_governance_sees_each_reason_and_marks_it_reviewed(
    client, soup, customer, waste, waste_manager
):
    IncidentFactory(customer=customer, service_area=waste)
    client.force_login(waste_manager)
    client.post(grant_url(customer), {"reason": REASON})

    officer = UserFactory(username="ig.officer", roles=["Information governance"])
    client.force_login(officer)
    home = soup(client.get("/staff/"))
    tasks = home.find(id="tasks-reasons").find_parent("section")
    assert "Reasons given to read records in full" in tasks.h3.text
    assert customer.reference in tasks.table.get_text()

    listing = soup(client.get("/staff/reasons-given/"))
    assert REASON in listing.get_text()
    grant = DetailGrant.objects.get()
    response = client.post(f"/staff/reasons-given/{grant.pk}/reviewed/")
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.reviewed_by == officer
    tasks = soup(client.get("/staff/")).find(id="tasks-reasons").find_parent("section")
    assert "No reason waits for review." in tasks.get_text()


def test_roles_that_see_every_service_are_not_offered_a_reason(client, soup, customer):
    decider = UserFactory(username="decider", roles=["Decision maker"])
    client.force_login(decider)
    page = soup(client.get(record_url(customer)))
    assert "Held by" not in page.get_text()
    assert not page.find("a", href=grant_url(customer))
    assert client.get(grant_url(customer)).status_code == 403
