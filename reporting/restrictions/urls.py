"""The restrictions app's pages, under /staff/ (the staff app gathers them in one namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "customers/<str:reference>/warnings/new/",
        views.WarningCreateView.as_view(),
        name="warning_new",
    ),
    path(
        "customers/<str:reference>/restrictions/new/",
        views.RestrictionProposeView.as_view(),
        name="restriction_new",
    ),
    path(
        "restrictions/<str:reference>/decide/",
        views.DecideView.as_view(),
        name="restriction_decide",
    ),
    path(
        "restrictions/<str:reference>/reconsiderations/new/",
        views.ReconsiderationRequestView.as_view(),
        name="reconsideration_new",
    ),
    path(
        "reconsiderations/<str:reference>/decide/",
        views.ReconsiderationDecideView.as_view(),
        name="reconsideration_decide",
    ),
    path(
        "reconsiderations/<str:reference>/suspend/",
        views.ReconsiderationSuspendView.as_view(),
        name="reconsideration_suspend",
    ),
    path(
        "restrictions/<str:reference>/correspondence/new/",
        views.ContactItemLogView.as_view(),
        name="contact_item_new",
    ),
    path(
        "correspondence/<str:reference>/",
        views.ContactItemView.as_view(),
        name="contact_item",
    ),
    path(
        "correspondence/<str:reference>/attachments/<int:pk>/",
        views.ContactAttachmentView.as_view(),
        name="contact_attachment",
    ),
]
