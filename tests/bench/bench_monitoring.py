"""`make bench`: the monitoring dashboards and the quarterly board report.

``MonitoringBench`` signs in information governance (who sees every service and the
equality figures) and a manager (who sees their services), seeds what every chart
counts, in proportion to the incidents, with bulk inserts (customers with equality
answers, warnings given, restrictions in force and ended with their types, services and
incidents, reviews on time and late, reconsiderations decided and waiting), and times
with run_bench's ``measure``:

- the monitoring page as information governance ("everything"), as a manager (their
  services), and as information governance with a date filter over the last 3 years;
- the board report (the last full quarter, as information governance) as CSV and XLSX,
  and as PDF with BENCH_PDF=1.

Each size is timed once it is seeded: run_bench does it at 1,000 and at 100,000
incidents, beside the manager's queue; ``summary`` then prints each scenario's figures at
the larger size with its queries per request at both, against the aim: p99 under
300 ms and the same number of queries whatever the data.

Run on its own (the dashboards only): python tests/bench/bench_monitoring.py
[--requests N] (the same database settings as run_bench.py).
"""

import datetime
import os
import random
import sys
from pathlib import Path

SIZES = (1_000, 100_000)
AIM_MS = 300
# Requests timed for each page and the spreadsheet. The PDF takes seconds (about 2 at
# 1,000 incidents, 7 at 100,000 on a busy two-core machine), far past the aim, so it is
# timed only when BENCH_PDF=1, and only a few times.
PAGE_REQUESTS = 50
XLSX_REQUESTS = 20
PDF_REQUESTS = 5
BATCH = 5000
# Per this many incidents: one customer, warning, restriction, review, reconsideration.
PER_CUSTOMER = 5
PER_WARNING = 50
PER_RESTRICTION = 100
PER_REVIEW = 200
PER_RECONSIDERATION = 1000
# How often a customer has answered for each characteristic.
EQUALITY_SHARE = {
    "sex": 0.6,
    "age": 0.4,
    "race": 0.3,
    "disability": 0.2,
    "religion": 0.1,
    "sexual_orientation": 0.1,
    "marriage": 0.05,
    "gender_reassignment": 0.02,
    "pregnancy": 0.02,
}
ANSWERS = {
    "sex": ["Female", "Male"],
    "age": ["16 to 24", "25 to 34", "35 to 49", "50 to 64", "65 and over"],
    "race": ["White", "Asian or Asian British", "Black or Black British", "Mixed", "Other"],
    "disability": ["Yes", "No"],
    "religion": ["No religion", "Christian", "Muslim", "Hindu", "Jewish", "Sikh"],
    "sexual_orientation": ["Heterosexual", "Gay or lesbian", "Bisexual"],
    "marriage": ["Married", "Civil partnership", "Neither"],
    "gender_reassignment": ["No", "Yes"],
    "pregnancy": ["No", "Yes"],
}
TEXT = "Benchmark text."


def _analyse(*models):
    """Production's autovacuum would have analysed tables this size; do it now."""
    from django.db import connection

    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _made(model, prefix):
    return model.objects.filter(reference__startswith=prefix).count()


class MonitoringBench:
    """The people, the data and the timings of the monitoring scenarios."""

    def __init__(self, *, manager):
        from django.contrib.auth.models import Group

        from home.models import User
        from reporting.access.enums import Role

        self.manager = manager
        self.governance, _ = User.objects.get_or_create(username="bench.governance")
        self.governance.groups.add(Group.objects.get(name=Role.INFORMATION_GOVERNANCE))
        self.decider, _ = User.objects.get_or_create(username="bench.monitoring.decider")
        self.decider.groups.add(Group.objects.get(name=Role.DECISION_MAKER))
        self.rows = {}  # size -> the rows measured at that size

    # --- Seeding --------------------------------------------------------------------

    def seed_customers(self, total):
        """One customer per ``PER_CUSTOMER`` incidents, with equality answers; the ids
        of all of them, for seed_incidents to name."""
        from reporting.customers.models import Customer, EqualityDetail

        rng = random.Random(total)
        made = _made(Customer, "CM-")
        want = total // PER_CUSTOMER
        while made < want:
            numbers = range(made + 1, made + min(BATCH, want - made) + 1)
            people = Customer.objects.bulk_create(
                Customer(reference=f"CM-{n:07d}", first_name="Bench", last_name=f"Customer {n}")
                for n in numbers
            )
            answers = []
            for person in people:
                for characteristic, share in EQUALITY_SHARE.items():
                    if rng.random() >= share:
                        continue
                    roll = rng.random()
                    answers.append(
                        EqualityDetail(
                            customer=person,
                            characteristic=characteristic,
                            answer="" if roll < 0.03 else rng.choice(ANSWERS[characteristic]),
                            prefer_not_to_say=0.03 <= roll < 0.08,
                            source="person",
                            recorded_by=self.governance,
                        )
                    )
            EqualityDetail.objects.bulk_create(answers)
            made += len(numbers)
        _analyse(Customer, EqualityDetail)
        return list(
            Customer.objects.filter(reference__startswith="CM-").values_list("pk", flat=True)
        )

    def seed_records(self, total):
        """Warnings, restrictions, reviews and reconsiderations in proportion to
        ``total`` incidents, each resting on incidents about its customer."""
        from reporting.incidents.models import Incident

        rng = random.Random(-total)
        about = list(
            Incident.objects.filter(customer__isnull=False).values_list(
                "pk", "customer_id", "service_area_id"
            )
        )
        self._seed_warnings(total // PER_WARNING, rng, about)
        self._seed_restrictions(total // PER_RESTRICTION, rng, about)
        self._seed_reviews(total // PER_REVIEW, rng)
        self._seed_reconsiderations(total // PER_RECONSIDERATION, rng)

    def _seed_warnings(self, want, rng, about):
        from reporting.restrictions.models import CustomerWarning

        today = datetime.date.today()
        made = _made(CustomerWarning, "WM-")
        Through = CustomerWarning.incidents.through
        while made < want:
            numbers = range(made + 1, made + min(BATCH, want - made) + 1)
            picked = [rng.choice(about) for _ in numbers]
            rows = CustomerWarning.objects.bulk_create(
                CustomerWarning(
                    reference=f"WM-{n:07d}",
                    customer_id=customer_id,
                    behaviour=TEXT,
                    change_expected=TEXT,
                    consequences=TEXT,
                    channel="letter",
                    given_on=(
                        today - datetime.timedelta(days=rng.randint(0, 1000))
                        if rng.random() < 0.9
                        else None
                    ),
                    given_by=self.manager,
                )
                for n, (_, customer_id, _) in zip(numbers, picked, strict=True)
            )
            Through.objects.bulk_create(
                Through(customerwarning_id=row.pk, incident_id=incident_id)
                for row, (incident_id, _, _) in zip(rows, picked, strict=True)
            )
            made += len(numbers)
        _analyse(CustomerWarning)

    def _seed_restrictions(self, want, rng, about):
        """Seven in ten in force, the rest ended; reviews due in a month or more, so
        that none joins the review queue that bench_reviews times."""
        from django.utils import timezone

        from policy_pages.models import RestrictionType
        from reporting.incidents.enums import BehaviourKind
        from reporting.restrictions.enums import Decision, EndReason, RestrictionStatus, Scope
        from reporting.restrictions.models import Restriction

        today = datetime.date.today()
        now = timezone.now()
        type_ids = list(RestrictionType.objects.values_list("pk", flat=True))
        made = _made(Restriction, "RM-")
        Types = Restriction.types.through
        Areas = Restriction.service_areas.through
        Incidents = Restriction.incidents.through
        while made < want:
            numbers = range(made + 1, made + min(BATCH, want - made) + 1)
            picked = [rng.choice(about) for _ in numbers]
            rows = []
            for n, (_, customer_id, _) in zip(numbers, picked, strict=True):
                starts_on = today - datetime.timedelta(days=rng.randint(0, 1000))
                ended = rng.random() < 0.3
                rows.append(
                    Restriction(
                        reference=f"RM-{n:07d}",
                        customer_id=customer_id,
                        status=RestrictionStatus.ENDED if ended else RestrictionStatus.ACTIVE,
                        concern=BehaviourKind.ABUSIVE,
                        scope=Scope.SERVICE if rng.random() < 0.7 else Scope.COUNCIL,
                        arrangements=TEXT,
                        essential_services=TEXT,
                        behaviour=TEXT,
                        reasons=TEXT,
                        checks_made=TEXT,
                        needs_considered=TEXT,
                        alternatives=TEXT,
                        staff_told=TEXT,
                        reconsideration_contact="The Director of Corporate Services",
                        starts_on=starts_on,
                        review_on=today + datetime.timedelta(days=rng.randint(30, 365)),
                        ended_on=starts_on + datetime.timedelta(days=180) if ended else None,
                        ended_reason=EndReason.END_DATE if ended else "",
                        proposed_by=self.manager,
                        proposed_at=now,
                        decision=Decision.APPROVED,
                        decided_by=self.decider,
                        decided_at=now,
                        decision_reasons=TEXT,
                    )
                )
            rows = Restriction.objects.bulk_create(rows)
            types, areas, incidents = [], [], []
            for row, (incident_id, _, area_id) in zip(rows, picked, strict=True):
                for type_id in rng.sample(type_ids, 2 if rng.random() < 0.3 else 1):
                    types.append(Types(restriction_id=row.pk, restrictiontype_id=type_id))
                if row.scope == Scope.SERVICE:
                    areas.append(Areas(restriction_id=row.pk, servicearea_id=area_id))
                incidents.append(Incidents(restriction_id=row.pk, incident_id=incident_id))
            Types.objects.bulk_create(types)
            Areas.objects.bulk_create(areas)
            Incidents.objects.bulk_create(incidents)
            made += len(numbers)
        _analyse(Restriction, Types, Areas, Incidents)

    def _restriction_ids(self):
        from reporting.restrictions.models import Restriction

        return list(
            Restriction.objects.filter(reference__startswith="RM-").values_list("pk", flat=True)
        )

    def _seed_reviews(self, want, rng):
        """Reviews over the last year and a half, about one in three after its date."""
        from django.utils import timezone

        from reporting.restrictions.models import RestrictionReview

        restrictions = self._restriction_ids()
        made = RestrictionReview.objects.filter(reviewed_by=self.decider).count()
        now = timezone.now()
        rows = []
        for _ in range(made, want):
            reviewed_at = now - datetime.timedelta(minutes=rng.randint(1, 800_000))
            rows.append(
                RestrictionReview(
                    restriction_id=rng.choice(restrictions),
                    reviewed_by=self.decider,
                    reviewed_at=reviewed_at,
                    due_on=reviewed_at.date() + datetime.timedelta(days=rng.randint(-10, 20)),
                    since_last=TEXT,
                    outcome="continue",
                    reasons=TEXT,
                )
            )
        RestrictionReview.objects.bulk_create(rows, batch_size=BATCH)
        _analyse(RestrictionReview)

    def _seed_reconsiderations(self, want, rng):
        """At most one a restriction; one in four still waiting for a decision."""
        from django.utils import timezone

        from reporting.restrictions.enums import ReconsiderationOutcome
        from reporting.restrictions.models import Reconsideration

        today = datetime.date.today()
        made = _made(Reconsideration, "XM-")
        asked = set(Reconsideration.objects.values_list("restriction_id", flat=True))
        free = [pk for pk in self._restriction_ids() if pk not in asked]
        outcomes = list(ReconsiderationOutcome.values)
        rows = []
        for n, restriction_id in zip(range(made + 1, want + 1), free, strict=False):
            received_on = today - datetime.timedelta(days=rng.randint(0, 700))
            outcome = rng.choice(outcomes) if rng.random() < 0.75 else ""
            rows.append(
                Reconsideration(
                    reference=f"XM-{n:07d}",
                    restriction_id=restriction_id,
                    received_on=received_on,
                    received_how="letter",
                    requested_by="customer",
                    grounds=TEXT,
                    told_on=received_on - datetime.timedelta(days=10),
                    last_day=received_on + datetime.timedelta(days=11),
                    in_time=True,
                    recorded_by=self.decider,
                    outcome=outcome,
                    reasons=TEXT if outcome else "",
                    decided_by=self.decider if outcome else None,
                    decided_at=timezone.now() if outcome else None,
                )
            )
        Reconsideration.objects.bulk_create(rows, batch_size=BATCH)
        _analyse(Reconsideration)

    # --- Timing ---------------------------------------------------------------------

    def scenarios(self, count):
        """(label, request, how many times) for each page and report: at most
        ``PAGE_REQUESTS`` of a page, fewer of the spreadsheet and the PDF, which take
        longer to make."""
        from django.test import Client
        from django.utils import timezone

        governance, manager = Client(), Client()
        governance.force_login(self.governance)
        manager.force_login(self.manager)
        today = timezone.localdate()
        # About three years: most of the data, and a month-by-month table of 37 rows.
        start = today - datetime.timedelta(days=3 * 365)
        dates = {"start": start.isoformat(), "end": today.isoformat()}

        def get(client, url, kind, data=None):
            def request():
                response = client.get(url, data)
                assert response.status_code == 200, response.status_code
                assert response["Content-Type"].startswith(kind), response["Content-Type"]

            return request

        page = "/staff/governance/monitoring/"
        report = f"{page}board-report"
        pages = min(count, PAGE_REQUESTS)
        scenarios = [
            ("monitoring (everything)", get(governance, page, "text/html"), pages),
            ("monitoring (a manager)", get(manager, page, "text/html"), pages),
            ("monitoring, 3-year filter", get(governance, page, "text/html", dates), pages),
            ("board report CSV", get(governance, f"{report}.csv", "text/csv"), pages),
            (
                "board report XLSX",
                get(governance, f"{report}.xlsx", "application/vnd.openxml"),
                min(count, XLSX_REQUESTS),
            ),
        ]
        if os.environ.get("BENCH_PDF"):
            pdf = get(governance, f"{report}.pdf", "application/pdf")
            scenarios.append(("board report PDF", pdf, min(count, PDF_REQUESTS)))
        return scenarios

    def measure_at(self, total, measure, count):
        """Time every scenario with ``total`` incidents seeded."""
        rows = []
        for label, request, times in self.scenarios(count):
            row = measure(f"{label}, {total:,} incidents", request, times)
            rows.append({**row, "scenario": label, "requests": times})
        self.rows[total] = rows

    def summary(self):
        """Each scenario at the largest size, its queries at the smallest beside them, and
        whether it meets the aim."""
        small, large = min(self.rows), max(self.rows)
        aim = f"p99 < {AIM_MS} ms, queries constant"
        print(f"monitoring dashboards at {large:,} incidents (aim: {aim})")
        print(
            f"{'scenario':<38} {'requests':>8}  {'p50':>9}  {'p99':>9}  "
            f"{'queries at ' + format(small, ','):>17}  {'at ' + format(large, ','):>10}  "
            f"constant  aim"
        )
        verdicts = []
        for before, after in zip(self.rows[small], self.rows[large], strict=True):
            constant = before["queries"] == after["queries"]
            within = after["p99"] < AIM_MS and constant
            verdicts.append(within)
            print(
                f"{after['scenario']:<38} {after['requests']:>8}  {after['p50']:>6.1f} ms  "
                f"{after['p99']:>6.1f} ms  {before['queries']:>17}  {after['queries']:>10}  "
                f"{'yes' if constant else 'no':<8}  {'within' if within else 'OVER'}"
            )
        return verdicts


def main():
    """The dashboards alone, on a fresh PostgreSQL database, at 1,000 and 100,000
    incidents seeded as run_bench seeds them."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.bench.run_bench import finish, measure, start_django

    args, drop = start_django()
    try:
        from tests.bench.run_bench import people_and_places, seed_incidents

        place = people_and_places()
        bench = MonitoringBench(manager=place["manager"])
        print(f"Monitoring benchmark on PostgreSQL, {args.requests} requests a page\n")
        for total in SIZES:
            customers = bench.seed_customers(total)
            seed_incidents(total, **place["seeding"], customers=customers)
            bench.seed_records(total)
            bench.measure_at(total, measure, args.requests)
        print()
        bench.summary()
    finally:
        finish(drop)


if __name__ == "__main__":
    main()
