"""StaffAccess: worked out once per request, and a manager's reach filled in by the app
that links people to services."""

import pytest
from django.test import RequestFactory

from reporting.access.permissions import StaffAccess
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.incidents.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def test_a_manager_reaches_a_record_through_an_incident_in_their_service(housing):
    manager = manager_of(housing)
    seen, unseen = CustomerFactory(), CustomerFactory()
    IncidentFactory(customer=seen, service_area=housing)
    IncidentFactory(customer=unseen, service_area=ServiceAreaFactory(name="Libraries"))
    access = StaffAccess(manager)
    assert access.can_open_customer(seen)
    assert not access.can_open_customer(unseen)


def test_a_managers_own_report_does_not_reach_the_record(housing):
    manager = manager_of(housing)
    person = CustomerFactory()
    IncidentFactory(customer=person, service_area=housing, reported_by=manager)
    assert not StaffAccess(manager).can_open_customer(person)
    IncidentFactory(customer=person, service_area=housing)  # a colleague's report
    assert StaffAccess(manager).can_open_customer(person)


def test_each_record_is_looked_up_once_however_often_a_page_asks(
    housing, django_assert_num_queries
):
    manager = manager_of(housing)
    customer = CustomerFactory()
    IncidentFactory(customer=customer, service_area=housing)
    access = StaffAccess(manager)
    access.roles, access.managed_area_ids  # noqa: B018  (worked out before counting)
    with django_assert_num_queries(1):
        for _ in range(5):
            assert access.can_open_customer(customer)
            assert access.can_warn_or_propose(customer)


def test_one_access_per_request_for_the_user_signed_in(housing):
    manager = manager_of(housing)
    request = RequestFactory().get("/staff/")
    request.user = manager
    first = StaffAccess.for_request(request)
    assert StaffAccess.for_request(request) is first
    request.user = manager_of(ServiceAreaFactory(name="Planning"), username="other")
    assert StaffAccess.for_request(request) is not first
