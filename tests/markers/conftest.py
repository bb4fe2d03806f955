"""Fixtures for the caution marker tests. test_caution_markers.py keeps its own (its
``customer``, ``incident`` and ``manager`` differ from other apps'); ``housing`` and the
suite's other shared fixtures are in tests/conftest.py."""
