"""`make bench`: how fast the staff area is on PostgreSQL, as numbers, never as a test.

Runs in-process through Django's whole middleware stack (the test client), against a
PostgreSQL database of its own that it creates and drops. It prints, for each scenario,
requests per second, p50 and p99 latency in milliseconds and SQL queries per request:

- incident submission (the report form, POSTed);
- the manager's queue with 1,000, 100,000 and 1,000,000 incidents in the database (seeded
  with COPY);
- the monitoring dashboards and the board report at the same two sizes
  (bench_monitoring.py, which also runs on its own);
- issuing a letter (render, PDF, store);
- the review queue with 100 and with 10,000 restrictions in force.

Usage: python tests/bench/run_bench.py [--requests N]; the dashboards alone:
python tests/bench/bench_monitoring.py [--requests N].
Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/safecontact_bench);
BENCH_KEEP=1 keeps the database afterwards, to look into a slow query.
BENCH_PDF=1 also times the board report as PDF (seconds a request).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/safecontact_bench"


def fresh_database(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return drop


def percentile(samples, fraction):
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def measure(label, request, count):
    """Run ``request`` ``count`` times after a warm-up; print and return the figures."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        request()
    with CaptureQueriesContext(connection) as captured:
        request()
    # Read now: the log is a bounded buffer that later requests may refill. Transaction
    # control (BEGIN, COMMIT, savepoints) is not a query, as in the tests' counts.
    query_count = sum(
        1 for query in captured.captured_queries if not query["sql"].upper().startswith(CONTROL)
    )
    timings = []
    started = time.perf_counter()
    for _ in range(count):
        begin = time.perf_counter()
        request()
        timings.append((time.perf_counter() - begin) * 1000)
    elapsed = time.perf_counter() - started
    row = {
        "label": label,
        "rps": count / elapsed,
        "p50": statistics.median(timings),
        "p99": percentile(timings, 0.99),
        "queries": query_count,
    }
    print(
        f"{label:<44} {row['rps']:>8.1f} req/s  p50 {row['p50']:>7.1f} ms  "
        f"p99 {row['p99']:>7.1f} ms  {row['queries']:>3} queries"
    )
    return row


# Where incidents happen; "" for those by telephone, e-mail or online.
SITES = (
    "Civic Offices",
    "Central Library",
    "Housing Office, North Road",
    "Leisure Centre",
    "Depot, Mill Lane",
    "Customer Service Centre",
)


def seed_incidents(total, *, area, others, reporter, categories, customers=()):
    """Bring the number of incidents up to ``total`` quickly, with PostgreSQL's COPY:
    half in ``area``, the rest spread over ``others``; over nearly four years, every
    channel and the council's sites; some with RIDDOR, injury or violence, some with two
    behaviours, and about six in ten about one of ``customers`` (ids) when any are given.
    A million takes about a minute."""
    import random

    from django.db import connection
    from django.db.models import Max
    from django.utils import timezone

    from reporting.incidents import tallies
    from reporting.incidents.enums import Channel, IncidentStatus, LocationKind
    from reporting.incidents.models import Incident, IncidentTally

    have = Incident.objects.count()
    if have >= total:
        return
    rng = random.Random(total)
    now = timezone.now()
    statuses = list(IncidentStatus.values)
    channels = list(Channel.values)
    other_ids = [other.pk for other in others]
    # Every column as a new incident has it, worked out once; each row changes a few.
    sample = Incident(
        reported_by=reporter,
        reported_at=now,
        occurred_at=now,
        service_area=area,
        location_kind=LocationKind.SITE,
        channel=channels[0],
        description="Benchmark incident.",
        status=statuses[0],
    )
    template = {
        field.column: field.get_db_prep_save(getattr(sample, field.attname), connection)
        for field in Incident._meta.concrete_fields
    }
    columns = list(template)
    first = (Incident.objects.aggregate(last=Max("id"))["last"] or 0) + 1

    def rows():
        for number in range(first, first + total - have):
            site = rng.choice(SITES) if rng.random() < 0.8 else ""
            row = dict(template)
            row.update(
                id=number,
                reference=f"INC-B{number:07d}",
                customer_id=rng.choice(customers) if customers and rng.random() < 0.6 else None,
                occurred_at=now - timezone.timedelta(minutes=rng.randint(1, 2_000_000)),
                service_area_id=area.pk if rng.random() < 0.5 else rng.choice(other_ids),
                location_kind=LocationKind.SITE if site else LocationKind.REMOTE,
                site=site,
                channel=rng.choice(channels),
                status=rng.choice(statuses),
                hate_incident=rng.random() < 0.05,
                violence=rng.random() < 0.05,
                injury=rng.random() < 0.03,
                riddor_reportable=rng.random() < 0.01,
            )
            yield [row[column] for column in columns]

    def links():
        for number in range(first, first + total - have):
            for pk in rng.sample(categories, 2 if rng.random() < 0.2 else 1):
                yield (number, pk)

    Through = Incident.categories.through
    copy_rows(Incident, columns, rows())
    copy_rows(Through, ["incident_id", "behaviourcategory_id"], links())
    with connection.cursor() as cursor:
        for model in (Incident, Through):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT MAX(id) FROM {table}))"
            )
    # COPY skips the monthly tallies that reporting keeps: count them once.
    tallies.recount()
    # Production's autovacuum would have vacuumed and analysed tables this size (which
    # lets PostgreSQL answer counts from an index alone); do it now.
    with connection.cursor() as cursor:
        for model in (Incident, Through, IncidentTally):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def copy_rows(model, columns, rows):
    """Load ``rows`` (sequences of values for ``columns``) into ``model``'s table with
    COPY, the fastest way into PostgreSQL."""
    from django.db import connection

    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def start_django(requests_default=200):
    """Parse ``--requests``, make a fresh PostgreSQL database, set Django up on it and
    migrate. Returns the parsed arguments and a function that drops the database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=requests_default)
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    try:
        drop = fresh_database(url)
    except Exception as error:  # noqa: BLE001  (said plainly below)
        sys.exit(f"make bench needs PostgreSQL at {url}: {error}")
    os.environ["DATABASE_URL"] = url
    # Keep connections open between requests, as production's app servers do.
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "600")
    os.environ["DJANGO_SETTINGS_MODULE"] = "safecontact.settings.test"
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    import django

    django.setup()
    from django.core.management import call_command
    from django.core.signals import request_started
    from django.db import reset_queries

    # Django clears its query log at each request; the count is taken across one.
    request_started.disconnect(reset_queries)
    call_command("migrate", verbosity=0)
    # As an app server does once it has loaded everything (safecontact/wsgi.py).
    from safecontact.memory import freeze_loaded_objects

    freeze_loaded_objects()
    return args, drop


def finish(drop):
    """Close connections and drop the database, unless BENCH_KEEP asks to keep it."""
    from django.db import connections

    connections.close_all()
    if not os.environ.get("BENCH_KEEP"):
        drop()


def people_and_places():
    """The services (the manager's Housing and four more), the manager and the member of
    staff who reports every incident, and the keyword arguments seed_incidents takes."""
    from django.contrib.auth.models import Group

    from home.models import User
    from reporting.access.models import ServiceArea
    from reporting.incidents.models import BehaviourCategory

    area = ServiceArea.objects.create(name="Housing")
    others = [
        ServiceArea.objects.create(name=name)
        for name in ("Libraries", "Waste and recycling", "Council tax", "Leisure")
    ]
    manager = User.objects.create(username="bench.manager")
    manager.groups.add(Group.objects.get(name="Manager"))
    area.managers.add(manager)
    reporter = User.objects.create(username="bench.staff")
    reporter.groups.add(Group.objects.get(name="Staff"))
    categories = list(BehaviourCategory.objects.values_list("pk", flat=True))
    return {
        "manager": manager,
        "seeding": {
            "area": area,
            "others": others,
            "reporter": reporter,
            "categories": categories,
        },
    }


# The manager's queue is timed at each of these sizes; the dashboards at bench_monitoring's.
QUEUE_SIZES = (1_000, 100_000, 1_000_000)
QUEUE_AIM_MS = 50
QUEUE_QUERY_AIM = 10
LETTER_AIM_MS = 150


def main():
    args, drop = start_django()
    from django.test import Client

    try:
        from tests.bench.bench_monitoring import SIZES, MonitoringBench

        place = people_and_places()
        manager, seeding = place["manager"], place["seeding"]
        monitoring = MonitoringBench(manager=manager)

        print(f"SafeContact benchmark on PostgreSQL, {args.requests} requests a scenario\n")
        results = []
        submit = submission_scenario(seeding["reporter"], seeding["area"], seeding["categories"])
        if submit:
            results.append(
                measure("incident submission (POST report form)", submit, args.requests)
            )

        client = Client()
        client.force_login(manager)
        queue_rows = {}
        for total in QUEUE_SIZES:
            # The dashboards are measured at SIZES with what every chart counts; the
            # queue alone goes on to a million incidents.
            customers = monitoring.seed_customers(total) if total in SIZES else ()
            seed_incidents(total, **seeding, customers=customers)

            def queue():
                response = client.get("/staff/incidents/")
                assert response.status_code == 200, response.status_code

            def filtered():
                response = client.get("/staff/incidents/", {"status": "new", "flags": "violence"})
                assert response.status_code == 200, response.status_code

            queue_rows[total] = [
                measure(f"manager queue, {total:,} incidents", queue, args.requests),
                measure(f"manager queue filtered, {total:,} incidents", filtered, args.requests),
            ]
            if total in SIZES:
                monitoring.seed_records(total)
                monitoring.measure_at(total, measure, args.requests)

        print()
        small, large = min(queue_rows), max(queue_rows)
        print(
            f"manager queue at {large:,} incidents (aim: p99 < {QUEUE_AIM_MS} ms, at most "
            f"{QUEUE_QUERY_AIM} queries, the same from {small:,})"
        )
        for before, after in zip(queue_rows[small], queue_rows[large], strict=True):
            constant = before["queries"] == after["queries"]
            within = (
                after["p99"] < QUEUE_AIM_MS and after["queries"] <= QUEUE_QUERY_AIM and constant
            )
            print(
                f"  {after['label']:<44} p99 {after['p99']:>6.1f} ms, {after['queries']} queries "
                f"({before['queries']} at {small:,}: {'constant' if constant else 'GROWS'}) "
                f"{'within' if within else 'OVER'}"
            )
        print()
        monitoring.summary()

        from tests.bench.bench_letters import bench_letter_issue
        from tests.bench.bench_reviews import bench_review_queue

        print()
        letter = bench_letter_issue(measure, min(args.requests, 100))
        verdict = "within" if letter["p99"] < LETTER_AIM_MS else "OVER"
        print(
            f"letter issue: p50 {letter['p50']:.1f} ms, p99 {letter['p99']:.1f} ms "
            f"({verdict} the p99 < {LETTER_AIM_MS} ms aim)"
        )
        print()
        bench_review_queue(measure, args.requests)
    finally:
        finish(drop)


def submission_scenario(reporter, area, categories):
    """A function that POSTs one valid report, or None if the form is not there yet."""
    try:
        from tests.bench.report_data import valid_report
    except ImportError:
        return None
    from django.test import Client

    client = Client()
    client.force_login(reporter)

    def submit():
        response = client.post("/staff/incidents/new/", valid_report(area, categories))
        assert response.status_code == 302, response.status_code

    return submit


if __name__ == "__main__":
    main()
