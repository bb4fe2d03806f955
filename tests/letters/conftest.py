"""Fixtures the letters tests share: issued PDFs cleaned away after each test, and a
stand-in renderer for tests about something other than the PDF. ``cite_policy`` is in
factories.py; ``housing`` and the suite's other shared fixtures are in tests/conftest.py."""

import pytest

from reporting.letters.models import Letter


@pytest.fixture(autouse=True)
def remove_letter_files():
    """Issued PDFs live in the letters storage, outside each test's own folder."""
    yield
    for letter in Letter.objects.all():
        letter.pdf.storage.delete(letter.pdf.name)


@pytest.fixture
def fast_pdf(monkeypatch):
    """Stand in for the PDF renderer where a test is about something else."""

    def render(prepared):
        return f"%PDF-1.7 letter {prepared.reference}\n".encode()

    monkeypatch.setattr("reporting.letters.services.render_letter_pdf", render)
