"""Monitoring's monthly tallies of incidents stay true as incidents are reported,
corrected and removed, and a period read from them (whole months) and from the incidents
(the part-months at its ends) gives the same counts as counting every incident."""

import datetime
import random
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from reporting.access.permissions import StaffAccess
from reporting.incidents import tallies
from reporting.incidents.models import BehaviourCategory, Incident, IncidentTally
from reporting.incidents.selectors import incident_counts
from reporting.incidents.services import correct_incident, remove_incidents_for_retention
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory
from tests.incidents.test_submission_queries import REPORT, answers

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def at(year, month, day, hour=12, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def kept():
    """The tallies as they stand, keyed by group and behaviour."""
    return {
        (row.month, row.service_area_id, row.site, row.channel, row.behaviour): (
            row.category_id,
            row.incidents,
            row.riddor,
            row.injury,
            row.violence,
            row.no_behaviour,
        )
        for row in IncidentTally.objects.all()
        if row.incidents or row.no_behaviour
    }


def direct_counts(incidents):
    """What monitoring should show, counted from every incident."""
    by_service, by_channel, behaviours = Counter(), Counter(), Counter()
    flags = Counter()
    for incident in incidents.prefetch_related("categories").select_related("service_area"):
        by_service[incident.service_area.name] += 1
        by_channel[incident.channel] += 1
        flags.update(
            riddor=int(incident.riddor_reportable),
            injury=int(incident.injury),
            violence=int(incident.violence),
        )
        names = [category.name for category in incident.categories.all()] or [None]
        behaviours.update(names)
    return by_service, by_channel, behaviours, flags


def rolled_up(groups, behaviours):
    by_service, by_channel, flags = Counter(), Counter(), Counter()
    for group in groups:
        by_service[group["service"]] += group["n"]
        by_channel[group["channel"]] += group["n"]
        flags.update(riddor=group["riddor"], injury=group["injury"], violence=group["violence"])
    return +by_service, +by_channel, +Counter(behaviours), +flags


@pytest.fixture
def categories():
    return list(BehaviourCategory.objects.order_by("pk")[:3])


@pytest.fixture
def governance():
    return UserFactory(username="governance", roles=["Information governance"])


def test_a_report_sent_through_the_form_is_counted_in_its_month(client, housing, categories):
    reporter = UserFactory(username="frontline", roles=["Staff"])
    manager_of(housing, "manager")
    client.force_login(reporter)
    data = answers(housing, categories=[str(categories[0].pk), str(categories[1].pk)])
    assert client.post(REPORT, data).status_code == 302
    assert client.post(REPORT, data).status_code == 302

    incident = Incident.objects.first()
    month = timezone.localdate(incident.occurred_at).replace(day=1)
    group = IncidentTally.objects.get(month=month, category=None)
    assert (group.service_area, group.site, group.channel) == (
        housing,
        incident.site,
        incident.channel,
    )
    assert group.incidents == 2
    shown = dict(
        IncidentTally.objects.filter(month=month, category__isnull=False).values_list(
            "category__name", "incidents"
        )
    )
    assert shown == {categories[0].name: 2, categories[1].name: 2}


def test_a_correction_moves_the_riddor_and_injury_counts(housing):
    safety = UserFactory(username="safety", roles=["Health and safety"])
    incident = IncidentFactory(service_area=housing)
    group = IncidentTally.objects.get(category=None)
    assert (group.incidents, group.riddor, group.injury) == (1, 0, 0)

    correct_incident(
        incident=incident,
        by=safety,
        reason="A broken wrist, reportable.",
        injury=True,
        injury_details="A broken wrist.",
        riddor_reportable=True,
    )
    group.refresh_from_db()
    assert (group.incidents, group.riddor, group.injury) == (1, 1, 1)

    correct_incident(
        incident=incident, by=safety, reason="Not reportable.", riddor_reportable=False
    )
    group.refresh_from_db()
    assert (group.incidents, group.riddor, group.injury) == (1, 0, 1)


def test_what_is_kept_as_incidents_come_and_go_equals_counting_them_all_again(categories):
    rng = random.Random(7)
    areas = [ServiceAreaFactory(name=name) for name in ("Housing", "Parks", "Libraries")]
    safety = UserFactory(username="safety", roles=["Health and safety"])
    made = []
    for _ in range(40):
        chosen = rng.sample(categories, rng.randint(0, 2))
        incident = IncidentFactory(
            service_area=rng.choice(areas),
            occurred_at=at(2026, rng.randint(1, 10), rng.randint(1, 28), rng.randint(0, 23)),
            site=rng.choice(["", "Civic Offices reception", "Central Library"]),
            channel=rng.choice(["face_to_face", "phone", "email"]),
            violence=rng.random() < 0.3,
            categories=chosen,
        )
        if not chosen:
            incident.categories.clear()  # the factory's default, taken back
            tallies.recount([tallies.month_of(incident.occurred_at)])
        made.append(incident)
    for incident in rng.sample(made, 8):
        correct_incident(
            incident=incident,
            by=safety,
            reason="Checked with the officer.",
            injury=True,
            injury_details="Bruised arm.",
        )
    remove_incidents_for_retention(incident_ids=[incident.pk for incident in made[:10]])
    assert Incident.objects.count() == 30

    as_kept = kept()
    tallies.recount()
    assert kept() == as_kept
    call_command("recount_incident_tallies", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert kept() == as_kept


@pytest.mark.parametrize(
    ("start", "end"),
    [
        # Part-months at both ends around whole months.
        (datetime.date(2026, 1, 15), datetime.date(2026, 6, 10)),
        # Whole months only.
        (datetime.date(2026, 2, 1), datetime.date(2026, 5, 31)),
        # Within one month.
        (datetime.date(2026, 3, 5), datetime.date(2026, 3, 20)),
        # Across a year's end, starting on the first.
        (datetime.date(2025, 12, 1), datetime.date(2026, 1, 31)),
    ],
)
def test_a_period_counts_what_counting_every_incident_counts(governance, categories, start, end):
    rng = random.Random(11)
    areas = [ServiceAreaFactory(name=name) for name in ("Housing", "Parks")]
    for _ in range(60):
        day = datetime.date(2025, 11, 20) + datetime.timedelta(days=rng.randint(0, 230))
        IncidentFactory(
            service_area=rng.choice(areas),
            occurred_at=at(day.year, day.month, day.day, rng.randint(0, 23), rng.randint(0, 59)),
            channel=rng.choice(["face_to_face", "phone"]),
            riddor_reportable=rng.random() < 0.2,
            injury=rng.random() < 0.3,
            categories=rng.sample(categories, rng.randint(1, 2)),
        )
    # The last minutes of a summer month, in London: still that month.
    IncidentFactory(service_area=areas[0], occurred_at=at(2026, 5, 31, 23, 30))
    IncidentFactory(service_area=areas[0], occurred_at=at(2026, 6, 1, 0, 15))

    period_start = datetime.datetime.combine(start, datetime.time.min, tzinfo=LONDON)
    period_end = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=LONDON
    )
    expected = direct_counts(
        Incident.objects.filter(occurred_at__gte=period_start, occurred_at__lt=period_end)
    )
    with timezone.override(LONDON):
        groups, behaviours = incident_counts(StaffAccess(governance), period_start, period_end)
    assert rolled_up(groups, behaviours) == tuple(+counter for counter in expected)


def test_a_manager_counts_only_their_services_from_the_tallies(categories):
    housing, parks = ServiceAreaFactory(name="Housing"), ServiceAreaFactory(name="Parks")
    manager = manager_of(housing, "manager")
    for area, count in ((housing, 3), (parks, 5)):
        for _ in range(count):
            IncidentFactory(service_area=area, occurred_at=at(2026, 3, 10))
    start, end = at(2026, 1, 1, 0), at(2026, 7, 1, 0)
    groups, _ = incident_counts(StaffAccess(manager), start, end)
    assert {group["service"] for group in groups} == {"Housing"}
    assert sum(group["n"] for group in groups) == 3
