"""The incidents app's pages, under /staff/ (the staff app gathers them in one namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("incidents/new/", views.ReportIncidentView.as_view(), name="report"),
    path("incidents/<str:reference>/submitted/", views.SubmittedView.as_view(), name="submitted"),
    path("my-reports/", views.MyReportsView.as_view(), name="my_reports"),
    path("incidents/", views.QueueView.as_view(), name="queue"),
    path("incidents/<str:reference>/", views.IncidentDetailView.as_view(), name="incident"),
    path("incidents/<str:reference>/follow-up/", views.FollowUpView.as_view(), name="follow_up"),
    path("incidents/<str:reference>/triage/", views.TriageView.as_view(), name="triage"),
    path(
        "incidents/<str:reference>/evidence/<int:pk>/",
        views.EvidenceDownloadView.as_view(),
        name="evidence",
    ),
]
