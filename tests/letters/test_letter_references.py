"""Letters issued at the same moment, each from its own connection, all go out, with
distinct references that run on without gaps; the PDF is rendered while the year's
reference counter is free, so one letter's render holds up no other letter."""

import hashlib
import subprocess
import threading

import pytest
from django.db import OperationalError, connection, connections
from django.utils import timezone

from reporting.letters import pdf
from reporting.letters.check_codes import display
from reporting.letters.enums import LetterType
from reporting.letters.models import Letter, LetterSequence
from reporting.letters.services import issue_letter
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.incidents.factories import IncidentFactory
from tests.letters.factories import cite_policy
from tests.restrictions.factories import RestrictionFactory

WRITERS = 20
RENDERER = "reporting.letters.services.render_letter_pdf"


def ref(number):
    return f"FDC-{timezone.localdate().year}-{number:05d}"


def restrictions_and_manager(count):
    cite_policy()
    housing = ServiceAreaFactory(name="Housing")
    manager = manager_of(housing, "housing.manager")
    restrictions = []
    for _ in range(count):
        customer = CustomerFactory()
        incident = IncidentFactory(customer=customer, service_area=housing)
        restrictions.append(RestrictionFactory(customer=customer, incidents=[incident]))
    return restrictions, manager


def in_threads(jobs, *, one_at_a_time=False):
    """Run each job in a thread of its own (its own connection), all released at once;
    returns what they returned and the errors they raised."""
    start = threading.Barrier(len(jobs))
    turn = threading.Lock()
    results, errors = [], []

    def run(job):
        try:
            start.wait()
            if one_at_a_time:
                with turn:
                    results.append(job())
            else:
                results.append(job())
        except Exception as error:  # noqa: BLE001  (reported by the caller)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer never finished"
    return results, errors


def pdf_text(data, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(text.stdout.split())


@pytest.mark.transactional
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_letters_issued_at_once_get_distinct_gapless_references(tmp_path):
    # SQLite lets one writer in at a time, so there the threads take turns; PostgreSQL
    # runs them all at once. The real renderer lays out every PDF.
    restrictions, manager = restrictions_and_manager(WRITERS)
    jobs = [
        (lambda r=r: issue_letter(LetterType.RESTRICTION, restriction=r, by=manager))
        for r in restrictions
    ]
    issued, errors = in_threads(jobs, one_at_a_time=connection.vendor != "postgresql")

    assert errors == []
    assert sorted(letter.reference for letter in issued) == [ref(n) for n in range(1, WRITERS + 1)]
    assert LetterSequence.objects.get(year=timezone.localdate().year).last_number == WRITERS
    letters = Letter.objects.all()
    assert sorted(letter.restriction_id for letter in letters) == sorted(
        r.pk for r in restrictions
    )
    for letter in letters:
        data = letter.pdf.read()
        assert hashlib.sha256(data).hexdigest() == letter.sha256
        text = pdf_text(data, tmp_path)
        assert letter.reference in text
        assert display(letter.check_code) in text
        letter.pdf.storage.delete(letter.pdf.name)


def counter_is_free():
    """Whether another connection can lock this year's counter row without waiting."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT last_number FROM letters_lettersequence WHERE year = %s FOR UPDATE NOWAIT",
                [timezone.localdate().year],
            )
            cursor.fetchall()
        return True
    except OperationalError:
        return False
    finally:
        other.close()


@pytest.mark.transactional
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_another_letter_takes_a_reference_while_one_is_rendered(monkeypatch, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the race needs PostgreSQL.")
    (first, slow, quick), manager = restrictions_and_manager(3)
    issue_letter(LetterType.RESTRICTION, restriction=first, by=manager)
    seen = {}

    def render(prepared):
        if prepared.restriction.pk == slow.pk and "free" not in seen:
            # The slow letter is being rendered: the counter is not locked, and a letter
            # about someone else is issued from start to finish in the meantime.
            seen["free"] = counter_is_free()
            seen["quick"], seen["errors"] = in_threads(
                [lambda: issue_letter(LetterType.RESTRICTION, restriction=quick, by=manager)]
            )
        return pdf.render_letter_pdf(prepared)

    monkeypatch.setattr(RENDERER, render)
    letter = issue_letter(LetterType.RESTRICTION, restriction=slow, by=manager)

    assert seen["free"] is True
    assert seen["errors"] == []
    # The quick letter took the number the slow one expected, so the slow one was
    # rendered again with the next.
    assert seen["quick"][0].reference == ref(2)
    assert letter.reference == ref(3)
    for issued in (seen["quick"][0], letter):
        stored = Letter.objects.get(pk=issued.pk)
        data = stored.pdf.read()
        assert hashlib.sha256(data).hexdigest() == stored.sha256
        text = pdf_text(data, tmp_path)
        assert stored.reference in text
        assert display(stored.check_code) in text
    for stored in Letter.objects.all():
        stored.pdf.storage.delete(stored.pdf.name)
