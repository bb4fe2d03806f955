"""Letters issued at the same moment on PostgreSQL still get distinct references that run
on without gaps."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from reporting.letters.enums import LetterType
from reporting.letters.models import Letter
from reporting.letters.services import issue_letter
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.incidents.factories import IncidentFactory
from tests.letters.factories import cite_policy
from tests.restrictions.factories import RestrictionFactory

WRITERS = 4


@pytest.mark.transactional
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_letters_issued_at_once_get_distinct_gapless_references():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the race needs PostgreSQL.")
    cite_policy()
    housing = ServiceAreaFactory(name="Housing")
    manager = manager_of(housing, "housing.manager")
    restrictions = []
    for _ in range(WRITERS):
        customer = CustomerFactory()
        incident = IncidentFactory(customer=customer, service_area=housing)
        restrictions.append(RestrictionFactory(customer=customer, incidents=[incident]))

    start = threading.Barrier(WRITERS)
    issued, errors = [], []

    def issue_at_once(restriction):
        try:
            start.wait()
            issued.append(
                issue_letter(LetterType.RESTRICTION, restriction=restriction, by=manager)
            )
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue_at_once, args=(r,)) for r in restrictions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    year = timezone.localdate().year
    references = sorted(letter.reference for letter in issued)
    assert references == [f"FDC-{year}-{n:05d}" for n in range(1, WRITERS + 1)]
    assert Letter.objects.count() == WRITERS
    stored = {letter.reference: letter.restriction_id for letter in Letter.objects.all()}
    assert sorted(stored.values()) == sorted(r.pk for r in restrictions)
    for letter in Letter.objects.all():
        letter.pdf.storage.delete(letter.pdf.name)
