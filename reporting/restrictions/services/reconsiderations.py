"""Reconsideration of a restriction decision: recording the request, suspending the
restriction while it waits, and deciding it.

Whoever decides took no part in the case: not the proposer, not a reporter of an
incident relied on, not the original decision maker. Each change is atomic, checks its
rules, writes the audit trail and, when a rule is broken, raises ``RuleError`` (field
name to message) and changes nothing.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from home.dates import long_date
from home.models import CouncilSettings, ReconsiderationSettings
from home.rules import RuleError
from policy_pages.versions import cited_policy_version
from reporting.access import audit, notify
from reporting.access.enums import AuditAction, Role
from reporting.access.permissions import StaffAccess
from reporting.customers.services import lock_customer

from ..enums import (
    EndReason,
    ReceivedHow,
    ReconsiderationOutcome,
    RequestedBy,
    RestrictionStatus,
)
from ..models import Reconsideration, Restriction
from .decisions import clean
from .reviews import UNCHANGED, apply_terms, variation_problems, varied_terms

# The letters app's type for the letter that told the person of the decision.
RESTRICTION_LETTER = "restriction"


# When the person was told, and the last day to ask ------------------------------------


def told_on(restriction):
    """The day the person was told of the decision: the day its letter was issued; with
    no letter on file, the day it came into force (or, failing that, was decided)."""
    letter = (
        restriction.letters.filter(letter_type=RESTRICTION_LETTER).order_by("issued_at").first()
    )
    if letter is not None:
        return timezone.localdate(letter.issued_at)
    if restriction.status == RestrictionStatus.ACTIVE or restriction.decided_at is None:
        return restriction.starts_on
    return timezone.localdate(restriction.decided_at)


def last_day_to_ask(told):
    """The last day a request counts as in time: the period in the council's settings,
    counted from ``told`` (working days skip the nation's weekends and bank holidays)."""
    settings = ReconsiderationSettings.load()
    return settings.deadline(told, nation=CouncilSettings.load().nation)


def involved_user_ids(restriction) -> set:
    """Everyone who took part in the case: the proposer, the reporters of the incidents
    relied on and the original decision maker."""
    ids = {restriction.proposed_by_id, restriction.decided_by_id}
    ids.update(restriction.incidents.values_list("reported_by_id", flat=True))
    return {pk for pk in ids if pk is not None}


def open_reconsideration(restriction):
    return restriction.reconsiderations.filter(decided_at__isnull=True).first()


# Recording a request ------------------------------------------------------------------


def request_problems(
    restriction,
    *,
    received_on,
    received_how,
    requested_by,
    representative_name,
    grounds,
    late_reason,
    today,
):
    """Every broken rule in a request, as field name to message; empty when it may be
    saved. A late request is accepted only with the reason for accepting it."""
    errors = {}
    if received_on is None:
        errors["received_on"] = "Enter the date the request was received"
    elif received_on > today:
        errors["received_on"] = "The date the request was received cannot be in the future"
    if received_how not in ReceivedHow.values:
        errors["received_how"] = "Choose how the request was received"
    if requested_by not in RequestedBy.values:
        errors["requested_by"] = "Choose who asked for the reconsideration"
    elif requested_by == RequestedBy.REPRESENTATIVE and not representative_name:
        errors["representative_name"] = "Give the representative's name"
    if not grounds:
        errors["grounds"] = "Record the grounds of the request, in the person's own words"
    if "received_on" not in errors:
        told = told_on(restriction)
        last = last_day_to_ask(told)
        if received_on > last and not late_reason:
            period = ReconsiderationSettings.load().period_words
            errors["late_reason"] = (
                f"The request is late: the last day to ask was {long_date(last)}, "
                f"{period} after the person was told on {long_date(told)}. Give the reason "
                "for accepting it late"
            )
    return errors


@transaction.atomic
def record_reconsideration(
    *,
    restriction,
    by,
    received_on,
    received_how,
    requested_by,
    grounds,
    representative_name="",
    late_reason="",
):
    """Record a request to reconsider a restriction in force. It goes to the decision
    makers who took no part in the case; the restriction stays in force meanwhile."""
    lock_customer(restriction.customer_id)
    restriction = (
        Restriction.objects.select_for_update().select_related("customer").get(pk=restriction.pk)
    )
    if restriction.status != RestrictionStatus.ACTIVE:
        raise RuleError("Only a restriction in force can be reconsidered")
    if not StaffAccess(by).can_record_reconsideration(restriction):
        raise RuleError(
            "Only a manager of this person's services or a decision maker records a request "
            "for reconsideration"
        )
    waiting = open_reconsideration(restriction)
    if waiting is not None:
        raise RuleError(
            f"Reconsideration {waiting.reference} of this restriction is still waiting for a "
            "decision. Add anything new to it rather than recording another"
        )
    values = {
        "received_on": received_on,
        "received_how": received_how,
        "requested_by": requested_by,
        "representative_name": clean(representative_name),
        "grounds": clean(grounds),
        "late_reason": clean(late_reason),
    }
    errors = request_problems(restriction, today=timezone.localdate(), **values)
    if errors:
        raise RuleError(errors=errors)
    if values["requested_by"] != RequestedBy.REPRESENTATIVE:
        values["representative_name"] = ""
    told = told_on(restriction)
    last = last_day_to_ask(told)
    in_time = values["received_on"] <= last
    if in_time:
        values["late_reason"] = ""
    reconsideration = Reconsideration.objects.create(
        restriction=restriction,
        recorded_by=by,
        told_on=told,
        last_day=last,
        in_time=in_time,
        **values,
    )
    audit.record(
        actor=by,
        action=AuditAction.CREATE,
        obj=reconsideration,
        note=f"Reconsideration of {restriction.reference} requested; "
        f"{'in time' if in_time else 'late, accepted with a reason'}",
    )
    involved = get_user_model().objects.filter(pk__in=involved_user_ids(restriction))
    notify.tell(
        notify.role_addresses(Role.DECISION_MAKER, exclude=list(involved)),
        subject=f"Reconsideration {reconsideration.reference} waits for a decision",
        what="A person has asked for a restriction decision to be looked at again. It waits "
        "for a decision maker who took no part in the case.",
        reference=reconsideration.reference,
        path=reverse("staff:restriction", args=[restriction.reference]),
    )
    return reconsideration


# Suspending the restriction while the request waits ------------------------------------


def _locked(reconsideration):
    restriction = reconsideration.restriction
    lock_customer(restriction.customer_id)
    restriction = Restriction.objects.select_for_update().get(pk=restriction.pk)
    reconsideration = (
        Reconsideration.objects.select_for_update()
        .select_related("restriction__customer")
        .get(pk=reconsideration.pk)
    )
    return reconsideration, restriction


def _refuse_unless_independent(by, reconsideration):
    conflict = StaffAccess(by).reconsideration_conflict(reconsideration)
    if conflict:
        raise RuleError(conflict)


@transaction.atomic
def suspend_restriction(*, reconsideration, by, reason):
    """Suspend the restriction until the reconsideration is decided: while suspended it
    binds nobody, and the check before contact says so."""
    reconsideration, restriction = _locked(reconsideration)
    if not reconsideration.is_open:
        raise RuleError("This reconsideration has been decided")
    _refuse_unless_independent(by, reconsideration)
    if restriction.status != RestrictionStatus.ACTIVE:
        raise RuleError("Only a restriction in force can be suspended")
    if reconsideration.suspended_at is not None:
        raise RuleError("The restriction is already suspended until this is decided")
    reason = clean(reason)
    if not reason:
        raise RuleError(errors={"reason": "Give the reason for suspending the restriction"})
    reconsideration.suspended_at = timezone.now()
    reconsideration.suspended_by = by
    reconsideration.suspension_reason = reason
    reconsideration.save(update_fields=["suspended_at", "suspended_by", "suspension_reason"])
    audit.record(
        actor=by,
        action=AuditAction.CHANGE,
        obj=restriction,
        note=f"Suspended pending reconsideration {reconsideration.reference}",
    )
    return reconsideration


# Deciding -----------------------------------------------------------------------------


def decision_problems(
    reconsideration,
    *,
    outcome,
    reasons,
    role,
    changes="",
    types=None,
    arrangements=None,
    named_contact=None,
    ends_on=UNCHANGED,
    today,
):
    """Every broken rule in a decision, as field name to message. Varying follows the
    rules of varying at a review, and must change something."""
    errors = {}
    if outcome not in ReconsiderationOutcome.values:
        errors["outcome"] = "Choose whether the decision is upheld, varied or lifted"
    if not clean(reasons):
        errors["reasons"] = "Give the reasons for the outcome"
    if not clean(role):
        errors["role"] = "Give your role title: the letter names it"
    if outcome == ReconsiderationOutcome.VARIED:
        terms = varied_terms(
            reconsideration.restriction,
            types=types,
            arrangements=arrangements,
            named_contact=named_contact,
            ends_on=ends_on,
        )
        vary = variation_problems(reconsideration.restriction, terms, clean(changes), today=today)
        if "outcome" in vary:
            if errors:
                del vary["outcome"]
            else:
                vary["outcome"] = (
                    "You chose to vary the restriction but changed none of its terms: change "
                    "the restrictions, the arrangements, the named contact or the end date, "
                    "or uphold the decision"
                )
        if "changes" in vary:
            vary["changes"] = "Say what changes, in words the letter can use"
        errors.update({k: v for k, v in vary.items() if k not in errors})
    return errors


@transaction.atomic
def decide_reconsideration(
    *,
    reconsideration,
    by,
    outcome,
    reasons,
    role,
    changes="",
    types=None,
    arrangements=None,
    named_contact=None,
    ends_on=UNCHANGED,
):
    """Decide a reconsideration: uphold the decision (nothing changes), vary the
    restriction (as a review varies it) or lift it (it ends today). Any suspension ends
    with the decision, which pins the policy version in force now."""
    reconsideration, restriction = _locked(reconsideration)
    if not reconsideration.is_open:
        raise RuleError("This reconsideration has already been decided")
    _refuse_unless_independent(by, reconsideration)
    if restriction.status != RestrictionStatus.ACTIVE:
        raise RuleError(
            f"Restriction {restriction.reference} is no longer in force, so there is nothing "
            "left to reconsider"
        )
    reconsideration.restriction = restriction
    today = timezone.localdate()
    given = {
        "types": types,
        "arrangements": arrangements,
        "named_contact": named_contact,
        "ends_on": ends_on,
    }
    errors = decision_problems(
        reconsideration,
        outcome=outcome,
        reasons=reasons,
        role=role,
        changes=changes,
        today=today,
        **given,
    )
    if errors:
        raise RuleError(errors=errors)
    now = timezone.now()
    varying = outcome == ReconsiderationOutcome.VARIED
    reconsideration.outcome = outcome
    reconsideration.reasons = clean(reasons)
    reconsideration.changes = clean(changes) if varying else ""
    reconsideration.decided_by = by
    reconsideration.decided_at = now
    reconsideration.decided_by_role = clean(role)[:120]
    reconsideration.policy_version = cited_policy_version()
    if reconsideration.is_suspending:
        reconsideration.suspension_ended_at = now
    reconsideration.save()

    if varying:
        apply_terms(restriction, varied_terms(restriction, **given))
        restriction.save()
    elif outcome == ReconsiderationOutcome.LIFTED:
        restriction.status = RestrictionStatus.ENDED
        restriction.ended_on = today
        restriction.ended_reason = EndReason.RECONSIDERED
        restriction.save(update_fields=["status", "ended_on", "ended_reason"])
    label = ReconsiderationOutcome(outcome).name.lower()
    audit.record(
        actor=by,
        action=AuditAction.CHANGE,
        obj=reconsideration,
        note=f"Reconsideration decided: {label}",
    )
    audit.record(
        actor=by,
        action=AuditAction.CHANGE,
        obj=restriction,
        note=f"Reconsidered ({reconsideration.reference}): {label}",
    )
    managers = get_user_model().objects.filter(
        Q(managed_service_areas__incidents__in=restriction.incidents.all())
        | Q(managed_service_areas__in=restriction.service_areas.all()),
        groups__name=Role.MANAGER,
    )
    notify.tell(
        notify.addresses(managers.distinct()),
        subject=f"Reconsideration {reconsideration.reference}: its letter waits to be issued",
        what="A reconsideration has been decided. Please check the letter telling the person "
        "the outcome, and issue it.",
        reference=reconsideration.reference,
        path=reverse("staff:restriction", args=[restriction.reference]),
    )
    return reconsideration
