"""Fixtures shared by the warnings, restrictions and reviews tests; ``housing`` comes
from tests/conftest.py."""

import pytest

from tests.access.factories import manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory


@pytest.fixture
def manager(housing):
    return manager_of(housing, username="housing.manager")


@pytest.fixture
def decider():
    return UserFactory(username="decider", roles=["Decision maker"])


@pytest.fixture
def customer(housing):
    person = CustomerFactory(first_name="Morwenna", last_name="Pascoe")
    IncidentFactory(customer=person, service_area=housing)
    return person
