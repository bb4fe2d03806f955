"""Caution markers: proposing one, health and safety's approval, and removing it.

Every change here is atomic, checks its own rules, writes the audit trail and, when a
rule is broken, raises ``RuleError`` and changes nothing.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from home.dates import add_months, long_date
from home.rules import RuleError
from reporting.access import audit, notify
from reporting.access.enums import AuditAction, Role
from reporting.access.permissions import StaffAccess
from reporting.customers.models import Customer
from reporting.customers.services import lock_customer

from .enums import MarkerSeverity, MarkerStatus
from .models import CautionMarker

# How long a marker of each severity may run before its review, in months.
KEEP_MONTHS = {MarkerSeverity.LOW: 6, MarkerSeverity.MEDIUM: 12, MarkerSeverity.HIGH: 24}


def latest_review_date(severity, *, today=None):
    return add_months(today or timezone.localdate(), KEEP_MONTHS[severity])


def _locked(model, obj):
    return model.objects.select_for_update().get(pk=obj.pk)


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
            f"{months} months, by {long_date(latest_review_date(severity, today=today))}"
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
        raise RuleError(
            f"This record was merged into {customer.merged_into.reference}. Set the marker there"
        )
    if not StaffAccess(by).can_set_caution_marker(customer):
        raise RuleError("Only a manager of this person's services can set a marker")
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
        raise RuleError(errors=errors)
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
    notify.tell(
        notify.role_addresses(Role.HEALTH_AND_SAFETY, exclude=[by]),
        subject=f"A caution marker on {customer.reference} waits for approval",
        what="A caution marker waits for approval by health and safety. Nobody sees it "
        "until it is approved.",
        reference=customer.reference,
        path=reverse("staff:marker_reasons", args=[marker.pk]),
    )
    return marker


@transaction.atomic
def approve_caution_marker(*, marker, by):
    """Health and safety, never the person who set it, lets the marker show."""
    lock_customer(marker.customer_id)
    marker = _locked(CautionMarker, marker)
    if marker.status != MarkerStatus.PENDING:
        raise RuleError("Only a marker waiting for approval can be approved")
    if marker.set_by_id == by.pk:
        raise RuleError(
            "You set this marker, so another member of health and safety must approve it"
        )
    if not StaffAccess(by).can_approve_caution_marker(marker):
        raise RuleError("Only health and safety can approve a caution marker")
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
    lock_customer(marker.customer_id)
    marker = _locked(CautionMarker, marker)
    reason = " ".join((reason or "").split())
    if marker.status == MarkerStatus.REMOVED:
        raise RuleError("This marker has already been removed")
    if not StaffAccess(by).can_remove_caution_marker(marker):
        raise RuleError("Only a manager or health and safety can remove a marker")
    if not reason:
        raise RuleError("Say why the marker is being removed", field="reason")
    marker.status = MarkerStatus.REMOVED
    marker.removed_at = timezone.now()
    marker.save(update_fields=["status", "removed_at"])
    audit.record(actor=by, action=AuditAction.CHANGE, obj=marker, note=f"Removed: {reason}")
    return marker


def remove_markers_for_retention(*, marker_ids) -> int:
    """Delete the removed caution markers with these ids under the retention schedule;
    returns how many. The incident a marker rested on stays: it has its own rule."""
    ids = list(CautionMarker.objects.filter(pk__in=marker_ids).values_list("pk", flat=True))
    CautionMarker.objects.filter(pk__in=ids).delete()
    return len(ids)
