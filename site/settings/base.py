"""Settings shared by every environment; each environment module imports these."""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from safecontact.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "home",
    "policy_pages",
    # The staff intranet, lowest layer first (docs/architecture.md).
    "reporting.access",
    "reporting.customers",
    "reporting.incidents",
    "reporting.markers",
    "reporting.restrictions",
    "reporting.letters",
    "reporting.governance",
    "reporting.staff",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # Anonymous visitors' public pages from the shared cache, answered before anything
    # else runs: a stored page keeps the security headers the middleware below gave it
    # when it was rendered, and is replayed with them (home.cache, docs/caching.md).
    "home.cache.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Security headers for every page WhiteNoise has not already answered.
    "safecontact.security.ContentSecurityPolicyMiddleware",
    "safecontact.security.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether this session has passed a second factor, then sending those who must and
    # have not to the two-factor pages (reporting.access.two_factor).
    "django_otp.middleware.OTPMiddleware",
    "reporting.access.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs out sessions older than SESSION_ABSOLUTE_HOURS, with a message (so after
    # authentication and messages).
    "reporting.access.middleware.SessionLifetimeMiddleware",
    # Tells whoever publishes the cited policy which restrictions rest on an older version
    # (inside messages, so its message is kept; reporting.staff.policy_notice).
    "reporting.staff.policy_notice.PolicyChangeNoticeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A post whose transaction lost to another writer (a deadlock, a lock timeout) runs
    # once more, then answers a "please try again" page instead of an error (home.retry).
    "home.retry.ConflictRetryMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into a clear page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safecontact.urls"
WSGI_APPLICATION = "safecontact.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
# A request that fails part-way leaves nothing half-written (a page live without its
# version, say).
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Development's SQLite: readers never wait for the writer (WAL); a writer takes the
    # write lock when its transaction begins and waits up to 20 seconds for it, so that
    # overlapping requests queue up instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compiling: this is an OLTP site whose queries take milliseconds, and when
    # the planner's estimates set the compiler off on a large aggregate (the monitoring
    # figures) compiling can take ten times as long as running the query does.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "home.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/staff/sign-in/"
LOGIN_REDIRECT_URL = "/staff/"

# Staff are signed out after this long without a request, and when the browser closes.
# Django moves the expiry on when a session is saved, and the session lifetime middleware
# changes it (so it is saved) at most once a minute (reporting.access.middleware).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
# ...and this long after signing in, however busy (reporting.access.middleware).
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 12)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Repeated failed sign-ins for one account from one address are refused for a while.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "access/locked_out.html"
# The address failures count against: REMOTE_ADDR, or behind proxies the address the
# outermost of TRUSTED_PROXY_COUNT proxies saw (see safecontact.security.client_ip).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "safecontact.security.client_ip"
AXES_USERNAME_CALLABLE = "safecontact.security.sign_in_username"
# A second factor (an authenticator app's code, or a backup code) for every role but plain
# Staff, and every superuser (docs/staff-area.md).
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
# Deciding a restriction, issuing a letter and resetting a second factor ask for a new
# code when the last one is older than this.
FRESH_CODE_MINUTES = env_int("FRESH_CODE_MINUTES", 15)
# How long a manager may read every service's records about one person after giving a
# reason ("breaking the glass"); information governance reviews each reason.
DETAIL_GRANT_MINUTES = env_int("DETAIL_GRANT_MINUTES", 60)
# A subject-access export names staff by their role ("a member of staff (Manager)")
# unless the council chooses to give their names (docs/governance.md).
SAR_REDACT_STAFF_NAMES = env_bool("SAR_REDACT_STAFF_NAMES", True)
# Monitoring shows a group of fewer people than this as "fewer than N", never drawn, so
# nobody can be recognised from an equality table (reporting.governance).
MONITORING_SMALL_GROUP = env_int("MONITORING_SMALL_GROUP", 5)
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "SafeContact")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Security headers. Production adds HSTS, the HTTPS redirect and secure cookies.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page here uses, refused by a Permissions-Policy header.
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
    "xr-spatial-tracking",
]

# Content security policy for the public site and the staff area. Pages are cached whole,
# so an inline script or style is allowed by its SHA-256 hash, never by a per-request
# nonce. The only inline code is the style of the bare error page (templates/500.html).
# When Wagtail images are served from another origin (object storage or a CDN), list it
# in CSP_MEDIA_ORIGINS.
_MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS", [])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'sha256-Gh7m2MhmncQ4A82oRyaXc/ZyvfEY25MtOfsh95dQ5KU='"],
        "img-src": [SELF, "data:", *_MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# The Wagtail admin's own policy (safecontact.security): its pages use inline styles and
# scripts, and show page previews in frames of their own.
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *_MEDIA_ORIGINS],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "static_root")))
# The poster and letter fonts, from npm, all under the SIL Open Font License: Atkinson
# Hyperlegible Next, with Noto Sans for letters it lacks and Noto Emoji (see home/pdf.py).
GOOGLE_FONTS = BASE_DIR / "node_modules" / "@expo-google-fonts"
FONT_PACKAGES = {
    "atkinson-hyperlegible": "atkinson-hyperlegible-next",
    "noto-sans": "noto-sans",
    "noto-emoji": "noto-emoji",
}
STATICFILES_DIRS = [
    BASE_DIR / "static",
    BASE_DIR / "build" / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    *(
        (f"fonts/{folder}", GOOGLE_FONTS / package / weight)
        for folder, package in FONT_PACKAGES.items()
        for weight in ("400Regular", "700Bold")
    ),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Incident evidence never sits under MEDIA_ROOT: it is served only by a checked view.
EVIDENCE_ROOT = Path(env_str("EVIDENCE_ROOT", str(BASE_DIR / "evidence")))
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
LETTERS_ROOT = Path(env_str("LETTERS_ROOT", str(BASE_DIR / "letters")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# --- Object storage (site/settings/storage.py, docs/deployment.md) ---
# With AWS_STORAGE_BUCKET_NAME set, media, letters, evidence and poster PDFs live in the
# bucket (shared by every app server); without it, in the local folders above.
from .storage import object_storages  # noqa: E402

STORAGES = object_storages(STORAGES)
# Documents are streamed through Django wherever they are kept, so a private
# collection's documents never get a public address of their own.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# --- End of object storage ---

# --- Caching (docs/caching.md) ---
# Local memory here; production uses Redis when REDIS_URL is set.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "safecontact",
    }
}
# How often one person may search for people (the report page's customer search and the
# check before contact, together), as django-ratelimit reads it: "30/m" is 30 a minute.
CUSTOMER_SEARCH_RATE = env_str("CUSTOMER_SEARCH_RATE", "30/m")
# Wrong guesses one address may make at the public letter check (/check-a-letter/) before
# its checks are refused for the rest of the period (reporting.letters.check_limit).
LETTER_CHECK_RATE = env_str("LETTER_CHECK_RATE", "10/h")
# The key of the check codes printed on letters; empty means one derived from SECRET_KEY.
# Codes are stored at issue, so changing it changes only later letters' codes.
LETTER_CHECK_KEY = env_str("LETTER_CHECK_KEY", "")
# If the cache cannot count a search, the search goes ahead (reporting.customers.search_limit).
RATELIMIT_FAIL_OPEN = True
# django-ratelimit is used through its functions only, not installed as an app: its
# system checks know django-redis but not Django's own RedisCache (atomic too), and
# refuse local memory, which development and tests use. With local memory each process
# counts on its own; production shares Redis (REDIS_URL), so the limits hold across app
# servers (docs/deployment.md).
# How long an anonymous visitor's public page is kept; publishing retires it sooner.
# 0 turns the public page cache off.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 3600)
# How long an app server replays a page it holds before asking the shared cache whether
# anything was published meanwhile (home.cache): a publish reaches the other app servers
# within this many milliseconds. 0 asks on every request.
PUBLIC_CACHE_RECHECK_MS = env_int("PUBLIC_CACHE_RECHECK_MS", 1000)
# Never cached, whoever asks. Nor is any address with a query string (searches, say).
PUBLIC_CACHE_EXCLUDED_PATHS = ["/staff/", "/admin/", "/documents/", "/media/"]
# A CDN in front of the site: Wagtail's HTTP purge (a PURGE request per address) is sent
# here when pages are published, so the CDN forgets them too. Unset: no CDN purging.
FRONTEND_CACHE_PURGE_URL = env_str("FRONTEND_CACHE_PURGE_URL", "")
if FRONTEND_CACHE_PURGE_URL:
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }
# The gunicorn benchmark only (tests/bench/gunicorn_bench.py): adds /bench-ceiling/ and
# an X-Query-Count header to every response. Never set in a real deployment.
BENCH_MODE = env_bool("BENCH_MODE", False)
if BENCH_MODE:
    MIDDLEWARE = ["safecontact.bench.QueryCountMiddleware", *MIDDLEWARE]
    # The yardstick is the bare stack: no cache look-up for it.
    PUBLIC_CACHE_EXCLUDED_PATHS = [*PUBLIC_CACHE_EXCLUDED_PATHS, "/bench-ceiling/"]

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "safecontact@localhost")

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Background tasks (e-mails, search-index updates, the daily job when queued). "immediate"
# runs each task inside the request or command that queues it, with no worker; "database"
# writes it to a table, in the same transaction as the change that caused it, for
# `manage.py db_worker` to run (docs/deployment.md). Production defaults to "database".
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}


def tasks_setting(default):
    """The TASKS setting for the backend the TASKS_BACKEND variable names (``default``
    when it is unset)."""
    backend = env_choice("TASKS_BACKEND", list(TASK_BACKENDS), default)
    return {"default": {"BACKEND": TASK_BACKENDS[backend]}}


TASKS = tasks_setting("immediate")

# Absolute links printed on letters, posters and e-mails use this, never the
# request's host, so a forged Host header cannot change what is printed.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

WAGTAIL_SITE_NAME = "SafeContact"
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
WAGTAILIMAGES_IMAGE_MODEL = "home.CustomImage"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# How often the page editor saves a draft as the editor types, in milliseconds (0: never).
WAGTAIL_AUTOSAVE_INTERVAL = env_int("WAGTAIL_AUTOSAVE_INTERVAL", 500)
# No avatars from Gravatar: the admin would send a hash of each editor's e-mail address
# to a third party, and its policy allows no images from other origins.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Demo accounts and content are created only where this is true (development).
DEMO_CONTENT_ALLOWED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request lines name only paths; personal data never travels in a URL here.
        "django.request": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint reports each layout step at INFO: noise for every letter and poster.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# GOV.UK Notify for issued letters (site/settings/notify.py).
from .notify import *  # noqa: E402, F403

# --- Staff single sign-on (OpenID Connect; settings/sso.py). Keep this last: it adds to
# AUTHENTICATION_BACKENDS and MIDDLEWARE above. ---
from .sso import *  # noqa: E402, F403
