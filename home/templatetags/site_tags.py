"""Template tags for the site chrome: the main navigation."""

from django import template
from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("components/navigation.html", takes_context=True)
def main_navigation(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    if site:
        items = site.root_page.get_children().live().public().in_menu()
    current = context.get("page")
    return {
        "items": items,
        "current_path": getattr(current, "url_path", ""),
        "request": request,
    }
