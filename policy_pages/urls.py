from django.urls import path

from . import views

app_name = "policy_pages"

urlpatterns = [
    path("favicon.ico", views.favicon, name="favicon"),
    path("versions/<int:page_id>/", views.permanent_current, name="permanent_current"),
    path(
        "versions/<int:page_id>/<int:number>/",
        views.permanent_version,
        name="permanent_version",
    ),
]
