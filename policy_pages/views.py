"""Permanent addresses: one for each published version, one for the current version; and
the site's icon at the address browsers ask for."""

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from .models import PublishedVersion

FAVICON = "favicon.ico"


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


def _open_favicon():
    # The collected copy where collectstatic has run (production, `make run`), else the
    # source file, as in tests.
    if staticfiles_storage.exists(FAVICON):
        return staticfiles_storage.open(FAVICON, "rb")
    found = finders.find(FAVICON)
    if not found:
        raise Http404("No icon")
    return open(found, "rb")  # noqa: SIM115 - FileResponse closes it


@require_safe
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page links to."""
    response = FileResponse(_open_favicon(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
