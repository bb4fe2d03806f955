"""The letters app's one public page, included by the project's root URLs."""

from django.urls import path

from . import public_views

urlpatterns = [
    path("check-a-letter/", public_views.check_a_letter, name="letter_check"),
]
