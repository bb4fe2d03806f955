"""The permanent address of a published version: /versions/<page id>/<n>/."""

from django.shortcuts import get_object_or_404, render

from .models import PublishedVersion


def permanent_version(request, page_id, number):
    version = get_object_or_404(PublishedVersion, page_id=page_id, number=number)
    return render(
        request,
        "policy_pages/version_detail.html",
        {"version": version, "page": version.live_page},
    )
