"""Signing staff in and out of the staff area."""

from django.contrib.auth import views as auth_views
from django.views.generic import TemplateView

from reporting.forms.auth import SignInForm

from .base import StaffView


class SignInView(auth_views.LoginView):
    template_name = "reporting/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    next_page = "reporting:signed_out"


class SignedOutView(TemplateView):
    template_name = "reporting/signed_out.html"


class StaffHomeView(StaffView, TemplateView):
    template_name = "reporting/home.html"
