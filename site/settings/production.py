"""Production: configured only by environment variables; refuses to start without a secret."""

from safecontact.env import env_bool, env_int, env_str

from .base import *  # noqa: F403
from .base import tasks_setting

SECRET_KEY = env_str("SECRET_KEY")
if len(SECRET_KEY) < 50:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters in production.")

# The address printed on letters, posters and e-mails: a default would print a
# development address on real letters, so production will not start without one.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL").rstrip("/")
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL

DEBUG = False
# Tasks wait in the database for the worker (`manage.py db_worker`, docs/deployment.md).
TASKS = tasks_setting("database")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Browsers keep to HTTPS for a year, on subdomains too. The preload token only says the
# domain may be put on browsers' built-in list; nothing is listed until someone submits
# the registrable domain at hstspreload.org (see docs/deployment.md).
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Session and CSRF cookies travel only over HTTPS (both are SameSite=Lax, see base.py).
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, keeping its client between calls (home/redis_cache.py).
            "BACKEND": "home.redis_cache.KeptClientRedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    # Local memory belongs to one process: a publish handled by one app server would not
    # retire the pages the others keep. Without Redis, public pages are not cached.
    PUBLIC_CACHE_SECONDS = 0

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
