"""Caution markers: set by a manager, approved by someone else in health and safety, shown
as safety advice only, their reasons behind an audited page, and the check before a visit."""

import datetime

import pytest
from django.utils import timezone

from home.dates import add_months
from home.rules import RuleError
from reporting.access.models import AuditEvent
from reporting.markers.models import CautionMarker
from reporting.markers.services import (
    approve_caution_marker,
    remove_caution_marker,
    set_caution_marker,
)
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory

pytestmark = pytest.mark.django_db

ADVICE = "Visit in pairs and meet at the office."
REASONS = "Threatened the housing officer with a hammer on the doorstep."


@pytest.fixture
def manager(housing):
    return manager_of(housing)


@pytest.fixture
def hs():
    return UserFactory(username="hs", roles=["Health and safety"])


@pytest.fixture
def customer(housing):
    person = CustomerFactory(first_name="Jago", last_name="Roskilly", postcode="PL1 1AA")
    IncidentFactory(customer=person, service_area=housing)
    return person


@pytest.fixture
def incident(customer):
    return customer.incidents.get()


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def marker_values(on, **changes):
    """A valid proposal resting on the incident ``on``, with ``changes``."""
    values = {
        "customer": on.customer,
        "incident": on,
        "severity": "medium",
        "safety_advice": ADVICE,
        "reasons": REASONS,
        "review_date": in_days(90),
        "person_told": True,
        "told_on": timezone.localdate(),
        "not_told_reason": "",
    }
    return {**values, **changes}


@pytest.fixture
def pending(incident, manager):
    return set_caution_marker(by=manager, **marker_values(incident))


@pytest.fixture
def active(pending, hs):
    return approve_caution_marker(marker=pending, by=hs)


def form_data(incident, *, review_date=None, told="yes", **changes):
    review_date = review_date or in_days(90)
    today = timezone.localdate()
    data = {
        "incident": str(incident.pk),
        "severity": "medium",
        "safety_advice": ADVICE,
        "reasons": REASONS,
        "review_date_0": str(review_date.day),
        "review_date_1": str(review_date.month),
        "review_date_2": str(review_date.year),
        "person_told": told,
        "told_on_0": str(today.day),
        "told_on_1": str(today.month),
        "told_on_2": str(today.year),
        "not_told_reason": "",
    }
    return {**data, **changes}


def new_url(customer):
    return f"/staff/customers/{customer.reference}/markers/new/"


def record_url(customer):
    return f"/staff/customers/{customer.reference}/"


# Setting a marker


def test_a_manager_sets_a_marker_that_waits_for_approval(client, manager, customer, incident):
    client.force_login(manager)
    assert client.get(new_url(customer)).status_code == 200
    response = client.post(new_url(customer), form_data(incident))
    assert response.status_code == 302
    marker = CautionMarker.objects.get()
    assert (marker.status, marker.set_by, marker.incident) == ("pending", manager, incident)
    assert marker.safety_advice == ADVICE
    event = AuditEvent.objects.get(object_type="cautionmarker", object_id=marker.pk)
    assert (event.actor, event.action) == (manager, "create")


def test_the_form_shows_the_safety_tool_warning(client, soup, manager, customer):
    client.force_login(manager)
    warning = soup(client.get(new_url(customer))).select_one(".govuk-warning-text").get_text()
    assert "Never refuse a service because of it" in warning


@pytest.mark.parametrize("role", ["Health and safety", "Decision maker", "Information governance"])
def test_only_managers_set_markers(client, customer, role):
    client.force_login(UserFactory(username="other", roles=[role]))
    assert client.get(new_url(customer)).status_code == 403


def test_a_manager_of_another_service_cannot_set_a_marker(client, customer, incident):
    client.force_login(manager_of(ServiceAreaFactory(name="Libraries")))
    assert client.post(new_url(customer), form_data(incident)).status_code == 404
    assert not CautionMarker.objects.exists()


@pytest.mark.parametrize("days", [0, -1])
def test_the_review_date_must_be_in_the_future(client, soup, manager, customer, incident, days):
    client.force_login(manager)
    response = client.post(new_url(customer), form_data(incident, review_date=in_days(days)))
    assert response.status_code == 200
    assert "must be in the future" in soup(response).select_one(".govuk-error-summary").text
    assert not CautionMarker.objects.exists()


def test_the_review_date_is_required(client, soup, manager, customer, incident):
    client.force_login(manager)
    data = form_data(incident, review_date_0="", review_date_1="", review_date_2="")
    response = client.post(new_url(customer), data)
    summary = soup(response).select_one(".govuk-error-summary").text
    assert "Enter the date the marker will be reviewed" in summary


@pytest.mark.parametrize(("severity", "months"), [("low", 6), ("medium", 12), ("high", 24)])
def test_the_review_date_is_no_later_than_the_severitys_keep_period(
    manager, incident, severity, months
):
    latest = add_months(timezone.localdate(), months)
    too_late = latest + datetime.timedelta(days=1)
    with pytest.raises(RuleError) as refused:
        set_caution_marker(
            by=manager, **marker_values(incident, severity=severity, review_date=too_late)
        )
    assert f"within {months} months" in refused.value.errors["review_date"]
    marker = set_caution_marker(
        by=manager, **marker_values(incident, severity=severity, review_date=latest)
    )
    assert marker.review_date == latest


def test_the_form_refuses_a_review_date_beyond_the_keep_period(
    client, soup, manager, customer, incident
):
    client.force_login(manager)
    data = form_data(incident, review_date=add_months(timezone.localdate(), 7), severity="low")
    response = client.post(new_url(customer), data)
    assert "within 6 months" in soup(response).select_one(".govuk-error-summary").text


def test_not_telling_the_person_needs_the_risk_it_would_create(
    client, soup, manager, customer, incident
):
    client.force_login(manager)
    response = client.post(new_url(customer), form_data(incident, told="no"))
    summary = soup(response).select_one(".govuk-error-summary").text
    assert "real risk" in summary
    assert not CautionMarker.objects.exists()

    reason = "Telling him would likely provoke a visit to the officer's home."
    response = client.post(
        new_url(customer), form_data(incident, told="no", not_told_reason=reason)
    )
    assert response.status_code == 302
    marker = CautionMarker.objects.get()
    assert (marker.person_told, marker.told_on, marker.not_told_reason) == (False, None, reason)


def test_telling_the_person_needs_the_date_they_were_told(
    client, soup, manager, customer, incident
):
    client.force_login(manager)
    data = form_data(incident, told_on_0="", told_on_1="", told_on_2="")
    response = client.post(new_url(customer), data)
    assert (
        "Enter the date the person was told"
        in soup(response).select_one(".govuk-error-summary").get_text()
    )


def test_a_marker_must_rest_on_one_of_this_customers_incidents(manager, incident, housing):
    elsewhere = IncidentFactory(service_area=housing)
    with pytest.raises(RuleError) as refused:
        set_caution_marker(by=manager, **marker_values(incident, incident=elsewhere))
    assert "incident" in refused.value.errors
    with pytest.raises(RuleError):
        set_caution_marker(by=manager, **marker_values(incident, incident=None))


# Approval


def test_a_pending_marker_shows_to_nobody(client, soup, pending, customer, manager):
    for role in ["Decision maker", "Information governance", "Health and safety"]:
        client.force_login(UserFactory(username=f"u-{role}", roles=[role]))
        response = client.get(record_url(customer))
        assert ADVICE.encode() not in response.content, role
        assert REASONS.encode() not in response.content, role
    client.force_login(UserFactory(username="frontline", roles=["Staff"]))
    check = client.post("/staff/check/", {"reference": customer.reference})
    assert b"No caution marker" in check.content
    assert ADVICE.encode() not in check.content


def test_health_and_safety_see_a_marker_is_waiting_and_can_approve_it(
    client, soup, pending, customer, hs
):
    client.force_login(hs)
    record = soup(client.get(record_url(customer))).get_text()
    assert "waiting for approval" in record
    response = client.post(f"/staff/customers/markers/{pending.pk}/approve/")
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.approved_by) == ("active", hs)
    assert pending.approved_at is not None
    event = AuditEvent.objects.get(action="approve")
    assert (event.actor, event.object_type, event.object_id) == (hs, "cautionmarker", pending.pk)


def test_the_person_who_set_a_marker_cannot_approve_it(client, soup, customer, incident, housing):
    both = UserFactory(username="both", roles=["Manager", "Health and safety"])
    housing.managers.add(both)
    marker = set_caution_marker(by=both, **marker_values(incident))
    with pytest.raises(RuleError, match="another member"):
        approve_caution_marker(marker=marker, by=both)

    client.force_login(both)
    reasons = soup(client.get(f"/staff/customers/markers/{marker.pk}/reasons/"))
    assert not reasons.select(f"form[action$='/markers/{marker.pk}/approve/']")
    client.post(f"/staff/customers/markers/{marker.pk}/approve/")
    marker.refresh_from_db()
    assert marker.status == "pending"
    assert not AuditEvent.objects.filter(action="approve").exists()


@pytest.mark.parametrize("role", ["Manager", "Decision maker", "Information governance"])
def test_only_health_and_safety_approve(client, pending, role):
    client.force_login(UserFactory(username="other", roles=[role]))
    assert client.post(f"/staff/customers/markers/{pending.pk}/approve/").status_code == 403
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_approving_is_posted_not_linked(client, pending, hs):
    client.force_login(hs)
    assert client.get(f"/staff/customers/markers/{pending.pk}/approve/").status_code == 405


@pytest.mark.parametrize("role", ["Decision maker", "Information governance", "Health and safety"])
def test_an_approved_marker_shows_its_advice_but_not_its_reasons(
    client, soup, active, customer, role
):
    client.force_login(UserFactory(username="reader", roles=[role]))
    response = client.get(record_url(customer))
    page = soup(response)
    assert ADVICE in page.get_text()
    assert REASONS not in page.get_text()
    warnings = [
        warning.get_text(" ", strip=True) for warning in page.select(".govuk-warning-text")
    ]
    assert any(f"Caution marker: {ADVICE}" in warning for warning in warnings)
    assert any("Never refuse a service because of it" in warning for warning in warnings)


def test_a_manager_of_the_service_sees_the_advice_too(client, active, customer, manager):
    client.force_login(manager)
    assert ADVICE.encode() in client.get(record_url(customer)).content


# Reasons


@pytest.mark.parametrize("role", ["Manager", "Health and safety"])
def test_managers_and_health_and_safety_read_the_reasons_and_each_reading_is_audited(
    client, active, housing, role
):
    reader = UserFactory(username="reader", roles=[role])
    housing.managers.add(reader)
    client.force_login(reader)
    url = f"/staff/customers/markers/{active.pk}/reasons/"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert REASONS.encode() in response.content
    events = AuditEvent.objects.filter(action="view_reasons", object_id=active.pk)
    assert events.count() == 2
    assert {(e.actor, e.object_type) for e in events} == {(reader, "cautionmarker")}


@pytest.mark.parametrize("role", ["Decision maker", "Information governance", "Staff"])
def test_other_roles_cannot_read_the_reasons(client, active, role):
    client.force_login(UserFactory(username="other", roles=[role]))
    response = client.get(f"/staff/customers/markers/{active.pk}/reasons/")
    assert response.status_code == 404
    assert REASONS.encode() not in response.content
    assert not AuditEvent.objects.filter(action="view_reasons").exists()


def test_a_manager_of_another_service_cannot_read_the_reasons(client, active):
    client.force_login(manager_of(ServiceAreaFactory(name="Libraries")))
    response = client.get(f"/staff/customers/markers/{active.pk}/reasons/")
    assert response.status_code == 404
    assert b"Roskilly" not in response.content


def test_the_record_links_to_the_reasons_only_for_those_who_may_read_them(
    client, soup, active, customer, manager
):
    link = f"/staff/customers/markers/{active.pk}/reasons/"
    client.force_login(manager)
    assert soup(client.get(record_url(customer))).select(f"a[href='{link}']")
    client.force_login(UserFactory(username="dm", roles=["Decision maker"]))
    assert not soup(client.get(record_url(customer))).select(f"a[href='{link}']")


# Removal


def test_a_manager_removes_a_marker_with_a_reason(client, soup, active, customer, manager):
    client.force_login(manager)
    url = f"/staff/customers/markers/{active.pk}/remove/"
    assert client.get(url).status_code == 200
    refused = client.post(url, {"reason": ""})
    assert (
        "Say why the marker is being removed"
        in soup(refused).select_one(".govuk-error-summary").get_text()
    )
    response = client.post(url, {"reason": "Risk has passed: no contact for a year"})
    assert response.status_code == 302
    active.refresh_from_db()
    assert active.status == "removed"
    assert active.removed_at is not None
    event = AuditEvent.objects.get(action="change", object_id=active.pk)
    assert event.actor == manager
    assert "Risk has passed" in event.note
    page = client.get(record_url(customer))
    assert ADVICE.encode() not in page.content
    assert b"Caution marker removed" in page.content


def test_health_and_safety_may_remove_but_others_may_not(client, active, hs):
    client.force_login(UserFactory(username="dm", roles=["Decision maker"]))
    url = f"/staff/customers/markers/{active.pk}/remove/"
    assert client.post(url, {"reason": "No longer needed"}).status_code == 404
    client.force_login(hs)
    assert client.post(url, {"reason": "No longer needed"}).status_code == 302
    with pytest.raises(RuleError):
        remove_caution_marker(marker=active, by=hs, reason="Again")


# The check before a visit


def test_the_check_page_is_a_posted_form_for_any_staff_role(client, soup):
    client.force_login(UserFactory(username="frontline", roles=["Staff"]))
    response = client.get("/staff/check/")
    assert response.status_code == 200
    form = soup(response).select_one("main form")
    assert form["method"] == "post"
    assert {i["name"] for i in form.select("input[type=text]")} == {
        "reference",
        "name",
        "postcode",
    }


def test_the_check_answers_only_with_the_safety_advice(client, soup, active, customer):
    client.force_login(UserFactory(username="frontline", roles=["Staff"]))
    response = client.post("/staff/check/", {"reference": customer.reference})
    text = soup(response).select_one("#results-heading").parent.get_text()
    assert f"A caution marker exists: {ADVICE}" in " ".join(text.split())
    for private in (REASONS, "Roskilly", "Jago", "PL1 1AA", customer.reference):
        assert private.encode() not in response.content
    assert active.incident.reference.encode() not in response.content


def test_the_check_finds_people_by_name_and_postcode(client, soup, active, customer, housing):
    namesake = CustomerFactory(first_name="Jago", last_name="Roskilly", postcode="PL1 1AA")
    IncidentFactory(customer=namesake, service_area=housing)
    checker = UserFactory(username="frontline", roles=["Staff"])
    client.force_login(checker)
    response = client.post("/staff/check/", {"name": "jago roskilly", "postcode": "pl11aa"})
    assert b"jago" not in response.content.lower()
    text = " ".join(soup(response).select_one("#results-heading").parent.get_text().split())
    assert f"A caution marker exists: {ADVICE}" in text
    assert "No caution marker" in text
    viewed = AuditEvent.objects.filter(action="view", object_type="customer", actor=checker)
    assert sorted(viewed.values_list("object_id", flat=True)) == sorted([customer.pk, namesake.pk])


def test_the_check_says_when_nothing_matches(client, soup):
    client.force_login(UserFactory(username="frontline", roles=["Staff"]))
    response = client.post("/staff/check/", {"name": "Nobody", "postcode": "ZZ1 1ZZ"})
    assert "No record matches" in soup(response).get_text()
    assert not AuditEvent.objects.exists()


def test_the_check_needs_a_reference_or_a_name_and_postcode(client, soup):
    client.force_login(UserFactory(username="frontline", roles=["Staff"]))
    summary = soup(client.post("/staff/check/", {"name": "Jago"})).select_one(
        ".govuk-error-summary"
    )
    assert "Enter the postcode" in summary.get_text()
    empty = soup(client.post("/staff/check/", {})).select_one(".govuk-error-summary")
    assert "Enter a customer reference, or a name and postcode" in empty.get_text()


def test_a_marker_on_a_merged_duplicate_still_shows(client, soup, active, customer, housing, hs):
    from reporting.customers.services import merge_customers

    kept = CustomerFactory()
    IncidentFactory(customer=kept, service_area=housing)
    merge_customers(source=customer, target=kept, by=hs, reason="Same person")
    client.force_login(UserFactory(username="frontline", roles=["Staff"]))
    for data in ({"reference": kept.reference}, {"reference": customer.reference.lower()}):
        response = client.post("/staff/check/", data)
        assert ADVICE.encode() in response.content
    client.force_login(hs)
    assert ADVICE.encode() in client.get(record_url(kept)).content
