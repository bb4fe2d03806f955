"""The letters tests' fixtures, shared rather than copied: issued PDFs cleaned away after
each test, and a stand-in PDF renderer."""

from tests.letters.conftest import fast_pdf, remove_letter_files  # noqa: F401
