"""Reconsideration of a restriction decision: the request (in time, or late with a
reason), a decision maker who took no part in the case, the outcome and its effect, a
suspension while it waits, and where it shows."""

import datetime

import pytest
from django.utils import timezone

from home.models import PeriodUnit, ReconsiderationSettings
from home.rules import RuleError
from policy_pages.models import RestrictionType
from reporting.access.models import AuditEvent
from reporting.access.permissions import StaffAccess
from reporting.restrictions.enums import EndReason, RestrictionStatus
from reporting.restrictions.models import Reconsideration
from reporting.restrictions.selectors import restriction_notices
from reporting.restrictions.services.reconsiderations import (
    decide_reconsideration,
    record_reconsideration,
    suspend_restriction,
)
from reporting.staff.task_lists import reconsiderations_to_decide, tasks_for
from tests.factories import UserFactory
from tests.letters.factories import cite_policy
from tests.restrictions.factories import RestrictionFactory

pytestmark = pytest.mark.django_db

GROUNDS = "I was only asking about my repair. Nobody told me what would happen next."


def today():
    return timezone.localdate()


def day_fields(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.fixture
def period():
    """Twenty-eight calendar days to ask, so the tests need no bank holidays."""
    wording = ReconsiderationSettings.load()
    wording.period, wording.period_unit = 28, PeriodUnit.DAYS
    wording.save()
    return wording


@pytest.fixture
def policy():
    return cite_policy()


@pytest.fixture
def proposer(housing):
    from tests.access.factories import manager_of

    return manager_of(housing, username="proposer")


@pytest.fixture
def original_decider():
    return UserFactory(username="original", roles=["Decision maker"])


@pytest.fixture
def restriction(customer, proposer, original_decider, period, policy):
    """In force for ten days; the person was told when it started."""
    return RestrictionFactory(
        customer=customer,
        proposed_by=proposer,
        decided_by=original_decider,
        starts_on=today() - datetime.timedelta(days=10),
    )


@pytest.fixture
def reporter(customer):
    reporter = customer.incidents.get().reported_by
    reporter.groups.add(*UserFactory(roles=["Decision maker"]).groups.all())
    return reporter


def request_values(**changes):
    values = {
        "received_on": today(),
        "received_how": "letter",
        "requested_by": "customer",
        "grounds": GROUNDS,
    }
    values.update(changes)
    return values


@pytest.fixture
def waiting(restriction, manager):
    return record_reconsideration(restriction=restriction, by=manager, **request_values())


# Recording the request ------------------------------------------------------------------


def test_a_request_within_the_period_is_recorded_in_time(restriction, manager):
    reconsideration = record_reconsideration(
        restriction=restriction, by=manager, **request_values()
    )
    assert reconsideration.reference == f"RC-{reconsideration.pk:06d}"
    assert reconsideration.in_time
    assert reconsideration.told_on == restriction.starts_on
    assert reconsideration.last_day == restriction.starts_on + datetime.timedelta(days=28)
    assert AuditEvent.objects.filter(object_type="reconsideration", action="create").exists()


def test_a_late_request_without_a_reason_is_refused_on_its_field_and_nothing_is_saved(
    restriction, manager
):
    restriction.starts_on = today() - datetime.timedelta(days=40)
    restriction.save()
    with pytest.raises(RuleError) as refused:
        record_reconsideration(restriction=restriction, by=manager, **request_values())
    assert "late_reason" in refused.value.errors
    assert "last day to ask" in refused.value.errors["late_reason"]
    assert not Reconsideration.objects.exists()


def test_a_late_request_with_a_reason_is_accepted_as_late(restriction, manager):
    restriction.starts_on = today() - datetime.timedelta(days=40)
    restriction.save()
    reconsideration = record_reconsideration(
        restriction=restriction,
        by=manager,
        **request_values(late_reason="The decision letter went to an old address."),
    )
    assert not reconsideration.in_time
    assert reconsideration.late_reason == "The decision letter went to an old address."


def test_the_request_page_shows_the_late_reason_error_and_saves_nothing(
    client, restriction, manager, soup
):
    restriction.starts_on = today() - datetime.timedelta(days=40)
    restriction.save()
    client.force_login(manager)
    url = f"/staff/restrictions/{restriction.reference}/reconsiderations/new/"
    response = client.post(
        url,
        {
            **day_fields("received_on", today()),
            "received_how": "email",
            "requested_by": "customer",
            "grounds": GROUNDS,
        },
    )
    assert response.status_code == 200
    summary = soup(response).select_one(".govuk-error-summary").get_text(" ")
    assert "The request is late" in summary
    assert not Reconsideration.objects.exists()


def test_a_representative_must_be_named(restriction, manager):
    with pytest.raises(RuleError) as refused:
        record_reconsideration(
            restriction=restriction, by=manager, **request_values(requested_by="representative")
        )
    assert "representative_name" in refused.value.errors


def test_only_one_request_waits_at_a_time(waiting, restriction, manager):
    with pytest.raises(RuleError, match=waiting.reference):
        record_reconsideration(restriction=restriction, by=manager, **request_values())


def test_staff_who_cannot_issue_its_letters_cannot_record_a_request(restriction):
    with pytest.raises(RuleError):
        record_reconsideration(
            restriction=restriction, by=UserFactory(roles=["Staff"]), **request_values()
        )


# Who decides ----------------------------------------------------------------------------


def uphold(reconsideration, by):
    return decide_reconsideration(
        reconsideration=reconsideration,
        by=by,
        outcome="upheld",
        reasons="The restriction answers the behaviour and leaves every service reachable.",
        role="Chief Strategy Officer",
    )


@pytest.mark.parametrize("who", ["proposer", "original_decider", "reporter"])
def test_nobody_who_took_part_in_the_case_may_decide(waiting, who, request):
    user = request.getfixturevalue(who)
    user.groups.add(*UserFactory(roles=["Decision maker"]).groups.all())
    assert StaffAccess(user).reconsideration_conflict(waiting)
    with pytest.raises(RuleError, match="took no part"):
        uphold(waiting, user)
    with pytest.raises(RuleError, match="took no part"):
        suspend_restriction(reconsideration=waiting, by=user, reason="Pending.")
    waiting.refresh_from_db()
    assert waiting.is_open
    assert waiting.suspended_at is None


@pytest.mark.parametrize("who", ["proposer", "original_decider", "reporter"])
def test_the_decide_page_refuses_anyone_who_took_part(client, waiting, who, request):
    user = request.getfixturevalue(who)
    user.groups.add(*UserFactory(roles=["Decision maker"]).groups.all())
    client.force_login(user)
    assert client.get(f"/staff/reconsiderations/{waiting.reference}/decide/").status_code == 403
    assert client.get(f"/staff/reconsiderations/{waiting.reference}/suspend/").status_code == 403


def test_a_manager_may_not_decide(waiting, manager):
    with pytest.raises(RuleError, match="Only a decision maker"):
        uphold(waiting, manager)


def test_another_decision_maker_upholds_and_nothing_changes(client, waiting, decider, policy):
    restriction = waiting.restriction
    client.force_login(decider)
    response = client.post(
        f"/staff/reconsiderations/{waiting.reference}/decide/",
        {
            "outcome": "upheld",
            "reasons": "The grounds raise nothing the decision did not weigh.",
            "role": "Chief Strategy Officer",
        },
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.outcome == "upheld"
    assert waiting.decided_by == decider
    assert waiting.decided_by_role == "Chief Strategy Officer"
    assert waiting.policy_version == policy.current_version
    restriction.refresh_from_db()
    assert restriction.status == RestrictionStatus.ACTIVE


def test_a_decision_is_made_once(waiting, decider):
    uphold(waiting, decider)
    with pytest.raises(RuleError, match="already been decided"):
        uphold(waiting, decider)


def test_varying_needs_the_changes_in_words(waiting, decider):
    other = RestrictionType.objects.exclude(pk__in=waiting.restriction.types.values("pk")).first()
    with pytest.raises(RuleError) as refused:
        decide_reconsideration(
            reconsideration=waiting,
            by=decider,
            outcome="varied",
            reasons="A lighter limit is enough.",
            role="Chief Strategy Officer",
            types=[other],
        )
    assert "changes" in refused.value.errors
    waiting.refresh_from_db()
    assert waiting.is_open


def test_varying_changes_the_restriction_as_a_review_would(waiting, decider):
    decide_reconsideration(
        reconsideration=waiting,
        by=decider,
        outcome="varied",
        reasons="Calls on two mornings a week are reasonable.",
        role="Chief Strategy Officer",
        changes="You may now also telephone on Tuesday and Thursday mornings.",
        arrangements="Write to the housing team, or telephone on Tuesday and Thursday mornings.",
    )
    restriction = waiting.restriction
    restriction.refresh_from_db()
    assert restriction.status == RestrictionStatus.ACTIVE
    assert "Thursday mornings" in restriction.arrangements
    waiting.refresh_from_db()
    assert waiting.changes.startswith("You may now also telephone")


def test_lifting_ends_the_restriction_and_any_suspension(waiting, decider):
    suspend_restriction(reconsideration=waiting, by=decider, reason="New medical evidence.")
    decide_reconsideration(
        reconsideration=waiting,
        by=decider,
        outcome="lifted",
        reasons="The medical evidence explains the calls.",
        role="Chief Strategy Officer",
    )
    restriction = waiting.restriction
    restriction.refresh_from_db()
    assert restriction.status == RestrictionStatus.ENDED
    assert restriction.ended_on == today()
    assert restriction.ended_reason == EndReason.RECONSIDERED
    waiting.refresh_from_db()
    assert waiting.suspension_ended_at is not None
    assert not waiting.is_suspending


# A suspension ---------------------------------------------------------------------------


def test_a_suspension_needs_a_reason(waiting, decider):
    with pytest.raises(RuleError) as refused:
        suspend_restriction(reconsideration=waiting, by=decider, reason=" ")
    assert "reason" in refused.value.errors


def test_the_check_before_contact_says_a_suspended_restriction_does_not_bind(
    client, waiting, decider, customer
):
    suspend_restriction(reconsideration=waiting, by=decider, reason="New medical evidence.")
    (notice,) = restriction_notices(customer)
    assert notice.suspended
    client.force_login(UserFactory(roles=["Staff"]))
    text = client.post("/staff/check/", {"reference": customer.reference}).content.decode()
    assert "suspended pending reconsideration" in text
    assert "Contact with this person is restricted." not in text


def test_before_any_suspension_the_check_still_lists_the_restriction(client, waiting, customer):
    client.force_login(UserFactory(roles=["Staff"]))
    text = client.post("/staff/check/", {"reference": customer.reference}).content.decode()
    assert "Contact with this person is restricted." in text
    assert "suspended" not in text


# Where it shows -------------------------------------------------------------------------


def test_the_request_waits_only_in_independent_decision_makers_tasks(
    waiting, decider, original_decider, manager
):
    def listed(user):
        return [row.reference for row in reconsiderations_to_decide(StaffAccess(user)).rows]

    assert listed(decider) == [waiting.reference]
    assert listed(original_decider) == []
    assert listed(manager) == []
    assert "reconsiderations" not in {task.key for task in tasks_for(StaffAccess(manager))}


def test_the_tasks_list_the_oldest_request_first(customer, manager, decider, period):
    newer = RestrictionFactory(customer=customer)
    older = RestrictionFactory(customer=customer)
    second = record_reconsideration(
        restriction=newer, by=manager, **request_values(received_on=today())
    )
    first = record_reconsideration(
        restriction=older,
        by=manager,
        **request_values(received_on=today() - datetime.timedelta(days=2)),
    )
    task = reconsiderations_to_decide(StaffAccess(decider))
    assert [row.reference for row in task.rows] == [first.reference, second.reference]


def test_the_decision_record_and_the_timeline_show_the_reconsideration(
    client, waiting, decider, soup
):
    suspend_restriction(reconsideration=waiting, by=decider, reason="New medical evidence.")
    uphold(waiting, decider)
    restriction = waiting.restriction
    client.force_login(decider)
    record = " ".join(
        soup(client.get(f"/staff/restrictions/{restriction.reference}/")).get_text(" ").split()
    )
    assert f"Reconsideration {waiting.reference}" in record
    assert GROUNDS in record
    assert "In time? Yes" in record
    assert "New medical evidence." in record
    assert "The restriction answers the behaviour" in record
    assert "The outcome letter has not been issued yet." in record
    history = soup(client.get(f"/staff/customers/{restriction.customer.reference}/"))
    text = " ".join(history.select_one("ol[aria-labelledby=history]").get_text(" ").split())
    assert (
        f"Reconsideration {waiting.reference} of restriction {restriction.reference} requested"
        in text
    )
    assert (
        f"Reconsideration {waiting.reference} of restriction {restriction.reference} decided"
        in text
    )
    assert f"Restriction {restriction.reference} suspended pending reconsideration" in text


def test_the_decision_record_offers_to_record_a_request(client, restriction, manager, soup):
    client.force_login(manager)
    page = soup(client.get(f"/staff/restrictions/{restriction.reference}/"))
    link = page.find("a", string="Record a request for reconsideration")
    assert link["href"] == f"/staff/restrictions/{restriction.reference}/reconsiderations/new/"
    response = client.post(
        link["href"],
        {
            **day_fields("received_on", today()),
            "received_how": "email",
            "requested_by": "representative",
            "representative_name": "Ms Ada Trelawny, Fernhollow Advice Centre",
            "grounds": GROUNDS,
        },
    )
    assert response.status_code == 302
    reconsideration = Reconsideration.objects.get()
    assert reconsideration.representative_name.startswith("Ms Ada Trelawny")
    assert reconsideration.in_time
