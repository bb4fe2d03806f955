"""Equality monitoring, for those who read equality details: per protected
characteristic, the people with each recorded answer against the incidents reported about
them, the warnings and the restrictions of the period. Groups smaller than
``MONITORING_SMALL_GROUP`` show as "fewer than N"."""

from django.db.models import Case, CharField, Count, F, Q, Value, When

from reporting.customers.enums import ProtectedCharacteristic
from reporting.customers.models import EqualityDetail
from reporting.incidents.models import Incident
from reporting.restrictions.enums import RestrictionStatus
from reporting.restrictions.models import CustomerWarning, Restriction

from .monitoring_figures import Figure, labelled_rows

EQUALITY_COLUMNS = ["People with incidents reported", "People warned", "People restricted"]


def equality_monitoring(access, period) -> list:
    """Per protected characteristic, the people with each recorded answer: how many had
    incidents reported about them in the period, were warned and were restricted. Groups
    below the threshold show as "fewer than N" and no totals are given, so none can be
    worked out from the others."""
    if not access.reads_equality_details:
        return []
    start, end = period.times()
    # "customer IN (the period's people)" rather than EXISTS for each answer: PostgreSQL
    # reads each set once into a hash either way, but it prices EXISTS as if run per
    # answer, and that estimate sets off its JIT compiler, which took over a second at
    # 100,000 incidents (make bench) for a query that runs in a tenth of it.
    reported = Incident.objects.filter(occurred_at__gte=start, occurred_at__lt=end).values(
        "customer_id"
    )
    warned = CustomerWarning.objects.filter(
        given_on__gte=period.start, given_on__lte=period.end
    ).values("customer_id")
    restricted = Restriction.objects.filter(
        status__in=[RestrictionStatus.ACTIVE, RestrictionStatus.ENDED],
        starts_on__gte=period.start,
        starts_on__lte=period.end,
    ).values("customer_id")
    answer = Case(
        When(prefer_not_to_say=True, then=Value("Prefer not to say")),
        When(answer="", then=Value("No answer given")),
        default=F("answer"),
        output_field=CharField(),
    )
    # A person has one answer for each characteristic (one_answer_per_characteristic),
    # so within a group each person is one row: a plain count is right, and without
    # DISTINCT PostgreSQL hashes the groups instead of sorting every answer for each.
    rows = (
        EqualityDetail.objects.annotate(group=answer)
        .values("characteristic", "group")
        .annotate(
            reported=Count("customer_id", filter=Q(customer_id__in=reported)),
            warned=Count("customer_id", filter=Q(customer_id__in=warned)),
            restricted=Count("customer_id", filter=Q(customer_id__in=restricted)),
        )
        .order_by("characteristic", "group")
    )
    by_characteristic = {}
    for row in rows:
        if row["reported"] or row["warned"] or row["restricted"]:
            by_characteristic.setdefault(row["characteristic"], []).append(
                (row["group"], row["reported"], row["warned"], row["restricted"])
            )
    return [
        Figure(
            f"equality_{value}",
            label,
            label,
            EQUALITY_COLUMNS,
            labelled_rows(by_characteristic[value], suppress=True),
        )
        for value, label in ProtectedCharacteristic.choices
        if value in by_characteristic
    ]
