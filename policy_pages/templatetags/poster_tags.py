"""Template filters for posters."""

from django import template

from ..poster_fit import size_classes

register = template.Library()


@register.filter
def poster_size_classes(page) -> str:
    """The classes that set a poster's headline and list smaller as they grow longer."""
    behaviours = [str(block.value) for block in page.behaviours]
    return size_classes(page.headline or "", behaviours, page.consequences or "")
