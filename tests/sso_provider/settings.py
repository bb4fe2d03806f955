"""A small OpenID Connect provider for the single sign-on tests (tests/access/test_sso.py),
built on django-oauth-toolkit and run as its own process on its own SQLite database.

It signs people in with a password at /login/, issues RS256 ID tokens with a key made
when the process starts, and puts each person's groups in the ``groups`` claim. A group
named ``amr:<method>`` is not a group: it adds ``<method>`` to the ``amr`` claim, as
a provider that asked for a second factor would. /manage/ lets the tests add, change and
remove people and register the site as a client, with a shared token.
"""

import os

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

SECRET_KEY = "test-provider-only-secret-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.sso_provider.urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["SSO_PROVIDER_DB"],
        "OPTIONS": {"timeout": 20},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TEMPLATES = []
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "/login/"
MANAGE_TOKEN = os.environ["SSO_PROVIDER_MANAGE_TOKEN"]

_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": _KEY.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode(),
    "SCOPES": {
        "openid": "OpenID Connect",
        "email": "E-mail address",
        "profile": "Name",
        "offline_access": "Stay signed in",
    },
    "OAUTH2_VALIDATOR_CLASS": "tests.sso_provider.validator.Validator",
    "PKCE_REQUIRED": True,
}
