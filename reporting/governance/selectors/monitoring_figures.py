"""What every monitoring figure is made of: the period counted, and tables of labelled
counts (docs/governance.md, "Monitoring"). Equality monitoring hides every group smaller
than ``MONITORING_SMALL_GROUP`` (5 unless set)."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone


def small_group() -> int:
    """Counts below this are not shown in equality monitoring."""
    return getattr(settings, "MONITORING_SMALL_GROUP", 5)


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def last_twelve_months(cls, today=None):
        today = today or timezone.localdate()
        return cls(start=add_months(today.replace(day=1), -11), end=today)

    @classmethod
    def quarter(cls, year: int, number: int):
        start = datetime.date(year, 3 * number - 2, 1)
        return cls(start=start, end=add_months(start, 3) - datetime.timedelta(days=1))

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

    def months(self):
        """The first day of each month the period touches, in order."""
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = add_months(month, 1)
        return months


def add_months(day: datetime.date, months: int) -> datetime.date:
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


def labelled_rows(pairs, suppress=False):
    """Rows from (label, count, ...) tuples; with ``suppress``, counts below the
    threshold are hidden."""
    threshold = small_group()
    return [
        Row(label=str(label), cells=[Cell(n, suppressed=suppress and n < threshold) for n in ns])
        for label, *ns in pairs
    ]


def largest_first(counted, label=lambda value: value):
    """(label, count) from a {value: count} mapping, largest first, then by value (as
    the figures have always been ordered)."""
    ordered = sorted(counted.items(), key=lambda item: (-item[1], item[0] is None, item[0] or ""))
    return [(label(value), n) for value, n in ordered]
