"""The fuzz tests' world (tests/fuzz/world.py), with one account per role."""

import pytest
from django.core.files.storage import FileSystemStorage

from reporting.incidents.models import Evidence
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.fuzz.world import build_world
from tests.incidents.factories import IncidentFactory
from tests.letters.factories import cite_policy


@pytest.fixture
def world(db, tmp_path, monkeypatch, settings):
    field = Evidence._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path / "evidence"))
    settings.LETTERS_ROOT = tmp_path / "letters"
    cite_policy()
    housing = ServiceAreaFactory(name="Housing")
    users = {
        "Staff": UserFactory(username="frontline", roles=["Staff"]),
        "Manager": manager_of(housing, "housing.manager"),
        "Decision maker": UserFactory(username="decision.maker", roles=["Decision maker"]),
        "Health and safety": UserFactory(username="safety.officer", roles=["Health and safety"]),
        "Information governance": UserFactory(
            username="records.officer", roles=["Information governance"]
        ),
    }
    customer = CustomerFactory(first_name="Alex", last_name="Morgan", postcode="AB1 2CD")
    incident = IncidentFactory(customer=customer, service_area=housing)
    IncidentFactory(customer=customer, service_area=housing)
    return build_world(users=users, area=housing, customer=customer, incident=incident)
