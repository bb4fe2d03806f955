"""Tests: cheap hashing, plain static storage, in-memory e-mail and cache."""

from .base import *  # noqa: F403
from .base import BASE_DIR

SECRET_KEY = "test-only-secret-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "build" / "test-media"
EVIDENCE_ROOT = BASE_DIR / "build" / "test-evidence"
LETTERS_ROOT = BASE_DIR / "build" / "test-letters"
DEMO_CONTENT_ALLOWED = True
DEMO_PASSWORD = "test-demo-password"  # noqa: S105
DEMO_TOTP_KEY = "00112233445566778899aabbccddeeff00112233"
# Tests sign people in with force_login; the two-factor tests switch this back on.
TWO_FACTOR_REQUIRED = False
PUBLIC_BASE_URL = "https://council.example"
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
# Serve static files straight from the finders: tests need no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Whole-page caching stays off so that tests see fresh renders; its own tests
# (tests/policy_pages/test_cache.py) switch it on.
PUBLIC_CACHE_SECONDS = 0
# Tests clear the cache between steps: ask it every time (tests/policy_pages/test_cache.py
# sets a window where it measures one).
PUBLIC_CACHE_RECHECK_MS = 0
# Tests search as often as they like; the limit's own tests (tests/customers) lower it.
CUSTOMER_SEARCH_RATE = "10000/m"
# Tests check letters as often as they like; the limit's own test lowers it.
LETTER_CHECK_RATE = "10000/h"
