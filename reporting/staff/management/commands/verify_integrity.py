"""Check the audit trail's hash chain and every stored letter and poster PDF:
`python manage.py verify_integrity`. Exits non-zero if anything is broken."""

from django.core.management.base import BaseCommand, CommandError

from reporting.staff import integrity


class Command(BaseCommand):
    help = (
        "Recompute the audit trail's hash chain and check each stored letter PDF and poster "
        "PDF against its SHA-256. Prints references only. On a break found for the first "
        "time, records it in the audit trail and e-mails information governance; exits "
        "with status 1 while any break remains."
    )

    def handle(self, *args, **options):
        report = integrity.verify_and_alarm()
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            count = len(report.breaks)
            raise CommandError(f"{count} integrity break{'s' if count != 1 else ''} found")
