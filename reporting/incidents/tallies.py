"""Monthly tallies of incidents, kept as incidents are written.

Monitoring counts incidents by month, service, site, channel and behaviour over periods
of up to ten years. Counting every incident each time grew with the data (at 100,000
incidents a three-year view aggregated about 80,000 rows). Instead a report adds one to
its group's row in ``IncidentTally`` (month, service, site and channel) and to the row of
each kind of behaviour it shows (month and service),
a correction moves its group's RIDDOR and injury counts, and removals under the
retention schedule count their months again. A period is then read from the tallies for
its whole months, and from the incidents themselves only for the part-months at its
ends (``reporting.incidents.selectors.incident_counts``).

A report's additions are one ``INSERT … ON CONFLICT DO UPDATE``, so two reports in the
same month add up rather than overwrite each other (PostgreSQL and SQLite both have it).
``recount`` makes months again from the incidents: after bulk loading (the demo, the
benchmark) and from ``manage.py recount_incident_tallies``.
"""

import datetime

from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import Incident, IncidentTally

KEY = ("month", "service_area", "site", "channel", "category", "behaviour")
COUNTED = ("incidents", "riddor", "injury", "violence", "no_behaviour")


def month_of(moment) -> datetime.date:
    """The first day of the month ``moment`` falls in, in the council's time zone."""
    return timezone.localdate(moment).replace(day=1)


def _add(rows):
    """Add each row's counts (tuples: ``KEY`` then ``COUNTED``) to the tally with the same
    key, making it where there is none, in one statement."""
    quote = connection.ops.quote_name
    table = quote(IncidentTally._meta.db_table)
    keys = [IncidentTally._meta.get_field(name).column for name in KEY]
    names = ", ".join(quote(column) for column in [*keys, *COUNTED])
    row = "(" + ", ".join(["%s"] * (len(keys) + len(COUNTED))) + ")"
    unique = ", ".join(quote(column) for column in keys if column != "category_id")
    additions = ", ".join(
        f"{quote(name)} = {table}.{quote(name)} + excluded.{quote(name)}" for name in COUNTED
    )
    sql = (
        f"INSERT INTO {table} ({names}) VALUES {', '.join([row] * len(rows))} "  # noqa: S608
        f"ON CONFLICT ({unique}) DO UPDATE SET {additions}"
    )
    params = [
        connection.ops.adapt_datefield_value(value) if isinstance(value, datetime.date) else value
        for values in rows
        for value in values
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def count_reported(incident, category_ids):
    """Count a newly reported ``incident`` that shows the behaviours ``category_ids``."""
    group = (
        month_of(incident.occurred_at),
        incident.service_area_id,
        incident.site,
        incident.channel,
    )
    flags = (int(incident.riddor_reportable), int(incident.injury), int(incident.violence))
    rows = [(*group, None, 0, 1, *flags, int(not category_ids))]
    # Behaviours are counted by month and service only: by site and channel as well,
    # their rows would outnumber the incidents.
    shown = (group[0], group[1], "", "")
    rows += [(*shown, pk, pk, 1, 0, 0, 0, 0) for pk in sorted(set(category_ids))]
    _add(rows)


def count_corrected(incident, before):
    """Move ``incident``'s RIDDOR and injury counts from its answers ``before`` (a dict
    of the answers changed) to its answers now."""
    changes = {
        tallied: F(tallied) + (1 if getattr(incident, answer) else -1)
        for answer, tallied in (("riddor_reportable", "riddor"), ("injury", "injury"))
        if answer in before and bool(before[answer]) != bool(getattr(incident, answer))
    }
    if changes:
        IncidentTally.objects.filter(
            month=month_of(incident.occurred_at),
            service_area_id=incident.service_area_id,
            site=incident.site,
            channel=incident.channel,
            behaviour=0,
        ).update(**changes)


def months_of(incidents) -> list[datetime.date]:
    """The months (first days) in which the ``incidents`` queryset's incidents occurred."""
    moments = incidents.datetimes("occurred_at", "month", tzinfo=timezone.get_current_timezone())
    return sorted({moment.date() for moment in moments})


def month_start(day: datetime.date) -> datetime.datetime:
    """Midnight, in the council's time zone, at the start of ``day``'s month."""
    tz = timezone.get_current_timezone()
    return datetime.datetime.combine(day.replace(day=1), datetime.time.min, tzinfo=tz)


def following_month(day: datetime.date) -> datetime.date:
    """The first day of the month after ``day``'s."""
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def month_bounds(months) -> Q:
    """Incidents that occurred in any of ``months`` (first days), local time."""
    within = Q(pk__in=[])
    for month in months:
        within |= Q(
            occurred_at__gte=month_start(month),
            occurred_at__lt=month_start(following_month(month)),
        )
    return within


@transaction.atomic
def recount(months=None):
    """Count ``months`` (first days; every month if None) again from the incidents."""
    incidents, tallies = Incident.objects.all(), IncidentTally.objects.all()
    if months is not None:
        months = sorted(set(months))
        incidents = incidents.filter(month_bounds(months))
        tallies = tallies.filter(month__in=months)
    tallies.delete()
    shows_behaviour = Exists(
        Incident.categories.through.objects.filter(incident_id=OuterRef("pk"))
    )
    key = ("month", "service_area_id", "site", "channel")
    groups = (
        incidents.annotate(month=TruncMonth("occurred_at"), shows_behaviour=shows_behaviour)
        .values(*key)
        .annotate(
            n=Count("pk"),
            riddor_n=Count("pk", filter=Q(riddor_reportable=True)),
            injury_n=Count("pk", filter=Q(injury=True)),
            violence_n=Count("pk", filter=Q(violence=True)),
            unrecorded=Count("pk", filter=Q(shows_behaviour=False)),
        )
        .order_by()
    )
    shown = (
        incidents.filter(categories__isnull=False)
        .annotate(month=TruncMonth("occurred_at"))
        .values("month", "service_area_id", "categories")
        .annotate(n=Count("pk"))
        .order_by()
    )
    made = [
        IncidentTally(
            month=_day(row["month"]),
            service_area_id=row["service_area_id"],
            site=row["site"],
            channel=row["channel"],
            incidents=row["n"],
            riddor=row["riddor_n"],
            injury=row["injury_n"],
            violence=row["violence_n"],
            no_behaviour=row["unrecorded"],
        )
        for row in groups
    ]
    made += [
        IncidentTally(
            month=_day(row["month"]),
            service_area_id=row["service_area_id"],
            category_id=row["categories"],
            behaviour=row["categories"],
            incidents=row["n"],
        )
        for row in shown
    ]
    IncidentTally.objects.bulk_create(made, batch_size=1000)


def _day(value):
    return value.date() if isinstance(value, datetime.datetime) else value
