"""Warnings, restriction proposals and decisions: a manager proposes, an independent
decision maker decides, and the record holds what an ombudsman would ask to see."""

import datetime

import pytest
from django.utils import timezone

from home.dates import add_months
from home.rules import RuleError
from policy_pages.models import RestrictionType
from reporting.access.models import AuditEvent
from reporting.restrictions.enums import Decision, RestrictionStatus
from reporting.restrictions.models import CustomerWarning, Restriction
from reporting.restrictions.services.decisions import (
    bring_into_force,
    decide_restriction,
    propose_restriction,
    record_warning,
)
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory
from tests.restrictions.factories import CustomerWarningFactory

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def day_fields(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.fixture
def incident(customer):
    return customer.incidents.get()


@pytest.fixture
def warning(customer, incident, manager):
    return CustomerWarningFactory(customer=customer, given_by=manager, incidents=[incident])


@pytest.fixture
def write_only():
    return RestrictionType.objects.get(name__icontains="writing")


@pytest.fixture
def single_contact():
    return RestrictionType.objects.filter(needs_named_contact=True).order_by("pk").first()


def proposal(incident, *, warning, types, **changes):
    values = {
        "incidents": [incident],
        "concern": "abusive",
        "behaviour": "On 3 March you shouted at the reception team and would not leave.",
        "warning": warning,
        "no_warning_reason": "",
        "checks_made": "The repairs complaint was answered in full; nothing new was raised.",
        "needs_considered": "None recorded; we asked and none were given.",
        "equality_consideration": "",
        "alternatives": "A meeting was offered and refused; writing is the lightest limit.",
        "reasons": "The shouting went on after a written warning.",
        "types": types,
        "arrangements": "Write to the housing team; we answer within ten working days.",
        "named_contact": "Housing team leader",
        "read_and_file_reader": "",
        "essential_services": "Emergency repairs line, open all hours.",
        "scope": "service",
        "scope_matter": "",
        "service_areas": [incident.service_area],
        "representative": "",
        "staff_told": "Housing officers and reception; noted on the record.",
        "reconsideration_contact": "The Director of Corporate Services",
        "starts_on": today(),
        "ends_on": None,
        "review_on": None,
    }
    return {**values, **changes}


@pytest.fixture
def proposed(customer, incident, warning, manager, write_only):
    return propose_restriction(
        customer=customer, by=manager, **proposal(incident, warning=warning, types=[write_only])
    )


# Warnings ----------------------------------------------------------------------------


def test_a_manager_records_a_warning_by_letter_and_is_taken_to_the_letter(
    client, customer, incident, manager
):
    client.force_login(manager)
    response = client.post(
        f"/staff/customers/{customer.reference}/warnings/new/",
        {
            "incidents": [incident.pk],
            "behaviour": "You swore at the receptionist on 3 March.",
            "change_expected": "Speak to staff calmly.",
            "consequences": "We may limit how you contact us.",
            "channel": "letter",
            **day_fields("given_on", today()),
        },
    )
    warning = CustomerWarning.objects.get()
    assert response.status_code == 302
    assert response.url == f"/staff/letters/new/warning/{warning.reference}/"
    assert list(warning.incidents.all()) == [incident]
    assert AuditEvent.objects.filter(object_type="customerwarning", action="create").exists()


def test_a_warning_with_nothing_filled_in_says_what_is_missing_and_saves_nothing(
    client, customer, manager, soup
):
    client.force_login(manager)
    response = client.post(f"/staff/customers/{customer.reference}/warnings/new/", {})
    summary = soup(response).select_one(".govuk-error-summary").get_text()
    assert "Choose at least one incident this relies on" in summary
    assert "Say what the person must change" in summary
    assert not CustomerWarning.objects.exists()


def test_a_warning_cannot_rest_on_someone_elses_incident(customer, manager, housing):
    stranger = IncidentFactory(service_area=housing)
    with pytest.raises(RuleError) as error:
        record_warning(
            customer=customer,
            by=manager,
            incidents=[stranger],
            behaviour="b",
            change_expected="c",
            consequences="d",
            channel="in_person",
            given_on=today(),
        )
    assert "incidents" in error.value.errors
    assert not CustomerWarning.objects.exists()


# Proposals ---------------------------------------------------------------------------


def test_a_proposal_is_reviewed_three_months_after_it_starts_by_default(proposed):
    assert proposed.status == RestrictionStatus.PROPOSED
    assert proposed.review_on == add_months(today(), 3)
    assert proposed.reference.startswith("R-")


def test_a_review_date_more_than_three_months_away_is_refused(
    customer, incident, warning, manager, write_only
):
    values = proposal(
        incident, warning=warning, types=[write_only], review_on=today() + datetime.timedelta(120)
    )
    with pytest.raises(RuleError) as error:
        propose_restriction(customer=customer, by=manager, **values)
    assert "at least every 3 months" in error.value.errors["review_on"]
    assert not Restriction.objects.exists()


def test_a_restriction_to_one_contact_must_name_the_contact(
    customer, incident, warning, manager, single_contact
):
    values = proposal(incident, warning=warning, types=[single_contact], named_contact="")
    with pytest.raises(RuleError) as error:
        propose_restriction(customer=customer, by=manager, **values)
    assert "named_contact" in error.value.errors


def test_recorded_support_needs_make_the_equality_consideration_required(
    customer, incident, warning, manager, write_only
):
    customer.support_needs = "Uses a screen reader."
    customer.save()
    values = proposal(incident, warning=warning, types=[write_only])
    with pytest.raises(RuleError) as error:
        propose_restriction(customer=customer, by=manager, **values)
    assert "equality duty" in error.value.errors["equality_consideration"]
    values["equality_consideration"] = "Letters offered in large print and by e-mail."
    assert propose_restriction(customer=customer, by=manager, **values).pk


def test_without_a_warning_the_proposal_must_say_what_serious_act_justifies_it(
    customer, incident, manager, write_only
):
    values = proposal(incident, warning=None, types=[write_only])
    with pytest.raises(RuleError) as error:
        propose_restriction(customer=customer, by=manager, **values)
    assert "single serious act" in error.value.errors["no_warning_reason"]


def test_the_proposal_form_records_every_item_and_leads_to_the_decision_record(
    client, customer, incident, warning, manager, write_only, housing, soup
):
    client.force_login(manager)
    page = client.get(f"/staff/customers/{customer.reference}/restrictions/new/")
    assert page.status_code == 200
    data = {
        "incidents": [incident.pk],
        "concern": "abusive",
        "behaviour": "Shouted at reception on 3 March.",
        "warning": warning.pk,
        "checks_made": "Complaint answered in full.",
        "needs_considered": "None recorded.",
        "alternatives": "A meeting was refused.",
        "reasons": "It went on after a warning.",
        "types": [write_only.pk],
        "arrangements": "Write to the housing team.",
        "essential_services": "Emergency repairs line.",
        "scope": "service",
        "service_areas": [housing.pk],
        "staff_told": "Housing officers.",
        "reconsideration_contact": "The Director of Corporate Services",
        **day_fields("starts_on", today()),
    }
    response = client.post(f"/staff/customers/{customer.reference}/restrictions/new/", data)
    restriction = Restriction.objects.get()
    assert response.url == f"/staff/restrictions/{restriction.reference}/"
    record = " ".join(soup(client.get(response.url)).get_text(" ").split())
    for words in (
        "Waiting for a decision",
        "Shouted at reception on 3 March.",
        write_only.letter_wording,
        "Emergency repairs line.",
        "The Director of Corporate Services",
        warning.reference,
    ):
        assert words in record


def test_the_proposal_form_shows_each_problem_and_saves_nothing(client, customer, manager, soup):
    client.force_login(manager)
    response = client.post(
        f"/staff/customers/{customer.reference}/restrictions/new/", {"warning": "none"}
    )
    summary = soup(response).select_one(".govuk-error-summary").get_text()
    for message in (
        "Choose at least one restriction",
        "Give the reasons for the restriction",
        "Say how essential services and urgent help stay reachable",
    ):
        assert message in summary
    assert not Restriction.objects.exists()


# Decisions ---------------------------------------------------------------------------


def test_a_proposer_cannot_decide_their_own_proposal(client, proposed, manager):
    manager.groups.add(*UserFactory(roles=["Decision maker"]).groups.all())
    with pytest.raises(RuleError, match="You proposed this restriction"):
        decide_restriction(restriction=proposed, by=manager, decision="approved", reasons="Fine")
    client.force_login(manager)
    assert client.get(f"/staff/restrictions/{proposed.reference}/decide/").status_code == 403
    proposed.refresh_from_db()
    assert proposed.status == RestrictionStatus.PROPOSED


def test_the_reporter_of_a_relied_on_incident_cannot_decide(proposed, incident):
    reporter = incident.reported_by
    reporter.groups.add(*UserFactory(roles=["Decision maker"]).groups.all())
    with pytest.raises(RuleError, match="You reported an incident"):
        decide_restriction(restriction=proposed, by=reporter, decision="approved", reasons="Ok")


def test_an_independent_decision_maker_approves_and_the_restriction_waits_for_its_letter(
    client, proposed, decider
):
    client.force_login(decider)
    url = f"/staff/restrictions/{proposed.reference}/decide/"
    answers = {"decision": "approved", "reasons": "Proportionate; essential services stay open."}
    refused = client.post(url, answers)
    assert "Give your role title: the letter names it" in refused.content.decode()
    response = client.post(url, {**answers, "role": "Head of Legal Services"})
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == RestrictionStatus.DECIDED
    assert proposed.decided_by_role == "Head of Legal Services"
    assert not Restriction.objects.in_force().exists()
    assert proposed.decided_by == decider
    assert AuditEvent.objects.filter(object_type="restriction", action="approve").exists()


def test_a_refusal_needs_reasons_and_leaves_contact_unrestricted(client, proposed, decider, soup):
    client.force_login(decider)
    url = f"/staff/restrictions/{proposed.reference}/decide/"
    response = client.post(url, {"decision": "refused"})
    assert "Give the reasons for your decision" in soup(response).get_text()
    client.post(url, {"decision": "refused", "reasons": "A meeting should be tried first."})
    proposed.refresh_from_db()
    assert proposed.status == RestrictionStatus.REFUSED
    assert not Restriction.objects.in_force().exists()


def test_without_a_warning_the_decision_maker_must_confirm_the_serious_act(
    customer, incident, manager, decider, write_only
):
    values = proposal(
        incident, warning=None, types=[write_only], no_warning_reason="Punched an officer."
    )
    restriction = propose_restriction(customer=customer, by=manager, **values)
    with pytest.raises(RuleError) as error:
        decide_restriction(restriction=restriction, by=decider, decision="approved", reasons="x")
    assert "serious_act_confirmed" in error.value.errors
    decided = decide_restriction(
        restriction=restriction,
        by=decider,
        decision="approved",
        reasons="Violence.",
        serious_act_confirmed=True,
    )
    assert decided.serious_act_confirmed
    assert decided.status == RestrictionStatus.DECIDED


def test_an_amended_decision_changes_the_restriction(proposed, decider, single_contact):
    decided = decide_restriction(
        restriction=proposed,
        by=decider,
        decision=Decision.AMENDED,
        reasons="One named officer is enough.",
        amendments={
            "types": [single_contact],
            "arrangements": "Contact the named officer only.",
            "named_contact": "Rental income officer",
            "ends_on": today() + datetime.timedelta(days=180),
            "review_on": today() + datetime.timedelta(days=60),
        },
    )
    assert list(decided.types.all()) == [single_contact]
    assert decided.named_contact == "Rental income officer"
    assert decided.review_on == today() + datetime.timedelta(days=60)


def test_a_decided_restriction_cannot_be_decided_again(proposed, decider):
    decide_restriction(restriction=proposed, by=decider, decision="approved", reasons="Yes")
    other = UserFactory(roles=["Decision maker"])
    with pytest.raises(RuleError, match="already been decided"):
        decide_restriction(restriction=proposed, by=other, decision="refused", reasons="No")


# Who sees what -----------------------------------------------------------------------


def test_a_manager_of_another_service_is_told_the_restriction_does_not_exist(client, proposed):
    stranger = manager_of(ServiceAreaFactory(name="Libraries"), username="libraries.manager")
    client.force_login(stranger)
    assert client.get(f"/staff/restrictions/{proposed.reference}/").status_code == 404
    assert client.get(f"/staff/restrictions/{proposed.reference}/decide/").status_code == 404


def test_reading_the_decision_record_is_audited(client, proposed, decider):
    client.force_login(decider)
    assert client.get(f"/staff/restrictions/{proposed.reference}/").status_code == 200
    assert AuditEvent.objects.filter(
        object_type="restriction", action="view", actor=decider
    ).exists()


def test_the_check_before_contact_shows_the_restriction_and_contact_but_not_the_reasons(
    client, proposed, decider, write_only
):
    decide_restriction(restriction=proposed, by=decider, decision="approved", reasons="Yes")
    bring_into_force(restriction=proposed, on=timezone.localdate(), by=decider)
    frontline = UserFactory(roles=["Staff"])
    client.force_login(frontline)
    response = client.post("/staff/check/", {"reference": proposed.customer.reference})
    text = response.content.decode()
    assert write_only.letter_wording in text
    assert "Housing team leader" in text
    assert proposed.reasons not in text
    assert proposed.behaviour not in text


def test_a_proposal_is_not_shown_in_the_check_until_it_is_approved(client, proposed):
    client.force_login(UserFactory(roles=["Staff"]))
    response = client.post("/staff/check/", {"reference": proposed.customer.reference})
    assert "No restriction on contact." in response.content.decode()


def test_the_customer_timeline_shows_the_warning_and_the_proposal(
    client, proposed, warning, manager, soup
):
    client.force_login(manager)
    history = soup(client.get(f"/staff/customers/{proposed.customer.reference}/"))
    text = " ".join(history.select_one("ol[aria-labelledby=history]").get_text(" ").split())
    assert f"Warning {warning.reference} given" in text
    assert f"Restriction {proposed.reference} proposed" in text
