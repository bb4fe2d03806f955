"""Reading incidents. Opening an incident's page is a reading of a case record, and is
written to the audit trail here, so that no page can forget it. Also which incidents and
evidence are past their retention period, and the counts that monitoring rolls up."""

import hashlib
import hmac
import tempfile
from collections import Counter

from django.db.models import Count, F, Max, Q, Value
from django.db.models.functions import Concat, TruncMonth
from django.urls import reverse
from django.utils import timezone

from reporting.access import audit, notify
from reporting.access.enums import AuditAction, Role
from reporting.access.models import ServiceArea

from .enums import IncidentStatus
from .models import Evidence, Incident, IncidentTally
from .tallies import following_month, month_start


def incident_page_rows():
    """Incidents with everything their page shows, in one query each."""
    return Incident.objects.select_related(
        "service_area", "customer", "reported_by", "follow_up__recorded_by"
    ).prefetch_related("categories", "evidence")


def read_incident(incident, *, by):
    """Record that ``by`` read ``incident``, and hand it back."""
    audit.record(actor=by, action=AuditAction.VIEW, obj=incident)
    return incident


# Files up to this size are checked in memory; larger ones in a temporary file.
CHECKED_IN_MEMORY_BYTES = 1024 * 1024


class StoredFileIntegrityError(Exception):
    """A stored file no longer matches the SHA-256 recorded when it was uploaded."""


def _checked_copy(stored):
    """The stored bytes, read once from the store into a private temporary copy, and
    whether they still match the SHA-256 recorded at upload."""
    copy = tempfile.SpooledTemporaryFile(max_size=CHECKED_IN_MEMORY_BYTES)  # noqa: SIM115
    digest = hashlib.sha256()
    try:
        for chunk in stored.file.chunks():
            digest.update(chunk)
            copy.write(chunk)
    finally:
        stored.file.close()
    copy.seek(0)
    return copy, hmac.compare_digest(digest.hexdigest(), stored.sha256)


def open_stored_file(stored, *, by, record, note, page):
    """A privately stored file (a ``StoredFile``) opened for reading, its download
    recorded against ``record``; ``FileNotFoundError`` if the file is gone. The bytes are
    checked against the SHA-256 recorded at upload before any is handed out: if they
    differ, ``StoredFileIntegrityError``, the failure audited and information governance
    told (the record's reference and ``page``, its address; no personal details)."""
    try:
        stored.file.open("rb")
    except ValueError:
        raise FileNotFoundError(stored.file.name) from None
    handle, matches = _checked_copy(stored)
    if not matches:
        handle.close()
        audit.record(
            actor=by,
            action=AuditAction.INTEGRITY_FAILURE,
            obj=record,
            note=f"{note} does not match the SHA-256 recorded at upload",
        )
        notify.tell(
            notify.role_addresses(Role.INFORMATION_GOVERNANCE),
            subject=f"A file of {record.reference} failed its integrity check",
            what="A stored file no longer matches what was uploaded. It is not being "
            "served. Please investigate.",
            reference=record.reference,
            path=page,
        )
        raise StoredFileIntegrityError(f"{note} of {record.reference} has changed")
    audit.record(actor=by, action=AuditAction.DOWNLOAD, obj=record, note=note)
    return handle


def open_evidence(evidence, *, by):
    """The evidence file opened for reading, checked and its download recorded against the
    incident."""
    incident = evidence.incident
    return open_stored_file(
        evidence,
        by=by,
        record=incident,
        note=f"Evidence file {evidence.pk}",
        page=reverse("staff:incident", args=[incident.reference]),
    )


def manager_reaches_customer(access, record_ids) -> bool:
    """Whether one of the records has an incident in a service ``access`` manages,
    reported by someone else: filing a report never widens what its author may read."""
    return (
        Incident.objects.filter(
            customer_id__in=record_ids, service_area_id__in=access.managed_area_ids
        )
        .exclude(reported_by_id=access.user.pk)
        .exists()
    )


# Retention. What relies on an incident (a warning, a restriction, a caution marker) lives
# in the apps above this one, so the schedule passes it in as ``relied_on``: an expression
# true for an incident something still rests on, its id at ``OuterRef("pk")`` for a query
# over incidents and ``OuterRef("incident_id")`` for one over evidence.


def closed_incidents_due(*, cutoff, relied_on, excluding_customers=()):
    """Closed incidents reported on or before ``cutoff`` that nothing relies on (no further
    action was taken on them), counted from the report (``ran_from``); none of
    ``excluding_customers`` (people under a legal hold)."""
    return (
        Incident.objects.filter(status=IncidentStatus.CLOSED, reported_at__date__lte=cutoff)
        .exclude(customer_id__in=excluding_customers)
        .exclude(relied_on)
        .annotate(ran_from=F("reported_at"))
    )


def incidents_relied_on_only_by(*, restrictions, relied_on, excluding_customers=()):
    """The incidents ``restrictions`` (those going) relied on that nothing else still
    relies on, counted from the latest end of those restrictions (``ran_from``); none of
    ``excluding_customers``. None when no restrictions go (``restrictions`` is None)."""
    if restrictions is None:
        return Incident.objects.none()
    return (
        Incident.objects.filter(restrictions__in=restrictions.values("pk"))
        .exclude(customer_id__in=excluding_customers)
        .exclude(relied_on)
        .annotate(ran_from=Max("restrictions__ended_on"))
    )


def evidence_due(
    *, cutoff, relied_on, from_incident_report=False, excluding_customers=(), incidents_going=()
):
    """Evidence past its own period, counted from its upload or, with
    ``from_incident_report``, from its incident's report (``ran_from``), on closed
    incidents that stay and that nothing relies on: while something rests on an incident,
    its evidence stays with it. Evidence of an incident in ``incidents_going`` (querysets
    of incidents due in the same run) goes with the incident, counted there. Each carries
    a ``reference`` naming its incident."""
    evidence = Evidence.objects.filter(incident__status=IncidentStatus.CLOSED).exclude(
        incident__customer_id__in=excluding_customers
    )
    if from_incident_report:
        evidence = evidence.filter(incident__reported_at__date__lte=cutoff).annotate(
            ran_from=F("incident__reported_at")
        )
    else:
        evidence = evidence.filter(uploaded_at__date__lte=cutoff).annotate(
            ran_from=F("uploaded_at")
        )
    for incidents in incidents_going:
        evidence = evidence.exclude(incident_id__in=incidents.values("pk"))
    return evidence.exclude(relied_on).annotate(
        reference=Concat(Value("Evidence on "), F("incident__reference"))
    )


def incident_counts(access, start, end):
    """The incidents that occurred from ``start`` up to ``end`` in ``access``'s queue,
    counted for monitoring: ``groups``, a dict for each month, service, site and channel
    with its count of incidents and of those reportable under RIDDOR, with an injury and
    with violence; and ``behaviours``, {behaviour name (None for none recorded):
    incidents}.

    Whole months come from the monthly tallies (``reporting.incidents.tallies``); the
    part-months at either end of the period, from the incidents themselves. Either way
    the groups are keyed by service id and named afterwards from the (small) service
    table: grouping on the name instead makes PostgreSQL sort every row by text."""
    first, last = _whole_months(start, end)
    if first < last:
        ends = Q(occurred_at__gte=start, occurred_at__lt=first) | Q(
            occurred_at__gte=last, occurred_at__lt=end
        )
    else:
        ends = Q(occurred_at__gte=start, occurred_at__lt=end)
    # The tallies carry the service as incidents do, and the queue filters by service.
    tallied = access.queue_incidents(
        IncidentTally.objects.filter(month__gte=first.date(), month__lt=last.date())
    )
    incidents = access.queue_incidents(Incident.objects.filter(ends))

    groups = list(
        incidents.annotate(month=TruncMonth("occurred_at"))
        .values("month", "service_area_id", "site", "channel")
        .annotate(
            n=Count("pk"),
            riddor=Count("pk", filter=Q(riddor_reportable=True)),
            injury=Count("pk", filter=Q(injury=True)),
            violence=Count("pk", filter=Q(violence=True)),
        )
        .order_by()
    )
    # An incident shows each behaviour at most once and names are unique, so a plain
    # count is right (no DISTINCT to sort for).
    behaviours = Counter(
        {
            row["categories__name"]: row["n"]
            for row in incidents.values("categories__name").annotate(n=Count("pk")).order_by()
        }
    )
    for row in tallied.values(
        "month",
        "service_area_id",
        "site",
        "channel",
        "category__name",
        "riddor",
        "injury",
        "violence",
        "no_behaviour",
        n=F("incidents"),
    ):
        behaviour = row.pop("category__name")
        if behaviour is None:  # the group's own row
            groups.append(row)
            behaviours[None] += row["no_behaviour"]
        else:
            behaviours[behaviour] += row["n"]
    behaviours = {name: n for name, n in behaviours.items() if n}
    names = dict(ServiceArea.objects.order_by().values_list("pk", "name"))
    for group in groups:
        group["service"] = names[group["service_area_id"]]
    return groups, behaviours


def _whole_months(start, end):
    """The start of the first whole month from ``start`` and of the month ``end`` falls
    in (local time): whole months run from the one up to the other."""
    first = month_start(timezone.localdate(start))
    if first < start:
        first = month_start(following_month(first.date()))
    return first, month_start(timezone.localdate(end))
