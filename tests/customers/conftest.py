"""Fixtures for the customers tests. The merge tests keep their own ``source``, ``target``
and ``manager``; ``housing`` and the suite's other shared fixtures are in tests/conftest.py."""
