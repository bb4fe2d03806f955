"""The monitoring page and the board report ask the database the same number of
questions whatever the data: one incident in one service, or many across services,
behaviours, sites and channels, with customers' equality answers, warnings, restrictions
of several types, reviews and reconsiderations. Every figure is one aggregate query, so
a figure that starts asking once per row fails here (make bench times the same pages at
100,000 incidents)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from policy_pages.models import RestrictionType
from reporting.customers.models import EqualityDetail
from reporting.incidents.models import BehaviourCategory
from reporting.restrictions.models import Reconsideration, RestrictionReview
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory
from tests.restrictions.factories import CustomerWarningFactory, RestrictionFactory

pytestmark = pytest.mark.django_db

PAGE = "/staff/governance/monitoring/"
CHANNELS = ["face_to_face", "phone", "email", "letter", "online_form"]
SITES = ["Civic Offices", "Central Library", "", "Leisure Centre"]
ANSWERS = [("sex", "Female"), ("sex", "Male"), ("age", "25 to 34"), ("race", "White")]


@pytest.fixture
def services():
    return ServiceAreaFactory(name="Housing"), ServiceAreaFactory(name="Libraries")


@pytest.fixture
def governance():
    return UserFactory(username="ig", roles=["Information governance"])


def add_incidents(count, services, recorder, *, start=0):
    """``count`` more incidents, spread over services, channels, sites, behaviours and
    the last two years, each about a customer with an equality answer; every third with a
    warning, every fourth restricted and reviewed, every eighth reconsidered."""
    categories = list(BehaviourCategory.objects.order_by("pk"))
    types = list(RestrictionType.objects.order_by("pk"))
    decider = UserFactory(username="dm", roles=["Decision maker"])
    today = timezone.localdate()
    for n in range(start, start + count):
        incident = IncidentFactory(
            service_area=services[n % len(services)],
            channel=CHANNELS[n % len(CHANNELS)],
            site=SITES[n % len(SITES)],
            occurred_at=timezone.now() - datetime.timedelta(days=37 * n),
            categories=categories[n % len(categories) : n % len(categories) + 1 + n % 2],
            riddor_reportable=n % 5 == 0,
            injury=n % 3 == 0,
            violence=n % 4 == 0,
        )
        characteristic, answer = ANSWERS[n % len(ANSWERS)]
        EqualityDetail.objects.create(
            customer=incident.customer,
            characteristic=characteristic,
            answer=answer,
            source="person",
            recorded_by=recorder,
        )
        if n % 3 == 0:
            CustomerWarningFactory(customer=incident.customer, incidents=[incident])
        if n % 4:
            continue
        restriction = RestrictionFactory(
            customer=incident.customer,
            incidents=[incident],
            types=types[n % len(types) : n % len(types) + 2],
        )
        restriction.service_areas.set([incident.service_area])
        RestrictionReview.objects.create(
            restriction=restriction,
            reviewed_by=decider,
            due_on=today - datetime.timedelta(days=n % 7),
            since_last="Nothing new.",
            outcome="continue",
            reasons="Still needed.",
        )
        if n % 8 == 0:
            Reconsideration.objects.create(
                restriction=restriction,
                received_on=today - datetime.timedelta(days=3),
                received_how="letter",
                requested_by="customer",
                grounds="The decision was unfair.",
                told_on=today - datetime.timedelta(days=10),
                last_day=today + datetime.timedelta(days=11),
                in_time=True,
                recorded_by=decider,
            )


def two_years_back():
    today = timezone.localdate()
    return {"start": (today - datetime.timedelta(days=730)).isoformat(), "end": today.isoformat()}


@pytest.mark.parametrize(
    ("reader", "url", "params"),
    [
        ("governance", PAGE, None),
        ("manager", PAGE, None),
        ("governance", PAGE, "two years"),
        ("governance", f"{PAGE}board-report.csv", None),
        ("governance", f"{PAGE}board-report.xlsx", None),
    ],
    ids=["everything", "a manager's services", "date filter", "board csv", "board xlsx"],
)
def test_monitoring_asks_the_same_number_of_queries_with_one_or_many_incidents(
    client, services, governance, django_assert_num_queries, reader, url, params
):
    user = governance if reader == "governance" else manager_of(services[0])
    data = two_years_back() if params else None
    client.force_login(user)
    assert client.get(url, data).status_code == 200  # the session and caches warmed

    add_incidents(1, services[:1], governance)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, data).status_code == 200

    add_incidents(11, services, governance, start=1)
    with django_assert_num_queries(len(few)):
        response = client.get(url, data)
    assert response.status_code == 200
