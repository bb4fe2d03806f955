"""How the public letter check has been used: a count of each outcome over a period."""

import datetime

from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import timezone

from reporting.letters.enums import CheckOutcome
from reporting.letters.models import LetterCheck


class Command(BaseCommand):
    help = "Count the public letter checks of the last few days, by outcome."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="How far back (default 30)")

    def handle(self, *args, days, **options):
        since = timezone.now() - datetime.timedelta(days=days)
        counts = dict(
            LetterCheck.objects.filter(at__gte=since)
            .values_list("outcome")
            .annotate(n=Count("pk"))
            .order_by()
        )
        self.stdout.write(f"Letter checks in the last {days} days:")
        for outcome in CheckOutcome:
            self.stdout.write(f"  {outcome.label}: {counts.get(outcome.value, 0)}")
        self.stdout.write(f"  Total: {sum(counts.values())}")
