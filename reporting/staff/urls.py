"""The staff area, under /staff/: the front's own pages and each app's routes, in one
namespace ("staff")."""

from django.urls import path

from reporting.access import urls as access
from reporting.customers import urls as customers
from reporting.governance import urls as governance
from reporting.incidents import urls as incidents
from reporting.letters import urls as letters
from reporting.markers import urls as markers
from reporting.restrictions import urls as restrictions

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.StaffHomeView.as_view(), name="home"),
    path("check/", views.MarkerCheckView.as_view(), name="check"),
    path("customers/<str:reference>/", views.CustomerView.as_view(), name="customer"),
    path("restrictions/<str:reference>/", views.RestrictionView.as_view(), name="restriction"),
    path("reviews/", views.ReviewQueueView.as_view(), name="reviews"),
    path(
        "restrictions/<str:reference>/review/",
        views.ReviewView.as_view(),
        name="restriction_review",
    ),
    path(
        "restrictions/<str:reference>/policy-change/",
        views.PolicyChangeView.as_view(),
        name="restriction_policy_change",
    ),
    *access.urlpatterns,
    *incidents.urlpatterns,
    *customers.urlpatterns,
    *markers.urlpatterns,
    *restrictions.urlpatterns,
    *letters.urlpatterns,
    *governance.urlpatterns,
]
