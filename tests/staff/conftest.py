"""Fixtures for the staff front's tests. Each module keeps its own (their ``customer``
fixtures differ); ``housing`` and the suite's other shared fixtures are in
tests/conftest.py."""
