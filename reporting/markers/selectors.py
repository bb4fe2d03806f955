"""Reading caution markers: those on a person (and the records merged into theirs), those
a user may know of, those due for review, and those past their retention period."""

from django.db.models import Exists, F, OuterRef

from home.dates import due_by
from reporting.access import audit
from reporting.access.enums import AuditAction, Role
from reporting.customers.selectors import merged_family_ids

from .enums import MarkerStatus
from .models import CautionMarker


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


def sees_markers(access):
    """Who is shown caution markers due for review: health and safety, and managers."""
    return access.has(Role.HEALTH_AND_SAFETY, Role.MANAGER)


def queue_markers(access, *, today):
    """Approved caution markers due for review within 14 days or overdue, scoped like the
    restrictions: every one for health and safety; for a manager, those resting on an
    incident in a service they manage."""
    if not sees_markers(access):
        return CautionMarker.objects.none()
    markers = CautionMarker.objects.filter(
        status=MarkerStatus.ACTIVE, review_date__lte=due_by(today)
    )
    return (
        access.of_my_services(markers, "incident__service_area_id")
        .select_related("customer")
        .order_by("review_date", "pk")
    )


def read_marker_reasons(marker, *, by):
    """Record that ``by`` read the marker's reasons (held behind tighter access), and
    hand it back."""
    audit.record(actor=by, action=AuditAction.VIEW_REASONS, obj=marker)
    return marker


def removed_markers_due(*, cutoff, excluding_customers=()):
    """Removed caution markers past their retention period, counted from the day they were
    removed (``ran_from``): those removed on or before ``cutoff``, except the markers of
    ``excluding_customers`` (people under a legal hold)."""
    return (
        CautionMarker.objects.filter(status=MarkerStatus.REMOVED, removed_at__date__lte=cutoff)
        .exclude(customer_id__in=excluding_customers)
        .annotate(ran_from=F("removed_at"))
    )


def marker_relies_on(*, incident, excluding=None):
    """Whether a caution marker rests on the incident whose id is at ``OuterRef(incident)``:
    an ``Exists`` for a query over incidents (or their evidence) to filter by, so that an
    incident a marker rests on is kept. Markers in ``excluding`` (going in the same
    retention run) do not count."""
    markers = CautionMarker.objects.filter(incident_id=OuterRef(incident))
    if excluding is not None:
        markers = markers.exclude(pk__in=excluding.values("pk"))
    return Exists(markers)
