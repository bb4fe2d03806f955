"""Admin prompts for the policy pages."""

from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from wagtail import hooks

from home.models import ReconsiderationSettings

from .catalogue import pages_listing_the_catalogue, pages_printing_the_reconsideration_wording
from .models import RestrictionType


def _ask_for_a_new_version(request, pages, what):
    """The live policy prints the new words, but its current published version (which
    letters cite) still holds the old ones: ask for a new version."""
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
            "{} is printed on {}. Publish a new version with a change note, so that the "
            "current published version says what letters now say.",
            what,
            links,
        ),
    )


def _after_catalogue_edit(request, instance):
    if isinstance(instance, RestrictionType):
        _ask_for_a_new_version(request, pages_listing_the_catalogue(), "The restriction catalogue")


def _after_settings_edit(request, instance):
    if isinstance(instance, ReconsiderationSettings):
        _ask_for_a_new_version(
            request,
            pages_printing_the_reconsideration_wording(),
            "The reconsideration and ombudsman wording",
        )


hooks.register("after_create_snippet", _after_catalogue_edit)
hooks.register("after_edit_snippet", _after_catalogue_edit)
hooks.register("after_edit_setting", _after_settings_edit)
