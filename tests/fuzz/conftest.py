"""A small world for the fuzz tests: one service, a person with incidents, a marker
waiting and one in force, a warning, a restriction proposed and one in force, and one
account per role."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from reporting.customers.models import CustomerMerge
from reporting.incidents.models import Evidence
from reporting.markers.enums import MarkerStatus
from reporting.markers.models import CautionMarker
from reporting.restrictions.enums import RestrictionStatus
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory
from tests.letters.factories import cite_policy
from tests.restrictions.factories import CustomerWarningFactory, RestrictionFactory


def _marker(customer, incident, by, status, approved_by=None):
    return CautionMarker.objects.create(
        customer=customer,
        incident=incident,
        severity="medium",
        safety_advice="Meet in the reception interview room with a colleague.",
        reasons="Threats made on 3 March at the Civic Offices.",
        status=status,
        set_by=by,
        approved_by=approved_by,
        approved_at=timezone.now() if approved_by else None,
        review_date=timezone.localdate() + datetime.timedelta(days=90),
        person_told=True,
        told_on=timezone.localdate(),
    )


@pytest.fixture
def world(db, tmp_path, monkeypatch, settings):
    field = Evidence._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path / "evidence"))
    settings.LETTERS_ROOT = tmp_path / "letters"
    cite_policy()
    housing = ServiceAreaFactory(name="Housing")
    manager = manager_of(housing, "housing.manager")
    users = {
        "Staff": UserFactory(username="frontline", roles=["Staff"]),
        "Manager": manager,
        "Decision maker": UserFactory(username="decision.maker", roles=["Decision maker"]),
        "Health and safety": UserFactory(username="safety.officer", roles=["Health and safety"]),
        "Information governance": UserFactory(
            username="records.officer", roles=["Information governance"]
        ),
    }
    customer = CustomerFactory(first_name="Alex", last_name="Morgan", postcode="AB1 2CD")
    other = CustomerFactory(first_name="Alexander", last_name="Morgan", postcode="AB1 2CD")
    merged = CustomerFactory(first_name="Al", last_name="Morgan", postcode="AB1 2CD")
    incidents = [
        IncidentFactory(customer=person, service_area=housing)
        for person in (customer, customer, other, merged)
    ]
    merge = CustomerMerge.objects.create(
        source=merged, target=other, reason="Same person", moved={}, merged_by=manager
    )
    merged.merged_into = other
    merged.save(update_fields=["merged_into"])
    safety = users["Health and safety"]
    pending = _marker(customer, incidents[0], manager, MarkerStatus.PENDING)
    active = _marker(customer, incidents[0], manager, MarkerStatus.ACTIVE, approved_by=safety)
    warning = CustomerWarningFactory(customer=customer, given_on=None)
    proposed = RestrictionFactory(
        customer=customer,
        status=RestrictionStatus.PROPOSED,
        proposed_by=manager,
        decision="",
        decided_by=None,
        decided_at=None,
        decided_by_role="",
    )
    in_force = RestrictionFactory(customer=customer, proposed_by=manager)
    decided = RestrictionFactory(
        customer=customer, proposed_by=manager, status=RestrictionStatus.DECIDED
    )
    return SimpleNamespace(
        users=users,
        housing=housing,
        customer=customer,
        other=other,
        merge=merge,
        incident=incidents[0],
        pending_marker=pending,
        active_marker=active,
        warning=warning,
        proposed=proposed,
        in_force=in_force,
        decided=decided,
    )
