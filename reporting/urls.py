"""The staff area, under /staff/. Each views module lists its own routes."""

from django.urls import path

from .views import auth, customers, incidents, letters, queue, restrictions, reviews

app_name = "reporting"

urlpatterns = [
    path("", auth.StaffHomeView.as_view(), name="home"),
    path("sign-in/", auth.SignInView.as_view(), name="sign_in"),
    path("sign-out/", auth.SignOutView.as_view(), name="sign_out"),
    path("signed-out/", auth.SignedOutView.as_view(), name="signed_out"),
    *incidents.urlpatterns,
    *queue.urlpatterns,
    *customers.urlpatterns,
    *restrictions.urlpatterns,
    *letters.urlpatterns,
    *reviews.urlpatterns,
]
