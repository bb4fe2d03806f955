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


@register.simple_tag(takes_context=True)
def breadcrumb_pages(context, page):
    """The pages above ``page`` that its breadcrumbs link to (the tree's root left out).

    A page straight under the site's home page (the policy, the commitment, their
    versions) has just the home page above it, which the page cache already holds with
    the site: no query for it. Deeper pages ask for their ancestors."""
    request = context.get("request")
    site = getattr(request, "_wagtail_site", None)
    home = getattr(site, "root_page", None)
    if home is not None and page.depth == home.depth + 1 and page.path.startswith(home.path):
        return [home]
    return [ancestor for ancestor in page.get_ancestors() if not ancestor.is_root()]
