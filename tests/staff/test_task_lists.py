"""Every step that waits on a person is in that person's task list on the staff home,
oldest first, and they are e-mailed a reference and a link, never personal details."""

import datetime

import pytest
from django.utils import timezone

from policy_pages.models import RestrictionType
from reporting.markers.enums import MarkerSeverity
from reporting.markers.services import set_caution_marker
from reporting.restrictions.enums import RestrictionStatus, WarningChannel
from reporting.restrictions.services.decisions import (
    decide_restriction,
    propose_restriction,
)
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory
from tests.restrictions.factories import CustomerWarningFactory, RestrictionFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def manager(housing):
    return manager_of(housing, username="housing.manager")


@pytest.fixture
def decider():
    return UserFactory(username="decider", roles=["Decision maker"])


@pytest.fixture
def safety():
    return UserFactory(username="safety", roles=["Health and safety"])


@pytest.fixture
def customer(housing):
    person = CustomerFactory(first_name="Morwenna", last_name="Pascoe")
    IncidentFactory(customer=person, service_area=housing)
    return person


def home_lists(client, user, soup):
    """Each task list on the user's home: its title, its count and its references."""
    client.force_login(user)
    page = soup(client.get("/staff/"))
    lists = {}
    for section in page.select("section.sc-task-list"):
        title = section.h3.contents[0].strip()
        count = int(section.h3.select_one(".govuk-tag").get_text())
        references = [link.get_text() for link in section.select("tbody a")]
        lists[title] = (count, references)
    return lists


def propose(customer, manager):
    return propose_restriction(
        customer=customer,
        by=manager,
        incidents=list(customer.incidents.all()),
        concern="abusive",
        behaviour="On 3 March you shouted at staff.",
        reasons="It went on.",
        checks_made="Answered in full.",
        needs_considered="None given.",
        alternatives="A meeting was refused.",
        staff_told="Housing officers.",
        reconsideration_contact="The Director",
        arrangements="Write to us.",
        essential_services="Emergencies: 01632 960000.",
        scope="council",
        types=[RestrictionType.objects.get(name="Contact in writing only")],
        no_warning_reason="Punched an officer.",
        starts_on=timezone.localdate(),
    )


def test_a_proposal_is_in_each_independent_decision_makers_tasks_and_they_are_emailed(
    client, soup, customer, manager, decider, mailoutbox, django_capture_on_commit_callbacks
):
    reporter = customer.incidents.get().reported_by
    reporter.groups.add(*decider.groups.all())  # a decision maker who reported the incident
    with django_capture_on_commit_callbacks(execute=True):
        restriction = propose(customer, manager)

    assert home_lists(client, decider, soup)["Proposals waiting for your decision"] == (
        1,
        [restriction.reference],
    )
    assert home_lists(client, reporter, soup)["Proposals waiting for your decision"] == (0, [])
    assert "Proposals waiting for your decision" not in home_lists(client, manager, soup)

    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [decider.email, reporter.email]
    )
    for message in mailoutbox:
        assert restriction.reference in message.subject
        assert f"/staff/restrictions/{restriction.reference}/" in message.body
        assert "Morwenna" not in message.body + message.subject
        assert "Pascoe" not in message.body + message.subject


def test_once_approved_the_letter_waits_in_the_managers_tasks_and_they_are_emailed(
    client, soup, customer, manager, decider, mailoutbox, django_capture_on_commit_callbacks
):
    restriction = propose(customer, manager)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide_restriction(
            restriction=restriction,
            by=decider,
            decision="approved",
            reasons="Proportionate.",
            serious_act_confirmed=True,
        )
    assert [message.to for message in mailoutbox] == [[manager.email]]
    assert "letter waits" in mailoutbox[0].subject
    assert "Pascoe" not in mailoutbox[0].body
    count, references = home_lists(client, manager, soup)["Letters waiting to be issued"]
    assert (count, references) == (1, [restriction.reference])


def test_a_warning_to_be_given_by_letter_waits_in_the_managers_tasks(
    client, soup, customer, manager
):
    waiting = CustomerWarningFactory(
        customer=customer, channel=WarningChannel.LETTER, given_on=None
    )
    CustomerWarningFactory(customer=customer, channel=WarningChannel.IN_PERSON)
    count, references = home_lists(client, manager, soup)["Letters waiting to be issued"]
    assert (count, references) == (1, [waiting.reference])


def test_health_and_safety_see_markers_to_approve_and_incidents_that_need_them(
    client,
    soup,
    customer,
    manager,
    safety,
    housing,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    incident = customer.incidents.get()  # its kind of behaviour goes to health and safety
    with django_capture_on_commit_callbacks(execute=True):
        set_caution_marker(
            customer=customer,
            incident=incident,
            severity=MarkerSeverity.MEDIUM,
            safety_advice="Visit in pairs.",
            reasons="Threatened an officer at the door.",
            review_date=timezone.localdate() + datetime.timedelta(days=60),
            person_told=False,
            not_told_reason="Telling him would put the officer at risk.",
            by=manager,
        )
    assert [message.to for message in mailoutbox] == [[safety.email]]
    assert "Threatened" not in mailoutbox[0].body
    injured = IncidentFactory(service_area=housing, injury=True, injury_details="A cut hand.")
    older = IncidentFactory(
        service_area=housing,
        riddor_reportable=True,
        injury=True,
        occurred_at=NOW - datetime.timedelta(days=5),
    )
    lists = home_lists(client, safety, soup)
    assert lists["Caution markers waiting for approval"][0] == 1
    count, references = lists["Incidents for health and safety"]
    assert (count, references) == (3, [older.reference, incident.reference, injured.reference])
    assert "Caution markers waiting for approval" not in home_lists(client, manager, soup)


def test_managers_see_new_incidents_and_staff_their_own_open_reports(
    client, soup, housing, manager
):
    reporter = UserFactory(username="frontline", roles=["Staff"])
    newer = IncidentFactory(service_area=housing, reported_by=reporter)
    older = IncidentFactory(
        service_area=housing, reported_by=reporter, occurred_at=NOW - datetime.timedelta(days=9)
    )
    IncidentFactory(service_area=ServiceAreaFactory(name="Parks"))
    lists = home_lists(client, manager, soup)
    assert lists["New incidents in your services"] == (2, [older.reference, newer.reference])
    mine = home_lists(client, reporter, soup)
    assert "New incidents in your services" not in mine
    assert set(mine["Your reports still open"][1]) == {older.reference, newer.reference}


def test_a_decided_restriction_is_no_longer_a_proposal_in_anyones_tasks(client, soup, decider):
    RestrictionFactory(status=RestrictionStatus.DECIDED)
    assert home_lists(client, decider, soup)["Proposals waiting for your decision"] == (0, [])
