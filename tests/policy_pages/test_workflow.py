"""Comms editors submit; policy approvers publish; both roles come from migrations."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, WorkflowState

from policy_pages.forms import CHANGE_NOTE_MISSING
from policy_pages.models import PolicyPage, PublishedVersion
from tests.factories import home_page, make_policy, publish
from tests.policy_pages.admin_forms import editor_form

pytestmark = pytest.mark.django_db


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def submit(client, page, note):
    data = editor_form(client, edit_url(page), body=["Wording the editor proposes."])
    data["change_note"] = note
    data["action-submit"] = "action-submit"
    return client.post(edit_url(page), data)


def approve_url(page):
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    task_state = state.current_task_state
    return f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"


def test_roles_and_workflow_exist_from_migrations():
    assert Group.objects.filter(name__in=["Comms editor", "Policy approver"]).count() == 2
    workflow = home_page().get_workflow()
    assert workflow is not None
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Policy approver"]


def test_comms_editor_cannot_publish_but_approver_can(comms_editor, policy_approver):
    page = make_policy()
    assert not page.permissions_for_user(comms_editor).can_publish()
    assert page.permissions_for_user(comms_editor).can_edit()
    assert page.permissions_for_user(policy_approver).can_publish()


def test_editor_publish_attempt_only_saves_a_draft(client, comms_editor):
    page = publish(make_policy(), note="First published.")
    client.force_login(comms_editor)
    data = editor_form(client, edit_url(page))
    data["change_note"] = "Sneaky change."
    data["action-publish"] = "action-publish"
    client.post(edit_url(page), data)
    assert PublishedVersion.objects.filter(page_id=page.pk).count() == 1
    live = PolicyPage.objects.get(pk=page.pk)
    assert "First wording." in live.body.render_as_block()


def test_submitting_without_a_note_is_refused(client, soup, comms_editor):
    page = publish(make_policy(), note="First published.")
    client.force_login(comms_editor)
    response = submit(client, page, note="")
    assert CHANGE_NOTE_MISSING in " ".join(soup(response).get_text(" ").split())
    assert not Page.objects.get(pk=page.pk).workflow_in_progress


def test_editor_submits_and_approver_publishes_a_new_version(
    client, comms_editor, policy_approver
):
    page = publish(make_policy(), note="First published.")
    client.force_login(comms_editor)
    assert submit(client, page, note="Clearer opening.").status_code == 302
    assert PublishedVersion.objects.filter(page_id=page.pk).count() == 1

    client.force_login(policy_approver)
    response = client.post(approve_url(page), {})
    assert response.status_code == 302
    latest = PublishedVersion.objects.get(page_id=page.pk, number=2)
    assert latest.change_note == "Clearer opening."
    assert "Wording the editor proposes." in latest.content_html
    first = PublishedVersion.objects.get(page_id=page.pk, number=1)
    assert "First wording." in first.content_html


def test_a_draft_without_a_note_cannot_be_approved(policy_approver, client):
    page = publish(make_policy(), note="First published.")
    draft = page.get_latest_revision_as_object()
    draft.change_note = ""
    revision = draft.save_revision()
    page.get_workflow().start(page, user=policy_approver)
    assert revision.pk == Page.objects.get(pk=page.pk).latest_revision_id

    client.force_login(policy_approver)
    response = client.post(approve_url(page), {}, follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert any("permission" in message for message in messages)
    assert PublishedVersion.objects.filter(page_id=page.pk).count() == 1
    assert Page.objects.get(pk=page.pk).workflow_in_progress
