"""`manage.py verify_integrity`: the audit trail's hash chain, and every stored letter and
poster PDF against its SHA-256. A break is reported by reference, recorded in the audit
trail and e-mailed to information governance, and the command exits non-zero."""

import hashlib
import io
from unittest.mock import patch

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from policy_pages.models import PosterPdf, PublishedVersion
from reporting.access import audit
from reporting.access.enums import AuditAction
from reporting.access.models import AuditEvent
from reporting.letters.enums import LetterType
from reporting.letters.services import issue_letter
from reporting.staff import integrity
from reporting.staff.jobs import run_daily
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory
from tests.letters.factories import cite_policy
from tests.restrictions.factories import RestrictionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def governance():
    return UserFactory(username="ig", roles=["Information governance"])


@pytest.fixture
def events():
    user = UserFactory(username="reader", roles=["Staff"])
    customers = [CustomerFactory() for _ in range(3)]
    return [audit.record(actor=user, action=AuditAction.VIEW, obj=c) for c in customers]


@pytest.fixture
def letter():
    service = ServiceAreaFactory(name="Housing")
    manager = manager_of(service, "manager")
    incident = IncidentFactory(service_area=service)
    restriction = RestrictionFactory(customer=incident.customer, incidents=[incident])
    cite_policy()
    with patch("reporting.letters.services.render_letter_pdf", return_value=b"%PDF-1.7 letter\n"):
        return issue_letter(LetterType.RESTRICTION, by=manager, restriction=restriction)


@pytest.fixture
def poster(letter):
    """A stored poster PDF of the policy the letter cites (any published version will do)."""
    version = PublishedVersion.objects.first()
    record = PosterPdf(version=version, paper="a4", sha256="")
    data = b"%PDF-1.7 poster\n"
    record.sha256 = hashlib.sha256(data).hexdigest()
    record.file.save("poster.pdf", ContentFile(data), save=True)
    return record


def _change_stored_event(event, **changes):
    """Change a stored audit event behind the application's back, as someone with database
    access might. On PostgreSQL the trigger refuses it unless the retention switch is on."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL safecontact.retention = 'on'")
        AuditEvent._base_manager.filter(pk=event.pk).update(**changes)


def _run():
    out = io.StringIO()
    try:
        call_command("verify_integrity", stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


def test_an_untouched_trail_letter_and_poster_pass(events, letter, poster, governance):
    out, failed = _run()
    assert failed is None
    assert "no breaks found" in out
    assert "1 letter PDF and 1 poster PDF" in out
    assert not AuditEvent.objects.filter(action=AuditAction.INTEGRITY_FAILURE).exists()


def test_a_changed_event_breaks_the_chain_and_is_reported(
    events, governance, django_capture_on_commit_callbacks
):
    changed = events[1]
    _change_stored_event(changed, note="nothing to see here")
    with django_capture_on_commit_callbacks(execute=True):
        out, failed = _run()
    assert failed == "1 integrity break found"
    assert f"audit event {changed.pk}: has been changed since it was written" in out
    # Only the changed event: the next one still follows its stored hash.
    assert "1 break found (1 new)" in out
    failure = AuditEvent.objects.get(action=AuditAction.INTEGRITY_FAILURE)
    assert (failure.object_type, failure.object_id) == ("auditevent", changed.pk)
    assert failure.actor is None
    assert [message.to for message in mail.outbox] == [["ig@council.example"]]
    message = mail.outbox[0]
    assert "1 new break" in message.subject
    assert f"audit event {changed.pk}" in message.body
    assert "/staff/audit/?action=integrity" in message.body


def test_a_removed_event_breaks_the_chain(events, governance):
    # Removing is simulated by changing the link an event keeps to the one before it.
    _change_stored_event(events[2], previous_hash="f" * 64)
    out, failed = _run()
    assert failed
    assert f"audit event {events[2].pk}: does not follow the event before it" in out


def test_a_known_break_is_reported_again_but_not_e_mailed_again(
    events, governance, django_capture_on_commit_callbacks
):
    _change_stored_event(events[0], object_reference="C-999999")
    with django_capture_on_commit_callbacks(execute=True):
        _run()
        out, failed = _run()
    assert failed
    assert "1 break found (0 new)" in out
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action=AuditAction.INTEGRITY_FAILURE).count() == 1


def test_a_tampered_letter_file_is_found(letter, governance, django_capture_on_commit_callbacks):
    with letter.pdf.open("wb") as stored:
        stored.write(b"%PDF-1.7 something else\n")
    with django_capture_on_commit_callbacks(execute=True):
        out, failed = _run()
    assert failed
    assert f"letter {letter.reference}: stored file does not match" in out
    failure = AuditEvent.objects.get(action=AuditAction.INTEGRITY_FAILURE)
    assert (failure.object_type, failure.object_reference) == ("letter", letter.reference)
    assert failure.subject_reference == letter.customer.reference
    assert letter.reference in mail.outbox[0].body
    # The summary names references, never the person.
    assert letter.customer.last_name not in out + mail.outbox[0].body


def test_a_missing_poster_file_is_a_break(poster, governance):
    poster.file.storage.delete(poster.file.name)
    out, failed = _run()
    assert failed
    assert f"poster {integrity.poster_reference(poster)}: stored file is missing" in out


def test_the_daily_job_runs_the_check(events, governance):
    _change_stored_event(events[0], note="changed")
    summary = run_daily()
    assert summary.integrity_breaks == 1
    assert "1 break found" in summary.integrity
    assert summary.as_dict()["integrity_breaks"] == 1


def test_the_daily_job_reports_a_clean_check(events):
    summary = run_daily()
    assert summary.integrity_breaks == 0
    assert summary.integrity.endswith("no breaks found")
