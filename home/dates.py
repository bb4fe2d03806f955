"""Dates as the council writes them, whole months added to a date, and how a due date
stands against today."""

import calendar
import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

import holidays

# A review date shows as due in queues and e-mails this many days before it comes.
DUE_WITHIN_DAYS = 14


def add_months(day, months):
    """The same day ``months`` later, or the month's last day if it is shorter. A date
    past the calendar's end (a start typed as the year 9999) stops at its last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > datetime.MAXYEAR:
        return datetime.date.max
    if year < datetime.MINYEAR:
        return datetime.date.min
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def long_date(day):
    """``3 March 2026``: the way letters and messages write a date."""
    return f"{day.day} {day:%B %Y}"


def numeric_date(day):
    """``3 3 2026``: a date as a person types it into a day, month and year input."""
    return f"{day.day} {day.month} {day.year}"


def due_by(today):
    """The last review date that counts as due on ``today``."""
    return today + datetime.timedelta(days=DUE_WITHIN_DAYS)


@dataclass(frozen=True)
class Due:
    """How a review or marker date stands against today, for a tag and a sentence."""

    days: int

    @property
    def overdue(self):
        return self.days < 0

    @property
    def tag(self):
        if self.days < 0:
            return "Overdue"
        if self.days == 0:
            return "Due today"
        return "Due soon" if self.days <= DUE_WITHIN_DAYS else ""

    @property
    def tag_colour(self):
        if self.days < 0:
            return "red"
        return "orange" if self.days == 0 else "yellow"

    @property
    def words(self):
        if self.days < 0:
            days = -self.days
            return f"{days} day{'s' if days != 1 else ''} overdue"
        if self.days == 0:
            return "due today"
        return f"due in {self.days} day{'s' if self.days != 1 else ''}"


def due(day, today):
    return Due((day - today).days)


# The bank holidays of each nation, by the codes the holidays library gives them.
NATION_CODES = {
    "england": "ENG",
    "wales": "WLS",
    "scotland": "SCT",
    "northern_ireland": "NIR",
}


@lru_cache(maxsize=64)
def bank_holidays(nation, year):
    """The bank holidays of ``nation`` (a ``home.models.Nation`` value) in ``year``."""
    return frozenset(holidays.UnitedKingdom(subdiv=NATION_CODES[nation], years=year))


def is_working_day(day, *, nation):
    return day.weekday() < 5 and day not in bank_holidays(nation, day.year)


def add_working_days(day, days, *, nation):
    """The day ``days`` working days after ``day``: weekends and the nation's bank
    holidays do not count."""
    while days > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, nation=nation):
            days -= 1
    return day


_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_A_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b"  # 3 March, 3rd of March
    rf"|\b(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b"  # March 3
    rf"|\b(?:{_MONTHS})\s+\d{{4}}\b"  # March 2026
    r"|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"  # 3/3/2026
    r"|\b\d{4}-\d{2}-\d{2}\b",  # 2026-03-03
    re.IGNORECASE,
)


def mentions_a_date(text):
    """Whether ``text`` names a date, such as “3 March”, “March 2026” or “3/3/2026”."""
    return bool(_A_DATE.search(text or ""))
