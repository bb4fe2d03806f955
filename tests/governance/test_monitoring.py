"""Monitoring: the figures match counts made straight from the database, managers see
only their services, small equality groups are hidden, and each chart carries the same
numbers as its table."""

import datetime

import pytest
from django.utils import timezone

from reporting.access.permissions import StaffAccess
from reporting.customers.models import EqualityDetail
from reporting.governance.selectors import monitoring
from reporting.incidents.models import BehaviourCategory, Incident
from reporting.restrictions.models import Restriction
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory
from tests.restrictions.factories import CustomerWarningFactory, RestrictionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def services():
    return ServiceAreaFactory(name="Housing"), ServiceAreaFactory(name="Libraries")


@pytest.fixture
def seeded(services):
    """Seven incidents in Housing, three in Libraries, with a restriction in each."""
    housing, libraries = services
    categories = list(BehaviourCategory.objects.order_by("pk")[:2])
    now = timezone.now()
    for n in range(7):
        IncidentFactory(
            service_area=housing,
            channel="phone" if n % 2 else "face_to_face",
            site="Civic Offices" if n < 4 else "",
            occurred_at=now - datetime.timedelta(days=40 * n),
            categories=categories[: 1 + n % 2],
            riddor_reportable=n == 0,
            injury=n < 2,
        )
    for _ in range(3):
        IncidentFactory(service_area=libraries, channel="email", riddor_reportable=True)
    housing_incident = Incident.objects.filter(service_area=housing).first()
    libraries_incident = Incident.objects.filter(service_area=libraries).first()
    RestrictionFactory(customer=housing_incident.customer, incidents=[housing_incident])
    restriction = RestrictionFactory(
        customer=libraries_incident.customer, incidents=[libraries_incident]
    )
    restriction.service_areas.set([libraries])
    return housing, libraries


def access_for(user):
    return StaffAccess(user)


def counts(figure):
    return {row.label: row.cell.count for row in figure.rows}


@pytest.fixture
def health_safety():
    return UserFactory(username="hs", roles=["Health and safety"])


@pytest.fixture
def info_governance():
    return UserFactory(username="ig", roles=["Information governance"])


def test_incident_figures_match_counts_made_from_the_database(seeded, health_safety):
    access, period = access_for(health_safety), monitoring.Period.last_twelve_months()
    start, end = period.times()
    in_period = Incident.objects.filter(occurred_at__gte=start, occurred_at__lt=end)

    by_service = counts(monitoring.incidents_by_service(access, period))
    assert by_service == {
        "Housing": in_period.filter(service_area__name="Housing").count(),
        "Libraries": 3,
    }
    assert sum(counts(monitoring.incidents_by_month(access, period)).values()) == in_period.count()
    by_channel = counts(monitoring.incidents_by_channel(access, period))
    assert by_channel["E-mail"] == in_period.filter(channel="email").count()
    assert by_channel["Telephone"] == in_period.filter(channel="phone").count()
    by_behaviour = counts(monitoring.incidents_by_behaviour(access, period))
    for category in BehaviourCategory.objects.filter(incidents__in=in_period).distinct():
        assert by_behaviour[category.name] == in_period.filter(categories=category).count()
    by_site = counts(monitoring.incidents_by_site(access, period))
    assert by_site["Civic Offices"] == in_period.filter(site="Civic Offices").count()
    riddor = counts(monitoring.riddor_and_injuries(access, period))
    assert riddor["Reportable under RIDDOR"] == in_period.filter(riddor_reportable=True).count()
    assert riddor["Someone was injured"] == in_period.filter(injury=True).count()


def test_restriction_figures_match_counts_made_from_the_database(seeded, health_safety):
    access, period = access_for(health_safety), monitoring.Period.last_twelve_months()
    in_force = Restriction.objects.filter(status="active")
    by_type = counts(monitoring.restrictions_by_type(access, period))
    assert sum(by_type.values()) == in_force.count() == 2
    by_service = counts(monitoring.restrictions_by_service(access, period))
    assert by_service == {"Libraries": 1, "The whole council": 1}


def test_a_manager_counts_only_their_services(seeded):
    housing, libraries = seeded
    access, period = access_for(manager_of(libraries)), monitoring.Period.last_twelve_months()
    assert counts(monitoring.incidents_by_service(access, period)) == {"Libraries": 3}
    assert counts(monitoring.restrictions_by_service(access, period)) == {"Libraries": 1}
    assert monitoring.equality_monitoring(access, period) == []
    titles = [section.title for section in monitoring.dashboard(access, period)]
    assert "Equality monitoring" not in titles


def _answer(customer, answer, recorder):
    EqualityDetail.objects.create(
        customer=customer,
        characteristic="sex",
        answer=answer,
        source="person",
        recorded_by=recorder,
    )


def test_equality_groups_below_the_threshold_are_suppressed(services, info_governance):
    housing, _ = services
    for n in range(6):
        incident = IncidentFactory(service_area=housing)
        _answer(incident.customer, "Female", info_governance)
        if n < 5:
            CustomerWarningFactory(customer=incident.customer)
    for _ in range(2):
        _answer(IncidentFactory(service_area=housing).customer, "Male", info_governance)
    _answer(CustomerFactory(), "Male", info_governance)  # no incident: not counted

    access, period = access_for(info_governance), monitoring.Period.last_twelve_months()
    (figure,) = monitoring.equality_monitoring(access, period)
    rows = {row.label: [cell.text for cell in row.cells] for row in figure.rows}
    assert rows == {
        "Female": ["6", "5", "fewer than 5"],
        "Male": ["fewer than 5", "fewer than 5", "fewer than 5"],
    }
    assert figure.total is None
