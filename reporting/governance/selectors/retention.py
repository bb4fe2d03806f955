"""What the retention schedule says is due: kind by kind, the records past their period,
with the rule and the date the period ran from. Nothing about a customer under a legal
hold is ever due. References and dates only, never names.

Every kind in the schedule is carried out: restrictions with their letters, warnings with
theirs, caution markers, read-and-file items, incidents with no further action, the
incidents relied on by the restrictions going, evidence on its own, and the oldest audit
events. A kind added to the schedule later is listed in ``NOT_YET_CARRIED_OUT`` until
the run knows how to remove it.

The schedule is kept here: the rules and their cutoffs, the order, what goes with what,
and the legal holds. The records themselves are found through the selectors of the apps
that own them, which this module composes; it imports none of their models."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from home.dates import add_months
from reporting.access.selectors import oldest_events_due
from reporting.customers.selectors import customers_in, merged_families_ids
from reporting.incidents.selectors import (
    closed_incidents_due,
    evidence_due,
    incidents_relied_on_only_by,
)
from reporting.markers.selectors import marker_relies_on, removed_markers_due
from reporting.restrictions.selectors.retention import (
    ended_restrictions_due,
    read_contact_items_due,
    restriction_relies_on,
    warning_relies_on,
    warnings_due,
)

from ..models import (
    DeletionRecord,
    KeptChainStart,
    LegalHold,
    RecordKind,
    RetentionRule,
    RetentionRun,
    RunsFrom,
)

# In the order the run removes them: what relies on a record goes before it.
CARRIED_OUT = (
    RecordKind.RESTRICTION,
    RecordKind.WARNING,
    RecordKind.CAUTION_MARKER,
    RecordKind.READ_AND_FILE,
    RecordKind.INCIDENT_NO_FURTHER_ACTION,
    RecordKind.INCIDENT_RELIED_ON,
    RecordKind.EVIDENCE,
    RecordKind.AUDIT_EVENT,
)
NOT_YET_CARRIED_OUT = tuple(kind for kind in RecordKind if kind not in CARRIED_OUT)


@dataclass(frozen=True)
class DueRecord:
    kind: str
    reference: str
    ran_from: datetime.date
    due_on: datetime.date
    rule: str
    count: int = 1

    @property
    def kind_label(self):
        return RecordKind(self.kind).label


def held_customer_ids():
    """Customers under a legal hold, with every record merged into or from them: a merge
    moves a person's records to the record kept, so a hold on either side must keep
    them all, along the whole chain of merges."""
    held = LegalHold.objects.in_force().values_list("customer_id", flat=True)
    return merged_families_ids(customer_ids=held)


def _restrictions(rule, cutoffs, due):
    """Ended restrictions whose end is past the period. One that relied on incidents stays
    while those incidents must be kept ("incident relied on by a restriction"), since once
    it goes nothing would show they were relied on; they then go with it."""
    return ended_restrictions_due(
        cutoff=cutoffs[rule.kind],
        relied_on_cutoff=cutoffs.get(RecordKind.INCIDENT_RELIED_ON),
        excluding_customers=held_customer_ids(),
    )


def _relied_on(incident="pk", *, going=None):
    """An incident a warning, a restriction or a caution marker relies on (its id at
    ``OuterRef(incident)``); with ``going`` (what is due in this run), those going do not
    count."""
    going = going or {}
    return (
        warning_relies_on(incident=incident, excluding=going.get(RecordKind.WARNING))
        | restriction_relies_on(incident=incident, excluding=going.get(RecordKind.RESTRICTION))
        | marker_relies_on(incident=incident, excluding=going.get(RecordKind.CAUTION_MARKER))
    )


def _incidents_relied_on(rule, cutoffs, due):
    """The incidents of the restrictions going in this run that nothing else relies on
    (another restriction, a warning or a caution marker that stays)."""
    return incidents_relied_on_only_by(
        restrictions=due.get(RecordKind.RESTRICTION),
        relied_on=_relied_on(going=due),
        excluding_customers=held_customer_ids(),
    )


def _warnings(rule, cutoffs, due):
    """Warnings given before the period that no restriction still follows (one due in the
    same run goes first, so it does not keep its warning)."""
    return warnings_due(
        cutoff=cutoffs[rule.kind],
        excluding_customers=held_customer_ids(),
        restrictions_going=due.get(RecordKind.RESTRICTION),
    )


def _markers(rule, cutoffs, due):
    """Removed caution markers, counted from the day they were removed."""
    return removed_markers_due(cutoff=cutoffs[rule.kind], excluding_customers=held_customer_ids())


def _read_and_file(rule, cutoffs, due):
    """Read items of restrictions that are not themselves due (those go with their
    restriction, counted there), by the rule's event: the day read, or the day the
    restriction ended."""
    return read_contact_items_due(
        cutoff=cutoffs[rule.kind],
        from_restriction_end=rule.runs_from == RunsFrom.RESTRICTION_ENDED,
        excluding_customers=held_customer_ids(),
        restrictions_going=due.get(RecordKind.RESTRICTION),
    )


def _incidents_no_further_action(rule, cutoffs, due):
    """Closed incidents that no warning, restriction or caution marker relies on."""
    return closed_incidents_due(
        cutoff=cutoffs[rule.kind],
        relied_on=_relied_on(),
        excluding_customers=held_customer_ids(),
    )


def _evidence(rule, cutoffs, due):
    """Evidence past its own period, by the rule's event (its upload or its incident's
    report), on closed incidents that stay and that nothing relies on: while a warning, a
    restriction or a marker rests on an incident, its evidence stays with it. Evidence of
    an incident going in this run goes with the incident, counted there."""
    return evidence_due(
        cutoff=cutoffs[rule.kind],
        relied_on=_relied_on("incident_id"),
        from_incident_report=rule.runs_from == RunsFrom.INCIDENT_REPORTED,
        excluding_customers=held_customer_ids(),
        incidents_going=[
            due[kind]
            for kind in (RecordKind.INCIDENT_NO_FURTHER_ACTION, RecordKind.INCIDENT_RELIED_ON)
            if kind in due
        ],
    )


def _audit_events(rule, cutoffs, due):
    """The oldest audit events, up to the first one kept (after the period, or about a
    person under a legal hold)."""
    held_references = customers_in(held_customer_ids()).values("reference")
    return oldest_events_due(cutoff=cutoffs[rule.kind], held_references=held_references)


def kept_chain_start():
    """Where the audit trail's chain starts now, or None while nothing has been removed."""
    return KeptChainStart.objects.first()


FINDERS = {
    RecordKind.RESTRICTION: _restrictions,
    RecordKind.WARNING: _warnings,
    RecordKind.CAUTION_MARKER: _markers,
    RecordKind.READ_AND_FILE: _read_and_file,
    RecordKind.INCIDENT_NO_FURTHER_ACTION: _incidents_no_further_action,
    RecordKind.INCIDENT_RELIED_ON: _incidents_relied_on,
    RecordKind.EVIDENCE: _evidence,
    RecordKind.AUDIT_EVENT: _audit_events,
}


def due_querysets(*, today=None):
    """Each kind carried out, in removal order: (rule, queryset of what is due)."""
    today = today or timezone.localdate()
    rules = {rule.kind: rule for rule in RetentionRule.objects.filter(kind__in=CARRIED_OUT)}
    cutoffs = {kind: add_months(today, -rule.months) for kind, rule in rules.items()}
    found = []
    due = {}
    for kind in CARRIED_OUT:
        rule = rules.get(kind)
        if rule is None:
            continue
        queryset = FINDERS[kind](rule, cutoffs, due)
        due[kind] = queryset
        found.append((rule, queryset))
    return found


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


def _audit_rows(rule, queryset, label):
    """The audit events due are one stretch from the start of the trail: listed as one row
    (first and last event, how many), the period counted from the newest of them."""
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    if not ids:
        return []
    newest = _as_date(queryset.get(pk=ids[-1]).ran_from)
    return [
        DueRecord(
            kind=rule.kind,
            reference=f"events {ids[0]} to {ids[-1]} ({len(ids)})",
            ran_from=newest,
            due_on=add_months(newest, rule.months),
            rule=label,
            count=len(ids),
        )
    ]


def due_for_retention(*, today=None):
    """What a run today would remove, kind by kind, with why."""
    rows = []
    for rule, queryset in due_querysets(today=today):
        label = rule.describe()
        if rule.kind == RecordKind.AUDIT_EVENT:
            rows.extend(_audit_rows(rule, queryset, label))
            continue
        for record in queryset.order_by("pk"):
            ran_from = _as_date(record.ran_from)
            reference = (
                getattr(record, "reference", "") or f"{rule.get_kind_display()} {record.pk}"
            )
            rows.append(
                DueRecord(
                    kind=rule.kind,
                    reference=reference,
                    ran_from=ran_from,
                    due_on=add_months(ran_from, rule.months),
                    rule=label,
                )
            )
    return rows


def recent_runs(limit=20):
    return RetentionRun.objects.prefetch_related("deletions")[:limit]


def deletions_of(run):
    return DeletionRecord.objects.filter(run=run)
