"""Admin prompts for the policy pages."""

from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from wagtail import hooks

from .catalogue import pages_listing_the_catalogue


def _prompt_new_version(request, instance):
    """After a catalogue entry changes, the live policy lists the new words but its
    current published version still holds the old ones: ask for a new version."""
    from .models import RestrictionType

    if not isinstance(instance, RestrictionType):
        return
    pages = pages_listing_the_catalogue()
    if not pages:
        return
    links = format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        ((reverse("wagtailadmin_pages:edit", args=[page.pk]), page.title) for page in pages),
    )
    messages.warning(
        request,
        format_html(
            "The restriction catalogue is listed on {}. Publish a new version with a change "
            "note, so that the current published version says what letters now say.",
            links,
        ),
    )


hooks.register("after_create_snippet", _prompt_new_version)
hooks.register("after_edit_snippet", _prompt_new_version)
