"""Signing in and out, and the second factor."""

from django.urls import path

from . import views

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
    path("signed-out/", views.SignedOutView.as_view(), name="signed_out"),
    path("two-factor/", views.TwoFactorVerifyView.as_view(), name="two_factor"),
    path("two-factor/set-up/", views.TwoFactorSetUpView.as_view(), name="two_factor_set_up"),
    path(
        "two-factor/backup-codes/",
        views.BackupCodesView.as_view(),
        name="two_factor_backup_codes",
    ),
    path("two-factor/reset/", views.ResetSecondFactorView.as_view(), name="two_factor_reset"),
]
