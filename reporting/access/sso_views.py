"""The single sign-on pages: off to the provider, back from it, and the refusal page
(sso.py has the rules)."""

import time

import requests
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django_otp import login as otp_login
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from . import sso, two_factor
from .middleware import note_signed_in
from .models import ProviderSecondFactor

PROVIDER_DEVICE_NAME = "Council sign-in"
REFUSALS = {
    "no role": (
        "Your council account does not give you access to SafeContact",
        "You are not in any of the groups that may use SafeContact. If you need it for "
        "your work, ask your manager to have you added to the right group.",
    ),
    "switched off": (
        "Your SafeContact account is switched off",
        "An administrator has switched your account off. Ask them if you think it should be on.",
    ),
    "failed": (
        "We could not sign you in with your council account",
        "Your council's sign-in did not let you in, or did not answer. Try again; if it "
        "keeps happening, tell the IT service desk.",
    ),
}


class SignOnStartView(OIDCAuthenticationRequestView):
    """Sends the person to the provider's sign-in page (``?fresh=1``: to sign in afresh,
    for "Confirm it's you")."""

    def __init__(self, *args, **kwargs):
        # The endpoints are read when asked for, not at start, so that the page is a
        # plain 404 while single sign-on is off.
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    @staticmethod
    def get_settings(attr, *args):
        return sso.setting(attr, *args)

    def get(self, request):
        if not sso.enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = sso.setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except requests.RequestException:
            return refusal(request, "failed", status=503)
        self.OIDC_RP_CLIENT_ID = sso.setting("OIDC_RP_CLIENT_ID")
        self.fresh = request.GET.get("fresh") == "1"
        if self.fresh:
            request.session[sso.FRESH_ASKED_AT_SESSION_KEY] = time.time()
        return super().get(request)

    def get_extra_params(self, request):
        params = sso.query_params(sso.setting("OIDC_AUTH_REQUEST_EXTRA_PARAMS", ""))
        if self.fresh:
            params.update(sso.query_params(sso.setting("OIDC_FRESH_SIGN_IN_PARAMS", "")))
        return params


class SignOnCallbackView(OIDCAuthenticationCallbackView):
    """Back from the provider: signs the person in, with the provider's second factor
    when it asserts one, or shows why not."""

    @staticmethod
    def get_settings(attr, *args):
        return sso.setting(attr, *args)

    def get(self, request):
        if not sso.enabled():
            raise Http404
        return super().get(request)

    def login_success(self):
        response = super().login_success()
        request = self.request
        claims = getattr(request, "sso_claims", {})
        if request.session.get(sso.CHECKED_AT_SESSION_KEY) is None:
            # A new sign-in, not a fresh one in the same session.
            note_signed_in(request)
        request.session[sso.CHECKED_AT_SESSION_KEY] = time.time()
        if claims.get("second_factor"):
            device, _ = ProviderSecondFactor.objects.get_or_create(
                user=self.user, defaults={"name": PROVIDER_DEVICE_NAME}
            )
            otp_login(request, device)
            request.session[two_factor.CODE_AT_SESSION_KEY] = _authenticated_at(claims)
        return response

    def login_failure(self):
        return refusal(self.request, getattr(self.request, "sso_refused", "failed"))


def refusal(request, reason, status=403):
    heading, explanation = REFUSALS.get(reason, REFUSALS["failed"])
    return render(
        request,
        "access/sso_refused.html",
        {"heading": heading, "explanation": explanation},
        status=status,
    )


def _authenticated_at(claims) -> float:
    """When the provider signed the person in (its ``auth_time``), never later than now;
    now when it does not say."""
    now = timezone.now().timestamp()
    auth_time = claims.get("auth_time")
    if isinstance(auth_time, int | float) and not isinstance(auth_time, bool):
        return min(float(auth_time), now)
    return now
