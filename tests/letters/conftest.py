"""Fixtures for the letters tests. Only test_letters.py uses fixtures of its own, so they
stay there; ``cite_policy`` is in factories.py, and ``housing`` and the suite's other
shared fixtures are in tests/conftest.py."""
