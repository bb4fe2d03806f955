"""The markers app's pages, under /staff/ (the staff app gathers them in one namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "customers/markers/<int:pk>/reasons/",
        views.MarkerReasonsView.as_view(),
        name="marker_reasons",
    ),
    path(
        "customers/markers/<int:pk>/approve/",
        views.MarkerApproveView.as_view(),
        name="marker_approve",
    ),
    path(
        "customers/markers/<int:pk>/remove/",
        views.MarkerRemoveView.as_view(),
        name="marker_remove",
    ),
    path(
        "customers/<str:reference>/markers/new/",
        views.MarkerCreateView.as_view(),
        name="marker_new",
    ),
]
