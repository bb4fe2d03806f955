"""Development: the embedded defaults, so `make run` needs nothing else."""

from safecontact.env import env_str

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "dev-only-secret-key-never-use-in-production")  # noqa: S105
DEMO_CONTENT_ALLOWED = True
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "safecontact-demo")  # noqa: S105
