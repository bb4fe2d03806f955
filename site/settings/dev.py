"""Development: the embedded defaults, so `make run` needs nothing else."""

from safecontact.env import env_int, env_str

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "dev-only-secret-key-never-use-in-production")  # noqa: S105
DEMO_CONTENT_ALLOWED = True
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "safecontact-demo")  # noqa: S105
# Every demo account that must use a second factor gets an authenticator with this key
# (hex), so it can be added to an app once; `load_demo_content` prints it.
DEMO_TOTP_KEY = env_str("DEMO_TOTP_KEY", "4665726e686f6c6c6f772064656d6f206b657921")
# Addresses printed on letters and posters and in e-mails lead to the server actually
# running: `make run PORT=8201` passes its port here. PUBLIC_BASE_URL, when set, wins.
_SERVED_AT = f"http://127.0.0.1:{env_int('PORT', 8000)}"
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", _SERVED_AT).rstrip("/")
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
