"""Background work run through Django's tasks framework (django-tasks)."""

import datetime

from django_tasks import task

from reporting.staff import jobs


@task()
def daily_restriction_reviews(on=None):
    """End restrictions past their end date and e-mail decision makers what is due.

    ``on`` is an ISO date ("2026-11-23") for catching up a missed day; today by default.
    Returns the summary as plain values, so any task backend can store it.
    """
    today = datetime.date.fromisoformat(on) if on else None
    return jobs.run_daily(today=today).as_dict()
