"""The letter telling a person the outcome of a reconsideration: it must say the outcome,
the reasons, what happens next and the ombudsman; it is issued as every letter is, and
cites the policy version the reconsideration was decided under."""

import datetime
from unittest.mock import patch

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from home.models import PeriodUnit, ReconsiderationSettings
from home.rules import RuleError
from reporting.access.permissions import StaffAccess
from reporting.letters.enums import LetterType
from reporting.letters.models import Letter, LetterTemplate
from reporting.letters.services import issue_letter, prepare_letter
from reporting.restrictions.services.reconsiderations import (
    decide_reconsideration,
    record_reconsideration,
)
from reporting.staff.task_lists import tasks_for
from tests.access.factories import manager_of
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory
from tests.letters.factories import cite_policy
from tests.restrictions.factories import RestrictionFactory

pytestmark = pytest.mark.django_db

REASONS = "Your calls since March have been calm, and the limit is no longer needed."


@pytest.fixture
def policy():
    return cite_policy()


@pytest.fixture
def manager(housing):
    return manager_of(housing, username="housing.manager")


@pytest.fixture
def decider():
    return UserFactory(username="independent", roles=["Decision maker"])


@pytest.fixture
def restriction(housing, policy):
    wording = ReconsiderationSettings.load()
    wording.period, wording.period_unit = 28, PeriodUnit.DAYS
    wording.save()
    incident = IncidentFactory(service_area=housing)
    return RestrictionFactory(customer=incident.customer, incidents=[incident])


def issue_restriction_letter(restriction, manager, *, days_ago):
    with patch("reporting.letters.services.render_letter_pdf", return_value=b"%PDF-1.7\n"):
        return issue_letter(
            LetterType.RESTRICTION,
            restriction=restriction,
            by=manager,
            now=timezone.now() - datetime.timedelta(days=days_ago),
        )


def reconsidered(restriction, manager, decider, outcome="lifted"):
    reconsideration = record_reconsideration(
        restriction=restriction,
        by=manager,
        received_on=timezone.localdate(),
        received_how="email",
        requested_by="customer",
        grounds="The calls were about a leak that was never fixed.",
    )
    return decide_reconsideration(
        reconsideration=reconsideration,
        by=decider,
        outcome=outcome,
        reasons=REASONS,
        role="Chief Strategy Officer",
    )


def test_the_period_runs_from_the_day_the_decision_letter_was_issued(restriction, manager):
    letter = issue_restriction_letter(restriction, manager, days_ago=40)
    with pytest.raises(RuleError) as refused:
        record_reconsideration(
            restriction=restriction,
            by=manager,
            received_on=timezone.localdate(),
            received_how="letter",
            requested_by="customer",
            grounds="I disagree.",
        )
    told = timezone.localdate(letter.issued_at)
    assert f"{told.day} {told:%B %Y}" in refused.value.errors["late_reason"]


def test_an_undecided_reconsideration_has_no_outcome_letter(restriction, manager):
    waiting = record_reconsideration(
        restriction=restriction,
        by=manager,
        received_on=timezone.localdate(),
        received_how="letter",
        requested_by="customer",
        grounds="I disagree.",
    )
    with pytest.raises(RuleError, match="not been decided"):
        prepare_letter(LetterType.RECONSIDERATION, reconsideration=waiting)


def test_the_outcome_letter_is_issued_citing_the_version_the_reconsideration_relied_on(
    restriction, manager, decider, policy, fast_pdf
):
    reconsideration = reconsidered(restriction, manager, decider)
    prepared = prepare_letter(LetterType.RECONSIDERATION, reconsideration=reconsideration)
    text = prepared.body_text
    assert "decided to lift the restriction" in text
    assert REASONS in text
    assert "You can contact us in the usual ways again." in text
    assert "ombudsman" in text.lower()
    assert "Chief Strategy Officer" in text
    letter = issue_letter(LetterType.RECONSIDERATION, reconsideration=reconsideration, by=manager)
    assert letter.reconsideration == reconsideration
    assert letter.restriction == restriction
    assert letter.policy_version == reconsideration.policy_version == policy.current_version


def test_an_outcome_letter_is_issued_once_and_then_no_longer_waits(
    restriction, manager, decider, fast_pdf
):
    reconsideration = reconsidered(restriction, manager, decider, outcome="upheld")

    def waiting_letters():
        (task,) = [t for t in tasks_for(StaffAccess(manager)) if t.key == "letters"]
        return [row.reference for row in task.rows]

    assert reconsideration.reference in waiting_letters()
    issue_letter(LetterType.RECONSIDERATION, reconsideration=reconsideration, by=manager)
    assert reconsideration.reference not in waiting_letters()


def test_a_reconsideration_lifting_it_calls_for_no_other_ending_letter(
    client, restriction, manager, decider, soup
):
    reconsidered(restriction, manager, decider)
    client.force_login(manager)
    page = soup(client.get(f"/staff/restrictions/{restriction.reference}/"))
    labels = [a.get_text(strip=True) for a in page.select("a.govuk-button")]
    assert "Prepare the reconsideration outcome letter" in labels
    assert "Prepare the letter saying it has ended" not in labels
    assert "Prepare the letter saying it is lifted" not in labels


def test_the_manager_prepares_the_letter_from_its_reconsideration_reference(
    client, restriction, manager, decider, fast_pdf
):
    reconsideration = reconsidered(restriction, manager, decider, outcome="upheld")
    url = f"/staff/letters/new/reconsideration/{reconsideration.reference}/"
    client.force_login(manager)
    response = client.get(url)
    assert response.status_code == 200
    assert "decided that it stands" in response.content.decode()
    response = client.post(url, {})
    assert response.status_code == 302
    assert Letter.objects.get().reconsideration == reconsideration
    client.force_login(decider)
    assert client.get(url).status_code == 403


def _outcome_template():
    return LetterTemplate.objects.get(letter_type=LetterType.RECONSIDERATION)


@pytest.mark.parametrize(
    "placeholder",
    ["reconsideration_outcome", "reconsideration_reasons", "next_steps", "ombudsman"],
)
def test_an_outcome_template_missing_what_it_must_say_cannot_be_published(placeholder):
    template = _outcome_template()
    live_revision = template.live_revision_id
    draft = template.get_latest_revision_as_object()
    draft.body = draft.body.replace("{" + placeholder + "}", "")
    with pytest.raises(ValidationError, match=placeholder):
        draft.save_revision().publish()
    template.refresh_from_db()
    assert template.live_revision_id == live_revision


def test_no_outcome_letter_is_issued_from_a_live_template_missing_a_placeholder(
    restriction, manager, decider, fast_pdf
):
    reconsideration = reconsidered(restriction, manager, decider)
    template = _outcome_template()
    draft = template.get_latest_revision_as_object()
    draft.body = draft.body.replace("{next_steps}", "")
    revision = draft.save_revision()
    # Put live some other way than publishing, which would have refused it.
    LetterTemplate.objects.filter(pk=template.pk).update(live_revision=revision)
    with pytest.raises(RuleError, match="missing something it must say"):
        issue_letter(LetterType.RECONSIDERATION, reconsideration=reconsideration, by=manager)
    assert not Letter.objects.exists()
