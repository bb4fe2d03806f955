"""The restriction figures: in force by type and by service, reviews done on time and
reconsiderations. Managers count the restrictions covering or relying on the services
they manage (``reporting.restrictions.selectors.reach``)."""

from collections import Counter

from django.db.models import Count, F, Q

from reporting.restrictions.enums import ReconsiderationOutcome, RestrictionStatus
from reporting.restrictions.models import Reconsideration, Restriction, RestrictionReview
from reporting.restrictions.selectors.reach import reaching_my_services

from .monitoring_figures import Figure, labelled_rows, largest_first


def scoped_restrictions(access):
    return reaching_my_services(access, Restriction.objects.all())


def _in_force(access, period):
    return scoped_restrictions(access).filter(
        status=RestrictionStatus.ACTIVE, starts_on__lte=period.end
    )


def _counted(queryset, path):
    """{value: count} for each value of ``path``; a row with no value counts under None.
    Each link is unique, so a plain count counts each restriction once."""
    return Counter(
        {row[path]: row["n"] for row in queryset.values(path).annotate(n=Count("pk")).order_by()}
    )


def restrictions_by_type(access, period) -> Figure:
    pairs = largest_first(
        _counted(_in_force(access, period), "types__name"), lambda name: name or "No type recorded"
    )
    return Figure(
        "restrictions_by_type",
        "Restrictions in force by type",
        "Type",
        ["Restrictions"],
        labelled_rows(pairs),
        note="Counted on the last day of the period. A restriction may be of more than one type.",
    )


def restrictions_by_service(access, period) -> Figure:
    pairs = largest_first(
        _counted(_in_force(access, period), "service_areas__name"),
        lambda name: name or "The whole council",
    )
    return Figure(
        "restrictions_by_service",
        "Restrictions in force by service",
        "Service",
        ["Restrictions"],
        labelled_rows(pairs),
        note="Counted on the last day of the period. A restriction may cover more than one "
        "service.",
    )


def reviews_on_time(access, period) -> Figure:
    start, end = period.times()
    counts = RestrictionReview.objects.filter(
        restriction__in=scoped_restrictions(access), reviewed_at__gte=start, reviewed_at__lt=end
    ).aggregate(
        on_time=Count("pk", filter=Q(reviewed_at__date__lte=F("due_on"))),
        late=Count("pk", filter=Q(reviewed_at__date__gt=F("due_on"))),
    )
    return Figure(
        "reviews",
        "Reviews done on time",
        "Reviews",
        ["Reviews"],
        labelled_rows(
            [("On or before the review date", counts["on_time"]), ("Late", counts["late"])]
        ),
    )


def reconsiderations(access, period) -> Figure:
    names = dict(ReconsiderationOutcome.choices)
    asked = Reconsideration.objects.filter(
        restriction__in=scoped_restrictions(access),
        received_on__gte=period.start,
        received_on__lte=period.end,
    )
    pairs = largest_first(_counted(asked, "outcome"), lambda v: names.get(v) or "Not decided yet")
    return Figure(
        "reconsiderations",
        "Reconsiderations and their outcomes",
        "Outcome",
        ["Requests"],
        labelled_rows(pairs),
        totalled=True,
    )
