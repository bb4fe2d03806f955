"""A scheduled publish becomes a version at the moment it goes live, and not before."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from policy_pages.models import PolicyPage, PublishedVersion
from tests.factories import make_policy, paragraph, publish

pytestmark = pytest.mark.django_db


def versions(page):
    return list(PublishedVersion.objects.filter(page_id=page.pk).order_by("number"))


def schedule(page, *, note, go_live_at, **changes):
    draft = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.go_live_at = go_live_at
    draft.change_note = note
    draft.save_revision().publish()


def run_scheduler_at(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)
    call_command("publish_scheduled")


def test_a_new_page_gets_version_one_at_go_live(monkeypatch):
    page = make_policy()
    go_live = timezone.now() + timedelta(hours=1)
    schedule(page, note="Takes effect next hour.", go_live_at=go_live)
    assert versions(page) == []

    call_command("publish_scheduled")
    assert versions(page) == []

    later = go_live + timedelta(minutes=5)
    run_scheduler_at(monkeypatch, later)
    [version] = versions(page)
    assert version.change_note == "Takes effect next hour."
    assert version.published_at == later


def test_a_live_page_keeps_its_current_version_until_the_new_one_goes_live(client, monkeypatch):
    page = publish(make_policy(text="Wording now."), note="First published.")
    go_live = timezone.now() + timedelta(days=1)
    schedule(
        page,
        note="New wording from tomorrow.",
        go_live_at=go_live,
        body=[paragraph("Wording from tomorrow.")],
    )
    assert [v.number for v in versions(page)] == [1]
    assert "Wording from tomorrow." not in client.get(page.url).content.decode()

    moment = go_live + timedelta(seconds=30)
    run_scheduler_at(monkeypatch, moment)
    second = versions(page)[-1]
    assert (second.number, second.published_at) == (2, moment)
    assert "Wording from tomorrow." in second.content_html
    assert "Wording from tomorrow." in PolicyPage.objects.get(pk=page.pk).body.render_as_block()
