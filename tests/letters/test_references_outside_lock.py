"""A letter's PDF is rendered before the year's reference counter is locked, with the
number the letter will get if no other letter comes first; the counter is taken just
before the inserts. Whatever happens, the stored PDF prints the stored reference and
check code, and numbers run on without gaps."""

import hashlib
import subprocess

import pytest
from django.utils import timezone

from reporting.letters import pdf
from reporting.letters.check_codes import check_code, display
from reporting.letters.enums import LetterType
from reporting.letters.models import Letter, LetterSequence
from reporting.letters.services import issue_letter
from tests.access.factories import manager_of
from tests.customers.factories import CustomerFactory
from tests.incidents.factories import IncidentFactory
from tests.letters.factories import cite_policy
from tests.restrictions.factories import RestrictionFactory

pytestmark = pytest.mark.django_db

RENDERER = "reporting.letters.services.render_letter_pdf"
PREDICT = "reporting.letters.references.predict"


@pytest.fixture
def manager(housing):
    cite_policy()
    return manager_of(housing, username="housing.manager")


@pytest.fixture
def new_restriction(housing):
    def make():
        customer = CustomerFactory()
        incident = IncidentFactory(customer=customer, service_area=housing)
        return RestrictionFactory(customer=customer, incidents=[incident])

    return make


def ref(number):
    return f"FDC-{timezone.localdate().year}-{number:05d}"


def counter():
    year = timezone.localdate().year
    return LetterSequence.objects.filter(year=year).values_list("last_number", flat=True).first()


def pdf_text(data, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(text.stdout.split())


def issue(restriction, manager):
    return issue_letter(LetterType.RESTRICTION, restriction=restriction, by=manager)


def test_the_pdf_is_rendered_before_the_counter_is_taken(
    manager, new_restriction, fast_pdf, monkeypatch
):
    issue(new_restriction(), manager)
    seen = []

    def render(prepared):
        seen.append((prepared.reference, counter()))
        return f"%PDF-1.7 letter {prepared.reference}\n".encode()

    monkeypatch.setattr(RENDERER, render)
    letter = issue(new_restriction(), manager)

    # While the second letter was rendered the counter still said 1: not yet taken.
    assert seen == [(ref(2), 1)]
    assert letter.reference == ref(2)
    assert counter() == 2


def test_a_failed_render_leaves_no_gap(manager, new_restriction, fast_pdf, monkeypatch):
    def fail(prepared):
        raise RuntimeError("the renderer fell over")

    monkeypatch.setattr(RENDERER, fail)
    with pytest.raises(RuntimeError):
        issue(new_restriction(), manager)
    assert not Letter.objects.exists()
    assert not counter()

    monkeypatch.undo()
    monkeypatch.setattr(RENDERER, lambda prepared: b"%PDF-1.7 letter\n")
    assert issue(new_restriction(), manager).reference == ref(1)
    assert issue(new_restriction(), manager).reference == ref(2)


def test_a_letter_whose_number_was_taken_meanwhile_is_rendered_again(
    manager, new_restriction, monkeypatch, tmp_path
):
    first = issue(new_restriction(), manager)
    # As if the first letter had not yet been saved when this one looked at the counter.
    monkeypatch.setattr(PREDICT, lambda year: 1)
    rendered = []

    def render(prepared):
        rendered.append(prepared.reference)
        return pdf.render_letter_pdf(prepared)

    monkeypatch.setattr(RENDERER, render)
    letter = issue(new_restriction(), manager)

    assert rendered == [ref(1), ref(2)]
    assert (first.reference, letter.reference) == (ref(1), ref(2))
    data = letter.pdf.read()
    assert hashlib.sha256(data).hexdigest() == letter.sha256
    assert letter.size == len(data)
    assert letter.check_code == check_code(letter.reference, letter.body_text)
    text = pdf_text(data, tmp_path)
    assert ref(2) in text
    assert ref(1) not in text
    assert display(letter.check_code) in text


def test_a_failed_second_render_leaves_no_gap(manager, new_restriction, fast_pdf, monkeypatch):
    issue(new_restriction(), manager)
    monkeypatch.setattr(PREDICT, lambda year: 1)
    calls = []

    def fail_the_second(prepared):
        calls.append(prepared.reference)
        if len(calls) == 2:
            raise RuntimeError("the renderer fell over")
        return b"%PDF-1.7 letter\n"

    monkeypatch.setattr(RENDERER, fail_the_second)
    with pytest.raises(RuntimeError):
        issue(new_restriction(), manager)
    assert calls == [ref(1), ref(2)]
    assert counter() == 1
    assert Letter.objects.count() == 1

    monkeypatch.undo()
    monkeypatch.setattr(RENDERER, lambda prepared: b"%PDF-1.7 letter\n")
    assert issue(new_restriction(), manager).reference == ref(2)
