"""The audit trail is written once and never changed or deleted through the ORM."""

import pytest

from home.immutable import ImmutableRecordError
from reporting.access import audit
from reporting.access.enums import AuditAction
from reporting.access.models import AuditEvent
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_audit_event_cannot_be_changed_or_deleted():
    customer = CustomerFactory()
    event = audit.record(actor=UserFactory(), action=AuditAction.VIEW, obj=customer)
    event.note = "edited afterwards"
    with pytest.raises(ImmutableRecordError):
        event.save()
    with pytest.raises(ImmutableRecordError):
        event.delete()
    with pytest.raises(ImmutableRecordError):
        AuditEvent.objects.filter(pk=event.pk).update(note="edited afterwards")
    with pytest.raises(ImmutableRecordError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.note == ""
    assert AuditEvent.objects.filter(object_id=customer.pk, object_type="customer").count() == 1
