"""The retention schedule as data: seeded rules, kept by information governance."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reporting.governance.models import LegalHold, RecordKind, RetentionRule, RunsFrom
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_kind_of_record_starts_with_a_rule():
    kinds = set(RetentionRule.objects.values_list("kind", flat=True))
    assert kinds == set(RecordKind.values)
    rule = RetentionRule.objects.get(kind=RecordKind.RESTRICTION)
    assert rule.describe() == (
        "Restriction and its letters: 24 months after the restriction ended"
    )


def test_a_rule_must_run_from_an_event_of_its_kind():
    rule = RetentionRule.objects.get(kind=RecordKind.WARNING)
    rule.runs_from = RunsFrom.MARKER_REMOVED
    with pytest.raises(ValidationError) as raised:
        rule.full_clean()
    assert "runs_from" in raised.value.message_dict


def test_information_governance_keep_the_rules_in_the_admin(client):
    officer = UserFactory(username="ig", roles=["Information governance"])
    client.force_login(officer)
    listing = reverse("retentionrule:index")
    assert client.get(listing).status_code == 200
    rule = RetentionRule.objects.get(kind=RecordKind.WARNING)
    edit = reverse("retentionrule:edit", args=[rule.pk])
    response = client.post(
        edit, {"kind": rule.kind, "months": 36, "runs_from": rule.runs_from, "note": ""}
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.months == 36


def test_staff_cannot_open_the_schedule_in_the_admin(client):
    client.force_login(UserFactory(username="plain", roles=["Staff"]))
    response = client.get(reverse("retentionrule:index"))
    assert response.status_code in (302, 403)


def test_a_legal_hold_placed_in_the_admin_names_who_placed_it(client):
    officer = UserFactory(username="ig", roles=["Information governance"])
    customer = CustomerFactory()
    client.force_login(officer)
    response = client.post(
        reverse("legalhold:add"),
        {"customer": customer.pk, "reason": "A claim has been made.", "lifted_at": ""},
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert hold.placed_by == officer
    assert hold.customer == customer
    assert list(LegalHold.objects.in_force()) == [hold]
