"""A new version of the policy letters cite: restrictions decided under an older one are
listed for the publisher and put in decision makers' tasks, until a decision maker brings
each review forward or records that the change does not affect it."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import WorkflowState

from home.rules import RuleError
from policy_pages.models import PublishedVersion
from reporting.access.models import AuditEvent
from reporting.restrictions.enums import PolicyCheckOutcome, ReviewOutcome
from reporting.restrictions.models import PolicyChangeCheck, Restriction
from reporting.restrictions.services.policy_changes import (
    bring_review_forward,
    record_not_affected,
)
from reporting.restrictions.services.reviews import record_review
from reporting.staff import policy_notice
from tests.factories import UserFactory, publish
from tests.letters.factories import cite_policy
from tests.policy_pages.admin_forms import editor_form
from tests.restrictions.factories import RestrictionFactory

pytestmark = pytest.mark.django_db

HOME = "/staff/"


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def day_fields(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def check_url(restriction):
    return f"/staff/restrictions/{restriction.reference}/policy-change/"


def version(policy, number):
    return PublishedVersion.objects.get(page_id=policy.pk, number=number)


def compare_link(policy, newer, older):
    return f"{policy.url}versions/{newer}/compare/{older}/"


@pytest.fixture
def policy():
    return cite_policy()


@pytest.fixture
def decided_under_one(policy, customer):
    """A restriction in force decided under version 1 of the cited policy."""
    return RestrictionFactory(customer=customer, policy_version=version(policy, 1))


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def submit_and_approve(client, page, comms_editor, approver, *, note):
    """The real path: a comms editor submits a change, a policy approver approves it."""
    client.force_login(comms_editor)
    data = editor_form(client, edit_url(page), body=["Wording the editor proposes."])
    data["change_note"] = note
    data["action-submit"] = "action-submit"
    assert client.post(edit_url(page), data).status_code == 302
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    client.force_login(approver)
    url = f"/admin/pages/workflow/action/{page.pk}/approve/{state.current_task_state.pk}/"
    return client.post(url, {}, follow=True)


def publish_in_editor(client, page, user, *, note):
    client.force_login(user)
    data = editor_form(client, edit_url(page))
    data["change_note"] = note
    data["action-publish"] = "action-publish"
    return client.post(edit_url(page), data, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def task_rows(client, soup, user):
    client.force_login(user)
    html = soup(client.get(HOME))
    section = html.select_one('section[aria-labelledby="tasks-policy_changes"]')
    assert section is not None
    return {row.get_text(strip=True): row["href"] for row in section.select("tbody a")}


# The publisher's confirmation and the decision makers' tasks --------------------------


def test_approving_a_new_version_lists_the_restrictions_decided_under_the_older_one(
    client, soup, policy, decided_under_one, comms_editor, policy_approver
):
    response = submit_and_approve(
        client, policy, comms_editor, policy_approver, note="Clearer review section."
    )
    assert version(policy, 2).change_note == "Clearer review section."
    (notice,) = [text for text in messages_of(response) if "older version" in text]
    assert decided_under_one.reference in notice
    assert "Decided under version 1" in notice
    assert f'href="{compare_link(policy, 2, 1)}"' in notice
    assert "Decision makers have them in their tasks" in notice
    # References only: the publisher may not know who the person is.
    assert decided_under_one.customer.last_name not in notice
    # The link answers: it compares version 1 with version 2.
    assert client.get(compare_link(policy, 2, 1)).status_code == 200


def test_publishing_in_the_editor_gives_the_same_notice(
    client, policy, decided_under_one, superuser
):
    response = publish_in_editor(client, policy, superuser, note="New examples.")
    notices = [text for text in messages_of(response) if "older version" in text]
    assert len(notices) == 1
    assert decided_under_one.reference in notices[0]


def test_decision_makers_have_it_in_their_tasks(client, soup, policy, decided_under_one, decider):
    publish(policy, note="Clearer review section.")
    rows = task_rows(client, soup, decider)
    assert rows == {decided_under_one.reference: check_url(decided_under_one)}
    page = soup(client.get(check_url(decided_under_one)))
    compare = page.select_one("a.sc-compare-link")
    assert compare["href"] == compare_link(policy, 2, 1)
    assert "Compare version 1 with version 2" in compare.get_text()


def test_a_restriction_decided_under_the_latest_version_is_not_listed(
    client, soup, policy, customer, decider, comms_editor, policy_approver
):
    publish(policy, note="Second version.")
    current = RestrictionFactory(customer=customer, policy_version=version(policy, 2))
    assert task_rows(client, soup, decider) == {}
    response = submit_and_approve(client, policy, comms_editor, policy_approver, note="Third.")
    (notice,) = [text for text in messages_of(response) if "older version" in text]
    assert current.reference in notice
    assert f'href="{compare_link(policy, 3, 2)}"' in notice


def test_restrictions_under_different_older_versions_each_get_their_comparison(
    policy, customer, decided_under_one
):
    publish(policy, note="Second version.")
    under_two = RestrictionFactory(customer=customer, policy_version=version(policy, 2))
    publish(policy, note="Third version.")
    latest = version(policy, 3)
    notice = policy_notice.policy_change_notice([latest.pk])
    assert "2 restrictions in force were decided under an older version" in notice
    assert f'Decided under version 1 (<a href="{compare_link(policy, 3, 1)}">' in notice
    assert f'Decided under version 2 (<a href="{compare_link(policy, 3, 2)}">' in notice
    assert notice.index(decided_under_one.reference) < notice.index(under_two.reference)


def test_the_notice_names_at_most_the_limit_and_counts_the_rest(
    monkeypatch, policy, customer, decided_under_one
):
    others = [RestrictionFactory(customer=customer, policy_version=version(policy, 1))]
    others.append(RestrictionFactory(customer=customer, policy_version=version(policy, 1)))
    publish(policy, note="Second version.")
    monkeypatch.setattr(policy_notice, "NOTICE_LIMIT", 1)
    notice = policy_notice.policy_change_notice([version(policy, 2).pk])
    assert "3 restrictions in force were decided under an older version" in notice
    assert "And 2 more." in notice
    assert decided_under_one.reference in notice
    assert not any(other.reference in notice for other in others)


def test_nothing_to_check_says_so_and_other_pages_say_nothing(policy, customer):
    RestrictionFactory(customer=customer, policy_version=version(policy, 1), status="ended")
    publish(policy, note="Second version.")
    notice = policy_notice.policy_change_notice([version(policy, 2).pk])
    assert "No restriction in force was decided under an older version" in notice
    assert policy_notice.policy_change_notice([version(policy, 1).pk]) == ""


def test_a_review_under_the_latest_version_takes_it_off_the_list(
    client, soup, policy, decided_under_one, decider
):
    publish(policy, note="Second version.")
    record_review(
        decided_under_one,
        by=decider,
        since_last="No contact since the decision.",
        outcome=ReviewOutcome.CONTINUE,
        reasons="Still needed.",
        next_review_on=in_days(60),
    )
    assert task_rows(client, soup, decider) == {}


# The decision maker's check ---------------------------------------------------------


def test_bringing_the_review_forward_moves_the_date_and_clears_the_task(
    client, soup, policy, decided_under_one, decider
):
    publish(policy, note="Second version.")
    client.force_login(decider)
    response = client.post(
        check_url(decided_under_one),
        {"outcome": PolicyCheckOutcome.BROUGHT_FORWARD, **day_fields("review_on", in_days(7))},
    )
    assert response.status_code == 302
    decided_under_one.refresh_from_db()
    assert decided_under_one.review_on == in_days(7)
    check = PolicyChangeCheck.objects.get(restriction=decided_under_one)
    assert (check.version, check.decided_under) == (version(policy, 2), version(policy, 1))
    assert check.review_was == in_days(80)
    assert AuditEvent.objects.filter(
        object_reference=decided_under_one.reference, note__contains="brought forward"
    ).exists()
    assert task_rows(client, soup, decider) == {}
    record = soup(client.get(f"/staff/restrictions/{decided_under_one.reference}/"))
    assert "review brought forward" in record.get_text(" ")


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (None, "Enter the date of the earlier review"),
        (-1, "The review date cannot be in the past"),
        (80, "Choose a date before the current review date"),
        (90, "Choose a date before the current review date"),
    ],
)
def test_the_earlier_review_date_must_be_earlier_and_not_past(
    client, soup, policy, decided_under_one, decider, days, message
):
    publish(policy, note="Second version.")
    client.force_login(decider)
    data = {"outcome": PolicyCheckOutcome.BROUGHT_FORWARD}
    if days is not None:
        data.update(day_fields("review_on", in_days(days)))
    response = client.post(check_url(decided_under_one), data)
    assert response.status_code == 200
    assert message in soup(response).select_one("#review_on-error, .govuk-error-message").text
    assert not PolicyChangeCheck.objects.exists()
    assert Restriction.objects.get(pk=decided_under_one.pk).review_on == in_days(80)


def test_not_affected_needs_a_reason_then_clears_the_task(
    client, soup, policy, decided_under_one, decider
):
    publish(policy, note="Second version.")
    client.force_login(decider)
    url = check_url(decided_under_one)
    response = client.post(url, {"outcome": PolicyCheckOutcome.NOT_AFFECTED, "reason": "  "})
    assert response.status_code == 200
    errors = soup(response).select(".govuk-error-message")
    assert any("Say why the change to the policy does not affect" in e.text for e in errors)
    assert not PolicyChangeCheck.objects.exists()

    reason = "Only the wording on posters changed; nothing this decision relies on."
    response = client.post(url, {"outcome": PolicyCheckOutcome.NOT_AFFECTED, "reason": reason})
    assert response.status_code == 302
    check = PolicyChangeCheck.objects.get(restriction=decided_under_one)
    assert (check.outcome, check.reason, check.review_on) == (
        PolicyCheckOutcome.NOT_AFFECTED,
        reason,
        None,
    )
    assert Restriction.objects.get(pk=decided_under_one.pk).review_on == in_days(80)
    assert task_rows(client, soup, decider) == {}
    page = soup(client.get(url))
    assert page.select_one("main form") is None
    assert reason in page.get_text(" ")


def test_the_service_refuses_a_missing_reason_with_a_field_error(
    policy, decided_under_one, decider
):
    publish(policy, note="Second version.")
    with pytest.raises(RuleError) as refused:
        record_not_affected(
            restriction=decided_under_one, version=version(policy, 2), by=decider, reason=""
        )
    assert "reason" in refused.value.errors
    assert not PolicyChangeCheck.objects.exists()


def test_a_later_version_lists_it_again(client, soup, policy, decided_under_one, decider):
    publish(policy, note="Second version.")
    record_not_affected(
        restriction=decided_under_one,
        version=version(policy, 2),
        by=decider,
        reason="The change was to the commitment wording only.",
    )
    assert task_rows(client, soup, decider) == {}
    publish(policy, note="Third version.")
    assert task_rows(client, soup, decider) == {
        decided_under_one.reference: check_url(decided_under_one)
    }
    page = soup(client.get(check_url(decided_under_one)))
    assert page.select_one("a.sc-compare-link")["href"] == compare_link(policy, 3, 1)


def test_a_check_against_a_superseded_version_is_refused(policy, decided_under_one, decider):
    publish(policy, note="Second version.")
    publish(policy, note="Third version.")
    with pytest.raises(RuleError, match="newer version"):
        bring_review_forward(
            restriction=decided_under_one,
            version=version(policy, 2),
            by=decider,
            review_on=in_days(5),
        )


# Who may act ------------------------------------------------------------------------


def test_only_decision_makers_check(client, policy, decided_under_one, manager):
    publish(policy, note="Second version.")
    staff = UserFactory(username="plain", roles=["Staff"])
    url = check_url(decided_under_one)
    data = {"outcome": PolicyCheckOutcome.NOT_AFFECTED, "reason": "Not affected."}
    client.force_login(manager)
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    client.force_login(staff)
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    assert not PolicyChangeCheck.objects.exists()
    with pytest.raises(RuleError, match="Only a decision maker"):
        record_not_affected(
            restriction=decided_under_one, version=version(policy, 2), by=manager, reason="No."
        )
    rows_for_manager = client.get(HOME)
    assert b"tasks-policy_changes" not in rows_for_manager.content
