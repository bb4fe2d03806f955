"""An absolute limit on how long a signed-in session lasts, however busy it is.

The idle limit (SESSION_IDLE_SECONDS) ends a session nobody is using; this one ends every
session SESSION_ABSOLUTE_HOURS after its sign-in, so a stolen or forgotten session cannot
be kept alive for days by constant use. The person signs in again (and enters a code, if
they use a second factor).

The idle limit moves on as the person uses the site: Django sets a session's expiry each
time it saves it. Rather than saving every session on every request (a write on every
page), the middleware winds that clock at most once every ``IDLE_CLOCK_STEP`` seconds, by
noting the time in the session, so an idle session ends between SESSION_IDLE_SECONDS
less a minute and SESSION_IDLE_SECONDS after its last request.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils import timezone

from .two_factor import PROTECTED_PREFIXES

# When this session signed in, and when its idle clock was last wound (seconds since the
# epoch).
SIGNED_IN_AT_SESSION_KEY = "signed_in_at"
ACTIVE_AT_SESSION_KEY = "active_at"
IDLE_CLOCK_STEP = 60


def note_signed_in(request) -> None:
    """Start the session's absolute lifetime now."""
    request.session[SIGNED_IN_AT_SESSION_KEY] = timezone.now().timestamp()


def session_lifetime_seconds() -> float:
    return getattr(settings, "SESSION_ABSOLUTE_HOURS", 12) * 3600


class SessionLifetimeMiddleware:
    """Signs out a session older than SESSION_ABSOLUTE_HOURS; on the staff area and the
    admin, sends the person to sign in again with a message saying why.

    The sign-in page starts the clock. A session signed in some other way (the Wagtail
    admin's own sign-in, or one from before this limit existed) starts it at its first
    request here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            signed_in_at = request.session.get(SIGNED_IN_AT_SESSION_KEY)
            if not isinstance(signed_in_at, int | float):
                note_signed_in(request)
            elif now - signed_in_at > session_lifetime_seconds():
                return self.sign_out(request)
            wound = request.session.get(ACTIVE_AT_SESSION_KEY, signed_in_at)
            if not isinstance(wound, int | float) or now - wound >= IDLE_CLOCK_STEP:
                # Changed, so saved: its expiry moves on to SESSION_IDLE_SECONDS from now.
                request.session[ACTIVE_AT_SESSION_KEY] = now
        return self.get_response(request)

    def sign_out(self, request):
        logout(request)
        if not request.path.startswith(PROTECTED_PREFIXES):
            # A public page: carry on, signed out.
            return self.get_response(request)
        hours = getattr(settings, "SESSION_ABSOLUTE_HOURS", 12)
        messages.info(
            request,
            f"You have been signed out because you signed in more than {hours} hours ago. "
            "Sign in again to carry on.",
        )
        return redirect_to_login(request.get_full_path())
