"""Whole months added near the calendar's ends stop at its last (or first) day instead of
failing: a restriction typed as starting in 9999 gets a review date, not a server error."""

import datetime

from home.dates import add_months


def test_months_past_the_year_9999_stop_at_its_last_day():
    assert add_months(datetime.date(9999, 11, 30), 12) == datetime.date.max
    assert add_months(datetime.date(9999, 11, 30), 1) == datetime.date(9999, 12, 30)


def test_months_before_the_year_1_stop_at_its_first_day():
    assert add_months(datetime.date(1, 2, 1), -3) == datetime.date.min


def test_ordinary_dates_are_unchanged():
    assert add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
