"""The letters app's one public page, included by the project's root URLs."""

from django.urls import path

from . import public_views, views

urlpatterns = [
    path("check-a-letter/", public_views.check_a_letter, name="letter_check"),
    # GOV.UK Notify's delivery callbacks: bearer-token checked, no session (views.py).
    path(
        "notify/callbacks/delivery/",
        views.NotifyCallbackView.as_view(),
        name="notify_delivery_callback",
    ),
]
