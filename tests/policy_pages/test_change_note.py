"""No publish path creates a version without a change note, and each says so clearly."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page

from policy_pages.forms import CHANGE_NOTE_MISSING
from policy_pages.models import ChangeNoteRequired, PublishedVersion
from tests.factories import make_policy, paragraph, publish
from tests.policy_pages.admin_forms import editor_form

pytestmark = pytest.mark.django_db


def version_count(page):
    return PublishedVersion.objects.filter(page_id=page.pk).count()


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def publish_in_editor(client, page, *, note):
    data = editor_form(client, edit_url(page))
    data["change_note"] = note
    data["action-publish"] = "action-publish"
    return client.post(edit_url(page), data)


def error_text(soup, response):
    return " ".join(soup(response).get_text(" ").split())


def test_publishing_in_code_without_a_note_is_refused():
    page = make_policy()
    revision = page.save_revision()
    with pytest.raises(ChangeNoteRequired, match="change note"):
        revision.publish()
    assert version_count(page) == 0
    assert not Page.objects.get(pk=page.pk).live


def test_a_blank_note_counts_as_no_note():
    page = make_policy()
    page.change_note = "   "
    with pytest.raises(ChangeNoteRequired):
        page.save_revision().publish()
    assert version_count(page) == 0


def test_admin_publish_without_a_note_shows_the_error_and_publishes_nothing(
    client, soup, superuser
):
    page = make_policy()
    client.force_login(superuser)
    response = publish_in_editor(client, page, note="")
    assert response.status_code == 200
    assert CHANGE_NOTE_MISSING in error_text(soup, response)
    assert version_count(page) == 0
    assert not Page.objects.get(pk=page.pk).live


def test_admin_publish_with_a_note_records_the_version(client, superuser):
    page = make_policy()
    client.force_login(superuser)
    response = publish_in_editor(client, page, note="First published.")
    assert response.status_code == 302
    version = PublishedVersion.objects.get(page_id=page.pk)
    assert (version.number, version.change_note) == (1, "First published.")


def test_the_editor_starts_with_an_empty_note_after_publishing(client, superuser):
    page = publish(make_policy(), note="First published.")
    client.force_login(superuser)
    assert editor_form(client, edit_url(page))["change_note"].strip() == ""


def test_scheduling_without_a_note_is_refused(client, soup, superuser):
    page = make_policy()
    client.force_login(superuser)
    data = editor_form(client, edit_url(page))
    data["go_live_at"] = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    data["action-publish"] = "action-publish"
    response = client.post(edit_url(page), data)
    assert CHANGE_NOTE_MISSING in error_text(soup, response)
    assert not page.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_reverting_to_an_old_revision_needs_a_new_note(client, soup, superuser):
    page = publish(make_policy(text="Old wording."), note="First published.")
    first_revision = page.live_revision
    page = publish(page, note="New wording.", body=[paragraph("New wording.")])
    client.force_login(superuser)
    revert_url = f"/admin/pages/{page.pk}/revisions/{first_revision.pk}/revert/"
    data = editor_form(client, revert_url, body=["Old wording."])
    assert data["change_note"].strip() == ""
    data["action-publish"] = "action-publish"
    response = client.post(edit_url(page), data)
    assert CHANGE_NOTE_MISSING in error_text(soup, response)
    assert version_count(page) == 2

    data["change_note"] = "Went back to the first wording."
    assert client.post(edit_url(page), data).status_code == 302
    latest = PublishedVersion.objects.get(page_id=page.pk, number=3)
    assert "Old wording." in latest.content_html
    assert latest.change_note == "Went back to the first wording."
