"""The retention schedule's run: the dry run lists exactly what is past its period and
changes nothing; the run removes it with its files, leaves what a legal hold keeps, and
records counts without personal data; every other deletion of a letter is refused."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from home.immutable import ImmutableRecordError, retention_path
from home.rules import RuleError
from reporting.access import audit
from reporting.access.enums import AuditAction
from reporting.access.models import AuditEvent
from reporting.governance.models import (
    DeletionRecord,
    KeptChainStart,
    LegalHold,
    RecordKind,
    RetentionRule,
    RetentionRun,
)
from reporting.governance.selectors.retention import due_for_retention
from reporting.governance.services.retention import run_retention
from reporting.incidents.enums import IncidentStatus
from reporting.incidents.models import Evidence, Incident
from reporting.letters.enums import LetterType
from reporting.letters.models import Letter
from reporting.letters.services import issue_letter, remove_letters_for_retention
from reporting.markers.enums import MarkerStatus
from reporting.markers.models import CautionMarker
from reporting.restrictions.enums import RestrictionStatus
from reporting.restrictions.models import (
    ContactAttachment,
    ContactItem,
    CustomerWarning,
    Restriction,
)
from reporting.staff.integrity import IntegrityReport, check_chain
from reporting.staff.jobs import run_daily
from tests.access.factories import manager_of
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory
from tests.letters.factories import cite_policy
from tests.restrictions.factories import (
    ContactItemFactory,
    CustomerWarningFactory,
    RestrictionFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)
LONG_AGO = datetime.date(2023, 1, 10)
# Past both a restriction's period (24 months) and that of the incidents it relied on (72).
ENDED_LONG_AGO = datetime.date(2019, 1, 10)


def ended_restriction(manager, housing, *, ended_on):
    incident = IncidentFactory(service_area=housing)
    restriction = RestrictionFactory(customer=incident.customer, incidents=[incident])
    letter = issue_letter(LetterType.RESTRICTION, by=manager, restriction=restriction)
    Restriction.objects.filter(pk=restriction.pk).update(
        status=RestrictionStatus.ENDED, ended_on=ended_on
    )
    return restriction, letter, incident


def closed_incident(housing, *, reported_at, **extra):
    incident = IncidentFactory(service_area=housing, **extra)
    Incident.objects.filter(pk=incident.pk).update(
        status=IncidentStatus.CLOSED, reported_at=reported_at
    )
    return incident


def attach(item_or_incident, name):
    kind = ContactAttachment if isinstance(item_or_incident, ContactItem) else Evidence
    owner = (
        {"item": item_or_incident} if kind is ContactAttachment else {"incident": item_or_incident}
    )
    stored = kind(
        original_name=name,
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=item_or_incident.logged_by
        if kind is ContactAttachment
        else item_or_incident.reported_by,
        **owner,
    )
    stored.file.save(name, ContentFile(b"%PDF-1.7 x"), save=True)
    return stored


@pytest.fixture
def case(housing, fast_pdf):
    """Two ended restrictions (one long ago, one recent), each with a letter, and two
    closed incidents (one long ago, one recent), one of them with evidence."""
    cite_policy()
    manager = manager_of(housing, username="housing.manager")
    old, old_letter, old_relied_on = ended_restriction(manager, housing, ended_on=ENDED_LONG_AGO)
    item = ContactItemFactory(restriction=old, read_at=timezone.now(), read_by=manager)
    attachment = attach(item, "item.pdf")
    recent, recent_letter, _ = ended_restriction(
        manager, housing, ended_on=TODAY - datetime.timedelta(days=30)
    )
    old_reported = timezone.make_aware(datetime.datetime(2024, 1, 5, 10))
    old_incident = closed_incident(housing, reported_at=old_reported)
    evidence = attach(old_incident, "photo.pdf")
    recent_incident = closed_incident(housing, reported_at=timezone.now())
    return {
        "manager": manager,
        "old": old,
        "old_letter": old_letter,
        "old_relied_on": old_relied_on,
        "item": item,
        "attachment": attachment,
        "recent": recent,
        "recent_letter": recent_letter,
        "old_incident": old_incident,
        "evidence": evidence,
        "recent_incident": recent_incident,
    }


def test_the_dry_run_lists_exactly_what_is_past_its_period_and_changes_nothing(case, capsys):
    due = due_for_retention(today=TODAY)
    assert {(row.kind, row.reference) for row in due} == {
        (RecordKind.RESTRICTION, case["old"].reference),
        (RecordKind.INCIDENT_NO_FURTHER_ACTION, case["old_incident"].reference),
        (RecordKind.INCIDENT_RELIED_ON, case["old_relied_on"].reference),
    }
    restriction_row = next(row for row in due if row.kind == RecordKind.RESTRICTION)
    assert restriction_row.ran_from == ENDED_LONG_AGO
    assert restriction_row.due_on == datetime.date(2021, 1, 10)
    assert "24 months after the restriction ended" in restriction_row.rule

    before = (Restriction.objects.count(), Letter.objects.count(), Incident.objects.count())
    result = run_retention(dry_run=True, today=TODAY)
    assert len(result.due) == 3
    after = (Restriction.objects.count(), Letter.objects.count(), Incident.objects.count())
    assert after == before
    assert not RetentionRun.objects.exists()
    assert case["evidence"].file.storage.exists(case["evidence"].file.name)


def test_the_dry_run_command_prints_references_and_kinds_only(case, capsys, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    call_command("retention", "--dry-run")
    out = capsys.readouterr().out
    assert case["old"].reference in out
    assert case["old_incident"].reference in out
    assert case["recent"].reference not in out
    customer = case["old"].customer
    assert customer.last_name not in out
    assert "3 records due" in out
    assert Letter.objects.count() == 2


def test_the_run_removes_what_is_due_with_its_files(case, django_capture_on_commit_callbacks):
    pdf = case["old_letter"].pdf
    pdf_storage, pdf_name = pdf.storage, pdf.name
    evidence = case["evidence"].file
    attachment = case["attachment"].file
    assert pdf_storage.exists(pdf_name)

    with django_capture_on_commit_callbacks(execute=True):
        result = run_retention(today=TODAY)

    assert not Restriction.objects.filter(pk=case["old"].pk).exists()
    assert not Letter.objects.filter(pk=case["old_letter"].pk).exists()
    assert not ContactItem.objects.filter(pk=case["item"].pk).exists()
    assert not Incident.objects.filter(pk=case["old_incident"].pk).exists()
    assert not pdf_storage.exists(pdf_name)
    assert not evidence.storage.exists(evidence.name)
    assert not attachment.storage.exists(attachment.name)
    # What is still within its period stays.
    assert Restriction.objects.filter(pk=case["recent"].pk).exists()
    assert Letter.objects.filter(pk=case["recent_letter"].pk).exists()
    assert Incident.objects.filter(pk=case["recent_incident"].pk).exists()

    assert not Incident.objects.filter(pk=case["old_relied_on"].pk).exists()
    assert result.removed == {
        RecordKind.RESTRICTION: 1,
        RecordKind.INCIDENT_NO_FURTHER_ACTION: 1,
        RecordKind.INCIDENT_RELIED_ON: 1,
    }
    assert result.files == 3
    kept = {record.kind: record for record in DeletionRecord.objects.all()}
    assert kept[RecordKind.RESTRICTION].count == 1
    assert kept[RecordKind.RESTRICTION].files == 2
    assert "1 letters with them" in kept[RecordKind.RESTRICTION].rule
    assert kept[RecordKind.INCIDENT_NO_FURTHER_ACTION].count == 1


def test_the_record_of_a_run_holds_no_personal_data(case):
    run_retention(today=TODAY)
    customer = case["old"].customer
    for record in DeletionRecord.objects.all():
        text = f"{record.kind} {record.count} {record.rule} {record}"
        assert customer.last_name not in text
        assert case["old"].reference not in text
        assert case["old_letter"].reference not in text


def test_a_legal_hold_keeps_everything_about_the_customer(case):
    LegalHold.objects.create(customer=case["old"].customer, reason="A claim is expected.")
    LegalHold.objects.create(
        customer=case["old_incident"].customer, reason="A complaint to the ombudsman."
    )
    assert due_for_retention(today=TODAY) == []
    run_retention(today=TODAY)
    assert Restriction.objects.filter(pk=case["old"].pk).exists()
    assert Letter.objects.filter(pk=case["old_letter"].pk).exists()
    assert Incident.objects.filter(pk=case["old_incident"].pk).exists()


def test_a_lifted_hold_keeps_nothing(case):
    LegalHold.objects.create(
        customer=case["old"].customer, reason="A claim, settled.", lifted_at=timezone.now()
    )
    run_retention(today=TODAY)
    assert not Restriction.objects.filter(pk=case["old"].pk).exists()


def test_an_incident_a_restriction_relies_on_is_not_removed_as_no_further_action(housing, case):
    relied_on = closed_incident(
        housing, reported_at=timezone.make_aware(datetime.datetime(2023, 1, 1))
    )
    case["recent"].incidents.add(relied_on)
    references = {row.reference for row in due_for_retention(today=TODAY)}
    assert relied_on.reference not in references


def test_every_other_deletion_of_a_letter_is_refused(case):
    letter = case["old_letter"]
    with pytest.raises(ImmutableRecordError):
        letter.delete()
    with pytest.raises(ImmutableRecordError):
        Letter.objects.filter(pk=letter.pk).delete()
    with pytest.raises(RuleError):
        remove_letters_for_retention(letters=Letter.objects.filter(pk=letter.pk))
    assert Letter.objects.filter(pk=letter.pk).exists()


def test_the_retention_path_ends_with_its_block(case):
    with retention_path():
        pass
    with pytest.raises(ImmutableRecordError):
        Letter.objects.filter(pk=case["old_letter"].pk).delete()


def test_information_governance_see_what_is_due_and_the_last_runs(client, case, soup):
    run_retention(today=TODAY)
    client.force_login(UserFactory(username="ig.officer", roles=["Information governance"]))
    response = client.get(reverse("staff:governance_retention"))
    assert response.status_code == 200
    page = soup(response)
    text = page.get_text(" ", strip=True)
    assert "Restriction and its letters: 1" in text
    assert case["old"].customer.last_name not in text
    tables = page.find_all("table")
    assert tables


def test_the_page_lists_what_a_run_today_would_remove(client, case, soup, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    client.force_login(UserFactory(username="ig.officer", roles=["Information governance"]))
    page = soup(client.get(reverse("staff:governance_retention")))
    due = page.find("table", attrs={"class": "govuk-table--small-text-until-tablet"})
    cells = [row.find("td").get_text(strip=True) for row in due.find("tbody").find_all("tr")]
    expected = [case["old"].reference, case["old_incident"].reference]
    assert sorted(cells) == sorted([*expected, case["old_relied_on"].reference])
    assert Letter.objects.filter(pk=case["old_letter"].pk).exists()


def test_the_daily_job_runs_the_schedule(case):
    summary = run_daily(today=TODAY)
    assert not Restriction.objects.filter(pk=case["old"].pk).exists()
    assert summary.as_dict()["retention"].startswith("Retention: removed")
    assert RetentionRun.objects.filter(dry_run=False).count() == 1


def test_warnings_and_removed_markers_go_once_their_period_is_over(
    housing, case, django_capture_on_commit_callbacks
):
    manager = case["manager"]
    customer = case["old_incident"].customer
    IncidentFactory(service_area=housing, customer=customer)
    warning = CustomerWarningFactory(customer=customer)
    letter = issue_letter(LetterType.WARNING, warning=warning, by=manager)
    CustomerWarning.objects.filter(pk=warning.pk).update(given_on=LONG_AGO)
    followed = CustomerWarningFactory(customer=case["recent"].customer, given_on=LONG_AGO)
    Restriction.objects.filter(pk=case["recent"].pk).update(warning=followed)
    incident = IncidentFactory(service_area=housing)
    removed = CautionMarker.objects.create(
        customer=incident.customer,
        incident=incident,
        severity="low",
        safety_advice="Meet in pairs.",
        reasons="Threats at the counter.",
        status=MarkerStatus.REMOVED,
        set_by=manager,
        review_date=LONG_AGO,
        removed_at=timezone.make_aware(datetime.datetime(2023, 2, 1)),
    )
    active = CautionMarker.objects.create(
        customer=incident.customer,
        incident=incident,
        severity="low",
        safety_advice="Meet in pairs.",
        reasons="Threats at the counter.",
        status=MarkerStatus.ACTIVE,
        set_by=manager,
        review_date=TODAY,
    )

    due = {(row.kind, row.reference) for row in due_for_retention(today=TODAY)}
    assert (RecordKind.WARNING, warning.reference) in due
    assert (RecordKind.WARNING, followed.reference) not in due
    assert {row.kind for row in due_for_retention(today=TODAY)} >= {RecordKind.CAUTION_MARKER}

    pdf = letter.pdf
    storage, name = pdf.storage, pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        result = run_retention(today=TODAY)

    assert not CustomerWarning.objects.filter(pk=warning.pk).exists()
    assert not Letter.objects.filter(pk=letter.pk).exists()
    assert not storage.exists(name)
    assert CustomerWarning.objects.filter(pk=followed.pk).exists()
    assert not CautionMarker.objects.filter(pk=removed.pk).exists()
    assert CautionMarker.objects.filter(pk=active.pk).exists()
    assert result.removed[RecordKind.WARNING] == 1
    assert result.removed[RecordKind.CAUTION_MARKER] == 1


def test_the_run_removes_exactly_what_the_dry_run_listed(case):
    counts = {}
    for row in run_retention(dry_run=True, today=TODAY).due:
        counts[row.kind] = counts.get(row.kind, 0) + row.count
    assert run_retention(today=TODAY).removed == counts
    assert due_for_retention(today=TODAY) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's")
def test_on_postgresql_only_the_retention_path_gets_past_the_letters_trigger(case):
    run_retention(today=TODAY)
    assert not Letter.objects.filter(pk=case["old_letter"].pk).exists()
    kept = case["recent_letter"].pk

    def refused():
        with (
            pytest.raises(DatabaseError),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("DELETE FROM letters_letter WHERE id = %s", [kept])

    refused()
    # The setting ends with the retention block, even inside a longer transaction.
    with transaction.atomic():
        with retention_path():
            pass
        refused()
    assert Letter.objects.filter(pk=kept).exists()


def audit_breaks():
    report = IntegrityReport()
    check_chain(report)
    return report.breaks


def test_the_oldest_audit_events_go_and_the_kept_chain_still_verifies(case):
    RetentionRule.objects.filter(kind=RecordKind.AUDIT_EVENT).update(months=0)
    later = timezone.localdate() + datetime.timedelta(days=1)
    latest = AuditEvent.objects.order_by("-pk").first()
    written = AuditEvent.objects.count()
    assert written > 1

    due = [row for row in due_for_retention(today=later) if row.kind == RecordKind.AUDIT_EVENT]
    # One row for the stretch from the start of the trail.
    assert [row.count for row in due] == [written - 1]
    assert due[0].reference.endswith(f"({written - 1})")
    result = run_retention(today=later)

    # The latest event stays, followed by the run's own event.
    kept = AuditEvent.objects.order_by("pk")
    assert list(kept.values_list("pk", flat=True))[0] == latest.pk
    assert list(kept.values_list("action", flat=True))[1:] == [AuditAction.RETENTION]
    assert result.removed[RecordKind.AUDIT_EVENT] == written - 1
    start = KeptChainStart.objects.get()
    assert start.first_event_id == latest.pk
    assert audit_breaks() == []
    # The next event chains on, and the whole kept trail verifies.
    audit.record(actor=case["manager"], action=AuditAction.VIEW, obj=case["recent"])
    assert audit_breaks() == []


def test_removing_a_kept_event_afterwards_still_breaks_the_chain(case):
    RetentionRule.objects.filter(kind=RecordKind.AUDIT_EVENT).update(months=0)
    audit.record(actor=case["manager"], action=AuditAction.VIEW, obj=case["recent"])
    later = timezone.localdate() + datetime.timedelta(days=1)
    run_retention(today=later)
    audit.record(actor=case["manager"], action=AuditAction.VIEW, obj=case["recent"])
    first = AuditEvent.objects.order_by("pk").first()
    with retention_path():
        AuditEvent.objects.filter(pk=first.pk).delete()
    assert [item.kind for item in audit_breaks()] == ["audit event"]


def test_audit_events_about_a_held_customer_keep_the_trail_from_the_first_of_them(case):
    RetentionRule.objects.filter(kind=RecordKind.AUDIT_EVENT).update(months=0)
    held = case["recent"].customer
    LegalHold.objects.create(customer=held, reason="A claim is expected.")
    first_about_them = (
        AuditEvent.objects.filter(subject_reference=held.reference).order_by("pk").first()
    )
    later = timezone.localdate() + datetime.timedelta(days=1)
    run_retention(today=later)
    assert AuditEvent.objects.order_by("pk").first().pk == first_about_them.pk
    assert audit_breaks() == []


def test_a_restriction_stays_while_the_incidents_it_relied_on_must_be_kept(housing, case):
    restriction, _letter, relied_on = ended_restriction(
        case["manager"], housing, ended_on=LONG_AGO
    )
    Incident.objects.filter(pk=relied_on.pk).update(
        status=IncidentStatus.CLOSED,
        reported_at=timezone.make_aware(datetime.datetime(2022, 1, 1)),
    )
    references = {row.reference for row in due_for_retention(today=TODAY)}
    assert restriction.reference not in references
    assert relied_on.reference not in references
    run_retention(today=TODAY)
    assert Restriction.objects.filter(pk=restriction.pk).exists()
    assert Incident.objects.filter(pk=relied_on.pk).exists()


def test_a_run_that_removes_records_is_in_the_audit_trail_by_counts_only(case):
    result = run_retention(today=TODAY)

    event = AuditEvent.objects.get(action=AuditAction.RETENTION)
    assert event.object_type == "retentionrun"
    assert event.object_id == result.run.pk
    assert "restriction: 1" in event.note
    assert case["old"].reference not in event.note
    assert event.subject_reference == ""
    assert audit_breaks() == []


def test_a_run_with_nothing_due_writes_no_audit_event(housing):
    run_retention(today=TODAY)
    assert not AuditEvent.objects.filter(action=AuditAction.RETENTION).exists()
