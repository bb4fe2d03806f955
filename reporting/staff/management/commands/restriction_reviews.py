"""Run the daily restriction review job: `python manage.py restriction_reviews`, or put it
on the task queue for the worker with `--queue`."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from reporting.staff import jobs
from reporting.staff.tasks import daily_restriction_reviews


def _iso_date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date must be a date written YYYY-MM-DD, not {text!r}") from None


class Command(BaseCommand):
    help = (
        "End restrictions past their end date, and e-mail each decision maker the reviews "
        "due within 14 days and those overdue. Safe to run more than once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=_iso_date,
            help="Run as if today were this date (YYYY-MM-DD), to catch up a missed day.",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help=(
                "Put the job on the task queue for the worker (manage.py db_worker) instead "
                "of running it here, and print the task's id."
            ),
        )

    def handle(self, *args, date=None, queue=False, **options):
        if queue:
            result = daily_restriction_reviews.enqueue(date.isoformat() if date else None)
            self.stdout.write(
                f"Queued the daily job as task {result.id} ({result.status.label.lower()})."
            )
            return
        summary = jobs.run_daily(today=date)
        self.stdout.write(summary.line())
