"""Count monitoring's monthly incident tallies again from the incidents themselves.

Reports, corrections and removals keep the tallies as they go; this is for incidents
loaded some other way (a bulk import) and for checking: it prints how many tallies
changed."""

from django.core.management.base import BaseCommand

from reporting.incidents import tallies
from reporting.incidents.models import IncidentTally


def _snapshot():
    return set(
        IncidentTally.objects.values_list(
            "month",
            "service_area_id",
            "site",
            "channel",
            "behaviour",
            "incidents",
            "riddor",
            "injury",
            "violence",
            "no_behaviour",
        )
    )


class Command(BaseCommand):
    help = "Count the monthly incident tallies monitoring reads again from the incidents."

    def handle(self, *args, **options):
        before = _snapshot()
        tallies.recount()
        after = _snapshot()
        changed = len(before ^ after)
        self.stdout.write(
            f"Counted {len(after)} tallies again; "
            + (
                "all were right."
                if not changed
                else f"{changed} rows differed and were put right."
            )
        )
