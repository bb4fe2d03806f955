"""The demo content fills the staff area, so the queue and records are not empty."""

from io import StringIO

import pytest
from django.core.management import call_command

from reporting.access.models import ServiceArea
from reporting.customers.models import Customer
from reporting.incidents.models import Incident

pytestmark = pytest.mark.django_db


def test_demo_content_gives_every_role_something_to_see():
    call_command("load_demo_content", stdout=StringIO())
    statuses = set(Incident.objects.values_list("status", flat=True))
    assert statuses == {"new", "under_review", "closed"}
    assert Customer.objects.count() >= 3
    housing = ServiceArea.objects.get(name="Housing")
    assert list(housing.managers.values_list("username", flat=True)) == ["housing.manager"]
    waste = ServiceArea.objects.get(name="Waste and recycling")
    assert list(waste.managers.values_list("username", flat=True)) == ["waste.manager"]
    assert Incident.objects.filter(hate_incident=True).exists()

    before = Incident.objects.count()
    call_command("load_demo_content", stdout=StringIO())
    assert Incident.objects.count() == before
