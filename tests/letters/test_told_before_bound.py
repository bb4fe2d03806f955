"""Nobody is bound by what they were not told: a decided restriction comes into force on
the day its letter is issued, a warning by letter counts from its letter, and every
letter about a decision cites the policy version the decision relied on."""

import datetime

import pytest
from django.utils import timezone

from home.dates import add_months
from home.rules import RuleError
from policy_pages.models import PublishedVersion, RestrictionType
from reporting.letters.enums import LetterType
from reporting.letters.pdf import render_letter_html
from reporting.letters.services import issue_letter, prepare_letter
from reporting.restrictions.enums import RestrictionStatus, WarningChannel
from reporting.restrictions.models import Restriction
from reporting.restrictions.services.decisions import (
    decide_restriction,
    propose_restriction,
    record_warning,
)
from tests.access.factories import manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory, publish
from tests.incidents.factories import IncidentFactory
from tests.letters.factories import cite_policy

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def at(day):
    """Noon on ``day``, as an aware moment."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def policy():
    return cite_policy()


@pytest.fixture
def manager(housing):
    return manager_of(housing, username="housing.manager")


@pytest.fixture
def decider():
    return UserFactory(username="decider", roles=["Decision maker"])


@pytest.fixture
def customer(housing):
    person = CustomerFactory(address="4 Quarry Lane\nFernhollow", postcode="FH3 9QT")
    IncidentFactory(customer=person, service_area=housing)
    return person


def propose(customer, manager, *, warning=None, starts_on=TODAY, **changes):
    values = {
        "incidents": list(customer.incidents.all()),
        "concern": "abusive",
        "behaviour": "On 3 March you shouted at staff at the Civic Offices.",
        "reasons": "It went on after a warning.",
        "checks_made": "The complaint was answered in full.",
        "needs_considered": "None were given when we asked.",
        "alternatives": "A meeting was offered and refused.",
        "staff_told": "Housing officers.",
        "reconsideration_contact": "The Director of Corporate Services",
        "arrangements": "Write to the housing team.",
        "essential_services": "Emergencies: 01632 960000.",
        "scope": "council",
        "types": [RestrictionType.objects.get(name="Contact in writing only")],
        "warning": warning,
        "no_warning_reason": "" if warning else "Punched an officer.",
        "starts_on": starts_on,
        **changes,
    }
    return propose_restriction(customer=customer, by=manager, **values)


def decided(customer, manager, decider, **proposal):
    restriction = propose(customer, manager, **proposal)
    return decide_restriction(
        restriction=restriction,
        by=decider,
        decision="approved",
        reasons="Proportionate.",
        serious_act_confirmed=proposal.get("warning") is None,
        role="Head of Legal Services",
    )


def test_a_decided_restriction_binds_nobody_until_its_letter_is_issued(
    client, policy, customer, manager, decider, fast_pdf
):
    restriction = decided(customer, manager, decider)
    assert restriction.status == RestrictionStatus.DECIDED
    assert not Restriction.objects.in_force().exists()

    client.force_login(UserFactory(username="frontline", roles=["Staff"]))
    check = client.post("/staff/check/", {"reference": customer.reference}).content.decode()
    assert "No restriction on contact." in check
    assert "decided but is not in force yet" in check

    client.force_login(manager)
    waiting = client.get("/staff/reviews/?show=letters").content.decode()
    assert restriction.reference in waiting

    told_on = TODAY + datetime.timedelta(days=10)
    letter = issue_letter(
        LetterType.RESTRICTION, by=manager, restriction=restriction, now=at(told_on)
    )
    restriction.refresh_from_db()
    assert restriction.status == RestrictionStatus.ACTIVE
    assert restriction.starts_on == told_on
    assert restriction.review_on == add_months(told_on, 3)
    assert f"{told_on.day} {told_on:%B %Y}" in letter.body_text
    assert not Restriction.objects.in_force(on=told_on - datetime.timedelta(days=1)).exists()
    assert Restriction.objects.in_force(on=told_on).get() == restriction


def test_a_later_planned_start_still_holds_once_the_person_is_told(
    policy, customer, manager, decider, fast_pdf
):
    planned = TODAY + datetime.timedelta(days=20)
    restriction = decided(
        customer,
        manager,
        decider,
        starts_on=planned,
        ends_on=planned + datetime.timedelta(days=60),
        review_on=planned + datetime.timedelta(days=30),
    )
    issue_letter(LetterType.RESTRICTION, by=manager, restriction=restriction)
    restriction.refresh_from_db()
    assert restriction.starts_on == planned
    assert restriction.ends_on == planned + datetime.timedelta(days=60)
    assert restriction.review_on == planned + datetime.timedelta(days=30)


def test_the_preview_gives_the_dates_the_letter_will_bring_in(
    client, soup, policy, customer, manager, decider
):
    restriction = decided(customer, manager, decider, starts_on=TODAY)
    client.force_login(manager)
    page = soup(client.get(f"/staff/letters/new/restriction/{restriction.reference}/"))
    text = " ".join(page.get_text(" ").split())
    review = add_months(TODAY, 3)
    assert f"comes into force on {TODAY.day} {TODAY:%B %Y}" in text
    assert f"review is due by {review.day} {review:%B %Y}" in text
    restriction.refresh_from_db()
    assert restriction.status == RestrictionStatus.DECIDED


def test_a_letter_cites_the_version_the_decision_relied_on_and_names_a_newer_one(
    client, soup, policy, customer, manager, decider, fast_pdf
):
    restriction = decided(customer, manager, decider)
    first = PublishedVersion.objects.get(page_id=policy.pk, number=1)
    assert restriction.policy_version == first

    publish(policy, note="Second wording.", body=[])
    second = PublishedVersion.objects.get(page_id=policy.pk, number=2)

    prepared = prepare_letter(LetterType.RESTRICTION, restriction=restriction)
    assert prepared.policy_version == first
    assert prepared.newer_version == second
    html = render_letter_html(prepared)
    assert first.permanent_url in html
    assert second.permanent_url in html

    client.force_login(manager)
    page = soup(client.get(f"/staff/letters/new/restriction/{restriction.reference}/"))
    compare = page.find("a", string=lambda text: text and "Compare version 1" in text)
    assert compare["href"].endswith("versions/1/compare/2/")

    letter = issue_letter(LetterType.RESTRICTION, by=manager, restriction=restriction)
    assert letter.policy_version == first
    assert letter.policy_url == first.permanent_url


def test_a_warning_by_letter_counts_from_the_day_its_letter_is_issued(
    policy, customer, manager, decider, fast_pdf
):
    incident = customer.incidents.get()
    warning = record_warning(
        customer=customer,
        by=manager,
        incidents=[incident],
        behaviour="On 3 March you shouted at staff.",
        change_expected="Speak calmly.",
        consequences="We may limit contact.",
        channel=WarningChannel.LETTER,
        given_on=TODAY,
    )
    assert warning.given_on is None
    with pytest.raises(RuleError) as refused:
        propose(customer, manager, warning=warning)
    assert "does not count yet" in refused.value.errors["warning"]
    assert not Restriction.objects.exists()

    told_on = TODAY + datetime.timedelta(days=2)
    issue_letter(LetterType.WARNING, by=manager, warning=warning, now=at(told_on))
    warning.refresh_from_db()
    assert warning.given_on == told_on
    assert propose(customer, manager, warning=warning, starts_on=told_on).warning == warning


def test_a_warning_in_a_conversation_counts_from_the_day_it_was_given(customer, manager):
    incident = customer.incidents.get()
    given = TODAY - datetime.timedelta(days=7)
    warning = record_warning(
        customer=customer,
        by=manager,
        incidents=[incident],
        behaviour="On 3 March you shouted at staff.",
        change_expected="Speak calmly.",
        consequences="We may limit contact.",
        channel=WarningChannel.IN_PERSON,
        given_on=given,
    )
    assert warning.given_on == given
    with pytest.raises(RuleError) as refused:
        record_warning(
            customer=customer,
            by=manager,
            incidents=[incident],
            behaviour="Again, on 4 March.",
            change_expected="Speak calmly.",
            consequences="We may limit contact.",
            channel=WarningChannel.PHONE,
            given_on=None,
        )
    assert refused.value.errors == {"given_on": "Enter the date the person was told"}
