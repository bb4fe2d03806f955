"""Staff single sign-on with OpenID Connect (reporting/access/sso.py, docs/deployment.md).

Off unless OIDC_RP_CLIENT_ID is set: then staff and the Wagtail admin sign in with their
council account, the provider's groups give their roles, and only a superuser (the
break-glass administrator) may still sign in with a password.

Imported at the very end of base.py, so that it can add to the backends and middleware
listed there. The backend and the middleware are always installed and do nothing while
single sign-on is off.
"""

from safecontact.env import env_int, env_list, env_mapping, env_str

from .base import AUTHENTICATION_BACKENDS as _BACKENDS
from .base import MIDDLEWARE as _MIDDLEWARE

OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
SSO_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
# The provider's discovery document (…/.well-known/openid-configuration): it gives the
# endpoints and the issuer. Each may instead, or also, be set on its own.
OIDC_OP_DISCOVERY = env_str("OIDC_OP_DISCOVERY", "")
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
# offline_access asks for the refresh token the leaver checks use (Google instead wants
# access_type=offline in OIDC_AUTH_REQUEST_EXTRA_PARAMS).
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile offline_access")
# Extra query parameters for the provider's sign-in page, written like a query string.
OIDC_AUTH_REQUEST_EXTRA_PARAMS = env_str("OIDC_AUTH_REQUEST_EXTRA_PARAMS", "")
# Sent instead when a serious action needs the person to sign in afresh.
OIDC_FRESH_SIGN_IN_PARAMS = env_str("OIDC_FRESH_SIGN_IN_PARAMS", "prompt=login&max_age=0")
# The claim that lists the person's groups (or app roles), and which of them give which
# of our roles: "sc-managers=Manager,sc-staff=Staff". Groups not listed give nothing.
OIDC_GROUPS_CLAIM = env_str("OIDC_GROUPS_CLAIM", "groups")
OIDC_ROLE_GROUPS = env_mapping("OIDC_ROLE_GROUPS", {})
# Authentication methods (the ID token's amr claim) that count as a second factor.
OIDC_MFA_AMR = env_list("OIDC_MFA_AMR", ["mfa", "otp", "hwk", "swk", "fido", "sc", "ngcmfa"])
# How often a signed-in session asks the provider whether the person is still known.
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = env_int("OIDC_RECHECK_SECONDS", 15 * 60)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "staff:sso_callback"

# The backend refuses password sign-in to all but superusers while single sign-on is on,
# so it comes before Django's own.
AUTHENTICATION_BACKENDS = [
    *(backend for backend in _BACKENDS if backend != "django.contrib.auth.backends.ModelBackend"),
    "reporting.access.sso.SingleSignOnBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Coming back from the provider is not a password guess: django-axes leaves it alone.
AXES_WHITELIST_CALLABLE = "reporting.access.sso.not_a_password_guess"
# Signs out, and switches off, people the provider no longer knows (after messages, so
# its message is kept).
_AFTER = "reporting.access.middleware.SessionLifetimeMiddleware"
MIDDLEWARE = list(_MIDDLEWARE)
MIDDLEWARE.insert(MIDDLEWARE.index(_AFTER) + 1, "reporting.access.sso.SingleSignOnCheckMiddleware")

if SSO_ENABLED:
    # The Wagtail admin sends people to the staff sign-in page, with its council button.
    WAGTAILADMIN_LOGIN_URL = "/staff/sign-in/"
