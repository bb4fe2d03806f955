"""Evidence under its own rule: files on a closed incident that stays go once their period
is over, while evidence of an incident something relies on stays with it."""

import datetime

import pytest
from django.utils import timezone

from reporting.governance.models import LegalHold, RecordKind, RetentionRule, RunsFrom
from reporting.governance.selectors.retention import due_for_retention
from reporting.governance.services.retention import run_retention
from reporting.incidents.models import Evidence, Incident
from reporting.restrictions.models import Restriction
from tests.factories import UserFactory
from tests.governance.test_retention import attach, closed_incident
from tests.incidents.factories import IncidentFactory
from tests.restrictions.factories import RestrictionFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def short_evidence_rule():
    """Evidence kept 12 months after upload; incidents with no further action 36."""
    RetentionRule.objects.filter(kind=RecordKind.EVIDENCE).update(
        months=12, runs_from=RunsFrom.EVIDENCE_UPLOADED
    )
    RetentionRule.objects.filter(kind=RecordKind.INCIDENT_NO_FURTHER_ACTION).update(months=36)


def uploaded_on(evidence, day):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    Evidence.objects.filter(pk=evidence.pk).update(uploaded_at=moment)


def closed_with_evidence(housing, name, *, uploaded):
    reported = timezone.make_aware(datetime.datetime(2025, 1, 5, 10))
    incident = closed_incident(housing, reported_at=reported)
    evidence = attach(incident, name)
    uploaded_on(evidence, uploaded)
    return incident, evidence


def test_evidence_past_its_period_goes_and_its_incident_stays(
    housing, short_evidence_rule, django_capture_on_commit_callbacks
):
    incident, old = closed_with_evidence(housing, "old.pdf", uploaded=datetime.date(2025, 1, 6))
    recent = attach(incident, "recent.pdf")
    uploaded_on(recent, datetime.date(2026, 3, 1))

    due = due_for_retention(today=TODAY)
    assert [(row.kind, row.reference) for row in due] == [
        (RecordKind.EVIDENCE, f"Evidence on {incident.reference}")
    ]
    assert "old.pdf" not in due[0].reference

    with django_capture_on_commit_callbacks(execute=True):
        result = run_retention(today=TODAY)

    assert result.removed == {RecordKind.EVIDENCE: 1}
    assert result.files == 1
    assert not old.file.storage.exists(old.file.name)
    assert list(Evidence.objects.filter(incident=incident)) == [recent]
    assert recent.file.storage.exists(recent.file.name)
    assert Incident.objects.filter(pk=incident.pk).exists()


def test_evidence_of_an_incident_a_restriction_relies_on_stays(housing, short_evidence_rule):
    incident, evidence = closed_with_evidence(
        housing, "relied.pdf", uploaded=datetime.date(2025, 1, 6)
    )
    RestrictionFactory(customer=incident.customer, incidents=[incident])

    assert due_for_retention(today=TODAY) == []
    run_retention(today=TODAY)
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert Restriction.objects.filter(incidents=incident).exists()


def test_evidence_of_an_open_incident_or_a_held_customer_stays(housing, short_evidence_rule):
    open_incident = IncidentFactory(service_area=housing)
    open_evidence = attach(open_incident, "open.pdf")
    uploaded_on(open_evidence, datetime.date(2025, 1, 6))
    held_incident, held_evidence = closed_with_evidence(
        housing, "held.pdf", uploaded=datetime.date(2025, 1, 6)
    )
    LegalHold.objects.create(
        customer=held_incident.customer,
        reason="A claim is being defended.",
        placed_by=UserFactory(),
    )

    run_retention(today=TODAY)
    assert Evidence.objects.filter(pk__in=[open_evidence.pk, held_evidence.pk]).count() == 2


def test_evidence_of_an_incident_going_is_counted_with_the_incident(housing):
    """With the seeded rules the incident's own period ends first: its evidence goes with
    it, once, as one of its files."""
    reported = timezone.make_aware(datetime.datetime(2024, 1, 5, 10))
    incident = closed_incident(housing, reported_at=reported)
    attach(incident, "with.pdf")

    result = run_retention(today=TODAY)
    assert result.removed == {RecordKind.INCIDENT_NO_FURTHER_ACTION: 1}
    assert result.files == 1
    assert not Evidence.objects.exists()
