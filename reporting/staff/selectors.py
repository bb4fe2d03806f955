"""What the staff area's front pages read, assembled from the apps below: a customer's
single history, and the check before contact."""

import datetime
from dataclasses import dataclass, field, replace
from itertools import chain

from django.db.models import Q
from django.utils import timezone

from reporting.access import audit
from reporting.access.enums import AuditAction
from reporting.access.models import ServiceArea
from reporting.customers.models import CustomerMerge
from reporting.customers.selectors import find_for_check, merged_family_ids
from reporting.letters.models import Letter
from reporting.markers.selectors import active_markers, visible_markers
from reporting.restrictions.enums import EndReason
from reporting.restrictions.models import (
    CustomerWarning,
    Reconsideration,
    Restriction,
    RestrictionReview,
)
from reporting.restrictions.selectors import restriction_notices, restrictions_not_yet_told


@dataclass(frozen=True)
class TimelineEntry:
    """One dated event on a customer's record; ``kind`` names the snippet that draws it."""

    at: datetime.datetime
    kind: str
    item: object
    event: str = ""
    # False for another service's record the reader has no grant for: the entry then
    # says only that it exists, when, which service holds it, and its reference.
    readable: bool = True
    services: tuple = ()

    @property
    def template(self):
        if not self.readable:
            return "staff/timeline/withheld.html"
        return f"staff/timeline/{self.kind}.html"

    @property
    def reference(self):
        if self.kind == "review":
            return self.item.restriction.reference
        if self.kind == "marker":
            return self.item.incident.reference
        return getattr(self.item, "reference", "")


def merge_timeline(*sources):
    """One list, newest first, from any number of sources of ``TimelineEntry``."""
    return sorted(chain.from_iterable(sources), key=lambda entry: entry.at, reverse=True)


def incident_entries(customer):
    incidents = customer.incidents.select_related("service_area").prefetch_related("categories")
    for incident in incidents:
        yield TimelineEntry(incident.occurred_at, "incident", incident)


def marker_entries(markers):
    for marker in markers:
        yield TimelineEntry(marker.set_at, "marker", marker, "set")
        if marker.approved_at:
            yield TimelineEntry(marker.approved_at, "marker", marker, "approved")
        if marker.removed_at:
            yield TimelineEntry(marker.removed_at, "marker", marker, "removed")


def merge_entries(customer):
    merges = CustomerMerge.objects.filter(Q(source=customer) | Q(target=customer))
    for merge in merges.select_related("source", "target", "merged_by", "undone_by"):
        yield TimelineEntry(merge.merged_at, "merge", merge, "merged")
        if merge.undone_at:
            yield TimelineEntry(merge.undone_at, "merge", merge, "undone")


def warning_entries(family):
    warnings = CustomerWarning.objects.filter(customer_id__in=family)
    for warning in warnings.select_related("given_by", "customer").prefetch_related("incidents"):
        yield TimelineEntry(warning.recorded_at, "warning", warning)


RESTRICTION_AREAS = ("service_areas", "incidents")


def restriction_entries(family):
    restrictions = (
        Restriction.objects.filter(customer_id__in=family)
        .select_related("proposed_by", "decided_by", "customer")
        .prefetch_related(*RESTRICTION_AREAS)
    )
    for restriction in restrictions:
        yield TimelineEntry(restriction.proposed_at, "restriction", restriction, "proposed")
        if restriction.decided_at:
            yield TimelineEntry(restriction.decided_at, "restriction", restriction, "decided")
        # A restriction lifted at a review or on reconsideration: that entry says so.
        lifted = restriction.ended_reason in (EndReason.LIFTED, EndReason.RECONSIDERED)
        if restriction.ended_on and not lifted:
            ended_at = timezone.make_aware(
                datetime.datetime.combine(restriction.ended_on, datetime.time.max)
            )
            yield TimelineEntry(ended_at, "restriction", restriction, "ended")
    reviews = RestrictionReview.objects.filter(restriction__customer_id__in=family)
    for review in reviews.select_related("restriction__customer", "reviewed_by").prefetch_related(
        *(f"restriction__{path}" for path in RESTRICTION_AREAS)
    ):
        yield TimelineEntry(review.reviewed_at, "review", review)


def reconsideration_entries(family):
    """Each request for reconsideration, any suspension while it waited, and its outcome."""
    reconsiderations = Reconsideration.objects.filter(restriction__customer_id__in=family)
    for reconsideration in reconsiderations.select_related(
        "restriction__customer", "recorded_by", "decided_by", "suspended_by"
    ).prefetch_related(*(f"restriction__{path}" for path in RESTRICTION_AREAS)):
        yield TimelineEntry(
            reconsideration.recorded_at, "reconsideration", reconsideration, "requested"
        )
        if reconsideration.suspended_at:
            yield TimelineEntry(
                reconsideration.suspended_at, "reconsideration", reconsideration, "suspended"
            )
        if reconsideration.decided_at:
            yield TimelineEntry(
                reconsideration.decided_at, "reconsideration", reconsideration, "decided"
            )


def letter_entries(family):
    letters = Letter.objects.filter(customer_id__in=family).select_related(
        "issued_by", "policy_version", "customer", "warning", "restriction"
    )
    letters = letters.prefetch_related(
        "warning__incidents", *(f"restriction__{path}" for path in RESTRICTION_AREAS)
    )
    for letter in letters:
        yield TimelineEntry(letter.issued_at, "letter", letter)


def with_readability(entries, access):
    """Mark each entry about another service's record that ``access`` may not read, with
    the names of the services that hold it."""
    names = None
    for entry in entries:
        if entry.kind == "merge" or access.reads_detail(entry.item):
            yield entry
            continue
        if names is None:
            names = dict(ServiceArea.objects.values_list("pk", "name"))
        services = tuple(sorted(names[pk] for pk in entry.item.service_area_ids() if pk in names))
        yield replace(entry, readable=False, services=services)


def customer_timeline(customer, access):
    """The record's single history, merged from each kind of event. Entries about
    another service's records say only that they exist, unless ``access`` reads them."""
    family = merged_family_ids(customer)
    return list(
        with_readability(
            merge_timeline(
                incident_entries(customer),
                marker_entries(visible_markers(customer, access)),
                merge_entries(customer),
                warning_entries(family),
                restriction_entries(family),
                reconsideration_entries(family),
                letter_entries(family),
            ),
            access,
        )
    )


@dataclass(frozen=True)
class MarkerCheck:
    """What the check tells frontline staff about one matching person: the safety advice
    of each active marker and, for each restriction in force, its plain words and the
    named contact. Never reasons, evidence or history."""

    advice: list = field(default_factory=list)
    restrictions: list = field(default_factory=list)
    # Decided but not in force: the person has not been told, so they are not bound yet.
    not_yet_told: int = 0

    @property
    def has_marker(self):
        return bool(self.advice)


def check_for_markers(*, by, reference="", name="", postcode=""):
    """Answer, for each matching person, whether an active caution marker or a restriction
    in force exists. Each person matched is recorded in the audit trail as viewed."""
    results = []
    for customer in find_for_check(reference=reference, name=name, postcode=postcode):
        audit.record(actor=by, action=AuditAction.VIEW, obj=customer, note="Check before contact")
        advice = active_markers(customer).order_by("-approved_at")
        results.append(
            MarkerCheck(
                advice=list(advice.values_list("safety_advice", flat=True)),
                restrictions=restriction_notices(customer),
                not_yet_told=restrictions_not_yet_told(customer),
            )
        )
    return results
