"""On PostgreSQL the database itself refuses to change or delete an issued letter, a
published version or an audit event, whatever the code that asks: raw SQL included."""

import pytest
from django.db import DatabaseError, connection, transaction

from policy_pages.models import PublishedVersion
from reporting.access.models import AuditEvent
from reporting.letters.enums import LetterType
from reporting.letters.models import Letter
from reporting.letters.services import issue_letter
from tests.access.factories import manager_of
from tests.incidents.factories import IncidentFactory
from tests.letters.factories import cite_policy
from tests.restrictions.factories import RestrictionFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite keeps the ORM guards only"
    ),
]


def refused(sql, params):
    with (
        pytest.raises(DatabaseError) as refusal,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)
    assert "kept as written" in str(refusal.value)


def test_raw_sql_cannot_change_or_delete_what_is_kept(housing, fast_pdf):
    cite_policy()
    manager = manager_of(housing, username="housing.manager")
    incident = IncidentFactory(service_area=housing)
    restriction = RestrictionFactory(customer=incident.customer, incidents=[incident])
    letter = issue_letter(LetterType.RESTRICTION, by=manager, restriction=restriction)
    version = PublishedVersion.objects.first()
    event = AuditEvent.objects.filter(object_type="letter").first()

    refused("UPDATE letters_letter SET sha256 = %s WHERE id = %s", ["0" * 64, letter.pk])
    refused("DELETE FROM letters_letter WHERE id = %s", [letter.pk])
    refused(
        "UPDATE policy_pages_publishedversion SET content_html = %s WHERE id = %s",
        ["<p>Changed.</p>", version.pk],
    )
    refused("DELETE FROM policy_pages_publishedversion WHERE id = %s", [version.pk])
    refused("UPDATE access_auditevent SET note = %s WHERE id = %s", ["edited", event.pk])
    refused("DELETE FROM access_auditevent WHERE id = %s", [event.pk])

    stored = Letter.objects.get(pk=letter.pk)
    assert stored.sha256 == letter.sha256
    assert PublishedVersion.objects.get(pk=version.pk).content_html == version.content_html
    assert AuditEvent.objects.get(pk=event.pk).note == event.note


def test_the_retention_path_alone_may_remove_a_kept_row(housing):
    event = AuditEvent.objects.create(action="view", object_type="customer", object_id=1)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL safecontact.retention = 'on'")
        cursor.execute("DELETE FROM access_auditevent WHERE id = %s", [event.pk])
    assert not AuditEvent.objects.filter(pk=event.pk).exists()
