"""One incident in full, and its evidence files: who may open them, and the audit trail."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.urls import NoReverseMatch, reverse

from reporting.access.models import AuditEvent
from reporting.incidents.models import Evidence, FollowUp
from tests.access.factories import manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory

pytestmark = pytest.mark.django_db

FILE_CONTENT = b"Transcript of the voicemail left on 3 March."


@pytest.fixture
def incident(housing, reporter):
    return IncidentFactory(
        service_area=housing,
        reported_by=reporter,
        customer=CustomerFactory(first_name="Odette", last_name="Quillfeather"),
        description="Shouted at the housing officer over a repair.",
        violence=True,
        police_informed=True,
        crime_reference="CR/1234/25",
    )


def url(incident):
    return f"/staff/incidents/{incident.reference}/"


def views_of(incident):
    return AuditEvent.objects.filter(
        object_type="incident", object_id=incident.pk, action="view"
    ).order_by("pk")


# Opening the incident


def test_a_manager_of_the_service_sees_the_whole_incident(client, soup, housing, incident):
    client.force_login(manager_of(housing))
    response = client.get(url(incident))
    assert response.status_code == 200
    page = soup(response).get_text(" ", strip=True)
    assert "Incident " + incident.reference in page
    assert "Odette Quillfeather" in page
    assert incident.customer.reference in page
    assert "Shouted at the housing officer over a repair." in page
    assert "CR/1234/25" in page
    assert "Nobody has recorded a follow-up yet." in page
    assert soup(response).select_one("a[href$='/follow-up/']") is not None


def test_the_customer_reference_links_to_their_record_once_that_page_exists(
    client, soup, housing, incident
):
    client.force_login(manager_of(housing))
    links = [a["href"] for a in soup(client.get(url(incident))).select("a")]
    try:
        customer_url = reverse("staff:customer", args=[incident.customer.reference])
    except NoReverseMatch:
        assert not any(f"/customers/{incident.customer.reference}" in link for link in links)
    else:
        assert customer_url in links


def test_every_opening_is_written_to_the_audit_trail(client, housing, incident):
    manager = manager_of(housing)
    client.force_login(manager)
    client.get(url(incident))
    client.get(url(incident))
    events = list(views_of(incident))
    assert len(events) == 2
    assert all(event.actor == manager for event in events)
    assert all(event.object_reference == incident.reference for event in events)


def test_the_reporter_can_open_their_own_report(client, soup, reporter, incident):
    client.force_login(reporter)
    response = client.get(url(incident))
    assert response.status_code == 200
    assert "Odette Quillfeather" in response.content.decode()
    # They can read it but not record the manager's follow-up.
    assert soup(response).select_one("a[href$='/follow-up/']") is None
    assert views_of(incident).get().actor == reporter


@pytest.mark.parametrize("role", ["Health and safety", "Information governance", "Decision maker"])
def test_cross_service_roles_can_open_any_incident(client, incident, role):
    user = UserFactory(username="reader", roles=[role])
    client.force_login(user)
    assert client.get(url(incident)).status_code == 200
    assert views_of(incident).get().actor == user


def test_a_manager_of_another_service_is_told_it_is_not_found(client, parks, incident):
    client.force_login(manager_of(parks))
    response = client.get(url(incident))
    assert response.status_code == 404
    page = response.content.decode()
    assert "Quillfeather" not in page
    assert "Odette" not in page
    assert not views_of(incident).exists()


def test_other_staff_are_told_it_is_not_found(client, incident):
    client.force_login(UserFactory(username="colleague", roles=["Staff"]))
    response = client.get(url(incident))
    assert response.status_code == 404
    assert "Quillfeather" not in response.content.decode()


def test_an_unknown_reference_is_not_found(client, housing):
    client.force_login(UserFactory(username="reader", roles=["Health and safety"]))
    assert client.get("/staff/incidents/INC-999999/").status_code == 404


def test_people_without_a_staff_role_are_refused(client, incident):
    client.force_login(UserFactory(username="editor", roles=["Comms editor"]))
    response = client.get(url(incident))
    assert response.status_code == 403
    assert "Quillfeather" not in response.content.decode()


def test_an_incident_with_no_known_customer_shows_the_description(client, soup, housing):
    incident = IncidentFactory(
        service_area=housing, customer=None, unknown_person_description="Tall, red cap"
    )
    client.force_login(manager_of(housing))
    page = soup(client.get(url(incident))).get_text(" ", strip=True)
    assert "Not known" in page
    assert "Tall, red cap" in page


def test_the_follow_up_is_shown_once_recorded(client, soup, housing, incident):
    manager = manager_of(housing)
    FollowUp.objects.create(
        incident=incident,
        support_agreed="Sessions with the employee assistance programme.",
        outcome="Warning letter sent.",
        recorded_by=manager,
    )
    client.force_login(manager)
    page = soup(client.get(url(incident))).get_text(" ", strip=True)
    assert "Sessions with the employee assistance programme." in page
    assert "Warning letter sent." in page
    assert "Change the follow-up" in page


# Evidence


@pytest.fixture
def evidence_storage(monkeypatch, tmp_path):
    """Keep each test's evidence files in a folder of its own."""
    field = Evidence._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path / "evidence"))


@pytest.fixture
def evidence(evidence_storage, incident, reporter):
    item = Evidence(
        incident=incident,
        original_name="voicemail transcript.txt",
        content_type="text/plain",
        size=len(FILE_CONTENT),
        sha256=hashlib.sha256(FILE_CONTENT).hexdigest(),
        uploaded_by=reporter,
    )
    item.file.save("voicemail.txt", ContentFile(FILE_CONTENT), save=True)
    return item


def download_url(evidence):
    return f"/staff/incidents/{evidence.incident.reference}/evidence/{evidence.pk}/"


def downloads_of(incident):
    return AuditEvent.objects.filter(
        object_type="incident", object_id=incident.pk, action="download"
    )


@pytest.fixture
def people(housing, parks, reporter):
    return {
        "reporter": reporter,
        "manager": manager_of(housing),
        "health and safety": UserFactory(username="safety", roles=["Health and safety"]),
        "information governance": UserFactory(username="ig", roles=["Information governance"]),
        "decision maker": UserFactory(username="decider", roles=["Decision maker"]),
        "other manager": manager_of(parks),
        "other staff": UserFactory(username="colleague", roles=["Staff"]),
    }


@pytest.mark.parametrize(
    "who", ["reporter", "manager", "health and safety", "information governance"]
)
def test_permitted_people_download_evidence_and_it_is_audited(client, people, evidence, who):
    client.force_login(people[who])
    response = client.get(download_url(evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == FILE_CONTENT
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "voicemail transcript.txt" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    event = downloads_of(evidence.incident).get()
    assert event.actor == people[who]
    assert event.object_reference == evidence.incident.reference


@pytest.mark.parametrize("who", ["decision maker", "other manager", "other staff"])
def test_everyone_else_is_told_the_file_is_not_found(client, people, evidence, who):
    client.force_login(people[who])
    response = client.get(download_url(evidence))
    assert response.status_code == 404
    assert FILE_CONTENT not in response.content
    assert not downloads_of(evidence.incident).exists()


def test_evidence_is_listed_with_a_download_link_for_those_allowed(client, soup, people, evidence):
    client.force_login(people["manager"])
    link = soup(client.get(url(evidence.incident))).select_one("a[href*='/evidence/']")
    assert link["href"] == download_url(evidence)
    assert link.get_text(strip=True) == "voicemail transcript.txt"


def test_a_decision_maker_sees_the_file_name_but_no_link(client, soup, people, evidence):
    client.force_login(people["decision maker"])
    response = client.get(url(evidence.incident))
    assert "voicemail transcript.txt" in response.content.decode()
    assert soup(response).select_one("a[href*='/evidence/']") is None


def test_evidence_must_belong_to_the_incident_in_the_address(client, people, evidence, housing):
    other = IncidentFactory(service_area=housing)
    client.force_login(people["manager"])
    response = client.get(f"/staff/incidents/{other.reference}/evidence/{evidence.pk}/")
    assert response.status_code == 404


def test_a_file_missing_from_storage_is_not_found(client, people, evidence):
    evidence.file.delete(save=False)
    client.force_login(people["manager"])
    assert client.get(download_url(evidence)).status_code == 404
