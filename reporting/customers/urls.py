"""The customers app's pages, under /staff/ (the staff app gathers them in one namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("reasons-given/", views.DetailGrantsView.as_view(), name="detail_grants"),
    path(
        "reasons-given/<int:pk>/reviewed/",
        views.DetailGrantReviewedView.as_view(),
        name="detail_grant_reviewed",
    ),
    path(
        "customers/<str:reference>/read-in-full/",
        views.DetailGrantView.as_view(),
        name="customer_detail_grant",
    ),
    path(
        "customers/<str:reference>/equality/",
        views.EqualityDetailsView.as_view(),
        name="customer_equality",
    ),
    path(
        "customers/<str:reference>/details/",
        views.CustomerDetailsView.as_view(),
        name="customer_details",
    ),
    path(
        "customers/merges/<int:pk>/undo/",
        views.UndoMergeView.as_view(),
        name="customer_merge_undo",
    ),
    path("customers/<str:reference>/merge/", views.MergeView.as_view(), name="customer_merge"),
]
