"""A legal hold keeps everything about a person even after their records are merged:
a merge moves records to the record kept, so a hold on either side keeps them all."""

import datetime

import pytest
from django.utils import timezone

from reporting.customers.services import merge_customers
from reporting.governance.models import LegalHold
from reporting.governance.selectors.retention import due_for_retention
from reporting.governance.services.retention import run_retention
from reporting.incidents.models import Incident
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.governance.test_retention import closed_incident

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)
LONG_AGO = timezone.make_aware(datetime.datetime(2024, 1, 5, 10))


@pytest.fixture
def hs():
    return UserFactory(username="hs", roles=["Health and safety"])


def merged_pair(housing, hs):
    """A duplicate record, with an incident long past its period, merged into another."""
    duplicate, kept = CustomerFactory(), CustomerFactory()
    incident = closed_incident(housing, reported_at=LONG_AGO, customer=duplicate)
    merge_customers(source=duplicate, target=kept, by=hs, reason="Same person")
    incident.refresh_from_db()
    assert incident.customer == kept
    return duplicate, kept, incident


def test_a_hold_on_the_merged_duplicate_keeps_what_the_merge_moved(housing, hs):
    duplicate, _kept, incident = merged_pair(housing, hs)
    LegalHold.objects.create(customer=duplicate, reason="A claim names the old record.")

    assert due_for_retention(today=TODAY) == []
    run_retention(today=TODAY)
    assert Incident.objects.filter(pk=incident.pk).exists()


def test_a_hold_on_the_record_kept_covers_a_later_merge_of_it(housing, hs):
    duplicate, kept, incident = merged_pair(housing, hs)
    newest = CustomerFactory()
    merge_customers(source=kept, target=newest, by=hs, reason="Same person again")
    LegalHold.objects.create(customer=duplicate, reason="A claim names the first record.")

    run_retention(today=TODAY)
    assert Incident.objects.filter(pk=incident.pk, customer=newest).exists()


def test_without_a_hold_the_merged_records_go_as_usual(housing, hs):
    _duplicate, _kept, incident = merged_pair(housing, hs)
    other = CustomerFactory()
    LegalHold.objects.create(customer=other, reason="Someone else's claim.")

    run_retention(today=TODAY)
    assert not Incident.objects.filter(pk=incident.pk).exists()
