"""Ask GOV.UK Notify about letters still with it, for when a callback went astray."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from reporting.letters import delivery, notify


class Command(BaseCommand):
    help = (
        "Ask GOV.UK Notify for the status of each letter it has held for more than a day "
        "and record what it says, as its callbacks would."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=int, default=24, help="Ask about letters sent this long ago or more"
        )

    def handle(self, *args, hours, **options):
        if not notify.is_configured():
            raise CommandError("GOV.UK Notify is not configured: NOTIFY_API_KEY is empty.")
        asked, changed = delivery.check_with_notify(older_than=datetime.timedelta(hours=hours))
        self.stdout.write(f"Asked GOV.UK Notify about {asked} letters; {changed} moved on.")
