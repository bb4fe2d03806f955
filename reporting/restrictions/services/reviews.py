"""Reviews of restrictions in force, and ending those past their end date.

A decision maker reviews each restriction at least every three months and continues,
varies or lifts it. Recording a review is atomic, checks its rules, writes the audit
trail and, when a rule is broken, raises ``RuleError`` (field name to message) and
changes nothing.
"""

from django.db import transaction
from django.utils import timezone

from home.dates import add_months, long_date
from home.rules import RuleError
from policy_pages.versions import cited_policy_version
from reporting.access import audit
from reporting.access.enums import AuditAction
from reporting.access.permissions import StaffAccess
from reporting.customers.services import lock_customer

from ..enums import EndReason, RestrictionStatus, ReviewOutcome
from ..models import Restriction, RestrictionReview
from .decisions import REVIEW_MONTHS, clean, terms_problems


class _Unchanged:
    def __repr__(self):
        return "UNCHANGED"


# ``record_review(ends_on=...)`` default: keep the end date, as None means "no end date".
UNCHANGED = _Unchanged()


def latest_next_review(today):
    """The latest a next review may be set: three months on from today."""
    return add_months(today, REVIEW_MONTHS)


def default_next_review(restriction, *, today=None):
    """Three months after the review date being answered, kept within three months of
    today: an overdue review does not start the next cycle in the past, nor an early one
    stretch it past the limit."""
    today = today or timezone.localdate()
    latest = latest_next_review(today)
    proposed = add_months(restriction.review_on, REVIEW_MONTHS)
    if proposed <= today:
        return latest
    return min(proposed, latest)


# Recording a review --------------------------------------------------------------------


def _next_review_problem(next_review_on, today):
    if next_review_on is None:
        return "Enter the date of the next review"
    if next_review_on <= today:
        return "The next review must be after today"
    latest = latest_next_review(today)
    if next_review_on > latest:
        return (
            f"Restrictions are reviewed at least every {REVIEW_MONTHS} months: choose a date "
            f"no later than {long_date(latest)}"
        )
    return ""


def _varied_terms(restriction, *, types, arrangements, named_contact, ends_on):
    return {
        "types": list(restriction.types.all()) if types is None else list(types),
        "arrangements": restriction.arrangements if arrangements is None else clean(arrangements),
        "named_contact": restriction.named_contact
        if named_contact is None
        else clean(named_contact),
        "ends_on": restriction.ends_on if ends_on is UNCHANGED else ends_on,
    }


def _vary_problems(restriction, terms, changes, today):
    errors = {}
    if not changes:
        errors["changes"] = "Say what changes, in words the letter can use"
    if not terms["arrangements"]:
        errors["arrangements"] = "Say exactly how the person may contact the council now"
    errors.update(
        terms_problems(
            types=terms["types"],
            named_contact=terms["named_contact"],
            starts_on=restriction.starts_on,
            ends_on=terms["ends_on"],
            review_on=None,
            today=today,
            check_start=False,
            reader_named=restriction.reader_id is not None,
        )
    )
    if terms["ends_on"] is not None and terms["ends_on"] < today and "ends_on" not in errors:
        errors["ends_on"] = "The end date cannot be in the past"
    current = {t.pk for t in restriction.types.all()}
    unchanged = (
        {t.pk for t in terms["types"]} == current
        and terms["arrangements"] == restriction.arrangements
        and terms["named_contact"] == restriction.named_contact
        and terms["ends_on"] == restriction.ends_on
    )
    if unchanged and not errors:
        errors["outcome"] = (
            "You chose to vary the restriction but changed none of its terms: change the "
            "restrictions, the arrangements, the named contact or the end date, or choose "
            "to continue it unchanged"
        )
    return errors


def varied_terms(
    restriction, *, types=None, arrangements=None, named_contact=None, ends_on=UNCHANGED
):
    """The terms a variation leaves in place (``None`` keeps each; ``ends_on`` keeps the
    end date unless given). Reconsiderations vary a restriction by these same rules."""
    return _varied_terms(
        restriction,
        types=types,
        arrangements=arrangements,
        named_contact=named_contact,
        ends_on=ends_on,
    )


def variation_problems(restriction, terms, changes, *, today):
    """What is wrong with varying ``restriction`` to ``terms``, as field to message."""
    return _vary_problems(restriction, terms, changes, today)


def apply_terms(restriction, terms):
    """Give ``restriction`` the varied ``terms``; the caller saves it."""
    terms = dict(terms)
    restriction.types.set(terms.pop("types"))
    for name, value in terms.items():
        setattr(restriction, name, value)


def review_problems(
    restriction,
    *,
    today,
    since_last,
    outcome,
    reasons,
    changes="",
    next_review_on=None,
    types=None,
    arrangements=None,
    named_contact=None,
    ends_on=UNCHANGED,
):
    """Every broken rule in a review, as field name to message; empty when it may be saved."""
    errors = {}
    if not clean(since_last):
        errors["since_last"] = "Say what has happened since the decision or the last review"
    if outcome not in ReviewOutcome.values:
        errors["outcome"] = "Choose whether the restriction continues, is varied or is lifted"
    if not clean(reasons):
        errors["reasons"] = "Give the reasons for the outcome"
    if outcome in (ReviewOutcome.CONTINUE, ReviewOutcome.VARY):
        problem = _next_review_problem(next_review_on, today)
        if problem:
            errors["next_review_on"] = problem
    if outcome == ReviewOutcome.VARY:
        terms = _varied_terms(
            restriction,
            types=types,
            arrangements=arrangements,
            named_contact=named_contact,
            ends_on=ends_on,
        )
        vary_errors = _vary_problems(restriction, terms, clean(changes), today)
        if "outcome" in vary_errors and errors:
            # "Nothing was changed" only matters once everything else is right.
            del vary_errors["outcome"]
        errors.update({k: v for k, v in vary_errors.items() if k not in errors})
    return errors


@transaction.atomic
def record_review(
    restriction,
    *,
    by,
    since_last,
    outcome,
    reasons,
    changes="",
    next_review_on=None,
    types=None,
    arrangements=None,
    named_contact=None,
    ends_on=UNCHANGED,
):
    """Record a decision maker's review of a restriction in force, and apply its outcome.

    Continue sets the next review date; vary also changes the restrictions chosen, the
    arrangements, the named contact or the end date (``None`` for each keeps it, except
    ``ends_on``, where ``None`` means "until lifted at a review"); lift ends it today.
    """
    lock_customer(restriction.customer_id)
    restriction = (
        Restriction.objects.select_for_update().select_related("customer").get(pk=restriction.pk)
    )
    if restriction.status != RestrictionStatus.ACTIVE:
        raise RuleError("Only a restriction in force can be reviewed")
    if not StaffAccess(by).can_review(restriction):
        raise RuleError("Only a decision maker can review a restriction")
    today = timezone.localdate()
    given = {
        "since_last": clean(since_last),
        "outcome": outcome,
        "reasons": clean(reasons),
        "changes": clean(changes),
        "next_review_on": next_review_on,
        "types": types,
        "arrangements": arrangements,
        "named_contact": named_contact,
        "ends_on": ends_on,
    }
    errors = review_problems(restriction, today=today, **given)
    if errors:
        raise RuleError(errors=errors)
    since_last, reasons, changes = given["since_last"], given["reasons"], given["changes"]
    terms = None
    if outcome == ReviewOutcome.VARY:
        terms = _varied_terms(
            restriction,
            types=types,
            arrangements=arrangements,
            named_contact=named_contact,
            ends_on=ends_on,
        )

    lifting = outcome == ReviewOutcome.LIFT
    review = RestrictionReview.objects.create(
        restriction=restriction,
        reviewed_by=by,
        due_on=restriction.review_on,
        since_last=since_last,
        outcome=outcome,
        reasons=reasons,
        changes=changes if outcome == ReviewOutcome.VARY else "",
        next_review_on=None if lifting else next_review_on,
        policy_version=cited_policy_version(),
    )
    if lifting:
        restriction.status = RestrictionStatus.ENDED
        restriction.ended_on = today
        restriction.ended_reason = EndReason.LIFTED
        note = "Reviewed: lifted"
    else:
        restriction.review_on = next_review_on
        if terms is not None:
            restriction.types.set(terms.pop("types"))
            for name, value in terms.items():
                setattr(restriction, name, value)
        label = "varied" if terms is not None else "continued"
        note = f"Reviewed: {label}; next review {next_review_on.isoformat()}"
    restriction.save()
    audit.record(actor=by, action=AuditAction.CHANGE, obj=restriction, note=note)
    return review


@transaction.atomic
def end_expired_restrictions(*, today):
    """End every restriction in force whose end date has passed; return their references.
    The "restriction has ended" letter then waits in the review queue for a manager."""
    expired = list(
        Restriction.objects.select_for_update()
        .filter(status=RestrictionStatus.ACTIVE, ends_on__lt=today)
        .order_by("pk")
    )
    for restriction in expired:
        restriction.status = RestrictionStatus.ENDED
        restriction.ended_on = restriction.ends_on
        restriction.ended_reason = EndReason.END_DATE
    Restriction.objects.bulk_update(expired, ["status", "ended_on", "ended_reason"])
    audit.record_many(
        actor=None, action=AuditAction.CHANGE, objects=expired, note="Ended: end date reached"
    )
    return [restriction.reference for restriction in expired]
