"""The records the fuzzers post about: a person with incidents in one service, a caution
marker waiting and one in force, a warning by letter not yet sent, restrictions proposed,
decided and in force, and a merge that can be undone. Used by the property tests'
``world`` fixture and by the served fuzzer, on top of the demo content."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from policy_pages.models import RestrictionType
from reporting.customers.models import CustomerMerge
from reporting.markers.enums import MarkerStatus
from reporting.markers.models import CautionMarker
from reporting.restrictions.enums import ReceivedHow, RequestedBy, RestrictionStatus
from reporting.restrictions.models import Reconsideration
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory
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


def build_world(*, users, area, customer, incident):
    """Add the records to ``customer`` (who has ``incident`` in ``area``), with ``users``
    by role name; hand back everything the forms' addresses need."""
    manager = users["Manager"]
    deciding = users["Decision maker"]
    other = CustomerFactory(first_name="Alexander", last_name="Morgan", postcode="AB1 2CD")
    merged = CustomerFactory(first_name="Al", last_name="Morgan", postcode="AB1 2CD")
    for person in (other, merged):
        IncidentFactory(customer=person, service_area=area)
    merge = CustomerMerge.objects.create(
        source=merged, target=other, reason="Same person", moved={}, merged_by=manager
    )
    merged.merged_into = other
    merged.save(update_fields=["merged_into"])
    safety = users["Health and safety"]
    restriction = {"customer": customer, "proposed_by": manager, "decided_by": deciding}
    # Decided by someone else, so the fuzzing decision maker may decide its reconsideration;
    # its contact goes to the manager, who reads and files it.
    reconsidered = RestrictionFactory(
        customer=customer,
        proposed_by=manager,
        decided_by=UserFactory(roles=["Decision maker"]),
        reader=manager,
        types=list(RestrictionType.objects.filter(routes_to_reader=True)[:1]),
    )
    today = timezone.localdate()
    request = Reconsideration.objects.create(
        restriction=reconsidered,
        received_on=today,
        received_how=ReceivedHow.EMAIL,
        requested_by=RequestedBy.CUSTOMER,
        grounds="The calls stopped weeks ago.",
        told_on=today,
        last_day=today + datetime.timedelta(days=28),
        in_time=True,
        recorded_by=manager,
    )
    return SimpleNamespace(
        users=users,
        area=area,
        customer=customer,
        other=other,
        merge=merge,
        incident=incident,
        pending_marker=_marker(customer, incident, manager, MarkerStatus.PENDING),
        active_marker=_marker(customer, incident, manager, MarkerStatus.ACTIVE, safety),
        warning=CustomerWarningFactory(customer=customer, given_on=None, given_by=manager),
        proposed=RestrictionFactory(
            **{**restriction, "decided_by": None},
            status=RestrictionStatus.PROPOSED,
            decision="",
            decided_at=None,
            decided_by_role="",
        ),
        in_force=RestrictionFactory(**restriction),
        reconsidered=reconsidered,
        reconsideration=request,
        decided=RestrictionFactory(**restriction, status=RestrictionStatus.DECIDED),
    )
