"""Signing in and out, the second factor, and the audit trail."""

from django.urls import path

from . import sso_views, trail, views

urlpatterns = [
    path("audit/", trail.AuditTrailView.as_view(), name="audit_trail"),
    path("audit/events.csv", trail.AuditTrailCsvView.as_view(), name="audit_trail_csv"),
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    # Single sign-on, when it is configured (sso.py); 404 otherwise.
    path("sign-in/council/", sso_views.SignOnStartView.as_view(), name="sso_start"),
    path("sign-in/callback/", sso_views.SignOnCallbackView.as_view(), name="sso_callback"),
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
    path("two-factor/confirm/", views.TwoFactorConfirmView.as_view(), name="two_factor_confirm"),
]
