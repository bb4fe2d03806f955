"""Production settings for an app server on a loopback port, as the two-server test runs
it (tests/storage/test_two_app_servers.py): the database, Redis and the object store all
come from the environment exactly as in production. Two things differ, both about the
loopback: cookies travel over plain HTTP (production sits behind a TLS proxy), and static
files come straight from the finders, so no collectstatic is needed."""

from safecontact.settings.production import *  # noqa: F403
from safecontact.settings.production import STORAGES

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
