"""Health and safety (and the incident's managers) correct the RIDDOR, injury and
hate-incident answers with a reason, record the report to the HSE, and see the RIDDOR
deadlines counting down in their tasks."""

import datetime

import pytest
from django.utils import timezone

from home.rules import RuleError
from reporting.access.models import AuditEvent
from reporting.incidents.models import IncidentCorrection
from reporting.incidents.services import correct_incident
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def safety():
    return UserFactory(username="safety", roles=["Health and safety"])


@pytest.fixture
def incident(housing):
    return IncidentFactory(
        service_area=housing,
        occurred_at=timezone.now() - datetime.timedelta(days=4),
        injury=True,
        injury_details="A cut hand.",
    )


def url(incident):
    return f"/staff/incidents/{incident.reference}/triage/"


def test_health_and_safety_correct_a_wrong_riddor_answer_and_it_is_kept_and_audited(
    client, incident, safety
):
    client.force_login(safety)
    assert client.get(url(incident)).status_code == 200
    response = client.post(
        url(incident),
        {
            "injury": "yes",
            "injury_details": "A broken wrist.",
            "riddor_reportable": "yes",
            "protected_characteristics": ["race"],
            "reason": "The officer's manager told us the wrist is broken.",
        },
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.riddor_reportable
    assert incident.hate_incident  # aimed at race: a possible hate incident
    correction = IncidentCorrection.objects.get()
    assert correction.before["riddor_reportable"] is False
    assert correction.after["riddor_reportable"] is True
    assert correction.after["protected_characteristics"] == ["race"]
    event = AuditEvent.objects.get(object_type="incident", action="change")
    assert event.note.startswith("Corrected: RIDDOR")
    assert "wrist" not in event.note


def test_the_riddor_deadlines_count_down_in_health_and_safetys_tasks(
    client, soup, incident, safety
):
    correct_incident(
        incident=incident,
        by=safety,
        reason="Broken wrist confirmed.",
        riddor_reportable=True,
    )
    client.force_login(safety)
    page = soup(client.get("/staff/"))
    section = next(
        section
        for section in page.select("section.sc-task-list")
        if section.h3.get_text().startswith("RIDDOR reports due")
    )
    text = " ".join(section.get_text(" ").split())
    assert incident.reference in text
    assert "due in 6 days for a specified injury" in text
    assert "due in 11 days for over seven days off work" in text

    correct_incident(
        incident=incident,
        by=safety,
        reason="Reported online.",
        hse_reference="HSE-12345",
        reported_to_hse_on=timezone.localdate(),
    )
    page = soup(client.get("/staff/"))
    assert incident.reference not in page.select_one("#tasks-riddor").find_parent("section").text


def test_bad_corrections_are_refused_and_change_nothing(incident, safety):
    with pytest.raises(RuleError) as refused:
        correct_incident(
            incident=incident,
            by=safety,
            reason="",
            injury=False,
            riddor_reportable=True,
            reported_to_hse_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    errors = refused.value.errors
    assert errors["riddor_reportable"] == "Only an injury can be reportable under RIDDOR"
    assert errors["reason"] == "Say why the answers are being corrected"
    incident.refresh_from_db()
    assert incident.injury
    assert not IncidentCorrection.objects.exists()


def test_only_health_and_safety_and_the_services_managers_may_correct(client, incident, housing):
    assert client.get(url(incident)).status_code == 302  # sign in first
    other_manager = manager_of(ServiceAreaFactory(name="Parks"), username="parks")
    client.force_login(other_manager)
    assert client.get(url(incident)).status_code == 404
    client.force_login(manager_of(housing, username="housing.manager"))
    assert client.get(url(incident)).status_code == 200
    client.force_login(UserFactory(username="ig", roles=["Information governance"]))
    assert client.get(url(incident)).status_code == 403
    with pytest.raises(RuleError):
        correct_incident(incident=incident, by=other_manager, reason="No.", injury=False)
