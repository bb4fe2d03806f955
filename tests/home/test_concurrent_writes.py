"""Many writes about one person at the same moment, on PostgreSQL: letters issued, the
person's details corrected, follow-ups recorded. Every write takes the person's lock
first, so they queue up and none of them deadlocks."""

import threading

import pytest
from django.db import connection

from reporting.customers.models import CustomerChange
from reporting.customers.services import change_details
from reporting.incidents.models import FollowUp
from reporting.incidents.services import record_follow_up
from reporting.letters.enums import LetterType
from reporting.letters.models import Letter
from reporting.letters.services import issue_letter
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.incidents.factories import IncidentFactory
from tests.letters.factories import cite_policy
from tests.restrictions.factories import RestrictionFactory

LETTERS = 10
CHANGES = 4


@pytest.mark.transactional
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_writes_about_one_person_at_once_all_succeed():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the race needs PostgreSQL.")
    cite_policy()
    housing = ServiceAreaFactory(name="Housing")
    manager = manager_of(housing, "housing.manager")
    customer = CustomerFactory(last_name="Pascoe")
    incidents = [IncidentFactory(customer=customer, service_area=housing) for _ in range(3)]
    restrictions = [
        RestrictionFactory(customer=customer, incidents=[incidents[0]]) for _ in range(LETTERS)
    ]

    jobs = [
        (lambda r=r: issue_letter(LetterType.RESTRICTION, restriction=r, by=manager))
        for r in restrictions
    ]
    jobs += [
        (
            lambda n=n: change_details(
                customer=customer, by=manager, reason=f"Moved, told us ({n}).", address=f"{n} Hill"
            )
        )
        for n in range(CHANGES)
    ]
    jobs += [
        (lambda i=i: record_follow_up(incident=i, user=manager, status="under_review"))
        for i in incidents
    ]
    start = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            start.wait()
            job()
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    assert errors == []
    assert Letter.objects.filter(customer=customer).count() == LETTERS
    assert CustomerChange.objects.filter(customer=customer).count() == CHANGES
    assert FollowUp.objects.filter(incident__customer=customer).count() == len(incidents)
    for letter in Letter.objects.all():
        letter.pdf.storage.delete(letter.pdf.name)
