"""Signing in and out of the staff area, with a second factor; and ``StaffView``, the
check every staff page starts with."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login

from home.pdf import qr_code_svg

from . import audit, sso, two_factor
from .enums import AuditAction
from .forms import CodeForm, ResetSecondFactorForm, SignInForm
from .middleware import note_signed_in
from .models import ProviderSecondFactor
from .permissions import StaffAccess


@method_decorator(never_cache, name="dispatch")
class StaffView(LoginRequiredMixin):
    """Refuses anyone without a staff role; ``required_roles`` narrows it further."""

    required_roles: tuple = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = StaffAccess.for_request(request)
        if not self.access.is_staff_member:
            raise PermissionDenied
        if self.required_roles and not self.access.has(*self.required_roles):
            raise PermissionDenied
        if not self.has_access():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def has_access(self) -> bool:
        """A further check, for views that need one."""
        return True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["staff_access"] = self.access
        return context


class SignInView(auth_views.LoginView):
    template_name = "access/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # Single sign-on puts the council's button first; the password form stays for
        # the break-glass administrator (sso.py).
        return {**super().get_context_data(**kwargs), "single_sign_on": sso.enabled()}

    def form_valid(self, form):
        response = super().form_valid(form)
        # The start of the session's absolute lifetime (SESSION_ABSOLUTE_HOURS).
        note_signed_in(self.request)
        return response


class SignOutView(auth_views.LogoutView):
    next_page = "staff:signed_out"


class SignedOutView(TemplateView):
    template_name = "access/signed_out.html"


# --- Second factor (two_factor.py) ---------------------------------------------

BACKUP_CODES_SESSION_KEY = "two_factor_backup_codes"
# After this many wrong codes in a row, the message says how long to wait. django-otp
# doubles the wait after each one (1, 2, 4, 8 seconds…).
WARN_AFTER_FAILURES = 3


@method_decorator(never_cache, name="dispatch")
class TwoFactorPageView(LoginRequiredMixin, FormView):
    """Shared by the set-up and code pages: the account signed in, the code form, ``next``."""

    form_class = CodeForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = two_factor.safe_next(self.request)
        return context

    def check_code(self, form, device):
        """Whether ``device`` accepts the code; if not, the form says why and what to do."""
        wait = two_factor.seconds_to_wait(device)
        if wait:
            form.add_error("code", _wait_message(wait, "You have entered too many wrong codes."))
            return False
        if device.verify_token(form.cleaned_data["code"]):
            return True
        message = (
            "That code is not right. Check your authenticator app and enter the code it shows now."
        )
        device.refresh_from_db()
        if device.throttling_failure_count >= WARN_AFTER_FAILURES:
            message = _wait_message(two_factor.seconds_to_wait(device), message)
        form.add_error("code", message)
        return False


def _wait_message(seconds, reason):
    unit = "second" if seconds == 1 else "seconds"
    return f"{reason} Wait {seconds} {unit}, then try again."


class TwoFactorSetUpView(TwoFactorPageView):
    """First sign-in: add the council's key to an authenticator app and confirm a code."""

    template_name = "access/two_factor/set_up.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and two_factor.confirmed_authenticator(request.user):
            # Set up already: only the code is asked for (a reset starts again here).
            return redirect(self._verify_url())
        return super().dispatch(request, *args, **kwargs)

    def _verify_url(self):
        query = urlencode({"next": two_factor.safe_next(self.request)})
        return f"{reverse('staff:two_factor')}?{query}"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "label": "Code from your authenticator app",
            "hint": "The 6 digits the app shows for SafeContact.",
            "button": "Confirm",
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = two_factor.pending_authenticator(self.request.user)
        context["qr_code"] = qr_code_svg(
            device.config_url, label="QR code to add SafeContact to an authenticator app"
        )
        context["key"] = two_factor.readable_key(device)
        return context

    def form_valid(self, form):
        device = two_factor.pending_authenticator(self.request.user)
        if not self.check_code(form, device):
            return self.form_invalid(form)
        codes = two_factor.confirm_authenticator(device)
        # A new session id once the second factor is passed: a session id seen before
        # the code (on a shared machine, say) cannot ride on the verified session.
        self.request.session.cycle_key()
        otp_login(self.request, device)
        two_factor.note_code_entered(self.request)
        self.request.session[BACKUP_CODES_SESSION_KEY] = codes
        query = urlencode({"next": two_factor.safe_next(self.request)})
        return redirect(f"{reverse('staff:two_factor_backup_codes')}?{query}")


class BackupCodesView(LoginRequiredMixin, TemplateView):
    """The new backup codes, shown once, straight after set-up."""

    template_name = "access/two_factor/backup_codes.html"

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
        next_url = two_factor.safe_next(request)
        if not codes:
            return redirect(next_url)
        return self.render_to_response(self.get_context_data(codes=codes, next=next_url))


class TwoFactorVerifyView(TwoFactorPageView):
    """Each sign-in: the code from the authenticator app, or a backup code."""

    template_name = "access/two_factor/verify.html"
    hint = "The 6 digits your authenticator app shows, or one of your backup codes."
    # A new session id once the second factor is passed: a session id seen before the
    # code (on a shared machine, say) cannot ride on the verified session.
    renews_session = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not two_factor.confirmed_authenticator(request.user):
            # None yet, or reset since they signed in: they set one up instead.
            query = urlencode({"next": two_factor.safe_next(request)})
            return redirect(f"{reverse('staff:two_factor_set_up')}?{query}")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "label": "Code", "hint": self.hint}

    def form_valid(self, form):
        device = _device_for_code(self.request.user, form.cleaned_data["code"])
        if not self.check_code(form, device):
            return self.form_invalid(form)
        if self.renews_session:
            self.request.session.cycle_key()
        otp_login(self.request, device)
        two_factor.note_code_entered(self.request)
        return redirect(two_factor.safe_next(self.request))


def _device_for_code(user, code):
    """The authenticator for digits, the backup codes otherwise."""
    device = None if code.isdigit() else two_factor.backup_device(user)
    # No backup codes left: the authenticator counts the wrong try instead.
    return device or two_factor.confirmed_authenticator(user)


class TwoFactorConfirmView(TwoFactorVerifyView):
    """ "Confirm it's you": a current code before one of the most serious actions, when the
    last one is older than FRESH_CODE_MINUTES (``FreshCodeRequiredMixin``)."""

    template_name = "access/two_factor/confirm.html"
    hint = "The 6 digits your authenticator app shows now, or one of your backup codes."
    renews_session = False

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not two_factor.needs_fresh_code(request):
            # Two-factor is off, this person does not use it, or the code is recent.
            return redirect(two_factor.safe_next(request))
        if request.user.is_authenticated and _provider_second_factor(request):
            # Their second factor is the council's sign-in: they sign in there afresh.
            asked_at = request.session.get(sso.FRESH_ASKED_AT_SESSION_KEY)
            if not isinstance(asked_at, int | float) or time.time() - asked_at > FRESH_RETRY:
                return redirect(sso.fresh_sign_in_url(two_factor.safe_next(request)))
            return render(request, "access/two_factor/confirm_with_provider.html", status=403)
        return super().dispatch(request, *args, **kwargs)


# After going to the council's sign-in to sign in afresh, how long before the confirm page
# sends the person there again rather than saying it did not work (no endless round trips).
FRESH_RETRY = 60


def _provider_second_factor(request) -> bool:
    return isinstance(getattr(request.user, "otp_device", None), ProviderSecondFactor)


class FreshCodeRequiredMixin:
    """For the most serious actions: a code entered in the last FRESH_CODE_MINUTES, or the
    "Confirm it's you" page first, which then comes back here.

    Only where two-factor is on and for people who must use it. List it after
    ``StaffView`` (or the view's own checks) in the bases, so someone who may not act at
    all is refused before being asked for a code. A form sent with a stale code is not
    acted on: the page says so, and the person sends it again after the code.
    """

    fresh_code_unsaved_message = (
        "Nothing has been saved yet. It is more than {minutes} minutes since you last "
        "entered a code: confirm it's you, then submit the form again."
    )

    def dispatch(self, request, *args, **kwargs):
        if two_factor.needs_fresh_code(request):
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                minutes = getattr(settings, "FRESH_CODE_MINUTES", 15)
                messages.warning(request, self.fresh_code_unsaved_message.format(minutes=minutes))
            return redirect(two_factor.confirm_url(request.get_full_path()))
        return super().dispatch(request, *args, **kwargs)


@method_decorator(never_cache, name="dispatch")
class ResetSecondFactorView(LoginRequiredMixin, FreshCodeRequiredMixin, FormView):
    """Administrators remove someone's authenticator, so they set one up again."""

    template_name = "access/two_factor/reset.html"
    form_class = ResetSecondFactorForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        person = form.user
        two_factor.reset_second_factor(person)
        audit.record(
            actor=self.request.user,
            action=AuditAction.CHANGE,
            obj=person,
            note="Second factor reset",
        )
        messages.success(
            self.request,
            f"{person.get_full_name() or person.get_username()} will set up a new "
            "authenticator app the next time they sign in.",
        )
        return redirect("staff:two_factor_reset")
