"""A second factor at sign-in for everyone who can see or change more than their own reports.

Every role but plain Staff (managers, decision makers, health and safety, information
governance and policy approvers), and every superuser whatever their groups, confirms a
code from an authenticator app (or a one-time backup code) after their password. Until
they have, every page of the staff area and the Wagtail admin sends them to the
two-factor pages: set-up when they have no authenticator yet, the code otherwise.

The most serious actions (deciding a restriction, issuing a letter, resetting someone's
second factor) also want a recent code: when the last one is older than
``FRESH_CODE_MINUTES``, the page asks for another first (``needs_fresh_code``).
"""

import math
from base64 import b32encode
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .enums import Role

POLICY_APPROVER = "Policy approver"
# Every role but plain Staff, whose accounts see only their own reports.
ROLES = (
    Role.MANAGER,
    Role.DECISION_MAKER,
    Role.HEALTH_AND_SAFETY,
    Role.INFORMATION_GOVERNANCE,
    POLICY_APPROVER,
)
PROTECTED_PREFIXES = ("/staff/", "/admin/")
BACKUP_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
# When this session last had a right code (seconds since the epoch): at sign-in, at set-up
# or on the "Confirm it's you" page.
CODE_AT_SESSION_KEY = "two_factor_code_at"


def must_use_second_factor(user) -> bool:
    """Whether this account signs in with a second factor: every superuser, and anyone
    with a role other than plain Staff. The one place that decides it."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=ROLES).exists()


def confirmed_authenticator(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def backup_device(user):
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def pending_authenticator(user):
    """The authenticator being set up: the same key until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def readable_key(device) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    text = b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@transaction.atomic
def confirm_authenticator(device) -> list[str]:
    """Confirm ``device`` and replace any backup codes; answer the new backup codes."""
    device.confirmed = True
    device.save()
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    return codes


@transaction.atomic
def reset_second_factor(user) -> None:
    """Remove the account's authenticator and backup codes: it enrols again next time."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def seconds_to_wait(device) -> int:
    """How long ``device`` refuses codes after wrong ones; 0 when it accepts them."""
    allowed, details = device.verify_is_allowed()
    if allowed or not details or "locked_until" not in details:
        return 0
    remaining = (details["locked_until"] - timezone.now()).total_seconds()
    return max(1, math.ceil(remaining))


def safe_next(request, default="/staff/") -> str:
    """The ``next`` address from the query or form, if it stays on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def note_code_entered(request) -> None:
    """Remember that this session has just had a right code."""
    request.session[CODE_AT_SESSION_KEY] = timezone.now().timestamp()


def needs_fresh_code(request) -> bool:
    """Whether the serious action asked for must wait for a new code: two-factor is on,
    this person must use it, and their last right code is older than
    ``FRESH_CODE_MINUTES`` (or this session has none on record)."""
    if not getattr(settings, "TWO_FACTOR_REQUIRED", False):
        return False
    if not must_use_second_factor(request.user):
        return False
    entered_at = request.session.get(CODE_AT_SESSION_KEY)
    if not isinstance(entered_at, int | float):
        return True
    limit = getattr(settings, "FRESH_CODE_MINUTES", 15) * 60
    return timezone.now().timestamp() - entered_at > limit


def confirm_url(next_url: str) -> str:
    """The "Confirm it's you" page, coming back to ``next_url`` after."""
    return f"{reverse('staff:two_factor_confirm')}?{urlencode({'next': next_url})}"


def _exempt_paths():
    return (
        reverse("staff:two_factor"),
        reverse("staff:two_factor_set_up"),
        reverse("staff:two_factor_backup_codes"),
        reverse("staff:sign_out"),
        reverse("staff:signed_out"),
        reverse("wagtailadmin_logout"),
    )


class TwoFactorMiddleware:
    """Sends those who must use a second factor, and have not yet, to the two-factor pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_verify(request):
            if confirmed_authenticator(request.user) is None:
                target = reverse("staff:two_factor_set_up")
            else:
                target = reverse("staff:two_factor")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _must_verify(self, request) -> bool:
        if not getattr(settings, "TWO_FACTOR_REQUIRED", False):
            return False
        path = request.path
        if not path.startswith(PROTECTED_PREFIXES) or path in _exempt_paths():
            return False
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return False
        return must_use_second_factor(user)
