"""The letters app's pages, under /staff/ (the staff app gathers them in one namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "letters/new/<str:letter_type>/<str:reference>/",
        views.LetterPrepareView.as_view(),
        name="letter_prepare",
    ),
    path("letters/<str:reference>/", views.LetterView.as_view(), name="letter"),
    path("letters/<str:reference>/pdf/", views.LetterPdfView.as_view(), name="letter_pdf"),
    path(
        "letters/<str:reference>/posted/", views.LetterPostedView.as_view(), name="letter_posted"
    ),
]
