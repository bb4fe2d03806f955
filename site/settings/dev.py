"""Development: the embedded defaults, so `make run` needs nothing else."""

from .base import *  # noqa: F403
from .base import env_str

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "dev-only-secret-key-never-use-in-production")  # noqa: S105
DEMO_CONTENT_ALLOWED = True
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "safecontact-demo")  # noqa: S105
