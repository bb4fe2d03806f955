"""Run the retention schedule; ``--dry-run`` lists what is due and changes nothing."""

from django.core.management.base import BaseCommand

from reporting.governance.services.retention import run_retention


class Command(BaseCommand):
    help = "Remove the records past their retention period (--dry-run only lists them)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what is due; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        result = run_retention(dry_run=dry_run)
        if dry_run:
            for row in result.due:
                self.stdout.write(
                    f"{row.kind_label}\t{row.reference}\tfrom {row.ran_from:%Y-%m-%d}"
                    f"\tdue {row.due_on:%Y-%m-%d}\t{row.rule}"
                )
        self.stdout.write(result.summary)
