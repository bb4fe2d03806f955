"""Before approving, a policy approver reads what the draft changes, word by word against
the live version, beside its change note, where they approve."""

import json

import pytest
from bs4 import BeautifulSoup
from wagtail.models import WorkflowState

from policy_pages.models import PolicySignOffTask, PublishedVersion
from tests.factories import make_policy, paragraph, publish
from tests.policy_pages.admin_forms import editor_form

pytestmark = pytest.mark.django_db


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def task_state_of(page):
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    return state.current_task_state


def approve_dialog_urls(page):
    task_state = task_state_of(page)
    return [
        # From the dashboard's list of pages awaiting review.
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/",
        # From the page editor's action menu.
        f"/admin/pages/workflow/collect_action_data/{page.pk}/approve/{task_state.pk}/",
    ]


def dialog(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(json.loads(response.content)["html"], "html.parser")


def words(node):
    return " ".join(node.get_text(" ").split())


@pytest.fixture
def submitted(client, comms_editor):
    """The live policy says 'end the call'; the editor submits 'end the meeting'."""
    page = publish(
        make_policy(text="We may end the call after a warning."), note="First published."
    )
    client.force_login(comms_editor)
    data = editor_form(client, edit_url(page), body=["We may end the meeting after a warning."])
    data["title"] = "Behaviour policy for meetings"
    data["change_note"] = "Covers meetings as well as calls."
    data["action-submit"] = "action-submit"
    assert client.post(edit_url(page), data).status_code == 302
    client.logout()
    return page


def test_the_approver_reads_the_drafts_changes_beside_its_note_before_approving(
    client, policy_approver, submitted
):
    client.force_login(policy_approver)
    for url in approve_dialog_urls(submitted):
        html = dialog(client.get(url))
        review = html.select_one(".sc-approval-review")
        assert "version 1, the version live now" in words(review)
        assert words(review.select_one(".sc-approval-review__note")) == (
            "Covers meetings as well as calls."
        )
        diff = review.select_one(".sc-approval-review__diff")
        assert [words(node) for node in diff.select("del")] == [
            "removed: call (end of removed text)"
        ]
        assert [words(node) for node in diff.select("ins")] == [
            "added: meeting (end of added text)"
        ]
        assert "for meetings" in words(review.select_one(".sc-approval-review__title ins"))
        # The review sits above the approve button, in the same dialog.
        assert html.select_one("form button[type=submit]") is not None
    # Reading it publishes nothing.
    assert PublishedVersion.objects.filter(page_id=submitted.pk).count() == 1


def test_an_edit_saved_after_submission_shows_as_a_change_too(client, policy_approver, submitted):
    # An edit the editor later abandoned, autosaved as the newest draft: approving would
    # publish it, so the approver sees it.
    draft = submitted.get_latest_revision_as_object()
    draft.body = [*draft.body.raw_data, paragraph("We may also ban all contact for ever.")]
    draft.save_revision()

    client.force_login(policy_approver)
    review = dialog(client.get(approve_dialog_urls(submitted)[0])).select_one(
        ".sc-approval-review__diff"
    )
    assert "added: We may also ban all contact for ever." in [
        words(node).removesuffix(" (end of added text)") for node in review.select("ins")
    ]


def test_approving_from_the_dialog_publishes_what_it_showed(client, policy_approver, submitted):
    client.force_login(policy_approver)
    url = approve_dialog_urls(submitted)[0]
    dialog(client.get(url))
    assert client.post(url, {"comment": "Read the changes."}).status_code == 302
    latest = PublishedVersion.objects.get(page_id=submitted.pk, number=2)
    assert "We may end the meeting after a warning." in latest.content_html
    assert latest.change_note == "Covers meetings as well as calls."


def test_approve_always_opens_the_review_dialog_for_versioned_pages(policy_approver, submitted):
    task = task_state_of(submitted).task.specific
    assert isinstance(task, PolicySignOffTask)
    approve = [
        action for action in task.get_actions(submitted, policy_approver) if action[0] == "approve"
    ]
    # One approve action, and it asks for the dialog (its third item).
    assert len(approve) == 1
    assert approve[0][2] is True


def test_a_comms_editor_cannot_open_the_approval_dialog(client, comms_editor, submitted):
    client.force_login(comms_editor)
    for url in approve_dialog_urls(submitted):
        response = client.get(url)
        # The admin's refusal: back to the dashboard, with nothing of the dialog.
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
        assert b"sc-approval-review" not in response.content
    assert PublishedVersion.objects.filter(page_id=submitted.pk).count() == 1
