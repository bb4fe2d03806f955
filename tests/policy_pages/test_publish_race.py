"""Publishes that race on PostgreSQL still number their versions 1, 2, 3… without gaps."""

import threading

import pytest
from django.db import connection

from policy_pages.models import PolicyPage, PublishedVersion
from tests.factories import make_policy, publish

WRITERS = 4


@pytest.mark.transactional
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_publishes_get_unique_gapless_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the race needs PostgreSQL.")
    page = publish(make_policy(), note="First published.")
    revisions = []
    for index in range(WRITERS):
        draft = PolicyPage.objects.get(pk=page.pk)
        draft.change_note = f"Simultaneous change {index}."
        revisions.append(draft.save_revision())

    start = threading.Barrier(WRITERS)
    errors = []

    def publish_at_once(revision):
        try:
            start.wait()
            revision.publish()
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish_at_once, args=(r,)) for r in revisions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    versions = PublishedVersion.objects.filter(page_id=page.pk).order_by("number")
    assert [v.number for v in versions] == list(range(1, WRITERS + 2))
    notes = {v.change_note for v in versions[1:]}
    assert notes == {f"Simultaneous change {i}." for i in range(WRITERS)}
