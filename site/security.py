"""Security headers (the content security policies and the permissions policy), and the
client address that sign-in throttling counts failures against.

The public site and the staff area share one strict content security policy
(``CONTENT_SECURITY_POLICY``). The Wagtail admin needs inline styles and scripts, so pages
under the admin get their own policy (``CONTENT_SECURITY_POLICY_ADMIN``) rather than the
strict one being loosened for everyone. A page previewed in the admin keeps the strict
policy, except that the admin, on the same origin, may show it in a frame.
"""

from functools import cache

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.urls import reverse


@cache
def _admin_prefix() -> str:
    return reverse("wagtailadmin_home")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, answering the admin's own policy for paths under the admin.

    A view that sets its own policy with django-csp's decorators still wins.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if getattr(request, "is_dummy", False):
            # Wagtail renders a preview through the whole middleware stack with a made-up
            # request for the page's public address; the admin shows the result in a frame.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        elif parts.config is None and self.is_admin(request):
            admin_policy = settings.CONTENT_SECURITY_POLICY_ADMIN
            parts.config = default_config(admin_policy["DIRECTIVES"])
        return parts

    @staticmethod
    def is_admin(request) -> bool:
        return request.path_info.startswith(_admin_prefix())


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy``, turning off the browser features the site never uses.

    ``PERMISSIONS_POLICY_DENIED`` lists the features; Django has no setting of its own.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENIED)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.header
        return response


def client_ip(request) -> str | None:
    """The address a request came from, seen through ``TRUSTED_PROXY_COUNT`` proxies.

    Behind a TLS proxy every request arrives from the proxy, so django-axes would count
    everyone's failed sign-ins against one address. Each trusted proxy appends the address
    it was reached from to ``X-Forwarded-For``; the entry that many places from the end is
    the one the outermost trusted proxy saw. Entries before it are whatever the client sent
    and are never trusted.
    """
    count = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]


# django-axes keeps the username of each failed sign-in in a column of 255 characters;
# usernames themselves are at most 150.
USERNAME_KEPT = 150


def sign_in_username(request, credentials) -> str | None:
    """The username a failed sign-in is counted against, cut to the longest a username can
    be, so that a very long one typed (or posted) is counted rather than failing to be
    stored."""
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get("username") if source else None
    if username is None:
        return None
    return str(username)[:USERNAME_KEPT]
