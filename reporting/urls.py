"""The staff area, under /staff/. Each views module lists its own routes."""

from django.urls import path

from .views import auth, customers, incidents, letters, queue, restrictions, reviews

app_name = "reporting"

urlpatterns = [
    path("", auth.StaffHomeView.as_view(), name="home"),
    path("sign-in/", auth.SignInView.as_view(), name="sign_in"),
    path("sign-out/", auth.SignOutView.as_view(), name="sign_out"),
    path("signed-out/", auth.SignedOutView.as_view(), name="signed_out"),
    path("two-factor/", auth.TwoFactorVerifyView.as_view(), name="two_factor"),
    path("two-factor/set-up/", auth.TwoFactorSetUpView.as_view(), name="two_factor_set_up"),
    path(
        "two-factor/backup-codes/",
        auth.BackupCodesView.as_view(),
        name="two_factor_backup_codes",
    ),
    path("two-factor/reset/", auth.ResetSecondFactorView.as_view(), name="two_factor_reset"),
    *incidents.urlpatterns,
    *queue.urlpatterns,
    *customers.urlpatterns,
    *restrictions.urlpatterns,
    *letters.urlpatterns,
    *reviews.urlpatterns,
]
