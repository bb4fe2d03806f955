"""A second factor at sign-in for the roles that reach the most sensitive records.

Managers, decision makers, information governance officers and policy approvers confirm
a code from an authenticator app (or a one-time backup code) after their password. Until
they have, every page of the staff area and the Wagtail admin sends them to the
two-factor pages: set-up when they have no authenticator yet, the code otherwise.
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
ROLES = (Role.MANAGER, Role.DECISION_MAKER, Role.INFORMATION_GOVERNANCE, POLICY_APPROVER)
PROTECTED_PREFIXES = ("/staff/", "/admin/")
BACKUP_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


def must_use_second_factor(user) -> bool:
    """Whether this account has a role that signs in with a second factor."""
    if not user.is_authenticated:
        return False
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
