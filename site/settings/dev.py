"""Development: the embedded defaults, so `make run` needs nothing else."""

from safecontact.env import env_str

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "dev-only-secret-key-never-use-in-production")  # noqa: S105
DEMO_CONTENT_ALLOWED = True
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "safecontact-demo")  # noqa: S105
# Every demo account that must use a second factor gets an authenticator with this key
# (hex), so it can be added to an app once; `load_demo_content` prints it.
DEMO_TOTP_KEY = env_str("DEMO_TOTP_KEY", "4665726e686f6c6c6f772064656d6f206b657921")
