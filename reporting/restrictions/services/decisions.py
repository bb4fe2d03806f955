"""Warnings, restriction proposals and decisions.

Each change is atomic, checks its rules, writes the audit trail and, when a rule is
broken, raises ``RuleError`` (field name to message) and changes nothing. The
decision record must hold every item an ombudsman expects: the form asks for each, and
these rules refuse a record without them.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from home.dates import add_months, long_date, mentions_a_date
from home.rules import RuleError
from policy_pages.versions import cited_policy_version
from reporting.access import audit, notify
from reporting.access.enums import AuditAction, Role
from reporting.access.permissions import StaffAccess
from reporting.customers.selectors import merged_family_ids
from reporting.customers.services import lock_customer
from reporting.incidents.enums import BehaviourKind

from ..enums import Decision, RestrictionStatus, Scope, WarningChannel
from ..models import CustomerWarning, Restriction

# Restrictions are reviewed at least this often.
REVIEW_MONTHS = 3
# Letters quote the behaviour, and must say when each thing happened.
UNDATED = "Say when the behaviour happened, with dates, such as “On 3 March you …”"


def default_review_date(starts_on):
    return add_months(starts_on, REVIEW_MONTHS)


def clean(text):
    return (text or "").strip()


def _locked_customer(customer):
    customer = lock_customer(customer.pk)
    if customer.merged_into_id:
        raise RuleError(
            f"This record was merged into {customer.merged_into.reference}. Use that record"
        )
    return customer


def _incidents_problem(customer, incidents):
    if not incidents:
        return "Choose at least one incident this relies on"
    family = merged_family_ids(customer)
    if any(incident.customer_id not in family for incident in incidents):
        return "Choose only incidents recorded on this person's record"
    return ""


# Warnings ----------------------------------------------------------------------------


def warning_problems(
    *, customer, incidents, behaviour, change_expected, consequences, channel, given_on, today
):
    errors = {}
    problem = _incidents_problem(customer, incidents)
    if problem:
        errors["incidents"] = problem
    if not behaviour:
        errors["behaviour"] = "Describe the behaviour, with examples and dates"
    elif not mentions_a_date(behaviour):
        errors["behaviour"] = UNDATED
    if not change_expected:
        errors["change_expected"] = "Say what the person must change"
    if not consequences:
        errors["consequences"] = "Say what will happen if the behaviour continues"
    if channel not in WarningChannel.values:
        errors["channel"] = "Choose how the warning is given"
    elif channel == WarningChannel.LETTER:
        pass  # It counts from the day its letter is issued.
    elif given_on is None:
        errors["given_on"] = "Enter the date the person was told"
    elif given_on > today:
        errors["given_on"] = "The date the person was told cannot be in the future"
    return errors


@transaction.atomic
def record_warning(
    *, customer, by, incidents, behaviour, change_expected, consequences, channel, given_on
):
    """Record a warning. One given in a conversation counts from its date; one by letter
    counts from the day the letter is issued (``mark_warning_given``)."""
    customer = _locked_customer(customer)
    if not StaffAccess(by).can_warn_or_propose(customer):
        raise RuleError("Only a manager of this person's services can give a warning")
    values = {
        "incidents": list(incidents or []),
        "behaviour": clean(behaviour),
        "change_expected": clean(change_expected),
        "consequences": clean(consequences),
        "channel": channel,
        "given_on": None if channel == WarningChannel.LETTER else given_on,
    }
    errors = warning_problems(customer=customer, today=timezone.localdate(), **values)
    if errors:
        raise RuleError(errors=errors)
    incidents = values.pop("incidents")
    warning = CustomerWarning.objects.create(
        customer=customer, given_by=by, policy_version=cited_policy_version(), **values
    )
    warning.incidents.set(incidents)
    audit.record(
        actor=by,
        action=AuditAction.CREATE,
        obj=warning,
        note=f"Warning recorded on {customer.reference}",
    )
    return warning


# Proposals ---------------------------------------------------------------------------


def needs_equality_consideration(customer, incidents) -> bool:
    """Whether protected characteristics or support needs are recorded for the person."""
    if clean(customer.support_needs):
        return True
    return any(incident.protected_characteristics for incident in incidents)


REQUIRED_TEXT = {
    "arrangements": "Say exactly how the person may contact the council now",
    "essential_services": "Say how essential services and urgent help stay reachable",
    "behaviour": "Describe the behaviour relied on, with examples and dates",
    "reasons": "Give the reasons for the restriction",
    "checks_made": "Record the checks made first: the complaint, anything new, other routes",
    "needs_considered": "Record the needs and adjustments considered, and the outcome",
    "alternatives": "Record the alternatives weighed and why this is proportionate",
    "staff_told": "Say which staff are told and where it is recorded",
    "reconsideration_contact": "Say who hears a request for reconsideration",
}


def terms_problems(
    *,
    types,
    named_contact,
    starts_on,
    ends_on,
    review_on,
    today,
    check_start=True,
    reader_named=True,
):
    """Rules on what is restricted and when, shared by proposals and amended decisions."""
    errors = {}
    if not types:
        errors["types"] = "Choose at least one restriction"
    elif any(t.needs_named_contact for t in types) and not named_contact:
        errors["named_contact"] = "Name the officer, team or mailbox the person must use"
    if types and any(t.routes_to_reader for t in types) and not reader_named:
        errors["reader"] = (
            "What the person sends is read and filed under these restrictions: choose who "
            "reads each item"
        )
    if starts_on is None:
        errors["starts_on"] = "Enter the date the restriction starts"
        return errors
    if check_start and starts_on < today:
        errors["starts_on"] = "The start date cannot be in the past"
    if ends_on is not None and ends_on <= starts_on:
        errors["ends_on"] = "The end date must be after the start date"
    if review_on is not None:
        latest = default_review_date(starts_on)
        if review_on <= starts_on:
            errors["review_on"] = "The review date must be after the start date"
        elif review_on > latest:
            errors["review_on"] = (
                f"Restrictions are reviewed at least every {REVIEW_MONTHS} months: "
                f"choose a date no later than {long_date(latest)}"
            )
    return errors


def proposal_problems(customer, values, *, today):
    errors = {}
    incidents = values["incidents"]
    problem = _incidents_problem(customer, incidents)
    if problem:
        errors["incidents"] = problem
    if values["concern"] not in BehaviourKind.values:
        errors["concern"] = "Choose the kind of concern"
    if values["scope"] not in Scope.values:
        errors["scope"] = "Choose what the restriction covers"
    elif values["scope"] == Scope.MATTER and not values["scope_matter"]:
        errors["scope_matter"] = "Say which matter the restriction covers"
    elif values["scope"] == Scope.SERVICE and not values["service_areas"]:
        errors["service_areas"] = "Choose the services the restriction covers"
    if values["representative"] and not values["representative_consent_checked"]:
        errors["representative_consent_checked"] = (
            "Confirm that the person's consent to the representative was checked"
        )
    for name, message in REQUIRED_TEXT.items():
        if not values[name]:
            errors[name] = message
    if values["behaviour"] and not mentions_a_date(values["behaviour"]):
        errors["behaviour"] = UNDATED
    if needs_equality_consideration(customer, incidents) and not values["equality_consideration"]:
        errors["equality_consideration"] = (
            "Protected characteristics or support needs are recorded for this person: "
            "record how the equality duty was considered"
        )
    reader = values["reader"]
    if reader is not None and not (reader.is_active and StaffAccess(reader).is_staff_member):
        errors["reader"] = "Choose a member of staff who can still sign in to read the items"
    warning = values["warning"]
    if warning is not None and warning.customer_id not in merged_family_ids(customer):
        errors["warning"] = "Choose a warning given to this person"
    elif warning is not None and warning.given_on is None:
        errors["warning"] = (
            f"Warning {warning.reference} does not count yet: the person has not been told. "
            "Issue its letter first"
        )
    elif warning is None and not values["no_warning_reason"]:
        errors["no_warning_reason"] = (
            "No warning was given: say what single serious act, such as violence or a "
            "physical threat, justifies restricting without one"
        )
    errors.update(
        terms_problems(
            types=values["types"],
            named_contact=values["named_contact"],
            starts_on=values["starts_on"],
            ends_on=values["ends_on"],
            review_on=values["review_on"],
            today=today,
            reader_named=reader is not None,
        )
    )
    return errors


PROPOSAL_TEXT_FIELDS = (
    "scope_matter",
    "representative",
    "arrangements",
    "named_contact",
    "essential_services",
    "behaviour",
    "reasons",
    "checks_made",
    "needs_considered",
    "alternatives",
    "equality_consideration",
    "no_warning_reason",
    "staff_told",
    "reconsideration_contact",
)


def proposal_values(**given):
    """Every value a proposal holds, tidied, with empty defaults for what was not given."""
    values = {name: clean(given.get(name)) for name in PROPOSAL_TEXT_FIELDS}
    values.update(
        concern=given.get("concern"),
        scope=given.get("scope"),
        representative_consent_checked=bool(given.get("representative_consent_checked")),
        types=list(given.get("types") or []),
        service_areas=list(given.get("service_areas") or []),
        incidents=list(given.get("incidents") or []),
        warning=given.get("warning"),
        starts_on=given.get("starts_on"),
        ends_on=given.get("ends_on"),
        review_on=given.get("review_on"),
        reader=given.get("reader"),
    )
    # A named reader has work only under a restriction whose contact goes to one.
    if not any(t.routes_to_reader for t in values["types"]):
        values["reader"] = None
    if values["scope"] != Scope.MATTER:
        values["scope_matter"] = ""
    if values["scope"] != Scope.SERVICE:
        values["service_areas"] = []
    if values["warning"] is not None:
        values["no_warning_reason"] = ""
    return values


@transaction.atomic
def propose_restriction(*, customer, by, **given):
    """Record a proposal. It binds nobody until an independent decision maker approves it."""
    customer = _locked_customer(customer)
    if not StaffAccess(by).can_warn_or_propose(customer):
        raise RuleError("Only a manager of this person's services can propose this")
    values = proposal_values(**given)
    errors = proposal_problems(customer, values, today=timezone.localdate())
    if errors:
        raise RuleError(errors=errors)
    if values["review_on"] is None:
        values["review_on"] = default_review_date(values["starts_on"])
    types = values.pop("types")
    areas = values.pop("service_areas")
    incidents = values.pop("incidents")
    restriction = Restriction.objects.create(
        customer=customer, proposed_by=by, status=RestrictionStatus.PROPOSED, **values
    )
    restriction.types.set(types)
    restriction.service_areas.set(areas)
    restriction.incidents.set(incidents)
    audit.record(
        actor=by,
        action=AuditAction.CREATE,
        obj=restriction,
        note=f"Restriction proposed for {customer.reference}; waiting for a decision",
    )
    notify.tell(
        notify.role_addresses(Role.DECISION_MAKER, exclude=[by]),
        subject=f"Restriction {restriction.reference} waits for a decision",
        what="A proposed restriction waits for a decision by a decision maker who took no "
        "part in the case.",
        reference=restriction.reference,
        path=reverse("staff:restriction", args=[restriction.reference]),
    )
    return restriction


# Decisions ---------------------------------------------------------------------------


@transaction.atomic
def decide_restriction(
    *, restriction, by, decision, reasons, serious_act_confirmed=False, amendments=None, role=""
):
    """Approve, approve with changes, or refuse a proposal. ``amendments`` may change the
    restrictions chosen, the arrangements, the named contact and the dates. An approved
    restriction binds nobody yet: it comes into force when its letter is issued
    (``bring_into_force``). The decision pins the policy version in force now."""
    lock_customer(restriction.customer_id)
    restriction = Restriction.objects.select_for_update().get(pk=restriction.pk)
    if restriction.status != RestrictionStatus.PROPOSED:
        raise RuleError("This restriction has already been decided")
    conflict = StaffAccess(by).decision_conflict(restriction)
    if conflict:
        raise RuleError(conflict)
    reasons = clean(reasons)
    errors = {}
    if decision not in Decision.values:
        errors["decision"] = "Choose your decision"
    if not reasons:
        errors["reasons"] = "Give the reasons for your decision"
    approving = decision in (Decision.APPROVED, Decision.AMENDED)
    if approving and restriction.warning_id is None and not serious_act_confirmed:
        errors["serious_act_confirmed"] = (
            "No warning was given first: confirm that a single serious act justifies "
            "restricting without one, or refuse the proposal"
        )
    changes = {}
    if decision == Decision.AMENDED:
        changes = _amendments(restriction, amendments or {}, errors)
    if errors:
        raise RuleError(errors=errors)
    types = changes.pop("types", None)
    for name, value in changes.items():
        setattr(restriction, name, value)
    if types is not None:
        restriction.types.set(types)
    restriction.decision = decision
    restriction.decision_reasons = reasons
    restriction.decided_by = by
    restriction.decided_by_role = clean(role)[:120] if approving else ""
    restriction.decided_at = timezone.now()
    restriction.serious_act_confirmed = bool(approving and restriction.warning_id is None)
    restriction.status = RestrictionStatus.DECIDED if approving else RestrictionStatus.REFUSED
    restriction.policy_version = cited_policy_version()
    restriction.save()
    audit.record(
        actor=by,
        action=AuditAction.APPROVE if approving else AuditAction.CHANGE,
        obj=restriction,
        note=f"Decision: {Decision(decision).label.lower()}",
    )
    if approving:
        managers = get_user_model().objects.filter(
            managed_service_areas__incidents__in=restriction.incidents.all(),
            groups__name=Role.MANAGER,
        )
        notify.tell(
            notify.addresses(managers),
            subject=f"Restriction {restriction.reference}: its letter waits to be issued",
            what="A restriction has been approved. It binds the person only once its letter "
            "is issued: please check the letter and issue it.",
            reference=restriction.reference,
            path=reverse("staff:restriction", args=[restriction.reference]),
        )
    return restriction


# Telling the person ------------------------------------------------------------------


def dates_if_told_on(restriction, day):
    """(start, end, review) of ``restriction`` if the person is told on ``day``: it starts
    then, or on its planned start if that is later; its length and the time to its
    review run from the real start, the review never more than three months on."""
    start = max(day, restriction.starts_on)
    shift = start - restriction.starts_on
    ends_on = restriction.ends_on + shift if restriction.ends_on else None
    review_on = min(restriction.review_on + shift, default_review_date(start))
    return start, ends_on, review_on


@transaction.atomic
def bring_into_force(*, restriction, on, by):
    """The letter telling the person was issued on ``on``: the decided restriction comes
    into force that day (or on its later planned start), and its dates run from then."""
    lock_customer(restriction.customer_id)
    restriction = Restriction.objects.select_for_update().get(pk=restriction.pk)
    if restriction.status != RestrictionStatus.DECIDED:
        raise RuleError("Only a decided restriction waiting for its letter comes into force")
    planned = restriction.starts_on
    start, ends_on, review_on = dates_if_told_on(restriction, on)
    restriction.starts_on, restriction.ends_on, restriction.review_on = start, ends_on, review_on
    restriction.status = RestrictionStatus.ACTIVE
    restriction.save(update_fields=["starts_on", "ends_on", "review_on", "status"])
    audit.record(
        actor=by,
        action=AuditAction.CHANGE,
        obj=restriction,
        note=f"In force from {start.isoformat()} (planned {planned.isoformat()}); "
        f"review by {review_on.isoformat()}",
    )
    return restriction


@transaction.atomic
def mark_warning_given(*, warning, on, by):
    """The warning letter was issued on ``on``: the warning counts from that day."""
    lock_customer(warning.customer_id)
    warning = CustomerWarning.objects.select_for_update().get(pk=warning.pk)
    if warning.given_on is not None:
        return warning
    warning.given_on = on
    warning.save(update_fields=["given_on"])
    audit.record(
        actor=by,
        action=AuditAction.CHANGE,
        obj=warning,
        note=f"Given by letter on {on.isoformat()}",
    )
    return warning


def _amendments(restriction, amendments, errors):
    changes = {
        "types": list(amendments.get("types") or restriction.types.all()),
        "arrangements": clean(amendments.get("arrangements")) or restriction.arrangements,
        "named_contact": clean(amendments.get("named_contact", restriction.named_contact)),
        "ends_on": amendments.get("ends_on", restriction.ends_on),
        "review_on": amendments.get("review_on") or restriction.review_on,
    }
    errors.update(
        terms_problems(
            types=changes["types"],
            named_contact=changes["named_contact"],
            starts_on=restriction.starts_on,
            ends_on=changes["ends_on"],
            review_on=changes["review_on"],
            today=timezone.localdate(),
            check_start=False,
            reader_named=restriction.reader_id is not None,
        )
    )
    return changes
