"""The monitoring figures: each one a list of labelled counts from one aggregate query,
scoped to what the reader may see (docs/governance.md, "Monitoring").

Managers count the incidents and restrictions of the services they manage; health and
safety and information governance count everything. Equality monitoring is only for
those who read equality details, and hides every group smaller than
``MONITORING_SMALL_GROUP`` (5 unless set)."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone

from reporting.access.enums import Role
from reporting.customers.enums import ProtectedCharacteristic
from reporting.customers.models import EqualityDetail
from reporting.incidents.enums import Channel
from reporting.incidents.models import Incident
from reporting.restrictions.enums import ReconsiderationOutcome, RestrictionStatus
from reporting.restrictions.models import (
    CustomerWarning,
    Reconsideration,
    Restriction,
    RestrictionReview,
)

MONITORING_ROLES = (Role.MANAGER, Role.HEALTH_AND_SAFETY, Role.INFORMATION_GOVERNANCE)


def small_group() -> int:
    """Counts below this are not shown in equality monitoring."""
    return getattr(settings, "MONITORING_SMALL_GROUP", 5)


def can_monitor(access) -> bool:
    return access.has(*MONITORING_ROLES)


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def last_twelve_months(cls, today=None):
        today = today or timezone.localdate()
        return cls(start=_add_months(today.replace(day=1), -11), end=today)

    @classmethod
    def quarter(cls, year: int, number: int):
        start = datetime.date(year, 3 * number - 2, 1)
        return cls(start=start, end=_add_months(start, 3) - datetime.timedelta(days=1))

    @classmethod
    def last_full_quarter(cls, today=None):
        today = today or timezone.localdate()
        this_quarter = (today.month - 1) // 3 + 1
        if this_quarter == 1:
            return cls.quarter(today.year - 1, 4)
        return cls.quarter(today.year, this_quarter - 1)

    def __str__(self):
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"

    def times(self):
        """The period as aware datetimes: the start of the first day, the start of the
        day after the last."""
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
        return start, end


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


@dataclass(frozen=True)
class Cell:
    """One count as shown: its number, or "fewer than N" when the group is too small."""

    count: int
    suppressed: bool = False

    @property
    def text(self) -> str:
        return f"fewer than {small_group()}" if self.suppressed else str(self.count)


@dataclass
class Row:
    label: str
    cells: list

    @property
    def cell(self):
        return self.cells[0]


@dataclass
class Figure:
    """One table (and its chart): rows of a label and a count under each column."""

    key: str
    title: str
    label_heading: str
    columns: list
    rows: list = field(default_factory=list)
    note: str = ""
    # Only where each thing counted falls in exactly one row does a total mean anything.
    totalled: bool = False

    @property
    def total(self):
        """The sum of the rows, or None where a total would mislead or give away a
        hidden group."""
        if not self.totalled or any(c.suppressed for row in self.rows for c in row.cells):
            return None
        return sum(row.cell.count for row in self.rows)


def _rows(pairs, suppress=False):
    threshold = small_group()
    return [
        Row(label=str(label), cells=[Cell(n, suppressed=suppress and n < threshold) for n in ns])
        for label, *ns in pairs
    ]


# --- Scope --------------------------------------------------------------------------


def scoped_incidents(access, period):
    start, end = period.times()
    incidents = Incident.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
    return access.queue_incidents(incidents)


def scoped_restrictions(access):
    return access.of_my_services(
        Restriction.objects.all(), "service_areas__id", "incidents__service_area_id"
    )


# --- Incidents ----------------------------------------------------------------------


def incidents_by_month(access, period) -> Figure:
    counted = {
        row["month"].date() if hasattr(row["month"], "date") else row["month"]: row["n"]
        for row in scoped_incidents(access, period)
        .annotate(month=TruncMonth("occurred_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    months, month = [], period.start.replace(day=1)
    while month <= period.end:
        months.append((f"{month:%B %Y}", counted.get(month, 0)))
        month = _add_months(month, 1)
    return Figure(
        "by_month", "Incidents by month", "Month", ["Incidents"], _rows(months), totalled=True
    )


def _grouped(queryset, path, label=lambda value: value, *, many=False):
    """(label, count) per value of ``path``, largest first. ``many`` when ``path``
    crosses a many-to-many relation: each row is then counted once per value; otherwise
    each row has one value, and a plain count needs no sort to remove duplicates."""
    counted = Count("pk", distinct=True) if many else Count("pk")
    rows = queryset.values(path).annotate(n=counted).order_by("-n", path)
    return [(label(row[path]), row["n"]) for row in rows]


def incidents_by_behaviour(access, period) -> Figure:
    pairs = _grouped(scoped_incidents(access, period), "categories__name", many=True)
    return Figure(
        "by_behaviour",
        "Incidents by behaviour",
        "Behaviour",
        ["Incidents"],
        _rows((name or "None recorded", n) for name, n in pairs),
        note="An incident may show more than one behaviour, so these can add up to more "
        "than the number of incidents.",
    )


def incidents_by_channel(access, period) -> Figure:
    names = dict(Channel.choices)
    pairs = _grouped(scoped_incidents(access, period), "channel", lambda v: names.get(v, v))
    return Figure(
        "by_channel", "Incidents by channel", "Channel", ["Incidents"], _rows(pairs), totalled=True
    )


def incidents_by_service(access, period) -> Figure:
    pairs = _grouped(scoped_incidents(access, period), "service_area__name")
    return Figure(
        "by_service", "Incidents by service", "Service", ["Incidents"], _rows(pairs), totalled=True
    )


def incidents_by_site(access, period) -> Figure:
    pairs = _grouped(
        scoped_incidents(access, period), "site", lambda v: v or "No council site given"
    )
    return Figure(
        "by_site", "Incidents by site", "Site", ["Incidents"], _rows(pairs), totalled=True
    )


def riddor_and_injuries(access, period) -> Figure:
    counts = scoped_incidents(access, period).aggregate(
        riddor=Count("pk", filter=Q(riddor_reportable=True)),
        injury=Count("pk", filter=Q(injury=True)),
        violence=Count("pk", filter=Q(violence=True)),
    )
    return Figure(
        "riddor",
        "RIDDOR cases and injuries",
        "Incidents",
        ["Incidents"],
        _rows(
            [
                ("Reportable under RIDDOR", counts["riddor"]),
                ("Someone was injured", counts["injury"]),
                ("Violence was used", counts["violence"]),
            ]
        ),
        note="Days lost are not recorded yet: incident reports have no field for them, so "
        "this counts the cases instead.",
    )


# --- Restrictions -------------------------------------------------------------------


def _in_force(access, period):
    return scoped_restrictions(access).filter(
        status=RestrictionStatus.ACTIVE, starts_on__lte=period.end
    )


def restrictions_by_type(access, period) -> Figure:
    pairs = _grouped(_in_force(access, period), "types__name", many=True)
    return Figure(
        "restrictions_by_type",
        "Restrictions in force by type",
        "Type",
        ["Restrictions"],
        _rows((name or "No type recorded", n) for name, n in pairs),
        note="Counted on the last day of the period. A restriction may be of more than one type.",
    )


def restrictions_by_service(access, period) -> Figure:
    pairs = _grouped(_in_force(access, period), "service_areas__name", many=True)
    return Figure(
        "restrictions_by_service",
        "Restrictions in force by service",
        "Service",
        ["Restrictions"],
        _rows((name or "The whole council", n) for name, n in pairs),
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
        _rows([("On or before the review date", counts["on_time"]), ("Late", counts["late"])]),
    )


def reconsiderations(access, period) -> Figure:
    names = dict(ReconsiderationOutcome.choices)
    pairs = _grouped(
        Reconsideration.objects.filter(
            restriction__in=scoped_restrictions(access),
            received_on__gte=period.start,
            received_on__lte=period.end,
        ),
        "outcome",
        lambda v: names.get(v) or "Not decided yet",
    )
    return Figure(
        "reconsiderations",
        "Reconsiderations and their outcomes",
        "Outcome",
        ["Requests"],
        _rows(pairs),
        totalled=True,
    )


# --- Equality monitoring ------------------------------------------------------------

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
    rows = (
        EqualityDetail.objects.annotate(group=answer)
        .values("characteristic", "group")
        .annotate(
            reported=Count("customer_id", distinct=True, filter=Q(customer_id__in=reported)),
            warned=Count("customer_id", distinct=True, filter=Q(customer_id__in=warned)),
            restricted=Count("customer_id", distinct=True, filter=Q(customer_id__in=restricted)),
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
            _rows(by_characteristic[value], suppress=True),
        )
        for value, label in ProtectedCharacteristic.choices
        if value in by_characteristic
    ]


# --- Everything ---------------------------------------------------------------------


@dataclass
class Section:
    title: str
    figures: list


def dashboard(access, period) -> list:
    """Every section the reader may see, in the order the page shows them."""
    sections = [
        Section(
            "Incidents",
            [
                incidents_by_month(access, period),
                incidents_by_behaviour(access, period),
                incidents_by_channel(access, period),
                incidents_by_service(access, period),
                incidents_by_site(access, period),
            ],
        ),
        Section(
            "Restrictions",
            [
                restrictions_by_type(access, period),
                restrictions_by_service(access, period),
                reviews_on_time(access, period),
                reconsiderations(access, period),
            ],
        ),
        Section("Health and safety", [riddor_and_injuries(access, period)]),
    ]
    if access.reads_equality_details:
        sections.append(Section("Equality monitoring", equality_monitoring(access, period)))
    return sections
