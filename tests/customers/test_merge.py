"""Merging duplicate customer records, and undoing a merge."""

import pytest

from home.rules import RuleError
from reporting.access.models import AuditEvent
from reporting.customers.models import Customer, CustomerMerge
from reporting.customers.services import merge_customers, undo_merge
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(housing):
    return manager_of(housing)


@pytest.fixture
def target(housing):
    person = CustomerFactory(first_name="Ada", last_name="Penhallow")
    IncidentFactory(customer=person, service_area=housing)
    return person


@pytest.fixture
def source(housing):
    person = CustomerFactory(first_name="Addie", last_name="Penhallow")
    IncidentFactory.create_batch(2, customer=person, service_area=housing)
    return person


def merge_url(customer):
    return f"/staff/customers/{customer.reference}/merge/"


def merge_through_the_pages(client, *, source, target, reason="Same date of birth and address"):
    found = client.post(merge_url(target), {"reference": source.reference.lower()})
    assert found.status_code == 200, found.content
    return client.post(
        merge_url(target),
        {"reference": source.reference, "same_person": "on", "reason": reason, "confirm": ""},
    )


def test_a_manager_finds_the_duplicate_checks_both_and_merges_it(
    client, soup, manager, source, target
):
    client.force_login(manager)
    assert client.get(merge_url(target)).status_code == 200
    found = client.post(merge_url(target), {"reference": f" {source.reference.lower()} "})
    page = soup(found)
    assert "Are these the same person?" in page.h1.get_text()
    assert "Addie Penhallow" in page.get_text()
    assert "Ada Penhallow" in page.get_text()

    moved = sorted(source.incidents.values_list("pk", flat=True))
    response = client.post(
        merge_url(target),
        {
            "reference": source.reference,
            "same_person": "on",
            "reason": "Same date of birth",
            "confirm": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/staff/customers/{target.reference}/"
    source.refresh_from_db()
    assert source.merged_into == target
    assert set(moved) <= set(target.incidents.values_list("pk", flat=True))
    assert target.incidents.count() == 3
    assert not source.incidents.exists()
    merge = CustomerMerge.objects.get()
    assert sorted(merge.moved_incident_ids) == moved
    assert (merge.source, merge.target, merge.merged_by) == (source, target, manager)
    assert merge.reason == "Same date of birth"


def test_merging_is_audited_on_both_records(client, manager, source, target):
    client.force_login(manager)
    merge_through_the_pages(client, source=source, target=target)
    merged = AuditEvent.objects.filter(action="merge", object_type="customer")
    assert sorted(merged.values_list("object_id", flat=True)) == sorted([source.pk, target.pk])
    assert {event.actor for event in merged} == {manager}
    # Showing the duplicate's details to confirm is a view of that record.
    assert AuditEvent.objects.filter(action="view", object_id=source.pk).exists()


def test_the_confirmation_needs_a_reason_and_a_tick(client, soup, manager, source, target):
    client.force_login(manager)
    response = client.post(merge_url(target), {"reference": source.reference, "confirm": ""})
    summary = soup(response).select_one(".govuk-error-summary").get_text()
    assert "Confirm that both records are the same person" in summary
    assert "Say how you know the records are the same person" in summary
    assert Customer.objects.get(pk=source.pk).merged_into is None


def test_undo_moves_exactly_the_merged_incidents_back_and_history_keeps_both(
    client, soup, manager, source, target, housing
):
    original = set(source.incidents.values_list("pk", flat=True))
    client.force_login(manager)
    merge_through_the_pages(client, source=source, target=target)
    merge = CustomerMerge.objects.get()
    later = IncidentFactory(customer=target, service_area=housing)

    response = client.post(f"/staff/customers/merges/{merge.pk}/undo/")
    assert response.status_code == 302
    source.refresh_from_db()
    merge.refresh_from_db()
    assert source.merged_into is None
    assert set(source.incidents.values_list("pk", flat=True)) == original
    assert later.pk in set(target.incidents.values_list("pk", flat=True))
    assert (merge.undone_by, merge.undone_at is not None) == (manager, True)

    unmerged = AuditEvent.objects.filter(action="unmerge")
    assert sorted(unmerged.values_list("object_id", flat=True)) == sorted([source.pk, target.pk])

    history = soup(client.get(f"/staff/customers/{target.reference}/")).select(
        "#history + ol > li"
    )
    text = [item.get_text(" ", strip=True) for item in history]
    assert any("undone" in entry for entry in text)
    assert any("merged into this one" in entry for entry in text)
    source_history = soup(client.get(f"/staff/customers/{source.reference}/")).get_text()
    assert f"Merged into {target.reference}" in " ".join(source_history.split())


def test_undo_is_offered_on_the_targets_timeline_as_a_posted_form(
    client, soup, manager, source, target
):
    client.force_login(manager)
    merge_through_the_pages(client, source=source, target=target)
    merge = CustomerMerge.objects.get()
    page = soup(client.get(f"/staff/customers/{target.reference}/"))
    form = page.select_one(f"form[action='/staff/customers/merges/{merge.pk}/undo/']")
    assert form["method"] == "post"
    assert client.get(f"/staff/customers/merges/{merge.pk}/undo/").status_code == 405


def test_a_merge_cannot_be_undone_twice(manager, source, target):
    merge = merge_customers(source=source, target=target, by=manager, reason="Same person")
    undo_merge(merge=merge, by=manager)
    with pytest.raises(RuleError):
        undo_merge(merge=merge, by=manager)


def test_a_record_cannot_be_merged_into_itself(client, soup, manager, target):
    client.force_login(manager)
    response = client.post(merge_url(target), {"reference": target.reference})
    assert "cannot be merged into itself" in soup(response).select_one(".govuk-error-summary").text
    with pytest.raises(RuleError):
        merge_customers(source=target, target=target, by=manager, reason="Oops")


def test_a_record_cannot_be_merged_twice(client, soup, manager, source, target, housing):
    merge_customers(source=source, target=target, by=manager, reason="Same person")
    third = CustomerFactory()
    IncidentFactory(customer=third, service_area=housing)
    with pytest.raises(RuleError, match="already been merged"):
        merge_customers(source=source, target=third, by=manager, reason="Again")
    client.force_login(manager)
    response = client.post(merge_url(third), {"reference": source.reference})
    assert "already been merged" in soup(response).select_one(".govuk-error-summary").text
    assert CustomerMerge.objects.count() == 1


def test_nothing_can_be_merged_into_a_record_that_was_itself_merged(
    manager, source, target, housing
):
    merge_customers(source=source, target=target, by=manager, reason="Same person")
    third = CustomerFactory()
    IncidentFactory(customer=third, service_area=housing)
    with pytest.raises(RuleError, match="Merge into that one"):
        merge_customers(source=third, target=source, by=manager, reason="Same person")
    assert Customer.objects.get(pk=third.pk).merged_into is None


def test_a_failed_merge_changes_nothing(manager, source, target):
    with pytest.raises(RuleError):
        merge_customers(source=source, target=target, by=manager, reason="   ")
    assert Customer.objects.get(pk=source.pk).merged_into is None
    assert source.incidents.count() == 2
    assert not CustomerMerge.objects.exists()
    assert not AuditEvent.objects.filter(action="merge").exists()


def test_a_record_the_manager_cannot_open_is_reported_as_not_found(client, soup, manager, target):
    stranger = CustomerFactory(first_name="Hidden", last_name="Person")
    IncidentFactory(customer=stranger, service_area=ServiceAreaFactory(name="Libraries"))
    client.force_login(manager)
    response = client.post(merge_url(target), {"reference": stranger.reference})
    assert "no record you can open" in soup(response).select_one(".govuk-error-summary").text
    assert b"Hidden" not in response.content
    missing = client.post(merge_url(target), {"reference": "C-999999"})
    assert "no record you can open" in soup(missing).select_one(".govuk-error-summary").text


@pytest.mark.parametrize("role", ["Information governance", "Decision maker"])
def test_only_managers_and_health_and_safety_merge(client, source, target, role):
    client.force_login(UserFactory(username="reader", roles=[role]))
    assert client.get(merge_url(target)).status_code == 403
    assert client.post(merge_url(target), {"reference": source.reference}).status_code == 403


def test_health_and_safety_may_merge(client, source, target):
    client.force_login(UserFactory(username="hs", roles=["Health and safety"]))
    response = merge_through_the_pages(client, source=source, target=target)
    assert response.status_code == 302
    assert Customer.objects.get(pk=source.pk).merged_into_id == target.pk


def test_a_manager_of_another_service_cannot_reach_the_merge_page(client, source, target):
    client.force_login(manager_of(ServiceAreaFactory(name="Libraries")))
    response = client.get(merge_url(target))
    assert response.status_code == 404
    assert b"Penhallow" not in response.content


def test_a_manager_of_another_service_cannot_undo_a_merge(client, manager, source, target):
    merge = merge_customers(source=source, target=target, by=manager, reason="Same person")
    client.force_login(manager_of(ServiceAreaFactory(name="Libraries")))
    assert client.post(f"/staff/customers/merges/{merge.pk}/undo/").status_code == 404
    assert Customer.objects.get(pk=source.pk).merged_into_id == target.pk
