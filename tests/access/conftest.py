"""Fixtures for the access tests. The two-factor tests switch two-factor on for
themselves (test_two_factor.py); the suite's shared fixtures are in tests/conftest.py."""
