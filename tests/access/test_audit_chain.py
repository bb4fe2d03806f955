"""Each audit event is chained to the one before it, and names the person it concerns."""

import pytest
from django.db import connection

from reporting.access import audit
from reporting.access.chain import GENESIS, event_digest
from reporting.access.enums import AuditAction
from reporting.access.models import AuditEvent
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def test_events_chain_in_the_order_they_were_written():
    user = UserFactory()
    customer = CustomerFactory()
    first = audit.record(actor=user, action=AuditAction.VIEW, obj=customer)
    second, third = audit.record_many(
        actor=user, action=AuditAction.EXPORT, objects=[customer, customer], note="CSV"
    )
    events = list(AuditEvent.objects.order_by("pk"))
    assert [event.pk for event in events][-3:] == [first.pk, second.pk, third.pk]
    previous = GENESIS
    for event in events:
        assert event.previous_hash == previous
        assert event.event_hash == event_digest(event, previous)
        previous = event.event_hash


def test_an_event_names_the_customer_it_concerns(django_assert_max_num_queries):
    customer = CustomerFactory()
    incident = IncidentFactory(customer=customer)
    event = audit.record(actor=None, action=AuditAction.VIEW, obj=customer)
    assert event.subject_reference == customer.reference
    unloaded = [type(incident).objects.get(pk=incident.pk) for _ in range(3)]
    # One query for the customers, one for the head of the chain, one insert (and the
    # savepoint around them, and on PostgreSQL the chain's lock), however many records.
    with django_assert_max_num_queries(6 if connection.vendor == "postgresql" else 5):
        events = audit.record_many(actor=None, action=AuditAction.VIEW, objects=unloaded)
    assert {event.subject_reference for event in events} == {customer.reference}
    user = UserFactory()
    assert audit.record(actor=user, action=AuditAction.VIEW, obj=user).subject_reference == ""
