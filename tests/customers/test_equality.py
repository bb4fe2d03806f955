"""Equality details are for monitoring: staff who may open the record add them, only the
roles that monitor read them, and each reading is audited."""

import pytest

from home.rules import RuleError
from reporting.access.models import AuditEvent
from reporting.customers.models import EqualityDetail
from reporting.customers.services import record_equality_details
from tests.access.factories import manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(housing):
    person = CustomerFactory()
    IncidentFactory(customer=person, service_area=housing)
    return person


@pytest.fixture
def manager(housing):
    return manager_of(housing, username="housing.manager")


def test_a_manager_records_details_they_cannot_read_back(client, customer, manager):
    client.force_login(manager)
    response = client.post(
        f"/staff/customers/{customer.reference}/equality/",
        {"age_answer": "45 to 54", "disability_prefer_not": "on", "source": "person"},
    )
    assert response.status_code == 302
    details = {d.characteristic: d for d in EqualityDetail.objects.filter(customer=customer)}
    assert details["age"].answer == "45 to 54"
    assert details["disability"].prefer_not_to_say
    note = AuditEvent.objects.get(action="change", object_type="customer").note
    assert note == "Equality details recorded: age, disability"

    record = client.get(f"/staff/customers/{customer.reference}/").content.decode()
    assert "45 to 54" not in record
    assert "Recorded for 2 characteristics" in record


@pytest.mark.parametrize("role", ["Information governance", "Health and safety"])
def test_the_roles_that_monitor_read_them_and_each_reading_is_audited(
    client, customer, manager, role
):
    record_equality_details(
        customer=customer, by=manager, source="person", answers={"age": ("45 to 54", False)}
    )
    client.force_login(UserFactory(username="monitor", roles=[role]))
    record = client.get(f"/staff/customers/{customer.reference}/").content.decode()
    assert "45 to 54" in record
    assert AuditEvent.objects.filter(note="Equality details read").count() == 1


def test_an_answer_and_prefer_not_to_say_together_are_refused(customer, manager):
    with pytest.raises(RuleError) as refused:
        record_equality_details(
            customer=customer, by=manager, source="person", answers={"age": ("50", True)}
        )
    assert "age_answer" in refused.value.errors
    with pytest.raises(RuleError) as refused:
        record_equality_details(
            customer=customer, by=manager, source="", answers={"sex": ("Female", False)}
        )
    assert refused.value.errors == {"source": "Say where the answers came from"}
    assert not EqualityDetail.objects.exists()
