"""Fixtures shared by the incidents tests; ``housing`` comes from tests/conftest.py."""

import pytest

from tests.access.factories import ServiceAreaFactory
from tests.factories import UserFactory


@pytest.fixture
def parks():
    return ServiceAreaFactory(name="Parks")


@pytest.fixture
def reporter():
    return UserFactory(username="frontline", roles=["Staff"])
