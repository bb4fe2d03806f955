"""What the retention schedule says is due: kind by kind, the records past their period,
with the rule and the date the period ran from. Nothing about a customer under a legal
hold is ever due. References and dates only, never names.

Every kind in the schedule is carried out: restrictions with their letters, warnings with
theirs, caution markers, read-and-file items, incidents with no further action, the
incidents relied on by the restrictions going, evidence on its own, and the oldest audit
events. A kind added to the schedule later is listed in ``NOT_YET_CARRIED_OUT`` until
the run knows how to remove it."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, F, Max, OuterRef, Q, Value
from django.db.models.functions import Concat
from django.utils import timezone

from home.dates import add_months
from reporting.access.models import AuditEvent
from reporting.customers.models import Customer
from reporting.incidents.enums import IncidentStatus
from reporting.incidents.models import Evidence, Incident
from reporting.markers.enums import MarkerStatus
from reporting.markers.models import CautionMarker
from reporting.restrictions.enums import RestrictionStatus
from reporting.restrictions.models import ContactItem, CustomerWarning, Restriction

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
    held = set(LegalHold.objects.in_force().values_list("customer_id", flat=True))
    if not held:
        return []
    merged_into = dict(
        Customer._base_manager.filter(merged_into__isnull=False).values_list("pk", "merged_into")
    )

    def kept_record(pk):
        seen = set()
        while pk in merged_into and pk not in seen:
            seen.add(pk)
            pk = merged_into[pk]
        return pk

    held_families = {kept_record(pk) for pk in held}
    return sorted(
        held | held_families | {pk for pk in merged_into if kept_record(pk) in held_families}
    )


def _restrictions(rule, cutoffs, due):
    """Ended restrictions whose end is past the period. One that relied on incidents stays
    while those incidents must be kept ("incident relied on by a restriction"), since once
    it goes nothing would show they were relied on; they then go with it."""
    cutoff = cutoffs[rule.kind]
    held = held_customer_ids()
    ended = Restriction.objects.filter(
        status=RestrictionStatus.ENDED, ended_on__isnull=False, ended_on__lte=cutoff
    ).annotate(ran_from=F("ended_on"))
    relied_cutoff = cutoffs.get(RecordKind.INCIDENT_RELIED_ON)
    if relied_cutoff is not None:
        relies = Restriction.incidents.through.objects.filter(restriction_id=OuterRef("pk"))
        ended = ended.filter(Q(ended_on__lte=relied_cutoff) | ~Exists(relies))
    return ended.exclude(customer_id__in=held)


def _incidents_relied_on(rule, cutoffs, due):
    """The incidents of the restrictions going in this run that nothing else relies on
    (another restriction, a warning or a caution marker that stays)."""
    going = due.get(RecordKind.RESTRICTION)
    if going is None:
        return Incident.objects.none()
    held = held_customer_ids()
    staying_restrictions = Incident.restrictions.through.objects.filter(
        incident_id=OuterRef("pk")
    ).exclude(restriction_id__in=going.values("pk"))
    warnings = Incident.warnings.through.objects.filter(incident_id=OuterRef("pk"))
    if RecordKind.WARNING in due:
        warnings = warnings.exclude(customerwarning_id__in=due[RecordKind.WARNING].values("pk"))
    markers = CautionMarker.objects.filter(incident_id=OuterRef("pk"))
    if RecordKind.CAUTION_MARKER in due:
        markers = markers.exclude(pk__in=due[RecordKind.CAUTION_MARKER].values("pk"))
    return (
        Incident.objects.filter(restrictions__in=going.values("pk"))
        .exclude(customer_id__in=held)
        .exclude(Exists(staying_restrictions) | Exists(warnings) | Exists(markers))
        .annotate(ran_from=Max("restrictions__ended_on"))
    )


def _warnings(rule, cutoffs, due):
    cutoff = cutoffs[rule.kind]
    """Warnings given before the period that no restriction still follows (one due in the
    same run goes first, so it does not keep its warning)."""
    held = held_customer_ids()
    following = Restriction.objects.filter(warning_id=OuterRef("pk"))
    if RecordKind.RESTRICTION in due:
        following = following.exclude(pk__in=due[RecordKind.RESTRICTION].values("pk"))
    return (
        CustomerWarning.objects.filter(given_on__isnull=False, given_on__lte=cutoff)
        .exclude(customer_id__in=held)
        .exclude(Exists(following))
        .annotate(ran_from=F("given_on"))
    )


def _markers(rule, cutoffs, due):
    cutoff = cutoffs[rule.kind]
    """Removed caution markers, counted from the day they were removed."""
    held = held_customer_ids()
    return (
        CautionMarker.objects.filter(status=MarkerStatus.REMOVED, removed_at__date__lte=cutoff)
        .exclude(customer_id__in=held)
        .annotate(ran_from=F("removed_at"))
    )


def _read_and_file(rule, cutoffs, due):
    cutoff = cutoffs[rule.kind]
    """Read items of restrictions that are not themselves due (those go with their
    restriction), by the rule's event: the day read, or the day the restriction ended."""
    held = held_customer_ids()
    items = ContactItem.objects.filter(read_at__isnull=False).exclude(
        restriction__customer_id__in=held
    )
    if rule.runs_from == RunsFrom.RESTRICTION_ENDED:
        return items.filter(
            restriction__status=RestrictionStatus.ENDED,
            restriction__ended_on__isnull=False,
            restriction__ended_on__lte=cutoff,
        ).annotate(ran_from=F("restriction__ended_on"))
    return items.filter(read_at__date__lte=cutoff).annotate(ran_from=F("read_at"))


def _relied_on(incident="pk"):
    """An incident a warning, a restriction or a caution marker relies on."""
    return (
        Exists(Incident.warnings.through.objects.filter(incident_id=OuterRef(incident)))
        | Exists(Incident.restrictions.through.objects.filter(incident_id=OuterRef(incident)))
        | Exists(CautionMarker.objects.filter(incident_id=OuterRef(incident)))
    )


def _incidents_no_further_action(rule, cutoffs, due):
    """Closed incidents that no warning, restriction or caution marker relies on."""
    cutoff = cutoffs[rule.kind]
    held = held_customer_ids()
    incidents = Incident.objects.filter(
        status=IncidentStatus.CLOSED, reported_at__date__lte=cutoff
    ).exclude(customer_id__in=held)
    return incidents.exclude(_relied_on()).annotate(ran_from=F("reported_at"))


def _evidence(rule, cutoffs, due):
    """Evidence past its own period, by the rule's event (its upload or its incident's
    report), on closed incidents that stay and that nothing relies on: while a warning, a
    restriction or a marker rests on an incident, its evidence stays with it. Evidence of
    an incident going in this run goes with the incident, counted there."""
    cutoff = cutoffs[rule.kind]
    held = held_customer_ids()
    evidence = Evidence.objects.filter(incident__status=IncidentStatus.CLOSED).exclude(
        incident__customer_id__in=held
    )
    if rule.runs_from == RunsFrom.INCIDENT_REPORTED:
        evidence = evidence.filter(incident__reported_at__date__lte=cutoff).annotate(
            ran_from=F("incident__reported_at")
        )
    else:
        evidence = evidence.filter(uploaded_at__date__lte=cutoff).annotate(
            ran_from=F("uploaded_at")
        )
    for kind in (RecordKind.INCIDENT_NO_FURTHER_ACTION, RecordKind.INCIDENT_RELIED_ON):
        if kind in due:
            evidence = evidence.exclude(incident_id__in=due[kind].values("pk"))
    return evidence.exclude(_relied_on("incident_id")).annotate(
        reference=Concat(Value("Evidence on "), F("incident__reference"))
    )


def first_kept_event_id(cutoff):
    """The audit trail loses only its oldest events, so the kept chain stays whole: the
    first event kept is the earliest written after the period, or about a person under a
    legal hold, and the latest event always stays for the next one to chain to."""
    events = AuditEvent._base_manager.order_by("pk").values_list("pk", flat=True)
    held_references = Customer.objects.filter(pk__in=held_customer_ids()).values("reference")
    candidates = [
        events.filter(at__date__gt=cutoff).first(),
        events.filter(subject_reference__in=held_references).first(),
        events.order_by("-pk").first(),
    ]
    candidates = [pk for pk in candidates if pk is not None]
    return min(candidates) if candidates else None


def _audit_events(rule, cutoffs, due):
    cutoff = cutoffs[rule.kind]
    first_kept = first_kept_event_id(cutoff)
    if first_kept is None:
        return AuditEvent._base_manager.none()
    return AuditEvent._base_manager.filter(pk__lt=first_kept).annotate(ran_from=F("at"))


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
        if kind == RecordKind.READ_AND_FILE and RecordKind.RESTRICTION in due:
            # Items of a restriction that is due go with it, counted there.
            queryset = queryset.exclude(restriction__in=due[RecordKind.RESTRICTION].values("pk"))
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
    newest = _as_date(AuditEvent._base_manager.get(pk=ids[-1]).at)
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
