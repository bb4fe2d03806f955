"""Permanent addresses: one for each published version, one for the current version."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from .models import PublishedVersion


def permanent_version(request, page_id, number):
    version = get_object_or_404(PublishedVersion, page_id=page_id, number=number)
    version.load_later_versions()
    return render(
        request,
        "policy_pages/version_detail.html",
        {"version": version, "page": version.live_page},
    )


def permanent_current(request, page_id):
    """Lead to whatever is current: the page while it is published, else its last version."""
    latest = PublishedVersion.objects.filter(page_id=page_id).order_by("-number").first()
    if latest is None:
        raise Http404("No published version")
    if latest.live_page:
        return redirect(latest.live_page.url)
    return redirect(latest.get_absolute_url())
