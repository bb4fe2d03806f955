"""`make bench`: the review queue with 100 and with 10,000 restrictions in force.

``bench_review_queue(measure, count)`` brings the number of restrictions in force up to
100, then 10,000, with bulk inserts (explicit references, and the restriction types'
through rows in bulk), and times a decision maker's first page of the queue at each size
with run_bench's ``measure``. The queries per request must be the same at both sizes.

Run on its own: python tests/bench/bench_reviews.py [--requests N] (the same database
settings as run_bench.py).
"""

import datetime
import random
import sys
from pathlib import Path

SIZES = (100, 10_000)
BATCH = 2000


def _people():
    """A decision maker to sign in, and the manager who proposed every restriction."""
    from django.contrib.auth.models import Group

    from home.models import User
    from reporting.access.enums import Role

    decider, _ = User.objects.get_or_create(
        username="bench.decider", defaults={"email": "bench.decider@council.example"}
    )
    decider.groups.add(Group.objects.get(name=Role.DECISION_MAKER))
    proposer, _ = User.objects.get_or_create(username="bench.proposer")
    proposer.groups.add(Group.objects.get(name=Role.MANAGER))
    return decider, proposer


def seed_restrictions(total, *, proposer, decider):
    """Bring the restrictions in force up to ``total``: one person each, review dates
    spread from 30 days overdue to 90 days away, so about a third are in the queue."""
    from django.utils import timezone

    from policy_pages.models import RestrictionType
    from reporting.customers.models import Customer
    from reporting.incidents.enums import BehaviourKind
    from reporting.restrictions.enums import Decision, RestrictionStatus, Scope
    from reporting.restrictions.models import Restriction

    # Its own rows only: the monitoring bench's restrictions are not due for review.
    made = Restriction.objects.filter(reference__startswith="RB-").count()
    have = made
    rng = random.Random(total)
    today = timezone.localdate()
    now = timezone.now()
    type_ids = list(RestrictionType.objects.values_list("pk", flat=True))
    Through = Restriction.types.through
    while have < total:
        size = min(BATCH, total - have)
        numbers = range(made + 1, made + size + 1)
        people = Customer.objects.bulk_create(
            Customer(reference=f"CB-{n:07d}", first_name="Bench", last_name=f"Person {n}")
            for n in numbers
        )
        rows = Restriction.objects.bulk_create(
            Restriction(
                reference=f"RB-{n:07d}",
                customer=person,
                status=RestrictionStatus.ACTIVE,
                concern=BehaviourKind.PERSISTENT,
                scope=Scope.COUNCIL,
                arrangements="Write to the customer relations team.",
                essential_services="Emergencies by telephone at any time.",
                behaviour="Benchmark behaviour.",
                reasons="Benchmark reasons.",
                checks_made="Benchmark checks.",
                needs_considered="None recorded.",
                alternatives="A meeting was offered.",
                staff_told="Customer relations.",
                reconsideration_contact="The Director of Corporate Services",
                starts_on=today - datetime.timedelta(days=60),
                review_on=today + datetime.timedelta(days=rng.randint(-30, 90)),
                proposed_by=proposer,
                proposed_at=now,
                decision=Decision.APPROVED,
                decided_by=decider,
                decided_at=now,
                decision_reasons="Benchmark decision.",
            )
            for n, person in zip(numbers, people, strict=True)
        )
        Through.objects.bulk_create(
            Through(restriction_id=row.pk, restrictiontype_id=rng.choice(type_ids)) for row in rows
        )
        have += size
        made += size
    from django.db import connection

    if connection.vendor == "postgresql":
        # Production's autovacuum would have analysed a table this size; do it now.
        with connection.cursor() as cursor:
            for model in (Restriction, Customer):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def bench_review_queue(measure, count):
    """Time the review queue at 100 and at 10,000 restrictions in force; return both rows."""
    from django.test import Client

    decider, proposer = _people()
    client = Client()
    client.force_login(decider)

    def queue():
        response = client.get("/staff/reviews/")
        assert response.status_code == 200, response.status_code

    results = []
    for total in SIZES:
        seed_restrictions(total, proposer=proposer, decider=decider)
        results.append(measure(f"review queue, {total:,} restrictions", queue, count))
    small, large = results
    print(
        f"review queue queries per request: {small['queries']} at {SIZES[0]:,}, "
        f"{large['queries']} at {SIZES[1]:,} "
        f"({'constant' if small['queries'] == large['queries'] else 'GROWS'})"
    )
    return results


def main():
    """Run this benchmark alone, on a fresh PostgreSQL database, as run_bench does."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.bench.run_bench import finish, measure, start_django

    args, drop = start_django()
    try:
        bench_review_queue(measure, args.requests)
    finally:
        finish(drop)


if __name__ == "__main__":
    main()
