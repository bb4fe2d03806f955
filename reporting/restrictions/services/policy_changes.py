"""Checking restrictions in force against a new version of the policy.

When the policy that letters cite gets a new version, each restriction in force decided
(or last reviewed) under an older one waits for a decision maker, who either brings its
review forward or records, with a reason, that the change does not affect it. Each
check is atomic, audited, and raises ``RuleError`` (field name to message) without
changing anything when a rule is broken.
"""

from django.db import transaction
from django.utils import timezone

from home.dates import long_date
from home.rules import RuleError
from policy_pages.versions import cited_policy_version
from reporting.access import audit
from reporting.access.enums import AuditAction
from reporting.access.permissions import StaffAccess
from reporting.customers.services import lock_customer

from ..enums import PolicyCheckOutcome, RestrictionStatus
from ..models import PolicyChangeCheck, Restriction
from ..selectors import pinned_version
from .decisions import clean


def policy_check_problems(restriction, *, outcome, review_on, reason, today):
    """Every broken rule in a check, as field name to message; empty when it may be saved."""
    errors = {}
    if outcome == PolicyCheckOutcome.BROUGHT_FORWARD:
        if review_on is None:
            errors["review_on"] = "Enter the date of the earlier review"
        elif review_on < today:
            errors["review_on"] = "The review date cannot be in the past"
        elif review_on >= restriction.review_on:
            errors["review_on"] = (
                f"Choose a date before the current review date, {long_date(restriction.review_on)}"
            )
    elif outcome == PolicyCheckOutcome.NOT_AFFECTED:
        if not clean(reason):
            errors["reason"] = "Say why the change to the policy does not affect this restriction"
    else:
        errors["outcome"] = (
            "Choose whether to bring the review forward or record that the change does not "
            "affect the restriction"
        )
    return errors


def _locked_restriction(restriction, *, version, by):
    """The restriction, locked, and the version it rests on, when ``by`` may check it
    against ``version`` now."""
    lock_customer(restriction.customer_id)
    restriction = Restriction.objects.select_for_update().get(pk=restriction.pk)
    if restriction.status != RestrictionStatus.ACTIVE:
        raise RuleError("Only a restriction in force is checked against a new policy version")
    if not StaffAccess(by).can_review(restriction):
        raise RuleError("Only a decision maker can check a restriction against a new policy")
    latest = cited_policy_version()
    if latest is None or version.pk != latest.pk:
        raise RuleError(
            "A newer version of the policy has been published since this page was opened. "
            "Open the restriction again from your tasks"
        )
    decided_under = pinned_version(restriction)
    if (
        decided_under is None
        or decided_under.page_id != version.page_id
        or decided_under.number >= version.number
    ):
        raise RuleError(
            f"This restriction already rests on version {version.number} of the policy: "
            "there is nothing to check"
        )
    if restriction.policy_checks.filter(version=version).exists():
        raise RuleError(
            f"This restriction has already been checked against version {version.number}"
        )
    return restriction, decided_under


def _record_check(restriction, *, version, by, outcome, review_on=None, reason=""):
    restriction, decided_under = _locked_restriction(restriction, version=version, by=by)
    reason = clean(reason)
    errors = policy_check_problems(
        restriction,
        outcome=outcome,
        review_on=review_on,
        reason=reason,
        today=timezone.localdate(),
    )
    if errors:
        raise RuleError(errors=errors)
    check = PolicyChangeCheck.objects.create(
        restriction=restriction,
        version=version,
        decided_under=decided_under,
        outcome=outcome,
        review_was=restriction.review_on,
        review_on=review_on if outcome == PolicyCheckOutcome.BROUGHT_FORWARD else None,
        reason=reason,
        decided_by=by,
    )
    return restriction, check


@transaction.atomic
def bring_review_forward(*, restriction, version, by, review_on):
    """Bring the review of ``restriction`` forward to ``review_on`` because ``version`` of
    the policy changed what it rests on: before the current review date, not in the past."""
    restriction, check = _record_check(
        restriction,
        version=version,
        by=by,
        outcome=PolicyCheckOutcome.BROUGHT_FORWARD,
        review_on=review_on,
    )
    restriction.review_on = review_on
    restriction.save(update_fields=["review_on"])
    audit.record(
        actor=by,
        action=AuditAction.CHANGE,
        obj=restriction,
        note=f"Policy version {version.number}: review brought forward to "
        f"{review_on.isoformat()} (was {check.review_was.isoformat()})",
    )
    return check


@transaction.atomic
def record_not_affected(*, restriction, version, by, reason):
    """Record that ``version`` of the policy does not affect ``restriction``, and why."""
    restriction, check = _record_check(
        restriction,
        version=version,
        by=by,
        outcome=PolicyCheckOutcome.NOT_AFFECTED,
        reason=reason,
    )
    audit.record(
        actor=by,
        action=AuditAction.CHANGE,
        obj=restriction,
        note=f"Policy version {version.number}: does not affect the restriction",
    )
    return check
