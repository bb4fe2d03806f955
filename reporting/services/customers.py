"""Customer records: merging duplicates, caution markers, the record's timeline, the check.

Every change here is atomic, checks its own rules, writes the audit trail and, when a
rule is broken, raises ``CustomerRecordError`` and changes nothing.
"""

import calendar
import datetime
from dataclasses import dataclass, field
from itertools import chain

from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Replace, Upper
from django.utils import timezone

from reporting import audit
from reporting.enums import AuditAction
from reporting.models import CautionMarker, Customer, CustomerMerge, Incident
from reporting.models.customers import MarkerSeverity, MarkerStatus
from reporting.permissions import StaffAccess

# How long a marker of each severity may run before its review, in months.
KEEP_MONTHS = {MarkerSeverity.LOW: 6, MarkerSeverity.MEDIUM: 12, MarkerSeverity.HIGH: 24}


class CustomerRecordError(Exception):
    """A rule about customer records was broken. ``errors`` maps a form field's name
    (or ``None`` for the form as a whole) to a message a person can act on."""

    def __init__(self, message=None, *, field=None, errors=None):
        self.errors = dict(errors) if errors else {field: message}
        super().__init__(" ".join(str(text) for text in self.errors.values()))


def add_months(day, months):
    """The same day ``months`` later, or the month's last day if it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def latest_review_date(severity, *, today=None):
    return add_months(today or timezone.localdate(), KEEP_MONTHS[severity])


def _locked(model, obj):
    return model.objects.select_for_update().get(pk=obj.pk)


def _lock_customers(*customers):
    """Lock the rows in a fixed order, so that two merges cannot deadlock."""
    locked = Customer.objects.select_for_update().filter(pk__in=[c.pk for c in customers])
    rows = {row.pk: row for row in locked.order_by("pk")}
    return [rows[c.pk] for c in customers]


# Finding records ---------------------------------------------------------------------


def normalise_reference(text):
    return "".join((text or "").split()).upper()


def current_record(customer):
    """The record in use for this person: ``customer``, or the one it was merged into."""
    seen = set()
    while customer.merged_into_id and customer.pk not in seen:
        seen.add(customer.pk)
        customer = customer.merged_into
    return customer


def merged_family_ids(customer):
    """``customer`` and every record merged into it, however many steps back."""
    ids, frontier = {customer.pk}, [customer.pk]
    while frontier:
        frontier = list(
            Customer.objects.filter(merged_into_id__in=frontier)
            .exclude(pk__in=ids)
            .values_list("pk", flat=True)
        )
        ids.update(frontier)
    return ids


def markers_for(customer):
    """Every marker on this person, including those set on records merged into theirs."""
    return CautionMarker.objects.filter(customer_id__in=merged_family_ids(customer))


def visible_markers(customer, access):
    """Markers this user may know of. A marker shows to nobody until it is approved; only
    the managers who propose markers and health and safety, who approve them, learn of
    one waiting for approval (or refused before it was ever approved)."""
    markers = markers_for(customer).select_related("incident", "set_by", "approved_by")
    if access.sees_pending_markers():
        return markers
    return markers.filter(approved_at__isnull=False)


def active_markers(customer):
    return markers_for(customer).filter(status=MarkerStatus.ACTIVE)


# The timeline ------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """One dated event on a customer's record; ``kind`` names the snippet that draws it."""

    at: datetime.datetime
    kind: str
    item: object
    event: str = ""

    @property
    def template(self):
        return f"reporting/customers/timeline/{self.kind}.html"


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
    from reporting.models import CustomerWarning

    for warning in CustomerWarning.objects.filter(customer_id__in=family).select_related(
        "given_by"
    ):
        yield TimelineEntry(warning.recorded_at, "warning", warning)


def restriction_entries(family):
    from reporting.models import Restriction, RestrictionReview

    restrictions = Restriction.objects.filter(customer_id__in=family).select_related(
        "proposed_by", "decided_by"
    )
    for restriction in restrictions:
        yield TimelineEntry(restriction.proposed_at, "restriction", restriction, "proposed")
        if restriction.decided_at:
            yield TimelineEntry(restriction.decided_at, "restriction", restriction, "decided")
        if restriction.ended_on and not restriction.ended_reason.startswith("Lifted"):
            ended_at = timezone.make_aware(
                datetime.datetime.combine(restriction.ended_on, datetime.time.max)
            )
            yield TimelineEntry(ended_at, "restriction", restriction, "ended")
    reviews = RestrictionReview.objects.filter(restriction__customer_id__in=family)
    for review in reviews.select_related("restriction", "reviewed_by"):
        yield TimelineEntry(review.reviewed_at, "review", review)


def letter_entries(family):
    from reporting.models import Letter

    for letter in Letter.objects.filter(customer_id__in=family).select_related(
        "issued_by", "policy_version"
    ):
        yield TimelineEntry(letter.issued_at, "letter", letter)


def customer_timeline(customer, access):
    """The record's single history, merged from each kind of event."""
    family = merged_family_ids(customer)
    return merge_timeline(
        incident_entries(customer),
        marker_entries(visible_markers(customer, access)),
        merge_entries(customer),
        warning_entries(family),
        restriction_entries(family),
        letter_entries(family),
    )


# Merging -----------------------------------------------------------------------------


NOT_FOUND = "There is no record you can open with that customer reference"


def check_merge(*, source, target, by):
    """Raise if ``source`` may not be merged into ``target`` by ``by``. A record the user
    cannot open is reported as not found, so that the answer confirms nothing."""
    if not StaffAccess(by).can_merge_customers(source, target):
        raise CustomerRecordError(NOT_FOUND, field="reference")
    if source.pk == target.pk:
        raise CustomerRecordError("A record cannot be merged into itself", field="reference")
    if source.merged_into_id:
        raise CustomerRecordError(
            f"{source.reference} has already been merged into another record",
            field="reference",
        )
    if target.merged_into_id:
        raise CustomerRecordError(
            f"{target.reference} has been merged into another record. Merge into that one",
            field="reference",
        )


@transaction.atomic
def merge_customers(*, source, target, by, reason):
    """Move every incident of ``source`` to ``target`` and mark ``source`` as merged."""
    reason = (reason or "").strip()
    source, target = _lock_customers(source, target)
    check_merge(source=source, target=target, by=by)
    if not reason:
        raise CustomerRecordError(
            "Say how you know the records are the same person", field="reason"
        )
    if len(reason) > CustomerMerge._meta.get_field("reason").max_length:
        raise CustomerRecordError("Keep the reason to 300 characters or fewer", field="reason")
    moved = list(source.incidents.order_by("pk").values_list("pk", flat=True))
    Incident.objects.filter(pk__in=moved).update(customer=target)
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    merge = CustomerMerge.objects.create(
        source=source, target=target, reason=reason, moved_incident_ids=moved, merged_by=by
    )
    note = f"{source.reference} merged into {target.reference} (merge {merge.pk})"
    for record in (source, target):
        audit.record(actor=by, action=AuditAction.MERGE, obj=record, note=note)
    return merge


@transaction.atomic
def undo_merge(*, merge, by):
    """Move back exactly the incidents the merge moved, and make the source current again."""
    merge = _locked(CustomerMerge, merge)
    source, target = _lock_customers(merge.source, merge.target)
    if merge.undone_at:
        raise CustomerRecordError("This merge has already been undone")
    if source.merged_into_id != target.pk:
        raise CustomerRecordError(f"{source.reference} is no longer merged into this record")
    if target.merged_into_id:
        raise CustomerRecordError(
            f"{target.reference} has since been merged into another record. Undo that merge first"
        )
    if not StaffAccess(by).can_merge_customers(target):
        raise CustomerRecordError("You cannot undo this merge")
    Incident.objects.filter(pk__in=merge.moved_incident_ids, customer=target).update(
        customer=source
    )
    source.merged_into = None
    source.save(update_fields=["merged_into"])
    merge.undone_by = by
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_by", "undone_at"])
    note = f"{source.reference} separated from {target.reference} (merge {merge.pk} undone)"
    for record in (source, target):
        audit.record(actor=by, action=AuditAction.UNMERGE, obj=record, note=note)
    return merge


# Caution markers ---------------------------------------------------------------------


def _long_date(day):
    return f"{day.day} {day:%B %Y}"


def caution_marker_problems(
    *,
    customer,
    incident,
    severity,
    safety_advice,
    reasons,
    review_date,
    person_told,
    told_on,
    not_told_reason,
    today,
):
    """The marker rules a proposal breaks, as a field name to message mapping."""
    errors = {}
    if incident is None or incident.customer_id != customer.pk:
        errors["incident"] = "Choose the incident this marker rests on"
    if severity not in MarkerSeverity.values:
        errors["severity"] = "Choose how serious the risk is"
    if not safety_advice:
        errors["safety_advice"] = "Say what staff should do to keep safe"
    if not reasons:
        errors["reasons"] = "Say why the marker is needed"
    if review_date is None:
        errors["review_date"] = "Enter the date the marker will be reviewed"
    elif review_date <= today:
        errors["review_date"] = "The review date must be in the future"
    elif severity in MarkerSeverity.values and review_date > latest_review_date(
        severity, today=today
    ):
        months = KEEP_MONTHS[severity]
        errors["review_date"] = (
            f"A {MarkerSeverity(severity).name.lower()} marker must be reviewed within "
            f"{months} months, by {_long_date(latest_review_date(severity, today=today))}"
        )
    if person_told is None:
        errors["person_told"] = "Say whether the person has been told about the marker"
    elif person_told:
        if told_on is None:
            errors["told_on"] = "Enter the date the person was told"
        elif told_on > today:
            errors["told_on"] = "The date the person was told cannot be in the future"
    elif not not_told_reason:
        errors["not_told_reason"] = "Say what real risk telling the person would create"
    return errors


@transaction.atomic
def set_caution_marker(
    *,
    customer,
    incident,
    severity,
    safety_advice,
    reasons,
    review_date,
    person_told,
    told_on=None,
    not_told_reason="",
    by,
):
    """Propose a marker. It waits for health and safety's approval before anyone sees it."""
    customer = _locked(Customer, customer)
    if customer.merged_into_id:
        raise CustomerRecordError(
            f"This record was merged into {customer.merged_into.reference}. Set the marker there"
        )
    if not StaffAccess(by).can_set_caution_marker(customer):
        raise CustomerRecordError("Only a manager of this person's services can set a marker")
    safety_advice = (safety_advice or "").strip()
    reasons = (reasons or "").strip()
    not_told_reason = (not_told_reason or "").strip()
    errors = caution_marker_problems(
        customer=customer,
        incident=incident,
        severity=severity,
        safety_advice=safety_advice,
        reasons=reasons,
        review_date=review_date,
        person_told=person_told,
        told_on=told_on,
        not_told_reason=not_told_reason,
        today=timezone.localdate(),
    )
    if errors:
        raise CustomerRecordError(errors=errors)
    marker = CautionMarker.objects.create(
        customer=customer,
        incident=incident,
        severity=severity,
        safety_advice=safety_advice,
        reasons=reasons,
        review_date=review_date,
        person_told=person_told,
        told_on=told_on if person_told else None,
        not_told_reason="" if person_told else not_told_reason,
        set_by=by,
        status=MarkerStatus.PENDING,
    )
    audit.record(
        actor=by,
        action=AuditAction.CREATE,
        obj=marker,
        note=f"Caution marker on {customer.reference} set; waiting for approval",
    )
    return marker


@transaction.atomic
def approve_caution_marker(*, marker, by):
    """Health and safety, never the person who set it, lets the marker show."""
    marker = _locked(CautionMarker, marker)
    if marker.status != MarkerStatus.PENDING:
        raise CustomerRecordError("Only a marker waiting for approval can be approved")
    if marker.set_by_id == by.pk:
        raise CustomerRecordError(
            "You set this marker, so another member of health and safety must approve it"
        )
    if not StaffAccess(by).can_approve_caution_marker(marker):
        raise CustomerRecordError("Only health and safety can approve a caution marker")
    marker.status = MarkerStatus.ACTIVE
    marker.approved_by = by
    marker.approved_at = timezone.now()
    marker.save(update_fields=["status", "approved_by", "approved_at"])
    audit.record(
        actor=by,
        action=AuditAction.APPROVE,
        obj=marker,
        note=f"Caution marker on {marker.customer.reference} approved",
    )
    return marker


@transaction.atomic
def remove_caution_marker(*, marker, by, reason):
    """Take a marker down, active or still waiting; the reason goes into the audit trail."""
    marker = _locked(CautionMarker, marker)
    reason = " ".join((reason or "").split())
    if marker.status == MarkerStatus.REMOVED:
        raise CustomerRecordError("This marker has already been removed")
    if not StaffAccess(by).can_remove_caution_marker(marker):
        raise CustomerRecordError("Only a manager or health and safety can remove a marker")
    if not reason:
        raise CustomerRecordError("Say why the marker is being removed", field="reason")
    marker.status = MarkerStatus.REMOVED
    marker.removed_at = timezone.now()
    marker.save(update_fields=["status", "removed_at"])
    audit.record(actor=by, action=AuditAction.CHANGE, obj=marker, note=f"Removed: {reason}")
    return marker


# The check before a visit ------------------------------------------------------------


@dataclass(frozen=True)
class MarkerCheck:
    """What the check tells frontline staff about one matching person: the safety advice
    of each active marker and, for each restriction in force, its plain words and the
    named contact. Never reasons, evidence or history."""

    advice: list = field(default_factory=list)
    restrictions: list = field(default_factory=list)

    @property
    def has_marker(self):
        return bool(self.advice)


def find_for_check(*, reference="", name="", postcode=""):
    """Current records matching a reference, or a name and postcode."""
    reference = normalise_reference(reference)
    if reference:
        found = Customer.objects.filter(reference=reference).select_related("merged_into")
        return [current_record(customer) for customer in found]
    words = name.split()
    postcode = normalise_reference(postcode)
    if not words or not postcode:
        return []
    matches = Customer.objects.current().annotate(
        compact_postcode=Replace(Upper(F("postcode")), Value(" "), Value(""))
    )
    matches = matches.filter(compact_postcode=postcode)
    for word in words:
        matches = matches.filter(Q(first_name__iexact=word) | Q(last_name__iexact=word))
    return list(matches.order_by("pk"))


def check_for_markers(*, by, reference="", name="", postcode=""):
    """Answer, for each matching person, whether an active caution marker or a restriction
    in force exists. Each person matched is recorded in the audit trail as viewed."""
    from .restrictions import restriction_notices

    results = []
    for customer in find_for_check(reference=reference, name=name, postcode=postcode):
        audit.record(actor=by, action=AuditAction.VIEW, obj=customer, note="Check before contact")
        advice = active_markers(customer).order_by("-approved_at")
        results.append(
            MarkerCheck(
                advice=list(advice.values_list("safety_advice", flat=True)),
                restrictions=restriction_notices(customer),
            )
        )
    return results
