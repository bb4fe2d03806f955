"""Recording published versions: numbering them and freezing what they show."""

import hashlib

from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.models import Page

from home.models import CouncilSettings

from .contents import add_heading_ids
from .models import ChangeNoteRequired, PublishedVersion, has_change_note


def freeze_content(page) -> str:
    """Render the page's content area without a request, as the version will keep it,
    its section headings carrying the ids the contents list links to."""
    html = render_to_string(page.content_template, {"page": page, "self": page}).strip()
    return add_heading_ids(html)


def record_published_version(*, page, revision) -> PublishedVersion:
    """Number and store the version that has just gone live for ``page``.

    Numbers run 1, 2, 3… per page without gaps: the page row is locked while the next
    number is chosen, so two publishes of one page at the same moment queue here.
    """
    if not has_change_note(page):
        raise ChangeNoteRequired()
    html = freeze_content(page)
    with transaction.atomic():
        live = (
            Page.objects.select_for_update()
            .filter(pk=page.pk)
            .values_list("last_published_at", flat=True)
            .get()
        )
        last = PublishedVersion.objects.filter(page_id=page.pk).aggregate(n=Max("number"))["n"]
        return PublishedVersion.objects.create(
            page_id=page.pk,
            revision=revision,
            number=(last or 0) + 1,
            title=page.title,
            published_at=live or timezone.now(),
            change_note=page.change_note.strip(),
            content_html=html,
            content_sha256=hashlib.sha256(html.encode("utf-8")).hexdigest(),
        )


def cited_policy_version():
    """The current published version of the policy the council's settings name for
    decisions and letters to rely on, or None when there is none yet."""
    page = CouncilSettings.load().cited_policy_page
    if page is None or not page.live:
        return None
    return page.current_version
