"""Template tags for the site chrome: the main navigation."""

from django import template
from django.utils.safestring import mark_safe
from wagtail.models import Site

from home.cache import menu_items

register = template.Library()


@register.inclusion_tag("components/navigation.html", takes_context=True)
def main_navigation(context):
    request = context.get("request")
    # The public page cache keeps the menu with the site's other shared objects.
    items = getattr(request, "public_menu", None)
    if items is None:
        site = Site.find_for_request(request) if request else None
        items = menu_items(site, request)
    current = context.get("page")
    return {
        "items": items,
        "current_path": getattr(current, "url_path", ""),
        "request": request,
    }


@register.filter(is_safe=True)
def back_link_nav(html):
    """A page's back link inside a navigation landmark (so nothing on the page sits
    outside one), or nothing when the page has no back link."""
    html = str(html).strip()
    if not html:
        return ""
    return mark_safe(f'<nav aria-label="Back">{html}</nav>')  # noqa: S308  (our own markup)
