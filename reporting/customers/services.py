"""Correcting a customer's details; merging two records of one person, and undoing it.

Every change here is atomic, checks its own rules, writes the audit trail and, when a
rule is broken, raises ``RuleError`` and changes nothing. The records that follow a
person (incidents, for instance) are moved through ``merging``: this app does not know
them.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from home.corrections import before_and_after, changed_fields
from home.rules import RuleError
from reporting.access import audit
from reporting.access.enums import AuditAction, Role
from reporting.access.permissions import StaffAccess

from .enums import (
    DETAIL_LABELS,
    EqualitySource,
    PreferredChannel,
    PreferredFormat,
    PreferredLanguage,
    ProtectedCharacteristic,
)
from .merging import moved_models
from .models import Customer, CustomerChange, CustomerMerge, DetailGrant, EqualityDetail


def _locked(model, obj):
    return model.objects.select_for_update().get(pk=obj.pk)


def lock_customer(customer_id):
    """Lock one customer's row, and return it fresh from the database.

    Every write that touches one person's records takes this lock first, before any row
    of its own (an incident, a restriction, a marker, the letter numbering), so that two
    writes about one person queue up rather than deadlock. Merges lock both records, in
    the order ``lock_customers`` keeps. ``None`` (an incident about someone unknown)
    locks nothing."""
    if customer_id is None:
        return None
    return Customer.objects.select_for_update().get(pk=customer_id)


def lock_customers(*customers):
    """Lock the rows in a fixed order, so that two merges cannot deadlock."""
    locked = Customer.objects.select_for_update().filter(pk__in=[c.pk for c in customers])
    rows = {row.pk: row for row in locked.order_by("pk")}
    return [rows[c.pk] for c in customers]


NOT_FOUND = "There is no record you can open with that customer reference"


def check_merge(*, source, target, by):
    """Raise if ``source`` may not be merged into ``target`` by ``by``. A record the user
    cannot open is reported as not found, so that the answer confirms nothing."""
    if not StaffAccess(by).can_merge_customers(source, target):
        raise RuleError(NOT_FOUND, field="reference")
    if source.pk == target.pk:
        raise RuleError("A record cannot be merged into itself", field="reference")
    if source.merged_into_id:
        raise RuleError(
            f"{source.reference} has already been merged into another record",
            field="reference",
        )
    if target.merged_into_id:
        raise RuleError(
            f"{target.reference} has been merged into another record. Merge into that one",
            field="reference",
        )


@transaction.atomic
def merge_customers(*, source, target, by, reason):
    """Move the records that follow a person (incidents) from ``source`` to ``target``,
    and mark ``source`` as merged into ``target``."""
    reason = (reason or "").strip()
    source, target = lock_customers(source, target)
    check_merge(source=source, target=target, by=by)
    if not reason:
        raise RuleError("Say how you know the records are the same person", field="reason")
    if len(reason) > CustomerMerge._meta.get_field("reason").max_length:
        raise RuleError("Keep the reason to 300 characters or fewer", field="reason")
    moved = {}
    for name, model in moved_models():
        ids = list(
            model.objects.filter(customer=source).order_by("pk").values_list("pk", flat=True)
        )
        model.objects.filter(pk__in=ids).update(customer=target)
        moved[name] = ids
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    merge = CustomerMerge.objects.create(
        source=source, target=target, reason=reason, moved=moved, merged_by=by
    )
    note = f"{source.reference} merged into {target.reference} (merge {merge.pk})"
    for record in (source, target):
        audit.record(actor=by, action=AuditAction.MERGE, obj=record, note=note)
    return merge


@transaction.atomic
def undo_merge(*, merge, by):
    """Move back exactly the records the merge moved, and make the source current again."""
    source, target = lock_customers(merge.source, merge.target)
    merge = _locked(CustomerMerge, merge)
    if merge.undone_at:
        raise RuleError("This merge has already been undone")
    if source.merged_into_id != target.pk:
        raise RuleError(f"{source.reference} is no longer merged into this record")
    if target.merged_into_id:
        raise RuleError(
            f"{target.reference} has since been merged into another record. Undo that merge first"
        )
    if not StaffAccess(by).can_merge_customers(target):
        raise RuleError("You cannot undo this merge")
    for name, model in moved_models():
        ids = merge.moved.get(name, [])
        model.objects.filter(pk__in=ids, customer=target).update(customer=source)
    source.merged_into = None
    source.save(update_fields=["merged_into"])
    merge.undone_by = by
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_by", "undone_at"])
    note = f"{source.reference} separated from {target.reference} (merge {merge.pk} undone)"
    for record in (source, target):
        audit.record(actor=by, action=AuditAction.UNMERGE, obj=record, note=note)
    return merge


# Correcting details ------------------------------------------------------------------


def detail_problems(values, *, today):
    """The rules a correction breaks, as {field name: message}."""
    errors = {}
    if not values["last_name"]:
        errors["last_name"] = "Enter the person's last name"
    if values["preferred_channel"] not in PreferredChannel.values:
        errors["preferred_channel"] = "Choose how the person prefers to hear from us"
    elif values["preferred_channel"] == PreferredChannel.EMAIL and not values["email"]:
        errors["email"] = "Enter an e-mail address, or choose post"
    if values["preferred_format"] not in PreferredFormat.values:
        errors["preferred_format"] = "Choose the format the person needs"
    elif (
        values["preferred_format"] == PreferredFormat.OTHER_LANGUAGE
        and not values["format_details"]
    ):
        errors["format_details"] = "Say which language"
    if values["preferred_language"] not in PreferredLanguage.values:
        errors["preferred_language"] = "Choose the language letters are written in"
    consent_on = values["representative_consent_on"]
    if values["representative_name"] and consent_on is None:
        errors["representative_consent_on"] = (
            "Enter the date the person's consent to the representative was checked"
        )
    elif consent_on is not None and consent_on > today:
        errors["representative_consent_on"] = (
            "The date consent was checked cannot be in the future"
        )
    return errors


@transaction.atomic
def change_details(*, customer, by, reason, **values):
    """Correct the person's details. The record keeps what each field held before and
    after, who changed it and why; the audit trail names the fields only."""
    customer = lock_customer(customer.pk)
    access = StaffAccess(by)
    if not access.can_open_customer(customer):
        raise RuleError(NOT_FOUND)
    if customer.merged_into_id:
        raise RuleError(
            f"This record was merged into {customer.merged_into.reference}. Correct that one"
        )
    unknown = set(values) - set(DETAIL_LABELS)
    if unknown:
        raise TypeError(f"Not a customer detail: {', '.join(sorted(unknown))}")
    values = {name: values.get(name, getattr(customer, name)) for name in DETAIL_LABELS}
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = value.strip()
    values["postcode"] = " ".join(values["postcode"].upper().split())
    reason = " ".join((reason or "").split())
    errors = detail_problems(values, today=timezone.localdate())
    if not reason:
        errors["reason"] = "Say why the details are being changed"
    changed = changed_fields(customer, values)
    if not changed and not errors:
        errors[None] = "Nothing has changed: change a detail, or go back to the record"
    if errors:
        raise RuleError(errors=errors)
    before, after = before_and_after(customer, values, changed)
    change = CustomerChange.objects.create(
        customer=customer, made_by=by, reason=reason[:300], before=before, after=after
    )
    for name in changed:
        setattr(customer, name, values[name])
    customer.save(update_fields=changed)
    audit.record(
        actor=by,
        action=AuditAction.CHANGE,
        obj=customer,
        note=f"Details changed: {', '.join(DETAIL_LABELS[name] for name in changed)}",
    )
    return change


# Equality details, for monitoring ---------------------------------------------------


@transaction.atomic
def record_equality_details(*, customer, by, source, answers):
    """Record the person's answers about protected characteristics, for monitoring only.
    ``answers`` maps a characteristic to (answer, prefer_not_to_say); a characteristic
    with neither is left as it was. The audit trail names the characteristics only."""
    customer = lock_customer(customer.pk)
    if not StaffAccess(by).can_open_customer(customer):
        raise RuleError(NOT_FOUND)
    errors = {}
    given = {}
    for characteristic, (answer, prefer_not) in answers.items():
        if characteristic not in ProtectedCharacteristic.values:
            raise TypeError(f"Not a protected characteristic: {characteristic}")
        answer = " ".join((answer or "").split())
        if answer and prefer_not:
            errors[f"{characteristic}_answer"] = (
                "Give an answer or choose “prefer not to say”, not both"
            )
        elif answer or prefer_not:
            given[characteristic] = (answer[:120], bool(prefer_not))
    if not given and not errors:
        errors[None] = "Give at least one answer, or “prefer not to say”"
    if given and source not in EqualitySource.values:
        errors["source"] = "Say where the answers came from"
    if errors:
        raise RuleError(errors=errors)
    for characteristic, (answer, prefer_not) in given.items():
        EqualityDetail.objects.update_or_create(
            customer=customer,
            characteristic=characteristic,
            defaults={
                "answer": "" if prefer_not else answer,
                "prefer_not_to_say": prefer_not,
                "source": source,
                "recorded_by": by,
                "recorded_at": timezone.now(),
            },
        )
    labels = dict(ProtectedCharacteristic.choices)
    audit.record(
        actor=by,
        action=AuditAction.CHANGE,
        obj=customer,
        note="Equality details recorded: " + ", ".join(labels[c].lower() for c in sorted(given)),
    )


GRANT_REASON_MIN_LENGTH = 20


@transaction.atomic
def grant_detail(customer, *, by, reason):
    """Let ``by``, a manager who reaches the record, read every service's records about
    the person for ``DETAIL_GRANT_MINUTES``, for the reason they give. The grant is in the
    audit trail and waits for information governance to review it."""
    if not StaffAccess(by).can_break_glass(customer):
        raise RuleError("Only a manager who can open this record can ask to read it in full")
    if customer.merged_into_id is not None:
        raise RuleError("This record was merged into another: give the reason on that one")
    reason = " ".join(str(reason or "").split())
    if len(reason) < GRANT_REASON_MIN_LENGTH:
        raise RuleError(
            errors={
                "reason": "Say why you need to read the other services' records, in at "
                f"least {GRANT_REASON_MIN_LENGTH} characters"
            }
        )
    now = timezone.now()
    grant = DetailGrant.objects.create(
        customer=customer,
        granted_to=by,
        reason=reason,
        granted_at=now,
        expires_at=now + datetime.timedelta(minutes=settings.DETAIL_GRANT_MINUTES),
    )
    audit.record(
        actor=by,
        action=AuditAction.BREAK_GLASS,
        obj=customer,
        note=f"Reason {grant.pk} given; read in full for {settings.DETAIL_GRANT_MINUTES} minutes",
    )
    return grant


@transaction.atomic
def mark_grant_reviewed(grant, *, by):
    """Information governance records that it has looked at the reason given."""
    if not StaffAccess(by).has(Role.INFORMATION_GOVERNANCE):
        raise RuleError("Only information governance reviews the reasons given")
    if grant.reviewed_at is not None:
        raise RuleError("This reason has already been reviewed")
    grant.reviewed_by, grant.reviewed_at = by, timezone.now()
    grant.save(update_fields=["reviewed_by", "reviewed_at"])
    audit.record(
        actor=by, action=AuditAction.CHANGE, obj=grant.customer, note=f"Reason {grant.pk} reviewed"
    )
    return grant
