"""Health and safety and information governance read and export records in the admin."""

import csv
import io

import pytest

from reporting.access.models import AuditEvent
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory

pytestmark = pytest.mark.django_db

INCIDENTS = "/admin/staff-records/incidents/"
CUSTOMERS = "/admin/staff-records/customers/"


@pytest.fixture
def incidents():
    return IncidentFactory.create_batch(3)


@pytest.mark.parametrize("role", ["Health and safety", "Information governance"])
def test_back_office_roles_list_and_filter_incidents(client, soup, incidents, role):
    client.force_login(UserFactory(username="reader", roles=[role]))
    response = client.get(INCIDENTS)
    assert response.status_code == 200
    listed = {a.get_text(strip=True) for a in soup(response).select("table tbody td a")}
    assert {incident.reference for incident in incidents} <= listed
    filtered = client.get(INCIDENTS, {"status": "closed"})
    assert filtered.status_code == 200


@pytest.mark.parametrize("role", ["Staff", "Manager", "Decision maker", "Comms editor"])
def test_other_roles_cannot_open_the_back_office_listings(client, incidents, role):
    client.force_login(UserFactory(username="other", roles=[role]))
    for url in (INCIDENTS, CUSTOMERS):
        response = client.get(url)
        assert response.status_code in (302, 403), (role, url)
        assert incidents[0].reference.encode() not in response.content


def test_inspecting_an_incident_is_audited(client, incidents):
    reader = UserFactory(username="reader", roles=["Information governance"])
    client.force_login(reader)
    incident = incidents[0]
    assert client.get(f"{INCIDENTS}inspect/{incident.pk}/").status_code == 200
    event = AuditEvent.objects.get(object_type="incident", object_id=incident.pk)
    assert (event.actor, event.action) == (reader, "view")


def test_exporting_writes_one_audit_event_per_row(client, incidents):
    reader = UserFactory(username="reader", roles=["Health and safety"])
    client.force_login(reader)
    response = client.get(INCIDENTS, {"export": "csv"})
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else (response.content.decode())
    )
    rows = list(csv.reader(io.StringIO(content)))
    assert len(rows) == 1 + len(incidents)
    exported = AuditEvent.objects.filter(action="export", object_type="incident")
    assert sorted(exported.values_list("object_id", flat=True)) == sorted(i.pk for i in incidents)


def test_xlsx_export_is_offered(client, incidents):
    client.force_login(UserFactory(username="reader", roles=["Information governance"]))
    response = client.get(CUSTOMERS, {"export": "xlsx"})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]


def test_records_cannot_be_edited_in_the_admin_even_by_a_superuser(client, incidents):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    incident = incidents[0]
    response = client.get(f"{INCIDENTS}edit/{incident.pk}/")
    assert response.status_code in (302, 403, 404)
    assert client.get(f"{INCIDENTS}add/").status_code in (302, 403, 404)


def test_health_and_safety_manage_service_areas_in_the_admin(client):
    from reporting.access.models import ServiceArea

    client.force_login(UserFactory(username="hs", roles=["Health and safety"]))
    listing = client.get("/admin/snippets/access/servicearea/")
    assert listing.status_code == 200
    response = client.post(
        "/admin/snippets/access/servicearea/add/",
        {"name": "Waste and recycling", "active": "on"},
    )
    assert response.status_code == 302
    assert ServiceArea.objects.filter(name="Waste and recycling").exists()


def test_plain_staff_cannot_manage_service_areas(client):
    client.force_login(UserFactory(username="frontline", roles=["Staff"]))
    assert client.get("/admin/snippets/access/servicearea/").status_code in (302, 403)
